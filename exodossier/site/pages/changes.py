"""The changes page and one page per release."""

from __future__ import annotations

from functools import partial
from typing import Callable

from exodossier.catalog.models import ChangeKind, Release, ReleaseChange
from exodossier.site.context import SiteContext
from exodossier.site.escape import escape
from exodossier.site.fragments import requirement_link, source_link
from exodossier.site.labels import CHANGE_LABELS
from exodossier.site.markup import front_matter, md_link, md_table, page_text, text_block
from exodossier.site.paths import CHANGES_PAGE, release_path


def _change_rows(site: SiteContext, path: str, changes: list[ReleaseChange], link: Callable[[str], str]) -> list[list[str]]:
    return [[CHANGE_LABELS[c.kind], link(c.id), escape(", ".join(c.fields))] for c in changes]


def release_page(site: SiteContext, release: Release) -> str:
    path = release_path(release.version)
    lines = front_matter(f"Release {release.version}")
    lines += [f"# Release {escape(release.version)}", "", f"Released {escape(release.date)}"
              + (f"; previous release {md_link(path, release_path(release.previous), escape(release.previous))}"
                 if release.previous and release.previous in site.catalog.releases else "") + ".", ""]
    if release.summary:
        lines += text_block(release.summary) + [""]
    requirement = partial(requirement_link, site, path)
    source = partial(source_link, site, path, with_title=True)
    for title, changes, link in (("Requirements", release.requirements, requirement),
                                 ("Sources", release.sources, source)):
        lines += [f"## {title}", ""]
        lines += (md_table(["Change", "Item", "Fields"], _change_rows(site, path, changes, link)) if changes
                  else [f"No {title.lower()} changed.", ""])
    return page_text(lines)


def changes_page(site: SiteContext) -> str:
    lines = front_matter("Changes") + ["# Changes", ""]
    releases = list(reversed(site.catalog.releases.values()))
    if not releases:
        return page_text(lines + [f"No release has been cut yet: this is the working draft of catalog version "
                              f"{escape(site.catalog.version)}.", ""])
    rows = [[md_link(CHANGES_PAGE, release_path(r.version), escape(r.version)), escape(r.date),
             str(sum(1 for c in r.requirements if c.kind is ChangeKind.ADDED)),
             str(sum(1 for c in r.requirements if c.kind is ChangeKind.CHANGED)),
             str(sum(1 for c in r.requirements if c.kind is ChangeKind.RETIRED)), str(len(r.sources))]
            for r in releases]
    return page_text(lines + md_table(["Release", "Date", "Added", "Changed", "Retired", "Source changes"], rows))
