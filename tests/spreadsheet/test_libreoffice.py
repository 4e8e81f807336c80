"""Every workbook we write opens in a real spreadsheet program (LibreOffice Calc) with its text intact.

openpyxl reading back its own files proves little about Excel or Calc; converting each workbook with
LibreOffice headless proves that a spreadsheet program accepts it and shows the cells we wrote.
"""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, SMALL_CATALOG, require_client

PROFILE = FIXTURES / "profiles" / "small-inhaled.yaml"


def _exodossier(*args: str, cwd: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "exodossier", *args], cwd=cwd, capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stderr


def _calc_rows(workbook: Path, tmp_path: Path) -> list[list[str]]:
    """The first sheet as LibreOffice Calc reads it (UTF-8 CSV)."""
    soffice = require_client("LibreOffice Calc", "soffice", "libreoffice")
    out = tmp_path / "calc"
    result = subprocess.run([soffice, f"-env:UserInstallation={(tmp_path / 'lo-profile').as_uri()}", "--headless",
                             "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir", str(out),
                             str(workbook)], capture_output=True, text=True, timeout=300)
    converted = out / (workbook.stem + ".csv")
    assert result.returncode == 0 and converted.is_file(), (result.stdout, result.stderr)
    with converted.open(encoding="utf-8") as stream:
        return list(csv.reader(stream))


@pytest.mark.parametrize(("kind", "expected"), [("catalog", "EXO-"), ("register", "Raw materials"),
                                               ("comment-form", "意見")])
def test_workbook_opens_in_libreoffice_calc_with_its_text(kind: str, expected: str, tmp_path: Path) -> None:
    workbook = tmp_path / f"{kind}.xlsx"
    if kind == "catalog":
        _exodossier("export", "xlsx", "--catalog", str(SMALL_CATALOG), "-o", str(workbook), cwd=tmp_path)
    elif kind == "register":
        _exodossier("gap", str(PROFILE), "--catalog", str(SMALL_CATALOG), "--format", "xlsx", "-o", str(workbook),
                    cwd=tmp_path)
    else:
        _exodossier("consultation", "form", "--lang", "ja", "--catalog", str(SMALL_CATALOG), "-o", str(workbook),
                    cwd=tmp_path)
    text = "\n".join(",".join(row) for row in _calc_rows(workbook, tmp_path))
    assert expected in text, text[:500]
    assert "\ufffd" not in text
