"""Which requirements apply, what each expects at a stage, and how that changes at the next stage."""

from __future__ import annotations

from typing import Any

import pytest

from exodossier.gap.applicability import LevelChange, Outcome, decide, in_scope, level_change
from exodossier.catalog.stages import expectation_at, next_stage_of
from exodossier.catalog.models import ExpectationLevel, Requirement

STAGES = ["nonclinical", "phase1", "phase2", "phase3", "marketing"]


def requirement(applicability: dict[str, list[str]] | None = None, expectations: list[tuple[str, str]] | None = None,
                status: str = "adopted", **extra: Any) -> Requirement:
    data: dict[str, Any] = {
        "id": "EXO-RM-001", "title": "T", "statement": "S", "rationale": "R", "category": "RM", "topic": "x",
        "criticality": "high", "status": status,
        "stage_expectations": [{"stage": s, "level": level, "note": f"{s} note"}
                               for s, level in (expectations or [("phase1", "should"), ("phase3", "must")])],
        "applicability": applicability or {},
    }
    data.update(extra)
    return Requirement.model_validate(data)


@pytest.mark.parametrize("applicability, attributes, applies, assumed", [
    ({}, {}, True, False),
    ({}, {"route": "intravenous"}, True, False),
    ({"route": ["inhalation"]}, {"route": "inhalation"}, True, False),
    ({"route": ["inhalation"]}, {"route": "intravenous"}, False, False),
    ({"route": ["inhalation", "intravenous"]}, {"route": "intravenous"}, True, False),
    # an attribute the profile does not state is assumed to match (conservative)
    ({"route": ["inhalation"]}, {}, True, True),
    # every condition must hold
    ({"route": ["inhalation"], "donor_type": ["allogeneic"]}, {"route": "inhalation", "donor_type": "autologous"},
     False, False),
    ({"route": ["inhalation"], "donor_type": ["allogeneic"]}, {"route": "inhalation"}, True, True),
    ({"route": ["inhalation"], "donor_type": ["allogeneic"]}, {"donor_type": "autologous"}, False, False),
])
def test_applicability_decision_table(applicability: dict[str, list[str]], attributes: dict[str, str],
                                      applies: bool, assumed: bool) -> None:
    decision = decide(requirement(applicability), attributes)
    assert (decision.applies, decision.assumed) == (applies, assumed)


def test_trace_names_the_condition_that_excluded_the_requirement() -> None:
    decision = decide(requirement({"route": ["inhalation"], "donor_type": ["allogeneic"]}),
                      {"route": "intravenous", "donor_type": "allogeneic"})
    assert [c.outcome for c in decision.checks] == [Outcome.MATCH, Outcome.MISMATCH]
    assert decision.explanation() == "does not apply: route = intravenous is not one of inhalation"


def test_trace_says_when_applicability_is_assumed() -> None:
    decision = decide(requirement({"cell_source_type": ["msc"]}), {})
    assert decision.explanation() == "applies (assumed): cell_source_type not stated (condition: one of msc); assumed to match"


def test_unconditional_requirement_is_explained() -> None:
    assert decide(requirement(), {}).explanation() == "applies: no applicability conditions (every EV product)"


def test_retired_requirement_never_applies() -> None:
    decision = decide(requirement(status="retired", retired_reason="merged"), {})
    assert not decision.applies and decision.explanation() == "does not apply: the requirement is retired"


@pytest.mark.parametrize("stage, expected", [
    ("nonclinical", None),          # before the first expectation nothing is expected
    ("phase1", "should"),           # at the first expectation
    ("phase2", "should"),           # carried forward until the next entry
    ("phase3", "must"),
    ("marketing", "must"),
    (None, None),
    ("unknown", None),
])
def test_expectation_is_the_latest_at_or_before_the_stage(stage: str | None, expected: str | None) -> None:
    found = expectation_at(requirement(), stage, STAGES)
    assert (found.level.value if found else None) == expected


@pytest.mark.parametrize("now, following, change", [
    (None, "should", LevelChange.NEW),
    ("may", "must", LevelChange.ESCALATES),
    ("should", "should", LevelChange.UNCHANGED),
    ("must", "should", LevelChange.RELAXES),
    (None, None, LevelChange.NOT_EXPECTED),
])
def test_level_change_between_stages(now: str | None, following: str | None, change: LevelChange) -> None:
    as_level = lambda v: ExpectationLevel(v) if v else None  # noqa: E731
    assert level_change(as_level(now), as_level(following)) is change


@pytest.mark.parametrize("stage, following", [("nonclinical", "phase1"), ("phase3", "marketing"), ("marketing", None),
                                              ("nowhere", None)])
def test_next_stage_follows_taxonomy_order(stage: str, following: str | None) -> None:
    assert next_stage_of(stage, STAGES) == following


@pytest.mark.parametrize("current, following, scoped", [
    ("nonclinical", "phase1", True),   # expected from the next stage
    ("nonclinical", None, False),      # not yet expected and no next stage
    ("phase2", "phase3", True),
])
def test_in_scope_means_expected_now_or_next(current: str, following: str | None, scoped: bool) -> None:
    item = requirement()
    assert in_scope(item, decide(item, {}), current, following, STAGES) is scoped


def test_requirement_that_does_not_apply_is_never_in_scope() -> None:
    item = requirement({"route": ["inhalation"]})
    assert not in_scope(item, decide(item, {"route": "intravenous"}), "phase3", "marketing", STAGES)
