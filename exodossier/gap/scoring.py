"""Readiness scores, RAG status and action priority: the gap analysis arithmetic.

Every weight and threshold lives in the constants below and nowhere else; the
report's methodology section prints `methodology_text()`, which is rendered from
the same constants, so the document can never describe a formula other than the
one that produced its figures. Pure functions, no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Iterable, Mapping, Sequence, TypeVar

from exodossier.catalog.models import Criticality, ExpectationLevel
from exodossier.gap.profile import AssessmentStatus

_Key = TypeVar("_Key", bound=Enum)  # the enum a weight table is keyed by

CRITICALITY_WEIGHT: dict[Criticality, int] = {Criticality.HIGH: 3, Criticality.MEDIUM: 2, Criticality.LOW: 1}
LEVEL_WEIGHT: dict[ExpectationLevel, int] = {ExpectationLevel.MUST: 3, ExpectationLevel.SHOULD: 2,
                                             ExpectationLevel.MAY: 1}
STATUS_CREDIT: dict[AssessmentStatus, float] = {
    AssessmentStatus.MET: 1.0,
    AssessmentStatus.PARTIAL: 0.5,
    AssessmentStatus.PLANNED: 0.25,
    AssessmentStatus.NOT_MET: 0.0,
    AssessmentStatus.NOT_ASSESSED: 0.0,
}
OPEN_STATUSES = frozenset({AssessmentStatus.PARTIAL, AssessmentStatus.PLANNED, AssessmentStatus.NOT_MET,
                           AssessmentStatus.NOT_ASSESSED})
RED_BELOW = 50.0
GREEN_AT_OR_ABOVE = 80.0


class Rag(str, Enum):
    RED = "red"
    AMBER = "amber"
    GREEN = "green"
    NONE = "n/a"


class Priority(str, Enum):
    P1 = "P1"
    P2 = "P2"
    P3 = "P3"


@dataclass(frozen=True)
class Item:
    """One applicable requirement as scoring sees it at one stage."""

    requirement_id: str
    criticality: Criticality
    level: ExpectationLevel | None
    status: AssessmentStatus


def weight(item: Item) -> int:
    """Criticality weight x expectation weight; 0 when nothing is expected at the stage."""
    if item.level is None:
        return 0
    return CRITICALITY_WEIGHT[item.criticality] * LEVEL_WEIGHT[item.level]


def counts(item: Item) -> bool:
    """Whether the item enters the readiness figure (expected, and not justified as not applicable)."""
    return item.level is not None and item.status is not AssessmentStatus.NOT_APPLICABLE


def is_open(item: Item) -> bool:
    return item.level is not None and item.status in OPEN_STATUSES


def is_blocking(item: Item) -> bool:
    """An open gap on a high-criticality requirement expected at 'must' level: makes the stage red."""
    return is_open(item) and item.level is ExpectationLevel.MUST and item.criticality is Criticality.HIGH


@dataclass(frozen=True)
class Score:
    """Readiness of a set of requirements at one stage."""

    readiness: float | None
    rag: Rag
    rule: str
    expected: int
    earned: float
    possible: int
    open_gaps: int
    blocking: int
    status_counts: dict[str, int] = field(default_factory=dict)

    def percent(self) -> str:
        return "n/a" if self.readiness is None else f"{self.readiness:.1f}%"


def score(items: Iterable[Item]) -> Score:
    """readiness = 100 x sum(weight x credit) / sum(weight), then the RAG rules in order."""
    items = list(items)
    counted = [i for i in items if counts(i)]
    possible = sum(weight(i) for i in counted)
    earned = sum(weight(i) * STATUS_CREDIT[i.status] for i in counted)
    readiness = 100.0 * earned / possible if possible else None
    open_items = [i for i in items if is_open(i)]
    blocking = [i for i in open_items if is_blocking(i)]
    rag, rule = rag_status(readiness, open_items)
    status_counts = {s.value: sum(1 for i in items if i.level is not None and i.status is s) for s in AssessmentStatus}
    return Score(readiness, rag, rule, sum(1 for i in items if i.level is not None), earned, possible,
                 len(open_items), len(blocking), status_counts)


def rag_status(readiness: float | None, open_items: Sequence[Item]) -> tuple[Rag, str]:
    """The first RAG rule that holds, and its text (for the report's explanation)."""
    if readiness is None and not open_items:
        return Rag.NONE, RAG_RULES[Rag.NONE]
    if any(is_blocking(i) for i in open_items) or (readiness is not None and readiness < RED_BELOW):
        return Rag.RED, RAG_RULES[Rag.RED]
    if any(i.level is ExpectationLevel.MUST for i in open_items) or (readiness is not None
                                                                    and readiness < GREEN_AT_OR_ABOVE):
        return Rag.AMBER, RAG_RULES[Rag.AMBER]
    return Rag.GREEN, RAG_RULES[Rag.GREEN]


def priority(now: ExpectationLevel | None, following: ExpectationLevel | None,
             status: AssessmentStatus) -> Priority | None:
    """Action priority of an open gap; None when it is closed or expected only after the next stage."""
    if status not in OPEN_STATUSES or (now is None and following is None):
        return None
    if now is ExpectationLevel.MUST:
        return Priority.P1
    if now is ExpectationLevel.SHOULD or following is ExpectationLevel.MUST:
        return Priority.P2
    return Priority.P3


def priority_sort_key(priority_: Priority, criticality: Criticality, status: AssessmentStatus,
                      requirement_id: str) -> tuple[str, int, float, str]:
    """Within a priority class: higher criticality first, then least evidence first, then id."""
    return priority_.value, -CRITICALITY_WEIGHT[criticality], STATUS_CREDIT.get(status, 0.0), requirement_id


def _weights(mapping: Mapping[_Key, float]) -> str:
    return ", ".join(f"{key.value} {value:g}" for key, value in mapping.items())


RAG_RULES: dict[Rag, str] = {
    Rag.NONE: "n/a: no applicable requirement is expected at the stage.",
    Rag.RED: f"Red: at least one open gap on a high-criticality requirement expected at 'must' level, "
             f"or readiness below {RED_BELOW:g}%.",
    Rag.AMBER: f"Amber: not red, but at least one open gap at 'must' level (any criticality), "
               f"or readiness below {GREEN_AT_OR_ABOVE:g}%.",
    Rag.GREEN: f"Green: no open gap at 'must' level and readiness at or above {GREEN_AT_OR_ABOVE:g}%.",
}

PRIORITY_RULES: dict[Priority, str] = {
    Priority.P1: "P1: open gap on a requirement expected at 'must' level at the current stage.",
    Priority.P2: "P2: open gap expected at 'should' level now, or one that becomes 'must' at the next stage.",
    Priority.P3: "P3: any other open gap expected at the current or the next stage.",
}


def methodology_text() -> list[str]:
    """The scoring rules as printed in the report, rendered from the constants above."""
    open_names = ", ".join(s.value for s in AssessmentStatus if s in OPEN_STATUSES)
    return [
        "Readiness (%) = 100 x sum(weight x credit) / sum(weight), summed over the applicable requirements "
        "expected at the stage; requirements assessed not_applicable (with a justification) are left out.",
        f"weight = criticality weight x expectation weight. Criticality weights: {_weights(CRITICALITY_WEIGHT)}. "
        f"Expectation weights: {_weights(LEVEL_WEIGHT)}.",
        f"credit by assessment status: {_weights(STATUS_CREDIT)}. An applicable requirement without an "
        "assessment counts as not_assessed.",
        f"Open gap: a requirement expected at the stage whose status is one of {open_names}.",
        "RAG status, first rule that holds: " + " ".join(RAG_RULES[r] for r in (Rag.RED, Rag.AMBER, Rag.GREEN))
        + " " + RAG_RULES[Rag.NONE],
        "Action priority: " + " ".join(PRIORITY_RULES.values())
        + " Within a priority: higher criticality first, then less evidence first, then requirement id.",
        "The next-stage figures score today's assessments against the expectations of the next stage.",
    ]
