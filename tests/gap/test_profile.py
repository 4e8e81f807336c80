"""Product profiles: typed like the catalog, cross-checked against it, every problem at file:line."""

from __future__ import annotations

from pathlib import Path

import pytest

from exodossier.catalog.loader import Catalog
from exodossier.catalog.checks import load_valid_catalog
from exodossier.errors import UserError
from exodossier.gap.profile import AssessmentStatus, load_profile
from tests.conftest import FIXTURES

FIXTURE = FIXTURES / "profiles" / "small-inhaled.yaml"

BASE = """\
product:
  name: Test EV
  sponsor: Test K.K.
  indication: IPF
  modality: EV
  target_milestone: first_ctn
  current_stage: phase1
  attributes:
    route: inhalation
    animal_derived_materials: used
assessments:
  EXO-RM-001:
    status: met
"""


@pytest.fixture
def catalog(small_catalog: Path) -> Catalog:
    return load_valid_catalog(small_catalog)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "profile.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def errors_of(tmp_path: Path, catalog: Catalog, text: str) -> list[str]:
    with pytest.raises(UserError) as caught:
        load_profile(write(tmp_path, text), catalog)
    return [d.human() for d in caught.value.diagnostics]


def test_fixture_profile_loads_with_its_digest(catalog: Catalog) -> None:
    loaded, warnings = load_profile(FIXTURE, catalog)
    assert loaded.profile.assessments["EXO-RM-001"].status is AssessmentStatus.PARTIAL
    assert loaded.profile.assessments["EXO-RM-001"].evidence[0].label() == "CB-001: MCB report"
    assert loaded.profile.assessments["EXO-RM-002"].evidence[0].title == "Certificates of origin"
    assert len(loaded.sha256) == 64 and warnings == []


def test_unknown_requirement_id_is_positioned_with_did_you_mean(tmp_path: Path, catalog: Catalog) -> None:
    messages = errors_of(tmp_path, catalog, BASE.replace("EXO-RM-001:", "EXO-SF-011:"))
    assert len(messages) == 1
    assert "profile.yaml:12:3: error: requirement 'EXO-SF-011' does not exist in catalog 1.0.0" in messages[0]
    assert "did you mean 'EXO-SF-001'?" in messages[0]


def test_not_applicable_without_justification_is_an_error_at_the_entry(tmp_path: Path, catalog: Catalog) -> None:
    messages = errors_of(tmp_path, catalog, BASE.replace("status: met", "status: not_applicable"))
    assert any("profile.yaml:12:3: error: status not_applicable needs a justification" in m for m in messages)


def test_not_applicable_with_justification_loads(tmp_path: Path, catalog: Catalog) -> None:
    text = BASE.replace("status: met", "status: not_applicable\n    justification: No cell bank; primary cells.")
    loaded, _ = load_profile(write(tmp_path, text), catalog)
    assert loaded.profile.assessments["EXO-RM-001"].justification.en == "No cell bank; primary cells."


@pytest.mark.parametrize("old, new, expected", [
    ("route: inhalation", "route: inhaled", "profile.yaml:9:5: error: 'inhaled' is not a value of attribute 'route'"),
    ("route: inhalation", "rout: inhalation", "profile.yaml:9:5: error: unknown product attribute 'rout'"),
    ("current_stage: phase1", "current_stage: phase_1",
     "profile.yaml:7:3: error: unknown development stage 'phase_1'"),
    ("current_stage: phase1", "current_stage: phase1\n  next_stage: nonclinical",
     "profile.yaml:8:3: error: next_stage 'nonclinical' does not come after current_stage 'phase1'"),
    ("status: met", "status: done", "profile.yaml:13:5: error: invalid value 'done' for 'status'"),
    ("  sponsor: Test K.K.\n", "", "profile.yaml:1:1: error: missing required field 'sponsor'"),
    ("  modality: EV\n", "  modality: EV\n  colour: red\n", "profile.yaml:6:3: error: unknown field 'colour'"),
    ("target_milestone: first_ctn", "target_milestone: first_ctm",
     "profile.yaml:6:3: error: invalid value 'first_ctm' for 'target_milestone'"),
])
def test_profile_errors_are_positioned(tmp_path: Path, catalog: Catalog, old: str, new: str, expected: str) -> None:
    messages = errors_of(tmp_path, catalog, BASE.replace(old, new))
    assert any(expected in m for m in messages), messages


def test_unknown_value_suggests_the_closest(tmp_path: Path, catalog: Catalog) -> None:
    messages = errors_of(tmp_path, catalog, BASE.replace("route: inhalation", "route: inhalaton"))
    assert "did you mean 'inhalation'?" in messages[0]


def test_yaml_traps_are_refused_in_profiles_too(tmp_path: Path, catalog: Catalog) -> None:
    messages = errors_of(tmp_path, catalog, BASE + "  EXO-RM-001:\n    status: met\n")
    assert "profile.yaml:14:3: error: duplicate key 'EXO-RM-001' (first defined on line 12)" in messages[0]


def test_unstated_attribute_and_inapplicable_assessment_are_warnings(tmp_path: Path, catalog: Catalog) -> None:
    text = BASE.replace("    animal_derived_materials: used\n", "").replace("route: inhalation", "route: intravenous")
    text += "  EXO-SF-001:\n    status: met\n"
    _, warnings = load_profile(write(tmp_path, text), catalog)
    codes = {d.code: d.human() for d in warnings}
    assert set(codes) == {"attribute-not-stated", "requirement-does-not-apply"}
    assert "profile.yaml:13:3: warning: requirement 'EXO-SF-001' does not apply" in codes["requirement-does-not-apply"]
    assert "route = intravenous is not one of inhalation" in codes["requirement-does-not-apply"]


def test_empty_profile_is_reported(tmp_path: Path, catalog: Catalog) -> None:
    assert "profile.yaml:1:1: error: profile is empty" in errors_of(tmp_path, catalog, "# nothing\n")[0]
