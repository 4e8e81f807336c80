"""Search entries for the generated requirement, source and category pages, built from the models.

Material's search plugin finds a page's sections by parsing its finished HTML with `html.parser`,
about a quarter of a site build when every requirement and source has a page. These pages are
pure functions of the catalog, so their sections are known before any HTML exists: this module
writes the same entries (page and section locations, titles, tags, text) from the models, the
plugin leaves the pages out of Material's indexing (`search: exclude` in the page meta) and
merges these entries into `search/search_index.json` after Material has written it.

Anchors come from the slug function the pages' headings use (the `toc` extension's `slugify`,
passed in by the plugin) with Python-Markdown's own de-duplication, so a result opens the
section the reader searched for. Text is plain text, HTML-escaped, in `<p>` and `<li>` blocks,
as Material's client renders entries as HTML and tokenises only the text between tags.
"""

from __future__ import annotations

import html
import itertools
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Collection, Iterable, Iterator

from markdown.extensions.toc import unique

from exodossier.catalog.models import Category, Requirement, RequirementStatus, Source
from exodossier.graph.build import CITES, clause_node, req_node, src_node
from exodossier.graph.queries import backlinks, predecessors_by
from exodossier.outputs import write_atomic_stream
from exodossier.site.context import SiteContext
from exodossier.site.escape import escape
from exodossier.site.fragments import clause_label, expected_from, first_sentence, release_badge, status_badges
from exodossier.site.labels import criticality_label, relation_label, source_kind_heading, status_label
from exodossier.site.pages.consultation import requirement_section
from exodossier.site.pages.requirement import (
    RequirementView,
    _citation_rows,
    _stage_rows,
    edit_link,
    requirement_tags,
    version_line,
)
from exodossier.site.pages.source import _citing_item, _source_facts
from exodossier.site.paths import category_path, requirement_path, source_path
from exodossier.site.svg import MAX_PER_COLUMN
from exodossier.site.text import html_paragraphs, inline, other_language, pending_mark

Slugify = Callable[[str, str], str]
Entry = dict[str, Any]

_TAG = re.compile(r"<[^>]*>")
_SUP = re.compile(r"<sup\b")  # the pending-check mark "†" after a title: a word of its own, as Material keeps it
_MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")


def plain(markup: str) -> str:
    """The words of a page fragment (escaped HTML or Markdown links), as a reader sees them, unescaped."""
    text = _MD_LINK.sub(r"\1", markup) if "](" in markup else markup
    if "<" in text:
        text = _TAG.sub("", _SUP.sub(" <sup", text))
    return " ".join(html.unescape(text.replace("**", "")).split())


def _p(*parts: str) -> str:
    """Paragraphs of plain text, escaped for the client (which renders entries as HTML)."""
    return " ".join(f"<p>{html.escape(part, quote=False)}</p>" for part in parts if part)


def _ul(items: Iterable[str]) -> str:
    rendered = "".join(f"<li>{html.escape(item, quote=False)}</li>" for item in items if item)
    return f"<ul>{rendered}</ul>" if rendered else ""


def _words(*parts: str) -> str:
    """Table or diagram text: words separated by spaces (Material runs its cells together)."""
    return html.escape(" ".join(part for part in parts if part), quote=False)


@dataclass
class PageIndex:
    """One page's entries: the preface (the page itself), then a section per heading, with unique anchors."""

    location: str
    title: str
    slugify: Slugify
    tags: list[str] | None = None
    entries: list[Entry] = field(default_factory=list)
    used: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.entries.append(self._entry(self.location, escape(self.title, markdown=False)))

    def _entry(self, location: str, title: str) -> Entry:
        entry: Entry = {"location": location, "title": title, "text": ""}
        if self.tags is not None:
            entry["tags"] = list(self.tags)
        return entry

    def section(self, heading: str, anchor: str | None = None, mark: str = "") -> None:
        """A new section under `heading` (plain text, then `mark`: ready HTML); its anchor is `anchor`,
        or the heading's slug."""
        slug = anchor or unique(self.slugify(heading, "-"), self.used)
        self.used.add(slug)
        self.entries.append(self._entry(f"{self.location}#{slug}", html.escape(heading, quote=False) + mark))

    def add(self, *parts: str) -> None:
        """Text (already escaped blocks) for the current section."""
        current = self.entries[-1]
        current["text"] = " ".join(part for part in (current["text"], *parts) if part)


