"""The catalog workbook: one sheet per category plus sources, frozen filtered headers, text stays text, same bytes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from exodossier.catalog.checks import load_valid_catalog
from exodossier.cli.main import main
from exodossier.interchange.workbook import catalog_workbook
from tests.conftest import FIXTURES, SMALL_CATALOG

WHEN = dt.datetime(2026, 12, 6, tzinfo=dt.timezone.utc)


def write(tmp_path: Path, catalog_dir: Path = SMALL_CATALOG, language: str = "en") -> Path:
    path = tmp_path / f"catalog-{language}.xlsx"
    path.write_bytes(catalog_workbook(load_valid_catalog(catalog_dir), WHEN, language))  # type: ignore[arg-type]
    return path


def test_one_sheet_per_category_then_sources(tmp_path: Path) -> None:
    catalog = load_valid_catalog(SMALL_CATALOG)
    book = load_workbook(write(tmp_path))
    expected = [f"{c.id} {c.title.en}"[:31] for c in catalog.taxonomy.categories] + ["Sources"]
    assert book.sheetnames == expected


def test_every_requirement_is_a_row_of_its_category_sheet(tmp_path: Path) -> None:
    catalog = load_valid_catalog(SMALL_CATALOG)
    book = load_workbook(write(tmp_path))
    for category in catalog.taxonomy.categories:
        sheet = book[f"{category.id} {category.title.en}"[:31]]
        ids = [row[0] for row in sheet.iter_rows(min_row=5, values_only=True) if row[0]]
        assert ids == sorted(r.id for r in catalog.requirements_in(category.id))
        assert [c.value for c in sheet[4]][:4] == ["ID", "Title", "Title (Japanese)", "Statement"]


def test_headers_are_frozen_and_filtered(tmp_path: Path) -> None:
    for sheet in load_workbook(write(tmp_path)).worksheets:
        assert sheet.freeze_panes == "A5"
        assert sheet.auto_filter.ref is not None and sheet.auto_filter.ref.startswith("A4:")


def test_sources_sheet_lists_every_source_with_its_clauses(tmp_path: Path) -> None:
    catalog = load_valid_catalog(SMALL_CATALOG)
    rows = {row[0]: row for row in load_workbook(write(tmp_path))["Sources"].iter_rows(min_row=5, values_only=True)}
    assert set(rows) == set(catalog.sources)
    for sid, source in catalog.sources.items():
        assert rows[sid][1] == source.title.en
        for clause in source.clauses:
            assert clause.id in (rows[sid][-1] or "")


def test_hostile_text_stays_text(tmp_path: Path) -> None:
    book = load_workbook(write(tmp_path, FIXTURES / "catalogs" / "hostile"))
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row if cell.value]
    assert all(cell.data_type == "s" for cell in cells if isinstance(cell.value, str))
    assert any("<script>window.__pwned = 1</script>" in str(cell.value) for cell in cells)


def test_japanese_headers(tmp_path: Path) -> None:
    book = load_workbook(write(tmp_path, language="ja"))
    assert book.sheetnames[-1] == "出典"
    assert [c.value for c in book.worksheets[0][4]][:2] == ["ID", "表題"]


def test_the_command_writes_the_same_bytes_twice(runner: CliRunner, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    for name in ("a.xlsx", "b.xlsx"):
        result = runner.invoke(main, ["export", "xlsx", "--catalog", str(SMALL_CATALOG), "-o", str(tmp_path / name)],
                               catch_exceptions=False)
        assert result.exit_code == 0, result.output
    assert (tmp_path / "a.xlsx").read_bytes() == (tmp_path / "b.xlsx").read_bytes()
