"""How firmly a requirement is expected at a stage: one rule for the diff, the gap analysis and the site.

A stage expectation holds from its stage until a later entry replaces it, so the level at any
stage is read from the latest entry at or before it.
"""

from __future__ import annotations

from typing import Sequence

from exodossier.catalog.models import ExpectationLevel, Requirement, StageExpectation

# Order of firmness; None (not expected) ranks below may, so "not expected -> may" is an escalation.
LEVEL_RANK: dict[ExpectationLevel | None, int] = {None: 0, ExpectationLevel.MAY: 1, ExpectationLevel.SHOULD: 2,
                                                  ExpectationLevel.MUST: 3}


def expectation_at(requirement: Requirement, stage: str | None, stages: Sequence[str]) -> StageExpectation | None:
    """The latest stage expectation at or before `stage`; None before the first (or for no stage)."""
    if stage is None or stage not in stages:
        return None
    position = stages.index(stage)
    found = None
    for expectation in requirement.stage_expectations:
        if expectation.stage in stages and stages.index(expectation.stage) <= position:
            found = expectation
    return found


def next_stage_of(stage: str, stages: Sequence[str]) -> str | None:
    """The stage after `stage` in taxonomy order, or None for the last (or an unknown) stage."""
    if stage not in stages:
        return None
    position = stages.index(stage)
    return stages[position + 1] if position + 1 < len(stages) else None
