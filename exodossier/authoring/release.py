"""Cutting a catalog release: a release record plus the catalog's new version and date.

The record is computed from the diff against the previous release's git tag (`v<version>`)
and written as YAML under `releases/`, so the site can show what changed in each release
without access to git.
"""

from __future__ import annotations

import re
from pathlib import Path

from exodossier.catalog.loader import RELEASES_DIR, TAXONOMY_FILE, Catalog
from exodossier.authoring.diff import CatalogDiff
from exodossier.catalog.yaml_reader import read_text
from exodossier.errors import UserError, error
from exodossier.catalog.models import ChangeKind, Release, ReleaseChange
from exodossier.outputs import write_atomic
from exodossier.authoring.yaml_edit import load_round_trip, replace_value, scalar

SCHEMA_LINE = "# yaml-language-server: $schema=../schema/release.schema.json"


# A version names a file (releases/<version>.yaml) and a git tag (v<version>): digits and dots, with an
# optional pre-release or build suffix, never a path separator or "..".
VERSION_PATTERN = re.compile(r"^[0-9]+(\.[0-9]+){0,3}([-+][0-9A-Za-z]+([.-][0-9A-Za-z]+)*)?$")


def check_version(version: str) -> None:
    """Exit 2 before anything is written when VERSION cannot name a release file and tag."""
    if not VERSION_PATTERN.match(version) or len(version) > 64:
        raise UserError([error("VERSION", 0, 0, "usage", f"{version!r} is not a release version",
                               expected="digits and dots with an optional suffix, such as 1.2.0 or 2.0.0-rc1")],
                        exit_code=2)


def check_release_date(date: str) -> None:
    """Exit 2 for a --date that is not a real calendar day (2026-13-45)."""
    import datetime as dt

    try:
        valid = re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", date) is not None and bool(dt.date.fromisoformat(date))
    except ValueError:
        valid = False
    if not valid:
        raise UserError([error("--date", 0, 0, "usage", f"{date!r} is not a calendar date",
                               expected="YYYY-MM-DD, such as 2026-03-01")], exit_code=2)


def tag_for(version: str) -> str:
    return f"v{version}"


def release_from_diff(diff: CatalogDiff, version: str, date: str, previous: str | None) -> Release:
    changes = [ReleaseChange(id=i, kind=ChangeKind.ADDED) for i in diff.added]
    changes += [ReleaseChange(id=i, kind=ChangeKind.RETIRED) for i in diff.retired]
    changes += [ReleaseChange(id=i, kind=ChangeKind.REMOVED) for i in diff.removed]
    changes += [ReleaseChange(id=c.id, kind=ChangeKind.CHANGED, fields=c.fields)
                for c in diff.changed if c.id not in diff.retired]
    sources = [ReleaseChange(id=i, kind=ChangeKind.ADDED) for i in diff.sources_added]
    sources += [ReleaseChange(id=i, kind=ChangeKind.REMOVED) for i in diff.sources_removed]
    sources += [ReleaseChange(id=c.id, kind=ChangeKind.CHANGED, fields=c.fields) for c in diff.sources_changed]
    return Release(version=version, date=date, previous=previous,
                   requirements=sorted(changes, key=lambda c: c.id), sources=sorted(sources, key=lambda c: c.id))


def release_yaml(release: Release) -> str:
    """The record as block-style YAML with every scalar quoted (dates and versions stay text)."""
    data = release.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
    data = {"version": release.version, "date": release.date, **data}
    lines = [SCHEMA_LINE]
    for key, value in data.items():
        if isinstance(value, list):
            lines.append(f"{key}:")
            for item in value:
                first = True
                for k, v in item.items():
                    prefix = "  - " if first else "    "
                    lines.append(f"{prefix}{k}: {scalar(v)}")
                    first = False
        else:
            lines.append(f"{key}: {scalar(value)}")
    return "\n".join(lines) + "\n"


def previous_release(catalog: Catalog) -> Release | None:
    return list(catalog.releases.values())[-1] if catalog.releases else None


def set_catalog_version(catalog: Catalog, version: str, date: str) -> None:
    """Rewrite the two lines of taxonomy.yaml in place, keeping everything else byte for byte."""
    path = catalog.root / TAXONOMY_FILE
    text = read_text(path, str(path))
    info = load_round_trip(text)["catalog"]
    lines = text.split("\n")
    for key, value in (("version", version), ("date", date)):
        if key not in info:
            raise UserError([error(str(path), 1, 1, "release", f"catalog.{key} is missing in {TAXONOMY_FILE}")])
        replace_value(lines, info, key, value)
    write_atomic(path, "\n".join(lines))


def write_release(catalog: Catalog, release: Release) -> Path:
    if release.version in catalog.releases:
        raise UserError([error(str(catalog.root / RELEASES_DIR), 0, 0, "release-exists",
                               f"release {release.version} already exists", hint="choose a new version number")])
    folder = catalog.root / RELEASES_DIR
    folder.mkdir(exist_ok=True)
    path = folder / f"{release.version}.yaml"
    write_atomic(path, release_yaml(release))
    return path
