"""What `validate` checks in a consultation folder: dispositions, changes, and the change in git."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from exodossier.catalog.checks import load_valid_catalog
from exodossier.consultation.checks import validate_consultation
from exodossier.errors import Diagnostic
from tests.conftest import SMALL_CATALOG
from tests.consultation.conftest import cli

ROUND = """\
id: 2027-1
title: {{en: Draft, ja: 案}}
release: 1.0.0
status: {status}
opened: '2027-01-15'
"""
COMMENT = """\
id: {id}
requirement: {requirement}
organisation_type: sponsor
language: en
comment: A comment.
origin:
  kind: workbook
  file: comments.xlsx
  place: Comments!B{row}
  fingerprint: {fingerprint}
"""


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True).stdout.strip()


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str]:
    """A git repository holding the small catalog, and two commits: one edits EXO-SF-001, one EXO-RM-001."""
    top = tmp_path_factory.mktemp("repo")
    shutil.copytree(SMALL_CATALOG, top / "catalog")
    _git(top, "init", "-q")
    _git(top, "-c", "user.name=t", "-c", "user.email=t@example.org", "add", ".")
    _git(top, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "catalog")
    commits = []
    for rid, folder in (("EXO-SF-001", "safety"), ("EXO-RM-001", "raw-materials")):
        path = top / "catalog" / "requirements" / folder / f"{rid}.yaml"
        path.write_text(path.read_text(encoding="utf-8") + "# edited after a comment\n", encoding="utf-8")
        _git(top, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qam", f"edit {rid}")
        commits.append(_git(top, "rev-parse", "HEAD"))
    return top, commits[0], commits[1]


def _round(root: Path, status: str, comments: dict[str, str]) -> Path:
    folder = root / "consultation" / "2027-1"
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    (folder / "round.yaml").write_text(ROUND.format(status=status), encoding="utf-8")
    for number, (requirement, extra) in enumerate(comments.items(), start=1):
        rid = requirement.split("#")[0]
        text = COMMENT.format(id=f"C{number:03d}", requirement=rid, row=number + 6, fingerprint=f"{number:016x}")
        (folder / f"C{number:03d}.yaml").write_text(text + extra, encoding="utf-8")
    return root / "consultation"


def _check(repo: tuple[Path, str, str], status: str, comments: dict[str, str]) -> list[Diagnostic]:
    top = repo[0]
    return validate_consultation(_round(top, status, comments), load_valid_catalog(top / "catalog"))


def _brief(diagnostics: list[Diagnostic]) -> list[tuple[str, int, int, str]]:
    return [(Path(d.file).name, d.line, d.column, d.code) for d in sorted(diagnostics)]


def accepted(commit: str, *ids: str) -> str:
    return ("disposition:\n  decision: accepted\n  response:\n    en: Changed.\n    ja: 修正しました。\n"
            f"  change:\n    requirements: [{', '.join(ids)}]\n    commit: {commit}\n")


def test_a_closed_round_needs_a_disposition_for_every_comment(repo: tuple[Path, str, str]) -> None:
    assert _brief(_check(repo, "closed", {"EXO-SF-001": ""})) == [("C001.yaml", 1, 1, "missing-disposition")]
    assert _check(repo, "open", {"EXO-SF-001": ""}) == []


def test_an_accepted_comment_names_a_change(repo: tuple[Path, str, str]) -> None:
    extra = "disposition:\n  decision: accepted\n  response:\n    en: Yes.\n    ja: はい。\n"
    assert _brief(_check(repo, "open", {"EXO-SF-001": extra})) == [("C001.yaml", 11, 1, "accepted-without-change")]


def test_a_closed_round_publishes_both_languages(repo: tuple[Path, str, str]) -> None:
    extra = "disposition:\n  decision: noted\n  response:\n    en: Thank you.\n"
    found = _check(repo, "closed", {"EXO-SF-001": extra})
    assert _brief(found) == [("C001.yaml", 13, 3, "response-language")]
    assert "no ja text" in found[0].message


def test_the_named_change_must_touch_the_named_requirements(repo: tuple[Path, str, str]) -> None:
    _, edits_sf, edits_rm = repo
    assert _check(repo, "closed", {"EXO-SF-001": accepted(edits_sf, "EXO-SF-001")}) == []
    assert _check(repo, "closed", {"EXO-SF-001": accepted(edits_sf[:7], "EXO-SF-001")}) == []
    found = _check(repo, "closed", {"EXO-SF-001": accepted(edits_rm, "EXO-SF-001", "EXO-RM-001")})
    assert _brief(found) == [("C001.yaml", 18, 5, "change-does-not-touch")]
    assert found[0].message == f"commit {edits_rm} does not change EXO-SF-001"


def test_the_named_requirements_exist(repo: tuple[Path, str, str]) -> None:
    found = _check(repo, "closed", {"EXO-SF-001": accepted(repo[1], "EXO-SF-001", "EXO-SF-011")})
    assert _brief(found) == [("C001.yaml", 17, 32, "unknown-requirement")]
    assert found[0].hint == "did you mean 'EXO-SF-001'?"


def test_an_unknown_commit_is_an_error(repo: tuple[Path, str, str]) -> None:
    found = _check(repo, "closed", {"EXO-SF-001": accepted("deadbeefdeadbeef", "EXO-SF-001")})
    assert _brief(found) == [("C001.yaml", 18, 5, "unknown-commit")]


def test_a_release_change_must_list_the_requirements(repo: tuple[Path, str, str]) -> None:
    extra = accepted("x", "EXO-SF-001").replace("commit: x", "release: 9.9")
    found = _check(repo, "closed", {"EXO-SF-001": extra})
    assert _brief(found) == [("C001.yaml", 18, 5, "unknown-release")]


def test_a_comment_on_an_unknown_requirement_is_reported(repo: tuple[Path, str, str]) -> None:
    found = _check(repo, "open", {"EXO-SF-003": ""})
    assert _brief(found) == [("C001.yaml", 2, 1, "unknown-requirement")]


def test_schema_errors_in_a_comment_file_have_their_line(repo: tuple[Path, str, str]) -> None:
    extra = "disposition:\n  decision: acepted\n  response:\n    en: Yes.\n"
    found = _check(repo, "open", {"EXO-SF-001": extra})
    assert _brief(found) == [("C001.yaml", 12, 3, "schema-enum")]
    assert found[0].hint == "did you mean 'accepted'?"


def test_not_accepted_with_a_change_and_partly_accepted_without_one_are_warnings(
        repo: tuple[Path, str, str]) -> None:
    partly = "disposition:\n  decision: partly_accepted\n  response:\n    en: Partly.\n"
    refused = accepted(repo[1], "EXO-SF-001").replace("decision: accepted", "decision: not_accepted")
    found = _check(repo, "open", {"EXO-SF-001": partly, "EXO-SF-002": refused})
    assert [(d.code, d.severity.value) for d in sorted(found)] == [
        ("partly-accepted-without-change", "warning"), ("change-without-acceptance", "warning")]


def test_validate_reports_consultation_problems_with_file_line_and_column(repo: tuple[Path, str, str]) -> None:
    top = repo[0]
    folder = _round(top, "closed", {"EXO-SF-001": ""})
    result = cli("validate", "--catalog", top / "catalog", "--consultation", folder)
    assert result.exit_code == 1
    assert "2027-1/C001.yaml:1:1: error: C001 has no disposition, and the round is closed" in result.output


def test_a_round_folder_without_round_yaml_is_reported(repo: tuple[Path, str, str]) -> None:
    top = repo[0]
    folder = _round(top, "open", {})
    (folder / "2027-2").mkdir()
    found = validate_consultation(folder, load_valid_catalog(top / "catalog"))
    assert [d.code for d in found] == ["missing-round-file"]
