"""The graph overview: how categories hang together and which sources each rests on."""

from __future__ import annotations

from collections import Counter

from exodossier.graph.queries import most_cited, stats
from exodossier.site.context import SiteContext
from exodossier.site.escape import escape
from exodossier.site.fragments import clause_ref, source_link
from exodossier.site.markup import front_matter, header, heading, page_text, paragraph, table
from exodossier.site.paths import GRAPH_PAGE, OVERVIEW_MAX_SOURCES
from exodossier.site.svg import Box, bubble_matrix, ring
from exodossier.site.text import fill


def _category_citations(site: SiteContext) -> dict[tuple[str, str], int]:
    """(category id, source id) -> number of requirements of the category citing the source."""
    counts: Counter[tuple[str, str]] = Counter()
    for requirement in site.catalog.requirements.values():
        for source_id in {c.source for c in requirement.citations}:
            counts[(requirement.category, source_id)] += 1
    return dict(counts)


def _citation_matrix(site: SiteContext) -> str:
    categories = list(site.categories)
    counts = _category_citations(site)
    per_source: Counter[str] = Counter()
    for (_, source_id), count in counts.items():
        per_source[source_id] += count
    sources = [s for s, _ in sorted(per_source.items(), key=lambda kv: (-kv[1], kv[0]))[:OVERVIEW_MAX_SOURCES]]
    rows = [Box(s, f"{s} {site.plain(site.catalog.sources[s].title)}" if s in site.catalog.sources else s, "source")
            for s in sources]
    columns = [Box(c, site.plain(site.categories[c].title), "category") for c in categories]
    row_of, column_of = {s: i for i, s in enumerate(sources)}, {c: i for i, c in enumerate(categories)}
    cells = {(row_of[s], column_of[c]): n for (c, s), n in counts.items() if s in row_of and c in column_of}
    _ = site.translate
    return bubble_matrix(rows, columns, cells, _("Requirements of each category citing each source"),
                         _("{category} → {source}: {count} requirement(s)"))


def _relation_counts(site: SiteContext) -> Counter[tuple[str, str]]:
    """(from category, to category) -> related-requirement links between them."""
    counts: Counter[tuple[str, str]] = Counter()
    for requirement in site.catalog.requirements.values():
        for relation in requirement.related:
            target = site.catalog.requirements.get(relation.id)
            if target is not None:
                counts[(requirement.category, target.category)] += 1
    return counts


def _category_ring(site: SiteContext, counts: Counter[tuple[str, str]]) -> str:
    ids = list(site.categories)
    index = {c: i for i, c in enumerate(ids)}
    links: Counter[tuple[int, int]] = Counter()
    for (a, b), n in counts.items():
        if a != b and a in index and b in index:
            low, high = sorted((index[a], index[b]))
            links[(low, high)] += n
    nodes = [Box(f"{c} ({len(site.by_category[c])})", site.plain(site.categories[c].title), "category") for c in ids]
    _ = site.translate
    return ring(nodes, dict(links), _("Links between requirements of different categories"),
                _("{first} – {second}: {count} link(s)"))


def _relation_matrix(site: SiteContext, counts: Counter[tuple[str, str]]) -> list[str]:
    _ = site.translate
    ids = list(site.categories)
    rows = [[escape(site.plain(site.categories[a].title)), *(str(counts[(a, b)] or "") for b in ids)] for a in ids]
    return table([escape(_("From \\ to")), *(escape(i) for i in ids)], rows)


def graph_page(site: SiteContext) -> str:
    _ = site.translate
    relations = _relation_counts(site)
    lines = front_matter(_("Graph overview")) + heading(1, escape(_("Graph overview")))
    lines += paragraph(escape(_("The catalog as a graph, at the level of categories and sources. Each requirement's "
                                "own neighbourhood is drawn on its page.")))
    legend = "; ".join(f"{escape(c.id)} {escape(site.plain(c.title))}" for c in site.categories.values())
    lines += paragraph(fill(_("Category codes: {legend}."), legend=legend))
    lines += heading(2, escape(_("How categories hang together")))
    lines += paragraph(escape(_("Categories (with their number of requirements) joined by the related-requirement "
                                "links (depends on, refines, see also) between their requirements; thicker lines mean "
                                "more links.")))
    lines += [_category_ring(site, relations), ""]
    lines += paragraph(escape(_("The same links as numbers, from a category (row) to a category (column):")))
    lines += _relation_matrix(site, relations)
    lines += heading(2, escape(_("Which sources each category rests on")))
    lines += paragraph(escape(_("Circle size shows how many requirements of a category (column) cite a source (row); "
                                "the {count} most cited sources are shown, most cited first.")
                              .format(count=OVERVIEW_MAX_SOURCES)))
    lines += [_citation_matrix(site), ""]
    lines += heading(2, escape(_("Most cited sources and clauses")))
    rows = [[clause_ref(site, GRAPH_PAGE, key) if "#" in key else source_link(site, GRAPH_PAGE, key), str(n)]
            for key, n in most_cited(site.graph)]
    lines += table(header(_("Source or clause"), _("Requirements")), rows)
    counts = stats(site.graph)
    lines += heading(2, escape(_("Size of the graph")))
    lines += table(header(_("Kind"), _("Nodes")),
                   [[escape(k.replace("_", " ")), str(v)] for k, v in counts["nodes"].items()])
    lines += table(header(_("Relation"), _("Edges")),
                   [[escape(k.replace("_", " ")), str(v)] for k, v in counts["edges"].items()])
    return page_text(lines)
