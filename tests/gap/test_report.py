"""The Word report: read back with python-docx, converted by LibreOffice, and reproducible to the byte."""

from __future__ import annotations

import datetime as dt
import io
import re
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from exodossier.catalog.loader import Catalog
from exodossier.catalog.checks import load_valid_catalog
from exodossier.gap.analysis import GapAnalysis, analyse
from exodossier.gap.profile import LoadedProfile, Profile, load_profile
from exodossier.gap.report import Variant, gap_cells, render_docx
from exodossier.gap.scoring import methodology_text
from exodossier.catalog.yaml_reader import Located
from tests.conftest import FIXTURES, SMALL_CATALOG, require_client

FIXTURE = FIXTURES / "profiles" / "small-inhaled.yaml"
WHEN = dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.timezone.utc)
GAP_HEADERS = ["ID", "Requirement", "Level now / next", "Status", "Evidence", "Gap", "Recommended action", "Crit.",
               "CTD", "Sources"]
SECTIONS = ["Document control", "Executive summary", "Product and process", "Regulatory classification",
            "Methodology", "Readiness overview", "Gap analysis by category", "CTD mapping", "Roadmap to the next stage",
            "Action plan", "Consultation questions", "Profile warnings", "Justifications for requirements not applicable",
            "Abbreviations", "References", "Assessment register", "Applicability trace", "Product profile snapshot",
            "Disclaimer"]


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_valid_catalog(SMALL_CATALOG)


@pytest.fixture(scope="module")
def analysis(catalog: Catalog) -> GapAnalysis:
    loaded, _ = load_profile(FIXTURE, catalog)
    return analyse(catalog, loaded, WHEN)


@pytest.fixture(scope="module")
def report(analysis: GapAnalysis) -> bytes:
    """The internal variant: the full audit, every table."""
    return render_docx(analysis, variant=Variant.INTERNAL)


@pytest.fixture(scope="module")
def document(report: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(report))


def part(report: bytes, name: str) -> str:
    return zipfile.ZipFile(io.BytesIO(report)).read(name).decode("utf-8")


def tables_by_caption(document: docx.document.Document) -> dict[str, docx.table.Table]:
    """Each top-level table keyed by the caption paragraph just before it (without 'Table N: ')."""
    found: dict[str, docx.table.Table] = {}
    caption = ""
    for block in document.iter_inner_content():
        if isinstance(block, docx.text.paragraph.Paragraph):
            if block.style.name == "Caption":
                caption = re.sub(r"^(Table |表 ?)\d+: ", "", block.text)
        elif caption:
            found[caption] = block
            caption = ""
    return found


def cell_text(value: str | list[str]) -> str:
    return "\n".join(value) if isinstance(value, list) else value


def headings_of(document: docx.document.Document, level: str = "") -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name.startswith((f"Heading {level}".strip(), "Appendix"))
            and p.style.name != "Heading 2" * (level == "1")]


def test_the_internal_variant_keeps_every_section_of_the_audit(document: docx.document.Document) -> None:
    headings = headings_of(document)
    for section in SECTIONS:
        assert section in headings
    assert document.paragraphs[3].text == "Quality gap analysis: internal audit"


def test_headings_are_numbered_by_styles(report: bytes) -> None:
    styles = part(report, "word/styles.xml")
    heading = re.search(r'<w:style [^>]*w:styleId="Heading1".*?</w:style>', styles, re.S).group(0)
    assert '<w:numId w:val="101"/>' in heading
    assert 'w:lvlText w:val="Annex %1"' in part(report, "word/numbering.xml")


def test_contents_list_every_heading_with_a_computed_page_reference(report: bytes,
                                                                      document: docx.document.Document) -> None:
    body = part(report, "word/document.xml")
    assert "> TOC " not in body  # LibreOffice would print a TOC field's cached text, without page numbers
    entries = [p.text for p in document.paragraphs if p.style.name == "toc 1"]
    assert "1\tExecutive summary\t" in entries and "Annex A\tAssessment register\t" in entries
    assert "PAGEREF _Toc" in body  # page numbers that LibreOffice and Word compute on layout
    assert "updateFields" not in part(report, "word/settings.xml")  # no "update fields?" prompt on opening
    assert "Update All" not in "\n".join(p.text for p in document.paragraphs)


def test_gap_tables_rows_equal_the_gap_data(analysis: GapAnalysis, document: docx.document.Document) -> None:
    tables = tables_by_caption(document)
    for result in analysis.categories:
        table = tables[f"Gap analysis: {result.category.title.en}"]
        rows = [[c.text for c in row.cells] for row in table.rows]
        assert rows[0] == GAP_HEADERS
        assert rows[1:] == [[cell_text(v) for v in gap_cells(r)] for r in result.rows]


def test_action_plan_and_register_tables_match_the_analysis(analysis: GapAnalysis,
                                                            document: docx.document.Document) -> None:
    tables = tables_by_caption(document)
    plan = [[c.text for c in row.cells][:2] for row in tables["Action plan by priority"].rows[1:]]
    assert plan == [[r.priority.value, r.id] for r in analysis.actions]
    register = [row.cells[0].text for row in tables["Requirement register"].rows[1:]]
    assert register == [r.id for r in analysis.register]


def test_methodology_is_printed_verbatim(document: docx.document.Document) -> None:
    texts = {p.text for p in document.paragraphs}
    for line in methodology_text():
        assert line in texts


