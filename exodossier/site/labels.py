"""The words the site prints for catalog states, in one place, in the edition's language."""

from __future__ import annotations

from exodossier.catalog.models import ChangeKind, Criticality, ExpectationLevel, RequirementStatus, SourceKind, SourceStatus
from exodossier.i18n.messages import Translate


def status_label(status: RequirementStatus, _: Translate) -> str:
    return {RequirementStatus.DRAFT: _("draft"), RequirementStatus.UNDER_REVIEW: _("under review"),
            RequirementStatus.ADOPTED: _("adopted"), RequirementStatus.RETIRED: _("retired")}[status]


def criticality_label(criticality: Criticality, _: Translate) -> str:
    return {Criticality.HIGH: _("high"), Criticality.MEDIUM: _("medium"), Criticality.LOW: _("low")}[criticality]


def criticality_badge_label(criticality: Criticality, _: Translate) -> str:
    return {Criticality.HIGH: _("high criticality"), Criticality.MEDIUM: _("medium criticality"),
            Criticality.LOW: _("low criticality")}[criticality]


def level_label(level: ExpectationLevel, _: Translate) -> str:
    return {ExpectationLevel.MUST: _("MUST"), ExpectationLevel.SHOULD: _("SHOULD"),
            ExpectationLevel.MAY: _("MAY")}[level]


def relation_label(relation: str, _: Translate) -> str:
    return {"depends_on": _("depends on"), "refines": _("refines"), "see_also": _("see also")}[relation]


def source_status_label(status: SourceStatus, _: Translate) -> str:
    return {SourceStatus.CURRENT: _("current"), SourceStatus.SUPERSEDED: _("superseded"),
            SourceStatus.DRAFT: _("draft"), SourceStatus.WITHDRAWN: _("withdrawn")}[status]


def source_kind_heading(kind: SourceKind, _: Translate) -> str:
    """Headings of the sources index, as a reader names these documents."""
    return {
        SourceKind.ICH_GUIDELINE: _("ICH guidelines"),
        SourceKind.JP_LAW: _("Japanese laws (法律)"),
        SourceKind.JP_ORDINANCE: _("Japanese ministerial ordinances (省令)"),
        SourceKind.JP_NOTIFICATION: _("Japanese notifications (通知)"),
        SourceKind.JP_GUIDANCE: _("Japanese guidance and administrative notices (事務連絡)"),
        SourceKind.PHARMACOPOEIA: _("Pharmacopoeias"),
        SourceKind.WHO: _("WHO"),
        SourceKind.REGULATORY_GUIDANCE: _("Guidance of other regulators (FDA, EMA)"),
        SourceKind.STANDARD: _("Standards"),
        SourceKind.SOCIETY_POSITION: _("Positions of scientific societies"),
        SourceKind.JOURNAL_ARTICLE: _("Journal articles"),
    }[kind]


def source_kind_label(kind: SourceKind, _: Translate) -> str:
    """The kind of one source, in the singular (source page facts)."""
    return {
        SourceKind.ICH_GUIDELINE: _("ICH guideline"), SourceKind.JP_LAW: _("Japanese law"),
        SourceKind.JP_ORDINANCE: _("Japanese ministerial ordinance"),
        SourceKind.JP_NOTIFICATION: _("Japanese notification"),
        SourceKind.JP_GUIDANCE: _("Japanese guidance or administrative notice"),
        SourceKind.PHARMACOPOEIA: _("Pharmacopoeia"), SourceKind.WHO: _("WHO document"),
        SourceKind.REGULATORY_GUIDANCE: _("Guidance of another regulator"), SourceKind.STANDARD: _("Standard"),
        SourceKind.SOCIETY_POSITION: _("Position of a scientific society"),
        SourceKind.JOURNAL_ARTICLE: _("Journal article"),
    }[kind]


def change_label(kind: ChangeKind, _: Translate) -> str:
    return {ChangeKind.ADDED: _("Added"), ChangeKind.CHANGED: _("Changed"), ChangeKind.RETIRED: _("Retired"),
            ChangeKind.REMOVED: _("Removed")}[kind]


def count_header(_: Translate) -> list[str]:
    return [_("Category"), _("Requirements"), _("Draft"), _("Under review"), _("Adopted"), _("Retired"),
            _("High"), _("Medium"), _("Low")]
