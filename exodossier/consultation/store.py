"""The consultation folder on disk: `consultation/<round>/round.yaml` and one `C001.yaml` per comment.

Files are read through the catalog's YAML reader (so a committee member's typo gets a
file:line:col diagnostic) and written one at a time with `write_atomic`. Comment files are
written once by the importer; after that they belong to the committee, and nothing here
rewrites them.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Sequence

import yaml

from exodossier.catalog.loader import display_path, load_located, parse_model
from exodossier.catalog.yaml_reader import Located
from exodossier.consultation.models import COMMENT_ID, Comment, Round
from exodossier.errors import Diagnostic, UserError, error
from exodossier.outputs import write_atomic

ROUND_FILE = "round.yaml"
DEFAULT_FOLDER = Path("consultation")
SCHEMA_LINE = "# yaml-language-server: $schema={}\n"


@dataclass
class RoundData:
    """One round as read from disk: its metadata, its comments (by number) and where each came from."""

    folder: Path
    round: Round | None
    comments: list[Comment] = field(default_factory=list)
    origins: dict[str, Located] = field(default_factory=dict)
    round_origin: Located | None = None

    def position(self, comment_id: str, path: tuple[str | int, ...]) -> tuple[str, int, int]:
        located = self.origins[comment_id]
        line, column = located.position(path)
        return located.file, line, column


def round_folder(consultation_dir: Path, round_id: str) -> Path:
    return Path(consultation_dir) / round_id


def round_ids(consultation_dir: Path) -> list[str]:
    """The rounds present: every subfolder holding a round.yaml, oldest id first."""
    folder = Path(consultation_dir)
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if (p / ROUND_FILE).is_file())


def comment_files(folder: Path) -> list[Path]:
    return sorted((p for p in folder.glob("*.yaml") if p.name != ROUND_FILE),
                  key=lambda p: (len(p.stem), p.stem))


def load_round(folder: Path) -> tuple[RoundData, list[Diagnostic]]:
    """Read a round folder; every problem is a positioned diagnostic, none stops the reading."""
    diagnostics: list[Diagnostic] = []
    data = RoundData(folder=folder, round=None)
    round_path = folder / ROUND_FILE
    if round_path.is_file():
        located, problems = load_located(round_path)
        diagnostics += problems
        if located is not None:
            data.round_origin = located
            data.round, problems = parse_model(Round, located)
            diagnostics += problems
    for path in comment_files(folder):
        diagnostics += _load_comment(path, data)
    data.comments.sort(key=lambda c: c.number)
    return data, diagnostics


def _load_comment(path: Path, data: RoundData) -> list[Diagnostic]:
    located, problems = load_located(path)
    if located is None:
        return problems
    comment, problems = parse_model(Comment, located)
    if comment is None:
        return problems
    if comment.id != path.stem:
        line, column = located.position(("id",))
        return [error(located.file, line, column, "comment-file-name", f"comment '{comment.id}' is in {path.name}",
                      field_path="id", expected=f"{comment.id}.yaml", hint="rename the file, or correct the id")]
    data.comments.append(comment)
    data.origins[comment.id] = located
    return []


def require_round(consultation_dir: Path, round_id: str) -> RoundData:
    """A round that must exist and read cleanly (for status and report)."""
    folder = round_folder(consultation_dir, round_id)
    if not (folder / ROUND_FILE).is_file():
        known = ", ".join(round_ids(consultation_dir)) or "none"
        raise UserError([error(display_path(folder / ROUND_FILE), 0, 0, "unknown-round",
                               f"there is no consultation round '{round_id}' in {display_path(Path(consultation_dir))}",
                               hint=f"rounds found: {known}; pass --consultation DIR to look elsewhere")])
    data, problems = load_round(folder)
    if problems:
        raise UserError(problems)
    return data


def next_number(comments: Sequence[Comment]) -> int:
    return max((c.number for c in comments), default=0) + 1


def comment_id(number: int) -> str:
    identifier = f"C{number:03d}"
    assert COMMENT_ID.match(identifier)
    return identifier


# --------------------------------------------------------------------------- writing


class _Dumper(yaml.SafeDumper):
    """Block style, long text as `|` blocks: what a committee member expects to edit."""


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else ">" if len(value) > 80 else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)


def to_yaml(model: Round | Comment, schema: str | None = None) -> str:
    """The YAML of one file: fields in model order, absent values left out, dates as text."""
    data: dict[str, Any] = model.model_dump(mode="json", exclude_none=True)
    body = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100,
                     default_flow_style=False)
    return (SCHEMA_LINE.format(schema) if schema else "") + body


def _schema_ref(folder: Path, schema_dir: Path | None, stem: str) -> str | None:
    """The schema's path as seen from the round folder, for editors (yaml-language-server)."""
    if schema_dir is None:
        return None
    return Path(os.path.relpath(schema_dir.resolve(), folder.resolve())).joinpath(f"{stem}.schema.json").as_posix()


def write_round(folder: Path, round_: Round, comments: Sequence[Comment], write_round_file: bool,
                schema_dir: Path | None = None) -> list[Path]:
    """Write the new files of a round (its round.yaml only when new); returns the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    if write_round_file:
        path = folder / ROUND_FILE
        write_atomic(path, to_yaml(round_, _schema_ref(folder, schema_dir, "consultation-round")))
        written.append(path)
    for comment in comments:
        path = folder / f"{comment.id}.yaml"
        write_atomic(path, to_yaml(comment, _schema_ref(folder, schema_dir, "consultation-comment")))
        written.append(path)
    return written


def today() -> dt.date:
    from exodossier.outputs import build_datetime

    return build_datetime().date()
