"""Readiness figures, RAG rules and priorities, checked against figures computed by hand.

Weights: criticality high 3, medium 2, low 1; expectation must 3, should 2, may 1;
credit: met 1, partial 0.5, planned 0.25, not_met 0, not_assessed 0.
"""

from __future__ import annotations

import pytest

from exodossier.catalog.models import Criticality, ExpectationLevel
from exodossier.gap.profile import AssessmentStatus
from exodossier.gap.scoring import (CRITICALITY_WEIGHT, GREEN_AT_OR_ABOVE, LEVEL_WEIGHT, RED_BELOW, STATUS_CREDIT, Item,
                                Priority, Rag, methodology_text, priority, score)

H, M, L = Criticality.HIGH, Criticality.MEDIUM, Criticality.LOW
MUST, SHOULD, MAY = ExpectationLevel.MUST, ExpectationLevel.SHOULD, ExpectationLevel.MAY
S = AssessmentStatus


def items(*specs: tuple[Criticality, ExpectationLevel | None, AssessmentStatus]) -> list[Item]:
    return [Item(f"EXO-RM-{n:03d}", c, level, status) for n, (c, level, status) in enumerate(specs, 1)]


CASES = [
    # (items, readiness %, RAG, hand calculation)
    ([(H, MUST, S.MET)], 100.0, Rag.GREEN, "9/9"),
    ([(H, MUST, S.PARTIAL)], 50.0, Rag.RED, "4.5/9; open high-criticality must gap"),
    ([(M, MUST, S.PARTIAL), (H, SHOULD, S.MET)], 75.0, Rag.AMBER, "(6*0.5 + 6)/12; open must gap, medium"),
    ([(H, SHOULD, S.PARTIAL), (L, MAY, S.MET)], 400 / 7, Rag.AMBER, "(6*0.5 + 1)/7 = 57.14 < 80"),
    ([(L, SHOULD, S.PLANNED)], 25.0, Rag.RED, "2*0.25/2 < 50"),
    ([(H, MUST, S.MET), (M, SHOULD, S.NOT_ASSESSED)], 900 / 13, Rag.AMBER, "9/13 = 69.23 < 80"),
    ([(H, MUST, S.MET), (M, SHOULD, S.MET), (L, MAY, S.PLANNED)], 1325 / 14, Rag.GREEN,
     "(9 + 4 + 0.25)/14 = 94.64; only a 'may' gap open"),
    ([(H, MUST, S.NOT_APPLICABLE), (M, MUST, S.MET)], 100.0, Rag.GREEN, "justified N/A left out: 6/6"),
    ([(H, None, S.NOT_MET), (M, SHOULD, S.MET)], 100.0, Rag.GREEN, "not expected at the stage: 4/4"),
    ([(H, MUST, S.MET), (M, MUST, S.NOT_MET), (L, SHOULD, S.MET)], 1100 / 17, Rag.AMBER,
     "(9 + 0 + 2)/17 = 64.71; open must gap, medium"),
    ([(H, MUST, S.MET)] * 3 + [(H, MUST, S.NOT_ASSESSED)], 75.0, Rag.RED,
     "27/36; a missing assessment of a high must is blocking"),
]


@pytest.mark.parametrize("specs, readiness, rag, why", CASES, ids=[c[3] for c in CASES])
def test_readiness_and_rag_match_hand_calculation(specs: list, readiness: float, rag: Rag, why: str) -> None:
    result = score(items(*specs))
    assert result.readiness == pytest.approx(readiness)
    assert result.rag is rag


@pytest.mark.parametrize("specs", [[], [(H, None, S.NOT_MET)], [(H, MUST, S.NOT_APPLICABLE)]])
def test_nothing_expected_has_no_readiness(specs: list) -> None:
    result = score(items(*specs))
    assert result.readiness is None and result.rag is Rag.NONE and result.percent() == "n/a"


def test_counts_of_open_and_blocking_gaps() -> None:
    result = score(items((H, MUST, S.PARTIAL), (M, MUST, S.NOT_MET), (L, MAY, S.MET), (H, None, S.NOT_MET)))
    assert (result.expected, result.open_gaps, result.blocking) == (3, 2, 1)
    assert (result.earned, result.possible) == (5.5, 16)
    assert result.status_counts["partial"] == 1 and result.status_counts["not_met"] == 1


def test_percent_is_rounded_to_one_decimal() -> None:
    assert score(items((H, SHOULD, S.PARTIAL), (L, MAY, S.MET))).percent() == "57.1%"


@pytest.mark.parametrize("now, following, status, expected", [
    (MUST, MUST, S.NOT_MET, Priority.P1),
    (MUST, MUST, S.PLANNED, Priority.P1),
    (SHOULD, MUST, S.PARTIAL, Priority.P2),
    (None, MUST, S.NOT_ASSESSED, Priority.P2),
    (SHOULD, SHOULD, S.NOT_MET, Priority.P2),
    (MAY, SHOULD, S.PLANNED, Priority.P3),
    (None, SHOULD, S.NOT_MET, Priority.P3),
    (MAY, MAY, S.MET, None),
    (None, None, S.NOT_MET, None),
    (MUST, MUST, S.NOT_APPLICABLE, None),
])
def test_priority_rules(now: ExpectationLevel | None, following: ExpectationLevel | None, status: AssessmentStatus,
                        expected: Priority | None) -> None:
    assert priority(now, following, status) is expected


def test_methodology_text_is_rendered_from_the_constants() -> None:
    text = " ".join(methodology_text())
    for criticality, weight in CRITICALITY_WEIGHT.items():
        assert f"{criticality.value} {weight}" in text
    for level, weight in LEVEL_WEIGHT.items():
        assert f"{level.value} {weight}" in text
    for status, credit in STATUS_CREDIT.items():
        assert f"{status.value} {credit:g}" in text
    assert f"below {RED_BELOW:g}%" in text and f"at or above {GREEN_AT_OR_ABOVE:g}%" in text
