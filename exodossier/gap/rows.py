"""One requirement as it stands for a product, and what the questions and warnings say about it.

The row types every part of the gap analysis shares: `analysis` builds them, `questions` and
`profile_warnings` read them, and every output renders them.
"""

from __future__ import annotations

from dataclasses import dataclass

from exodossier.catalog.models import Criticality, Requirement, StageExpectation
from exodossier.gap.applicability import Decision, LevelChange
from exodossier.gap.profile import Assessment, AssessmentStatus
from exodossier.gap.scoring import Item, Priority
from exodossier.gap.wording import localized, status_label


@dataclass(frozen=True)
class GapRow:
    """One catalog requirement as it stands for this product."""

    requirement: Requirement
    decision: Decision
    in_scope: bool
    now: StageExpectation | None
    following: StageExpectation | None
    change: LevelChange
    assessment: Assessment | None
    status: AssessmentStatus
    priority: Priority | None
    gap: str
    action: str
    sources: tuple[str, ...]
    language: str = "en"
    position: str | None = None
    action_from_sponsor: bool = False

    @property
    def id(self) -> str:
        return self.requirement.id

    @property
    def display_title(self) -> str:
        """The title in the report's language (marked when only English exists)."""
        return localized(self.requirement.title, self.language)

    @property
    def status_text(self) -> str:
        return status_label(self.status, self.language)

    @property
    def owner(self) -> str | None:
        return self.assessment.owner if self.assessment else None

    @property
    def due(self) -> str | None:
        return self.assessment.due if self.assessment else None

    @property
    def title(self) -> str:
        return self.requirement.title.en

    @property
    def criticality(self) -> Criticality:
        return self.requirement.criticality

    @property
    def status_label(self) -> str:
        return status_label(self.status, self.language)

    def item(self, stage: str) -> Item:
        expectation = self.now if stage == "now" else self.following
        return Item(self.id, self.criticality, expectation.level if expectation else None, self.status)

    def evidence_labels(self) -> list[str]:
        return [e.label() for e in self.assessment.evidence] if self.assessment else []


@dataclass(frozen=True)
class Question:
    """A consultation question as a briefing document (相談資料) sets it out."""

    row: GapRow
    background: str
    position: str
    evidence: tuple[str, ...]
    sources: tuple[str, ...]
    ask: str

    @property
    def text(self) -> str:
        return self.ask


@dataclass(frozen=True)
class ProfileWarning:
    """Something in the profile a reviewer would query before the report goes out."""

    code: str
    requirement_id: str
    message: str
