"""The guideline site's catalog pages, as a pure function of the catalog and its graph.

`render_pages(catalog, graph)` returns {relative path: Markdown}. It imports nothing
from mkdocs, so any engine can publish the same pages: the mkdocs plugin adds them in
memory, `exodossier site pages --out DIR` writes them as files (e.g. for Zensical).
Every text that comes from the catalog passes through `site_escape.escape`, so
committee text can never become markup. Each page costs time in proportion to its own
item and neighbours, never to the whole catalog, so a 10,000-requirement site builds
in linear time.
"""

from __future__ import annotations

import hashlib
import json
from importlib import resources
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import partial
from typing import Any, Callable, Iterable

import networkx as nx

from exodossier.catalog import Catalog
from exodossier.exports import JSON_FORMAT, JSON_FORMAT_VERSION, catalog_csv, catalog_json
from exodossier.graph import (CITES, SUPERSEDED_BY, backlinks, clause_node, coverage, most_cited, predecessors_by,
                              req_node, src_node, stats)
from exodossier.models import (Category, ChangeKind, Citation, LocalizedText, Release, ReleaseChange, Requirement,
                               RequirementStatus, Source, SourceStatus, StageExpectation)
from exodossier.site_escape import escape, paragraphs
from exodossier.schema import render_schemas, schema_models
from exodossier.site_svg import Box, Link, bubble_matrix, neighbourhood, ring

CATALOG_DIR = "catalog"
OVERVIEW = "catalog/index.md"
SOURCES_INDEX = "catalog/sources/index.md"
TRACEABILITY = "catalog/traceability.md"
GRAPH_PAGE = "catalog/graph.md"
DOWNLOADS = "catalog/downloads.md"
TAGS_PAGE = "catalog/tags.md"
CHANGES_PAGE = "catalog/changes.md"
JSON_FILE = "catalog/catalog.json"
CSV_FILE = "catalog/catalog.csv"
SCHEMA_DIR = "catalog/schema"
STYLESHEET = "assets/exodossier.css"
MATRIX_MAX_COLUMNS = 20  # wider grids become per-requirement lists (a 1,000-column table helps nobody)
OVERVIEW_MAX_SOURCES = 30

STATUS_LABELS = {RequirementStatus.DRAFT: "draft", RequirementStatus.UNDER_REVIEW: "under review",
                 RequirementStatus.ADOPTED: "adopted", RequirementStatus.RETIRED: "retired"}
RELATION_LABELS = {"depends_on": "depends on", "refines": "refines", "see_also": "see also"}


def requirement_path(requirement_id: str) -> str:
    return f"{CATALOG_DIR}/requirements/{requirement_id}.md"


def source_path(source_id: str) -> str:
    return f"{CATALOG_DIR}/sources/{source_id}.md"


def category_path(category: Category) -> str:
    return f"{CATALOG_DIR}/categories/{category.slug}.md"


def release_path(version: str) -> str:
    return f"{CATALOG_DIR}/releases/{version}.md"


# --------------------------------------------------------------------------- shared context


@dataclass
class _Site:
    """Lookups computed once per build, so each page only touches its own neighbours."""

    catalog: Catalog
    graph: nx.MultiDiGraph
    stages: list[Any] = field(default_factory=list)
    stage_order: dict[str, int] = field(default_factory=dict)
    categories: dict[str, Category] = field(default_factory=dict)
    by_category: dict[str, list[Requirement]] = field(default_factory=dict)
    ctd_titles: dict[str, LocalizedText] = field(default_factory=dict)
    attributes: dict[str, Any] = field(default_factory=dict)
    anchors: dict[str, dict[str, str]] = field(default_factory=dict)
    release_marks: dict[str, tuple[str, str]] = field(default_factory=dict)

    @classmethod
    def of(cls, catalog: Catalog, graph: nx.MultiDiGraph) -> "_Site":
        site = cls(catalog, graph)
        site.stages = list(catalog.taxonomy.stages)
        site.stage_order = {stage.id: index for index, stage in enumerate(site.stages)}
        site.categories = {category.id: category for category in catalog.taxonomy.categories}
        site.by_category = {category_id: [] for category_id in site.categories}
        for requirement in catalog.requirements.values():
            site.by_category.setdefault(requirement.category, []).append(requirement)
        site.ctd_titles = {section.id: section.title for section in catalog.taxonomy.ctd_sections}
        site.attributes = {attribute.id: attribute for attribute in catalog.taxonomy.attributes}
        site.anchors = {source.id: clause_anchors(source) for source in catalog.sources.values()}
        site.release_marks = release_marks(catalog)
        return site

    def stage_title(self, stage_id: str) -> str:
        stage = next((s for s in self.stages if s.id == stage_id), None)
        return stage.title.en if stage is not None else stage_id


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


# --------------------------------------------------------------------------- small Markdown helpers


def _link(from_path: str, to_path: str, text: str, anchor: str = "") -> str:
    """A Markdown link between two generated pages; `text` must already be escaped."""
    return f"[{text}]({_relative(from_path, to_path)}{'#' + anchor if anchor else ''})"


def _relative(from_path: str, to_path: str) -> str:
    """`posixpath.relpath` for our clean relative paths, without its costly normalisation (hot loop)."""
    source, target = from_path.split("/")[:-1], to_path.split("/")
    common = 0
    while common < len(source) and common < len(target) - 1 and source[common] == target[common]:
        common += 1
    return "/".join([".."] * (len(source) - common) + target[common:])