def page_url(path: str, directory_urls: bool = True) -> str:
    """The URL mkdocs gives a page at `path` (relative to the site root), as search locations are written."""
    stem = path.removesuffix(".md")
    if not directory_urls:
        return stem + ".html"
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"


def _requirement_heading(page: PageIndex, view: RequirementView) -> None:
    site, requirement, _ = view.site, view.requirement, view.site.translate
    page.section(f"{requirement.id} {site.plain(requirement.title)}")
    parallel = other_language(site, requirement.title)
    subtitle = plain(parallel[1]) if parallel is not None else (plain(pending_mark(site)) if site.language != "en"
                                                                 else "")
    page.add(_p(subtitle, plain(version_line(site)),
                plain(status_badges(site, requirement) + release_badge(site, requirement))))
    if requirement.status is RequirementStatus.RETIRED and requirement.retired_reason:
        page.add(_p(_("Retired"), *(plain(p) for p in html_paragraphs(site, requirement.retired_reason))))
    statement = requirement.statement
    page.add(_p(_("Statement")))
    if statement.ja is None:
        page.add(_p(*(plain(p) for p in html_paragraphs(site, statement))))
        return
    japanese = [statement.ja] + ([plain(pending_mark(site, missing=False))] if statement.ja_pending else [])
    tabs = {"en": ("English", [statement.en]), "ja": ("日本語", japanese)}
    order = ("ja", "en") if site.language == "ja" else ("en", "ja")
    page.add(_words(tabs[order[0]][0], tabs[order[1]][0]))
    for language in order:
        page.add(_p(" ".join(" ".join(part.split()) for part in tabs[language][1])))


def _requirement_body(page: PageIndex, view: RequirementView) -> None:
    site, requirement, _ = view.site, view.requirement, view.site.translate
    page.section(_("Rationale"))
    page.add(_p(*(plain(p) for p in html_paragraphs(site, requirement.rationale))))
    page.section(_("Expectations by development stage"))
    rows = _stage_rows(site, requirement.stage_expectations)
    page.add(_words(_("Stage"), _("Expectation"), _("What is expected"), *(plain(c) for row in rows for c in row)))
    page.section(_("Applicability"))
    if not requirement.applicability:
        page.add(_p(_("Applies to every product.")))
    else:
        items = []
        for attribute_id, values in requirement.applicability.items():
            attribute = site.attributes.get(attribute_id)
            titles = {v.id: v.title for v in attribute.values} if attribute else {}
            name = plain(inline(site, attribute.title)) if attribute else attribute_id
            shown = ", ".join(plain(inline(site, titles[v])) if v in titles else v for v in values)
            items.append(f"{name}: {shown}")
        page.add(_p(_("Applies when every condition below holds for the product:")), _ul(items))
    for title, listed, empty in (
            (_("Acceptance criteria (examples)"), requirement.acceptance_criteria,
             _("No example acceptance criteria are given.")),
            (_("Methods"), requirement.methods, _("No methods are listed.")),
            (_("Evidence a sponsor would show"), requirement.evidence, _("No evidence items are listed."))):
        page.section(title)
        page.add(_ul(plain(inline(site, item)) for item in listed) or _p(empty))
    page.section(_("CTD sections"))
    page.add(_ul(f"{s} {plain(inline(site, site.ctd_titles.get(s)))}".rstrip() for s in requirement.ctd_sections)
             or _p(_("No CTD section is mapped.")))


def _requirement_citations(page: PageIndex, view: RequirementView) -> None:
    _ = view.site.translate
    page.section(_("Citations"))
    if not view.requirement.citations:
        page.add(_p(_("This requirement cites no source yet.")))
        return
    rows, marked = _citation_rows(view)
    page.add(_words(_("Source"), _("Clause"), _("Reviewed against"), _("Note"), *(plain(c) for row in rows for c in row)))
    if marked:
        page.add(_p(plain(_("{mark} The committee is still checking this reference against the official text. {link}")
                          .format(mark="†", link=_("The state of every check")))))


