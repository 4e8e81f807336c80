"""Consultation questions follow a briefing document: only where the sponsor wrote a position, at most eight."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from exodossier.catalog.checks import load_valid_catalog
from exodossier.catalog.loader import Catalog
from exodossier.gap.analysis import analyse
from exodossier.gap.profile import load_profile
from exodossier.gap.questions import MAX_QUESTIONS
from tests.conftest import FIXTURES, REPO, SMALL_CATALOG

FIXTURE = FIXTURES / "profiles" / "small-inhaled.yaml"
WHEN = dt.datetime(2026, 12, 6, tzinfo=dt.timezone.utc)
POSITION = '''    position: >-
      A single-tier bank is proposed for phase 1, justified by the MCB testing.
'''


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_valid_catalog(SMALL_CATALOG)


def with_position(tmp_path: Path, after: str, extra: str = "") -> Path:
    text = FIXTURE.read_text(encoding="utf-8").replace(after, after + POSITION + extra, 1)
    path = tmp_path / "profile.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_no_position_no_question(catalog: Catalog) -> None:
    loaded, _ = load_profile(FIXTURE, catalog)
    assert analyse(catalog, loaded, WHEN).questions == ()


def test_a_position_gives_a_question_in_three_parts_citing_official_sources_only(catalog: Catalog,
                                                                                 tmp_path: Path) -> None:
    path = with_position(tmp_path, "    comment: Single-tier bank only.\n")
    loaded, _ = load_profile(path, catalog)
    (question,) = analyse(catalog, loaded, WHEN).questions
    assert question.row.id == "EXO-RM-001"
    assert "Current status: Partially met. Single-tier bank only." in question.background
    assert question.position.startswith("A single-tier bank is proposed") and question.evidence == ("CB-001: MCB report",)
    assert question.ask.startswith("Does PMDA agree that the sponsor's position above is acceptable for the first")
    kinds = {catalog.sources[s.split(" ")[0]].kind.value for s in question.sources}
    assert all("-" not in s.split(" ", 1)[1] for s in question.sources if " " in s and "(" not in s), \
        "clauses read as numbers or titles, never as topic slugs"
    assert kinds and kinds <= {"ich_guideline", "jp_notification", "jp_guidance", "jp_law", "jp_ordinance",
                               "pharmacopoeia", "regulatory_guidance", "who"}
    assert "catalog" not in (question.background + question.ask).lower()


def test_the_sponsor_s_own_question_is_used_as_written(catalog: Catalog, tmp_path: Path) -> None:
    path = with_position(tmp_path, "    comment: Single-tier bank only.\n",
                         "    question: Does PMDA agree that a single-tier bank is acceptable for phase 1?\n")
    loaded, _ = load_profile(path, catalog)
    assert analyse(catalog, loaded, WHEN).questions[0].ask == (
        "Does PMDA agree that a single-tier bank is acceptable for phase 1?")


def test_a_question_without_a_position_is_refused(catalog: Catalog, tmp_path: Path) -> None:
    from exodossier.errors import UserError

    text = FIXTURE.read_text(encoding="utf-8").replace(
        "    comment: Single-tier bank only.\n", "    comment: Single-tier bank only.\n    question: Is it fine?\n")
    path = tmp_path / "profile.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(UserError) as raised:
        load_profile(path, catalog)
    assert "needs the sponsor's position" in raised.value.diagnostics[0].message


def test_the_model_case_asks_six_questions_and_the_msc_example_prints_the_placeholder() -> None:
    catalog = load_valid_catalog(REPO / "requirements_catalog")
    model, _ = load_profile(REPO / "examples" / "model-case.yaml", catalog)
    msc, _ = load_profile(REPO / "examples" / "msc-ev-iv.yaml", catalog)
    assert len(analyse(catalog, model, WHEN).questions) == 6 <= MAX_QUESTIONS
    assert analyse(catalog, msc, WHEN).questions == ()
