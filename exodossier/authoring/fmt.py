"""`exodossier fmt`: one layout and key order for every catalog file, comments kept.

Key order follows the models' field order, so a file reads like the schema documents, and
text follows the normalisation rule of `exodossier.catalog.normalise` (NFC, full-width katakana,
half-width alphanumerics, no full-width spaces).
A file is only rewritten when its reformatted text loads back to exactly the same model,
so formatting can never change what the committee wrote.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from exodossier.catalog.loader import (RELEASES_DIR, REQUIREMENTS_DIR, SOURCES_DIR, TAXONOMY_FILE, TERMINOLOGY_FILE,
                                       _yaml_files, display_path, parse_model)
from exodossier.errors import Diagnostic, UserError, error
from exodossier.catalog.models import (Attribute, AttributeValue, CatalogInfo, Category, Citation, Clause, CtdSection,
                               LocalizedText, Relation, Release, ReleaseChange, Requirement, Source, Stage,
                               StageExpectation, StatusChange, Taxonomy, Term, Terminology)
from exodossier.catalog.normalise import normalise
from exodossier.catalog.yaml_reader import parse_text, read_text

# Nested models by field name, for ordering keys below the top level.
NESTED: dict[str, type[BaseModel]] = {
    "catalog": CatalogInfo, "categories": Category, "stages": Stage, "attributes": Attribute,
    "values": AttributeValue, "ctd_sections": CtdSection, "clauses": Clause, "stage_expectations": StageExpectation,
    "citations": Citation, "related": Relation, "history": StatusChange, "requirements": ReleaseChange,
    "sources": ReleaseChange, "terms": Term,
}
TEXT_KEYS = frozenset(LocalizedText.model_fields)


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def _reorder(mapping: CommentedMap, model: type[BaseModel]) -> None:
    order = list(model.model_fields)
    keys = list(mapping.keys())
    wanted = sorted(keys, key=lambda k: order.index(k) if k in order else len(order))
    if wanted != keys:
        for key in wanted:
            comment = mapping.ca.items.pop(key, None)
            value = mapping.pop(key)
            mapping[key] = value
            if comment is not None:
                mapping.ca.items[key] = comment
    for key, value in mapping.items():
        _descend(key, value, model)


def _descend(key: Any, value: Any, parent: type[BaseModel]) -> None:
    model = NESTED.get(str(key))
    if isinstance(value, CommentedMap) and set(value) <= TEXT_KEYS:
        _reorder(value, LocalizedText)
    elif isinstance(value, CommentedMap) and model is not None:
        _reorder(value, model)
    elif isinstance(value, CommentedSeq) and model is not None:
        for item in value:
            if isinstance(item, CommentedMap):
                _reorder(item, model)


def formatted(text: str, model: type[BaseModel]) -> str:
    """The file's text with one key order and layout, its text under the normalisation rule."""
    yaml = _yaml()
    document = yaml.load(normalise(text))
    if isinstance(document, CommentedMap):
        _reorder(document, model)
    stream = io.StringIO()
    yaml.dump(document, stream)
    return stream.getvalue()


def catalog_files(root: Path) -> list[tuple[Path, type[BaseModel]]]:
    files: list[tuple[Path, type[BaseModel]]] = [(root / TAXONOMY_FILE, Taxonomy)]
    files += [(p, Source) for p in _yaml_files(root / SOURCES_DIR)]
    files += [(p, Requirement) for p in _yaml_files(root / REQUIREMENTS_DIR)]
    files += [(p, Release) for p in _yaml_files(root / RELEASES_DIR)]
    if (root / TERMINOLOGY_FILE).is_file():
        files.append((root / TERMINOLOGY_FILE, Terminology))
    return files


def _normalised(data: Any) -> Any:
    if isinstance(data, str):
        return normalise(data)
    if isinstance(data, dict):
        return {key: _normalised(value) for key, value in data.items()}
    if isinstance(data, list):
        return [_normalised(value) for value in data]
    return data


def _same_content(before: str, after: str, model: type[BaseModel], file: str) -> bool:
    """The reformatted file says what the original said, up to the normalisation rule."""
    old, _ = parse_model(model, parse_text(before, file))
    new, _ = parse_model(model, parse_text(after, file))
    return old is not None and new is not None and _normalised(old.model_dump()) == new.model_dump()


def _mark_of(exc: Exception) -> tuple[int, int]:
    """The 1-based place ruamel names for its failure, else the file's start."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line, column = getattr(mark, "line", None), getattr(mark, "column", None)
    return (line + 1, column + 1) if isinstance(line, int) and isinstance(column, int) else (1, 1)


def format_file(path: Path, model: type[BaseModel]) -> tuple[str | None, list[Diagnostic]]:
    """The new text when the file needs formatting (None when it is already tidy).

    The file goes through the loader's reader and parser first, so a binary, Latin-1 or UTF-16
    file, or a syntax error, is the loader's own message at its line, never a traceback or 1:1.
    """
    file = display_path(path)
    try:
        text = read_text(path, file)
        parse_text(text, file)
    except UserError as exc:
        return None, list(exc.diagnostics)
    try:
        new = formatted(text, model)
    except Exception as exc:  # ruamel raises many types; the validator reports the details
        return None, [error(file, *_mark_of(exc), "fmt-unparsable", f"cannot format: {type(exc).__name__}",
                            hint="run exodossier validate for the precise problem")]
    if new == text:
        return None, []
    try:
        same = _same_content(text, new, model, file)
    except UserError:
        same = False
    if not same:
        return None, [error(file, 1, 1, "fmt-unsafe", "formatting would change the content; file left as is",
                            hint="fix the file's validation errors first, or format it by hand")]
    return new, []
