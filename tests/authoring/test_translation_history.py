"""A stale Japanese text: validate shows what changed in the English since it was translated."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from click.testing import CliRunner

from exodossier.authoring.translation_history import word_diff
from exodossier.cli.main import main
from tests.conftest import FIXTURES

BILINGUAL = FIXTURES / "catalogs" / "bilingual"


def test_word_diff_shows_the_changed_words_with_a_little_context() -> None:
    old = "Vesicles co-purify with viruses of similar size in every purification step we know of."
    new = "Vesicles co-purify with many viruses of similar size in every purification step we know of."
    assert word_diff(old, new) == "Vesicles co-purify with {+many+} viruses of similar size ..."
    assert word_diff("A B C", "A X C") == "A [-B-]{+X+} C"


def git(folder: Path, *args: str) -> str:
    result = subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=t@example.org", *args], cwd=folder,
                            capture_output=True, text=True, check=True)
    return result.stdout.strip()


def test_validate_shows_the_english_the_stale_japanese_translated(tmp_path: Path, runner: CliRunner) -> None:
    root = tmp_path / "catalog"
    shutil.copytree(BILINGUAL, root)
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-qm", "translated")
    commit = git(tmp_path, "rev-parse", "--short=10", "HEAD")
    path = root / "requirements" / "safety" / "EXO-SF-003.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("with viruses of similar", "with many viruses of similar"),
                    encoding="utf-8")
    result = runner.invoke(main, ["validate", "--catalog", str(root)])
    line = next(line for line in result.output.splitlines() if "EXO-SF-003.yaml:17:3" in line)
    assert f"the Japanese of 'rationale' is stale: the English changed since commit {commit}:" in line
    assert "Vesicles co-purify with {+many+} viruses of similar size." in line
    assert "[field: rationale]" in line


def test_outside_git_the_warning_says_the_english_changed(tmp_path: Path, runner: CliRunner) -> None:
    root = tmp_path / "catalog"
    shutil.copytree(BILINGUAL, root)
    result = runner.invoke(main, ["validate", "--catalog", str(root), "--format", "json"])
    assert "the English changed since it was translated (that English is not in the file's git history)" \
        in result.output