def _titled(site: SiteContext, requirement_id: str) -> str:
    other = site.catalog.requirements.get(requirement_id)
    return f"{requirement_id} {site.plain(other.title)}" if other is not None else requirement_id


def _requirement_links(page: PageIndex, view: RequirementView) -> None:
    site, requirement, _ = view.site, view.requirement, view.site.translate
    page.section(_("Related requirements"))
    if requirement.related:
        page.add(_ul(f"{relation_label(r.type.value, _)} {_titled(site, r.id)}" for r in requirement.related))
    else:
        page.add(_p(_("This requirement names no related requirements.")))
    links = backlinks(site.graph, req_node(requirement.id))
    incoming = [(_("Depended on by"), links.depended_on_by), (_("Refined by"), links.refined_by),
                (_("Referred to (see also) by"), links.see_also_from)]
    page.section(_("Cited by / depended on by"), "backlinks")
    if not any(ids for _label, ids in incoming):
        page.add(_p(_("No other requirement points to this one.")))
    for label, ids in incoming:
        if ids:
            page.add(_p(label), _ul(_titled(site, i) for i in ids))
    consultation = requirement_section(site.consultation, requirement, site.catalog.version)
    if consultation:
        page.section(plain(consultation[0].removeprefix("## ").removesuffix(" {#consultation}")), "consultation")
        page.add(_p(*(plain(line) for line in consultation[1:] if line)))


def _column(labels: list[tuple[str, str]], more: tuple[str, str]) -> list[str]:
    """One side of the neighbourhood diagram: relation label and box per link, capped as the diagram caps it."""
    if len(labels) > MAX_PER_COLUMN:
        rest = len(labels) - (MAX_PER_COLUMN - 1)
        labels = labels[: MAX_PER_COLUMN - 1] + [(more[1].format(count=rest), more[0].format(count=rest))]
    return [part for pair in labels for part in pair]


def _requirement_neighbourhood(page: PageIndex, view: RequirementView) -> None:
    site, requirement, _ = view.site, view.requirement, view.site.translate
    page.section(_("Neighbourhood"))
    page.add(_p(_("On a small screen the diagram is replaced by the lists above.")))
    links = backlinks(site.graph, req_node(requirement.id))
    incoming = ([(relation_label("depends_on", _), _titled(site, i)) for i in links.depended_on_by]
                + [(relation_label("refines", _), _titled(site, i)) for i in links.refined_by]
                + [(relation_label("see_also", _), _titled(site, i)) for i in links.see_also_from])
    outgoing = [(relation_label(r.type.value, _), _titled(site, r.id)) for r in requirement.related]
    for source_id in dict.fromkeys(c.source for c in requirement.citations):
        source = site.catalog.sources.get(source_id)
        outgoing.append((_("cites"), f"{source_id} {site.plain(source.title)}" if source else source_id))
    more = (_("+{count} more"), _("{count} more links, listed below"))
    page.add(_words(_("Neighbourhood of {id}").format(id=requirement.id), *_column(incoming, more),
                    *_column(outgoing, more), _titled(site, requirement.id)))


def _requirement_end(page: PageIndex, view: RequirementView) -> None:
    site, requirement, _ = view.site, view.requirement, view.site.translate
    if requirement.model_case_notes:
        page.section(_("Model case notes"))
        page.add(_p(*(plain(p) for p in html_paragraphs(site, requirement.model_case_notes))))
    if requirement.history:
        page.section(_("Review history"))
        page.add(_words(_("Status"), _("By"), _("On"), _("Reason"),
                        *(f"{status_label(h.status, _)} {h.by} {h.on} {plain(inline(site, h.reason))}"
                          for h in requirement.history)))
    page.add(_p(plain(edit_link(view))))
    before, after = site.neighbours(requirement)
    parts = []
    if before is not None:
        parts.append(_("← Previous: {link}").format(link=_titled(site, before.id)))
    if after is not None:
        parts.append(_("Next: {link} →").format(link=_titled(site, after.id)))
    page.add(_p(" ".join(parts)))


