"""The Consultation section of the site: round pages, requirement links, the comment link and the form."""

from __future__ import annotations

import io
import shutil
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from openpyxl import load_workbook

from exodossier.catalog.checks import load_valid_catalog
from exodossier.graph.build import build_graph
from exodossier.site.pages.consultation import Consultation, github_repository, load_consultation
from exodossier.site.render import render_nav, render_pages, render_site_files
from tests.conftest import SMALL_CATALOG
from tests.site_project import build, make_project

ROUND = "id: 2027-1\ntitle: {en: the draft, ja: 案}\nrelease: 1.0.0\nstatus: closed\nopened: '2027-01-15'\n"
COMMENT = """\
id: {id}
requirement: {requirement}
organisation_type: academia
language: en
comment: {comment}
origin: {{kind: workbook, file: comments.xlsx, place: Comments!B7, fingerprint: '{fingerprint}'}}
disposition:
  decision: {decision}
  response: {{en: Done., ja: 対応しました。}}
"""
CHANGE = "  change: {requirements: [EXO-SF-001], release: 1.0.0}\n"


def write_round(folder: Path, status: str = "closed") -> Path:
    round_dir = folder / "consultation" / "2027-1"
    round_dir.mkdir(parents=True)
    (round_dir / "round.yaml").write_text(ROUND.replace("closed", status), encoding="utf-8")
    comments = [("C001", "EXO-SF-001", "Give the sample size <b>please</b>.", "accepted", CHANGE),
                ("C002", "EXO-RM-001", "Out of scope.", "noted", "")]
    for number, (cid, rid, text, decision, extra) in enumerate(comments, start=1):
        (round_dir / f"{cid}.yaml").write_text(COMMENT.format(id=cid, requirement=rid, comment=text,
                                                              fingerprint=f"{number:016x}", decision=decision)
                                               + extra, encoding="utf-8")
    return folder / "consultation"


@pytest.fixture
def catalog_with_release(tmp_path: Path) -> Path:
    """The small catalog with a release 1.0.0 that changed EXO-SF-001 (the change the comment names)."""
    target = tmp_path / "catalog"
    shutil.copytree(SMALL_CATALOG, target)
    (target / "releases").mkdir()
    (target / "releases" / "1.0.0.yaml").write_text(
        "version: 1.0.0\ndate: '2027-03-01'\nrequirements:\n  - {id: EXO-SF-001, kind: changed, fields: [statement]}\n",
        encoding="utf-8")
    return target


def _consultation(tmp_path: Path, catalog_dir: Path, repo_url: str | None, language: str = "en") -> Consultation:
    consultation, problems = load_consultation(write_round(tmp_path), load_valid_catalog(catalog_dir), repo_url,
                                               language)
    assert [d for d in problems if d.severity.value == "error"] == []
    return consultation


def test_a_closed_round_gets_a_page_and_requirements_link_to_the_comments_that_changed_them(
        tmp_path: Path, catalog_with_release: Path) -> None:
    catalog = load_valid_catalog(catalog_with_release)
    consultation = _consultation(tmp_path, catalog_with_release, "https://github.com/example/ev-guideline")
    pages = render_pages(catalog, build_graph(catalog), consultation)
    round_page = pages["catalog/consultation/2027-1.md"]
    assert "ご意見" not in round_page and "The committee&#39;s view" in round_page
    assert '<a href="../requirements/EXO-SF-001.md">EXO-SF-001 ' in round_page
    assert '<span id="c001"></span>C001' in round_page
    assert "<b>" not in round_page  # the comment's HTML is text
    assert '<a href="2027-1.md">2027-1</a>' in pages["catalog/consultation/index.md"]
    requirement = pages["catalog/requirements/EXO-SF-001.md"]
    assert "Comments that changed this requirement" in requirement
    assert '<a href="../consultation/2027-1.md#c001">2027-1 C001</a> (Accepted)' in requirement
    assert "Comments that changed" not in pages["catalog/requirements/EXO-RM-001.md"]  # noted, not a change
    assert {"Consultation": [{"Overview": "catalog/consultation/index.md"},
                             {"2027-1": "catalog/consultation/2027-1.md"}]} in render_nav(catalog, consultation)


