"""The catalog overview, one page per category, and the tags page."""

from __future__ import annotations

from collections import Counter

from exodossier.catalog.models import Category, RequirementStatus
from exodossier.site.context import SiteContext
from exodossier.site.escape import escape
from exodossier.site.fragments import requirement_table
from exodossier.site.labels import COUNT_HEADER, STATUS_LABELS
from exodossier.site.markup import front_matter, inline_text, md_link, md_table, page_text, text_block
from exodossier.site.paths import DOWNLOADS, GRAPH_PAGE, OVERVIEW, SOURCES_INDEX, TRACEABILITY, category_path


def _count_rows(site: SiteContext, from_path: str) -> list[list[str]]:
    rows = []
    totals: Counter[str] = Counter()
    for category_id, category in site.categories.items():
        counts = Counter(r.status.value for r in site.by_category[category_id])
        counts.update(f"crit:{r.criticality.value}" for r in site.by_category[category_id])
        counts["all"] = len(site.by_category[category_id])
        totals.update(counts)
        rows.append([md_link(from_path, category_path(category), escape(category.title.en)), *_counts(counts)])
    return rows + [["**All categories**", *(f"**{c}**" for c in _counts(totals))]]


def _counts(counts: Counter[str]) -> list[str]:
    keys = ["all", *(s.value for s in RequirementStatus), "crit:high", "crit:medium", "crit:low"]
    return [str(counts[k]) for k in keys]


def overview_page(site: SiteContext) -> str:
    info = site.catalog.taxonomy.catalog
    lines = front_matter("Catalog overview") + ["# Catalog overview", ""]
    lines += [f"**{escape(info.title.en)}**" + (f'<br><span lang="ja">{escape(info.title.ja)}</span>' if info.title.ja else ""),
              "", f"Version {escape(info.version)}" + (f", {escape(info.date)}" if info.date else "")
              + (f" · {inline_text(info.publisher)}" if info.publisher else ""), ""]
    if info.disclaimer:
        lines += ['!!! warning "Status of this document"', ""] + text_block(info.disclaimer, "    ")
    lines += [f"{len(site.catalog.requirements)} requirements in {len(site.categories)} categories cite "
              f"{len(site.catalog.sources)} {md_link(OVERVIEW, SOURCES_INDEX, 'sources')}. See also the "
              f"{md_link(OVERVIEW, TRACEABILITY, 'traceability matrices')}, the "
              f"{md_link(OVERVIEW, GRAPH_PAGE, 'graph overview')} and the {md_link(OVERVIEW, DOWNLOADS, 'downloads')}.", ""]
    lines += ["## Summary", ""] + md_table(COUNT_HEADER, _count_rows(site, OVERVIEW))
    for category_id, category in site.categories.items():
        lines += [f"## {escape(category.title.en)}", ""]
        if category.title.ja:
            lines += [f'<span lang="ja">{escape(category.title.ja)}</span>', ""]
        lines += requirement_table(site, OVERVIEW, site.by_category[category_id]) if site.by_category[category_id] \
            else ["No requirements yet.", ""]
    return page_text(lines)


def category_page(site: SiteContext, category: Category) -> str:
    path = category_path(category)
    requirements = site.by_category[category.id]
    lines = front_matter(category.title.en) + [f"# {escape(category.title.en)}", ""]
    if category.title.ja:
        lines += [f'<span lang="ja">{escape(category.title.ja)}</span>', ""]
    lines += text_block(category.description)
    statuses = Counter(STATUS_LABELS[r.status] for r in requirements)
    summary = ", ".join(f"{statuses[label]} {label}" for label in STATUS_LABELS.values() if statuses[label])
    lines += [f"{len(requirements)} requirements (ID prefix {escape(f'EXO-{category.id}')})"
              + (f": {summary}." if summary else "."), ""]
    lines += requirement_table(site, path, requirements) if requirements else ["No requirements yet.", ""]
    return page_text(lines)


def tags_page() -> str:
    return page_text(front_matter("Tags") + ["# Tags", "",
                                          "Requirements by category, topic and the stage from which they are expected.",
                                          "", "<!-- material/tags -->", ""])
