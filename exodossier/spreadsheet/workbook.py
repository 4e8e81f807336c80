"""Writing .xlsx files that are safe to open and byte-identical for the same input.

Every text cell is stored as a string, so text that starts with `=` stays text (no formula
injection) and reads back unchanged. Header rows are frozen and filtered, and a column can
carry a drop-down list, because that is how people expect a register to behave in Excel.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import zipfile
from dataclasses import dataclass, field
from typing import Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from exodossier.outputs import reproducible_zip
from exodossier.sanitize import xml_safe

CellValue = str | int | float | dt.date | None
MAX_CELL_CHARS = 32_767  # Excel's own limit; longer text is cut and marked rather than refused
HEADER_FILL = PatternFill("solid", fgColor="DCE6F1")
TRUNCATED = " …[truncated]"


@dataclass
class Column:
    """One column: its header, width in characters, and an optional drop-down list."""

    header: str
    width: float = 18
    choices: Sequence[str] = ()
    wrap: bool = True
    is_date: bool = False


@dataclass
class SheetSpec:
    """A sheet of records under one header row; `title` rows above it explain the sheet."""

    name: str
    columns: Sequence[Column]
    rows: Sequence[Sequence[CellValue]] = ()
    title_lines: Sequence[str] = ()
    validation_rows: int = 0  # how many empty rows below the data keep the drop-downs (forms)
    notes: dict[str, str] = field(default_factory=dict)


def cell_text(value: str) -> str:
    """Text as a cell can hold it: XML-safe, and within Excel's 32,767-character limit."""
    text = xml_safe(value)
    if len(text) > MAX_CELL_CHARS:
        text = text[: MAX_CELL_CHARS - len(TRUNCATED)] + TRUNCATED
    return text


def sheet_name(name: str) -> str:
    """Excel sheet names: at most 31 characters, none of []:*?/\\."""
    cleaned = "".join("_" if ch in "[]:*?/\\" else ch for ch in name).strip("'")
    return (cleaned or "Sheet")[:31]


def header_row(spec: SheetSpec) -> int:
    """The 1-based row of the header: below the title lines and one blank row, if any."""
    return len(spec.title_lines) + 2 if spec.title_lines else 1


def _write_value(sheet: Worksheet, row: int, column: int, value: CellValue, spec: Column) -> None:
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, str):
        cell.value = cell_text(value)
        cell.data_type = "s"  # never a formula, whatever the text starts with
    else:
        cell.value = value
        if isinstance(value, dt.date):
            cell.number_format = "yyyy-mm-dd"
    cell.alignment = Alignment(wrap_text=spec.wrap, vertical="top")


def add_sheet(book: Workbook, spec: SheetSpec) -> Worksheet:
    """One sheet: title lines, a frozen and filtered header row, the rows, and drop-downs."""
    sheet: Worksheet = book.create_sheet(sheet_name(spec.name))
    for index, line in enumerate(spec.title_lines, start=1):
        cell = sheet.cell(row=index, column=1, value=cell_text(line))
        cell.data_type = "s"
        cell.font = Font(bold=index == 1)
    top = header_row(spec)
    for number, column in enumerate(spec.columns, start=1):
        cell = sheet.cell(row=top, column=number, value=cell_text(column.header))
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[get_column_letter(number)].width = column.width
    for offset, values in enumerate(spec.rows, start=1):
        for number, (value, column) in enumerate(zip(values, spec.columns), start=1):
            _write_value(sheet, top + offset, number, value, column)
    last_row = top + max(len(spec.rows), 1) + spec.validation_rows
    last_column = get_column_letter(len(spec.columns))
    sheet.freeze_panes = f"A{top + 1}"
    sheet.auto_filter.ref = f"A{top}:{last_column}{max(last_row, top + 1)}"
    _add_choices(book, sheet, spec, top, last_row)
    return sheet


def _add_choices(book: Workbook, sheet: Worksheet, spec: SheetSpec, top: int, last_row: int) -> None:
    for number, column in enumerate(spec.columns, start=1):
        if not column.choices:
            continue
        letter = get_column_letter(number)
        listed = ",".join(column.choices)
        formula = f'"{listed}"' if len(listed) <= 255 else _choices_range(book, column)
        check = DataValidation(type="list", formula1=formula, allow_blank=True, showErrorMessage=True,
                               errorTitle=column.header[:32], error="Choose a value from the list.")
        check.add(f"{letter}{top + 1}:{letter}{max(last_row, top + 1)}")
        sheet.add_data_validation(check)


def _choices_range(book: Workbook, column: Column) -> str:
    """Long lists (Excel caps inline lists at 255 characters) live on a hidden sheet."""
    name = "Lists"
    lists: Worksheet = book[name] if name in book.sheetnames else book.create_sheet(name)
    lists.sheet_state = "hidden"
    number = lists.max_column + 1 if lists.max_row > 1 or lists["A1"].value is not None else 1
    letter = get_column_letter(number)
    for row, choice in enumerate(column.choices, start=1):
        cell = lists.cell(row=row, column=number, value=cell_text(choice))
        cell.data_type = "s"
    return f"{name}!${letter}$1:${letter}${len(column.choices)}"


_RECENT: dict[str, bytes] = {}  # the last few workbooks made, by the digest of their whole input
_RECENT_MAX = 4


def workbook_bytes(sheets: Sequence[SheetSpec], when: dt.datetime) -> bytes:
    """The whole workbook, with its timestamps fixed to `when` (SOURCE_DATE_EPOCH).

    The bytes are a function of the sheets and `when` alone, so a workbook made again from the same
    input is not written again: `mkdocs serve` remakes the site's comment form on every rebuild,
    and openpyxl spent a tenth of a rebuild on it while an edit seldom changes it."""
    key = hashlib.sha256(repr((list(sheets), when.isoformat())).encode("utf-8")).hexdigest()
    made = _RECENT.get(key)
    if made is None:
        made = _make_workbook(sheets, when)
        if len(_RECENT) >= _RECENT_MAX:
            _RECENT.pop(next(iter(_RECENT)))
        _RECENT[key] = made
    return made


def _make_workbook(sheets: Sequence[SheetSpec], when: dt.datetime) -> bytes:
    book = Workbook()
    default = book.active
    for spec in sheets:
        add_sheet(book, spec)
    if default is not None:
        book.remove(default)
    stamp = when.astimezone(dt.timezone.utc).replace(tzinfo=None)
    book.properties.created = stamp
    book.properties.modified = stamp
    book.properties.creator = "exodossier"
    book.properties.lastModifiedBy = "exodossier"
    buffer = io.BytesIO()
    # Not book.save(): it stamps `modified` with the wall clock, so two runs a second apart differed.
    ExcelWriter(book, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, allowZip64=True)).save()
    return reproducible_zip(buffer.getvalue(), when)
