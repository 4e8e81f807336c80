"""The gap analysis of one product profile against the catalog, as plain data.

Every output format (Word, JSON, CSV, Markdown) renders this one structure, so the
figures in the Word report and in the JSON export cannot disagree. Pure: the caller
loads the catalog and profile and passes the generation time in.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Iterable

import networkx as nx

from exodossier.gap.applicability import Decision, LevelChange, decide_all, in_scope, level_change
from exodossier.catalog.stages import expectation_at, next_stage_of
from exodossier.catalog.loader import Catalog
from exodossier.graph.build import CITES, CLAUSE, build_graph, ctd_node, req_node, MAPS_TO
from exodossier.graph.queries import predecessors_by, successors_by
from exodossier.catalog.models import Category, Criticality, CtdSection, Requirement, Source, Stage, StageExpectation
from exodossier.gap.profile import Assessment, AssessmentStatus, LoadedProfile, Product
from exodossier.gap.scoring import Priority, Score, priority, priority_sort_key, score
from exodossier.gap.profile_warnings import profile_warnings
from exodossier.gap.questions import draft_questions
from exodossier.gap.rows import GapRow as GapRow, ProfileWarning as ProfileWarning, Question as Question
from exodossier.gap.wording import gettext, level_label, localized, milestone_title, plain, status_label, sponsor_text
from exodossier.i18n.messages import Language

STATUS_LABELS: dict[AssessmentStatus, str] = {
    AssessmentStatus.MET: "Met",
    AssessmentStatus.PARTIAL: "Partially met",
    AssessmentStatus.PLANNED: "Planned",
    AssessmentStatus.NOT_MET: "Not met",
    AssessmentStatus.NOT_APPLICABLE: "Not applicable",
    AssessmentStatus.NOT_ASSESSED: "Not assessed",
}


@dataclass(frozen=True)
class CategoryResult:
    category: Category
    rows: tuple[GapRow, ...]
    now: Score
    following: Score | None


@dataclass(frozen=True)
class CtdResult:
    section: CtdSection
    rows: tuple[GapRow, ...]
    score: Score
    flag: str


@dataclass(frozen=True)
class BibEntry:
    source_id: str
    source: Source | None
    cited_by: tuple[str, ...]


@dataclass(frozen=True)
class GapAnalysis:
    """Everything a report says about one product against one catalog; every output renders this, nothing else."""

    catalog: Catalog
    loaded: LoadedProfile
    generated: dt.datetime
    current: Stage
    following: Stage | None
    register: tuple[GapRow, ...]
    rows: tuple[GapRow, ...]
    categories: tuple[CategoryResult, ...]
    overall_now: Score
    overall_next: Score | None
    ctd: tuple[CtdResult, ...]
    bibliography: tuple[BibEntry, ...]
    actions: tuple[GapRow, ...]
    roadmap: tuple[GapRow, ...]
    questions: tuple[Question, ...]
    language: str = "en"
    warnings: tuple[ProfileWarning, ...] = ()

    @property
    def product(self) -> Product:
        return self.loaded.profile.product

    @property
    def milestone_title(self) -> str:
        return milestone_title(self.product.target_milestone, self.language)

    @property
    def p1_share(self) -> float:
        """Share of the actions that are P1; a priority scheme where most actions are P1 does not prioritise."""
        if not self.actions:
            return 0.0
        return sum(1 for r in self.actions if r.priority is Priority.P1) / len(self.actions)

    @property
    def not_applicable(self) -> tuple[GapRow, ...]:
        return tuple(r for r in self.register if r.decision.applies and r.status is AssessmentStatus.NOT_APPLICABLE)

    @property
    def later(self) -> tuple[GapRow, ...]:
        """Applicable, but first expected after the next stage: outside this analysis's scoring."""
        return tuple(r for r in self.register if r.decision.applies and not r.in_scope)

    @property
    def open_high_gaps(self) -> int:
        return len(consultation_candidates(self.rows))

    def top_gaps(self, limit: int = 5) -> tuple[GapRow, ...]:
        """The gaps that block the milestone first, then the other high-criticality ones."""
        first = [r for r in self.actions if r.priority is Priority.P1]
        rest = [r for r in self.actions if r.priority is not Priority.P1 and r.criticality is Criticality.HIGH]
        return tuple(first + rest)[:limit]