def _inline(text: LocalizedText | str | None) -> str:
    """One line of escaped text, with the Japanese rendering after a line break."""
    if text is None:
        return ""
    if isinstance(text, str):
        return escape(text)
    line = escape(text.en)
    return line + (f'<br><span lang="ja">{escape(text.ja)}</span>' if text.ja else "")


def _block(text: LocalizedText | str, indent: str = "") -> list[str]:
    """Paragraphs of escaped text; Japanese follows the English, marked as Japanese."""
    english = text if isinstance(text, str) else text.en
    lines = [indent + part for part in paragraphs(english)]
    if isinstance(text, LocalizedText) and text.ja:
        lines += [indent + f'<span lang="ja">{part}</span>' for part in paragraphs(text.ja)]
    return _spaced(lines)


def _spaced(lines: list[str]) -> list[str]:
    out: list[str] = []
    for line in lines:
        out += [line, ""]
    return out


def _table(header: list[str], rows: Iterable[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell or " " for cell in row) + " |" for row in rows]
    return lines + [""]


def _badge(kind: str, label: str) -> str:
    return f'<span class="exo-badge exo-{kind}">{escape(label)}</span>'


def _front_matter(title: str, tags: list[str] | None = None) -> list[str]:
    """YAML front matter; values are HTML-escaped because templates print them unescaped."""
    lines = ["---", f"title: {json.dumps(escape(title, markdown=False), ensure_ascii=False)}"]
    if tags:
        lines.append("tags:")
        lines += [f"  - {json.dumps(escape(tag, markdown=False), ensure_ascii=False)}" for tag in tags]
    return lines + ["---", ""]


def _page(lines: list[str]) -> str:
    text = "\n".join(lines).rstrip("\n") + "\n"
    return re.sub(r"\n{3,}", "\n\n", text)


def _bullets(items: Iterable[str], indent: str = "") -> list[str]:
    return [f"{indent}- {item}" for item in items] + [""]


# Blocks without links are emitted as raw HTML: Markdown parsers pass raw HTML blocks through
# untouched, which costs a fraction of parsing the same text as Markdown (measured ~2.5x on
# requirement pages). Blocks with links stay Markdown, so every engine resolves and checks the
# `.md` links. Text inside raw HTML still gets the Markdown-safe escaping (numeric character
# references are valid HTML), so it stays inert even where a parser did not see a raw block.


def _h(text: str) -> str:
    return escape(text)


def _html_text(text: LocalizedText | str | None) -> str:
    """Inline HTML: the English text, and the Japanese after a line break."""
    if text is None:
        return ""
    if isinstance(text, str):
        return _h(text)
    return _h(text.en) + (f'<br><span lang="ja">{_h(text.ja)}</span>' if text.ja else "")


def _html_paragraphs(text: LocalizedText | str) -> list[str]:
    english = text if isinstance(text, str) else text.en
    parts = [f"<p>{p}</p>" for p in paragraphs(english)]
    if isinstance(text, LocalizedText) and text.ja:
        parts += [f'<p lang="ja">{p}</p>' for p in paragraphs(text.ja)]
    return _spaced(parts)


def _html_list(items: Iterable[str], empty: str = "") -> list[str]:
    """A list of inline-HTML items (already escaped), or a sentence when there are none."""
    rendered = "".join(f"<li>{item}</li>" for item in items)
    return [f"<ul>{rendered}</ul>" if rendered else f"<p>{_h(empty)}</p>", ""]


