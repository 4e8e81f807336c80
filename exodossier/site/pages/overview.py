"""The catalog overview, one page per category, the by-stage view, the tags page and the home page's entry points."""

from __future__ import annotations

from collections import Counter

from exodossier.catalog.models import Category, Requirement, RequirementStatus
from exodossier.site.context import SiteContext
from exodossier.site.escape import escape
from exodossier.site.fragments import requirement_table
from exodossier.site.labels import count_header, status_label
from exodossier.site.markup import (
    WIDE,
    admonition,
    front_matter,
    heading,
    page_link,
    page_text,
    paragraph,
    strong,
    table,
)
from exodossier.site.pagination import Block, Section, continued, page_title, paginate
from exodossier.site.paths import (
    CHANGES_PAGE,
    LIST_MAX_ROWS,
    CTD_PAGE,
    OVERVIEW,
    SOURCES_INDEX,
    STAGES_PAGE,
    TRACEABILITY,
    category_path,
)
from exodossier.site.text import block, fill, inline, other_language



def _count_rows(site: SiteContext, from_path: str) -> list[list[str]]:
    _ = site.translate
    rows = []
    totals: Counter[str] = Counter()
    for category_id, category in site.categories.items():
        counts = Counter(r.status.value for r in site.by_category[category_id])
        counts.update(f"crit:{r.criticality.value}" for r in site.by_category[category_id])
        counts["all"] = len(site.by_category[category_id])
        totals.update(counts)
        rows.append([page_link(from_path, category_path(category), escape(site.plain(category.title))),
                     *_counts(counts)])
    return rows + [[strong(escape(_("All categories"))), *(strong(c) for c in _counts(totals))]]


def _counts(counts: Counter[str]) -> list[str]:
    keys = ["all", *(s.value for s in RequirementStatus), "crit:high", "crit:medium", "crit:low"]
    return [str(counts[k]) for k in keys]


def category_table(site: SiteContext, from_path: str) -> list[str]:
    """Counts per category, each category linked to its page."""
    return table([escape(cell) for cell in count_header(site.translate)], _count_rows(site, from_path))


def entry_points(site: SiteContext, from_path: str) -> list[str]:
    """Ways into the catalog, with counts: what a reviewer opens first (home page and overview)."""
    _ = site.translate
    catalog = site.catalog
    sections = {s for r in catalog.requirements.values() for s in r.ctd_sections}
    releases = len(catalog.releases)
    changed = (_("{count} releases").format(count=releases) if releases
               else _("no release yet: this is a working draft"))
    cards = [
        (OVERVIEW, _("By category"), _("{requirements} requirements in {categories} categories").format(
            requirements=len(catalog.requirements), categories=len(site.categories))),
        (STAGES_PAGE, _("By development stage"), _("{count} stages, from nonclinical to the marketing application")
         .format(count=len(site.stages))),
        (CTD_PAGE, _("By CTD section"), _("{count} CTD sections").format(count=len(sections))),
        (SOURCES_INDEX, _("Sources"), _("{count} cited documents").format(count=len(catalog.sources))),
        (TRACEABILITY, _("Traceability"), _("requirements against CTD sections and sources")),
        (CHANGES_PAGE, _("What changed"), changed),
    ]
    items = "".join(f"<li>{page_link(from_path, path, strong(escape(title)))}<br>{escape(detail)}</li>"
                    for path, title, detail in cards)
    return [f'<div class="grid cards exo-entry-points"><ul>{items}</ul></div>', ""]


