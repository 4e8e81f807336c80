"""The gap analysis of the fixture profile: figures computed by hand from the small catalog.

Small catalog at phase 1 (next phase 2), route inhalation, animal-derived materials used:
RM-001 high, should/should, partial -> weight 6, credit 0.5
RM-002 high, must/must, met         -> weight 9, credit 1
SF-001 medium, must/must, not_met   -> weight 6, credit 0
SF-002 low, -/should, planned       -> weight 0 now, 2 next, credit 0.25
Now: 12/21 = 57.14 %, next: 12.5/23 = 54.35 %.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from exodossier.gap.applicability import LevelChange
from exodossier.catalog.loader import Catalog
from exodossier.catalog.checks import load_valid_catalog
from exodossier.gap.analysis import GapAnalysis, analyse
from exodossier.gap.profile import AssessmentStatus, load_profile
from exodossier.gap.scoring import Priority, Rag
from tests.conftest import FIXTURES

FIXTURE = FIXTURES / "profiles" / "small-inhaled.yaml"
WHEN = dt.datetime(2026, 1, 2, tzinfo=dt.timezone.utc)


@pytest.fixture
def catalog(small_catalog: Path) -> Catalog:
    return load_valid_catalog(small_catalog)


def analysis_of(catalog: Catalog, path: Path = FIXTURE) -> GapAnalysis:
    loaded, _ = load_profile(path, catalog)
    return analyse(catalog, loaded, WHEN)


def test_overall_readiness_now_and_next(catalog: Catalog) -> None:
    a = analysis_of(catalog)
    assert a.overall_now.readiness == pytest.approx(100 * 12 / 21)
    assert a.overall_next.readiness == pytest.approx(100 * 12.5 / 23)
    assert (a.overall_now.rag, a.overall_next.rag) == (Rag.AMBER, Rag.AMBER)
    assert (a.current.id, a.following.id) == ("phase1", "phase2")


def test_readiness_by_category(catalog: Catalog) -> None:
    results = {c.category.id: c for c in analysis_of(catalog).categories}
    assert results["RM"].now.readiness == pytest.approx(80.0) and results["RM"].now.rag is Rag.GREEN
    assert results["SF"].now.readiness == pytest.approx(0.0) and results["SF"].now.rag is Rag.RED
    assert results["SF"].following.readiness == pytest.approx(100 * 0.5 / 8)
    assert [r.id for r in results["SF"].rows] == ["EXO-SF-001", "EXO-SF-002"]


def test_action_plan_is_sorted_by_priority(catalog: Catalog) -> None:
    actions = analysis_of(catalog).actions
    # SF-001 is medium criticality: open at 'must', but it does not block the milestone (P1 is high and must)
    assert [(r.priority, r.id) for r in actions] == [
        (Priority.P2, "EXO-RM-001"), (Priority.P2, "EXO-SF-001"), (Priority.P3, "EXO-SF-002")]
    # without a sponsor action, the catalog's expected evidence, marked as the catalog's
    assert actions[0].action == "[Catalog] Evidence expected by Phase 1: Cell bank certificate of analysis."
    assert not actions[0].action_from_sponsor


def test_no_consultation_question_without_a_sponsor_position(catalog: Catalog) -> None:
    assert analysis_of(catalog).questions == ()


def test_next_stage_roadmap_lists_new_and_escalating(catalog: Catalog) -> None:
    roadmap = analysis_of(catalog).roadmap
    assert [(r.id, r.change) for r in roadmap] == [("EXO-SF-002", LevelChange.NEW)]


def test_ctd_sections_flag_those_with_nothing_in_place(catalog: Catalog) -> None:
    ctd = {c.section.id: c for c in analysis_of(catalog).ctd}
    assert [r.id for r in ctd["3.2.S.2.3"].rows] == ["EXO-RM-001", "EXO-RM-002"]
    assert ctd["3.2.S.2.3"].score.readiness == pytest.approx(100 * 12 / 15) and ctd["3.2.S.2.3"].flag == ""
    assert ctd["3.2.P.5"].flag == "Nothing in place yet"


def test_bibliography_lists_every_source_cited_in_scope(catalog: Catalog) -> None:
    entries = {b.source_id: b for b in analysis_of(catalog).bibliography}
    assert set(entries) == {"SRC-NEW", "SRC-PAPER"}
    assert entries["SRC-NEW"].cited_by == ("EXO-RM-001", "EXO-RM-002")
    assert entries["SRC-PAPER"].source.verified is False


def test_missing_assessment_counts_as_not_assessed(catalog: Catalog, tmp_path: Path) -> None:
    text = FIXTURE.read_text().split("  EXO-SF-002:")[0]
    path = tmp_path / "profile.yaml"
    path.write_text(text)
    a = analysis_of(catalog, path)
    row = next(r for r in a.rows if r.id == "EXO-SF-002")
    assert row.status is AssessmentStatus.NOT_ASSESSED and row.gap == "No assessment recorded"
    assert row.action.startswith("Assess the current position.")
    assert a.overall_next.readiness == pytest.approx(100 * 12 / 23)


def test_route_decides_applicability_and_the_trace_says_why(catalog: Catalog, tmp_path: Path) -> None:
    path = tmp_path / "profile.yaml"
    path.write_text(FIXTURE.read_text().replace("route: inhalation", "route: intravenous")
                    .replace("  EXO-SF-001:\n    status: not_met\n    comment: Limit not yet derived from the inhaled dose.\n",
                             ""))
    a = analysis_of(catalog, path)
    assert "EXO-SF-001" not in [r.id for r in a.rows]
    row = next(r for r in a.register if r.id == "EXO-SF-001")
    assert row.decision.explanation() == "does not apply: route = intravenous is not one of inhalation"


def test_final_stage_has_no_next_stage_view(catalog: Catalog, tmp_path: Path) -> None:
    path = tmp_path / "profile.yaml"
    path.write_text(FIXTURE.read_text().replace("current_stage: phase1\n  next_stage: phase2", "current_stage: marketing"))
    a = analysis_of(catalog, path)
    assert a.following is None and a.overall_next is None and a.roadmap == ()
    assert a.overall_now.readiness == pytest.approx(100 * (3 * 3 * 0.5 + 9 + 0 + 3 * 0.25) / (9 + 9 + 6 + 3))
