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
from exodossier.i18n.messages import translator

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


def priority(now: ExpectationLevel | None, following: ExpectationLevel | None, status: AssessmentStatus,
             criticality: Criticality = Criticality.HIGH, due: str | None = None,
             target_date: str | None = None) -> Priority | None:
    """Action priority of an open gap; None when it is closed or expected only after the next stage.

    P1 must mean "this stops the milestone", or the list stops prioritising: a high-criticality
    requirement expected at 'must' now, with nothing in place, or with work that is not dated to
    finish by the target date.
    """
    if status not in OPEN_STATUSES or (now is None and following is None):
        return None
    if blocks_milestone(now, status, criticality, due, target_date):
        return Priority.P1
    if now is ExpectationLevel.MUST or following is ExpectationLevel.MUST or (
            now is ExpectationLevel.SHOULD and criticality is Criticality.HIGH):
        return Priority.P2
    return Priority.P3


def blocks_milestone(now: ExpectationLevel | None, status: AssessmentStatus, criticality: Criticality,
                     due: str | None, target_date: str | None) -> bool:
    """An open 'must' on a high-criticality requirement, not credibly closing before the target date."""
    if now is not ExpectationLevel.MUST or criticality is not Criticality.HIGH or status not in OPEN_STATUSES:
        return False
    if status in (AssessmentStatus.NOT_MET, AssessmentStatus.NOT_ASSESSED):
        return True
    return due is None or (target_date is not None and date_after(due, target_date))


def date_after(day: str, limit: str) -> bool:
    """Whether a (partial) date falls after another, compared at the precision both have: 2027-10 > 2027-09."""
    precision = min(len(day), len(limit))
    return day[:precision] > limit[:precision]


def priority_sort_key(priority_: Priority, criticality: Criticality, status: AssessmentStatus,
                      requirement_id: str) -> tuple[str, int, float, str]:
    """Within a priority class: higher criticality first, then least evidence first, then id."""
    return priority_.value, -CRITICALITY_WEIGHT[criticality], STATUS_CREDIT.get(status, 0.0), requirement_id


def _weights(mapping: Mapping[_Key, float]) -> str:
    return ", ".join(f"{key.value} {value:g}" for key, value in mapping.items())


def rag_rules(language: str = "en") -> dict[Rag, str]:
    """The RAG rules as printed, in the reader's language, rendered from the thresholds above."""
    _ = translator("gap", language)
    return {
        Rag.NONE: _("n/a: no applicable requirement is expected at the stage."),
        Rag.RED: _("Red: at least one open gap on a high-criticality requirement expected at 'must' level, or "
                   "readiness below {red}%.").format(red=f"{RED_BELOW:g}"),
        Rag.AMBER: _("Amber: not red, but at least one open gap at 'must' level (any criticality), or readiness "
                     "below {green}%.").format(green=f"{GREEN_AT_OR_ABOVE:g}"),
        Rag.GREEN: _("Green: no open gap at 'must' level and readiness at or above {green}%.").format(
            green=f"{GREEN_AT_OR_ABOVE:g}"),
    }


def priority_rules(language: str = "en") -> dict[Priority, str]:
    _ = translator("gap", language)
    return {
        Priority.P1: _("P1 (blocks the target milestone): open gap on a high-criticality requirement expected at "
                       "'must' level at the current stage, with nothing in place (not_met, not_assessed), or with "
                       "work whose due date is missing or falls after the target date."),
        Priority.P2: _("P2: any other open gap expected at 'must' level now or at the next stage, or at 'should' "
                       "level now on a high-criticality requirement."),
        Priority.P3: _("P3: any other open gap expected at the current or the next stage."),
    }


RAG_RULES: dict[Rag, str] = rag_rules("en")
PRIORITY_RULES: dict[Priority, str] = priority_rules("en")


def methodology_text(language: str = "en") -> list[str]:
    """The scoring rules as printed in the report, rendered from the constants above."""
    _ = translator("gap", language)
    open_names = ", ".join(s.value for s in AssessmentStatus if s in OPEN_STATUSES)
    rag = rag_rules(language)
    return [
        _("Readiness (%) = 100 x sum(weight x credit) / sum(weight), summed over the applicable requirements "
          "expected at the stage; requirements assessed not_applicable (with a justification) are left out."),
        _("weight = criticality weight x expectation weight. Criticality weights: {criticality}. Expectation "
          "weights: {levels}.").format(criticality=_weights(CRITICALITY_WEIGHT), levels=_weights(LEVEL_WEIGHT)),
        _("credit by assessment status: {credits}. An applicable requirement without an assessment counts as "
          "not_assessed.").format(credits=_weights(STATUS_CREDIT)),
        _("Open gap: a requirement expected at the stage whose status is one of {statuses}.").format(
            statuses=open_names),
        _("RAG status, first rule that holds:") + " " + " ".join(rag[r] for r in (Rag.RED, Rag.AMBER, Rag.GREEN))
        + " " + rag[Rag.NONE],
        _("Action priority:") + " " + " ".join(priority_rules(language).values()) + " "
        + _("Within a priority: higher criticality first, then less evidence first, then requirement id."),
        _("The next-stage figures score today's assessments against the expectations of the next stage."),
    ]
