"""Which requirements apply to a product, and what each expects at a development stage.

Pure functions over the models: no I/O, so the profile checks, `profile init`, the
gap report and the tests all share one definition of "applies". Every decision keeps
a trace of the conditions it weighed, because a sponsor (and PMDA) must be able to
see why a requirement is in or out of the analysis.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Iterable, Mapping, Sequence

from exodossier.catalog.models import ExpectationLevel, Requirement, RequirementStatus
from exodossier.catalog.stages import LEVEL_RANK, expectation_at

APPLICABILITY_RULES: tuple[str, ...] = (
    "A requirement applies when every attribute named in its applicability conditions matches the product: "
    "the product's value for that attribute is one of the values the requirement lists.",
    "A requirement without applicability conditions applies to every EV product.",
    "If the profile does not state an attribute that a condition names, the condition is treated as met and the "
    "requirement is included as 'assumed'. This is deliberately conservative: an unstated attribute must never "
    "remove a requirement from the analysis silently. State the attribute to settle the question.",
    "Retired requirements never apply.",
    "The expectation level at a stage is the level of the latest stage expectation at or before that stage; "
    "before a requirement's first stage expectation nothing is expected yet.",
)


def applicability_rules(language: str = "en") -> list[str]:
    """The rules above in the reader's language (the report's methodology prints these)."""
    from exodossier.i18n.messages import translator

    _ = translator("gap", language)
    return [
        _("A requirement applies when every attribute named in its applicability conditions matches the product: "
          "the product's value for that attribute is one of the values the requirement lists."),
        _("A requirement without applicability conditions applies to every EV product."),
        _("If the profile does not state an attribute that a condition names, the condition is treated as met and "
          "the requirement is included as 'assumed'. This is deliberately conservative: an unstated attribute must "
          "never remove a requirement from the analysis silently. State the attribute to settle the question."),
        _("Retired requirements never apply."),
        _("The expectation level at a stage is the level of the latest stage expectation at or before that stage; "
          "before a requirement's first stage expectation nothing is expected yet."),
    ]


class Outcome(str, Enum):
    MATCH = "match"
    MISMATCH = "mismatch"
    ASSUMED = "assumed"


@dataclass(frozen=True)
class ConditionCheck:
    """One applicability condition weighed against the product."""

    attribute: str
    allowed: tuple[str, ...]
    value: str | None
    outcome: Outcome

    def explanation(self) -> str:
        allowed = ", ".join(self.allowed)
        if self.outcome is Outcome.ASSUMED:
            return f"{self.attribute} not stated (condition: one of {allowed}); assumed to match"
        verb = "is" if self.outcome is Outcome.MATCH else "is not"
        return f"{self.attribute} = {self.value} {verb} one of {allowed}"


@dataclass(frozen=True)
class Decision:
    """Whether one requirement applies to the product, and why."""

    requirement_id: str
    applies: bool
    checks: tuple[ConditionCheck, ...] = ()
    retired: bool = False

    @property
    def assumed(self) -> bool:
        return self.applies and any(c.outcome is Outcome.ASSUMED for c in self.checks)

    @property
    def verdict(self) -> str:
        if not self.applies:
            return "does not apply"
        return "applies (assumed)" if self.assumed else "applies"

    def explanation(self) -> str:
        if self.retired:
            return "does not apply: the requirement is retired"
        if not self.checks:
            return "applies: no applicability conditions (every EV product)"
        reasons = "; ".join(c.explanation() for c in self.checks
                            if self.applies or c.outcome is Outcome.MISMATCH)
        return f"{self.verdict}: {reasons}"


def decide(requirement: Requirement, attributes: Mapping[str, str]) -> Decision:
    """Weigh every applicability condition of `requirement` against the product's attributes."""
    if requirement.status is RequirementStatus.RETIRED:
        return Decision(requirement.id, False, retired=True)
    checks = tuple(_check(attribute, tuple(allowed), attributes.get(attribute))
                   for attribute, allowed in sorted(requirement.applicability.items()))
    applies = all(c.outcome is not Outcome.MISMATCH for c in checks)
    return Decision(requirement.id, applies, checks)


def _check(attribute: str, allowed: tuple[str, ...], value: str | None) -> ConditionCheck:
    if value is None:
        return ConditionCheck(attribute, allowed, None, Outcome.ASSUMED)
    return ConditionCheck(attribute, allowed, value, Outcome.MATCH if value in allowed else Outcome.MISMATCH)


def decide_all(requirements: Iterable[Requirement], attributes: Mapping[str, str]) -> dict[str, Decision]:
    return {r.id: decide(r, attributes) for r in requirements}


class LevelChange(str, Enum):
    """How a requirement's expectation moves from the current to the next stage."""

    NEW = "new"
    ESCALATES = "escalates"
    UNCHANGED = "unchanged"
    RELAXES = "relaxes"
    NOT_EXPECTED = "not expected"


def level_change(now: ExpectationLevel | None, following: ExpectationLevel | None) -> LevelChange:
    if following is None:
        return LevelChange.NOT_EXPECTED
    if now is None:
        return LevelChange.NEW
    if LEVEL_RANK[following] > LEVEL_RANK[now]:
        return LevelChange.ESCALATES
    if LEVEL_RANK[following] < LEVEL_RANK[now]:
        return LevelChange.RELAXES
    return LevelChange.UNCHANGED


def in_scope(requirement: Requirement, decision: Decision, current: str, following: str | None,
             stages: Sequence[str]) -> bool:
    """Applies and is expected at the current or the next stage: what a profile must assess now."""
    if not decision.applies:
        return False
    return (expectation_at(requirement, current, stages) is not None
            or expectation_at(requirement, following, stages) is not None)
