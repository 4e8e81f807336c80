"""diff and release cut over history a user can really have: a revision whose file does not parse,
a file name that is not UTF-8, a catalog outside the repository; and what diff shows of a change.

Each runs the real CLI in its own process and asserts the exit code, no traceback, the place
named, and that the work tree is as it was.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO, SMALL_CATALOG

SF2 = "requirements_catalog/requirements/safety/EXO-SF-002.yaml"


def git(repo: Path, *args: str) -> str:
    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@x", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@x",
           "HOME": str(repo), "PATH": "/usr/bin:/bin:/usr/local/bin"}
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True, env=env).stdout


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(SMALL_CATALOG, root / "requirements_catalog")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", ".")
    git(root, "commit", "-qm", "first")
    return root


def cli(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1767225600", "PYTHONPATH": str(REPO)}
    return subprocess.run([sys.executable, "-m", "exodossier", *args], cwd=repo, env=env, capture_output=True,
                          text=True, encoding="utf-8", errors="replace", timeout=300)


def snapshot(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in folder.rglob("*") if p.is_file() and ".git" not in p.parts}


def test_diff_names_the_file_that_does_not_parse_at_that_revision(repo: Path) -> None:
    path = repo / SF2
    good = path.read_text(encoding="utf-8")
    path.write_text(good + "title: [unclosed\n", encoding="utf-8")
    git(repo, "commit", "-qam", "broken")
    path.write_text(good, encoding="utf-8")
    git(repo, "commit", "-qam", "fixed")
    result = cli(repo, "diff", "HEAD~1", "HEAD")
    assert "Traceback" not in result.stderr
    assert result.returncode == 1, "a requirement that did not parse must not read as 'added'"
    assert "HEAD~1:requirements/safety/EXO-SF-002.yaml:" in result.stderr
    assert "added" not in result.stdout


def test_release_cut_refuses_a_previous_release_that_does_not_parse(repo: Path) -> None:
    assert cli(repo, "release", "cut", "1.0.0", "--date", "2026-01-15").returncode == 0
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "release 1.0.0")
    git(repo, "tag", "v1.0.0")
    path = repo / SF2
    good = path.read_text(encoding="utf-8")
    path.write_text(good + "title: [unclosed\n", encoding="utf-8")
    git(repo, "commit", "-qam", "broken")
    git(repo, "tag", "-f", "v1.0.0")  # the tag now names a commit whose file does not parse
    path.write_text(good, encoding="utf-8")
    before = snapshot(repo)
    result = cli(repo, "release", "cut", "1.1.0", "--date", "2026-03-01")
    assert "Traceback" not in result.stderr
    assert result.returncode == 1
    assert "v1.0.0:requirements/safety/EXO-SF-002.yaml:" in result.stderr
    assert snapshot(repo) == before


def test_a_file_name_that_is_not_utf8_in_history_is_named(repo: Path) -> None:
    folder = repo / "requirements_catalog" / "sources"
    shutil.copyfile(folder / "SRC-NEW.yaml", os.fsdecode(os.fsencode(str(folder)) + b"/SRC-\xe9.yaml"))
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "latin-1 name")
    result = cli(repo, "diff", "HEAD~1", "HEAD")
    assert "Traceback" not in result.stderr
    assert result.returncode == 1
    assert "HEAD:requirements_catalog/sources/SRC-\ufffd.yaml: error: this file name in the repository's history " \
           "is not UTF-8" in result.stderr


def test_a_file_name_that_is_not_utf8_in_the_work_tree_is_named(repo: Path) -> None:
    folder = repo / "requirements_catalog" / "sources"
    shutil.copyfile(folder / "SRC-NEW.yaml", os.fsdecode(os.fsencode(str(folder)) + b"/SRC-\xe9.yaml"))
    result = cli(repo, "validate")
    assert "Traceback" not in result.stderr
    assert result.returncode == 1
    assert "requirements_catalog/sources/SRC-\ufffd.yaml: error: this file name is not UTF-8" in result.stderr


def test_a_dangling_symlink_in_the_catalog_is_reported_not_skipped(repo: Path) -> None:
    (repo / "requirements_catalog" / "sources" / "SRC-LINK.yaml").symlink_to("SRC-GONE.yaml")
    result = cli(repo, "validate")
    assert "Traceback" not in result.stderr
    assert result.returncode == 1
    assert "requirements_catalog/sources/SRC-LINK.yaml: error: symbolic link to 'SRC-GONE.yaml', which does not " \
           "exist" in result.stderr


def test_diff_with_a_catalog_outside_the_repository_is_a_usage_error(repo: Path, tmp_path: Path) -> None:
    result = cli(repo, "diff", "HEAD", "--catalog", str(tmp_path / "elsewhere" / "catalog"))
    assert "Traceback" not in result.stderr
    assert result.returncode == 2
    assert "is outside the git repository" in result.stderr


def test_diff_shows_old_and_new_values_at_the_stage_concerned(repo: Path) -> None:
    path = repo / SF2
    text = path.read_text(encoding="utf-8")
    assert "level: should" in text and "criticality: low" in text
    path.write_text(text.replace("level: should", "level: must", 1).replace("criticality: low", "criticality: high"),
                    encoding="utf-8")
    result = cli(repo, "diff", "HEAD")
    assert result.returncode == 0, result.stderr
    assert "criticality: low -> high" in result.stdout
    assert any(line.strip().startswith("at ") and "should" in line and "-> must" in line
               for line in result.stdout.splitlines()), result.stdout


def test_markdown_diff_shows_catalog_html_as_text(repo: Path) -> None:
    path = repo / SF2
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("title: Viral safety draft",
                                 'title: "<script>alert(1)</script> [x](javascript:alert(2))"'), encoding="utf-8")
    result = cli(repo, "diff", "HEAD", "--format", "markdown")
    assert result.returncode == 0, result.stderr
    assert "<script>" not in result.stdout and "](javascript:" not in result.stdout
