"""Adopted requirements hold finished text: no TODO, TBD or FIXME left from a stub.

`exodossier new requirement` writes "TODO: ..." placeholders so every field is visible; a
requirement must not reach adopted (or stay there) with one of them still in place. The
check walks the file as written, so each finding stands at the text's own line.
"""

from __future__ import annotations

import marshal
import re
from typing import Any, Iterator

from exodossier.catalog.loader import Catalog
from exodossier.catalog.models import RequirementStatus
from exodossier.catalog.yaml_reader import Located, Path_
from exodossier.errors import Diagnostic, error

PLACEHOLDER = re.compile(r"\b(TODO|TBD|FIXME)\b")
_WORDS = (b"TODO", b"TBD", b"FIXME")


def _texts(data: Any, path: Path_ = ()) -> Iterator[tuple[Path_, str]]:
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _texts(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _texts(value, (*path, index))


def placeholder_problems(located: Located) -> Iterator[Diagnostic]:
    """Every placeholder in one requirement file, at its text."""
    flat = marshal.dumps(located.data)  # one C-speed pass: every text's UTF-8 bytes stand whole in it
    if not any(word in flat for word in _WORDS):
        return
    for path, text in _texts(located.data):
        if path and path[0] == "history":
            continue
        found = PLACEHOLDER.search(text)
        if found:
            line, column = located.position(path)
            yield error(located.file, line, column, "adopted-placeholder",
                        f"an adopted requirement still holds the placeholder '{found.group()}'",
                        field_path=".".join(str(p) for p in path),
                        hint="write the finished text, or move the requirement back to draft")


def check_adopted_placeholders(catalog: Catalog) -> Iterator[Diagnostic]:
    for rid, requirement in catalog.requirements.items():
        if requirement.status is RequirementStatus.ADOPTED:
            yield from placeholder_problems(catalog.origin(rid))
