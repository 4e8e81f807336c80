"""The published responses: the MHLW table layout, both languages, byte-identical, escaped."""

from __future__ import annotations

import io
from html import unescape
import os
import re
import subprocess
import sys
from pathlib import Path

import docx
import pytest

from tests.conftest import REPO
from tests.consultation.conftest import cli, fill_form

EXAMPLE = REPO / "examples" / "consultation"
HOSTILE = "<script>alert(1)</script> [link](javascript:alert(1)) | pipe **bold**"


@pytest.fixture
def decided_round(tmp_path: Path, small_catalog: Path) -> Path:
    """A closed round of two comments, one of them hostile, both decided."""
    rows = [["EXO-SF-001", "Regulatory authority", HOSTILE, None, "English"],
            ["general", "Sponsor or marketing authorisation holder", "全般的な意見。", None, "日本語"]]
    folder = tmp_path / "consultation"
    cli("consultation", "import", fill_form(small_catalog, tmp_path / "c.xlsx", rows), "--round", "2027-1",
        "--consultation", folder, "--catalog", small_catalog)
    for name, decision in (("C001", "not_accepted"), ("C002", "noted")):
        path = folder / "2027-1" / f"{name}.yaml"
        path.write_text(path.read_text(encoding="utf-8") + f"disposition:\n  decision: {decision}\n  response:\n"
                        "    en: Kept as drafted.\n    ja: 原案のとおりとします。\n", encoding="utf-8")
    round_file = folder / "2027-1" / "round.yaml"
    text = re.sub(r"opened: .*", "opened: '2027-01-15'", round_file.read_text(encoding="utf-8"))
    round_file.write_text(text.replace("status: open", "status: closed") + "closes: '2027-02-14'\n", encoding="utf-8")
    return folder


def _report(folder: Path, catalog: Path, *args: str | Path) -> str:
    result = cli("consultation", "report", "--round", "2027-1", "--consultation", folder, "--catalog", catalog, *args)
    assert result.exit_code == 0, result.output
    return result.output


def _docx_text(path: Path) -> str:
    document = docx.Document(io.BytesIO(path.read_bytes()))
    texts = [p.text for p in document.paragraphs]
    texts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(texts)


def test_japanese_report_has_the_mhlw_columns_grouped_by_section(decided_round: Path, small_catalog: Path,
                                                                 tmp_path: Path) -> None:
    _report(decided_round, small_catalog, "--lang", "ja", "-o", tmp_path / "r.docx")
    text = _docx_text(tmp_path / "r.docx")
    for heading in ("No.", "該当箇所", "ご意見の概要", "ご意見に対する考え方", "修正内容", "【不採用】", "【参考意見／対象外】",
                    "ガイドライン全般（1件）", "安全性（1件）", "2027年1月15日から2027年2月14日まで", "原案のとおりとします。"):
        assert heading in text, heading
    assert text.index("ガイドライン全般（1件）") < text.index("安全性（1件）")


def test_reports_are_byte_identical_for_the_same_round(decided_round: Path, small_catalog: Path,
                                                       tmp_path: Path) -> None:
    for language in ("en", "ja"):
        for suffix in ("docx", "md"):
            first, second = tmp_path / f"a.{language}.{suffix}", tmp_path / f"b.{language}.{suffix}"
            _report(decided_round, small_catalog, "--lang", language, "-o", first)
            _report(decided_round, small_catalog, "--lang", language, "-o", second)
            assert first.read_bytes() == second.read_bytes(), f"{language} {suffix}"


def test_markdown_shows_hostile_comments_as_typed_and_never_as_markup(decided_round: Path,
                                                                      small_catalog: Path) -> None:
    import markdown

    text = _report(decided_round, small_catalog, "--comments", "verbatim")
    html = markdown.markdown(text, extensions=["tables"])
    assert "<script>" not in html and "javascript:" not in html.replace("javascript&#58;", "")
    assert "<strong>bold</strong>" not in html
    assert "&lt;script&gt;" in html or "&#60;script&#62;" in html
    assert html.count("<tr>") == 6 + 3 + 2 * 2  # decisions (with total), organisations, two sections of one row


def test_an_open_round_reports_as_a_draft_with_pending_rows(tmp_path: Path, small_catalog: Path,
                                                           form_with_comments: Path) -> None:
    folder = tmp_path / "consultation"
    cli("consultation", "import", form_with_comments, "--round", "2027-1", "--consultation", folder,
        "--catalog", small_catalog)
    import markdown

    html = markdown.markdown(_report(folder, small_catalog), extensions=["tables"])
    assert "<em>Draft: the round is still open and some decisions may change.</em>" in unescape(html)
    assert html.count("<strong>Pending</strong>") == 3


def test_the_word_report_needs_an_output_file(decided_round: Path, small_catalog: Path) -> None:
    result = cli("consultation", "report", "--round", "2027-1", "--consultation", decided_round,
                 "--catalog", small_catalog, "--format", "docx")
    assert result.exit_code == 2 and "needs an output file" in result.output


def test_the_example_round_reports_are_reproducible_and_match_the_committed_ones(tmp_path: Path) -> None:
    """`make run` regenerates the example's responses; two runs give the same bytes, and the committed
    Markdown has the same rows (its requirement titles follow the catalog, so only the rows are compared)."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1772668800", "PYTHONPATH": str(REPO)}
    for language in ("en", "ja"):
        for suffix in ("docx", "md"):
            made = []
            for attempt in ("a", "b"):
                target = tmp_path / f"{attempt}-responses-{language}.{suffix}"
                subprocess.run([sys.executable, "-m", "exodossier", "consultation", "report", "--round", "2027-1",
                                "--consultation", str(EXAMPLE), "--lang", language, "-o", str(target)],
                               cwd=REPO, env=env, check=True, capture_output=True)
                made.append(target.read_bytes())
            assert made[0] == made[1], f"{language} {suffix}"
            assert (EXAMPLE / f"responses-{language}.{suffix}").is_file()
        rows = [re.findall(r'<span id="(c\d+)"></span>.*?\| \*\*(.+?)\*\*', text) for text in
                (made[1].decode("utf-8"), (EXAMPLE / f"responses-{language}.md").read_text(encoding="utf-8"))]
        assert rows[0] == rows[1] and len(rows[0]) == 15
