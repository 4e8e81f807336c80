"""Importing comments: the form and GitHub issues, every problem named by its cell or issue."""

from __future__ import annotations

from pathlib import Path

import yaml
from openpyxl import load_workbook

from tests.consultation.conftest import GOOD_ROWS, HEADER_ROW, cli, fill_form, issue, write_issues


def _import(source: Path, folder: Path, catalog: Path, *extra: str) -> tuple[int, str]:
    result = cli("consultation", "import", source, "--round", "2027-1", "--consultation", folder,
                 "--catalog", catalog, *extra)
    return result.exit_code, result.output


def _stored(folder: Path) -> list[dict[str, object]]:
    return [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((folder / "2027-1").glob("C*.yaml"))]


def test_workbook_comments_become_one_yaml_file_each(tmp_path: Path, small_catalog: Path,
                                                     form_with_comments: Path) -> None:
    code, output = _import(form_with_comments, tmp_path / "consultation", small_catalog)
    assert code == 0, output
    stored = _stored(tmp_path / "consultation")
    assert [(c["id"], c["requirement"], c["organisation_type"], c["language"]) for c in stored] == [
        ("C001", "EXO-SF-001", "sponsor", "en"), ("C002", "EXO-RM-001", "academia", "ja"),
        ("C003", "general", "individual", "en")]
    assert stored[0]["proposed_change"] == "Add the sample size."
    assert stored[1]["comment"] == "細胞齢の上限の根拠を示してほしい。"
    assert stored[0]["origin"]["place"] == f"Comments!B{HEADER_ROW + 1}"
    assert (tmp_path / "consultation" / "2027-1" / "round.yaml").is_file()


def test_names_and_emails_are_dropped_unless_kept(tmp_path: Path, small_catalog: Path,
                                                  form_with_comments: Path) -> None:
    _import(form_with_comments, tmp_path / "dropped", small_catalog)
    text = (tmp_path / "dropped" / "2027-1" / "C003.yaml").read_text(encoding="utf-8")
    assert "Ann Example" not in text and "ann@example.org" not in text
    _import(form_with_comments, tmp_path / "kept", small_catalog, "--keep-contact")
    kept = _stored(tmp_path / "kept")[2]
    assert kept["contact"] == {"name": "Ann Example", "email": "ann@example.org"}


def test_japanese_form_reads_back(tmp_path: Path, small_catalog: Path) -> None:
    path = fill_form(small_catalog, tmp_path / "ja.xlsx",
                     [["EXO-SF-002", "大学・研究機関", "無菌試験の検体数を示してほしい。", None, "日本語"]], language="ja")
    code, output = _import(path, tmp_path / "c", small_catalog)
    assert code == 0, output
    assert _stored(tmp_path / "c")[0]["organisation_type"] == "academia"


def test_unknown_id_is_reported_at_its_cell_with_a_did_you_mean_in_its_category(tmp_path: Path,
                                                                                small_catalog: Path) -> None:
    rows = [["EXO-SF-1", "Individual", "Text.", None, "English"],
            ["EXO-SF-0002", "Individual", "Other text.", None, "English"],
            ["EXO-XX-1", "Individual", "More text.", None, "English"]]
    path = fill_form(small_catalog, tmp_path / "comments.xlsx", rows)
    code, output = _import(path, tmp_path / "c", small_catalog)
    assert code == 1
    assert f"comments.xlsx:Comments!B{HEADER_ROW + 1}: error: unknown requirement 'EXO-SF-1'" in output
    assert "did you mean 'EXO-SF-001'?" in output
    assert f"comments.xlsx:Comments!B{HEADER_ROW + 2}: error: unknown requirement 'EXO-SF-0002'" in output
    assert "did you mean 'EXO-SF-002'?" in output
    assert "unknown requirement 'EXO-XX-1'" in output and "the categories are RM, SF" in output
    assert "EXO-RM" not in output.split("EXO-SF-0002")[1].split("\n")[2]  # no suggestion from another category
    assert not (tmp_path / "c").exists()


def test_empty_comment_unknown_choices_and_duplicates_are_reported_and_nothing_is_written(
        tmp_path: Path, small_catalog: Path) -> None:
    rows = [["EXO-SF-001", "Individual", None, "Only a proposal.", "English"],
            ["EXO-SF-001", "Astronaut", "Same text.", None, "Klingon"],
            ["EXO-SF-001", "Individual", "Same text.", None, "English"]]
    path = fill_form(small_catalog, tmp_path / "comments.xlsx", rows)
    code, output = _import(path, tmp_path / "c", small_catalog)
    assert code == 1
    assert f"Comments!D{HEADER_ROW + 1}: error: the comment is empty" in output
    assert f"Comments!C{HEADER_ROW + 2}: error: unknown organisation type 'Astronaut'" in output
    assert f"Comments!F{HEADER_ROW + 2}: error: unknown language 'Klingon'" in output
    assert f"Comments!D{HEADER_ROW + 3}: error: this comment repeats the one at Comments!B{HEADER_ROW + 2}" in output
    assert not (tmp_path / "c").exists()


