"""The WordprocessingML pieces python-docx has no API for, and a reproducible save.

Fields (TOC, PAGE, NUMPAGES, SEQ), bookmarks, heading numbering, repeating header
rows, cell shading, the East Asian font slot and `updateFields` are raw XML; they are
collected here so the report module reads as document structure, not XML plumbing.
"""

from __future__ import annotations

import re
from typing import Iterable, MutableMapping, Protocol, Sequence

from docx.document import Document as DocxDocument
from docx.oxml import OxmlElement
from docx.oxml.numbering import CT_NumPr
from docx.oxml.ns import qn
from docx.oxml.styles import CT_Style
from docx.oxml.table import CT_Tc
from docx.oxml.text.paragraph import CT_P
from docx.oxml.text.parfmt import CT_PPr, CT_TabStops
from docx.oxml.text.run import CT_R
from docx.table import Table, _Row
from docx.text.paragraph import Paragraph
from lxml import etree

XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
W_BR, W_R, W_T = qn("w:br"), qn("w:r"), qn("w:t")
_RUN_CONTROLS = re.compile("[\t\r\n]")
_RUN_PIECES = re.compile("([\t\r\n])")
THUMBNAIL_RELTYPE = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail"


class XmlElement(Protocol):
    """The part of lxml's element API this module uses, so that the type checker checks those calls.

    lxml ships no type information (pyproject.toml lets its import through untyped), which would
    leave every raw element unchecked. Elements made by `element`, and python-docx's `CT_*`
    classes (lxml elements too), all have this shape.
    """

    text: str | None

    @property
    def attrib(self) -> MutableMapping[str, str]: ...

    def set(self, key: str, value: str, /) -> None: ...

    def append(self, child: XmlElement, /) -> None: ...

    def insert(self, index: int, child: XmlElement, /) -> None: ...

    def remove(self, child: XmlElement, /) -> None: ...

    def addprevious(self, sibling: XmlElement, /) -> None: ...

    def find(self, path: str, /) -> XmlElement | None: ...

    def findall(self, path: str, /) -> list[XmlElement]: ...


def element(tag: str, **attributes: str | int) -> XmlElement:
    """`element("w:tab", val="right")` -> <w:tab w:val="right"/> (attributes take the tag's prefix)."""
    made = OxmlElement(tag)
    prefix = tag.split(":")[0]
    for name, value in attributes.items():
        made.set(qn(f"{prefix}:{name}"), str(value))
    return made


def _run(*children: XmlElement) -> XmlElement:
    run = element("w:r")
    for child in children:
        run.append(child)
    return run


def _text(value: str) -> XmlElement:
    node = element("w:t")
    node.set(XML_SPACE, "preserve")
    node.text = value
    return node


def field_begin(paragraph: Paragraph, instruction: str) -> None:
    """Open a complex field; its result runs follow until `field_end`."""
    instr = element("w:instrText")
    instr.set(XML_SPACE, "preserve")
    instr.text = f" {instruction} "
    paragraph._p.append(_run(element("w:fldChar", fldCharType="begin")))
    paragraph._p.append(_run(instr))
    paragraph._p.append(_run(element("w:fldChar", fldCharType="separate")))


def field_end(paragraph: Paragraph) -> None:
    paragraph._p.append(_run(element("w:fldChar", fldCharType="end")))


def add_field(paragraph: Paragraph, instruction: str, cached: str) -> None:
    """A complex field with a cached result (shown until the reader updates fields)."""
    field_begin(paragraph, instruction)
    paragraph._p.append(_run(_text(cached)))
    field_end(paragraph)


def add_bookmark(paragraph: Paragraph, bookmark_id: int, name: str) -> None:
    """Wrap a paragraph's content in a bookmark (TOC hyperlinks and PAGEREF fields point at it)."""
    start = element("w:bookmarkStart", id=bookmark_id, name=name)
    properties = paragraph._p.pPr
    paragraph._p.insert(1 if properties is not None else 0, start)
    paragraph._p.append(element("w:bookmarkEnd", id=bookmark_id))


