"""Helpers for the consultation tests: a filled-in comment form, an issues export, the CLI."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any, Sequence

import pytest
from click.testing import CliRunner, Result
from openpyxl import load_workbook

from exodossier.catalog.checks import load_valid_catalog
from exodossier.cli.main import main
from exodossier.consultation.form import form_bytes
from exodossier.consultation.importer import ISSUE_FIELDS

WHEN = dt.datetime(2027, 1, 15, tzinfo=dt.timezone.utc)
HEADER_ROW = 6  # four title lines, a blank row, then the header
Row = Sequence[Any]  # requirement, organisation type, comment, proposed change, language[, name, email]


def fill_form(catalog_dir: Path, path: Path, rows: Sequence[Row], language: str = "en") -> Path:
    """The comment form of `catalog_dir`, filled in as a commenter would (text typed in cells B..I)."""
    catalog = load_valid_catalog(catalog_dir)
    path.write_bytes(form_bytes(catalog, catalog.version, language, WHEN))
    book = load_workbook(path)
    sheet = book["Comments"]
    for offset, values in enumerate(rows, start=1):
        for column, value in enumerate(values, start=2):
            if value is not None:
                sheet.cell(row=HEADER_ROW + offset, column=column, value=value).data_type = "s"  # typed as text
    book.save(path)
    return path


def issue(number: int, requirement: str, comment: str, organisation: str = "Sponsor or marketing authorisation holder",
          language: str = "English", proposed: str = "_No response_", labels: Sequence[str] = ("consultation",),
          login: str = "someone") -> dict[str, Any]:
    values = {"requirement": requirement, "release": "1.0.0", "organisation_type": organisation,
              "language": language, "comment": comment, "proposed_change": proposed}
    body = "\n\n".join(f"### {ISSUE_FIELDS[key]}\n\n{value}" for key, value in values.items())
    return {"number": number, "title": f"Comment on {requirement}", "body": body,
            "labels": [{"name": name} for name in labels], "author": {"login": login},
            "createdAt": "2027-01-20T10:00:00Z"}


def write_issues(path: Path, issues: Sequence[dict[str, Any]]) -> Path:
    path.write_text(json.dumps(list(issues), ensure_ascii=False), encoding="utf-8")
    return path


def cli(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


GOOD_ROWS: list[Row] = [
    ["EXO-SF-001", "Sponsor or marketing authorisation holder", "Please give the sterility test sample size.",
     "Add the sample size.", "English"],
    ["EXO-RM-001", "Academia or research institute", "細胞齢の上限の根拠を示してほしい。", None, "日本語"],
    ["general", "Individual", "Publish the guideline as data.", None, "English", "Ann Example", "ann@example.org"],
]


@pytest.fixture
def form_with_comments(tmp_path: Path, small_catalog: Path) -> Path:
    return fill_form(small_catalog, tmp_path / "comments.xlsx", GOOD_ROWS)