def analyse(catalog: Catalog, loaded: LoadedProfile, generated: dt.datetime, language: Language = "en") -> GapAnalysis:
    """Decide applicability, expectations, status, scores and actions for every requirement.

    Texts (gaps, actions, questions) are written in `language`; the figures do not depend on it.
    """
    product = loaded.profile.product
    stages = [s.id for s in catalog.taxonomy.stages]
    following_id = product.next_stage or next_stage_of(product.current_stage, stages)
    stage_titles = {s.id: plain(s.title, language) for s in catalog.taxonomy.stages}
    decisions = decide_all(catalog.requirements.values(), product.attributes)
    category_order = {c.id: i for i, c in enumerate(catalog.taxonomy.categories)}
    ordered = sorted(catalog.requirements.values(), key=lambda r: (category_order.get(r.category, 99), r.id))
    register = tuple(_row(r, decisions[r.id], loaded, product.current_stage, following_id, stages, stage_titles,
                          language) for r in ordered)
    rows = tuple(r for r in register if r.in_scope)
    graph = build_graph(catalog)
    has_next = following_id is not None
    actions = _actions(rows)
    return GapAnalysis(
        catalog=catalog, loaded=loaded, generated=generated,
        current=_stage(catalog, product.current_stage),
        following=_stage(catalog, following_id) if following_id is not None else None,
        register=register, rows=rows,
        categories=tuple(_category(c, rows, has_next) for c in catalog.taxonomy.categories),
        overall_now=score(r.item("now") for r in rows),
        overall_next=score(r.item("next") for r in rows) if has_next else None,
        ctd=tuple(_ctd(section, rows, graph) for section in catalog.taxonomy.ctd_sections),
        bibliography=_bibliography(catalog, rows, graph),
        actions=actions,
        roadmap=tuple(r for r in rows if r.change in (LevelChange.NEW, LevelChange.ESCALATES)),
        questions=draft_questions(catalog, rows, milestone_title(product.target_milestone, language), language),
        language=language,
        warnings=profile_warnings(rows, actions, generated.date(), language),
    )


def _stage(catalog: Catalog, stage_id: str) -> Stage:
    return next(s for s in catalog.taxonomy.stages if s.id == stage_id)


def _row(requirement: Requirement, decision: Decision, loaded: LoadedProfile, current: str, following: str | None,
         stages: list[str], stage_titles: dict[str, str], language: str) -> GapRow:
    now = expectation_at(requirement, current, stages)
    later = expectation_at(requirement, following, stages)
    assessment = loaded.profile.assessments.get(requirement.id) if decision.applies else None
    status = assessment.status if assessment else AssessmentStatus.NOT_ASSESSED
    scoped = in_scope(requirement, decision, current, following, stages)
    product = loaded.profile.product
    rank = priority(now.level if now else None, later.level if later else None, status, requirement.criticality,
                    assessment.due if assessment else None, product.target_date) if scoped else None
    sponsor_action = assessment.action if assessment else None
    return GapRow(
        requirement=requirement, decision=decision, in_scope=scoped, now=now, following=later,
        change=level_change(now.level if now else None, later.level if later else None),
        assessment=assessment, status=status, priority=rank,
        gap=gap_text(status, assessment, language),
        action=(sponsor_text(sponsor_action, language) if sponsor_action is not None and status is not AssessmentStatus.MET
                else action_text(requirement, status, now, later, current, following, stage_titles, language)),
        sources=tuple(f"{c.source}, {c.clause}" if c.clause else c.source for c in requirement.citations),
        language=language,
        position=sponsor_text(assessment.position, language) if assessment and assessment.position else None,
        action_from_sponsor=sponsor_action is not None and status is not AssessmentStatus.MET,
    )


