"""The shipped example profiles stay valid against the real catalog and keep showing what they are for."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import pytest
import yaml

from exodossier.catalog.loader import Catalog
from exodossier.catalog.checks import load_valid_catalog
from exodossier.gap.analysis import analyse
from exodossier.gap.questions import MAX_QUESTIONS
from exodossier.gap.scoring import Priority
from exodossier.gap.profile import AssessmentStatus, load_profile

REPO = Path(__file__).parent.parent
EXAMPLES = sorted((REPO / "examples").glob("*.yaml"))


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_valid_catalog(REPO / "requirements_catalog")


def test_both_examples_are_shipped() -> None:
    assert [p.name for p in EXAMPLES] == ["model-case.yaml", "msc-ev-iv.yaml"]


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_example_validates_against_the_real_catalog_without_warnings(catalog: Catalog, path: Path) -> None:
    _, warnings = load_profile(path, catalog)
    assert [d.human() for d in warnings] == []


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_example_points_editors_at_the_profile_schema(path: Path) -> None:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../requirements_catalog/schema/profile.schema.json"


def test_model_case_is_the_inhaled_airway_epithelial_product_at_phase_1(catalog: Catalog) -> None:
    loaded, _ = load_profile(REPO / "examples" / "model-case.yaml", catalog)
    product = loaded.profile.product
    assert (product.current_stage, product.target_milestone.value) == ("phase1", "first_ctn")
    assert product.attributes["route"] == "inhalation"
    assert product.attributes["primary_separation"] == "circulating_tff"
    assert product.attributes["cell_source_type"] == "primary_cells"


def test_model_case_has_a_realistic_mix_of_statuses(catalog: Catalog) -> None:
    loaded, _ = load_profile(REPO / "examples" / "model-case.yaml", catalog)
    analysis = analyse(catalog, loaded, dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc))
    statuses = Counter(r.status for r in analysis.rows)
    assert set(statuses) == set(AssessmentStatus)  # every status, including some left unassessed
    assert statuses[AssessmentStatus.MET] > statuses[AssessmentStatus.NOT_MET]
    assert analysis.roadmap and analysis.not_applicable
    # six questions, each on a gap where the sponsor wrote a position, in action-plan order
    assert len(analysis.questions) == 6 <= MAX_QUESTIONS
    assert all(q.row.assessment and q.row.assessment.position for q in analysis.questions)
    order = [r.id for r in analysis.actions]
    assert [q.row.id for q in analysis.questions] == sorted((q.row.id for q in analysis.questions), key=order.index)
    assert all(q.sources and "catalog" not in q.ask.lower() for q in analysis.questions)  # official sources only
    # P1 must prioritise: at most about a fifth of the actions block the milestone
    assert 0 < sum(r.priority is Priority.P1 for r in analysis.actions) <= 0.2 * len(analysis.actions)


def test_contrasting_example_is_a_later_stage_intravenous_msc_product(catalog: Catalog) -> None:
    loaded, _ = load_profile(REPO / "examples" / "msc-ev-iv.yaml", catalog)
    product = loaded.profile.product
    assert (product.attributes["route"], product.attributes["cell_source_type"]) == ("intravenous", "msc")
    assert product.current_stage == "phase2"


def test_the_model_case_specification_names_only_live_requirements(catalog: Catalog) -> None:
    """The illustrative specification is data a later view renders; every row must implement real requirements."""
    spec = yaml.safe_load((REPO / "examples" / "specifications" / "model-case.yaml").read_text(encoding="utf-8"))
    assert spec["illustrative"] is True
    named = [rid for table in spec["specifications"] for row in table["rows"] for rid in row["requirements"]]
    assert named, "the specification names no requirement"
    unknown = sorted({rid for rid in named if rid not in catalog.requirements})
    retired = sorted({rid for rid in named if rid in catalog.requirements
                      and catalog.requirements[rid].status.value == "retired"})
    assert (unknown, retired) == ([], [])
    assert {table["id"] for table in spec["specifications"]} == {"release", "stability"}
    assert all({"phase1", "phase3"} <= row.keys() for table in spec["specifications"] for row in table["rows"])