def requirement_entries(site: SiteContext, requirement: Requirement, slugify: Slugify,
                        directory_urls: bool = True) -> list[Entry]:
    """The search entries of a requirement page: breadcrumb, heading and statement, then each section."""
    _ = site.translate
    page = PageIndex(page_url(requirement_path(requirement.id), directory_urls),
                     f"{requirement.id} {site.plain(requirement.title)}", slugify,
                     [escape(tag, markdown=False) for tag in requirement_tags(site, requirement)])
    page.used.update({"backlinks", "consultation"})
    category = site.categories.get(requirement.category)
    if category is not None:
        page.add(_p(f"{_('Requirements')} › {site.plain(category.title)} › {requirement.topic}"))
    view = RequirementView(site, requirement)
    for part in (_requirement_heading, _requirement_body, _requirement_citations, _requirement_links,
                 _requirement_neighbourhood, _requirement_end):
        part(page, view)
    return page.entries


def source_entries(site: SiteContext, source: Source, slugify: Slugify, directory_urls: bool = True) -> list[Entry]:
    """The search entries of a source page: facts, summary, and a section per clause with its citing requirements."""
    _ = site.translate
    path = source_path(source.id)
    title = site.plain(source.title)
    page = PageIndex(page_url(path, directory_urls), f"{source.id} {title}", slugify)
    anchors = site.anchors[source.id]
    page.used.update(anchors.values())
    page.add(_p(f"{_('Sources')} › {source_kind_heading(source.kind, _)}"))
    page.section(f"{source.id} {title}")
    parallel = other_language(site, source.title)
    if parallel is not None and plain(parallel[1]) != title:
        page.add(_p(plain(parallel[1])))
    if source.url:
        page.add(_p(_("Read the official text")))
    page.add(_words(_("Property"), _("Value"), *(plain(c) for row in _source_facts(site, path, source) for c in row)))
    if source.summary:
        page.section(_("Summary"))
        page.add(_p(*(plain(p) for p in html_paragraphs(site, source.summary))))
    page.section(_("Requirements citing this source"))
    for clause in source.clauses:
        citers = [n.split(":", 1)[1] for n in predecessors_by(site.graph, clause_node(source.id, clause.id), CITES)]
        label = clause_label(site, clause)
        page.section(plain(label.text), anchors[clause.id], "<sup>†</sup>" if label.hedge else "")
        page.add(_ul(plain(_citing_item(site, path, r, source, clause.id)) for r in citers)
                 or _p(_("No requirement cites this clause.")))
    whole = [n.split(":", 1)[1] for n in predecessors_by(site.graph, src_node(source.id), CITES)]
    if whole:
        page.section(_("The source as a whole"))
        page.add(_ul(plain(_citing_item(site, path, r, source, None)) for r in whole))
    if not source.clauses and not whole:
        page.add(_p(_("No requirement cites this source.")))
    return page.entries


def category_entries(site: SiteContext, category: Category, slugify: Slugify,
                     directory_urls: bool = True) -> list[Entry]:
    """The search entries of a category page: description and counts, then a table per topic."""
    _ = site.translate
    title = site.plain(category.title)
    page = PageIndex(page_url(category_path(category), directory_urls), title, slugify)
    page.section(title)
    parallel = other_language(site, category.title)
    if parallel is not None:
        page.add(_p(plain(parallel[1])))
    page.add(_p(*(plain(p) for p in html_paragraphs(site, category.description))))
    requirements = site.by_category[category.id]
    statuses = [r.status for r in requirements]
    summary = ", ".join(f"{statuses.count(s)} {status_label(s, _)}" for s in RequirementStatus if s in statuses)
    page.add(_p(_("{count} requirements (ID prefix {prefix})").format(count=len(requirements),
                                                                       prefix=f"EXO-{category.id}")
                + (f": {summary}." if summary else ".")))
    if not requirements:
        page.add(_p(_("No requirements yet.")))
    topics: dict[str, list[Requirement]] = {}
    for requirement in requirements:
        topics.setdefault(requirement.topic, []).append(requirement)
    header = [_("ID"), _("Requirement"), _("Criticality"), _("Expected from"), _("Status")]
    for topic, members in topics.items():
        page.section(topic)
        page.add(_words(*header, *(part for r in members for part in (
            r.id, plain(inline(site, r.title)), first_sentence(site.plain(r.statement)),
            criticality_label(r.criticality, _), plain(expected_from(site, r)), status_label(r.status, _)))))
    return page.entries


