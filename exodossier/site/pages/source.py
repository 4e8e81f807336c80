"""One page per source, with the requirements citing each clause, and the sources index."""

from __future__ import annotations

import re
from collections import defaultdict

from exodossier.catalog.models import Source
from exodossier.graph.build import CITES, SUPERSEDED_BY, clause_node, src_node
from exodossier.graph.queries import backlinks, predecessors_by
from exodossier.site.context import SiteContext
from exodossier.site.escape import escape
from exodossier.site.fragments import needs_rereview, requirement_link, source_link
from exodossier.site.markup import badge, bullets, front_matter, inline_text, md_table, page_text, text_block
from exodossier.site.paths import SOURCES_INDEX, source_path


def _source_badges(source: Source) -> str:
    badges = [badge(f"source-{source.status.value}", source.status.value)]
    badges.append(badge("verified", "verified") if source.verified else badge("unverified", "not verified"))
    return " ".join(badges)


def _external_link(url: str) -> str:
    """Raw HTML so no Markdown parser can reinterpret the address; the model allows only http(s)."""
    if not re.match(r"^https?://", url):
        return escape(url)
    return f'<a href="{escape(url, markdown=False)}" rel="noopener noreferrer">{escape(url)}</a>'


def _source_facts(site: SiteContext, path: str, source: Source) -> list[list[str]]:
    date = escape(source.date or "—") + (f" ({inline_text(source.date_note)})" if source.date_note else "")
    verified = ("yes" if source.verified else "**no** — check against the official text before relying on it")
    if source.verification_note:
        verified += f"<br>{inline_text(source.verification_note)}"
    rows = [["Issuer", escape(source.issuer)], ["Kind", escape(source.kind.value.replace("_", " "))],
            ["Document number", escape(source.document_number or "—")], ["Version", escape(source.version)],
            ["Date", date], ["Status", escape(source.status.value)], ["Verified", verified]]
    if source.url:
        rows.append(["Link", _external_link(source.url)])
    if source.superseded_by:
        rows.append(["Superseded by", source_link(site, path, source.superseded_by, with_title=True)])
    older = [n.split(":", 1)[1] for n in predecessors_by(site.graph, src_node(source.id), SUPERSEDED_BY)]
    if older:
        rows.append(["Supersedes", "<br>".join(source_link(site, path, s, with_title=True) for s in older)])
    return rows


def _citing_item(site: SiteContext, path: str, requirement_id: str, source: Source, clause: str | None) -> str:
    requirement = site.catalog.requirements.get(requirement_id)
    link = requirement_link(site, path, requirement_id)
    if requirement is None:
        return link
    suspect = any(c.source == source.id and c.clause == clause and needs_rereview(c, source)
                  for c in requirement.citations)
    return link + (" " + badge("rereview", "needs re-review") if suspect else "")


def source_page(site: SiteContext, source: Source) -> str:
    path = source_path(source.id)
    lines = front_matter(f"{source.id} {source.title.en}")
    lines += [f"# {escape(source.id)} {escape(source.title.en)}", ""]
    if source.title.ja:
        lines += [f'<span lang="ja">{escape(source.title.ja)}</span>', ""]
    lines += [_source_badges(source), ""]
    if not source.verified:
        lines += ['!!! warning "Not verified"', "",
                  "    The details of this source have not been checked against a public copy yet.", ""]
    lines += md_table(["Property", "Value"], _source_facts(site, path, source))
    if source.summary:
        lines += ["## Summary", ""] + text_block(source.summary)
    lines += ["## Requirements citing this source", ""]
    anchors = site.anchors[source.id]
    for clause in source.clauses:
        citers = [n.split(":", 1)[1] for n in predecessors_by(site.graph, clause_node(source.id, clause.id), CITES)]
        lines += [f"### {escape(clause.id)} {escape(clause.title.en)} {{#{anchors[clause.id]}}}", ""]
        if clause.title.ja:
            lines += [f'<span lang="ja">{escape(clause.title.ja)}</span>', ""]
        lines += (bullets(_citing_item(site, path, r, source, clause.id) for r in citers)
                  if citers else ["No requirement cites this clause.", ""])
    whole = [n.split(":", 1)[1] for n in predecessors_by(site.graph, src_node(source.id), CITES)]
    if whole:
        lines += ["### The source as a whole", ""] + bullets(_citing_item(site, path, r, source, None) for r in whole)
    if not source.clauses and not whole:
        lines += ["No requirement cites this source.", ""]
    return page_text(lines)


def sources_index(site: SiteContext) -> str:
    cited = {n: len(backlinks(site.graph, src_node(n)).cited_by) for n in site.catalog.sources}
    lines = front_matter("Sources") + ["# Sources", "",
                                        "Every document the catalog cites, with the requirements that cite it.", ""]
    by_kind: dict[str, list[Source]] = defaultdict(list)
    for source in site.catalog.sources.values():
        by_kind[source.kind.value].append(source)
    for kind in sorted(by_kind):
        rows = [[source_link(site, SOURCES_INDEX, s.id), inline_text(s.title), escape(s.issuer), escape(s.version),
                 escape(s.date or "—"), _source_badges(s), str(cited[s.id])] for s in by_kind[kind]]
        lines += [f"## {escape(kind.replace('_', ' ').capitalize())}", ""]
        lines += md_table(["ID", "Title", "Issuer", "Version", "Date", "Status", "Cited by"], rows)
    return page_text(lines)
