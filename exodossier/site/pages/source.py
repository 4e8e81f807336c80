"""One page per source, with the requirements citing each clause, and the sources index."""

from __future__ import annotations

import re
from collections import defaultdict

from exodossier.catalog.models import Source, SourceKind
from exodossier.graph.build import CITES, SUPERSEDED_BY, clause_node, src_node
from exodossier.graph.queries import backlinks, predecessors_by
from exodossier.site.context import SiteContext
from exodossier.site.escape import escape
from exodossier.site.fragments import clause_label, needs_rereview, pending_marker, requirement_link, source_link
from exodossier.site.labels import source_kind_heading, source_kind_label, source_status_label
from exodossier.site.markup import WIDE, badge, bullets, front_matter, header, heading, page_link, page_text, paragraph, table
from exodossier.site.paths import COMMITTEE_PAGE, SOURCES_INDEX, source_path
from exodossier.site.text import block, inline, other_language

# The committee's register marks ("(source register, mark V)") mean nothing to a reader.
_REGISTER_JARGON = re.compile(r"\s*\((?:[^()]*\b(?:source register|register mark|mark [A-Z])\b[^()]*)\)|"
                              r"\s*\bsource register,? mark [A-Z]\b", re.IGNORECASE)
# Kinds in the order a reviewer looks for them: ICH, then Japanese texts, compendia, WHO, the rest.
KIND_ORDER = [SourceKind.ICH_GUIDELINE, SourceKind.JP_LAW, SourceKind.JP_ORDINANCE, SourceKind.JP_NOTIFICATION,
              SourceKind.JP_GUIDANCE, SourceKind.PHARMACOPOEIA, SourceKind.WHO, SourceKind.REGULATORY_GUIDANCE,
              SourceKind.STANDARD, SourceKind.SOCIETY_POSITION, SourceKind.JOURNAL_ARTICLE]


def kind_anchor(kind: SourceKind) -> str:
    """The sources index's anchor for one kind of document (stable across languages)."""
    return kind.value.replace("_", "-")


def _status_badge(site: SiteContext, source: Source) -> str:
    return badge(f"source-{source.status.value}", source_status_label(source.status, site.translate))


def external_link(url: str, text: str = "") -> str:
    """Raw HTML so no Markdown parser can reinterpret the address; the model allows only http(s)."""
    if not re.match(r"^https?://", url):
        return escape(url)
    return f'<a href="{escape(url, markdown=False)}" rel="noopener noreferrer">{text or escape(url)}</a>'


def reader_note(site: SiteContext, source: Source) -> str:
    """The verification note without the committee's register marks."""
    if source.verification_note is None:
        return ""
    text = inline(site, source.verification_note)
    return _REGISTER_JARGON.sub("", text).strip()


def _verification(site: SiteContext, source: Source) -> str:
    _ = site.translate
    if source.verified:
        said = escape(_("Checked by the committee against the official text or a public copy of it."))
    else:
        said = escape(_("Not yet checked by the committee against the official text: "
                        "check these details before relying on them."))
    note = reader_note(site, source)
    return said + (f"<br>{note}" if note else "")


def _source_facts(site: SiteContext, path: str, source: Source) -> list[list[str]]:
    _ = site.translate
    date = escape(source.date or "—") + (f" ({inline(site, source.date_note)})" if source.date_note else "")
    rows = [[_("Issuer"), escape(source.issuer)], [_("Kind"), escape(source_kind_label(source.kind, _))],
            [_("Document number"), escape(source.document_number or "—")], [_("Version"), escape(source.version)],
            [_("Date"), date], [_("Status"), _status_badge(site, source)]]
    if source.url:
        rows.append([_("Official text"), external_link(source.url)])
    rows.append([_("Verification"), _verification(site, source)])
    if source.superseded_by:
        rows.append([_("Superseded by"), source_link(site, path, source.superseded_by, with_title=True)])
    older = [n.split(":", 1)[1] for n in predecessors_by(site.graph, src_node(source.id), SUPERSEDED_BY)]
    if older:
        rows.append([_("Supersedes"), "<br>".join(source_link(site, path, s, with_title=True) for s in older)])
    return [[escape(name), value] for name, value in rows]


