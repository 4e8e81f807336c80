"""The two variants: the submission a sponsor sends to PMDA, in English and Japanese, and its page budget."""

from __future__ import annotations

import datetime as dt
import io
import re
import subprocess
import zipfile
from pathlib import Path

import docx
from docx.oxml.ns import qn
import pytest

from exodossier.catalog.checks import load_valid_catalog
from exodossier.catalog.loader import Catalog
from exodossier.gap.analysis import GapAnalysis, analyse
from exodossier.gap.profile import load_profile
from exodossier.gap.report import Variant, render_docx
from tests.conftest import FIXTURES, REPO, SMALL_CATALOG, require_client

FIXTURE = FIXTURES / "profiles" / "small-inhaled.yaml"
WHEN = dt.datetime(2026, 12, 6, tzinfo=dt.timezone.utc)
SUBMISSION_SECTIONS = ["Document control", "Executive summary", "Product and process", "Open gaps by category",
                       "CTD mapping", "Roadmap to the next stage", "Action plan by owner and month",
                       "Consultation questions", "Justifications for requirements not applicable", "Abbreviations",
                       "References", "Assessment register"]
MAX_SUBMISSION_PAGES = 35


def top_headings(document: docx.document.Document) -> list[str]:
    return [p.text for p in document.paragraphs
            if p.style.name in ("Heading 1", "Heading Unnumbered", "Appendix Heading")]


def every_part(report: bytes, prefix: str) -> str:
    archive = zipfile.ZipFile(io.BytesIO(report))
    return "\n".join(archive.read(n).decode() for n in archive.namelist() if n.startswith(prefix))


@pytest.fixture(scope="module")
def small() -> Catalog:
    return load_valid_catalog(SMALL_CATALOG)


def analysis_of(catalog: Catalog, path: Path, language: str = "en") -> GapAnalysis:
    loaded, _ = load_profile(path, catalog)
    return analyse(catalog, loaded, WHEN, language)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def submission(small: Catalog) -> bytes:
    return render_docx(analysis_of(small, FIXTURE))


def test_the_submission_has_the_sections_of_a_consultation_package_in_order(submission: bytes) -> None:
    document = docx.Document(io.BytesIO(submission))
    assert top_headings(document) == SUBMISSION_SECTIONS


def test_the_submission_carries_no_tool_branding_digests_or_verification_state(submission: bytes) -> None:
    document = docx.Document(io.BytesIO(submission))
    margins = every_part(submission, "word/header") + every_part(submission, "word/footer")
    assert "exodossier" not in margins.lower() and "Page " in margins
    body = "\n".join(p.text for p in document.paragraphs) + "\n".join(
        c.text for t in document.tables for r in t.rows for c in r.cells)
    assert "SHA-256" not in body and "Verified" not in body and "Applicability trace" not in body
    assert "%" not in document.tables[0].rows[1].cells[1].text  # no readiness score on the cover


def test_the_submission_lists_only_open_gaps_in_its_category_tables(small: Catalog, submission: bytes) -> None:
    analysis = analysis_of(small, FIXTURE)
    document = docx.Document(io.BytesIO(submission))
    listed = {t.rows[i].cells[1].text for t in document.tables if t.rows[0].cells[0].text == "Prio."
              for i in range(1, len(t.rows))}
    assert listed == {r.id for r in analysis.actions}
    assert "EXO-RM-002" not in listed  # met: in the annex register only


def test_a_japanese_report_uses_the_message_catalog_and_japanese_dates(small: Catalog) -> None:
    report = render_docx(analysis_of(small, FIXTURE, "ja"))
    document = docx.Document(io.BytesIO(report))
    headings = top_headings(document)
    assert headings[:3] == ["文書管理", "要約", "製品及び製造工程"]
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    assert "2026年12月6日" in cells
    assert any(text.startswith("〔英語のみ〕") for text in cells)  # the fixture's English-only titles are marked
    assert 'w:lang w:val="ja-JP"' not in every_part(report, "word/document.xml")  # language set once, in styles


# --------------------------------------------------------------------------- the model case in LibreOffice


def pdf_pages(report: bytes, tmp_path: Path, name: str) -> tuple[int, str]:
    soffice = require_client("LibreOffice", "soffice", "libreoffice")
    pdfinfo = require_client("pdfinfo (poppler-utils)", "pdfinfo")
    pdffonts = require_client("pdffonts (poppler-utils)", "pdffonts")
    source = tmp_path / f"{name}.docx"
    source.write_bytes(report)
    result = subprocess.run([soffice, f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}", "--headless",
                             "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
                            capture_output=True, text=True, timeout=300)
    pdf = tmp_path / f"{name}.pdf"
    assert result.returncode == 0 and pdf.is_file(), result.stderr
    info = subprocess.run([pdfinfo, str(pdf)], capture_output=True, text=True, check=True).stdout
    fonts = subprocess.run([pdffonts, str(pdf)], capture_output=True, text=True, check=True).stdout
    pdftotext = require_client("pdftotext (poppler-utils)", "pdftotext")
    contents = subprocess.run([pdftotext, "-f", "3", "-l", "3", "-layout", str(pdf), "-"], capture_output=True,
                              text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1)), fonts + contents


@pytest.mark.parametrize("language", ["en", "ja"])
def test_the_model_case_submission_fits_the_page_budget(language: str, tmp_path: Path) -> None:
    catalog = load_valid_catalog(REPO / "requirements_catalog")
    analysis = analysis_of(catalog, REPO / "examples" / "model-case.yaml", language)
    pages, fonts_and_contents = pdf_pages(render_docx(analysis), tmp_path, f"submission-{language}")
    assert pages <= MAX_SUBMISSION_PAGES
    heading = "Executive summary" if language == "en" else "要約"
    assert re.search(rf"{heading}\.+ ?\d+", fonts_and_contents)  # the contents show page numbers
    fonts = fonts_and_contents
    if language == "ja":
        assert "NotoSansCJK" in fonts or "NotoSerifCJK" in fonts  # Japanese in a CJK font, not boxes


def _estimated_twips(word: str) -> float:
    """Width of a word in 8 pt bold: a CJK character is one em (160 twips), other characters about 0.62 em."""
    return sum(160 if ord(ch) >= 0x2E80 else 99 for ch in word)


@pytest.mark.parametrize("variant", list(Variant))
@pytest.mark.parametrize("language", ["en", "ja"])
def test_table_header_words_fit_their_columns(small: Catalog, language: str, variant: Variant) -> None:
    """No header cell has to break a word ("Expecte d"): each word fits the column between the cell margins."""
    document = docx.Document(io.BytesIO(render_docx(analysis_of(small, FIXTURE, language), variant=variant)))
    too_narrow = []
    for table in document.tables:
        for cell in table.rows[0].cells:
            declared = cell._tc.tcPr.find(qn("w:tcW"))
            if declared is None:  # the layout table that places the chart
                continue
            width = int(declared.get(qn("w:w")))
            words = re.split(r"[\s/（）()、]+", cell.text) if language == "en" else [cell.text.split("（")[0]]
            for word in filter(None, words):
                if _estimated_twips(word) > width - 2 * 85:
                    too_narrow.append((cell.text, word, width))
    assert too_narrow == []
