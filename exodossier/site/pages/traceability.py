"""Traceability: requirement x CTD section matrices in CTD order, the by-section view, requirement x source.

A reviewer checking one Module 3 section wants that section's requirements first, so the CTD
matrices come first, one per module part (3.2.S, 3.2.P, 3.2.A, 3.2.R), in the order of the CTD.
The committee's housekeeping (uncited sources, unmapped sections) lives on the committee page.
"""

from __future__ import annotations

import re
from typing import Callable, Sequence

from exodossier.catalog.models import Requirement
from exodossier.site.context import SiteContext
from exodossier.site.escape import escape
from exodossier.site.fragments import id_html, requirement_link, source_link
from exodossier.site.markup import WIDE, bullets, front_matter, header, heading, page_link, page_text, paragraph, table
from exodossier.site.pagination import Block, Section, continued, page_title as _page_title, paginate
from exodossier.site.paths import CTD_PAGE, MATRIX_MAX_COLUMNS, TRACEABILITY
from exodossier.site.text import inline

_PART_ORDER = {"S": 0, "P": 1, "A": 2, "R": 3}


def ctd_key(section: str) -> tuple[tuple[int, int, str], ...]:
    """CTD order: numbers numerically, and 3.2.S before 3.2.P, then A and R."""
    key = []
    for token in section.split("."):
        if token.isdigit():
            key.append((0, int(token), ""))
        else:
            key.append((1, _PART_ORDER.get(token, 9), token))
    return tuple(key)


def ctd_part(section: str) -> str:
    """The module part a section belongs to: 3.2.S, 3.2.P, 3.2.A, 3.2.R, or its first two levels."""
    match = re.match(r"^3\.2\.[A-Z]", section)
    return match.group(0) if match else ".".join(section.split(".")[:2])


def ordered_sections(site: SiteContext, sections: set[str]) -> list[str]:
    return sorted(sections, key=ctd_key)


def _part_title(site: SiteContext, part: str) -> str:
    _ = site.translate
    titles = {"3.2.S": _("3.2.S Drug substance"), "3.2.P": _("3.2.P Drug product"), "3.2.A": _("3.2.A Appendices"),
              "3.2.R": _("3.2.R Regional information")}
    return titles.get(part) or f"{part} {site.plain(site.ctd_titles.get(part))}".strip()


def _matrix(rows: list[list[str]], columns: list[str]) -> list[str]:
    """A table whose first column stays in view while the rest scrolls (see `.exo-matrix`)."""
    return ['<div class="exo-matrix">', *table(columns, rows), "</div>", ""]


def _row_label(site: SiteContext, requirement: Requirement, path: str) -> str:
    return requirement_link(site, path, requirement.id)


def _ctd_matrices(site: SiteContext) -> list[Block]:
    _ = site.translate
    mapped: dict[str, list[Requirement]] = {}
    for requirement in site.catalog.requirements.values():
        for section in requirement.ctd_sections:
            mapped.setdefault(section, []).append(requirement)
    by_part: dict[str, list[str]] = {}
    for section in ordered_sections(site, set(mapped)):
        by_part.setdefault(ctd_part(section), []).append(section)
    blocks: list[Block] = [heading(2, escape(_("Requirements × CTD sections"))) + paragraph(
        escape(_("One matrix per part of Module 3, in CTD order; hover over a section number for its title. The same "
                 "mapping, section by section, is on the page")) + " "
        + page_link(TRACEABILITY, CTD_PAGE, escape(_("Requirements by CTD section"))) + ".")]
    for part, columns in by_part.items():
        requirements = sorted({r.id: r for s in columns for r in mapped[s]}.values(), key=lambda r: r.id)
        title = escape(_part_title(site, part))
        blocks.append(Section(heading(3, title, f"ctd-{part.replace('.', '-').lower()}"),
                              heading(3, continued(title, _)), requirements, _ctd_matrix(site, columns)))
    return blocks


def _ctd_matrix(site: SiteContext, columns: list[str]) -> Callable[[Sequence[Requirement]], list[str]]:
    """Writes some rows of one part's matrix (its columns are the part's sections, on every page)."""
    columns_header = [escape(site.translate("Requirement")),
                      *(f'<abbr title="{escape(site.plain(site.ctd_titles.get(s)), markdown=False)}">{escape(s)}</abbr>'
                        for s in columns)]

    def render(requirements: Sequence[Requirement]) -> list[str]:
        return _matrix([[_row_label(site, r, TRACEABILITY), *("●" if s in r.ctd_sections else "" for s in columns)]
                        for r in requirements], columns_header)

    return render


