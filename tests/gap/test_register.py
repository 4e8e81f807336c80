"""The Excel register: written for sponsors, read back into the profile without disturbing it, hostile cells refused."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from exodossier.catalog.checks import load_valid_catalog
from exodossier.catalog.loader import Catalog
from exodossier.errors import UserError
from exodossier.gap.analysis import analyse
from exodossier.gap.profile import load_profile
from exodossier.gap.register import import_register, render_xlsx
from tests.conftest import FIXTURES, SMALL_CATALOG

FIXTURE = FIXTURES / "profiles" / "small-inhaled.yaml"
WHEN = dt.datetime(2026, 12, 6, tzinfo=dt.timezone.utc)


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_valid_catalog(SMALL_CATALOG)


@pytest.fixture
def profile(tmp_path: Path) -> Path:
    target = tmp_path / "profile.yaml"
    shutil.copy(FIXTURE, target)
    return target


@pytest.fixture
def register(catalog: Catalog, profile: Path, tmp_path: Path) -> Path:
    loaded, _ = load_profile(profile, catalog)
    path = tmp_path / "register.xlsx"
    path.write_bytes(render_xlsx(analyse(catalog, loaded, WHEN)))
    return path


def edit(path: Path, sheet: str, **cells: object) -> None:
    book = load_workbook(path)
    for place, value in cells.items():
        book[sheet][place] = value
    book.save(path)


def test_the_workbook_has_a_summary_and_a_sheet_per_category_with_the_register_features(register: Path) -> None:
    book = load_workbook(register)
    assert book.sheetnames == ["Summary", "Raw materials", "Safety"]
    sheet = book["Safety"]
    assert [c.value for c in sheet[1]][:3] == ["ID", "Requirement", "Status"]
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref.startswith("A1:")
    statuses = [v for v in sheet.data_validations.dataValidation if v.type == "list"]
    assert statuses and "not_applicable" in statuses[0].formula1
    due = sheet["M3"].value  # EXO-SF-002, due 2027-06-30
    assert isinstance(due, dt.datetime) and due.date() == dt.date(2027, 6, 30)


def test_the_same_analysis_gives_the_same_bytes(catalog: Catalog, profile: Path, register: Path) -> None:
    loaded, _ = load_profile(profile, catalog)
    assert render_xlsx(analyse(catalog, loaded, WHEN)) == register.read_bytes()


def test_an_unchanged_register_changes_nothing(catalog: Catalog, profile: Path, register: Path) -> None:
    text, changed = import_register(register, profile, catalog)
    assert changed == [] and text == profile.read_text(encoding="utf-8")


def test_edits_change_only_the_assessment_fields_and_keep_comments_and_layout(
        catalog: Catalog, profile: Path, register: Path) -> None:
    edit(register, "Safety", C2="partial", I2="Limit derived from the inhaled dose; justification drafted.",
         L2="QC manager", M2=dt.datetime(2027, 2, 28))
    before = profile.read_text(encoding="utf-8")
    text, changed = import_register(register, profile, catalog)
    assert {(e.requirement_id, e.key) for e in changed} == {
        ("EXO-SF-001", "status"), ("EXO-SF-001", "position"), ("EXO-SF-001", "owner"), ("EXO-SF-001", "due")}
    removed = [line for line in before.splitlines() if line not in text.splitlines()]
    assert removed == ["    status: not_met"]  # every other line, comments included, is kept as written
    assert "  EXO-RM-001:  # Cell bank qualification" in text and "    due: 2027-02-28" in text
    profile.write_text(text, encoding="utf-8")
    loaded, _ = load_profile(profile, catalog)
    assessment = loaded.profile.assessments["EXO-SF-001"]
    assert (assessment.status.value, assessment.owner) == ("partial", "QC manager")
    assert assessment.position is not None and assessment.position.en.startswith("Limit derived")


def test_a_wrong_status_is_named_by_its_cell_with_a_hint_and_nothing_changes(
        catalog: Catalog, profile: Path, register: Path) -> None:
    edit(register, "Safety", C3="done")
    with pytest.raises(UserError) as raised:
        import_register(register, profile, catalog)
    (problem,) = raised.value.diagnostics
    assert problem.file.endswith("register.xlsx:Safety!C3") and "'done' is not an assessment status" in problem.message
    assert "drop-down" in problem.hint


@pytest.mark.parametrize(("cells", "code"), [
    ({"H2": "=HYPERLINK(\"http://x\")"}, "hostile-cell"),
    ({"H2": "x" * 32_768}, "hostile-cell"),
    ({"M2": "next spring"}, "bad-date"),
])
def test_hostile_cells_are_refused_at_their_place(catalog: Catalog, profile: Path, register: Path,
                                                  cells: dict[str, object], code: str) -> None:
    book = load_workbook(register)
    sheet = book["Safety"]
    for place, value in cells.items():
        sheet[place] = value
        if isinstance(value, str) and value.startswith("="):
            sheet[place].data_type = "f"
    book.save(register)
    with pytest.raises(UserError) as raised:
        import_register(register, profile, catalog)
    assert [(d.code, d.file.split(":")[-1]) for d in raised.value.diagnostics] == [(code, f"Safety!{next(iter(cells))}")]


def test_a_date_typed_as_text_is_read(catalog: Catalog, profile: Path, register: Path) -> None:
    edit(register, "Safety", M2="2027/3/1")
    text, _ = import_register(register, profile, catalog)
    assert "    due: 2027-03-01" in text


def test_merged_cells_and_a_deleted_header_row_are_refused(catalog: Catalog, profile: Path, register: Path,
                                                           tmp_path: Path) -> None:
    book = load_workbook(register)
    book["Safety"].merge_cells("H2:H3")
    book.save(register)
    with pytest.raises(UserError) as raised:
        import_register(register, profile, catalog)
    assert {d.code for d in raised.value.diagnostics} == {"merged-cell"}
    book = load_workbook(register)
    book["Safety"].unmerge_cells("H2:H3")
    book["Safety"].delete_rows(1)
    book.save(register)
    with pytest.raises(UserError) as raised:
        import_register(register, profile, catalog)
    assert [d.code for d in raised.value.diagnostics] == ["missing-header"]
