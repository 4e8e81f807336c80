"""`exodossier guideline build`: writes the document, says what it left out, fails cleanly."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from exodossier.cli.main import main
from tests.conftest import SMALL_CATALOG
from tests.guideline.conftest import CHAPTERS, paragraphs


def _build(runner: CliRunner, *extra: str, output: Path) -> tuple[int, str]:
    result = runner.invoke(main, ["guideline", "build", "--catalog", str(SMALL_CATALOG), "--chapters", str(CHAPTERS),
                                  "-o", str(output), *extra])
    return result.exit_code, result.output


def test_build_writes_the_document_and_names_the_drafts_left_out(runner: CliRunner, tmp_path: Path) -> None:
    code, output = _build(runner, "--lang", "ja", "--edition", "summary", output=tmp_path / "g.docx")
    assert code == 0, output
    assert "left out 1 draft requirement(s)" in output and "EXO-SF-002" in output
    assert "要約版" in "".join(paragraphs((tmp_path / "g.docx").read_bytes()))


def test_the_status_option_is_printed_on_the_title_page(runner: CliRunner, tmp_path: Path) -> None:
    code, output = _build(runner, "--status", "public-comment", "--include-drafts", output=tmp_path / "g.docx")
    assert code == 0, output
    assert "left out" not in output
    texts = paragraphs((tmp_path / "g.docx").read_bytes())
    assert "Status: Draft for public comment" in texts


def test_an_unknown_language_is_a_usage_error(runner: CliRunner, tmp_path: Path) -> None:
    code, output = _build(runner, "--lang", "fr", output=tmp_path / "g.docx")
    assert code == 2
    assert not (tmp_path / "g.docx").exists()


def test_missing_chapters_are_reported_without_writing(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["guideline", "build", "--catalog", str(SMALL_CATALOG), "--chapters",
                                  str(tmp_path / "nowhere"), "-o", str(tmp_path / "g.docx")])
    assert result.exit_code == 1
    assert "chapter 'index' is missing" in result.output
    assert list(tmp_path.iterdir()) == []


def test_pdf_without_libreoffice_is_a_clear_error_and_writes_nothing(runner: CliRunner, tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    code, output = _build(runner, "--pdf", output=tmp_path / "g.docx")
    assert code == 1
    assert "LibreOffice, which is not installed" in output
    assert not (tmp_path / "g.docx").exists()
