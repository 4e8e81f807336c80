"""The changes page and one page per release."""

from __future__ import annotations

from functools import partial
from typing import Callable

from exodossier.catalog.models import ChangeKind, Release, ReleaseChange
from exodossier.site.context import SiteContext
from exodossier.site.escape import escape
from exodossier.site.fragments import requirement_link, source_link
from exodossier.site.labels import change_label
from exodossier.site.markup import front_matter, header, heading, page_link, page_text, paragraph, table
from exodossier.site.paths import CHANGES_PAGE, release_path
from exodossier.site.text import block, fill


def _change_rows(site: SiteContext, changes: list[ReleaseChange], link: Callable[[str], str]) -> list[list[str]]:
    return [[escape(change_label(c.kind, site.translate)), link(c.id), escape(", ".join(c.fields))] for c in changes]


def release_page(site: SiteContext, release: Release) -> str:
    _ = site.translate
    path = release_path(release.version)
    title = _("Release {version}").format(version=release.version)
    lines = front_matter(title) + heading(1, escape(title))
    if release.previous and release.previous in site.catalog.releases:
        released = fill(_("Released {date}; previous release {link}."), date=escape(release.date),
                        link=page_link(path, release_path(release.previous), escape(release.previous)))
    else:
        released = fill(_("Released {date}."), date=escape(release.date))
    lines += paragraph(released)
    if release.summary:
        lines += block(site, release.summary)
    requirement = partial(requirement_link, site, path)
    source = partial(source_link, site, path, with_title=True)
    for title, changes, link, none in ((_("Requirements"), release.requirements, requirement,
                                        _("No requirements changed.")),
                                       (_("Sources"), release.sources, source, _("No sources changed."))):
        lines += heading(2, escape(title))
        lines += (table(header(_("Change"), _("Item"), _("Fields")), _change_rows(site, changes, link)) if changes
                  else paragraph(escape(none)))
    return page_text(lines)


def changes_page(site: SiteContext) -> str:
    _ = site.translate
    lines = front_matter(_("Changes")) + heading(1, escape(_("Changes")))
    releases = list(reversed(site.catalog.releases.values()))
    if not releases:
        return page_text(lines + paragraph(escape(_("No release has been cut yet: this is the working draft of "
                                                    "catalog version {version}.").format(version=site.catalog.version))))
    rows = [[page_link(CHANGES_PAGE, release_path(r.version), escape(r.version)), escape(r.date),
             str(sum(1 for c in r.requirements if c.kind is ChangeKind.ADDED)),
             str(sum(1 for c in r.requirements if c.kind is ChangeKind.CHANGED)),
             str(sum(1 for c in r.requirements if c.kind is ChangeKind.RETIRED)), str(len(r.sources))]
            for r in releases]
    return page_text(lines + table(header(_("Release"), _("Date"), _("Added"), _("Changed"), _("Retired"),
                                          _("Source changes")), rows))
