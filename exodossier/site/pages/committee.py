"""The committee page: the state of every check, kept apart from what a reader of a requirement needs.

Verification of sources and clauses, citations to re-review, citations whose edition is not
recorded, and coverage (uncited sources, unmapped CTD sections). Superseded and withdrawn
sources are kept for history: they are listed as such, never as "uncited".
"""

from __future__ import annotations

from exodossier.catalog.models import SourceStatus
from exodossier.graph.queries import coverage
from exodossier.site.context import SiteContext
from exodossier.site.escape import escape
from exodossier.site.fragments import clause_label, clause_ref, needs_rereview, requirement_link, source_link
from exodossier.site.markup import WIDE, bullets, front_matter, header, heading, page_text, paragraph, table
from exodossier.site.paths import COMMITTEE_PAGE
from exodossier.site.text import inline

_RETIRED_SOURCE = (SourceStatus.SUPERSEDED, SourceStatus.WITHDRAWN)


def _items(title: str, items: list[str], none: str) -> list[str]:
    return heading(3, f"{escape(title)} ({len(items)})") + bullets(items, none)


def _verification(site: SiteContext) -> list[str]:
    _ = site.translate
    lines = heading(2, escape(_("Verification of sources")))
    rows = [[source_link(site, COMMITTEE_PAGE, s.id), escape(_("yes") if s.verified else _("no")),
             inline(site, s.verification_note) or "—"] for s in site.catalog.sources.values()]
    lines += table(header(_("Source"), _("Verified"), _("What was checked")), rows)
    hedged = []
    for source in site.catalog.sources.values():
        for clause in source.clauses:
            label = clause_label(site, clause)
            if label.hedge:
                hedged.append(f"{clause_ref(site, COMMITTEE_PAGE, f'{source.id}#{clause.id}')}: {escape(label.hedge)}")
    return lines + _items(_("Clauses with a pending check"), hedged, _("None."))


def _citations(site: SiteContext) -> list[str]:
    _ = site.translate
    suspects = [requirement_link(site, COMMITTEE_PAGE, r.id) for r in site.catalog.requirements.values()
                if any(needs_rereview(c, site.catalog.sources.get(c.source)) for c in r.citations)]
    unnamed = sorted({f"{r.id}: {c.source} ({c.reviewed_version})" for r in site.catalog.requirements.values()
                      for c in r.citations if c.reviewed_version and "current" in c.reviewed_version.lower()
                      and not c.reviewed_on})
    lines = heading(2, escape(_("Citations")))
    lines += paragraph(escape(_("A citation needs re-review when it was never reviewed, or was reviewed against "
                                "another version of the source than the catalog now holds.")))
    lines += _items(_("Requirements needing re-review"), suspects, _("None."))
    lines += _items(_("Citations reviewed against a 'current' edition without a date"),
                    [escape(u) for u in unnamed], _("None."))
    return lines


def _coverage(site: SiteContext) -> list[str]:
    _ = site.translate
    found = coverage(site.graph)
    sources = site.catalog.sources
    uncited = [s for s in found.uncited_sources if s in sources and sources[s].status not in _RETIRED_SOURCE]
    kept = [s for s in sources if sources[s].status in _RETIRED_SOURCE]
    lines = heading(2, escape(_("Coverage")))
    lines += _items(_("Current sources no requirement cites"),
                    [source_link(site, COMMITTEE_PAGE, s, with_title=True) for s in uncited], _("None."))
    lines += _items(_("Superseded or withdrawn sources, kept for history"),
                    [source_link(site, COMMITTEE_PAGE, s, with_title=True) for s in kept], _("None."))
    lines += _items(_("Clauses no requirement cites"),
                    [clause_ref(site, COMMITTEE_PAGE, c) for c in found.uncited_clauses], _("None."))
    lines += _items(_("Adopted requirements citing no source"),
                    [requirement_link(site, COMMITTEE_PAGE, r) for r in found.adopted_without_citation], _("None."))
    lines += _items(_("CTD sections no requirement maps to"),
                    [f"{escape(s)} {inline(site, site.ctd_titles.get(s))}".rstrip()
                     for s in found.unmapped_ctd_sections], _("None."))
    lines += _items(_("Categories with fewer than five requirements"),
                    [f"{escape(site.plain(site.categories[c].title)) if c in site.categories else escape(c)} ({n})"
                     for c, n in found.small_categories], _("None."))
    return lines


def committee_page(site: SiteContext) -> str:
    _ = site.translate
    lines = front_matter(_("Committee checks"), hide=("navigation",)) + WIDE + heading(1, escape(_("Committee checks")))
    lines += paragraph(escape(_("The committee's bookkeeping: which sources and clauses are checked against the "
                                "official texts, which citations to review again, and what the catalog does not yet "
                                "cover.")))
    lines += _verification(site) + _citations(site) + _coverage(site)
    return page_text(lines)
