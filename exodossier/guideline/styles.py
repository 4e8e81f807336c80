"""The guideline's own paragraph styles and its Japanese typography, on top of the report styles.

The shared styles (docx/styles.py) give fonts with the Noto CJK fallback, headings, tables and
the contents. A guideline adds a set-apart statement, reference entries with a hanging number,
and headings whose numbers are written as text (numbering.py) instead of Word list numbers.
For the Japanese edition it also turns on East Asian line breaking: kinsoku (no 。 or ） at the
start of a line), hanging punctuation and automatic spacing between Japanese and Latin text.
"""

from __future__ import annotations

from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.styles.style import ParagraphStyle

from exodossier.docx.styles import TABLE_HEADING, TABLE_TEXT
from exodossier.docx.xml import XmlElement, bind_style_to_numbering, element, insert_ordered, set_tab_stop

STATEMENT = "Requirement Statement"
REQUIREMENT_META = "Requirement Meta"
LABEL = "Requirement Label"
REFERENCE_ENTRY = "Reference Entry"
DRAFT_MARK = "Draft Mark"
COVER_LINE = "Cover Line"
HEADING_INDENT = Mm(14)
STATEMENT_FILL = "EEF2F8"
NAVY = RGBColor(0x1F, 0x38, 0x64)
RED = RGBColor(0xC0, 0x00, 0x00)
GREY = RGBColor(0x59, 0x59, 0x59)
# Successors of the East Asian typography elements in w:pPr, in schema order.
PPR_AFTER_TYPOGRAPHY = ("w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId",
                        "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")
PPR_AFTER_SHADING = ("w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
                     "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
                     "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
                     "w:suppressOverlap", "w:jc") + PPR_AFTER_TYPOGRAPHY


def setup_guideline_styles(document: DocxDocument, language: str) -> None:
    styles = document.styles
    for level in (1, 2, 3):
        style = styles[f"Heading {level}"]
        bind_style_to_numbering(style.element, 0, 0)  # numbers are written as text
        style.paragraph_format.left_indent = HEADING_INDENT
        style.paragraph_format.first_line_indent = -HEADING_INDENT
        set_tab_stop(style.element.get_or_add_pPr(), int(HEADING_INDENT.twips), "left")
    statement = _new(document, STATEMENT, size=10, before=4, after=6)
    statement.paragraph_format.left_indent = Mm(4)
    statement.paragraph_format.right_indent = Mm(4)
    _box(statement)
    _new(document, REQUIREMENT_META, size=8.5, after=4, colour=GREY)
    _new(document, LABEL, size=9.5, before=6, after=2, bold=True, colour=NAVY).paragraph_format.keep_with_next = True
    entry = _new(document, REFERENCE_ENTRY, size=9, after=4)
    entry.paragraph_format.left_indent = Mm(10)
    entry.paragraph_format.first_line_indent = Mm(-10)
    set_tab_stop(entry.element.get_or_add_pPr(), int(Mm(10).twips), "left")
    _new(document, DRAFT_MARK, size=9, after=4, bold=True, colour=RED)
    _new(document, COVER_LINE, size=11, after=4)
    if language == "ja":
        japanese_typography(document)


def _new(document: DocxDocument, name: str, *, size: float, before: float = 0, after: float = 0,
         bold: bool = False, colour: RGBColor | None = None) -> ParagraphStyle:
    style: ParagraphStyle = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = document.styles["Normal"]
    style.quick_style = True
    style.font.size = Pt(size)
    style.font.bold = bold or None
    if colour is not None:
        style.font.color.rgb = colour
    style.paragraph_format.space_before = Pt(before)
    style.paragraph_format.space_after = Pt(after)
    return style


def _box(style: ParagraphStyle) -> None:
    """A thin navy rule on the left and a pale fill: the statement stands apart from its commentary."""
    properties = style.element.get_or_add_pPr()
    borders = element("w:pBdr")
    borders.append(element("w:left", val="single", sz=18, space=6, color="1F3864"))
    insert_ordered(properties, borders, ("w:shd",) + PPR_AFTER_SHADING)
    insert_ordered(properties, element("w:shd", val="clear", color="auto", fill=STATEMENT_FILL), PPR_AFTER_SHADING)


def japanese_typography(document: DocxDocument) -> None:
    """East Asian line breaking in Normal (every style inherits it) and justified body text.

    LibreOffice reads w:kinsoku as 'apply list of forbidden characters', w:overflowPunct as
    'allow hanging punctuation' and w:autoSpaceDE/DN as 'apply spacing between Asian and
    non-Asian text'; w:wordWrap keeps Latin words whole inside Japanese lines.
    """
    normal = document.styles["Normal"]
    properties: XmlElement = normal.element.get_or_add_pPr()
    for tag in ("w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:autoSpaceDE", "w:autoSpaceDN"):
        for old in properties.findall(qn(tag)):
            properties.remove(old)
    for tag in ("w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:autoSpaceDE", "w:autoSpaceDN"):
        successors = PPR_AFTER_SHADING[PPR_AFTER_SHADING.index(tag) + 1:]
        insert_ordered(properties, element(tag, val=1), successors)
    normal.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    for name in (TABLE_TEXT, TABLE_HEADING, "Header", "Footer", "Caption", "toc 1", "toc 2"):
        document.styles[name].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT  # narrow cells: no stretched words
    settings: XmlElement = document.settings.element
    control = settings.find(qn("w:characterSpacingControl"))  # present in python-docx's template
    if control is not None:
        control.set(qn("w:val"), "compressPunctuation")
