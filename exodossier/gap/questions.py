"""Consultation questions for PMDA, set out as a briefing document (相談資料) sets them out.

PMDA answers a sponsor's proposal, not a catalog's checklist, so a question exists only
where the sponsor wrote a position. Each has three parts: the background (the requirement
and the facts), the sponsor's position with its data references, and the question itself.
Authority comes from official texts (ICH, MHLW/PMDA notifications and guidance, the
pharmacopoeias), never from the requirement catalog, which is a committee's reading of them.
At most `MAX_QUESTIONS`, in action-plan priority: a consultation meeting handles a handful.
"""

from __future__ import annotations

from typing import Iterable

from exodossier.catalog.citations import read_clause
from exodossier.catalog.loader import Catalog
from exodossier.catalog.models import SourceKind
from exodossier.gap.rows import GapRow, Question
from exodossier.gap.profile import AssessmentStatus
from exodossier.gap.scoring import priority_sort_key, Priority
from exodossier.gap.wording import gettext, level_label, localized, sponsor_text

MAX_QUESTIONS = 8
OFFICIAL_KINDS = frozenset({SourceKind.ICH_GUIDELINE, SourceKind.JP_LAW, SourceKind.JP_ORDINANCE,
                            SourceKind.JP_NOTIFICATION, SourceKind.JP_GUIDANCE, SourceKind.PHARMACOPOEIA,
                            SourceKind.REGULATORY_GUIDANCE, SourceKind.WHO})


def question_candidates(rows: Iterable[GapRow]) -> list[GapRow]:
    """Rows where the sponsor wrote a position, in action-plan order (closed gaps after open ones)."""
    def key(row: GapRow) -> tuple[bool, tuple[str, int, float, str]]:
        return row.priority is None, priority_sort_key(row.priority or Priority.P3, row.criticality, row.status,
                                                        row.id)

    return sorted((r for r in rows if r.assessment is not None and r.assessment.position is not None), key=key)


def official_sources(catalog: Catalog, row: GapRow, language: str = "en") -> tuple[str, ...]:
    """The official texts a requirement cites, as 'ICH-Q6B §2.1.2': the authority a question may invoke.

    A clause reads as its number, or as its title where the document has no numbered heading; the
    committee's own topic slugs and its "(not verified)" hedges are bookkeeping PMDA never sees.
    """
    cited: list[str] = []
    for citation in row.requirement.citations:
        source = catalog.sources.get(citation.source)
        if source is None or source.kind not in OFFICIAL_KINDS:
            continue
        clause = next((c for c in source.clauses if c.id == citation.clause), None)
        reading = read_clause(clause, clause.title.text(language)) if clause is not None else None
        where = (reading.number or f"({reading.title})") if reading is not None else ""
        label = f"{citation.source} {where}".strip()
        if label not in cited:
            cited.append(label)
    return tuple(cited)


def draft_questions(catalog: Catalog, rows: Iterable[GapRow], milestone: str, language: str) -> tuple[Question, ...]:
    picked = question_candidates(rows)[:MAX_QUESTIONS]
    return tuple(_question(catalog, row, milestone, language) for row in picked)


def _question(catalog: Catalog, row: GapRow, milestone: str, language: str) -> Question:
    _ = gettext(language)
    assessment = row.assessment
    assert assessment is not None and assessment.position is not None
    sources = official_sources(catalog, row, language)
    target = row.now or row.following
    facts = [localized(row.requirement.statement, language)]
    if target is not None:
        facts.append(_("Expected at this stage: {level}.").format(level=level_label(target.level, language)))
    facts.append(_("Current status: {status}.").format(status=row.status_text)
                 + (f" {sponsor_text(assessment.comment, language)}" if assessment.comment else ""))
    if sources:
        facts.append(_("Official guidance: {sources}.").format(sources="; ".join(sources)))
    if assessment.question is not None:
        ask = sponsor_text(assessment.question, language)
    elif row.status is AssessmentStatus.MET:
        ask = _("Does PMDA agree that the approach described above is acceptable for the {milestone}?").format(
            milestone=milestone)
    else:
        ask = _("Does PMDA agree that the sponsor's position above is acceptable for the {milestone}, and if not, "
                "which additional data would PMDA expect?").format(milestone=milestone)
    return Question(row=row, background=" ".join(facts), position=sponsor_text(assessment.position, language),
                    evidence=tuple(e.label() for e in assessment.evidence), sources=sources, ask=ask)
