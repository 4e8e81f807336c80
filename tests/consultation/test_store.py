"""The round folder: idempotent re-import, files the reader reads back, nothing written on errors."""

from __future__ import annotations

from pathlib import Path

from exodossier.consultation.store import load_round, to_yaml
from tests.consultation.conftest import cli, fill_form, issue, write_issues


def _import(*sources: Path, folder: Path, catalog: Path) -> str:
    result = cli("consultation", "import", *sources, "--round", "2027-1", "--consultation", folder, "--catalog", catalog)
    assert result.exit_code == 0, result.output
    return result.output


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_importing_the_same_workbook_twice_does_not_duplicate(tmp_path: Path, small_catalog: Path,
                                                              form_with_comments: Path) -> None:
    folder = tmp_path / "consultation"
    _import(form_with_comments, folder=folder, catalog=small_catalog)
    first = _snapshot(folder)
    output = _import(form_with_comments, folder=folder, catalog=small_catalog)
    assert "0 new comment(s) imported, 3 already present" in output
    assert _snapshot(folder) == first


def test_new_comments_are_numbered_after_the_existing_ones_and_decisions_are_kept(
        tmp_path: Path, small_catalog: Path, form_with_comments: Path) -> None:
    folder = tmp_path / "consultation"
    _import(form_with_comments, folder=folder, catalog=small_catalog)
    decided = folder / "2027-1" / "C001.yaml"
    decided.write_text(decided.read_text(encoding="utf-8") + "disposition:\n  decision: noted\n"
                       "  response:\n    en: Thank you.\n", encoding="utf-8")
    issues = write_issues(tmp_path / "issues.json", [issue(7, "EXO-SF-002", "A new comment.")])
    output = _import(form_with_comments, issues, folder=folder, catalog=small_catalog)
    assert "1 new comment(s) imported, 3 already present" in output
    data, problems = load_round(folder / "2027-1")
    assert problems == []
    assert [c.id for c in data.comments] == ["C001", "C002", "C003", "C004"]
    assert data.comments[0].disposition is not None and data.comments[3].origin.place == "#7"


def test_an_error_in_one_source_writes_nothing_from_any(tmp_path: Path, small_catalog: Path,
                                                        form_with_comments: Path) -> None:
    bad = write_issues(tmp_path / "issues.json", [issue(8, "EXO-SF-009", "Unknown id.")])
    result = cli("consultation", "import", form_with_comments, bad, "--round", "2027-1",
                 "--consultation", tmp_path / "c", "--catalog", small_catalog)
    assert result.exit_code == 1
    assert not (tmp_path / "c").exists()


def test_written_files_read_back_to_the_same_comments(tmp_path: Path, small_catalog: Path) -> None:
    text = "Line one: with a colon\n\n- not a list\n# not a comment\n'quoted' \"double\" & <b>tag</b>"
    path = fill_form(small_catalog, tmp_path / "c.xlsx", [["EXO-SF-001", "Other", text, "=1+1 as text", "English"]])
    folder = tmp_path / "consultation"
    _import(path, folder=folder, catalog=small_catalog)
    data, problems = load_round(folder / "2027-1")
    assert problems == []
    assert data.comments[0].comment == text
    assert data.comments[0].proposed_change == "=1+1 as text"
    assert to_yaml(data.comments[0]) in (folder / "2027-1" / "C001.yaml").read_text(encoding="utf-8")


def test_a_misplaced_comment_file_is_reported_at_its_id(tmp_path: Path, small_catalog: Path,
                                                        form_with_comments: Path) -> None:
    folder = tmp_path / "consultation"
    _import(form_with_comments, folder=folder, catalog=small_catalog)
    (folder / "2027-1" / "C001.yaml").rename(folder / "2027-1" / "C009.yaml")
    _data, problems = load_round(folder / "2027-1")
    assert [(Path(p.file).name, p.line, p.code) for p in problems] == [("C009.yaml", 2, "comment-file-name")]


def test_a_closed_round_takes_no_new_comments(tmp_path: Path, small_catalog: Path, form_with_comments: Path) -> None:
    folder = tmp_path / "consultation"
    _import(form_with_comments, folder=folder, catalog=small_catalog)
    round_file = folder / "2027-1" / "round.yaml"
    round_file.write_text(round_file.read_text(encoding="utf-8").replace("status: open", "status: closed"),
                          encoding="utf-8")
    before = _snapshot(folder)
    issues = write_issues(tmp_path / "issues.json", [issue(9, "EXO-SF-002", "Late comment.")])
    result = cli("consultation", "import", issues, "--round", "2027-1", "--consultation", folder,
                 "--catalog", small_catalog)
    assert result.exit_code == 1
    assert "round '2027-1' is closed, and 1 comment(s) would be new" in result.output
    assert _snapshot(folder) == before
    assert "0 new comment(s) imported" in _import(form_with_comments, folder=folder, catalog=small_catalog)
