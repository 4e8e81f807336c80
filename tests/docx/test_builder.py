"""Table rows written as XML text must be exactly the XML python-docx would have built for them."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import docx
import pytest

from exodossier.docx.builder import Cell, DocBuilder, Fill
from exodossier.docx.styles import TABLE_TEXT
from exodossier.docx.xml import element, shade

WHEN = dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.timezone.utc)
HEADERS = ["ID", "Text", "Lines", "Last"]
ROWS: list[list[Cell]] = [
    ["R-1", "plain text", ["first line", "second line"], "x"],
    ["R-2", "  padded both ends ", [], ""],
    ["R-3", "tab\there, line\nbreak, crlf\r\nand cr\rend", ["", "after an empty line"], "\t"],
    ["R-4", "markup & entities <w:t>x</w:t> > &amp; <?exodossier-rows 0?>", ["日本語の要件", "𝔘 astral"], "é"],
    ["R-5", "control \x01\x0b characters \ud800 and \ufffe", "trailing space ", " leading space"],
    ["R-6 short row", "only two values"],
]


def fill(row: int, column: int) -> str | None:
    return "F4B6B6" if (row + column) % 3 == 0 else None


def python_docx_rows(builder: DocBuilder, headers: list[str], rows: list[list[Cell]], fill: Fill,
                     bold_last_row: bool) -> None:
    """The reference: the row-by-row python-docx construction the builder used before."""
    table = builder.table(headers, [], (1, 2, 2, 1))
    for r, values in enumerate(rows):
        row = table.add_row()
        row._tr.get_or_add_trPr().append(element("w:cantSplit"))
        for c, (cell, value) in enumerate(zip(row.cells, values)):
            builder.write_cell(cell, value, TABLE_TEXT)
            colour = fill(r, c)
            if colour:
                shade(cell._tc, colour)
    if bold_last_row:
        for cell in table.rows[-1].cells:
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.bold = True


def document_xml(package: bytes) -> bytes:
    return zipfile.ZipFile(io.BytesIO(package)).read("word/document.xml")


@pytest.mark.parametrize("bold_last_row", [False, True])
def test_table_rows_are_the_xml_python_docx_builds(bold_last_row: bool) -> None:
    reference = DocBuilder()
    python_docx_rows(reference, HEADERS, ROWS, fill, bold_last_row)
    builder = DocBuilder()
    builder.table(HEADERS, ROWS, (1, 2, 2, 1), fill=fill, bold_last_row=bold_last_row)
    assert document_xml(builder.save(WHEN)) == document_xml(reference.save(WHEN))


def test_user_text_that_looks_like_a_row_mark_stays_text() -> None:
    builder = DocBuilder()
    builder.para("<?exodossier-rows 0?>")
    builder.table(["A"], [["row text"]], (1,))
    document = docx.Document(io.BytesIO(builder.save(WHEN)))
    assert document.paragraphs[0].text == "<?exodossier-rows 0?>"
    assert [cell.text for row in document.tables[0].rows for cell in row.cells] == ["A", "row text"]
