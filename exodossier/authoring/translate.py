"""Recording that a Japanese translation was reviewed against the current English.

`exodossier translate --reviewed` writes `ja_of: <fingerprint>` on its own line after each
`ja`, so an English edit later shows the Japanese as stale. Like `review`, it edits only the
lines it must (ruamel.yaml says where each text stands), and the result is re-read and compared
with the original model: recording can never change a text, only its fingerprint.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from pydantic import BaseModel
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from exodossier.authoring.yaml_edit import content_end, load_round_trip, replace_raw
from exodossier.catalog.loader import Catalog, display_path, parse_model
from exodossier.catalog.models import LocalizedText
from exodossier.catalog.texts import field_label, iter_texts
from exodossier.catalog.yaml_reader import Path_, parse_text
from exodossier.errors import Diagnostic, UserError, did_you_mean, error

TEXT_KEYS = frozenset(LocalizedText.model_fields)
# A fingerprint YAML would read as a number (all digits, 1e5-style, 0b101) must be quoted.
_LOOKS_NUMERIC = re.compile(r"[0-9]+([eE][0-9]+)?|0b[01]+")


@dataclass(frozen=True)
class Recorded:
    """What one file's recording did."""

    path: Path
    fields: tuple[str, ...]
    new_text: str | None


def yaml_fingerprint(value: str) -> str:
    """The fingerprint as a YAML scalar: plain unless YAML would read it as a number."""
    return f'"{value}"' if _LOOKS_NUMERIC.fullmatch(value) else value


def _text_mappings(node: object, path: Path_ = ()) -> Iterator[tuple[Path_, CommentedMap]]:
    """Each `{en, ja, ...}` mapping of a round-trip document, with its path."""
    if isinstance(node, CommentedMap):
        if "ja" in node and set(node) <= TEXT_KEYS:
            yield path, node
            return
        for key, value in node.items():
            yield from _text_mappings(value, path + (str(key),))
    elif isinstance(node, CommentedSeq):
        for index, value in enumerate(node):
            yield from _text_mappings(value, path + (index,))


def field_selected(label: str, fields: tuple[str, ...]) -> bool:
    return not fields or any(label == f or label.startswith((f + "[", f + ".")) for f in fields)


def _value_end(lines: list[str], row: int, column: int) -> int:
    """Index of the line after the value of the key at (row, column): continuation lines are indented deeper."""
    end = row + 1
    while end < len(lines) and (not lines[end].strip() or len(lines[end]) - len(lines[end].lstrip(" ")) > column):
        end += 1
    return content_end(lines, row, end)


def record_text(text: str, file: str, model: type[BaseModel], fields: tuple[str, ...] = ()) -> tuple[str, list[str]]:
    """The file's text with `ja_of` recorded for every Japanese text (or those under `fields`)."""
    before, problems = parse_model(model, parse_text(text, file))
    if before is None:
        raise UserError(problems)
    texts = {path: value for path, value in iter_texts(before) if value.ja is not None}
    lines = text.split("\n")
    inserts: list[tuple[int, str]] = []
    recorded: list[str] = []
    for path, mapping in _text_mappings(load_round_trip(text)):
        label = field_label(path)
        value = texts.get(path)
        if value is None or not field_selected(label, fields) or value.ja_of == value.en_fingerprint:
            continue
        if mapping.fa.flow_style():
            raise UserError([error(file, mapping.lc.line + 1, mapping.lc.col + 1, "translate-flow-style",
                                   "a text written as {en: ..., ja: ...} cannot take a fingerprint in place",
                                   field_path=label, hint="write en: and ja: on their own lines, then record again")])
        new_value = yaml_fingerprint(value.en_fingerprint)
        if "ja_of" in mapping:
            replace_raw(lines, mapping, "ja_of", new_value)
        else:
            row, column = mapping.lc.key("ja")
            inserts.append((_value_end(lines, row, column), " " * column + f"ja_of: {new_value}"))
        recorded.append(label)
    for row, line in sorted(inserts, reverse=True):
        lines.insert(row, line)
    new_text = "\n".join(lines)
    _check_only_fingerprints_changed(before, new_text, file, model, recorded)
    return new_text, recorded


def _without_fingerprints(data: object) -> object:
    if isinstance(data, dict):
        return {k: _without_fingerprints(v) for k, v in data.items() if k != "ja_of"}
    if isinstance(data, list):
        return [_without_fingerprints(v) for v in data]
    return data


def _check_only_fingerprints_changed(before: BaseModel, new_text: str, file: str, model: type[BaseModel],
                                     recorded: list[str]) -> None:
    after, _ = parse_model(model, parse_text(new_text, file))
    now_current = {field_label(p) for p, v in iter_texts(after) if not v.ja_pending} if after is not None else set()
    if (after is None or _without_fingerprints(after.model_dump()) != _without_fingerprints(before.model_dump())
            or not set(recorded) <= now_current):
        raise UserError([error(file, 1, 1, "translate-unsafe", "recording the fingerprints would change the file's "
                               "content; file left as is", hint="record this file's translations by hand")])


def resolve_targets(catalog: Catalog, targets: tuple[str, ...]) -> list[tuple[Path, type[BaseModel]]]:
    """Catalog files named by path or by item id (requirement, source, 'taxonomy', 'terminology')."""
    from exodossier.authoring.fmt import catalog_files

    files = catalog_files(catalog.root)
    by_path = {path.resolve(): (path, model) for path, model in files}
    by_id = {item_id: Path(located.file).resolve() for item_id, located in catalog.origins.items()}
    chosen: list[tuple[Path, type[BaseModel]]] = []
    problems: list[Diagnostic] = []
    for target in targets:
        resolved = by_id.get(target) or Path(target).resolve()
        if resolved not in by_path:
            problems.append(error("<command line>", 0, 0, "unknown-target",
                                  f"'{target}' is neither a catalog file nor an item id",
                                  hint=did_you_mean(target, by_id) or "name a requirement id, a source id or a file"))
        elif by_path[resolved] not in chosen:
            chosen.append(by_path[resolved])
    if problems:
        raise UserError(problems, exit_code=2)
    return chosen


@dataclass(frozen=True)
class TextRow:
    """One text of a catalog file, for listing what is pending."""

    file: str
    label: str
    has_japanese: bool
    pending: bool


def texts_of(files: list[tuple[Path, type[BaseModel]]]) -> list[TextRow]:
    """Every text of the named files (files that do not parse are left to validate)."""
    from exodossier.catalog.loader import load_located

    rows = []
    for path, model in files:
        located, _ = load_located(path)
        item = parse_model(model, located)[0] if located is not None else None
        for text_path, text in iter_texts(item) if item is not None else ():
            rows.append(TextRow(display_path(path), field_label(text_path), text.ja is not None, text.ja_pending))
    return rows


def record_translations(files: list[tuple[Path, type[BaseModel]]], fields: tuple[str, ...]) -> list[Recorded]:
    """Record every file first, write nothing until all succeed."""
    results = []
    for path, model in files:
        text = path.read_text(encoding="utf-8")
        new_text, recorded = record_text(text, display_path(path), model, fields)
        results.append(Recorded(path, tuple(recorded), new_text if new_text != text else None))
    return results