def test_document_control_names_versions_and_digests(analysis: GapAnalysis, document: docx.document.Document) -> None:
    control = {row.cells[0].text: row.cells[1].text
               for row in tables_by_caption(document)["Document identification"].rows[1:]}
    assert control["Catalog content SHA-256"] == analysis.catalog.content_sha256
    assert control["Profile SHA-256"] == analysis.loaded.sha256
    assert control["Generated"] == "2026-01-02 (UTC), by exodossier 0.1.0"
    assert control["Requirements assessed against"] == "Small fixture catalog, version 1.0.0 (2026-01-15)"
    assert control["Date"] == "2 January 2026"


def test_pages_are_a4_with_landscape_sections_for_wide_tables(document: docx.document.Document) -> None:
    sizes = {(round(s.page_width.mm), round(s.page_height.mm)) for s in document.sections}
    assert sizes == {(210, 297), (297, 210)}


def test_header_and_footer_carry_identity_and_page_x_of_y(report: bytes, document: docx.document.Document) -> None:
    header = document.sections[1].header.paragraphs[0].text
    assert header == "FX-001: Quality gap analysis\tFX-GAP-001\tConfidential"
    footers = [name for name in zipfile.ZipFile(io.BytesIO(report)).namelist() if name.startswith("word/footer")]
    footer = part(report, footers[-1])
    assert "> PAGE <" in footer and "> NUMPAGES <" in footer and "Page " in footer and " of " in footer


def test_every_data_table_repeats_its_header_row(document: docx.document.Document) -> None:
    tables = list(tables_by_caption(document).values())
    assert len(tables) >= 12
    for table in tables:
        assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None


def test_captions_are_numbered_by_seq_fields(report: bytes) -> None:
    body = part(report, "word/document.xml")
    assert body.count("SEQ Table \\* ARABIC") >= 12 and body.count("SEQ Figure \\* ARABIC") == 1


def test_chart_is_a_native_word_chart_of_category_names_at_the_current_stage(analysis: GapAnalysis,
                                                                             report: bytes) -> None:
    names = zipfile.ZipFile(io.BytesIO(report)).namelist()
    assert not [n for n in names if n.startswith("word/media/")]  # no picture: text in the document's fonts
    chart = part(report, "word/charts/chart1.xml")
    labels = re.findall(r"<c:cat>.*?</c:cat>", chart, re.S)[0]
    shown = [c for c in analysis.categories if c.rows]
    assert re.findall(r"<c:v>([^<]*)</c:v>", labels) == [c.category.title.en for c in shown][::-1]
    assert chart.count("<c:ser>") == 1 and "<c:tx><c:v>Phase 1" in chart  # the current stage only
    assert "chart+xml" in part(report, "[Content_Types].xml")


def test_japanese_text_has_an_east_asian_font_word_has(report: bytes) -> None:
    defaults = re.search(r"<w:docDefaults>.*?</w:docDefaults>", part(report, "word/styles.xml"), re.S).group(0)
    assert 'w:eastAsia="游ゴシック"' in defaults and 'w:eastAsia="ja-JP"' in defaults
    fonts = part(report, "word/fontTable.xml")
    assert '<w:altName w:val="Yu Gothic"/>' in fonts and '<w:altName w:val="MS Gothic"/>' in fonts


def test_core_properties_are_fixed_and_leftovers_removed(report: bytes, document: docx.document.Document) -> None:
    properties = document.core_properties
    assert properties.created == properties.modified == WHEN
    assert properties.author == "A. Author" and properties.revision == 1
    names = zipfile.ZipFile(io.BytesIO(report)).namelist()
    assert "docProps/thumbnail.jpeg" not in names and "word/stylesWithEffects.xml" not in names


def test_same_inputs_give_identical_bytes(analysis: GapAnalysis, report: bytes) -> None:
    again = render_docx(analysis, variant=Variant.INTERNAL)
    assert again == report
    stamps = {info.date_time for info in zipfile.ZipFile(io.BytesIO(report)).infolist()}
    assert stamps == {(2026, 1, 2, 3, 4, 4)}  # zip stores even seconds


def test_xml_invalid_characters_from_input_do_not_corrupt_the_file(analysis: GapAnalysis) -> None:
    data = analysis.loaded.profile.model_dump(mode="json", exclude_none=True)
    data["product"]["name"] = {"en": "Bad\x01na\x0cme"}  # pydantic itself refuses lone surrogates
    data["assessments"]["EXO-RM-001"]["comment"] = {"en": "vertical\x0btab \ufffe"}
    profile = Profile.model_validate(data)
    loaded = LoadedProfile(profile, Located("bad.yaml", data), "text\x00with\x1fcontrols\ud800\n", "0" * 64)
    bad = analyse(analysis.catalog, loaded, WHEN)
    document = docx.Document(io.BytesIO(render_docx(bad, variant=Variant.INTERNAL)))
    texts = "\n".join(p.text for p in document.paragraphs)
    assert "Bad\ufffdna\ufffdme" in texts and "text\ufffdwith\ufffdcontrols\ufffd" in texts


def test_libreoffice_converts_to_pdf_with_the_expected_page_count(report: bytes, tmp_path: Path) -> None:
    soffice = require_client("LibreOffice", "soffice", "libreoffice")
    pdfinfo = require_client("pdfinfo (poppler-utils)", "pdfinfo")
    source = tmp_path / "report.docx"
    source.write_bytes(report)
    profile_dir = tmp_path / "lo-profile"
    result = subprocess.run([soffice, f"-env:UserInstallation={profile_dir.as_uri()}", "--headless",
                             "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
                            capture_output=True, text=True, timeout=180)
    pdf = tmp_path / "report.pdf"
    assert result.returncode == 0 and pdf.is_file(), result.stderr
    info = subprocess.run([pdfinfo, str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    assert 8 <= pages <= 30  # 4 requirements: cover, control, contents, ~10 body pages, appendices
