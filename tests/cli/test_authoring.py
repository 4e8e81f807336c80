"""diff across git revisions, release cut and notes, new, fmt: the committee's workflow end to end."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from exodossier.catalog.checks import load_valid_catalog
from exodossier.cli.main import main
from tests.conftest import SMALL_CATALOG


def git(repo: Path, *args: str) -> str:
    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@x", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@x",
           "HOME": str(repo), "PATH": "/usr/bin:/bin:/usr/local/bin"}
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True, env=env).stdout


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git repository whose first commit holds the small catalog."""
    root = tmp_path / "repo"
    shutil.copytree(SMALL_CATALOG, root / "requirements_catalog")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", ".")
    git(root, "commit", "-qm", "first")
    return root


def run(runner: CliRunner, repo: Path, *args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(main, [*args, "--catalog", str(repo / "requirements_catalog")], catch_exceptions=False)


def test_diff_between_two_git_revisions_reads_git_objects(repo: Path, runner: CliRunner) -> None:
    path = repo / "requirements_catalog" / "requirements" / "safety" / "EXO-SF-002.yaml"
    path.write_text(path.read_text().replace("level: should", "level: must"))
    git(repo, "commit", "-qam", "tighten")
    path.write_text("broken: [")  # the work tree is broken; revisions are read from git, not from here
    result = run(runner, repo, "diff", "HEAD~1", "HEAD", "--format", "json")
    assert result.exit_code == 0, result.output
    changed = json.loads(result.output)["changed"]
    assert [(c["id"], c["fields"], c["stages"]) for c in changed] == [("EXO-SF-002", ["stage_expectations"], "tightened")]


def test_diff_against_an_unknown_revision_is_a_clear_error(repo: Path, runner: CliRunner) -> None:
    result = run(runner, repo, "diff", "no-such-tag")
    assert result.exit_code == 1 and "name a commit, tag or branch that exists" in result.output


def test_release_cut_records_changes_since_the_previous_tag(repo: Path, runner: CliRunner) -> None:
    first = run(runner, repo, "release", "cut", "1.0.0", "--date", "2026-01-15")
    assert first.exit_code == 0, first.output
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "release 1.0.0")
    git(repo, "tag", "v1.0.0")
    path = repo / "requirements_catalog" / "requirements" / "raw-materials" / "EXO-RM-001.yaml"
    path.write_text(path.read_text().replace("Cell bank qualification", "Cell bank qualification and testing"))
    second = run(runner, repo, "release", "cut", "1.1.0", "--date", "2026-03-01")
    assert second.exit_code == 0, second.output
    catalog = load_valid_catalog(repo / "requirements_catalog")
    assert catalog.version == "1.1.0" and catalog.taxonomy.catalog.date == "2026-03-01"
    record = catalog.releases["1.1.0"]
    assert record.previous == "1.0.0"
    assert [(c.id, c.kind.value, c.fields) for c in record.requirements] == [("EXO-RM-001", "changed", ["title"])]
    assert len(catalog.releases["1.0.0"].requirements) == 4
    notes = run(runner, repo, "release", "notes", "1.1.0")
    assert "- EXO-RM-001: changed (title)" in notes.output
    taxonomy = (repo / "requirements_catalog" / "taxonomy.yaml").read_text()
    assert taxonomy.startswith("catalog:\n  title: Small fixture catalog\n  version: \"1.1.0\"\n")


def test_new_requirement_takes_the_next_free_id_and_validates(repo: Path, runner: CliRunner) -> None:
    result = run(runner, repo, "new", "requirement", "--category", "SF", "--title", "Mycoplasma on harvest")
    assert result.output.strip().endswith("requirements/safety/EXO-SF-003.yaml")
    catalog = load_valid_catalog(repo / "requirements_catalog")
    assert catalog.requirements["EXO-SF-003"].title.en == "Mycoplasma on harvest"
    assert run(runner, repo, "new", "requirement", "--category", "XX", "--title", "t").exit_code == 2


def test_new_source_is_unverified_until_checked(repo: Path, runner: CliRunner) -> None:
    run(runner, repo, "new", "source", "--id", "LIT-NEW-2026", "--title", "A paper")
    assert load_valid_catalog(repo / "requirements_catalog").sources["LIT-NEW-2026"].verified is False


def test_fmt_orders_keys_keeps_comments_and_is_idempotent(repo: Path, runner: CliRunner) -> None:
    path = repo / "requirements_catalog" / "requirements" / "safety" / "EXO-SF-002.yaml"
    text = path.read_text()
    path.write_text("# keep this comment\n" + text.replace("id: EXO-SF-002\n", "") + "id: EXO-SF-002  # and this\n")
    before = load_valid_catalog(repo / "requirements_catalog").requirements["EXO-SF-002"]
    assert run(runner, repo, "fmt", "--check").exit_code == 1
    assert run(runner, repo, "fmt").exit_code == 0
    formatted = path.read_text()
    assert formatted.startswith("# keep this comment\nid: EXO-SF-002  # and this\ntitle: Viral safety draft\n")
    assert load_valid_catalog(repo / "requirements_catalog").requirements["EXO-SF-002"] == before
    assert run(runner, repo, "fmt", "--check").exit_code == 0