def test_formula_merged_and_32k_cells_are_hostile_and_refused(tmp_path: Path, small_catalog: Path,
                                                               form_with_comments: Path) -> None:
    book = load_workbook(form_with_comments)
    sheet = book["Comments"]
    sheet[f"D{HEADER_ROW + 1}"] = '=HYPERLINK("http://evil.example","click")'
    sheet[f"D{HEADER_ROW + 2}"] = "x" * 32_000
    sheet.merge_cells(f"E{HEADER_ROW + 3}:F{HEADER_ROW + 3}")
    book.save(form_with_comments)
    code, output = _import(form_with_comments, tmp_path / "c", small_catalog)
    assert code == 1
    assert f"Comments!D{HEADER_ROW + 1}: error: the cell holds a formula" in output
    assert f"Comments!D{HEADER_ROW + 2}: error: the cell holds 32,000 characters" in output
    assert f"Comments!E{HEADER_ROW + 3}: error: the cell is part of merged cells" in output
    assert "Traceback" not in output
    assert not (tmp_path / "c").exists()


def test_github_issues_from_the_comment_form_are_imported_and_others_skipped(tmp_path: Path,
                                                                            small_catalog: Path) -> None:
    issues = [issue(12, "EXO-RM-002", "Explain the donor pooling limit.", proposed="Add a limit."),
              issue(13, "general", "日本語版を公開してほしい。", organisation="業界団体", language="日本語"),
              {"number": 14, "title": "Site typo", "body": "typo", "labels": [{"name": "bug"}],
               "author": {"login": "x"}, "createdAt": "2027-01-21T00:00:00Z"}]
    code, output = _import(write_issues(tmp_path / "issues.json", issues), tmp_path / "c", small_catalog)
    assert code == 0, output
    stored = _stored(tmp_path / "c")
    assert [(c["requirement"], c["organisation_type"], c["origin"]["place"]) for c in stored] == [
        ("EXO-RM-002", "sponsor", "#12"), ("general", "industry_association", "#13")]
    assert stored[0]["proposed_change"] == "Add a limit." and "proposed_change" not in stored[1]
    assert stored[0]["submitted"] == "2027-01-20"
    assert "someone" not in (tmp_path / "c" / "2027-1" / "C001.yaml").read_text(encoding="utf-8")


def test_issue_problems_name_the_issue(tmp_path: Path, small_catalog: Path) -> None:
    issues = [issue(20, "EXO-RM-9", "Text."), {"number": 21, "title": "t", "body": "free text",
                                               "labels": [{"name": "consultation"}]}, ["not an issue"]]
    code, output = _import(write_issues(tmp_path / "issues.json", issues), tmp_path / "c", small_catalog)
    assert code == 1
    assert "issues.json:#20: error: unknown requirement 'EXO-RM-9'" in output
    assert "did you mean 'EXO-RM-00" in output  # a suggestion from the same category
    assert "issues.json:#21: error: the issue is labelled 'consultation' but was not written with the comment form" \
        in output
    assert "issues.json:[2]: error: the entry is not an issue with a number" in output


def test_broken_json_is_reported_with_its_line_and_column(tmp_path: Path, small_catalog: Path) -> None:
    path = tmp_path / "issues.json"
    path.write_text('[\n  {"number": 1,\n  }\n]', encoding="utf-8")
    code, output = _import(path, tmp_path / "c", small_catalog)
    assert code == 1
    assert "issues.json:3:3: error: invalid JSON" in output


def test_other_file_kinds_are_a_usage_error(tmp_path: Path, small_catalog: Path) -> None:
    path = tmp_path / "comments.csv"
    path.write_text("a,b\n", encoding="utf-8")
    code, output = _import(path, tmp_path / "c", small_catalog)
    assert code == 2 and "cannot import a '.csv' file" in output


def test_rows_of_the_good_form_are_the_fixture_rows() -> None:
    assert len(GOOD_ROWS) == 3


def test_the_issue_form_template_and_the_importer_agree() -> None:
    """The site's 'Comment on this requirement' link opens this form; the import must read what it writes."""
    from exodossier.consultation.importer import ISSUE_FIELDS
    from exodossier.consultation.labels import language_from_text, organisation_from_text
    from tests.conftest import REPO

    template = yaml.safe_load((REPO / ".github" / "ISSUE_TEMPLATE" / "comment.yml").read_text(encoding="utf-8"))
    fields = {item["id"]: item["attributes"] for item in template["body"] if "id" in item}
    assert {key: value["label"] for key, value in fields.items()} == ISSUE_FIELDS
    assert "consultation" in template["labels"]
    assert all(organisation_from_text(option) for option in fields["organisation_type"]["options"])
    assert len({organisation_from_text(option) for option in fields["organisation_type"]["options"]}) == 8
    assert all(language_from_text(option) for option in fields["language"]["options"])
