"""The comment form: drop-downs of the release's ids, both languages, reproducible bytes."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from exodossier.catalog.checks import load_valid_catalog
from exodossier.consultation.form import form_bytes, form_columns
from tests.consultation.conftest import HEADER_ROW, WHEN, cli


def _validations(path: Path) -> dict[str, str]:
    sheet = load_workbook(path)["Comments"]
    return {str(v.sqref).split(":")[0][0]: str(v.formula1) for v in sheet.data_validations.dataValidation}


def test_form_offers_the_release_ids_and_general_in_a_drop_down(tmp_path: Path, small_catalog: Path) -> None:
    result = cli("consultation", "form", "--catalog", small_catalog, "-o", tmp_path / "form.xlsx")
    assert result.exit_code == 0, result.output
    book = load_workbook(tmp_path / "form.xlsx")
    sheet = book["Comments"]
    headers = [sheet.cell(row=HEADER_ROW, column=c).value for c in range(1, 10)]
    assert headers[1:6] == ["Requirement", "Organisation type", "Comment", "Proposed change", "Language of the comment"]
    assert _validations(tmp_path / "form.xlsx")["B"] == '"general,EXO-RM-001,EXO-RM-002,EXO-SF-001,EXO-SF-002"'
    assert "Sponsor or marketing authorisation holder" in _validations(tmp_path / "form.xlsx")["C"]
    assert [row[0].value for row in book["Requirements"].iter_rows(min_row=2)] == \
        ["EXO-RM-001", "EXO-RM-002", "EXO-SF-001", "EXO-SF-002"]
    assert "release 1.0.0" in sheet["A1"].value


def test_japanese_form_has_japanese_headers_and_choices(tmp_path: Path, small_catalog: Path) -> None:
    catalog = load_valid_catalog(small_catalog)
    path = tmp_path / "form.xlsx"
    path.write_bytes(form_bytes(catalog, "1.0.0", "ja", WHEN))
    sheet = load_workbook(path)["Comments"]
    assert sheet.cell(row=HEADER_ROW, column=2).value == form_columns("ja").requirement == "要件"
    assert "治験依頼者・製造販売業者" in _validations(path)["C"]


def test_same_catalog_gives_the_same_form_bytes(small_catalog: Path) -> None:
    catalog = load_valid_catalog(small_catalog)
    assert form_bytes(catalog, "1.0.0", "en", WHEN) == form_bytes(catalog, "1.0.0", "en", WHEN)


def test_unknown_release_is_a_usage_error_and_writes_nothing(tmp_path: Path, small_catalog: Path) -> None:
    result = cli("consultation", "form", "--catalog", small_catalog, "--release", "9.9", "-o", tmp_path / "f.xlsx")
    assert result.exit_code == 2
    assert "the catalog has no release '9.9'" in result.output
    assert not (tmp_path / "f.xlsx").exists()