def _citing_item(site: SiteContext, path: str, requirement_id: str, source: Source, clause: str | None) -> str:
    _ = site.translate
    requirement = site.catalog.requirements.get(requirement_id)
    link = requirement_link(site, path, requirement_id)
    if requirement is None:
        return link
    suspect = any(c.source == source.id and c.clause == clause and needs_rereview(c, source)
                  for c in requirement.citations)
    return link + (" " + badge("rereview", _("needs re-review")) if suspect else "")


def source_page(site: SiteContext, source: Source) -> str:
    _ = site.translate
    path = source_path(source.id)
    title = site.plain(source.title)
    lines = front_matter(f"{source.id} {title}")
    sources = page_link(path, SOURCES_INDEX, escape(_("Sources")))
    kind = page_link(path, SOURCES_INDEX, escape(source_kind_heading(source.kind, _)), kind_anchor(source.kind))
    lines += paragraph(f"{sources} › {kind}", "exo-breadcrumb")
    lines += heading(1, f"{escape(source.id)} {escape(title)}")
    parallel = other_language(site, source.title)
    if parallel is not None and parallel[1] != escape(title):
        lines += [f'<p class="exo-subtitle" lang="{parallel[0]}">{parallel[1]}</p>', ""]
    if source.url:
        official = external_link(source.url, escape(_("Read the official text")))
        lines += [f'<p class="exo-official">{official}</p>', ""]
    lines += table(header(_("Property"), _("Value")), _source_facts(site, path, source))
    if source.summary:
        lines += heading(2, escape(_("Summary"))) + block(site, source.summary)
    lines += heading(2, escape(_("Requirements citing this source")))
    anchors = site.anchors[source.id]
    for clause in source.clauses:
        citers = [n.split(":", 1)[1] for n in predecessors_by(site.graph, clause_node(source.id, clause.id), CITES)]
        label = clause_label(site, clause)
        mark = pending_marker(_("Check pending: {reason}").format(reason=label.hedge)) if label.hedge else ""
        lines += heading(3, f"{label.text}{mark}", anchors[clause.id])
        lines += bullets((_citing_item(site, path, r, source, clause.id) for r in citers),
                         _("No requirement cites this clause."))
    whole = [n.split(":", 1)[1] for n in predecessors_by(site.graph, src_node(source.id), CITES)]
    if whole:
        lines += heading(3, escape(_("The source as a whole")))
        lines += bullets(_citing_item(site, path, r, source, None) for r in whole)
    if not source.clauses and not whole:
        lines += paragraph(escape(_("No requirement cites this source.")))
    return page_text(lines)


def sources_index(site: SiteContext) -> str:
    _ = site.translate
    cited = {n: len(backlinks(site.graph, src_node(n)).cited_by) for n in site.catalog.sources}
    lines = front_matter(_("Sources"), hide=("navigation",)) + WIDE + heading(1, escape(_("Sources")))
    lines += paragraph(escape(_("Every document the catalog cites, with the requirements that cite it.")))
    by_kind: dict[SourceKind, list[Source]] = defaultdict(list)
    for source in site.catalog.sources.values():
        by_kind[source.kind].append(source)
    pending = _("Not yet checked by the committee against the official text")
    for kind in KIND_ORDER:
        if not by_kind.get(kind):
            continue
        rows = [[source_link(site, SOURCES_INDEX, s.id) + ("" if s.verified else pending_marker(pending)),
                 inline(site, s.title), escape(s.issuer), escape(s.version), escape(s.date or "—"),
                 _status_badge(site, s), str(cited[s.id])] for s in by_kind[kind]]
        lines += heading(2, escape(source_kind_heading(kind, _)), kind_anchor(kind))
        lines += table(header(_("ID"), _("Title"), _("Issuer"), _("Version"), _("Date"), _("Status"), _("Cited by")),
                       rows)
    lines += paragraph('<sup class="exo-check-pending">†</sup> '
                       + escape(_("The committee has not yet checked this document against its official text."))
                       + " " + page_link(SOURCES_INDEX, COMMITTEE_PAGE, escape(_("The state of every check"))))
    return page_text(lines)
