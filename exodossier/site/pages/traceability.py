"""The traceability page: coverage findings, re-review list, requirement x source and x CTD matrices."""

from __future__ import annotations

from typing import Callable

from exodossier.catalog.models import Requirement
from exodossier.graph.queries import coverage
from exodossier.site.context import SiteContext
from exodossier.site.escape import escape
from exodossier.site.fragments import clause_ref, needs_rereview, requirement_link, source_link
from exodossier.site.markup import bullets, front_matter, inline_text, md_table, page_text
from exodossier.site.paths import MATRIX_MAX_COLUMNS, TRACEABILITY


def _matrix(site: SiteContext, requirements: list[Requirement], columns: list[str], header: Callable[[str], str],
            cell: Callable[[Requirement, str], str]) -> list[str]:
    rows = [[requirement_link(site, TRACEABILITY, r.id, with_title=False), *(cell(r, c) for c in columns)]
            for r in requirements]
    return md_table(["Requirement", *(header(c) for c in columns)], rows)


def _source_matrix(site: SiteContext, requirements: list[Requirement]) -> list[str]:
    columns = sorted({c.source for r in requirements for c in r.citations})
    if not columns:
        return ["No citations in this category.", ""]
    if len(columns) > MATRIX_MAX_COLUMNS:
        rows = [[requirement_link(site, TRACEABILITY, r.id, with_title=False),
                 ", ".join(source_link(site, TRACEABILITY, c.source) + (f" §{escape(c.clause)}" if c.clause else "")
                           for c in r.citations)] for r in requirements]
        return md_table(["Requirement", "Sources (clauses)"], rows)

    def cell(requirement: Requirement, source_id: str) -> str:
        clauses = [c.clause or "●" for c in requirement.citations if c.source == source_id]
        return ", ".join(escape(c) for c in clauses)

    return _matrix(site, requirements, columns, lambda s: source_link(site, TRACEABILITY, s), cell)


def _ctd_matrix(site: SiteContext, requirements: list[Requirement]) -> list[str]:
    columns = sorted({s for r in requirements for s in r.ctd_sections})
    if not columns:
        return ["No CTD sections mapped in this category.", ""]
    if len(columns) > MATRIX_MAX_COLUMNS:
        rows = [[requirement_link(site, TRACEABILITY, r.id, with_title=False),
                 ", ".join(escape(s) for s in r.ctd_sections)] for r in requirements]
        return md_table(["Requirement", "CTD sections"], rows)
    return _matrix(site, requirements, columns, escape, lambda r, s: "●" if s in r.ctd_sections else "")


def _coverage_findings(site: SiteContext) -> list[str]:
    found = coverage(site.graph)
    lines = ["## Coverage findings", ""]
    findings = [
        ("Sources no requirement cites", [source_link(site, TRACEABILITY, s, with_title=True) for s in found.uncited_sources]),
        ("Clauses no requirement cites", [clause_ref(site, TRACEABILITY, c) for c in found.uncited_clauses]),
        ("Adopted requirements citing no source",
         [requirement_link(site, TRACEABILITY, r) for r in found.adopted_without_citation]),
        ("CTD sections no requirement maps to",
         [f"{escape(s)} {inline_text(site.ctd_titles.get(s))}".rstrip() for s in found.unmapped_ctd_sections]),
        ("Categories with fewer than five requirements",
         [f"{escape(site.categories[c].title.en) if c in site.categories else escape(c)} ({n})"
          for c, n in found.small_categories]),
    ]
    for title, items in findings:
        lines += [f"### {title} ({len(items)})", ""] + (bullets(items) if items else ["None.", ""])
    return lines


def _rereview_list(site: SiteContext) -> list[str]:
    suspects = [r for r in site.catalog.requirements.values()
                if any(needs_rereview(c, site.catalog.sources.get(c.source)) for c in r.citations)]
    lines = [f"## Requirements needing re-review ({len(suspects)})", "",
             "A citation needs re-review when it was never reviewed, or was reviewed against another version "
             "of the source than the catalog now holds.", ""]
    return lines + (bullets(requirement_link(site, TRACEABILITY, r.id) for r in suspects) if suspects else ["None.", ""])


def traceability_page(site: SiteContext) -> str:
    lines = front_matter("Traceability") + ["# Traceability", "",
                                             "Which requirement rests on which source, and where it goes in the CTD.", ""]
    lines += _coverage_findings(site) + _rereview_list(site)
    lines += ["## Requirements × sources", "",
              "Cells give the cited clause (● when the source is cited as a whole).", ""]
    for category_id, category in site.categories.items():
        lines += [f"### {escape(category.title.en)}", ""] + _source_matrix(site, site.by_category[category_id])
    lines += ["## Requirements × CTD sections", ""]
    for category_id, category in site.categories.items():
        lines += [f"### {escape(category.title.en)} {{#ctd-{category.slug}}}", ""]
        lines += _ctd_matrix(site, site.by_category[category_id])
    return page_text(lines)
