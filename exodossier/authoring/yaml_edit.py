"""Editing committee YAML in place, one line at a time.

A full round-trip dump re-wraps and re-indents text (it rewrote 94 of 216 catalog files
in a test), so the tools that change a file (review, status, release) ask ruamel.yaml
where a node stands and edit only those lines. Everything else stays byte for byte.
"""

from __future__ import annotations

import json
import re
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap

_VALUE_AND_COMMENT = re.compile(r'^(?P<value>"(?:[^"\\]|\\.)*"|\'(?:[^\']|\'\')*\'|[^#]*?)(?P<comment>\s+#.*)?$')


def load_round_trip(text: str) -> Any:
    return YAML(typ="rt").load(text)


def scalar(value: str) -> str:
    """A double-quoted YAML scalar: safe for versions, dates and any text."""
    return json.dumps(value, ensure_ascii=False)


def replace_value(lines: list[str], mapping: CommentedMap, key: str, value: str) -> None:
    """Replace the scalar value of `key`, keeping a trailing comment."""
    replace_raw(lines, mapping, key, scalar(value))


def replace_raw(lines: list[str], mapping: CommentedMap, key: str, raw: str) -> None:
    """Replace the one-line scalar of `key` with `raw` YAML, keeping a trailing comment."""
    row, column = mapping.lc.value(key)
    match = _VALUE_AND_COMMENT.match(lines[row][column:])
    comment = (match.group("comment") or "") if match else ""
    lines[row] = lines[row][:column] + raw + comment


def content_end(lines: list[str], start: int, boundary: int) -> int:
    """Index just after the last content line in [start, boundary): trailing blanks and comments stay below."""
    end = boundary
    while end > start + 1 and (not lines[end - 1].strip() or lines[end - 1].lstrip().startswith("#")):
        end -= 1
    return end


def next_key_line(mapping: CommentedMap, key: str, total: int) -> int:
    """First line of the key after `key` in the mapping, or `total` when it is the last."""
    keys = list(mapping.keys())
    position = keys.index(key)
    return mapping.lc.key(keys[position + 1])[0] if position + 1 < len(keys) else total


def key_indent(mapping: CommentedMap) -> str:
    column: int = mapping.lc.key(next(iter(mapping)))[1]
    return " " * column
