"""The guideline as LibreOffice prints it: Japanese fonts, Japanese line breaking, tables inside A4 pages.

Converts the real catalog's Japanese full edition with `soffice`, checks the PDF as a reader
would (fonts embedded, no line starting with 。 or 、, every page A4 in one orientation or
the other, no text beyond the right margin) and keeps three pages as PNGs in
tests/artifacts/guideline/ (git-ignored) for a person to look at.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from exodossier.catalog.checks import load_valid_catalog
from exodossier.guideline.pdf import docx_to_pdf
from tests.conftest import REPO, require_client
from tests.guideline.conftest import build

ARTIFACTS = REPO / "tests" / "artifacts" / "guideline"
A4 = (595, 842)  # points, rounded
MARGIN_POINTS = 20 / 25.4 * 72
CLOSING = "。、，．）」』】〕"


@pytest.fixture(scope="module")
def pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    soffice = require_client("LibreOffice", "soffice", "libreoffice")
    catalog = load_valid_catalog(REPO / "requirements_catalog")
    built = build(catalog, language="ja", chapters=REPO / "guideline",
                  specification=REPO / "examples" / "specifications" / "model-case.yaml")
    target = tmp_path_factory.mktemp("pdf") / "guideline-ja-full.pdf"
    target.write_bytes(docx_to_pdf(soffice, built.data, target))
    return target


def _run(*command: str) -> str:
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def test_japanese_fonts_are_embedded(pdf: Path) -> None:
    require_client("poppler-utils", "pdffonts")
    fonts = _run("pdffonts", str(pdf))
    assert re.search(r"NotoSansCJK|Noto Sans CJK", fonts), fonts


def test_no_line_starts_with_closing_japanese_punctuation(pdf: Path) -> None:
    """Kinsoku: 。、） never begin a line, which English-only line breaking would allow."""
    require_client("poppler-utils", "pdftotext")
    lines = [line.strip() for line in _run("pdftotext", "-raw", str(pdf), "-").splitlines()]
    japanese = [line for line in lines if re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", line)]
    assert len(japanese) > 1000
    offending = [line for line in japanese if line[:1] in CLOSING]
    assert offending == []


def test_every_page_is_a4_and_no_text_runs_past_the_right_margin(pdf: Path) -> None:
    require_client("poppler-utils", "pdftotext")
    layout = _run("pdftotext", "-bbox", str(pdf), "-")
    pages = re.findall(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', layout, re.S)
    orientations = set()
    for width, height, words in pages:
        size = (round(float(width)), round(float(height)))
        assert size in (A4, A4[::-1]), size
        orientations.add(size)
        right = max((float(x) for x in re.findall(r'xMax="([\d.]+)"', words)), default=0)
        assert right <= float(width) - MARGIN_POINTS + 6, f"text beyond the margin on a {size} page"
    assert orientations == {A4, A4[::-1]}, "wide annex tables are in landscape sections"


def test_three_pages_are_kept_as_pictures(pdf: Path) -> None:
    require_client("poppler-utils", "pdftoppm")
    text = _run("pdftotext", str(pdf), "-").split("\f")
    requirement_page = next(i for i, page in enumerate(text) if "EXO-SF-001" in page and "適用開始段階" in page) + 1
    landscape_page = next(i for i, page in enumerate(text) if "AEV-101" in page) + 1
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for name, page in (("title", 1), ("requirement", requirement_page), ("annex-landscape", landscape_page)):
        subprocess.run(["pdftoppm", "-png", "-r", "70", "-singlefile", "-f", str(page), "-l", str(page), str(pdf),
                        str(ARTIFACTS / f"guideline-ja-{name}")], check=True)
        assert (ARTIFACTS / f"guideline-ja-{name}.png").stat().st_size > 10_000