def _html_table(header: list[str], rows: Iterable[list[str]]) -> list[str]:
    head = "".join(f"<th>{_h(cell)}</th>" for cell in header)
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    return [f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>", ""]


# --------------------------------------------------------------------------- requirement facts


def needs_rereview(citation: Citation, source: Source | None) -> bool:
    """A citation never reviewed, or reviewed against another version than the catalog holds."""
    return source is not None and citation.reviewed_version != source.version


def _status_badges(site: _Site, requirement: Requirement) -> str:
    badges = [_badge(f"status-{requirement.status.value}", STATUS_LABELS[requirement.status]),
              _badge(f"criticality-{requirement.criticality.value}", f"{requirement.criticality.value} criticality")]
    if any(needs_rereview(c, site.catalog.sources.get(c.source)) for c in requirement.citations):
        badges.append(_badge("rereview", "needs re-review"))
    if any(not s.verified for c in requirement.citations if (s := site.catalog.sources.get(c.source))):
        badges.append(_badge("unverified", "cites unverified source"))
    return " ".join(badges)


def release_marks(catalog: Catalog) -> dict[str, tuple[str, str]]:
    """Requirement id -> (added or changed, version) from the latest release that touched it."""
    marks: dict[str, tuple[str, str]] = {}
    for release in catalog.releases.values():  # oldest first, so later releases win
        for change in release.requirements:
            if change.kind in (ChangeKind.ADDED, ChangeKind.CHANGED):
                marks[change.id] = (change.kind.value, release.version)
    return marks


def _release_badge(site: _Site, requirement: Requirement) -> str:
    mark = site.release_marks.get(requirement.id)
    if mark is None:
        return ""
    kind, version = mark
    return " " + _badge(f"release-{kind}", f"{'new' if kind == 'added' else 'changed'} in v{version}")


def _expected_from(site: _Site, requirement: Requirement) -> str:
    first = requirement.stage_expectations[0]
    return f"{escape(site.stage_title(first.stage))} ({first.level.value})"


def _requirement_link(site: _Site, from_path: str, requirement_id: str, with_title: bool = True) -> str:
    requirement = site.catalog.requirements.get(requirement_id)
    if requirement is None:  # only possible for an unvalidated catalog; never a broken link
        return escape(requirement_id)
    text = escape(requirement.id) + (f" {escape(requirement.title.en)}" if with_title else "")
    return _link(from_path, requirement_path(requirement.id), text)


def _source_link(site: _Site, from_path: str, source_id: str, with_title: bool = False) -> str:
    source = site.catalog.sources.get(source_id)
    if source is None:
        return escape(source_id)
    text = escape(source.id) + (f" {escape(source.title.en)}" if with_title else "")
    return _link(from_path, source_path(source.id), text)


def _requirement_table(site: _Site, from_path: str, requirements: list[Requirement]) -> list[str]:
    rows = [[_link(from_path, requirement_path(r.id), escape(r.id)), _inline(r.title), escape(r.topic),
             _badge(f"criticality-{r.criticality.value}", r.criticality.value), _expected_from(site, r),
             _badge(f"status-{r.status.value}", STATUS_LABELS[r.status])] for r in requirements]
    return _table(["ID", "Title", "Topic", "Criticality", "Expected from", "Status"], rows)


# --------------------------------------------------------------------------- requirement page


def _stage_rows(site: _Site, expectations: list[StageExpectation]) -> list[list[str]]:
    """Every stage in order: the entry that starts there, or the one still in force, or none yet."""
    explicit = {e.stage: e for e in expectations}
    current: StageExpectation | None = None
    rows = []
    for stage in site.stages:
        if stage.id in explicit:
            current = explicit[stage.id]
            rows.append([_h(stage.title.en), f"<strong>{current.level.value.upper()}</strong>", _html_text(current.note)])
        elif current is not None:
            rows.append([_h(stage.title.en), current.level.value.upper(),
                         f"continues from {_h(site.stage_title(current.stage))}"])
        else:
            rows.append([_h(stage.title.en), "—", "not yet expected"])
    return rows


def _applicability(site: _Site, requirement: Requirement) -> list[str]:
    if not requirement.applicability:
        return ["<p>Applies to every product.</p>", ""]
    items = []
    for attribute_id, values in requirement.applicability.items():
        attribute = site.attributes.get(attribute_id)
        titles = {v.id: v.title for v in attribute.values} if attribute else {}
        name = _h(attribute.title.en) if attribute else _h(attribute_id)
        shown = ", ".join(_h(titles[v].en) if v in titles else _h(v) for v in values)
        items.append(f"<strong>{name}</strong>: {shown}")
    return ["<p>Applies when every condition below holds for the product:</p>", ""] + _html_list(items)


def _citation_rows(site: _Site, path: str, requirement: Requirement) -> list[list[str]]:
    rows = []
    for citation in requirement.citations:
        source = site.catalog.sources.get(citation.source)
        clause_cell = escape(citation.clause or "—")
        review = escape(citation.reviewed_version or "never reviewed")
        badges = []
        if source is not None:
            clause = next((c for c in source.clauses if c.id == citation.clause), None)
            if clause is not None:
                text = f"{escape(clause.id)} {escape(clause.title.en)}"
                clause_cell = _link(path, source_path(source.id), text, site.anchors[source.id][clause.id])
            if needs_rereview(citation, source):
                badges.append(_badge("rereview", "needs re-review"))
                review += f" (current: {escape(source.version)})"
            if not source.verified:
                badges.append(_badge("unverified", "unverified source"))
            if source.status is SourceStatus.SUPERSEDED:
                badges.append(_badge("superseded", "superseded source"))
        note = _inline(citation.note)
        rows.append([_source_link(site, path, citation.source, with_title=True), clause_cell,
                     " ".join([review] + badges), note])
    return rows


def _relations(site: _Site, path: str, requirement: Requirement) -> list[str]:
    lines = ["## Related requirements", ""]
    if requirement.related:
        lines += _bullets(f"{RELATION_LABELS[r.type.value]} {_requirement_link(site, path, r.id)}"
                          for r in requirement.related)
    else:
        lines += ["This requirement names no related requirements.", ""]
    links = backlinks(site.graph, req_node(requirement.id))
    incoming = [("Depended on by", links.depended_on_by), ("Refined by", links.refined_by),
                ("Referred to (see also) by", links.see_also_from)]
    lines += ["## Cited by / depended on by {#backlinks}", ""]
    if not any(ids for _, ids in incoming):
        return lines + ["No other requirement points to this one.", ""]
    for label, ids in incoming:
        if ids:
            lines += [f"**{label}**", ""] + _bullets(_requirement_link(site, path, i) for i in ids)
    return lines


def _neighbourhood(site: _Site, requirement: Requirement) -> str:
    def req_box(rid: str) -> Box:
        other = site.catalog.requirements.get(rid)
        return Box(rid, f"{rid} {other.title.en}" if other else rid, "requirement")

    links = backlinks(site.graph, req_node(requirement.id))
    incoming = ([Link(req_box(i), "depends on") for i in links.depended_on_by]
                + [Link(req_box(i), "refines") for i in links.refined_by]
                + [Link(req_box(i), "see also") for i in links.see_also_from])
    outgoing = [Link(req_box(r.id), RELATION_LABELS[r.type.value]) for r in requirement.related]
    for source_id in dict.fromkeys(c.source for c in requirement.citations):
        source = site.catalog.sources.get(source_id)
        outgoing.append(Link(Box(source_id, f"{source_id} {source.title.en}" if source else source_id, "source"),
                             "cites"))
    center = Box(requirement.id, f"{requirement.id} {requirement.title.en}", "center")
    return neighbourhood(center, incoming, outgoing, f"Neighbourhood of {requirement.id}")


def _statement(requirement: Requirement) -> list[str]:
    lines = ['!!! abstract exo-statement "Statement"', ""]
    if not requirement.statement.ja:
        return lines + _block(requirement.statement.en, "    ")
    return (lines + ['    === "English"', ""] + _block(requirement.statement.en, "        ")
            + ['    === "日本語"', ""] + [f'        <span lang="ja">{p}</span>' for p in paragraphs(requirement.statement.ja)]
            + [""])


def _listing(title: str, items: list[LocalizedText], empty: str) -> list[str]:
    return [f"## {title}", ""] + _html_list((_html_text(item) for item in items), empty)


def requirement_page(site: _Site, requirement: Requirement) -> str:
    path = requirement_path(requirement.id)
    category = site.categories.get(requirement.category)
    tags = [category.title.en if category else requirement.category, requirement.topic,
            f"From {site.stage_title(requirement.stage_expectations[0].stage)}"]
    lines = _front_matter(f"{requirement.id} {requirement.title.en}", tags)
    lines += [f"# {escape(requirement.id)} {escape(requirement.title.en)}", ""]
    if requirement.title.ja:
        lines += [f'<p lang="ja">{_h(requirement.title.ja)}</p>', ""]
    lines += [f'<p class="exo-badges">{_status_badges(site, requirement)}{_release_badge(site, requirement)}</p>', ""]
    if category is not None:
        lines += [f"Category: {_link(path, category_path(category), escape(category.title.en))} · "
                  f"Topic: {escape(requirement.topic)}", ""]
    if requirement.status is RequirementStatus.RETIRED and requirement.retired_reason:
        lines += ['!!! warning "Retired"', ""] + _block(requirement.retired_reason, "    ")
    lines += _statement(requirement)
    lines += ["## Rationale", ""] + _html_paragraphs(requirement.rationale)
    lines += ["## Expectations by development stage", ""]
    lines += _html_table(["Stage", "Expectation", "What is expected"], _stage_rows(site, requirement.stage_expectations))
    lines += ["## Applicability", ""] + _applicability(site, requirement)
    lines += _listing("Acceptance criteria (examples)", requirement.acceptance_criteria,
                      "No example acceptance criteria are given.")
    lines += _listing("Methods", requirement.methods, "No methods are listed.")
    lines += _listing("Evidence a sponsor would show", requirement.evidence, "No evidence items are listed.")
    lines += ["## CTD sections", ""]
    lines += _html_list((f"{_h(s)} {_html_text(site.ctd_titles.get(s))}".rstrip() for s in requirement.ctd_sections),
                        "No CTD section is mapped.")
    lines += ["## Citations", ""]
    lines += (_table(["Source", "Clause", "Reviewed against", "Note"], _citation_rows(site, path, requirement))
              if requirement.citations else ["This requirement cites no source yet.", ""])
    lines += _relations(site, path, requirement)
    lines += ["## Neighbourhood", "", _neighbourhood(site, requirement), ""]
    if requirement.model_case_notes:
        lines += ["## Model case notes", ""] + _html_paragraphs(requirement.model_case_notes)
    if requirement.history:
        rows = [[_badge(f"status-{h.status.value}", STATUS_LABELS[h.status]), _h(h.by), _h(h.on),
                 _html_text(h.reason)] for h in requirement.history]
        lines += ["## Review history", ""] + _html_table(["Status", "By", "On", "Reason"], rows)
    return _page(lines)


# --------------------------------------------------------------------------- source pages


def _source_badges(source: Source) -> str:
    badges = [_badge(f"source-{source.status.value}", source.status.value)]
    badges.append(_badge("verified", "verified") if source.verified else _badge("unverified", "not verified"))
    return " ".join(badges)


def _external_link(url: str) -> str:
    """Raw HTML so no Markdown parser can reinterpret the address; the model allows only http(s)."""
    if not re.match(r"^https?://", url):
        return escape(url)
    return f'<a href="{escape(url, markdown=False)}" rel="noopener noreferrer">{escape(url)}</a>'


def _source_facts(site: _Site, path: str, source: Source) -> list[list[str]]:
    date = escape(source.date or "—") + (f" ({_inline(source.date_note)})" if source.date_note else "")
    verified = ("yes" if source.verified else "**no** — check against the official text before relying on it")
    if source.verification_note:
        verified += f"<br>{_inline(source.verification_note)}"
    rows = [["Issuer", escape(source.issuer)], ["Kind", escape(source.kind.value.replace("_", " "))],
            ["Document number", escape(source.document_number or "—")], ["Version", escape(source.version)],
            ["Date", date], ["Status", escape(source.status.value)], ["Verified", verified]]
    if source.url:
        rows.append(["Link", _external_link(source.url)])
    if source.superseded_by:
        rows.append(["Superseded by", _source_link(site, path, source.superseded_by, with_title=True)])
    older = [n.split(":", 1)[1] for n in predecessors_by(site.graph, src_node(source.id), SUPERSEDED_BY)]
    if older:
        rows.append(["Supersedes", "<br>".join(_source_link(site, path, s, with_title=True) for s in older)])
    return rows


def _citing_item(site: _Site, path: str, requirement_id: str, source: Source, clause: str | None) -> str:
    requirement = site.catalog.requirements.get(requirement_id)
    link = _requirement_link(site, path, requirement_id)
    if requirement is None:
        return link
    suspect = any(c.source == source.id and c.clause == clause and needs_rereview(c, source)
                  for c in requirement.citations)
    return link + (" " + _badge("rereview", "needs re-review") if suspect else "")


def source_page(site: _Site, source: Source) -> str:
    path = source_path(source.id)
    lines = _front_matter(f"{source.id} {source.title.en}")
    lines += [f"# {escape(source.id)} {escape(source.title.en)}", ""]
    if source.title.ja:
        lines += [f'<span lang="ja">{escape(source.title.ja)}</span>', ""]
    lines += [_source_badges(source), ""]
    if not source.verified:
        lines += ['!!! warning "Not verified"', "",
                  "    The details of this source have not been checked against a public copy yet.", ""]
    lines += _table(["Property", "Value"], _source_facts(site, path, source))
    if source.summary:
        lines += ["## Summary", ""] + _block(source.summary)
    lines += ["## Requirements citing this source", ""]
    anchors = site.anchors[source.id]
    for clause in source.clauses:
        citers = [n.split(":", 1)[1] for n in predecessors_by(site.graph, clause_node(source.id, clause.id), CITES)]
        lines += [f"### {escape(clause.id)} {escape(clause.title.en)} {{#{anchors[clause.id]}}}", ""]
        if clause.title.ja:
            lines += [f'<span lang="ja">{escape(clause.title.ja)}</span>', ""]
        lines += (_bullets(_citing_item(site, path, r, source, clause.id) for r in citers)
                  if citers else ["No requirement cites this clause.", ""])
    whole = [n.split(":", 1)[1] for n in predecessors_by(site.graph, src_node(source.id), CITES)]
    if whole:
        lines += ["### The source as a whole", ""] + _bullets(_citing_item(site, path, r, source, None) for r in whole)
    if not source.clauses and not whole:
        lines += ["No requirement cites this source.", ""]
    return _page(lines)


def sources_index(site: _Site) -> str:
    cited = {n: len(backlinks(site.graph, src_node(n)).cited_by) for n in site.catalog.sources}
    lines = _front_matter("Sources") + ["# Sources", "",
                                        "Every document the catalog cites, with the requirements that cite it.", ""]
    by_kind: dict[str, list[Source]] = defaultdict(list)
    for source in site.catalog.sources.values():
        by_kind[source.kind.value].append(source)
    for kind in sorted(by_kind):
        rows = [[_source_link(site, SOURCES_INDEX, s.id), _inline(s.title), escape(s.issuer), escape(s.version),
                 escape(s.date or "—"), _source_badges(s), str(cited[s.id])] for s in by_kind[kind]]
        lines += [f"## {escape(kind.replace('_', ' ').capitalize())}", ""]
        lines += _table(["ID", "Title", "Issuer", "Version", "Date", "Status", "Cited by"], rows)
    return _page(lines)


# --------------------------------------------------------------------------- overview and category pages


def _count_rows(site: _Site, from_path: str) -> list[list[str]]:
    rows = []
    totals: Counter[str] = Counter()
    for category_id, category in site.categories.items():
        counts = Counter(r.status.value for r in site.by_category[category_id])
        counts.update(f"crit:{r.criticality.value}" for r in site.by_category[category_id])
        counts["all"] = len(site.by_category[category_id])
        totals.update(counts)
        rows.append([_link(from_path, category_path(category), escape(category.title.en)), *_counts(counts)])
    return rows + [["**All categories**", *(f"**{c}**" for c in _counts(totals))]]


def _counts(counts: Counter[str]) -> list[str]:
    keys = ["all", *(s.value for s in RequirementStatus), "crit:high", "crit:medium", "crit:low"]
    return [str(counts[k]) for k in keys]


COUNT_HEADER = ["Category", "Requirements", "Draft", "Under review", "Adopted", "Retired", "High", "Medium", "Low"]


def overview_page(site: _Site) -> str:
    info = site.catalog.taxonomy.catalog
    lines = _front_matter("Catalog overview") + ["# Catalog overview", ""]
    lines += [f"**{escape(info.title.en)}**" + (f'<br><span lang="ja">{escape(info.title.ja)}</span>' if info.title.ja else ""),
              "", f"Version {escape(info.version)}" + (f", {escape(info.date)}" if info.date else "")
              + (f" · {_inline(info.publisher)}" if info.publisher else ""), ""]
    if info.disclaimer:
        lines += ['!!! warning "Status of this document"', ""] + _block(info.disclaimer, "    ")
    lines += [f"{len(site.catalog.requirements)} requirements in {len(site.categories)} categories cite "
              f"{len(site.catalog.sources)} {_link(OVERVIEW, SOURCES_INDEX, 'sources')}. See also the "
              f"{_link(OVERVIEW, TRACEABILITY, 'traceability matrices')}, the "
              f"{_link(OVERVIEW, GRAPH_PAGE, 'graph overview')} and the {_link(OVERVIEW, DOWNLOADS, 'downloads')}.", ""]
    lines += ["## Summary", ""] + _table(COUNT_HEADER, _count_rows(site, OVERVIEW))
    for category_id, category in site.categories.items():
        lines += [f"## {escape(category.title.en)}", ""]
        if category.title.ja:
            lines += [f'<span lang="ja">{escape(category.title.ja)}</span>', ""]
        lines += _requirement_table(site, OVERVIEW, site.by_category[category_id]) if site.by_category[category_id] \
            else ["No requirements yet.", ""]
    return _page(lines)


def category_page(site: _Site, category: Category) -> str:
    path = category_path(category)
    requirements = site.by_category[category.id]
    lines = _front_matter(category.title.en) + [f"# {escape(category.title.en)}", ""]
    if category.title.ja:
        lines += [f'<span lang="ja">{escape(category.title.ja)}</span>', ""]
    lines += _block(category.description)
    statuses = Counter(STATUS_LABELS[r.status] for r in requirements)
    summary = ", ".join(f"{statuses[label]} {label}" for label in STATUS_LABELS.values() if statuses[label])
    lines += [f"{len(requirements)} requirements (ID prefix {escape(f'EXO-{category.id}')})"
              + (f": {summary}." if summary else "."), ""]
    lines += _requirement_table(site, path, requirements) if requirements else ["No requirements yet.", ""]
    return _page(lines)


# --------------------------------------------------------------------------- traceability and graph


def _matrix(site: _Site, requirements: list[Requirement], columns: list[str], header: Callable[[str], str],
            cell: Callable[[Requirement, str], str]) -> list[str]:
    rows = [[_requirement_link(site, TRACEABILITY, r.id, with_title=False), *(cell(r, c) for c in columns)]
            for r in requirements]
    return _table(["Requirement", *(header(c) for c in columns)], rows)


def _source_matrix(site: _Site, requirements: list[Requirement]) -> list[str]:
    columns = sorted({c.source for r in requirements for c in r.citations})
    if not columns:
        return ["No citations in this category.", ""]
    if len(columns) > MATRIX_MAX_COLUMNS:
        rows = [[_requirement_link(site, TRACEABILITY, r.id, with_title=False),
                 ", ".join(_source_link(site, TRACEABILITY, c.source) + (f" §{escape(c.clause)}" if c.clause else "")
                           for c in r.citations)] for r in requirements]
        return _table(["Requirement", "Sources (clauses)"], rows)

    def cell(requirement: Requirement, source_id: str) -> str:
        clauses = [c.clause or "●" for c in requirement.citations if c.source == source_id]
        return ", ".join(escape(c) for c in clauses)

    return _matrix(site, requirements, columns, lambda s: _source_link(site, TRACEABILITY, s), cell)


def _ctd_matrix(site: _Site, requirements: list[Requirement]) -> list[str]:
    columns = sorted({s for r in requirements for s in r.ctd_sections})
    if not columns:
        return ["No CTD sections mapped in this category.", ""]
    if len(columns) > MATRIX_MAX_COLUMNS:
        rows = [[_requirement_link(site, TRACEABILITY, r.id, with_title=False),
                 ", ".join(escape(s) for s in r.ctd_sections)] for r in requirements]
        return _table(["Requirement", "CTD sections"], rows)
    return _matrix(site, requirements, columns, escape, lambda r, s: "●" if s in r.ctd_sections else "")


def _coverage_findings(site: _Site) -> list[str]:
    found = coverage(site.graph)
    lines = ["## Coverage findings", ""]
    findings = [
        ("Sources no requirement cites", [_source_link(site, TRACEABILITY, s, with_title=True) for s in found.uncited_sources]),
        ("Clauses no requirement cites", [_clause_ref(site, TRACEABILITY, c) for c in found.uncited_clauses]),
        ("Adopted requirements citing no source",
         [_requirement_link(site, TRACEABILITY, r) for r in found.adopted_without_citation]),
        ("CTD sections no requirement maps to",
         [f"{escape(s)} {_inline(site.ctd_titles.get(s))}".rstrip() for s in found.unmapped_ctd_sections]),
        ("Categories with fewer than five requirements",
         [f"{escape(site.categories[c].title.en) if c in site.categories else escape(c)} ({n})"
          for c, n in found.small_categories]),
    ]
    for title, items in findings:
        lines += [f"### {title} ({len(items)})", ""] + (_bullets(items) if items else ["None.", ""])
    return lines


def _clause_ref(site: _Site, from_path: str, key: str) -> str:
    source_id, _, clause = key.partition("#")
    anchor = site.anchors.get(source_id, {}).get(clause)
    text = f"{escape(source_id)} §{escape(clause)}"
    return _link(from_path, source_path(source_id), text, anchor) if anchor else text


def _rereview_list(site: _Site) -> list[str]:
    suspects = [r for r in site.catalog.requirements.values()
                if any(needs_rereview(c, site.catalog.sources.get(c.source)) for c in r.citations)]
    lines = [f"## Requirements needing re-review ({len(suspects)})", "",
             "A citation needs re-review when it was never reviewed, or was reviewed against another version "
             "of the source than the catalog now holds.", ""]
    return lines + (_bullets(_requirement_link(site, TRACEABILITY, r.id) for r in suspects) if suspects else ["None.", ""])


def traceability_page(site: _Site) -> str:
    lines = _front_matter("Traceability") + ["# Traceability", "",
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
    return _page(lines)


def _category_citations(site: _Site) -> dict[tuple[str, str], int]:
    """(category id, source id) -> number of requirements of the category citing the source."""
    counts: Counter[tuple[str, str]] = Counter()
    for requirement in site.catalog.requirements.values():
        for source_id in {c.source for c in requirement.citations}:
            counts[(requirement.category, source_id)] += 1
    return dict(counts)


def _citation_matrix(site: _Site) -> str:
    categories = list(site.categories)
    counts = _category_citations(site)
    per_source: Counter[str] = Counter()
    for (_, source_id), count in counts.items():
        per_source[source_id] += count
    sources = [s for s, _ in sorted(per_source.items(), key=lambda kv: (-kv[1], kv[0]))[:OVERVIEW_MAX_SOURCES]]
    rows = [Box(s, f"{s} {site.catalog.sources[s].title.en}" if s in site.catalog.sources else s, "source")
            for s in sources]
    columns = [Box(c, site.categories[c].title.en, "category") for c in categories]
    row_of, column_of = {s: i for i, s in enumerate(sources)}, {c: i for i, c in enumerate(categories)}
    cells = {(row_of[s], column_of[c]): n for (c, s), n in counts.items() if s in row_of and c in column_of}
    return bubble_matrix(rows, columns, cells, "Requirements of each category citing each source")


def _relation_counts(site: _Site) -> Counter[tuple[str, str]]:
    """(from category, to category) -> related-requirement links between them."""
    counts: Counter[tuple[str, str]] = Counter()
    for requirement in site.catalog.requirements.values():
        for relation in requirement.related:
            target = site.catalog.requirements.get(relation.id)
            if target is not None:
                counts[(requirement.category, target.category)] += 1
    return counts


def _category_ring(site: _Site, counts: Counter[tuple[str, str]]) -> str:
    ids = list(site.categories)
    index = {c: i for i, c in enumerate(ids)}
    links: Counter[tuple[int, int]] = Counter()
    for (a, b), n in counts.items():
        if a != b and a in index and b in index:
            links[tuple(sorted((index[a], index[b])))] += n  # type: ignore[index]
    nodes = [Box(f"{c} ({len(site.by_category[c])})", site.categories[c].title.en, "category") for c in ids]
    return ring(nodes, dict(links), "Links between requirements of different categories")


def _relation_matrix(site: _Site, counts: Counter[tuple[str, str]]) -> list[str]:
    ids = list(site.categories)
    rows = [[escape(site.categories[a].title.en), *(str(counts[(a, b)] or "") for b in ids)] for a in ids]
    return _table(["From \\ to", *(escape(i) for i in ids)], rows)


def graph_page(site: _Site) -> str:
    relations = _relation_counts(site)
    lines = _front_matter("Graph overview") + ["# Graph overview", "",
                                               "The catalog as a graph, at the level of categories and sources. Each "
                                               "requirement's own neighbourhood is drawn on its page.", ""]
    legend = "; ".join(f"{escape(c.id)} {escape(c.title.en)}" for c in site.categories.values())
    lines += [f"Category codes: {legend}.", ""]
    lines += ["## How categories hang together", "",
              "Categories (with their number of requirements) joined by the related-requirement links (depends on, "
              "refines, see also) between their requirements; thicker lines mean more links.", "",
              _category_ring(site, relations), "",
              "The same links as numbers, from a category (row) to a category (column):", ""]
    lines += _relation_matrix(site, relations)
    lines += ["## Which sources each category rests on", "",
              f"Circle size shows how many requirements of a category (column) cite a source (row); the "
              f"{OVERVIEW_MAX_SOURCES} most cited sources are shown, most cited first.", "", _citation_matrix(site), ""]
    lines += ["## Most cited sources and clauses", ""]
    rows = [[_clause_ref(site, GRAPH_PAGE, key) if "#" in key else _source_link(site, GRAPH_PAGE, key), str(n)]
            for key, n in most_cited(site.graph)]
    lines += _table(["Source or clause", "Requirements"], rows)
    counts = stats(site.graph)
    lines += ["## Size of the graph", ""]
    lines += _table(["Kind", "Nodes"], [[escape(k.replace("_", " ")), str(v)] for k, v in counts["nodes"].items()])
    lines += _table(["Relation", "Edges"], [[escape(k.replace("_", " ")), str(v)] for k, v in counts["edges"].items()])
    return _page(lines)


# --------------------------------------------------------------------------- downloads and tags


def _field_rows(model: Any) -> list[list[str]]:
    return [[f"`{name}`", "yes" if info.is_required() else "no", escape(info.description or "")]
            for name, info in model.model_fields.items()]


def downloads_page(site: _Site) -> str:
    schema_files = [f"{stem}.schema.json" for stem in schema_models()]

    lines = _front_matter("Downloads") + ["# Downloads", "",
                                          "The whole catalog as data, for loading into your own tools.", ""]
    lines += _bullets([
        f"{_link(DOWNLOADS, JSON_FILE, 'catalog.json')} — everything: taxonomy, sources and requirements.",
        f"{_link(DOWNLOADS, CSV_FILE, 'catalog.csv')} — one row per requirement (UTF&#45;8 with a byte order mark; "
        "cells that a spreadsheet would run as a formula start with an apostrophe).",
        *(f"{_link(DOWNLOADS, f'{SCHEMA_DIR}/{name}', name)} — JSON Schema of one item" for name in schema_files),
    ])
    lines += ["## The JSON format", "",
              f"`format` is `{JSON_FORMAT}` and `format_version` is `{JSON_FORMAT_VERSION}`; the version changes only "
              "when the shape of the data changes. Every field of every item is always present (absent values are "
              "`null`). Text fields are objects `{\"en\": ..., \"ja\": ...}` (`ja` may be `null`). Items are sorted "
              "by id.", ""]
    lines += _table(["Key", "Content"], [
        ["`format`, `format_version`", "identify this format"],
        ["`catalog_version`", "release version of the catalog"],
        ["`content_sha256`", "SHA&#45;256 over the catalog's files: names exactly what was published"],
        ["`taxonomy`", "catalog identity, categories, stages, attributes, CTD sections"],
        ["`sources`", "list of sources (fields below)"],
        ["`requirements`", "list of requirements (fields below)"],
    ])
    lines += ["### Requirement fields", ""] + _table(["Field", "Required", "Meaning"], _field_rows(Requirement))
    lines += ["### Source fields", ""] + _table(["Field", "Required", "Meaning"], _field_rows(Source))
    return _page(lines)


def tags_page() -> str:
    return _page(_front_matter("Tags") + ["# Tags", "",
                                          "Requirements by category, topic and the stage from which they are expected.",
                                          "", "<!-- material/tags -->", ""])


# --------------------------------------------------------------------------- entry points


# --------------------------------------------------------------------------- releases

CHANGE_LABELS = {ChangeKind.ADDED: "Added", ChangeKind.CHANGED: "Changed", ChangeKind.RETIRED: "Retired",
                 ChangeKind.REMOVED: "Removed"}


def _change_rows(site: _Site, path: str, changes: list[ReleaseChange], link: Callable[[str], str]) -> list[list[str]]:
    return [[CHANGE_LABELS[c.kind], link(c.id), escape(", ".join(c.fields))] for c in changes]


def release_page(site: _Site, release: Release) -> str:
    path = release_path(release.version)
    lines = _front_matter(f"Release {release.version}")
    lines += [f"# Release {escape(release.version)}", "", f"Released {escape(release.date)}"
              + (f"; previous release {_link(path, release_path(release.previous), escape(release.previous))}"
                 if release.previous and release.previous in site.catalog.releases else "") + ".", ""]
    if release.summary:
        lines += _block(release.summary) + [""]
    requirement = partial(_requirement_link, site, path)
    source = partial(_source_link, site, path, with_title=True)
    for title, changes, link in (("Requirements", release.requirements, requirement),
                                 ("Sources", release.sources, source)):
        lines += [f"## {title}", ""]
        lines += (_table(["Change", "Item", "Fields"], _change_rows(site, path, changes, link)) if changes
                  else [f"No {title.lower()} changed.", ""])
    return _page(lines)


def changes_page(site: _Site) -> str:
    lines = _front_matter("Changes") + ["# Changes", ""]
    releases = list(reversed(site.catalog.releases.values()))
    if not releases:
        return _page(lines + [f"No release has been cut yet: this is the working draft of catalog version "
                              f"{escape(site.catalog.version)}.", ""])
    rows = [[_link(CHANGES_PAGE, release_path(r.version), escape(r.version)), escape(r.date),
             str(sum(1 for c in r.requirements if c.kind is ChangeKind.ADDED)),
             str(sum(1 for c in r.requirements if c.kind is ChangeKind.CHANGED)),
             str(sum(1 for c in r.requirements if c.kind is ChangeKind.RETIRED)), str(len(r.sources))]
            for r in releases]
    return _page(lines + _table(["Release", "Date", "Added", "Changed", "Retired", "Source changes"], rows))


def render_pages(catalog: Catalog, graph: nx.MultiDiGraph) -> dict[str, str]:
    """Every catalog page of the site: {path relative to the docs folder: Markdown}."""
    site = _Site.of(catalog, graph)
    pages = {OVERVIEW: overview_page(site), SOURCES_INDEX: sources_index(site), TRACEABILITY: traceability_page(site),
             GRAPH_PAGE: graph_page(site), DOWNLOADS: downloads_page(site), TAGS_PAGE: tags_page(),
             CHANGES_PAGE: changes_page(site)}
    for release in catalog.releases.values():
        pages[release_path(release.version)] = release_page(site, release)
    for category in catalog.taxonomy.categories:
        pages[category_path(category)] = category_page(site, category)
    for requirement in catalog.requirements.values():
        pages[requirement_path(requirement.id)] = requirement_page(site, requirement)
    for source in catalog.sources.values():
        pages[source_path(source.id)] = source_page(site, source)
    return dict(sorted(pages.items()))


def render_nav(catalog: Catalog) -> list[dict[str, Any]]:
    """Navigation entries for the catalog: categories, never individual requirements.

    mkdocs renders the whole navigation into every page, so listing 10,000 requirements
    would make the build quadratic; requirements are reached from their category page.
    Titles are HTML-escaped because the theme prints navigation titles unescaped.
    """
    categories = [{escape(c.title.en, markdown=False): category_path(c)} for c in catalog.taxonomy.categories]
    return [
        {"Requirements": [{"Overview": OVERVIEW}, *categories, {"Tags": TAGS_PAGE}]},
        {"Sources": SOURCES_INDEX},
        {"Traceability": [{"Matrices and coverage": TRACEABILITY}, {"Graph overview": GRAPH_PAGE}]},
        {"Changes": CHANGES_PAGE},
        {"Downloads": DOWNLOADS},
    ]


def stylesheet() -> str:
    """The site's own CSS (badges, diagrams), shipped inside the package."""
    return resources.files("exodossier").joinpath("site_assets", "exodossier.css").read_text(encoding="utf-8")


def render_site_files(catalog: Catalog, graph: nx.MultiDiGraph) -> dict[str, bytes]:
    """Everything the catalog adds to a docs folder: pages, downloads and stylesheet.

    Any engine needs exactly these files besides its configuration and the hand-written
    chapters; the mkdocs plugin adds them in memory, the CLI writes them to a folder.
    """
    files = {path: text.encode("utf-8") for path, text in render_pages(catalog, graph).items()}
    files[JSON_FILE] = catalog_json(catalog).encode("utf-8")
    files[CSV_FILE] = catalog_csv(catalog)
    files.update({f"{SCHEMA_DIR}/{name}": text.encode("utf-8") for name, text in render_schemas().items()})
    files[STYLESHEET] = stylesheet().encode("utf-8")
    return dict(sorted(files.items()))
