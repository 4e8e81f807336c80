"""Reading an edited workbook back, with every problem named as `file.xlsx:Sheet!C37`.

A workbook is input a person typed: formulas, merged cells, dates typed as text, a deleted
header row and 32,000-character cells all happen. Each is reported with its cell and a hint,
and the caller writes nothing while there is an error.
"""

from __future__ import annotations

import datetime as dt
import io
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from exodossier.errors import Diagnostic, UserError, error

MAX_WORKBOOK_BYTES = 20_000_000
HEADER_SEARCH_ROWS = 12
CellData = str | dt.date | None


def cell_place(display: str, sheet: str, column: int, row: int) -> str:
    """The place of one cell as spreadsheet users write it: `register.xlsx:Safety!C37`."""
    return f"{display}:{sheet}!{get_column_letter(column)}{row}"


@dataclass
class Record:
    """One data row: the text of each named column, and where each cell is."""

    row: int
    values: dict[str, CellData] = field(default_factory=dict)
    places: dict[str, str] = field(default_factory=dict)

    def text(self, header: str) -> str:
        value = self.values.get(header)
        if value is None:
            return ""
        return value.isoformat() if isinstance(value, dt.date) else value


def open_workbook(path: Path, display: str, max_bytes: int = MAX_WORKBOOK_BYTES) -> Workbook:
    """Load a workbook, reading at most `max_bytes` (so /dev/zero or a huge file cannot exhaust memory)."""
    try:
        with Path(path).open("rb") as stream:
            data = stream.read(max_bytes + 1)
    except OSError as exc:
        raise UserError([error(display, 0, 0, "io", f"cannot read the workbook: {exc.strerror}",
                               hint="check the path")]) from None
    if len(data) > max_bytes:
        raise UserError([error(display, 0, 0, "file-too-large", f"the workbook is over {max_bytes:,} bytes",
                               hint="split it, or remove pictures and unused sheets")])
    try:
        return load_workbook(io.BytesIO(data), data_only=False, rich_text=False)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as exc:
        raise UserError([error(display, 0, 0, "not-a-workbook", f"this is not a readable .xlsx workbook ({exc})",
                               hint="save it from Excel or LibreOffice as .xlsx (Excel Workbook)")]) from None


def find_sheet(book: Workbook, display: str, name: str) -> Worksheet:
    if name in book.sheetnames:
        sheet = book[name]
        if isinstance(sheet, Worksheet):
            return sheet
    raise UserError([error(display, 0, 0, "missing-sheet", f"the workbook has no sheet named {name!r}",
                           expected=f"a sheet named {name!r}", hint=f"sheets found: {', '.join(book.sheetnames)}")])


def _normal(value: object) -> str:
    return unicodedata.normalize("NFKC", str(value)).strip().casefold() if value is not None else ""


def find_header(sheet: Worksheet, display: str, headers: Sequence[str],
                optional: Sequence[str] = ()) -> tuple[int, dict[str, int]]:
    """The header row and each header's column; the headers may be in any order.

    `optional` headers are read when present (a form's "Name (optional)" column that a
    commenter deleted is not an error).
    """
    wanted = {_normal(header): header for header in [*headers, *optional]}
    required = set(headers)
    for row in range(1, min(sheet.max_row, HEADER_SEARCH_ROWS) + 1):
        found: dict[str, int] = {}
        for column in range(1, sheet.max_column + 1):
            key = _normal(sheet.cell(row=row, column=column).value)
            if key in wanted:
                found.setdefault(wanted[key], column)
        if required <= set(found):
            return row, found
    raise UserError([error(cell_place(display, sheet.title, 1, 1), 0, 0, "missing-header",
                           "the header row was not found", expected="a row with the columns: " + ", ".join(headers),
                           hint="restore the header row from a freshly generated workbook; do not delete or rename it")])


def _cell_problem(value: object, data_type: str, max_chars: int) -> str | None:
    if data_type == "f" or (isinstance(value, str) and value.startswith("=") and data_type != "s"):
        return "the cell holds a formula; formulas are not read"
    if isinstance(value, str) and len(value) > max_chars:
        return f"the cell holds {len(value):,} characters; the limit is {max_chars:,}"
    return None


def _merged_data_cells(sheet: Worksheet, header_row: int) -> set[tuple[int, int]]:
    cells: set[tuple[int, int]] = set()
    for merged in sheet.merged_cells.ranges:
        if merged.max_row > header_row:
            for row in range(max(merged.min_row, header_row + 1), merged.max_row + 1):
                for column in range(merged.min_col, merged.max_col + 1):
                    cells.add((row, column))
    return cells


def read_records(sheet: Worksheet, display: str, headers: Sequence[str], max_chars: int = 32_767,
                 optional: Sequence[str] = ()) -> tuple[list[Record], list[Diagnostic]]:
    """Every non-empty row under the header, and the problems found in its cells."""
    header_row, columns = find_header(sheet, display, headers, optional)
    merged = _merged_data_cells(sheet, header_row)
    records: list[Record] = []
    problems: list[Diagnostic] = []
    for row in range(header_row + 1, sheet.max_row + 1):
        record = Record(row=row)
        for header, column in columns.items():
            cell = sheet.cell(row=row, column=column)
            place = cell_place(display, sheet.title, column, row)
            record.places[header] = place
            if (row, column) in merged:
                problems.append(error(place, 0, 0, "merged-cell", "the cell is part of merged cells",
                                      field_path=header, hint="unmerge the cells and give each row its own value"))
                continue
            problem = _cell_problem(cell.value, cell.data_type, max_chars)
            if problem:
                problems.append(error(place, 0, 0, "hostile-cell", problem, field_path=header,
                                      hint="type the value as plain text"))
                continue
            record.values[header] = _cell_value(cell.value)
        if any(value not in (None, "") for value in record.values.values()):
            records.append(record)
    return records, problems


def _cell_value(value: object) -> CellData:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return unicodedata.normalize("NFC", str(value)).strip()


def as_date(record: Record, header: str) -> tuple[dt.date | None, Diagnostic | None]:
    """A date cell, also when typed as text (2027-03-01, 2027/3/1); anything else is a clear error."""
    value = record.values.get(header)
    if value is None or value == "" or isinstance(value, dt.date):
        return (value if isinstance(value, dt.date) else None), None
    text = unicodedata.normalize("NFKC", value).strip()
    for pattern in ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日"):
        try:
            return dt.datetime.strptime(text, pattern).date(), None
        except ValueError:
            continue
    return None, error(record.places[header], 0, 0, "bad-date", f"{value!r} is not a date", field_path=header,
                       expected="a date such as 2027-03-31", hint="format the cell as a date, or type YYYY-MM-DD")
