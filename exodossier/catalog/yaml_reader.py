"""Safe YAML reading that never loses or reshapes a committee member's text.

PyYAML's `safe_load` keeps the last of two duplicate keys, expands alias bombs, and
turns `1.10` into 1.1 and `no` into False. We build the document ourselves from the
parser's events: every scalar stays a string (pydantic does the typing), anchors,
aliases, custom tags and duplicate keys are rejected, nesting depth is bounded, and
every node's line and column are remembered by its path for precise diagnostics.
Building from events uses an explicit stack, so no input can exhaust recursion.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from exodossier.errors import UserError, error

_Loader: type[yaml.CBaseLoader] | type[yaml.BaseLoader]
try:  # libyaml's parser is ~10x faster; the pure one behaves the same.
    from yaml import CBaseLoader as _Loader
except ImportError:  # pragma: no cover - depends on the platform's PyYAML build
    from yaml import BaseLoader as _Loader

MAX_FILE_BYTES = 2_000_000
MAX_DEPTH = 40
# Plain scalars YAML reads as null. Every scalar stays text here, so these would be stored as the words
# "null" or "~" (a title reading "null" on the site); they are refused where they stand.
_NULL_WORDS = frozenset({"null", "Null", "NULL", "~"})
_PLAIN_TAGS = {None, "!", "tag:yaml.org,2002:str", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}
# YAML escapes ("\x07", "\ud800") can smuggle in what a YAML file may not hold raw and what
# no XML or UTF-8 output can carry; they are always a slip, so they are refused at their line.
_SURROGATE = re.compile("[\ud800-\udfff]")
_FORBIDDEN_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")

Path_ = tuple[str | int, ...]


@dataclass
class Located:
    """A parsed YAML document plus where each of its nodes stands in the file."""

    file: str
    data: Any
    positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    sha256: str = ""  # of the bytes parsed (set by load_file), so a digest never re-reads a file

    def position(self, path: Path_) -> tuple[int, int]:
        """The position of the deepest recorded node along `path` (1-based)."""
        probe = tuple(path)
        while probe:
            if probe in self.positions:
                return self.positions[probe]
            probe = probe[:-1]
        return self.positions.get((), (1, 1))


class _Builder:
    """Turns a stream of parser events into plain dicts, lists and strings."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.positions: dict[Path_, tuple[int, int]] = {}
        self.stack: list[dict[str, Any]] = []
        self.root: Any = None
        self.seen_root = False
        self.nulls = False

    def fail(self, mark: Any, code: str, message: str, hint: str = "") -> UserError:
        return UserError([error(self.file, mark.line + 1, mark.column + 1, code, message, hint=hint)])

    def handle(self, event: yaml.Event) -> None:
        if isinstance(event, yaml.AliasEvent):
            raise self.fail(event.start_mark, "yaml-alias", "YAML aliases (*name) are not allowed in the catalog",
                            hint="write the value out in full; aliases hide text from reviewers and allow alias bombs")
        if isinstance(event, (yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            self.check_node(event)
        if isinstance(event, yaml.ScalarEvent):
            self.check_text(event.value, event.start_mark)
            self.add_value(event.value, event.start_mark, plain=not event.style)
        elif isinstance(event, yaml.MappingStartEvent):
            self.open(event, {})
        elif isinstance(event, yaml.SequenceStartEvent):
            self.open(event, [])
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            frame = self.stack.pop()
            if not self.stack:
                self.finish_root(frame["value"])
        elif isinstance(event, yaml.DocumentStartEvent) and self.seen_root:
            raise self.fail(event.start_mark, "yaml-multiple-documents",
                            "a catalog file holds exactly one YAML document", hint="remove the extra '---'")

    def check_node(self, event: Any) -> None:
        if event.anchor is not None:
            raise self.fail(event.start_mark, "yaml-anchor", f"YAML anchors (&{event.anchor}) are not allowed",
                            hint="write the value out in full")
        if event.tag not in _PLAIN_TAGS:
            raise self.fail(event.start_mark, "yaml-tag", f"YAML tag {event.tag!r} is not allowed",
                            hint="remove the tag; values are typed by the schema")
        if len(self.stack) >= MAX_DEPTH:
            raise self.fail(event.start_mark, "yaml-too-deep",
                            f"the document nests deeper than {MAX_DEPTH} levels", hint="flatten the structure")

    def check_text(self, value: str, mark: Any) -> None:
        found = _FORBIDDEN_CHARS.search(value)
        if found:
            char = ord(found.group())
            kind = ("a lone surrogate" if 0xD800 <= char <= 0xDFFF else "a noncharacter" if char > 0xFFFD
                    else "a control character")
            raise self.fail(mark, "yaml-forbidden-character",
                            f"text contains {kind} (U+{char:04X}), written as an escape",
                            hint="remove the escape; text may hold tabs and line breaks but no other control characters")

    def child_path(self, mark: Any) -> Path_ | None:
        """The path of the next node; None when the node is a mapping key."""
        if not self.stack:
            return ()
        frame = self.stack[-1]
        path: Path_ = frame["path"]
        if isinstance(frame["value"], list):
            return path + (len(frame["value"]),)
        if frame["key"] is None:
            return None
        return path + (frame["key"],)

    def add_value(self, value: str, mark: Any, plain: bool = False) -> None:
        path = self.child_path(mark)
        if path is None:
            self.add_key(value, mark)
            return
        if plain and value in _NULL_WORDS and self.stack:
            if self.nulls:  # a file kind whose schema gives null a meaning (the worked specification's "none")
                self.positions.setdefault(path, (mark.line + 1, mark.column + 1))
                self.store(None)
                return
            raise self.fail(mark, "yaml-null", f"'{value}' is YAML's null, which a catalog file does not use",
                            hint=f"leave the key out when there is no value, or write \"{value}\" if you mean the word")
        self.positions.setdefault(path, (mark.line + 1, mark.column + 1))
        self.store(value)
        if not self.stack:
            self.finish_root(value)

    def add_key(self, key: str, mark: Any) -> None:
        frame = self.stack[-1]
        if key == "<<":
            raise self.fail(mark, "yaml-merge-key", "YAML merge keys (<<) are not allowed",
                            hint="write the merged fields out in full")
        if key in frame["value"]:
            first = frame["path"] + (key,)
            line = self.positions.get(first, (0, 0))[0]
            raise self.fail(mark, "yaml-duplicate-key", f"duplicate key '{key}' (first defined on line {line})",
                            hint="merge the two entries; YAML would silently keep only the last one")
        frame["key"] = key
        self.positions[frame["path"] + (key,)] = (mark.line + 1, mark.column + 1)

    def open(self, event: Any, container: dict[str, Any] | list[Any]) -> None:
        path = self.child_path(event.start_mark)
        if path is None:
            raise self.fail(event.start_mark, "yaml-complex-key", "mapping keys must be plain text")
        self.positions.setdefault(path, (event.start_mark.line + 1, event.start_mark.column + 1))
        if self.stack:
            self.store(container)
        self.stack.append({"value": container, "path": path, "key": None})

    def store(self, value: Any) -> None:
        if not self.stack:
            return
        frame = self.stack[-1]
        if isinstance(frame["value"], list):
            frame["value"].append(value)
        else:
            frame["value"][frame["key"]] = value
            frame["key"] = None

    def finish_root(self, value: Any) -> None:
        self.root = value
        self.seen_root = True


class _Unusual(Exception):
    """Something only the event builder reports (or reads) exactly: a null word, an escape, a duplicate key..."""


# Where an anchor (&a) or alias (*a) could start a token: line start, after a space or a flow indicator.
# A superset: "R & D" sends a file to the event builder too, which costs time, never a wrong answer.
_MAYBE_ANCHOR = re.compile(r"(?:^|[\s\[\]{},:])[&*]", re.MULTILINE)
_ScalarNode = yaml.ScalarNode
_MappingNode = yaml.MappingNode
_DEFAULT_TAGS = {yaml.ScalarNode: _Loader.DEFAULT_SCALAR_TAG, yaml.SequenceNode: _Loader.DEFAULT_SEQUENCE_TAG,
                 yaml.MappingNode: _Loader.DEFAULT_MAPPING_TAG}


class _ComposeLoader(_Loader):  # type: ignore[valid-type,misc]
    """libyaml's composer with the resolver's per-node hooks cut to what `BaseResolver` answers here.

    The base resolver has no implicit or path resolvers, so every untagged node gets its kind's
    default tag; its general methods cost three Python calls per node on the way to that answer.
    """

    def resolve(self, kind: type[yaml.Node], value: Any, implicit: Any) -> str:
        return _DEFAULT_TAGS[kind]

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        return None

    def ascend_resolver(self) -> None:
        return None


def _compose(text: str) -> tuple[Any, dict[Path_, tuple[int, int]]]:
    """The document and its positions from libyaml's composed nodes: the same result as `_Builder`.

    The event builder makes a Python call per event; composing in libyaml's Cython code and walking
    the finished nodes costs about what `yaml.load(CSafeLoader)` does (the parse floor). Only documents
    without anchors (screened by `_MAYBE_ANCHOR`: nodes do not carry them) come here, and anything the
    event builder would refuse or treat specially raises `_Unusual`, so that builder stays the one
    that decides and words every problem.
    """
    loader = _ComposeLoader(text)
    try:
        node = loader.get_single_node()
    finally:
        loader.dispose()
    positions: dict[Path_, tuple[int, int]] = {}
    if node is None:
        return None, positions
    mark = node.start_mark
    positions[()] = (mark.line + 1, mark.column + 1)
    if type(node) is _ScalarNode:  # a root scalar keeps even a null word (as the event builder does)
        return _scalar(node, 0, root=True), positions
    return _collection(node, (), 0, positions), positions


def _scalar(node: Any, depth: int, root: bool = False) -> str:
    value: str = node.value
    if depth >= MAX_DEPTH or node.tag not in _PLAIN_TAGS:
        raise _Unusual
    if node.style == '"' and _FORBIDDEN_CHARS.search(value):  # only escapes can bring these past libyaml's reader
        raise _Unusual
    if not root and not node.style and value in _NULL_WORDS:
        raise _Unusual
    return value


def _collection(node: Any, path: Path_, depth: int, positions: dict[Path_, tuple[int, int]]) -> Any:
    """A mapping or sequence node as dict or list, recording each child's position (a key's for a mapping entry)."""
    if depth >= MAX_DEPTH or node.tag not in _PLAIN_TAGS:
        raise _Unusual
    child_depth = depth + 1
    if type(node) is _MappingNode:
        mapping: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if type(key_node) is not _ScalarNode:
                raise _Unusual
            key = _scalar(key_node, child_depth, root=True)  # keys are never null: "null:" is the key "null"
            if key in mapping or key == "<<":
                raise _Unusual
            mark = key_node.start_mark
            child = (*path, key)
            positions[child] = (mark.line + 1, mark.column + 1)
            mapping[key] = (_scalar(value_node, child_depth) if type(value_node) is _ScalarNode
                            else _collection(value_node, child, child_depth, positions))
        return mapping
    items: list[Any] = []
    for index, item in enumerate(node.value):
        mark = item.start_mark
        child = (*path, index)
        positions[child] = (mark.line + 1, mark.column + 1)
        items.append(_scalar(item, child_depth) if type(item) is _ScalarNode
                     else _collection(item, child, child_depth, positions))
    return items


def _character_index(text: str, position: int) -> int:
    """libyaml reports a reader error's position in bytes of the UTF-8 text, the pure parser in characters;
    used as a character index after multi-byte text, it lands on the wrong column or line."""
    if _Loader is yaml.BaseLoader:  # pragma: no cover - only without libyaml
        return position
    return len(text.encode("utf-8")[:position].decode("utf-8", "ignore"))


def _flow_depth_place(text: str, limit: int) -> tuple[int, int]:
    """Where flow brackets ([ and {, outside quotes and comments) first nest `limit` deep, 1-based."""
    depth, quote, comment = 0, "", False
    line, column = 1, 0
    for char in text:
        column += 1
        if char == "\n":
            line, column, comment = line + 1, 0, False
        elif comment:
            continue
        elif quote:
            quote = "" if char == quote else quote
        elif char in "\"'" and depth:
            quote = char
        elif char == "#":
            comment = True
        elif char in "[{":
            depth += 1
            if depth >= limit:
                return line, column
        elif char in "]}":
            depth = max(depth - 1, 0)
    return 1, 1


def parse_text(text: str, file: str, nulls: bool = False) -> Located:
    """Parse one YAML document held in memory; `nulls` reads a plain null or ~ as None instead of refusing it."""
    surrogate = _SURROGATE.search(text)
    if surrogate:  # only from text decoded with surrogateescape (command-line arguments); libyaml cannot encode it
        line = text.count("\n", 0, surrogate.start()) + 1
        column = surrogate.start() - (text.rfind("\n", 0, surrogate.start()) + 1) + 1
        raise UserError([error(file, line, column, "encoding",
                               f"text contains a lone surrogate (U+{ord(surrogate.group()):04X}), which UTF-8 cannot hold",
                               hint="the text came from bytes that are not UTF-8; retype it")])
    if not (("&" in text or "*" in text) and _MAYBE_ANCHOR.search(text)):
        try:
            data, positions = _compose(text)
            return Located(file=file, data=data, positions=positions)
        except (_Unusual, yaml.YAMLError, RecursionError):
            pass  # the event builder reads it again and names the problem exactly
    return parse_events(text, file, nulls)


def parse_events(text: str, file: str, nulls: bool = False) -> Located:
    """`parse_text` by the event builder alone: the reference that decides every refusal and its wording."""
    builder = _Builder(file)
    builder.nulls = nulls
    try:
        for event in yaml.parse(text, Loader=_Loader):
            builder.handle(event)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or "invalid YAML"
        if "maximum nesting depth" in problem:  # libyaml scans deep [[[... ahead, before our builder sees it
            line, col = _flow_depth_place(text, MAX_DEPTH)
            raise UserError([error(file, line, col, "yaml-too-deep", f"the document nests deeper than {MAX_DEPTH} "
                                   "levels", hint="flatten the structure")]) from None
        lines = text.splitlines()
        offending = lines[line - 1] if 0 < line <= len(lines) else ""
        hint = "use spaces, not tabs, for indentation" if "\t" in offending[: max(col, 1)] else \
            "check indentation and quoting near this position"
        raise UserError([error(file, line, col, "yaml-syntax", f"YAML syntax error: {problem}", hint=hint)]) from None
    except yaml.reader.ReaderError as exc:
        index = _character_index(text, exc.position)
        line = text.count("\n", 0, index) + 1
        column = index - (text.rfind("\n", 0, index) + 1) + 1
        raise UserError([error(file, line, column, "yaml-forbidden-character",
                               f"character U+{exc.character:04X} is not allowed in YAML ({exc.reason})",
                               hint="remove the character; it is invisible in most editors")]) from None
    except yaml.YAMLError as exc:
        raise UserError([error(file, 1, 1, "yaml-syntax", f"YAML error: {exc}")]) from None
    return Located(file=file, data=builder.root, positions=builder.positions)


def read_bytes(path: Path, display: str, max_bytes: int = MAX_FILE_BYTES) -> bytes:
    """At most `max_bytes` + 1 bytes of a file, read once.

    `stat()` cannot bound a special file (/dev/zero, a FIFO): it reports size 0 and reads
    without end. Reading one byte past the limit is what proves a file too large.
    """
    try:
        if path.is_dir():
            raise UserError([error(display, 0, 0, "io", "this is a folder, not a file", hint="name the file itself")])
        with path.open("rb") as stream:
            raw = stream.read(max_bytes + 1)
    except OSError as exc:
        raise UserError([error(display, 0, 0, "io", f"cannot read file: {exc.strerror or exc}")]) from None
    if len(raw) > max_bytes:
        raise UserError([error(display, 1, 1, "file-too-large", f"file is larger than allowed: the limit is {max_bytes:,} bytes",
                               hint="split the content; a catalog item is a few kilobytes")])
    return raw


def decode_text(raw: bytes, display: str) -> str:
    """UTF-8 text of bytes already read, with position-bearing decode errors."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UserError([error(display, 1, 1, "encoding", "file is UTF-16 encoded, not UTF-8",
                               hint="save the file as UTF-8")])
    if b"\x00" in raw:
        raise UserError([error(display, 1, 1, "binary-file", "file contains NUL bytes; it is not a YAML text file")])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = len(raw[raw.rfind(b"\n", 0, exc.start) + 1: exc.start].decode("utf-8", "replace")) + 1
        raise UserError([error(display, line, column, "encoding",
                               f"file is not valid UTF-8 (byte 0x{raw[exc.start]:02x})",
                               hint="save the file as UTF-8")]) from None
    return text.removeprefix("\ufeff")


def read_text(path: Path, display: str, max_bytes: int = MAX_FILE_BYTES) -> str:
    """Read a UTF-8 file with a size limit and position-bearing decode errors."""
    return decode_text(read_bytes(path, display, max_bytes), display)


def load_file(path: Path, display: str | None = None, nulls: bool = False) -> Located:
    """Read and parse one YAML file; every failure is a `UserError` with a position."""
    display = display or str(path)
    return load_bytes(read_bytes(path, display), display, nulls=nulls)


def load_bytes(raw: bytes, display: str, nulls: bool = False) -> Located:
    """Parse bytes already read (once, bounded); the digest is of exactly these bytes."""
    located = parse_text(decode_text(raw, display), display, nulls=nulls)
    located.sha256 = hashlib.sha256(raw).hexdigest()
    if located.data is None:
        raise UserError([error(display, 1, 1, "empty-file", "file is empty", hint="a catalog file holds one mapping")])
    return located


def position_in_value(lines: tuple[str, ...] | list[str], key_line: int, key_column: int, needle: str,
                      occurrence: int = 0) -> tuple[int, int] | None:
    """Where the `occurrence`-th `needle` stands inside the value of the key at (key_line, key_column), 1-based.

    The value's lines are the key's own line after the colon plus every following line indented deeper
    than the key (plain, quoted and block scalars alike). The needle is searched in the raw lines, so the
    answer is exact whatever the scalar's style; None when the needle is broken across lines (a folded
    line break turns into a space) or the file changed since it was read.
    """
    row = key_line - 1
    if not 0 <= row < len(lines):
        return None
    start = lines[row].find(":", key_column - 1)
    if start < 0:
        return None
    region: list[tuple[int, int, str]] = [(row, start + 1, lines[row][start + 1:])]
    for number in range(row + 1, len(lines)):
        line = lines[number]
        indent = len(line) - len(line.lstrip(" "))
        if line.strip() and indent < key_column:
            break
        region.append((number, 0, line))
    seen = 0
    for number, offset, text in region:
        found = text.find(needle)
        while found >= 0:
            if seen == occurrence:
                return number + 1, offset + found + 1
            seen += 1
            found = text.find(needle, found + 1)
    return None


def occurrences_before(text: str, needle: str, index: int) -> int:
    """How many (possibly overlapping) occurrences of `needle` start before `index`."""
    return sum(1 for i in range(index) if text.startswith(needle, i))


def file_lines(file: str) -> tuple[str, ...]:
    """A catalog file's lines, to place a finding inside a scalar (empty when it cannot be read)."""
    try:
        return tuple(Path(file).read_text(encoding="utf-8").removeprefix("\ufeff").split("\n"))
    except (OSError, UnicodeDecodeError):
        return ()


MAX_JSON_NUMBER_CHARACTERS = 40  # far beyond any count or score; int() of 4,300+ digits raises ValueError


class _NumberTooLong(ValueError):
    def __init__(self, digits: str) -> None:
        super().__init__(digits)
        self.digits = digits


def _bounded_number(digits: str) -> int | float:
    if len(digits) > MAX_JSON_NUMBER_CHARACTERS:
        raise _NumberTooLong(digits)
    return float(digits) if any(c in digits for c in ".eE") else int(digits)


def parse_json(text: str, display: str, hint: str, code: str = "json-syntax", what: str = "") -> Any:
    """JSON held in memory; syntax errors, deep nesting and absurd numbers (a 5,000-digit integer)
    are positioned `UserError`s, never a ValueError or RecursionError traceback."""
    import json

    try:
        return json.loads(text, parse_int=_bounded_number, parse_float=_bounded_number)
    except json.JSONDecodeError as exc:
        syntax = "invalid JSON" if code == "bad-json" else "not valid JSON"
        raise UserError([error(display, exc.lineno, exc.colno, code, f"{syntax}: {exc.msg}", hint=hint)]) from None
    except _NumberTooLong as exc:
        index = text.find(exc.digits)
        line = text.count("\n", 0, index) + 1
        column = index - (text.rfind("\n", 0, index) + 1) + 1
        raise UserError([error(display, line, column, code,
                               f"a number of {len(exc.digits):,} characters is out of range",
                               expected=f"at most {MAX_JSON_NUMBER_CHARACTERS} characters", hint=hint)]) from None
    except RecursionError:
        raise UserError([error(display, 1, 1, code, f"JSON nested too deeply{what}", hint=hint)]) from None
