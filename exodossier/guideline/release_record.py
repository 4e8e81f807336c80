"""What the release record says about the document: its status, its revision history, what changed.

The catalog's releases (releases/<version>.yaml, written by `exodossier release cut`) are the
revision history. The document's status (committee draft, for public comment, final) is
given by the committee when it builds the document; without it, a catalog version that was
never released is a committee draft, and so is a released one until the committee says more.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from exodossier.catalog.loader import Catalog
from exodossier.catalog.models import ChangeKind, Release
from exodossier.i18n.messages import Translate


class DocumentStatus(str, Enum):
    COMMITTEE_DRAFT = "committee-draft"
    PUBLIC_COMMENT = "public-comment"
    FINAL = "final"


def status_label(status: DocumentStatus, _: Translate) -> str:
    labels = {DocumentStatus.COMMITTEE_DRAFT: _("Committee draft"),
              DocumentStatus.PUBLIC_COMMENT: _("Draft for public comment"),
              DocumentStatus.FINAL: _("Final")}
    return labels[status]


def change_label(kind: ChangeKind, _: Translate) -> str:
    labels = {ChangeKind.ADDED: _("Added"), ChangeKind.CHANGED: _("Changed"), ChangeKind.RETIRED: _("Retired"),
              ChangeKind.REMOVED: _("Removed")}
    return labels[kind]


@dataclass(frozen=True)
class Revision:
    version: str
    date: str | None
    summary: str
    released: bool


def current_release(catalog: Catalog) -> Release | None:
    """The release record of the catalog's own version, if it was released."""
    return catalog.releases.get(catalog.version)


def document_date(catalog: Catalog) -> str | None:
    release = current_release(catalog)
    return release.date if release is not None else catalog.taxonomy.catalog.date


def revisions(catalog: Catalog, language: str, _: Translate) -> list[Revision]:
    """One row per release, oldest first, and the working version when it was not released."""
    rows = [Revision(r.version, r.date, _release_summary(r, language, _), True) for r in catalog.releases.values()]
    if current_release(catalog) is None:
        rows.append(Revision(catalog.version, catalog.taxonomy.catalog.date,
                             _("Working version, not yet released"), False))
    return rows


def _release_summary(release: Release, language: str, _: Translate) -> str:
    counts = {kind: sum(1 for c in release.requirements if c.kind is kind) for kind in ChangeKind}
    parts = [_("{count} requirement(s) {change}").format(count=n, change=change_label(kind, _).lower())
             for kind, n in counts.items() if n]
    text = (release.summary.ja if language == "ja" and release.summary and release.summary.ja
            else release.summary.en if release.summary else "")
    figures = ("、" if language == "ja" else ", ").join(parts) if parts else _("no requirement changed")
    if release.previous is None and not release.requirements:
        figures = _("first release")
    return f"{text} ({figures})" if text else figures


def changes_since_previous(catalog: Catalog) -> Release | None:
    """The release record that lists what changed since the previous release, when there is one."""
    release = current_release(catalog) or (list(catalog.releases.values())[-1] if catalog.releases else None)
    if release is None or release.previous is None:
        return None
    return release
