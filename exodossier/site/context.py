"""Lookups computed once per build, so each page only touches its own neighbours."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import networkx as nx

from exodossier.catalog.loader import Catalog
from exodossier.catalog.models import Category, ChangeKind, LocalizedText, Requirement, Source
from exodossier.i18n.messages import Language, Translate, translator

if TYPE_CHECKING:
    from exodossier.site.pages.consultation import Consultation


@dataclass
class SiteContext:
    """Lookups computed once per build, so each page only touches its own neighbours."""

    catalog: Catalog
    graph: nx.MultiDiGraph
    language: Language = "en"
    translate: Translate = field(default_factory=lambda: translator("site", "en"))
    stages: list[Any] = field(default_factory=list)
    stage_order: dict[str, int] = field(default_factory=dict)
    categories: dict[str, Category] = field(default_factory=dict)
    by_category: dict[str, list[Requirement]] = field(default_factory=dict)
    ctd_titles: dict[str, LocalizedText] = field(default_factory=dict)
    attributes: dict[str, Any] = field(default_factory=dict)
    anchors: dict[str, dict[str, str]] = field(default_factory=dict)
    release_marks: dict[str, tuple[str, str]] = field(default_factory=dict)
    position: dict[str, tuple[str, int]] = field(default_factory=dict)
    edit_base: str = ""  # URL of the catalog folder in the repository's editor, when the site has one
    consultation: Consultation | None = None  # the public consultation's rounds, when the site publishes them

    @classmethod
    def of(cls, catalog: Catalog, graph: nx.MultiDiGraph, consultation: Consultation | None = None, *,
           language: Language = "en", edit_base: str = "") -> "SiteContext":
        site = cls(catalog, graph, language, translator("site", language))
        site.edit_base = edit_base
        site.consultation = consultation
        site.stages = list(catalog.taxonomy.stages)
        site.stage_order = {stage.id: index for index, stage in enumerate(site.stages)}
        site.categories = {category.id: category for category in catalog.taxonomy.categories}
        site.by_category = {category_id: [] for category_id in site.categories}
        for requirement in catalog.requirements.values():
            site.by_category.setdefault(requirement.category, []).append(requirement)
        site.position = {r.id: (category_id, index) for category_id, members in site.by_category.items()
                         for index, r in enumerate(members)}
        site.ctd_titles = {section.id: section.title for section in catalog.taxonomy.ctd_sections}
        site.attributes = {attribute.id: attribute for attribute in catalog.taxonomy.attributes}
        site.anchors = {source.id: clause_anchors(source) for source in catalog.sources.values()}
        site.release_marks = release_marks(catalog)
        return site

    def stage_title(self, stage_id: str) -> str:
        stage = next((s for s in self.stages if s.id == stage_id), None)
        return self.plain(stage.title) if stage is not None else stage_id

    def plain(self, text: LocalizedText | None) -> str:
        """Catalog text in the edition's language, unescaped and unmarked (titles, tooltips, navigation)."""
        return in_language(text, self.language)[0] if text is not None else ""

    def neighbours(self, requirement: Requirement) -> tuple[Requirement | None, Requirement | None]:
        """The previous and next requirement of the same category, in catalog order."""
        category_id, index = self.position[requirement.id]
        members = self.by_category[category_id]
        return (members[index - 1] if index > 0 else None,
                members[index + 1] if index + 1 < len(members) else None)


def in_language(text: LocalizedText, language: str) -> tuple[str, bool]:
    """The text to show in an edition, and whether its translation is pending (missing or stale)."""
    return text.in_language(language)


def clause_anchors(source: Source) -> dict[str, str]:
    """Clause id -> HTML id on the source page: readable, unique, stable across builds."""
    anchors: dict[str, str] = {}
    taken: set[str] = set()
    for clause in source.clauses:
        slug = re.sub(r"[^a-z0-9]+", "-", clause.id.lower()).strip("-")
        anchor = f"clause-{slug}" if slug else "clause"
        if anchor in taken or not slug or not clause.id.isascii():
            anchor += "-" + hashlib.sha1(clause.id.encode("utf-8")).hexdigest()[:8]
        taken.add(anchor)
        anchors[clause.id] = anchor
    return anchors


def release_marks(catalog: Catalog) -> dict[str, tuple[str, str]]:
    """Requirement id -> (added or changed, version) from the latest release that touched it."""
    marks: dict[str, tuple[str, str]] = {}
    for release in catalog.releases.values():  # oldest first, so later releases win
        for change in release.requirements:
            if change.kind in (ChangeKind.ADDED, ChangeKind.CHANGED):
                marks[change.id] = (change.kind.value, release.version)
    return marks
