"""Pieces that several page kinds share: links to requirements and sources, badges, requirement tables."""

from __future__ import annotations

from exodossier.catalog.models import Citation, Requirement, Source
from exodossier.site.context import SiteContext
from exodossier.site.escape import escape
from exodossier.site.labels import STATUS_LABELS
from exodossier.site.markup import badge, inline_text, md_link, md_table
from exodossier.site.paths import requirement_path, source_path


def needs_rereview(citation: Citation, source: Source | None) -> bool:
    """A citation never reviewed, or reviewed against another version than the catalog holds."""
    return source is not None and citation.reviewed_version != source.version


def status_badges(site: SiteContext, requirement: Requirement) -> str:
    badges = [badge(f"status-{requirement.status.value}", STATUS_LABELS[requirement.status]),
              badge(f"criticality-{requirement.criticality.value}", f"{requirement.criticality.value} criticality")]
    if any(needs_rereview(c, site.catalog.sources.get(c.source)) for c in requirement.citations):
        badges.append(badge("rereview", "needs re-review"))
    if any(not s.verified for c in requirement.citations if (s := site.catalog.sources.get(c.source))):
        badges.append(badge("unverified", "cites unverified source"))
    return " ".join(badges)


def release_badge(site: SiteContext, requirement: Requirement) -> str:
    mark = site.release_marks.get(requirement.id)
    if mark is None:
        return ""
    kind, version = mark
    return " " + badge(f"release-{kind}", f"{'new' if kind == 'added' else 'changed'} in v{version}")


def _expected_from(site: SiteContext, requirement: Requirement) -> str:
    first = requirement.stage_expectations[0]
    return f"{escape(site.stage_title(first.stage))} ({first.level.value})"


def requirement_link(site: SiteContext, from_path: str, requirement_id: str, with_title: bool = True) -> str:
    requirement = site.catalog.requirements.get(requirement_id)
    if requirement is None:  # only possible for an unvalidated catalog; never a broken link
        return escape(requirement_id)
    text = escape(requirement.id) + (f" {escape(requirement.title.en)}" if with_title else "")
    return md_link(from_path, requirement_path(requirement.id), text)


def source_link(site: SiteContext, from_path: str, source_id: str, with_title: bool = False) -> str:
    source = site.catalog.sources.get(source_id)
    if source is None:
        return escape(source_id)
    text = escape(source.id) + (f" {escape(source.title.en)}" if with_title else "")
    return md_link(from_path, source_path(source.id), text)


def requirement_table(site: SiteContext, from_path: str, requirements: list[Requirement]) -> list[str]:
    rows = [[md_link(from_path, requirement_path(r.id), escape(r.id)), inline_text(r.title), escape(r.topic),
             badge(f"criticality-{r.criticality.value}", r.criticality.value), _expected_from(site, r),
             badge(f"status-{r.status.value}", STATUS_LABELS[r.status])] for r in requirements]
    return md_table(["ID", "Title", "Topic", "Criticality", "Expected from", "Status"], rows)


def clause_ref(site: SiteContext, from_path: str, key: str) -> str:
    source_id, _, clause = key.partition("#")
    anchor = site.anchors.get(source_id, {}).get(clause)
    text = f"{escape(source_id)} §{escape(clause)}"
    return md_link(from_path, source_path(source_id), text, anchor) if anchor else text
