"""Which requirements the document holds, and where: category, topic and number of each.

Worked out before anything is written, so a chapter near the front can already refer to
'4.(2)③' for a requirement printed later. Adopted requirements are always in; draft and
under-review ones only when the committee asks for them (then marked DRAFT); retired ones
never, since they are no longer part of the guideline.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from exodossier.catalog.loader import Catalog
from exodossier.catalog.models import Category, Requirement, RequirementStatus

DRAFT_STATES = (RequirementStatus.DRAFT, RequirementStatus.UNDER_REVIEW)


def anchor_of(requirement_id: str) -> str:
    """The bookmark of a requirement's heading (Word allows letters, digits and underscores)."""
    return "req_" + requirement_id.replace("-", "_")


@dataclass
class Placed:
    requirement: Requirement
    path: tuple[int, ...]

    @property
    def draft(self) -> bool:
        return self.requirement.status in DRAFT_STATES

    @property
    def anchor(self) -> str:
        return anchor_of(self.requirement.id)


@dataclass
class TopicPlan:
    title: str
    path: tuple[int, ...]
    requirements: list[Placed] = field(default_factory=list)


@dataclass
class CategoryPlan:
    category: Category
    path: tuple[int, ...]
    topics: list[TopicPlan] = field(default_factory=list)


@dataclass
class Plan:
    categories: list[CategoryPlan]
    left_out: list[Requirement]  # drafts not included
    placed: dict[str, Placed] = field(init=False)  # requirement id -> place, asked for every cross-reference

    def __post_init__(self) -> None:
        self.placed = {p.requirement.id: p for c in self.categories for t in c.topics for p in t.requirements}


def included(requirement: Requirement, include_drafts: bool) -> bool:
    if requirement.status is RequirementStatus.ADOPTED:
        return True
    return include_drafts and requirement.status in DRAFT_STATES


def plan_requirements(catalog: Catalog, first_chapter: int, include_drafts: bool) -> Plan:
    """Categories in taxonomy order from `first_chapter` on; topics in order of their first requirement."""
    categories: list[CategoryPlan] = []
    number = first_chapter
    for category in catalog.taxonomy.categories:
        members = sorted((r for r in catalog.requirements.values()
                          if r.category == category.id and included(r, include_drafts)), key=lambda r: r.id)
        if not members:
            continue
        plan = CategoryPlan(category, (number,))
        topics: dict[str, TopicPlan] = {}
        for requirement in members:
            topic = topics.get(requirement.topic)
            if topic is None:
                topic = topics[requirement.topic] = TopicPlan(requirement.topic, (number, len(topics) + 1))
                plan.topics.append(topic)
            topic.requirements.append(Placed(requirement, topic.path + (len(topic.requirements) + 1,)))
        categories.append(plan)
        number += 1
    left_out = sorted((r for r in catalog.requirements.values()
                       if r.status in DRAFT_STATES and not include_drafts), key=lambda r: r.id)
    return Plan(categories, left_out)
