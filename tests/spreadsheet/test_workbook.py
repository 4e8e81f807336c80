"""Workbooks: cells stay data, the bytes are reproducible, and edited workbooks read back safely."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from pathlib import Path

import pytest
from openpyxl import load_workbook

from exodossier.errors import UserError
from exodossier.spreadsheet.reader import as_date, find_sheet, open_workbook, read_records
from exodossier.spreadsheet.workbook import Column, SheetSpec, workbook_bytes

WHEN = dt.datetime(2026, 12, 6, tzinfo=dt.timezone.utc)
COLUMNS = [Column("Id"), Column("Status", choices=["met", "partial", "gap"]), Column("Due", is_date=True)]


def register(tmp_path: Path, rows: list[list[object]]) -> Path:
    path = tmp_path / "register.xlsx"
    spec = SheetSpec("Safety", COLUMNS, rows=rows, title_lines=["Register"])  # type: ignore[arg-type]
    path.write_bytes(workbook_bytes([spec], WHEN))
    return path


def test_text_that_looks_like_a_formula_is_written_as_text(tmp_path: Path) -> None:
    path = register(tmp_path, [["=HYPERLINK(\"http://x\")", "met", dt.date(2027, 3, 31)]])
    sheet = load_workbook(path)["Safety"]
    assert sheet["A4"].value == "=HYPERLINK(\"http://x\")"
    assert sheet["A4"].data_type == "s"
    assert sheet.freeze_panes == "A4"


def test_same_rows_give_the_same_bytes() -> None:
    spec = SheetSpec("Safety", COLUMNS, rows=[["EXO-SF-001", "gap", None]])
    assert workbook_bytes([spec], WHEN) == workbook_bytes([spec], WHEN)


def test_rows_read_back_with_their_cell_places(tmp_path: Path) -> None:
    path = register(tmp_path, [["EXO-SF-001", "met", dt.date(2027, 3, 31)], ["EXO-SF-002", "gap", None]])
    sheet = find_sheet(open_workbook(path, "register.xlsx"), "register.xlsx", "Safety")
    records, problems = read_records(sheet, "register.xlsx", ["Id", "Status", "Due"])
    assert problems == []
    assert [record.text("Id") for record in records] == ["EXO-SF-001", "EXO-SF-002"]
    assert records[1].places["Status"] == "register.xlsx:Safety!B5"
    assert as_date(records[0], "Due") == (dt.date(2027, 3, 31), None)


def test_formula_merged_and_oversized_cells_are_reported_with_their_cell(tmp_path: Path) -> None:
    path = register(tmp_path, [["EXO-SF-001", "met", None], ["EXO-SF-002", "gap", None], ["x", "y", None]])
    book = load_workbook(path)
    sheet = book["Safety"]
    sheet["B4"] = "=1+1"
    sheet["A6"] = "x" * 20_000
    sheet.merge_cells("A5:B5")
    book.save(path)
    sheet = find_sheet(open_workbook(path, "register.xlsx"), "register.xlsx", "Safety")
    _records, problems = read_records(sheet, "register.xlsx", ["Id", "Status", "Due"], max_chars=10_000)
    places = {problem.file: problem.message for problem in problems}
    assert "formula" in places["register.xlsx:Safety!B4"]
    assert "merged" in places["register.xlsx:Safety!A5"]
    assert "20,000 characters" in places["register.xlsx:Safety!A6"]


def test_a_deleted_header_row_is_reported_with_the_expected_columns(tmp_path: Path) -> None:
    path = register(tmp_path, [["EXO-SF-001", "met", None]])
    book = load_workbook(path)
    book["Safety"].delete_rows(3)
    book.save(path)
    sheet = find_sheet(open_workbook(path, "register.xlsx"), "register.xlsx", "Safety")
    with pytest.raises(UserError) as caught:
        read_records(sheet, "register.xlsx", ["Id", "Status", "Due"])
    assert "Id, Status, Due" in str(caught.value)


def test_dates_typed_as_text_are_read_and_nonsense_is_an_error(tmp_path: Path) -> None:
    path = register(tmp_path, [["EXO-SF-001", "met", "2027/3/31"], ["EXO-SF-002", "met", "soon"]])
    sheet = find_sheet(open_workbook(path, "register.xlsx"), "register.xlsx", "Safety")
    records, _ = read_records(sheet, "register.xlsx", ["Id", "Status", "Due"])
    assert as_date(records[0], "Due") == (dt.date(2027, 3, 31), None)
    value, problem = as_date(records[1], "Due")
    assert value is None and problem is not None and problem.file == "register.xlsx:Safety!C5"


def test_a_file_that_is_not_a_workbook_is_a_user_error(tmp_path: Path) -> None:
    path = tmp_path / "notes.xlsx"
    path.write_text("hello")
    with pytest.raises(UserError, match="not a readable .xlsx"):
        open_workbook(path, "notes.xlsx")


def test_the_modified_stamp_is_the_given_time_not_the_clock(tmp_path: Path) -> None:
    path = tmp_path / "stamped.xlsx"
    path.write_bytes(workbook_bytes([SheetSpec("Safety", COLUMNS)], WHEN))
    properties = load_workbook(path).properties
    assert properties.modified == properties.created == WHEN.replace(tzinfo=None)


def test_a_workbook_made_again_from_the_same_input_is_reused_and_a_changed_cell_is_not(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from exodossier.spreadsheet import workbook

    made: list[int] = []
    real = workbook._make_workbook

    def counting(sheets: Sequence[SheetSpec], when: dt.datetime) -> bytes:
        made.append(1)
        return real(sheets, when)

    monkeypatch.setattr(workbook, "_make_workbook", counting)
    when = WHEN

    def sheet(cell: str) -> list[SheetSpec]:
        return [SheetSpec("Data", [Column("Id")], rows=[[cell]])]

    first = workbook_bytes(sheet("EXO-RM-001 reused"), when)
    assert workbook_bytes(sheet("EXO-RM-001 reused"), when) == first
    assert len(made) == 1
    changed = workbook_bytes(sheet("EXO-RM-002 reused"), when)
    assert changed != first and len(made) == 2
    book = load_workbook(io.BytesIO(changed))
    assert book["Data"]["A2"].value == "EXO-RM-002 reused"