def indexed_pages(site: SiteContext) -> list[str]:
    """The generated pages (paths in the docs folder) whose entries this module writes."""
    return ([category_path(c) for c in site.catalog.taxonomy.categories]
            + [requirement_path(i) for i in site.catalog.requirements]
            + [source_path(i) for i in site.catalog.sources])


def iter_search_entries(site: SiteContext, slugify: Slugify, directory_urls: bool = True) -> Iterator[Entry]:
    """Every entry of the generated pages listed by `indexed_pages`, in that order, a page at a time:
    at 10,000 requirements the whole list is a few hundred megabytes of Python objects."""
    for category in site.catalog.taxonomy.categories:
        yield from category_entries(site, category, slugify, directory_urls)
    for requirement in site.catalog.requirements.values():
        yield from requirement_entries(site, requirement, slugify, directory_urls)
    for source in site.catalog.sources.values():
        yield from source_entries(site, source, slugify, directory_urls)


def search_entries(site: SiteContext, slugify: Slugify, directory_urls: bool = True) -> list[Entry]:
    """Every entry of the generated pages listed by `indexed_pages`, in that order."""
    return list(iter_search_entries(site, slugify, directory_urls))


def _latest(docs: list[Entry]) -> list[Entry]:
    """Each page's entries from the last time it was indexed.

    Under `mkdocs serve --dirty` Material appends the pages it re-indexed to its previous index and
    removes only the first page's old entries, so every other page rebuilt (generated pages are
    rebuilt every time) would be listed twice. A page's entries start with its bare location.
    """
    runs: dict[str, list[Entry]] = {}
    for doc in docs:
        location = str(doc.get("location", ""))
        page = location.split("#", 1)[0]
        if location == page or page not in runs:
            runs[page] = []
        runs[page].append(doc)
    return [doc for run in runs.values() for doc in run]


def _json(value: Any) -> str:
    """JSON text as Material writes its index (compact separators, `default=str`), ASCII-only."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=True, sort_keys=False, default=str)


def _index_chunks(data: dict[str, Any], docs: Iterable[Entry]) -> Iterator[bytes]:
    """The bytes `_json({**data, "docs": list(docs)})` would give, one entry at a time."""
    yield b"{"
    for number, (key, value) in enumerate({**data, "docs": None}.items()):
        yield (("," if number else "") + _json(key) + ":").encode("ascii")
        if key != "docs":
            yield _json(value).encode("ascii")
            continue
        yield b"["
        for count, doc in enumerate(docs):
            yield (("," if count else "") + _json(doc)).encode("ascii")
        yield b"]"
    yield b"}"


def merge_into_index(index_file: Path, entries: Iterable[Entry], pages: Collection[str] | None = None) -> None:
    """Replace the entries of our pages in Material's index file with `entries`, keeping everything else.

    `pages` are the locations of the pages `entries` index (by default, read from `entries`' page
    entries, which then are held whole); given, `entries` are written as they come, never all held
    at once (the index is over 100 MB at 10,000 requirements). Material's own file is small: it
    indexes only the hand-written chapters.

    The whole set is written on every build, so a `mkdocs serve --dirty` rebuild (which re-indexes
    only the changed chapters and merges with its previous index) still lists every generated page.
    Material's own entries keep their order; ours follow in page order, so a rebuild writes the same bytes.
    """
    if pages is None:
        entries = list(entries)
        pages = {entry["location"] for entry in entries if "#" not in entry["location"]}
    data = json.loads(index_file.read_text(encoding="utf-8"))
    kept = [doc for doc in _latest(data.get("docs", [])) if doc.get("location", "").split("#", 1)[0] not in pages]
    write_atomic_stream(index_file, _index_chunks(data, itertools.chain(kept, entries)))
