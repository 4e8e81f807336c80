"""Re-stamping a requirement's citations after a human review.

Suspect citations (reviewed against an older source version) are found by the checks;
this module only records that a named person has looked again. The YAML is edited
line by line at positions ruamel.yaml reports, so comments, key order, quoting and
wrapping elsewhere in the file stay byte-for-byte as the committee wrote them.
Nothing here runs automatically: a new citation stays unreviewed until someone says so.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from exodossier.catalog.loader import Catalog, display_path
from exodossier.catalog.yaml_reader import read_text
from exodossier.errors import UserError, error
from exodossier.catalog.models import Requirement
from exodossier.outputs import build_datetime, write_atomic
from exodossier.authoring.yaml_edit import content_end, key_indent, load_round_trip, next_key_line, replace_value, scalar

STAMP_KEYS = ("reviewed_version", "reviewed_by", "reviewed_on")


@dataclass(frozen=True)
class Stamp:
    reviewer: str
    on: str


def git_reviewer() -> str | None:
    """The reviewer's name from git config, when the caller gives none."""
    try:
        result = subprocess.run(["git", "config", "user.name"], capture_output=True, text=True, timeout=5)
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout.strip() or None


def _boundaries(document: CommentedMap, total: int) -> list[int]:
    """First line of each citation item, plus the line where the citations end."""
    items = document["citations"]
    return [items.lc.item(i)[0] for i in range(len(items))] + [next_key_line(document, "citations", total)]


def restamp_text(text: str, file: str, versions: list[str], stamp: Stamp) -> str:
    """The file's text with every citation stamped as reviewed against `versions[i]`."""
    document = load_round_trip(text)
    lines = text.split("\n")
    items: CommentedSeq = document.get("citations") or CommentedSeq()
    bounds = _boundaries(document, len(lines)) if items else []
    inserts: list[tuple[int, list[str]]] = []
    for index, item in enumerate(items):
        if item.fa.flow_style():
            line = items.lc.item(index)[0] + 1
            raise UserError([error(file, line, 1, "review-flow-style",
                                   "citations written in {flow: style} cannot be stamped in place",
                                   hint="write this citation in block style (one key per line), then review again")])
        values = {"reviewed_version": versions[index], "reviewed_by": stamp.reviewer, "reviewed_on": stamp.on}
        indent = key_indent(item)
        missing = []
        for key in STAMP_KEYS:
            if key in item:
                replace_value(lines, item, key, values[key])
            else:
                missing.append(f"{indent}{key}: {scalar(values[key])}")
        if missing:
            inserts.append((content_end(lines, bounds[index], bounds[index + 1]), missing))
    for row, new_lines in reversed(inserts):
        lines[row:row] = new_lines
    return "\n".join(lines)


def review_requirement(catalog: Catalog, requirement_id: str, stamp: Stamp) -> tuple[Path, int, int]:
    """Stamp one requirement's citations; returns the file, how many citations were stamped (all of
    them: each gets the reviewer and date) and how many moved to a newer source version."""
    from exodossier.errors import did_you_mean

    requirement = catalog.requirements.get(requirement_id)
    if requirement is None:
        raise UserError([error("<command line>", 0, 0, "unknown-requirement", f"no requirement '{requirement_id}'",
                               hint=did_you_mean(requirement_id, catalog.requirements))], exit_code=1)
    path = Path(catalog.origin(requirement_id).file)
    versions = [catalog.sources[c.source].version for c in requirement.citations]
    changed = sum(1 for c, v in zip(requirement.citations, versions) if c.reviewed_version != v)
    text = restamp_text(read_text(path, display_path(path)), display_path(path), versions, stamp)
    _must_still_parse(path, text)
    write_atomic(path, text)
    return path, len(requirement.citations), changed


def _must_still_parse(path: Path, text: str) -> None:
    """Refuse to write an edit that would not load back as the same requirement."""
    from exodossier.catalog.loader import parse_model
    from exodossier.catalog.yaml_reader import parse_text

    _, problems = parse_model(Requirement, parse_text(text, display_path(path)))
    if problems:
        raise UserError(problems)


def today_stamp(reviewer: str | None) -> Stamp:
    name = reviewer or git_reviewer()
    if not name:
        raise UserError([error("<command line>", 0, 0, "usage", "who reviewed? no --reviewer and no git user.name",
                               hint="pass --reviewer 'Name'")], exit_code=2)
    return Stamp(reviewer=name, on=build_datetime().date().isoformat())
