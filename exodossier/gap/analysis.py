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
from exodossier.gap.profile import MILESTONE_TITLES, Assessment, AssessmentStatus, LoadedProfile, Product
from exodossier.gap.scoring import Item, Priority, Score, priority, priority_sort_key, score

MAX_QUESTIONS = 12
STATUS_LABELS: dict[AssessmentStatus, str] = {
    AssessmentStatus.MET: "Met",
    AssessmentStatus.PARTIAL: "Partially met",
    AssessmentStatus.PLANNED: "Planned",
    AssessmentStatus.NOT_MET: "Not met",
    AssessmentStatus.NOT_APPLICABLE: "Not applicable",
    AssessmentStatus.NOT_ASSESSED: "Not assessed",
}


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

    @property
    def id(self) -> str:
        return self.requirement.id

    @property
    def title(self) -> str:
        return self.requirement.title.en

    @property
    def criticality(self) -> Criticality:
        return self.requirement.criticality

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    def item(self, stage: str) -> Item:
        expectation = self.now if stage == "now" else self.following
        return Item(self.id, self.criticality, expectation.level if expectation else None, self.status)

    def evidence_labels(self) -> list[str]:
        return [e.label() for e in self.assessment.evidence] if self.assessment else []


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
class Question:
    row: GapRow
    text: str


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

    @property
    def product(self) -> Product:
        return self.loaded.profile.product

    @property
    def milestone_title(self) -> str:
        return MILESTONE_TITLES[self.product.target_milestone]

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
        return tuple(r for r in self.actions if r.criticality is Criticality.HIGH)[:limit]


def analyse(catalog: Catalog, loaded: LoadedProfile, generated: dt.datetime) -> GapAnalysis:
    """Decide applicability, expectations, status, scores and actions for every requirement."""
    product = loaded.profile.product
    stages = [s.id for s in catalog.taxonomy.stages]
    following_id = product.next_stage or next_stage_of(product.current_stage, stages)
    stage_titles = {s.id: s.title.en for s in catalog.taxonomy.stages}
    decisions = decide_all(catalog.requirements.values(), product.attributes)
    category_order = {c.id: i for i, c in enumerate(catalog.taxonomy.categories)}
    ordered = sorted(catalog.requirements.values(), key=lambda r: (category_order.get(r.category, 99), r.id))
    register = tuple(_row(r, decisions[r.id], loaded, product.current_stage, following_id, stages, stage_titles)
                     for r in ordered)
    rows = tuple(r for r in register if r.in_scope)
    graph = build_graph(catalog)
    has_next = following_id is not None
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
        actions=_actions(rows),
        roadmap=tuple(r for r in rows if r.change in (LevelChange.NEW, LevelChange.ESCALATES)),
        questions=_questions(rows, stage_titles, MILESTONE_TITLES[product.target_milestone]),
    )


def _stage(catalog: Catalog, stage_id: str) -> Stage:
    return next(s for s in catalog.taxonomy.stages if s.id == stage_id)


def _row(requirement: Requirement, decision: Decision, loaded: LoadedProfile, current: str, following: str | None,
         stages: list[str], stage_titles: dict[str, str]) -> GapRow:
    now = expectation_at(requirement, current, stages)
    later = expectation_at(requirement, following, stages)
    assessment = loaded.profile.assessments.get(requirement.id) if decision.applies else None
    status = assessment.status if assessment else AssessmentStatus.NOT_ASSESSED
    scoped = in_scope(requirement, decision, current, following, stages)
    return GapRow(
        requirement=requirement, decision=decision, in_scope=scoped, now=now, following=later,
        change=level_change(now.level if now else None, later.level if later else None),
        assessment=assessment, status=status,
        priority=priority(now.level if now else None, later.level if later else None, status) if scoped else None,
        gap=gap_text(status, assessment),
        action=action_text(requirement, status, now, later, current, following, stage_titles),
        sources=tuple(f"{c.source}, {c.clause}" if c.clause else c.source for c in requirement.citations),
    )


def gap_text(status: AssessmentStatus, assessment: Assessment | None) -> str:
    """What is missing, in the sponsor's own words where they gave them."""
    if status is AssessmentStatus.MET:
        return "None"
    if status is AssessmentStatus.NOT_APPLICABLE and assessment and assessment.justification:
        return f"Not applicable: {assessment.justification.en}"
    if status is AssessmentStatus.NOT_ASSESSED or assessment is None:
        return "No assessment recorded"
    text = STATUS_LABELS[status]
    if status is AssessmentStatus.PLANNED and assessment.due:
        text += f" (due {assessment.due})"
    return f"{text}: {assessment.comment.en}" if assessment.comment else text


def action_text(requirement: Requirement, status: AssessmentStatus, now: StageExpectation | None,
                later: StageExpectation | None, current: str, following: str | None,
                stage_titles: dict[str, str]) -> str:
    """The recommended next step, from the catalog's stage note and expected evidence."""
    if status is AssessmentStatus.MET:
        return "Keep the evidence current"
    if status is AssessmentStatus.NOT_APPLICABLE:
        return "Keep the justification on file; confirm it with PMDA if challenged"
    target, stage = (now, current) if now else (later, following)
    if target is None or stage is None:
        return "No action before the next stage"
    text = "Assess the current position. " if status is AssessmentStatus.NOT_ASSESSED else ""
    text += f"{stage_titles[stage]}, {target.level.value}: {target.note.en}"
    if requirement.evidence:
        text += " Evidence expected: " + "; ".join(e.en for e in requirement.evidence) + "."
    return text


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


def _questions(rows: Iterable[GapRow], stage_titles: dict[str, str], milestone: str) -> tuple[Question, ...]:
    """Candidate questions for PMDA on the first MAX_QUESTIONS open high-criticality gaps.

    A consultation meeting handles about a dozen questions; the rest stay in the action plan.
    """
    picked = consultation_candidates(rows)[:MAX_QUESTIONS]
    return tuple(Question(r, _question(r, stage_titles, milestone)) for r in picked)


def _question(row: GapRow, stage_titles: dict[str, str], milestone: str) -> str:
    target = row.now or row.following
    assert target is not None  # rows with a priority are expected now or next
    position = STATUS_LABELS[row.status].lower()
    if row.assessment and row.assessment.comment:
        position += f" ({row.assessment.comment.en.rstrip('.')})"
    return (f"{row.title} [{row.id}]: the sponsor's position is {position}. The catalog expects, from "
            f"{stage_titles[target.stage]} at '{target.level.value}' level: {target.note.en.rstrip('.')}. "
            f"Does PMDA agree that the sponsor's planned approach is sufficient for the {milestone}, "
            "and if not, which additional data would PMDA expect?")
