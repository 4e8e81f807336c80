"""Page setup, named styles and heading numbering of the gap report.

A regulatory document is judged by its styles: readers navigate by numbered
headings and the navigation pane, and reviewers restyle by editing named styles,
not by hunting direct formatting. Everything visual is therefore defined here once,
as Word styles, and the report module only applies them by name.
"""

from __future__ import annotations

from dataclasses import dataclass

from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn
from docx.oxml.styles import CT_Style
from docx.oxml.text.parfmt import CT_PPr
from docx.section import Section
from docx.shared import Length, Mm, Pt, RGBColor
from docx.styles.style import ParagraphStyle

from exodossier.docx.xml import (add_numbering, bind_style_to_numbering, declare_font, element, insert_ordered,
                                 set_east_asian_font, set_tab_stop)

FONT = "Arial"
MONO_FONT = "Courier New"
# Word on a Japanese system has Yu Gothic; the font table names MS Gothic as its substitute and
# LibreOffice, which has neither, falls back by the ja-JP language tag to Noto Sans CJK JP.
CJK_FONT = "游ゴシック"
CJK_FONT_LATIN_NAME = "Yu Gothic"
CJK_FALLBACK = "ＭＳ ゴシック"
CJK_FALLBACK_LATIN_NAME = "MS Gothic"
A4_SHORT, A4_LONG = Mm(210), Mm(297)
MARGIN = Mm(20)
TWIPS_PER_EMU = 1 / 635
NAVY = RGBColor(0x1F, 0x38, 0x64)
GREY = RGBColor(0x59, 0x59, 0x59)
HEADER_FILL = "1F3864"
BORDER_COLOUR = "A6A6A6"

HEADING_NUM_ID = 101
APPENDIX_NUM_ID = 102

# Style names used by the report (Word's own names where Word has one).
TABLE_TEXT = "Table Text"
TABLE_HEADING = "Table Heading"
TABLE_STYLE = "Gap Table"
UNNUMBERED = "Heading Unnumbered"
APPENDIX = "Appendix Heading"
COVER_TITLE = "Title"
COVER_SUBTITLE = "Subtitle"
SNAPSHOT = "Profile Snapshot"
NOTE = "Note"
METHOD = "Method Statement"
QUESTION = "Consultation Question"
TOC_LEVELS = ("toc 1", "toc 2")
PORTRAIT_TEXT_WIDTH = 9638  # twips: A4 portrait less two 20 mm margins (page numbers of the contents)
TOC_TEXT_INDENT = 1361  # twips (24 mm): room for "Appendix A" before the title


@dataclass(frozen=True)
class PageGeometry:
    """Usable text width of a section, in twips (tables are laid out in twips)."""

    text_width: int


def page_setup(section: Section, landscape: bool) -> PageGeometry:
    """A4 in the requested orientation with the report's margins."""
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (A4_LONG, A4_SHORT) if landscape else (A4_SHORT, A4_LONG)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, MARGIN)
    section.header_distance = Mm(10)
    section.footer_distance = Mm(10)
    return PageGeometry(int((section.page_width - 2 * MARGIN) * TWIPS_PER_EMU))


def setup_styles(document: DocxDocument, appendix_label: str = "Appendix") -> None:
    """Fonts (with the East Asian slot), headings with numbering, and the report's own styles."""
    _defaults(document)
    declare_font(document, CJK_FONT, CJK_FONT_LATIN_NAME, charset="80", family="swiss")
    declare_font(document, CJK_FALLBACK, CJK_FALLBACK_LATIN_NAME, charset="80", family="modern")
    styles = document.styles
    _paragraph(document, "Normal", size=10, after=6, line=Pt(13))
    _heading(document, "Heading 1", size=15, before=18, after=8)
    _heading(document, "Heading 2", size=12, before=12, after=6)
    _heading(document, "Heading 3", size=10.5, before=10, after=4)
    for name, base in ((UNNUMBERED, "Heading 1"), (APPENDIX, "Heading 1")):
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = styles[base]
        style.next_paragraph_style = styles["Normal"]
        _outline_level(style.element, 0)
    _paragraph(document, COVER_TITLE, size=26, after=6, bold=True, colour=NAVY)
    _strip_borders(styles[COVER_TITLE].element)
    _paragraph(document, COVER_SUBTITLE, size=15, after=18, colour=GREY, italic=False)
    _paragraph(document, "Caption", size=8.5, before=4, after=6, bold=True, colour=GREY)
    for name in ("Header", "Footer"):
        _paragraph(document, name, size=8, colour=GREY, line=1.0)
        _remove_tabs(styles[name].element)  # Letter-sized stops; each section sets its own
    _new_paragraph(document, TABLE_TEXT, size=8, after=0, line=Pt(10))
    _new_paragraph(document, TABLE_HEADING, size=8, after=0, line=Pt(10), bold=True,
                   colour=RGBColor(0xFF, 0xFF, 0xFF))
    _new_paragraph(document, NOTE, size=8.5, after=4, colour=GREY, italic=True, line=Pt(11))
    _new_paragraph(document, METHOD, size=9.5, after=4, line=Pt(12.5))
    _new_paragraph(document, SNAPSHOT, size=7.5, after=0, line=Pt(9), font=MONO_FONT)
    _new_paragraph(document, QUESTION, size=10, after=6, line=Pt(13))
    styles[QUESTION].paragraph_format.left_indent = Mm(10)
    styles[QUESTION].paragraph_format.first_line_indent = Mm(-10)
    set_tab_stop(styles[QUESTION].element.get_or_add_pPr(), 567, "left")
    for level, name in enumerate(TOC_LEVELS):
        style = _new_paragraph(document, name, size=10 if level == 0 else 9.5, after=2, bold=level == 0, line=Pt(13))
        style.paragraph_format.left_indent = Mm(6 * level)
        set_tab_stop(style.element.get_or_add_pPr(), TOC_TEXT_INDENT, "left")
        set_tab_stop(style.element.get_or_add_pPr(), PORTRAIT_TEXT_WIDTH, "right", "dot")
    _table_style(document)
    _numbering(document, appendix_label)