def overview_page(site: SiteContext) -> str:
    _ = site.translate
    info = site.catalog.taxonomy.catalog
    lines = front_matter(_("Catalog overview"), hide=("navigation",)) + WIDE + heading(1, escape(_("Catalog overview")))
    parallel = other_language(site, info.title)
    lines += paragraph(strong(inline(site, info.title)) + (f'<br><span lang="{parallel[0]}">{parallel[1]}</span>'
                                                          if parallel else ""))
    lines += paragraph(escape(_("Version {version}").format(version=info.version))
                       + (f", {escape(info.date)}" if info.date else "")
                       + (f" · {inline(site, info.publisher)}" if info.publisher else ""))
    if info.disclaimer:
        lines += admonition("warning", escape(_("Status of this document")), block(site, info.disclaimer))
    lines += entry_points(site, OVERVIEW)
    lines += heading(2, escape(_("Summary"))) + category_table(site, OVERVIEW)
    listed = len(site.catalog.requirements) <= LIST_MAX_ROWS  # beyond, each category page lists its own
    for category_id, category in site.categories.items():
        members = site.by_category[category_id]
        lines += heading(2, escape(site.plain(category.title)), category.slug)
        if not members:
            lines += paragraph(escape(_("No requirements yet.")))
        elif listed:
            lines += requirement_table(site, OVERVIEW, members)
        else:
            lines += paragraph(fill(_("{count} requirements, listed on the category page {link}."),
                                    count=str(len(members)),
                                    link=page_link(OVERVIEW, category_path(category), escape(site.plain(category.title)))))
    return page_text(lines)


def _by_topic(requirements: list[Requirement]) -> dict[str, list[Requirement]]:
    """Requirements grouped under their topic, topics in order of first appearance (catalog order)."""
    groups: dict[str, list[Requirement]] = {}
    for requirement in requirements:
        groups.setdefault(requirement.topic, []).append(requirement)
    return groups


def category_page(site: SiteContext, category: Category) -> str:
    _ = site.translate
    path = category_path(category)
    requirements = site.by_category[category.id]
    lines = front_matter(site.plain(category.title)) + WIDE + heading(1, escape(site.plain(category.title)))
    parallel = other_language(site, category.title)
    if parallel is not None:
        lines += [f'<p class="exo-subtitle" lang="{parallel[0]}">{parallel[1]}</p>', ""]
    lines += block(site, category.description)
    statuses = Counter(r.status for r in requirements)
    summary = ", ".join(f"{statuses[s]} {status_label(s, _)}" for s in RequirementStatus if statuses[s])
    lines += paragraph(escape(_("{count} requirements (ID prefix {prefix})").format(count=len(requirements),
                                                                                     prefix=f"EXO-{category.id}"))
                       + (f": {escape(summary)}." if summary else "."))
    if not requirements:
        return page_text(lines + paragraph(escape(_("No requirements yet."))))
    for topic, members in _by_topic(requirements).items():
        lines += heading(2, escape(topic))
        lines += requirement_table(site, path, members, with_topic=False, with_summary=True)
    return page_text(lines)


def stages_pages(site: SiteContext) -> dict[str, str]:
    """Requirements by the stage from which they are first expected: what a sponsor must have by when
    (numbered pages when the catalog has more requirements than one page holds)."""
    _ = site.translate
    by_stage: dict[str, list[Requirement]] = {stage.id: [] for stage in site.stages}
    for requirement in site.catalog.requirements.values():
        by_stage.setdefault(requirement.stage_expectations[0].stage, []).append(requirement)
    blocks: list[Block] = []
    for stage in site.stages:
        members = by_stage[stage.id]
        title = escape(site.plain(stage.title))
        blocks.append(Section(heading(2, f"{title} ({len(members)})", stage.id), heading(2, continued(title, _)),
                              members, lambda rows: requirement_table(site, STAGES_PAGE, list(rows)),
                              empty=tuple(paragraph(escape(_("None."))))))

    def head(number: int, count: int) -> list[str]:
        title = page_title(_("Requirements by development stage"), number, count, _)
        return (front_matter(title, hide=("navigation",)) + WIDE + heading(1, escape(title))
                + paragraph(escape(_("Each requirement is listed under the stage from which it is first expected; "
                                     "its page shows how the expectation grows at later stages."))))

    return {path: page_text(lines) for path, lines in paginate(STAGES_PAGE, head, blocks, _).items()}


def tags_page(site: SiteContext) -> str:
    _ = site.translate
    # Markdown, not ready HTML: Material's tags plugin turns its directive into the listing while reading Markdown.
    return page_text(front_matter(_("Tags"), ready=False) + ["# " + escape(_("Tags")), "",
                                                             escape(_("Requirements by category, topic and the stage "
                                                                      "from which they are expected.")),
                                                             "", "<!-- material/tags -->", ""])