def gap_text(status: AssessmentStatus, assessment: Assessment | None, language: str = "en") -> str:
    """What is missing, in the sponsor's own words where they gave them."""
    _ = gettext(language)
    if status is AssessmentStatus.MET:
        return _("None")
    if status is AssessmentStatus.NOT_APPLICABLE and assessment and assessment.justification:
        return _("Not applicable: {reason}").format(reason=sponsor_text(assessment.justification, language))
    if status is AssessmentStatus.NOT_ASSESSED or assessment is None:
        return _("No assessment recorded")
    text = status_label(status, language)
    if status is AssessmentStatus.PLANNED and assessment.due:
        text += _(" (due {date})").format(date=assessment.due)
    return f"{text}: {sponsor_text(assessment.comment, language)}" if assessment.comment else text


def action_text(requirement: Requirement, status: AssessmentStatus, now: StageExpectation | None,
                later: StageExpectation | None, current: str, following: str | None,
                stage_titles: dict[str, str], language: str = "en") -> str:
    """The catalog's fallback when the sponsor wrote no action: its expected evidence, marked as the catalog's."""
    _ = gettext(language)
    if status is AssessmentStatus.MET:
        return _("Keep the evidence current")
    if status is AssessmentStatus.NOT_APPLICABLE:
        return _("Keep the justification on file; confirm it with PMDA if challenged")
    target, stage = (now, current) if now else (later, following)
    if target is None or stage is None:
        return _("No action before the next stage")
    lead = _("Assess the current position. ") if status is AssessmentStatus.NOT_ASSESSED else ""
    if requirement.evidence:
        first = localized(requirement.evidence[0], language).rstrip(".")
        more = len(requirement.evidence) - 1
        text = _("[Catalog] Evidence expected by {stage}: {evidence}").format(stage=stage_titles[stage],
                                                                              evidence=first)
        return lead + text + (_(" (and {count} more item(s))").format(count=more) if more else "") + "."
    return lead + _("[Catalog] {stage} ({level}): {note}").format(
        stage=stage_titles[stage], level=level_label(target.level, language), note=localized(target.note, language))


def _category(category: Category, rows: tuple[GapRow, ...], has_next: bool) -> CategoryResult:
    mine = tuple(r for r in rows if r.requirement.category == category.id)
    return CategoryResult(category, mine, score(r.item("now") for r in mine),
                          score(r.item("next") for r in mine) if has_next else None)


def _ctd(section: CtdSection, rows: tuple[GapRow, ...], graph: nx.MultiDiGraph) -> CtdResult:
    mapped = {r.split(":", 1)[1] for r in predecessors_by(graph, ctd_node(section.id), MAPS_TO)}
    mine = tuple(r for r in rows if r.id in mapped)
    if not mine:
        flag = "No requirement in scope"
    elif not any(r.status in (AssessmentStatus.MET, AssessmentStatus.PARTIAL) for r in mine):
        flag = "Nothing in place yet"
    else:
        flag = ""
    return CtdResult(section, mine, score(r.item("now") for r in mine), flag)


def _bibliography(catalog: Catalog, rows: Iterable[GapRow], graph: nx.MultiDiGraph) -> tuple[BibEntry, ...]:
    cited: dict[str, set[str]] = {}
    for row in rows:
        for target in successors_by(graph, req_node(row.id), CITES):
            data = graph.nodes[target]
            source_id = data["source"] if data["type"] == CLAUSE else data["id"]
            cited.setdefault(source_id, set()).add(row.id)
    return tuple(BibEntry(sid, catalog.sources.get(sid), tuple(sorted(ids))) for sid, ids in sorted(cited.items()))


def _actions(rows: Iterable[GapRow]) -> tuple[GapRow, ...]:
    keyed = [(priority_sort_key(r.priority, r.criticality, r.status, r.id), r) for r in rows if r.priority is not None]
    return tuple(row for _, row in sorted(keyed, key=lambda pair: pair[0]))


def consultation_candidates(rows: Iterable[GapRow]) -> tuple[GapRow, ...]:
    """Every open high-criticality gap, in action-plan order."""
    return tuple(r for r in _actions(rows) if r.criticality is Criticality.HIGH)