def append_run(paragraph_element: CT_P, text: str) -> None:
    """The XML of `Paragraph.add_run(text)`, at a fraction of its cost (the profile snapshot has a run per line).

    python-docx inserts every child through its schema bookkeeping (~60 µs per run); a plain
    run is one w:r holding one w:t, xml:space="preserve" when the text starts or ends with
    whitespace, exactly as python-docx writes it. Text with tabs or line breaks takes
    python-docx's own route, which turns them into w:tab and w:br.
    """
    run: CT_R = etree.SubElement(paragraph_element, W_R)
    if _RUN_CONTROLS.search(text):
        run.text = text  # CT_R.text: python-docx's translation
    elif text:
        node: XmlElement = etree.SubElement(run, W_T)
        node.text = text
        if len(text.strip()) < len(text):
            node.set(XML_SPACE, "preserve")


def append_break(paragraph_element: CT_P) -> None:
    """A run holding a line break (w:br), as python-docx's `add_break()` writes it."""
    etree.SubElement(etree.SubElement(paragraph_element, W_R), W_BR)


def run_xml(text: str, bold: bool = False) -> str:
    """The XML text lxml serialises for `add_run(text)` (`.bold = True`), for rows kept as text.

    Same pieces as python-docx: w:t (xml:space="preserve" when a piece starts or ends with
    whitespace), w:tab for a tab, w:br for a line break; `&`, `<` and `>` escaped as
    libxml2 escapes them. `text` is non-empty and already `xml_safe`.
    """
    pieces = ["<w:r><w:rPr><w:b/></w:rPr>" if bold else "<w:r>"]
    for piece in _RUN_PIECES.split(text):
        if piece == "\t":
            pieces.append("<w:tab/>")
        elif piece == "\r" or piece == "\n":
            pieces.append("<w:br/>")
        elif piece:
            space = ' xml:space="preserve"' if len(piece.strip()) < len(piece) else ""
            escaped = piece.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            pieces.append(f"<w:t{space}>{escaped}</w:t>")
    pieces.append("</w:r>")
    return "".join(pieces)


def row_xml(cells: Sequence[tuple[int, str | None, list[str] | None]], style_id: str, bold: bool = False) -> str:
    """A body row as python-docx builds it (`add_row`, `cantSplit`, styled paragraphs, `add_run`), as XML text.

    Each cell is (width in twips, fill colour or None, lines or None); each line is one
    paragraph, an empty line one without a run; None leaves the cell's paragraph unstyled,
    as python-docx leaves a cell it was given no value for.
    """
    pieces = ["<w:tr><w:trPr><w:cantSplit/></w:trPr>"]
    for width, fill, lines in cells:
        shading = f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>' if fill else ""
        pieces.append(f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{width}"/>{shading}</w:tcPr>')
        if lines is None:
            pieces.append("<w:p/>")
        for line in lines or ():
            run = run_xml(line, bold) if line else ""
            pieces.append(f'<w:p><w:pPr><w:pStyle w:val="{style_id}"/></w:pPr>{run}</w:p>')
        pieces.append("</w:tc>")
    pieces.append("</w:tr>")
    return "".join(pieces)


def add_internal_link(paragraph: Paragraph, anchor: str, text: str) -> None:
    link = element("w:hyperlink", anchor=anchor, history=1)
    link.append(_run(_text(text)))
    paragraph._p.append(link)


def add_tab(paragraph: Paragraph) -> None:
    paragraph._p.append(_run(element("w:tab")))


def set_tab_stop(paragraph_properties: CT_PPr, position_twips: int, alignment: str = "right",
                 leader: str = "none") -> None:
    tabs: CT_TabStops = paragraph_properties.get_or_add_tabs()
    tabs.append(element("w:tab", val=alignment, leader=leader, pos=position_twips))


def insert_ordered(parent: XmlElement, child: XmlElement, successors: Sequence[str]) -> None:
    """Insert `child` before the first of its schema successors present; Word rejects out-of-order XML."""
    for tag in successors:
        found = parent.find(qn(tag))
        if found is not None:
            found.addprevious(child)
            return
    parent.append(child)


def repeat_header_row(row: _Row) -> None:
    """Mark a row as a header row: Word and LibreOffice repeat it on every page the table spans."""
    properties = row._tr.get_or_add_trPr()
    properties.append(element("w:tblHeader"))
    properties.append(element("w:cantSplit"))


def shade(cell_element: CT_Tc, fill: str) -> None:
    """Background colour of a table cell (`cell._tc`), as hex RRGGBB."""
    properties = cell_element.get_or_add_tcPr()
    properties.append(element("w:shd", val="clear", color="auto", fill=fill))


def fix_table_layout(table: Table, widths_twips: Sequence[int]) -> None:
    """Fixed layout with explicit column widths: fast to lay out and identical in Word and LibreOffice."""
    table.autofit = False
    width = table._tbl.tblPr.find(qn("w:tblW"))
    width.set(qn("w:w"), str(sum(widths_twips)))
    width.set(qn("w:type"), "dxa")
    for column, twips in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths_twips):
        column.set(qn("w:w"), str(twips))


