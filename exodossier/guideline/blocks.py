"""The Markdown of the hand-written chapters, read into blocks a document can lay out.

The chapters use a small part of Markdown: headings, paragraphs, bullet and numbered lists,
pipe tables and `!!! note "Title"` admonitions, with **bold**, *italic*, `code` and
[links](target) inside. Reading that part here, rather than rendering HTML and walking it,
keeps the document free of any HTML: text becomes runs, and nothing in it is ever markup.
Anything outside the subset is kept as plain text, never dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterator

INLINE = re.compile(r"\*\*(?P<bold>.+?)\*\*|(?<![\w*])\*(?P<italic>[^*\s](?:[^*]*[^*\s])?)\*(?![\w*])"
                    r"|`(?P<code>[^`]+)`|\[(?P<link>[^\]]+)\]\((?P<target>[^)\s]+)\)")
HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
ATTRIBUTES = re.compile(r"\s*\{:?\s*[#.][^{}]*\}\s*$")  # attr_list anchors on a heading: {#purpose}
BULLET = re.compile(r"^(\s*)[-*+]\s+(.*)$")
ORDERED = re.compile(r"^(\s*)(\d+)[.)]\s+(.*)$")
ADMONITION = re.compile(r'^(!!!|\?\?\?\+?)\s+(\w[\w-]*)(?:\s+"(.*)")?\s*$')
COMMENT = re.compile(r"^\s*<!--.*-->\s*$")  # invisible in Markdown (the glossary's marker): dropped
TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")


@dataclass(frozen=True)
class Span:
    """A piece of inline text with its emphasis; `target` is a link's address (shown as text only)."""

    text: str
    bold: bool = False
    italic: bool = False
    code: bool = False
    target: str | None = None


@dataclass
class Heading:
    level: int
    text: str


@dataclass
class Paragraph:
    spans: list[Span]


@dataclass
class ListBlock:
    ordered: bool
    items: list[list[Span]]


@dataclass
class Table:
    header: list[list[Span]]
    rows: list[list[list[Span]]]


@dataclass
class Admonition:
    kind: str
    title: str
    blocks: list["Block"] = field(default_factory=list)


Block = Heading | Paragraph | ListBlock | Table | Admonition


def spans(text: str) -> list[Span]:
    """Inline Markdown to spans; unmatched markers stay as the characters they are."""
    found: list[Span] = []
    position = 0
    for match in INLINE.finditer(text):
        if match.start() > position:
            found.append(Span(text[position:match.start()]))
        if match.group("bold") is not None:
            found.extend(_emphasised(match.group("bold"), bold=True))
        elif match.group("italic") is not None:
            found.extend(_emphasised(match.group("italic"), italic=True))
        elif match.group("code") is not None:
            found.append(Span(match.group("code"), code=True))
        else:
            found.append(Span(match.group("link"), target=match.group("target")))
        position = match.end()
    if position < len(text):
        found.append(Span(text[position:]))
    return found


def _emphasised(text: str, bold: bool = False, italic: bool = False) -> list[Span]:
    return [Span(s.text, bold=bold or s.bold, italic=italic or s.italic, code=s.code, target=s.target)
            for s in spans(text)]


def plain(pieces: list[Span]) -> str:
    return "".join(piece.text for piece in pieces)


def parse(text: str) -> list[Block]:
    """The chapter as blocks, in order."""
    return list(_blocks(text.replace("\r\n", "\n").split("\n")))


def _blocks(lines: list[str]) -> Iterator[Block]:
    index = 0
    while index < len(lines):
        line = lines[index]
        if not line.strip() or COMMENT.match(line):
            index += 1
            continue
        heading = HEADING.match(line)
        admonition = ADMONITION.match(line)
        if heading:
            yield Heading(len(heading.group(1)), ATTRIBUTES.sub("", heading.group(2)))
            index += 1
        elif admonition:
            body, index = _indented(lines, index + 1)
            yield Admonition(admonition.group(2), admonition.group(3) or "", list(_blocks(body)))
        elif _is_table(lines, index):
            table, index = _table(lines, index)
            yield table
        elif BULLET.match(line) or ORDERED.match(line):
            block, index = _list(lines, index)
            yield block
        else:
            paragraph, index = _paragraph(lines, index)
            yield paragraph


def _indented(lines: list[str], index: int) -> tuple[list[str], int]:
    """The body of an admonition: following lines indented by four spaces (blank lines inside kept)."""
    body: list[str] = []
    while index < len(lines) and (not lines[index].strip() or lines[index].startswith("    ")):
        body.append(lines[index][4:])
        index += 1
    return body, index


def _is_table(lines: list[str], index: int) -> bool:
    return ("|" in lines[index] and index + 1 < len(lines) and bool(TABLE_RULE.match(lines[index + 1]))
            and "-" in lines[index + 1])


def _cells(line: str) -> list[list[Span]]:
    text = line.strip()
    if text.startswith("|"):
        text = text[1:]
    if text.endswith("|") and not text.endswith("\\|"):
        text = text[:-1]
    return [spans(cell.strip().replace("\\|", "|")) for cell in re.split(r"(?<!\\)\|", text)]


def _table(lines: list[str], index: int) -> tuple[Table, int]:
    header = _cells(lines[index])
    rows: list[list[list[Span]]] = []
    index += 2
    while index < len(lines) and lines[index].strip() and "|" in lines[index]:
        rows.append(_cells(lines[index]))
        index += 1
    return Table(header, rows), index


def _list(lines: list[str], index: int) -> tuple[ListBlock, int]:
    ordered = bool(ORDERED.match(lines[index])) and not BULLET.match(lines[index])
    items: list[str] = []
    while index < len(lines) and lines[index].strip():
        line = lines[index]
        item = ORDERED.match(line) if ordered else BULLET.match(line)
        if item is not None:
            items.append(item.group(item.lastindex or 0))
        elif items:
            items[-1] += " " + line.strip()  # continuation line of the item
        index += 1
    return ListBlock(ordered, [spans(item) for item in items]), index


def _paragraph(lines: list[str], index: int) -> tuple[Paragraph, int]:
    text: list[str] = []
    while index < len(lines) and lines[index].strip():
        line = lines[index]
        if text and (HEADING.match(line) or ADMONITION.match(line) or BULLET.match(line) or ORDERED.match(line)
                     or _is_table(lines, index)):
            break
        text.append(line.strip())
        index += 1
    return Paragraph(spans(join_lines(text))), index


def join_lines(lines: list[str]) -> str:
    """Soft line breaks: a space between Latin words, nothing where Japanese meets the break on either side."""
    joined = ""
    for line in lines:
        if joined and not (_wide(joined[-1]) or _wide(line[0])):
            joined += " "
        joined += line
    return joined


def _wide(character: str) -> bool:
    return ord(character) >= 0x2E80
