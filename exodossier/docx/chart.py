"""A horizontal bar chart as a native Word chart (DrawingML), not a picture.

Why native: the chart's text is set in the document's fonts, so Japanese category names
render wherever the body text does (a picture would need a CJK font at drawing time), the
reader can restyle or re-read the values in Word, and no plotting library is needed (the
former matplotlib path pulled about 40 MB of dependencies for one chart; figures in
benchmarks/findings.md). The chart part holds its values as a cache, which Word and
LibreOffice both draw; it embeds no workbook, so "Edit data" in Word is not offered.
The XML is written as text from escaped values, so the same bars give the same bytes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence
from xml.sax.saxutils import escape

from docx.document import Document as DocxDocument
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.text.paragraph import Paragraph
from lxml import etree

from exodossier.sanitize import xml_safe

CHART_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
EMU_PER_MM = 36000
NS = ('xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" '
      'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"')


@dataclass(frozen=True)
class Bar:
    """One bar: its label, its value (None draws no bar) and its fill colour as RRGGBB."""

    label: str
    value: float | None
    colour: str


def _text_properties(size_hundredths: int, latin: str, east_asian: str) -> str:
    return (f'<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="{size_hundredths}">'
            f'<a:solidFill><a:srgbClr val="404040"/></a:solidFill>'
            f'<a:latin typeface="{escape(latin)}"/><a:ea typeface="{escape(east_asian)}"/></a:defRPr></a:pPr>'
            '<a:endParaRPr lang="en-GB"/></a:p></c:txPr>')


def chart_xml(bars: Sequence[Bar], series_name: str, axis_title: str, latin_font: str, east_asian_font: str,
              maximum: float = 100) -> str:
    """The chart part: one series of horizontal bars, first bar at the top, values labelled, fixed 0-maximum axis."""
    text = _text_properties(800, latin_font, east_asian_font)
    ordered = list(bars)[::-1]  # a bar chart draws its first category at the bottom
    points = "".join(f'<c:pt idx="{i}"><c:v>{escape(xml_safe(b.label))}</c:v></c:pt>' for i, b in enumerate(ordered))
    values = "".join(f'<c:pt idx="{i}"><c:v>{b.value:.1f}</c:v></c:pt>' for i, b in enumerate(ordered)
                     if b.value is not None)
    fills = "".join(f'<c:dPt><c:idx val="{i}"/><c:invertIfNegative val="0"/><c:bubble3D val="0"/>'
                    f'<c:spPr><a:solidFill><a:srgbClr val="{b.colour}"/></a:solidFill></c:spPr></c:dPt>'
                    for i, b in enumerate(ordered))
    count = len(ordered)
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<c:chartSpace {NS}>'
        '<c:roundedCorners val="0"/><c:chart><c:autoTitleDeleted val="1"/><c:plotArea><c:layout/>'
        '<c:barChart><c:barDir val="bar"/><c:grouping val="clustered"/><c:varyColors val="0"/>'
        f'<c:ser><c:idx val="0"/><c:order val="0"/><c:tx><c:v>{escape(xml_safe(series_name))}</c:v></c:tx>'
        '<c:spPr><a:solidFill><a:srgbClr val="8EA9C1"/></a:solidFill></c:spPr><c:invertIfNegative val="0"/>'
        f'{fills}<c:dLbls><c:numFmt formatCode="0&quot;%&quot;" sourceLinked="0"/><c:spPr><a:noFill/></c:spPr>{text}'
        '<c:dLblPos val="outEnd"/><c:showLegendKey val="0"/><c:showVal val="1"/><c:showCatName val="0"/>'
        '<c:showSerName val="0"/><c:showPercent val="0"/><c:showBubbleSize val="0"/></c:dLbls>'
        f'<c:cat><c:strLit><c:ptCount val="{count}"/>{points}</c:strLit></c:cat>'
        f'<c:val><c:numLit><c:formatCode>General</c:formatCode><c:ptCount val="{count}"/>{values}</c:numLit></c:val>'
        '</c:ser><c:gapWidth val="60"/><c:axId val="501"/><c:axId val="502"/></c:barChart>'
        '<c:catAx><c:axId val="501"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/>'
        '<c:axPos val="l"/><c:numFmt formatCode="General" sourceLinked="0"/><c:majorTickMark val="none"/>'
        '<c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>'
        f'<c:spPr><a:ln w="6350"><a:solidFill><a:srgbClr val="A6A6A6"/></a:solidFill></a:ln></c:spPr>{text}'
        '<c:crossAx val="502"/><c:crosses val="autoZero"/><c:auto val="1"/><c:lblAlgn val="ctr"/>'
        '<c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx>'
        '<c:valAx><c:axId val="502"/><c:scaling><c:orientation val="minMax"/>'
        f'<c:max val="{maximum:g}"/><c:min val="0"/></c:scaling><c:delete val="0"/><c:axPos val="b"/>'
        '<c:majorGridlines><c:spPr><a:ln w="3175"><a:solidFill><a:srgbClr val="E7E6E6"/></a:solidFill></a:ln>'
        '</c:spPr></c:majorGridlines>'
        f'<c:title><c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="800" b="0"/></a:pPr>'
        f'<a:r><a:rPr lang="en-GB" sz="800" b="0"><a:latin typeface="{escape(latin_font)}"/>'
        f'<a:ea typeface="{escape(east_asian_font)}"/></a:rPr><a:t>{escape(xml_safe(axis_title))}</a:t></a:r>'
        '</a:p></c:rich></c:tx><c:overlay val="0"/></c:title>'
        '<c:numFmt formatCode="0" sourceLinked="0"/><c:majorTickMark val="out"/><c:minorTickMark val="none"/>'
        f'<c:tickLblPos val="nextTo"/>{text}<c:crossAx val="501"/><c:crosses val="autoZero"/>'
        '<c:crossBetween val="between"/><c:majorUnit val="20"/></c:valAx>'
        '<c:spPr><a:noFill/></c:spPr></c:plotArea><c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart>'
        '<c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr></c:chartSpace>'
    )


def add_bar_chart(document: DocxDocument, paragraph: Paragraph, bars: Sequence[Bar], *, series_name: str,
                  axis_title: str, width_mm: float, height_mm: float, description: str, latin_font: str,
                  east_asian_font: str) -> None:
    """Embed the chart inline in `paragraph`; `description` is its alternative text for screen readers."""
    number = sum(1 for rel in document.part.rels.values() if rel.reltype == RELATIONSHIP_TYPE.CHART) + 1
    blob = chart_xml(bars, series_name, axis_title, latin_font, east_asian_font).encode("utf-8")
    part = Part(PackURI(f"/word/charts/chart{number}.xml"), CHART_CONTENT_TYPE, blob, document.part.package)
    rel_id = document.part.relate_to(part, RELATIONSHIP_TYPE.CHART)
    width, height = int(width_mm * EMU_PER_MM), int(height_mm * EMU_PER_MM)
    inline = (
        '<w:drawing xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
        'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
        'xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        f'<wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="{width}" cy="{height}"/>'
        '<wp:effectExtent l="0" t="0" r="0" b="0"/>'
        f'<wp:docPr id="{1000 + number}" name="Chart {number}" descr="{escape(xml_safe(description), {chr(34): "&quot;"})}"/>'
        '<wp:cNvGraphicFramePr/><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart">'
        f'<c:chart r:id="{rel_id}"/></a:graphicData></a:graphic></wp:inline></w:drawing>'
    )
    run = paragraph.add_run()
    run._r.append(etree.fromstring(inline))
