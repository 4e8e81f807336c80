"""Pieces that several page kinds share: links to requirements and sources, badges, clause labels, tables."""

from __future__ import annotations

import re
from dataclasses import dataclass

from exodossier.catalog.citations import read_clause
from exodossier.catalog.models import Citation, Clause, Requirement, Source
from exodossier.site.context import SiteContext
from exodossier.site.escape import escape
from exodossier.site.labels import criticality_badge_label, criticality_label, level_label, status_label
from exodossier.site.markup import badge, header, page_link, strong, table
from exodossier.site.paths import requirement_path, source_path
from exodossier.site.text import inline

# "(topic; section number not verified)": the committee's hedge on a clause title; shown as a marker.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z(\"'])|(?<=。)")
SUMMARY_CHARS = 220


def needs_rereview(citation: Citation, source: Source | None) -> bool:
    """A citation never reviewed, or reviewed against another version than the catalog holds."""
    return source is not None and citation.reviewed_version != source.version


def id_html(item_id: str) -> str:
    """An id that never breaks across lines (see `.exo-id` in the stylesheet)."""
    return f'<span class="exo-id">{escape(item_id)}</span>'


def status_badges(site: SiteContext, requirement: Requirement) -> str:
    """Status, criticality and a re-review flag. Source verification is committee bookkeeping:
    it is marked beside each citation and kept in full on the committee page, not here."""
    _ = site.translate
    badges = [badge(f"status-{requirement.status.value}", status_label(requirement.status, _)),
              badge(f"criticality-{requirement.criticality.value}", criticality_badge_label(requirement.criticality, _))]
    if any(needs_rereview(c, site.catalog.sources.get(c.source)) for c in requirement.citations):
        badges.append(badge("rereview", _("needs re-review")))
    return " ".join(badges)


def release_badge(site: SiteContext, requirement: Requirement) -> str:
    mark = site.release_marks.get(requirement.id)
    if mark is None:
        return ""
    _ = site.translate
    kind, version = mark
    label = (_("new in v{version}") if kind == "added" else _("changed in v{version}")).format(version=version)
    return " " + badge(f"release-{kind}", label)


def expected_from(site: SiteContext, requirement: Requirement) -> str:
    first = requirement.stage_expectations[0]
    return f"{escape(site.stage_title(first.stage))} ({escape(level_label(first.level, site.translate))})"


def requirement_link(site: SiteContext, from_path: str, requirement_id: str, with_title: bool = True) -> str:
    requirement = site.catalog.requirements.get(requirement_id)
    if requirement is None:  # only possible for an unvalidated catalog; never a broken link
        return escape(requirement_id)
    text = id_html(requirement.id) + (f" {escape(site.plain(requirement.title))}" if with_title else "")
    return page_link(from_path, requirement_path(requirement.id), text)


def source_link(site: SiteContext, from_path: str, source_id: str, with_title: bool = False) -> str:
    source = site.catalog.sources.get(source_id)
    if source is None:
        return escape(source_id)
    text = id_html(source.id) + (f" {escape(site.plain(source.title))}" if with_title else "")
    return page_link(from_path, source_path(source.id), text)


def first_sentence(text: str) -> str:
    """The statement's first sentence, for tables that list many requirements."""
    sentence = _SENTENCE_END.split(text.strip(), maxsplit=1)[0].strip()
    return sentence if len(sentence) <= SUMMARY_CHARS else sentence[: SUMMARY_CHARS - 1].rstrip() + "…"


def requirement_table(site: SiteContext, from_path: str, requirements: list[Requirement], *,
                      with_topic: bool = True, with_summary: bool = False) -> list[str]:
    _ = site.translate
    rows = []
    for r in requirements:
        title = inline(site, r.title)
        if with_summary:
            title = f"{strong(title)}<br>{escape(first_sentence(site.plain(r.statement)))}"
        rows.append([page_link(from_path, requirement_path(r.id), id_html(r.id)), title,
                     *([escape(r.topic)] if with_topic else []),
                     badge(f"criticality-{r.criticality.value}", criticality_label(r.criticality, _)),
                     expected_from(site, r), badge(f"status-{r.status.value}", status_label(r.status, _))])
    cells = header(_("ID"), _("Requirement") if with_summary else _("Title"), *([_("Topic")] if with_topic else []),
                   _("Criticality"), _("Expected from"), _("Status"))
    return table(cells, rows)


@dataclass(frozen=True)
class ClauseLabel:
    """How a clause reads to a reviewer: "§18 Cell culture / fermentation", and any pending check."""

    text: str  # escaped
    hedge: str  # the committee's note that something is not yet verified ("" when none)


def clause_label(site: SiteContext, clause: Clause) -> ClauseLabel:
    reading = read_clause(clause, site.plain(clause.title))
    return ClauseLabel(escape(reading.text), reading.hedge)


def find_clause(source: Source | None, clause_id: str | None) -> Clause | None:
    if source is None or clause_id is None:
        return None
    return next((c for c in source.clauses if c.id == clause_id), None)


def pending_note(site: SiteContext, citation: Citation) -> str:
    """Why a citation is still pending in the committee's checks ("" when it is not)."""
    _ = site.translate
    source = site.catalog.sources.get(citation.source)
    reasons = []
    if source is not None and not source.verified:
        reasons.append(_("the committee has not yet checked this source against its official text"))
    clause = find_clause(source, citation.clause)
    if clause is not None and (hedge := clause_label(site, clause).hedge):
        reasons.append(hedge)
    return "; ".join(reasons)


def pending_marker(tooltip: str) -> str:
    """The small mark beside a citation whose check is pending; the tooltip says what is pending."""
    return f'<sup class="exo-check-pending" title="{escape(tooltip, markdown=False)}">†</sup>'


def clause_ref(site: SiteContext, from_path: str, key: str) -> str:
    source_id, _sep, clause_id = key.partition("#")
    source = site.catalog.sources.get(source_id)
    clause = find_clause(source, clause_id)
    anchor = site.anchors.get(source_id, {}).get(clause_id)
    label = clause_label(site, clause).text if clause is not None else escape(clause_id)
    text = f"{id_html(source_id)} {label}"
    return page_link(from_path, source_path(source_id), text, anchor) if anchor else text


_NOT_AN_EDITION = re.compile(r"\bcurrent\b", re.IGNORECASE)


def reviewed_against(site: SiteContext, citation: Citation, source: Source | None) -> str:
    """The edition a citation was reviewed against, or its date: never just "current"."""
    _ = site.translate
    version = citation.reviewed_version
    if version is None:
        return escape(_("never reviewed"))
    if not _NOT_AN_EDITION.search(version):
        return escape(version)
    name = _NOT_AN_EDITION.sub("", version).strip() or (source.issuer if source else "")
    date = citation.reviewed_on or (source.date if source is not None and source.version == version else None)
    if date:
        return escape(_("{name}, edition in force on {date}").format(name=name, date=date))
    return escape(_("{name} (edition not recorded)").format(name=name))