def _defaults(document: DocxDocument) -> None:
    defaults = document.styles.element.find(qn("w:docDefaults"))
    run_properties = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    set_east_asian_font(run_properties, FONT, CJK_FONT)
    language = run_properties.find(qn("w:lang"))
    language.set(qn("w:val"), "en-GB")
    language.set(qn("w:eastAsia"), "ja-JP")


def _paragraph(document: DocxDocument, name: str, *, size: float, before: float = 0, after: float = 0,
               bold: bool = False, italic: bool = False, colour: RGBColor | None = None, line: float | Length | None = None,
               font: str | None = None) -> ParagraphStyle:
    style: ParagraphStyle = document.styles[name]
    _format(style, size=size, before=before, after=after, bold=bold, italic=italic, colour=colour, line=line, font=font)
    return style


def _new_paragraph(document: DocxDocument, name: str, *, size: float, before: float = 0, after: float = 0,
                   bold: bool = False, italic: bool = False, colour: RGBColor | None = None,
                   line: float | Length | None = None, font: str | None = None) -> ParagraphStyle:
    style: ParagraphStyle = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = document.styles["Normal"]
    style.quick_style = True
    _format(style, size=size, before=before, after=after, bold=bold, italic=italic, colour=colour, line=line, font=font)
    return style


def _format(style: ParagraphStyle, *, size: float, before: float = 0, after: float = 0, bold: bool = False,
            italic: bool = False, colour: RGBColor | None = None, line: float | Length | None = None,
            font: str | None = None) -> None:
    """Size, spacing and colour; `line` as a float is a multiple, as a Length an exact height.

    Exact heights keep Latin lines at the same pitch when a paragraph also holds Japanese
    text (CJK fonts carry much taller line metrics).
    """
    style.font.size = Pt(size)
    style.font.bold = bold or None
    style.font.italic = italic or None
    if colour is not None:
        style.font.color.rgb = colour
    fmt = style.paragraph_format
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(after)
    fmt.line_spacing = line if line is not None else 1.15
    if font is not None:
        set_east_asian_font(style.element.get_or_add_rPr(), font, CJK_FONT)


def _heading(document: DocxDocument, name: str, *, size: float, before: float, after: float) -> None:
    style = document.styles[name]
    _format(style, size=size, before=before, after=after, bold=True, colour=NAVY, line=1.0)
    set_east_asian_font(style.element.get_or_add_rPr(), FONT, CJK_FONT)
    style.paragraph_format.keep_with_next = True


def _outline_level(style_element: CT_Style, level: int) -> None:
    properties: CT_PPr = style_element.get_or_add_pPr()
    for old in properties.findall(qn("w:outlineLvl")):
        properties.remove(old)
    insert_ordered(properties, element("w:outlineLvl", val=level), ("w:divId", "w:cnfStyle", "w:rPr", "w:sectPr"))


def _remove_tabs(style_element: CT_Style) -> None:
    properties: CT_PPr = style_element.get_or_add_pPr()
    for tabs in properties.findall(qn("w:tabs")):
        properties.remove(tabs)


def _strip_borders(style_element: CT_Style) -> None:
    properties: CT_PPr = style_element.get_or_add_pPr()
    for border in properties.findall(qn("w:pBdr")):
        properties.remove(border)


def _table_style(document: DocxDocument) -> None:
    style = document.styles.add_style(TABLE_STYLE, WD_STYLE_TYPE.TABLE)
    style.base_style = document.styles["Table Grid"]
    properties = element("w:tblPr")
    borders = element("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        borders.append(element(f"w:{side}", val="single", sz=4, space=0, color=BORDER_COLOUR))
    margins = element("w:tblCellMar")
    for side, twips in (("top", 28), ("left", 85), ("bottom", 28), ("right", 85)):
        margins.append(element(f"w:{side}", w=twips, type="dxa"))
    properties.append(borders)
    properties.append(margins)
    style.element.append(properties)


def _numbering(document: DocxDocument, appendix_label: str) -> None:
    """1 / 1.1 / 1.1.1 for Heading 1-3, 'Appendix A' for appendix headings; unnumbered headings opt out."""
    styles = document.styles
    levels = [(styles[f"Heading {n}"].style_id, "decimal", ".".join(f"%{i}" for i in range(1, n + 1)))
              for n in (1, 2, 3)]
    add_numbering(document, levels, abstract_id=90, num_id=HEADING_NUM_ID)
    for level in range(3):
        bind_style_to_numbering(styles[f"Heading {level + 1}"].element, HEADING_NUM_ID, level)
    add_numbering(document, [(styles[APPENDIX].style_id, "upperLetter", f"{appendix_label} %1")], abstract_id=91,
                  num_id=APPENDIX_NUM_ID, suffix_space=True)
    bind_style_to_numbering(styles[APPENDIX].element, APPENDIX_NUM_ID, 0)
    for name in (UNNUMBERED, "TOC Heading"):
        bind_style_to_numbering(styles[name].element, 0, 0)