def _source_matrix(site: SiteContext, requirements: list[Requirement]) -> Callable[[Sequence[Requirement]], list[str]]:
    """Writes some rows of one category's requirement x source matrix (columns: every source the category cites)."""
    _ = site.translate
    columns = sorted({c.source for r in requirements for c in r.citations})
    if len(columns) > MATRIX_MAX_COLUMNS:
        def as_list(rows: Sequence[Requirement]) -> list[str]:
            return _matrix([[_row_label(site, r, TRACEABILITY),
                             ", ".join(source_link(site, TRACEABILITY, c.source)
                                       + (f" §{escape(c.clause)}" if c.clause else "") for c in r.citations)]
                            for r in rows], header(_("Requirement"), _("Sources (clauses)")))
        return as_list

    def cell(requirement: Requirement, source_id: str) -> str:
        clauses = [c.clause or "●" for c in requirement.citations if c.source == source_id]
        return ", ".join(escape(c) for c in clauses)

    columns_header = [escape(_("Requirement")), *(source_link(site, TRACEABILITY, s) for s in columns)]

    def as_grid(rows: Sequence[Requirement]) -> list[str]:
        return _matrix([[_row_label(site, r, TRACEABILITY), *(cell(r, s) for s in columns)] for r in rows],
                       columns_header)

    return as_grid


def traceability_pages(site: SiteContext) -> dict[str, str]:
    """The matrices page, continued on numbered pages when the catalog has more rows than one page holds."""
    _ = site.translate
    blocks = [*_ctd_matrices(site), heading(2, escape(_("Requirements × sources"))) + paragraph(
        escape(_("Cells give the cited clause (● when the source is cited as a whole).")))]
    for category_id, category in site.categories.items():
        title = escape(site.plain(category.title))
        requirements = site.by_category[category_id]
        cited = any(r.citations for r in requirements)
        blocks.append(Section(heading(3, title, f"sources-{category.slug}"), heading(3, continued(title, _)),
                              requirements if cited else [], _source_matrix(site, requirements),
                              empty=tuple(paragraph(escape(_("No citations in this category."))))))

    def head(number: int, count: int) -> list[str]:
        title = _page_title(_("Traceability"), number, count, _)
        return (front_matter(title, hide=("navigation",)) + WIDE + heading(1, escape(title))
                + paragraph(escape(_("Where each requirement goes in the CTD, and which source it rests on."))))

    return {path: page_text(lines) for path, lines in paginate(TRACEABILITY, head, blocks, _).items()}


def ctd_sections_pages(site: SiteContext) -> dict[str, str]:
    """Section -> requirement titles: what a reviewer checking one Module 3 section wants (numbered pages
    when the catalog has more entries than one page holds)."""
    _ = site.translate
    mapped: dict[str, list[Requirement]] = {}
    for requirement in site.catalog.requirements.values():
        for section in requirement.ctd_sections:
            mapped.setdefault(section, []).append(requirement)
    sections = ordered_sections(site, set(site.ctd_titles) | set(mapped))
    part = ""
    blocks: list[Block] = []
    for section in sections:
        if ctd_part(section) != part:
            part = ctd_part(section)
            blocks.append(heading(2, escape(_part_title(site, part))))
        members = mapped.get(section, [])
        title = f"{id_html(section)} {inline(site, site.ctd_titles.get(section))}"
        blocks.append(Section(heading(3, f"{title} ({len(members)})", _section_anchor(section)),
                              heading(3, continued(title.strip(), _)), members,
                              lambda rows: bullets(requirement_link(site, CTD_PAGE, r.id) for r in rows),
                              empty=tuple(paragraph(escape(_("No requirement maps to this section yet."))))))

    def head(number: int, count: int) -> list[str]:
        title = _page_title(_("Requirements by CTD section"), number, count, _)
        return front_matter(title) + heading(1, escape(title)) + paragraph(
            escape(_("Each CTD section with the requirements that map to it, in CTD order.")))

    return {path: page_text(lines) for path, lines in paginate(CTD_PAGE, head, blocks, _).items()}


def _section_anchor(section: str) -> str:
    return "ctd-" + section.replace(".", "-").lower()