def remove_borders(table: Table) -> None:
    borders = element("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        borders.append(element(f"w:{side}", val="nil"))
    insert_ordered(table._tbl.tblPr, borders, ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook"))


def set_east_asian_font(run_properties: XmlElement, ascii_font: str, east_asian_font: str) -> None:
    """Set every font slot explicitly; python-docx's Font.name leaves w:eastAsia unset."""
    fonts = run_properties.find(qn("w:rFonts"))
    if fonts is None:
        fonts = element("w:rFonts")
        run_properties.insert(0, fonts)
    for attribute in list(fonts.attrib):
        del fonts.attrib[attribute]
    for slot in ("ascii", "hAnsi", "cs"):
        fonts.set(qn(f"w:{slot}"), ascii_font)
    fonts.set(qn("w:eastAsia"), east_asian_font)


def declare_font(document: DocxDocument, name: str, alternative: str, charset: str, family: str) -> None:
    """Tell Word which installed font to substitute when `name` is missing (w:altName)."""
    for rel in document.part.rels.values():
        if rel.reltype.endswith("/fontTable"):
            part = rel.target_part
            fonts: XmlElement = etree.fromstring(part.blob)
            entry = element("w:font", name=name)
            for tag, value in (("w:altName", alternative), ("w:charset", charset), ("w:family", family),
                               ("w:pitch", "variable")):
                entry.append(element(tag, val=value))
            fonts.append(entry)
            part._blob = etree.tostring(fonts, xml_declaration=True, encoding="UTF-8", standalone=True)


def update_fields_on_open(document: DocxDocument) -> None:
    """Ask Word to refresh the TOC and page fields when the document is opened."""
    settings: XmlElement = document.settings.element
    flag = element("w:updateFields", val="true")
    compat = settings.find(qn("w:compat"))
    if compat is not None:
        compat.addprevious(flag)
    else:
        settings.append(flag)


def drop_template_leftovers(document: DocxDocument) -> None:
    """The default template carries a 2013 thumbnail of an empty page and Word 2010 style copies."""
    package_rels = document.part.package.rels
    for rel_id in [r.rId for r in package_rels.values() if r.reltype == THUMBNAIL_RELTYPE]:
        package_rels.pop(rel_id)
    part_rels = document.part.rels
    for rel_id in [r.rId for r in part_rels.values() if r.reltype.endswith("/stylesWithEffects")]:
        part_rels.pop(rel_id)


def add_numbering(document: DocxDocument, levels: Iterable[tuple[str, str, str]], abstract_id: int,
                  num_id: int, suffix_space: bool = False) -> int:
    """A multilevel list bound to paragraph styles: (style id, number format, level text) per level.

    Numbers are followed by a tab to a 12 mm hanging indent, or by a space (`suffix_space`)
    for long labels such as 'Appendix A'.
    """
    numbering: XmlElement = document.part.numbering_part.element
    abstract = element("w:abstractNum", abstractNumId=abstract_id)
    abstract.append(element("w:multiLevelType", val="multilevel"))
    for level, (style_id, number_format, text) in enumerate(levels):
        lvl = element("w:lvl", ilvl=level)
        lvl.append(element("w:start", val=1))
        lvl.append(element("w:numFmt", val=number_format))
        lvl.append(element("w:pStyle", val=style_id))
        if suffix_space:
            lvl.append(element("w:suff", val="space"))
        lvl.append(element("w:lvlText", val=text))
        lvl.append(element("w:lvlJc", val="left"))
        paragraph = element("w:pPr")
        paragraph.append(element("w:ind", left=0 if suffix_space else 680, hanging=0 if suffix_space else 680))
        lvl.append(paragraph)
        abstract.append(lvl)
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    num = element("w:num", numId=num_id)
    num.append(element("w:abstractNumId", val=abstract_id))
    numbering.append(num)
    return num_id


def bind_style_to_numbering(style_element: CT_Style, num_id: int, level: int) -> None:
    numbering: CT_NumPr = style_element.get_or_add_pPr().get_or_add_numPr()
    numbering.get_or_add_ilvl().val = level
    numbering.get_or_add_numId().val = num_id


