"""The gap report's fixed vocabulary in the reader's language, and catalog text with its language marked.

Every label a reader sees (statuses, levels, RAG, milestones, process steps) is a gettext
message of the "gap" domain, so a translator edits `gap.po`, not Python. Catalog and
sponsor text comes in the chosen language; where the Japanese is missing (or stale) the
English is shown with a visible mark, never silently.
"""

from __future__ import annotations

from exodossier.catalog.models import Criticality, ExpectationLevel, LocalizedText
from exodossier.gap.profile import AssessmentStatus, Milestone, StepKind
from exodossier.gap.scoring import Priority, Rag
from exodossier.i18n.messages import Translate, translator


def gettext(language: str) -> Translate:
    """The gap domain's translator for one language."""
    return translator("gap", language)


def english_mark(language: str) -> str:
    """The mark put before English shown in a Japanese document (〔英語のみ〕)."""
    _ = gettext(language)
    return _("[EN only]")


def localized(text: LocalizedText | None, language: str, default: str = "—") -> str:
    """The text in `language`; English marked as such where the Japanese is missing or stale."""
    if text is None:
        return default
    in_language = getattr(text, "in_language", None)
    if in_language is not None:
        shown, marked = in_language(language)
    else:
        shown, marked = text.text(language), language == "ja" and text.ja is None
    if not isinstance(shown, str):
        shown = text.en
    return f"{english_mark(language)} {shown}" if marked else shown


def sponsor_text(text: LocalizedText | None, language: str, default: str = "—") -> str:
    """The sponsor's own text in `language`, marked only where the sponsor wrote no Japanese.

    Catalog text is checked for staleness against its English (`ja_of`); the sponsor writes both
    languages of a profile field together, so a Japanese text there is taken as current.
    """
    if text is None:
        return default
    if language == "ja" and not text.ja:
        return f"{english_mark(language)} {text.en}"
    return text.ja if language == "ja" and text.ja else text.en


def plain(text: LocalizedText | None, language: str, default: str = "—") -> str:
    """The text in `language` without a mark (titles of the product, where English is the name)."""
    if text is None:
        return default
    return text.ja if language == "ja" and text.ja else text.en


def status_label(status: AssessmentStatus, language: str) -> str:
    _ = gettext(language)
    return {
        AssessmentStatus.MET: _("Met"),
        AssessmentStatus.PARTIAL: _("Partially met"),
        AssessmentStatus.PLANNED: _("Planned"),
        AssessmentStatus.NOT_MET: _("Not met"),
        AssessmentStatus.NOT_APPLICABLE: _("Not applicable"),
        AssessmentStatus.NOT_ASSESSED: _("Not assessed"),
    }[status]


def short_status(status: AssessmentStatus, language: str) -> str:
    _ = gettext(language)
    return {
        AssessmentStatus.MET: _("Met"),
        AssessmentStatus.PARTIAL: _("Partial"),
        AssessmentStatus.PLANNED: _("Planned"),
        AssessmentStatus.NOT_MET: _("Not met"),
        AssessmentStatus.NOT_ASSESSED: _("Not assessed"),
        AssessmentStatus.NOT_APPLICABLE: _("N/A"),
    }[status]


def level_label(level: ExpectationLevel | None, language: str) -> str:
    _ = gettext(language)
    if level is None:
        return "—"
    return {ExpectationLevel.MUST: _("must"), ExpectationLevel.SHOULD: _("should"),
            ExpectationLevel.MAY: _("may")}[level]


def criticality_label(criticality: Criticality, language: str) -> str:
    _ = gettext(language)
    return {Criticality.HIGH: _("high"), Criticality.MEDIUM: _("medium"), Criticality.LOW: _("low")}[criticality]


def rag_label(rag: Rag, language: str) -> str:
    _ = gettext(language)
    return {Rag.RED: _("Red"), Rag.AMBER: _("Amber"), Rag.GREEN: _("Green"), Rag.NONE: _("n/a")}[rag]


def priority_label(priority: Priority | None, language: str) -> str:
    return priority.value if priority else ""


def milestone_title(milestone: Milestone, language: str) -> str:
    """Written to sit inside a sentence ("... in preparation for the first clinical trial notification")."""
    _ = gettext(language)
    return {
        Milestone.QUALITY_CONSULTATION: _("PMDA quality consultation (品質相談)"),
        Milestone.RS_STRATEGY_CONSULTATION: _("PMDA RS strategy consultation (RS戦略相談)"),
        Milestone.PRE_CTN_CONSULTATION: _("PMDA consultation before the first clinical trial notification"),
        Milestone.FIRST_CTN: _("first clinical trial notification (初回治験届)"),
        Milestone.CTN_AMENDMENT: _("clinical trial notification amendment"),
        Milestone.END_OF_PHASE2_CONSULTATION: _("end-of-phase-2 consultation"),
        Milestone.PRE_NDA_CONSULTATION: _("pre-application consultation"),
        Milestone.MARKETING_APPLICATION: _("marketing application (承認申請)"),
    }[milestone]


def step_title(step: StepKind, language: str) -> str:
    _ = gettext(language)
    return {
        StepKind.UPSTREAM_CULTURE: _("Upstream culture"),
        StepKind.HARVEST: _("Harvest"),
        StepKind.CLARIFICATION: _("Clarification"),
        StepKind.TFF: _("Tangential flow filtration"),
        StepKind.FURTHER_PURIFICATION: _("Further purification"),
        StepKind.FORMULATION: _("Formulation"),
        StepKind.FILL: _("Fill and finish"),
        StepKind.OTHER: _("Other step"),
    }[step]


def percent(value: float | None, language: str) -> str:
    _ = gettext(language)
    return _("n/a") if value is None else f"{value:.0f}%"
