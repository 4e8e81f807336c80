"""A small document builder over python-docx: the report's vocabulary, with its bookkeeping.

Numbered headings (remembered for the table of contents), numbered captions, styled
tables built row by row, sections in either orientation, and a reproducible save. The
report module says what goes where; this module knows how. Every text goes through
`xml_safe` on its way in.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass
from typing import Callable, Iterable, Iterator, Mapping, Sequence

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.text.paragraph import CT_P
from docx.section import Section
from docx.shared import Twips
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from lxml import etree

from exodossier.docx.styles import (APPENDIX, HEADER_FILL, NOTE, TABLE_HEADING, TABLE_STYLE, TABLE_TEXT, TOC_LEVELS,
                                    PageGeometry, page_setup, setup_styles)
from exodossier.docx.xml import (add_bookmark, add_field, add_internal_link, add_tab, drop_template_leftovers,
                                 set_tab_stop,
                                 fix_table_layout, repeat_header_row,
                                 row_xml, shade, update_fields_on_open)
from exodossier.outputs import reproducible_zip
from exodossier.sanitize import xml_safe

Cell = str | list[str]  # a list becomes one paragraph per item
Fill = Callable[[int, int], str | None]  # (data row, column) -> background colour or None
CELL_MARGIN = 108  # twips, Word's default left/right cell margin
TOC_INSTRUCTION = 'TOC \\o "1-2" \\h \\z \\u'
DOCUMENT_PART = "word/document.xml"
ROWS_MARK = "exodossier-rows"  # processing instruction standing for a table's body rows until the save
ROWS_MARK_PATTERN = re.compile(rb"<\?exodossier-rows (\d+)\?>")


@dataclass
class Heading:
    level: int
    number: str
    text: str
    bookmark: str


def split_width(width: int, fractions: Sequence[float]) -> list[int]:
    """Column widths in twips, proportional to `fractions`."""
    return [int(width * f / sum(fractions)) for f in fractions]


class DocBuilder:
    """A new A4 document with the report styles; content is appended in reading order.

    `labels` gives the words the builder itself writes ("Table", "Figure", "Appendix") in the
    document's language; `update_fields` asks Word to refresh every field on opening (a prompt
    the reader sees, so only for documents whose cached field results are not good enough).
    """

    def __init__(self, labels: Mapping[str, str] | None = None, update_fields: bool = False) -> None:
        self.labels: dict[str, str] = {"Table": "Table", "Figure": "Figure", "Appendix": "Appendix", **(labels or {})}
        self.update_fields = update_fields
        self.doc: DocxDocument = Document()
        self.geometry: PageGeometry = page_setup(self.doc.sections[0], landscape=False)
        self.headings: list[Heading] = []
        self.counters: dict[str | int, int] = {"Table": 0, "Figure": 0, 1: 0, 2: 0, 3: 0, "Appendix": 0}
        self.toc_anchor: Paragraph | None = None
        self.anchors = 0
        self._style_id_cache: dict[str, str] = {}
        self.table_rows: list[list[str]] = []  # body rows of each table as XML text, spliced in by `save`
        drop_template_leftovers(self.doc)
        setup_styles(self.doc, appendix_label=self.labels["Appendix"])
        # Style ids, set directly: python-docx's style setter scans every style (1 ms per cell).
        self.style_ids = {name: self.doc.styles[name].style_id for name in (TABLE_TEXT, TABLE_HEADING)}

    # ----------------------------------------------------------------- structure

    def running_lines(self, section: Section, header: Sequence[tuple[str, bool]], footer: str, pages: str) -> None:
        """A section's own header and footer, the way both our documents lay them out.

        Header parts (text, bold) are spread by tab stops: two parts left and right, three
        left, centre and right. The footer text sits left; `pages` ("Page {page} of {pages}")
        sits right, with live PAGE and NUMPAGES fields in place of its placeholders.
        """
        width = self.geometry.text_width
        section.header.is_linked_to_previous = False
        section.footer.is_linked_to_previous = False
        line = section.header.paragraphs[0]
        line.style = self.doc.styles["Header"]
        properties = line._p.get_or_add_pPr()
        if len(header) > 2:
            set_tab_stop(properties, width // 2, "center")
        set_tab_stop(properties, width, "right")
        for index, (text, bold) in enumerate(header):
            if index:
                add_tab(line)
            line.add_run(xml_safe(text)).bold = bold
        line = section.footer.paragraphs[0]
        line.style = self.doc.styles["Footer"]
        set_tab_stop(line._p.get_or_add_pPr(), width, "right")
        line.add_run(xml_safe(footer))
        add_tab(line)
        before, _page, rest = pages.partition("{page}")
        middle, _pages, after = rest.partition("{pages}")
        for text, field in ((before, "PAGE"), (middle, "NUMPAGES"), (after, "")):
            if text:
                line.add_run(text)
            if field:
                add_field(line, field, "1")

    def start_section(self, landscape: bool) -> Section:
        section: Section = self.doc.add_section(WD_SECTION.NEW_PAGE)
        section.different_first_page_header_footer = False
        self.geometry = page_setup(section, landscape)
        return section

    def page_break(self) -> None:
        self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def heading(self, text: str, level: int = 1) -> Paragraph:
        """A numbered heading (1, 1.1, 1.1.1); Word numbers it from the style, we remember it for the TOC."""
        self.counters[level] += 1
        for deeper in range(level + 1, 4):
            self.counters[deeper] = 0
        number = ".".join(str(self.counters[n]) for n in range(1, level + 1))
        return self._heading(text, f"Heading {level}", level, number)

    def appendix(self, text: str) -> Paragraph:
        self.counters["Appendix"] += 1
        return self._heading(text, APPENDIX, 1, f"{self.labels['Appendix']} {chr(64 + self.counters['Appendix'])}")

    def unnumbered_heading(self, text: str, style: str) -> Paragraph:
        return self._heading(text, style, 1, "")

    def style_id(self, name: str) -> str:
        """A style's id by name, looked up once (python-docx's lookup scans every style, ~1 ms each time)."""
        found = self._style_id_cache.get(name)
        if found is None:
            found = self._style_id_cache[name] = self.doc.styles[name].style_id
        return found

    def new_paragraph(self, style: str | None = None) -> Paragraph:
        """An empty paragraph at the end of the body, styled by id: `doc.add_paragraph(style=...)` without its costs.

        The same XML as python-docx writes (w:p, w:pPr/w:pStyle); it goes before the body's
        closing w:sectPr, which python-docx finds by a schema-order search for every insertion.
        """
        paragraph: CT_P = OxmlElement("w:p")
        if style is not None:
            properties = etree.SubElement(paragraph, qn("w:pPr"))
            etree.SubElement(properties, qn("w:pStyle")).set(qn("w:val"), self.style_id(style))
        body = self.doc.element.body
        try:
            last = body[-1]  # from the end: len(body) would count every child, each time
        except IndexError:
            last = None
        closing = last if last is not None and last.tag == qn("w:sectPr") else None
        if closing is not None:
            closing.addprevious(paragraph)
        else:
            body.append(paragraph)
        return Paragraph(paragraph, self.doc._body)

    def literal_heading(self, number: str, text: str, level: int, style: str | None = None) -> Paragraph:
        """A heading whose number is written as text ('4.', '(2)', '③'), for numbering schemes Word lists lack.

        The style's own list numbering must be switched off by the caller's styles; the number
        is followed by a tab, and the contents lists it like any other number.
        """
        paragraph = self.new_paragraph(style or f"Heading {level}")
        if number:
            paragraph.add_run(xml_safe(number))
            add_tab(paragraph)
        paragraph.add_run(xml_safe(text))
        bookmark = f"_Toc{100000 + len(self.headings)}"
        add_bookmark(paragraph, len(self.headings) + 1, bookmark)
        self.headings.append(Heading(level, number, text, bookmark))
        return paragraph

    def anchor(self, paragraph: Paragraph, name: str) -> None:
        """A named bookmark on a paragraph, for cross-references (ids apart from the headings' own)."""
        self.anchors += 1
        add_bookmark(paragraph, 1_000_000 + self.anchors, name)

    @staticmethod
    def link(paragraph: Paragraph, anchor: str, text: str) -> None:
        """A cross-reference: text that jumps to a bookmark in this document."""
        add_internal_link(paragraph, anchor, xml_safe(text))

    def _heading(self, text: str, style: str, level: int, number: str) -> Paragraph:
        paragraph = self.para(text, style)
        bookmark = f"_Toc{100000 + len(self.headings)}"
        add_bookmark(paragraph, len(self.headings) + 1, bookmark)
        self.headings.append(Heading(level, number, text, bookmark))
        return paragraph

    def table_of_contents(self, title: str, note: str | None = None) -> None:
        """Reserve the place of the TOC; `fill_contents` writes it once every heading is known."""
        self.para(title, "TOC Heading")
        self.toc_anchor = self.para()
        if note:
            self.para(note, NOTE)

    def fill_contents(self) -> None:
        """The contents written out: one linked entry per heading, with a PAGEREF field for its page.

        Not wrapped in a TOC field: LibreOffice keeps a TOC field's cached text as it is (so the
        page numbers stayed blank in the PDF), while a PAGEREF outside one is computed on layout.
        Word computes the same fields when they are updated (F9) or printed; no prompt on opening.
        """
        assert self.toc_anchor is not None, "table_of_contents() was not called"
        for heading in (h for h in self.headings if h.level <= 2):
            paragraph = self.toc_anchor.insert_paragraph_before()
            paragraph._p.style = self.style_id(TOC_LEVELS[heading.level - 1])
            if heading.number:
                add_internal_link(paragraph, heading.bookmark, heading.number)
                add_tab(paragraph)
            add_internal_link(paragraph, heading.bookmark, xml_safe(heading.text))
            add_tab(paragraph)
            add_field(paragraph, f"PAGEREF {heading.bookmark} \\h", "")

    # ----------------------------------------------------------------- text

    def para(self, text: str = "", style: str | None = None, bold: bool = False) -> Paragraph:
        paragraph = self.doc.add_paragraph(style=style)
        if text:
            paragraph.add_run(xml_safe(text)).bold = bold or None
        return paragraph

    def labelled(self, label: str, text: str, style: str | None = None) -> Paragraph:
        paragraph = self.doc.add_paragraph(style=style)
        paragraph.add_run(xml_safe(label)).bold = True
        paragraph.add_run(xml_safe(text))
        return paragraph

    def bullets(self, items: Iterable[str], style: str = "List Bullet") -> None:
        for item in items:
            self.para(item, style)

    def caption(self, kind: str, text: str, paragraph: Paragraph | None = None) -> Paragraph:
        """'Table 3: ...' with a SEQ field; a table caption stays on the page of its table and lead-in."""
        self.counters[kind] += 1
        paragraph = paragraph if paragraph is not None else self.para()
        paragraph._p.style = self.doc.styles["Caption"].style_id
        paragraph.add_run(f"{self.labels.get(kind, kind)} ")
        add_field(paragraph, f"SEQ {kind} \\* ARABIC", str(self.counters[kind]))
        paragraph.add_run(xml_safe(f": {text}"))
        if kind == "Table":
            paragraph.paragraph_format.keep_with_next = True
            previous = paragraph._p.getprevious()
            if previous is not None and previous.tag == qn("w:p"):
                Paragraph(previous, paragraph._parent).paragraph_format.keep_with_next = True
        return paragraph

    # ----------------------------------------------------------------- tables

    def table(self, headers: Sequence[str], rows: Iterable[Sequence[Cell]], fractions: Sequence[float],
              fill: Fill | None = None, bold_last_row: bool = False) -> Table:
        """A styled full-width table with a header row that repeats on every page."""
        # The body's add_table with the width we know: `doc.add_table` searches the sections for it each time.
        table = self.doc._body.add_table(1, len(headers), Twips(self.geometry.text_width))
        return self.fill_table(table, headers, rows, split_width(self.geometry.text_width, fractions), fill,
                               bold_last_row)

    def allow_row_breaks(self) -> None:
        """Let the body rows of the last table break across pages (a row taller than a page is clipped otherwise)."""
        self.table_rows[-1] = [row.replace("<w:trPr><w:cantSplit/></w:trPr>", "", 1) for row in self.table_rows[-1]]

    def key_values(self, pairs: Sequence[tuple[str, Cell]], fractions: Sequence[float] = (1, 2.6)) -> Table:
        return self.table(["Item", "Value"], pairs, fractions)

    def fill_table(self, table: Table, headers: Sequence[str], rows: Iterable[Sequence[Cell]], widths: list[int],
                   fill: Fill | None = None, bold_last_row: bool = False) -> Table:
        """Style, fix the widths and write the header with python-docx; the body rows become XML text.

        python-docx cost ~8 ms per row of ten cells (`add_row`, the paragraph style, `add_run`)
        and its element tree ~10x the size of the XML it serialises to: at 10,000 requirements
        a minute and 600 MB. Rows written as the same XML text, and spliced into the document
        when it is saved, cost neither. The body rows are therefore not in `table.rows`;
        `bold_last_row` sets a totals row in bold.
        """
        table._tbl.tblStyle_val = self.style_id(TABLE_STYLE)  # as `table.style = ...` sets it, without the lookup
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        fix_table_layout(table, widths)
        header = table.rows[0]
        repeat_header_row(header)
        for cell, text, twips in zip(header.cells, headers, widths):
            cell.width = Twips(twips)
            self.write_cell(cell, text, TABLE_HEADING)
            shade(cell._tc, HEADER_FILL)
        style_id = self.style_ids[TABLE_TEXT]
        values = list(rows)
        body = [row_xml(self._row_cells(widths, row, r, fill), style_id, bold_last_row and r == len(values) - 1)
                for r, row in enumerate(values)]
        table._tbl.append(etree.ProcessingInstruction(ROWS_MARK, str(len(self.table_rows))))
        self.table_rows.append(body)
        return table

    @staticmethod
    def _row_cells(widths: list[int], values: Sequence[Cell], row: int,
                   fill: Fill | None) -> list[tuple[int, str | None, list[str] | None]]:
        """(width, fill colour, sanitised lines) per column; a list value is one paragraph per item."""
        cells: list[tuple[int, str | None, list[str] | None]] = []
        for column, width in enumerate(widths):
            if column >= len(values):
                cells.append((width, None, None))
                continue
            value = values[column]
            lines = (value if isinstance(value, list) else [value]) or ["—"]
            cells.append((width, fill(row, column) if fill else None, [xml_safe(line) for line in lines]))
        return cells

    def write_cell(self, cell: _Cell, value: Cell, style: str) -> None:
        lines = value if isinstance(value, list) else [value]
        paragraph = cell.paragraphs[0]
        for index, text in enumerate(lines or ["—"]):
            if index:
                paragraph = cell.add_paragraph()
            paragraph._p.style = self.style_ids[style]
            if text:
                paragraph.add_run(xml_safe(text))

    # ----------------------------------------------------------------- output

    def save(self, when: dt.datetime) -> bytes:
        """The package with fields set to update on open, rewritten with fixed zip timestamps."""
        if self.toc_anchor is not None:
            self.fill_contents()
        if self.update_fields:
            update_fields_on_open(self.doc)
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return reproducible_zip(buffer.getvalue(), when, {DOCUMENT_PART: self._with_table_rows})

    def _with_table_rows(self, document_xml: bytes) -> Iterator[bytes]:
        """The serialised body with each table's rows in place of its mark (user text is escaped: no false match)."""
        start, spliced = 0, 0
        for mark in ROWS_MARK_PATTERN.finditer(document_xml):
            yield document_xml[start:mark.start()]
            yield "".join(self.table_rows[int(mark.group(1))]).encode()
            start, spliced = mark.end(), spliced + 1
        yield document_xml[start:]
        if spliced != len(self.table_rows):  # never save a report with tables silently emptied
            raise RuntimeError(f"{len(self.table_rows) - spliced} table(s) lost their rows when serialised")