def test_each_requirement_page_opens_the_prefilled_github_issue_form(tmp_path: Path,
                                                                      catalog_with_release: Path) -> None:
    catalog = load_valid_catalog(catalog_with_release)
    consultation = _consultation(tmp_path, catalog_with_release, "https://github.com/example/ev-guideline.git")
    page = render_pages(catalog, build_graph(catalog), consultation)["catalog/requirements/EXO-RM-002.md"]
    href = page.split('class="md-button" href="')[1].split('"')[0].replace("&amp;", "&")
    parts = urlsplit(href)
    assert (parts.netloc, parts.path) == ("github.com", "/example/ev-guideline/issues/new")
    assert parse_qs(parts.query) == {"template": ["comment.yml"], "requirement": ["EXO-RM-002"],
                                     "release": ["1.0.0"], "title": ["[Comment] EXO-RM-002"]}
    assert "Comment on this requirement</a>" in page


def test_no_comment_link_where_the_catalog_is_not_on_github(tmp_path: Path, catalog_with_release: Path) -> None:
    assert github_repository("https://gitlab.example/ev/guideline") is None
    assert github_repository("https://github.com/example") is None
    catalog = load_valid_catalog(catalog_with_release)
    consultation = _consultation(tmp_path, catalog_with_release, None)
    page = render_pages(catalog, build_graph(catalog), consultation)["catalog/requirements/EXO-RM-002.md"]
    assert "md-button" not in page


def test_open_rounds_are_not_published(tmp_path: Path, catalog_with_release: Path) -> None:
    catalog = load_valid_catalog(catalog_with_release)
    consultation, _ = load_consultation(write_round(tmp_path, status="open"), catalog, None)
    pages = render_pages(catalog, build_graph(catalog), consultation)
    assert not [path for path in pages if "consultation" in path]
    assert "Public consultation" not in pages["catalog/requirements/EXO-SF-001.md"]


def test_the_downloads_page_offers_the_comment_form(catalog_with_release: Path) -> None:
    catalog = load_valid_catalog(catalog_with_release)
    files = render_site_files(catalog, build_graph(catalog))
    assert '<a href="comment-form.xlsx">comment-form.xlsx</a>' in files["catalog/downloads.md"].decode("utf-8")
    sheet = load_workbook(io.BytesIO(files["catalog/comment-form.xlsx"]))["Comments"]
    assert sheet["B6"].value == "Requirement"


def test_strict_mkdocs_build_publishes_the_round_with_working_links(tmp_path: Path,
                                                                    catalog_with_release: Path) -> None:
    config = make_project(tmp_path / "project", catalog_with_release)
    write_round(tmp_path / "project")
    config.write_text(config.read_text(encoding="utf-8") + "repo_url: https://github.com/example/ev-guideline\n",
                      encoding="utf-8")
    result = build(config, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "site" / "catalog" / "consultation" / "2027-1" / "index.html").read_text(encoding="utf-8")
    assert 'id="c001"' in page and "Give the sample size &#60;b&#62;please&#60;/b&#62;." in page
    requirement = (tmp_path / "site" / "catalog" / "requirements" / "EXO-SF-001" / "index.html").read_text("utf-8")
    assert "../../consultation/2027-1/#c001" in requirement
    assert (tmp_path / "site" / "catalog" / "comment-form.xlsx").is_file()


def test_a_consultation_error_fails_the_build(tmp_path: Path, catalog_with_release: Path) -> None:
    config = make_project(tmp_path / "project", catalog_with_release)
    folder = write_round(tmp_path / "project")
    broken = folder / "2027-1" / "C002.yaml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("decision: noted", "decision: accepted"),
                      encoding="utf-8")
    result = build(config, tmp_path / "site")
    assert result.returncode != 0
    assert "C002 is accepted but names no change" in result.stderr


def test_the_japanese_edition_publishes_the_round_in_japanese(tmp_path: Path, catalog_with_release: Path) -> None:
    catalog = load_valid_catalog(catalog_with_release)
    consultation = _consultation(tmp_path, catalog_with_release, "https://github.com/example/ev-guideline", "ja")
    pages = render_pages(catalog, build_graph(catalog), consultation)
    round_page = pages["catalog/consultation/2027-1.md"]
    for heading in ("ご意見の概要", "ご意見に対する考え方", "修正内容", "<strong>採用</strong>", "対応しました。"):
        assert heading in round_page, heading
    requirement = pages["catalog/requirements/EXO-SF-001.md"]
    assert '<h2 id="consultation">意見募集</h2>' in requirement and "この要件に意見を提出する</a>" in requirement
    assert "（採用）" in requirement
    assert {"意見募集": [{"概要": "catalog/consultation/index.md"},
                      {"2027-1": "catalog/consultation/2027-1.md"}]} in render_nav(catalog, consultation)
    edition = render_pages(catalog, build_graph(catalog), consultation, language="ja")  # the Japanese edition
    assert "意見募集の意見提出様式" in edition["catalog/downloads.md"]
