"""Hand-written chapter blocks into the document: paragraphs, lists, tables and notes.

Inline text becomes runs with its emphasis. A requirement id in the text becomes a
cross-reference to that requirement's heading, with its number; a source id becomes the
id followed by its reference number, linked to the reference list. Nothing here parses
catalog text: only the committee's own chapters pass through.
"""

from __future__ import annotations

import re

from docx.text.paragraph import Paragraph

from exodossier.docx.styles import NOTE
from exodossier.docx.xml import append_run
from exodossier.guideline import blocks as md
from exodossier.guideline.chapters import Chapter
from exodossier.guideline.numbering import label, reference
from exodossier.guideline.references import bookmark
from exodossier.guideline.styles import DRAFT_MARK
from exodossier.guideline.writer import GuidelineWriter
from exodossier.sanitize import xml_safe


def write_spans(w: GuidelineWriter, paragraph: Paragraph, pieces: list[md.Span]) -> None:
    for piece in pieces:
        if piece.code:
            run = paragraph.add_run(xml_safe(piece.text))
            run.font.name = "Courier New"
            continue
        _linked_text(w, paragraph, piece)


def _linked_text(w: GuidelineWriter, paragraph: Paragraph, piece: md.Span) -> None:
    position = 0
    for match in w.ids.finditer(piece.text):
        _run(paragraph, piece, piece.text[position:match.end()])
        if match.group("req"):
            placed = w.plan.placed.get(match.group("req"))
            if placed is not None:
                _run(paragraph, piece, " (")
                w.link(paragraph, placed.anchor, reference(placed.path, w.language))
                _run(paragraph, piece, ")")
        else:
            number = w.refs.cite(match.group("src"))
            _run(paragraph, piece, " ")
            w.link(paragraph, bookmark(number), f"[{number}]")
        position = match.end()
    _run(paragraph, piece, piece.text[position:])


def _run(paragraph: Paragraph, piece: md.Span, text: str) -> None:
    if not text:
        return
    if piece.bold or piece.italic:
        run = paragraph.add_run(xml_safe(text))
        run.bold = piece.bold or None
        run.italic = piece.italic or None
    else:
        append_run(paragraph._p, xml_safe(text))


def write_blocks(w: GuidelineWriter, found: list[md.Block], path: tuple[int, ...]) -> None:
    """Blocks of one section; a level-3 heading inside becomes a numbered heading below `path`."""
    subsection = 0
    for block in found:
        if isinstance(block, md.Heading):
            if block.level == 3 and len(path) < 3:
                subsection += 1
                w.literal_heading(label(path + (subsection,), w.language), block.text, len(path) + 1)
            else:
                w.para(block.text, bold=True)
        elif isinstance(block, md.Paragraph):
            write_spans(w, w.para(), block.spans)
        elif isinstance(block, md.ListBlock):
            style = "List Number" if block.ordered else "List Bullet"
            for item in block.items:
                write_spans(w, w.para(style=style), item)
        elif isinstance(block, md.Table):
            _table(w, block)
        else:
            _admonition(w, block)


def _table(w: GuidelineWriter, table: md.Table) -> None:
    """Chapter tables as the report's tables; widths follow the length of each column's text."""
    width = max(len(table.header), *(len(row) for row in table.rows)) if table.rows else len(table.header)
    lengths = [max([len(md.plain(row[c])) for row in table.rows if c < len(row)] + [len(md.plain(table.header[c]))
                   if c < len(table.header) else 1]) for c in range(width)]
    fractions = [min(max(n, 6), 60) for n in lengths]
    headers = [md.plain(cell) for cell in table.header]
    rows = [[cite_in_text(w, md.plain(cell)) for cell in row] for row in table.rows]
    w.table(headers, rows, fractions)
    w.para()


def cite_in_text(w: GuidelineWriter, text: str) -> str:
    """Plain text (a table cell) with the reference number after each source id and the number after each requirement id."""
    def numbered(match: re.Match[str]) -> str:
        if match.group("req"):
            placed = w.plan.placed.get(match.group("req"))
            return f"{match.group(0)} ({reference(placed.path, w.language)})" if placed else match.group(0)
        return f"{match.group(0)} [{w.refs.cite(match.group('src'))}]"

    return w.ids.sub(numbered, text)


def _admonition(w: GuidelineWriter, note: md.Admonition) -> None:
    if note.title:
        w.para(note.title, NOTE, bold=True)
    for block in note.blocks:
        if isinstance(block, md.Paragraph):
            write_spans(w, w.para(style=NOTE), block.spans)
        elif isinstance(block, md.ListBlock):
            for item in block.items:
                write_spans(w, w.para(style="List Bullet"), item)
        else:
            write_blocks(w, [block], (99, 99, 99))


def write_sections(w: GuidelineWriter, chapter: Chapter, path: tuple[int, ...] | None) -> None:
    """The chapter's titled sections, numbered below `path` (unnumbered in an annex); a map of the site is left out."""
    number = 0
    for section in chapter.sections:
        if section.title is None or is_site_map(section.blocks):
            continue
        number += 1
        if path is None:
            w.literal_heading("", section.title, 2)
            write_blocks(w, section.blocks, (99, 99, 99))
            continue
        sub = path + (number,)
        w.literal_heading(label(sub, w.language), section.title, len(sub))
        write_blocks(w, section.blocks, sub)


def fallback_note(w: GuidelineWriter, chapter: Chapter) -> None:
    if chapter.fallback:
        w.para(w._("The Japanese text of this chapter is in preparation; the English original is shown."), DRAFT_MARK)


def is_site_map(found: list[md.Block]) -> bool:
    """A section whose table links the site's own pages (index.md's 'How this guideline is organised')."""
    return any(isinstance(block, md.Table) and any(span.target and span.target.endswith(".md")
                                                   for row in block.rows for cell in row for span in cell)
               for block in found)
