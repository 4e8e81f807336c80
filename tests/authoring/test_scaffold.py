"""`exodossier init DIR`: a new catalog repository that validates and builds on the first try."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml
from click.testing import CliRunner

from exodossier.authoring.scaffold import scaffold_files
from exodossier.cli.main import main
from exodossier.version import __version__

BIN = Path(sys.executable).parent


def tool(name: str) -> str:
    found = BIN / name
    return str(found) if found.exists() else shutil.which(name) or name


def init(target: Path) -> None:
    result = CliRunner().invoke(main, ["init", str(target)], catch_exceptions=False)
    assert result.exit_code == 0, result.output


def run(folder: Path, *command: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(list(command), cwd=folder, capture_output=True, text=True, env=env)


def test_new_repository_validates_formats_and_builds_strict_on_the_first_try(tmp_path: Path) -> None:
    repo = tmp_path / "committee-catalog"
    init(repo)
    validate = run(repo, sys.executable, "-m", "exodossier", "validate")
    assert validate.returncode == 0, validate.stderr
    assert "0 error(s)" in validate.stderr and "in 1 requirements and 1 sources" in validate.stderr
    assert run(repo, sys.executable, "-m", "exodossier", "fmt", "--check").returncode == 0
    assert run(repo, sys.executable, "-m", "exodossier", "schema", "--check",
               "--out", "requirements_catalog/schema").returncode == 0
    build = run(repo, tool("mkdocs"), "build", "--strict")
    assert build.returncode == 0, build.stderr
    assert (repo / "site" / "catalog" / "requirements" / "EXO-EX-001" / "index.html").is_file()


def test_every_yaml_file_names_a_schema_that_was_written(tmp_path: Path) -> None:
    init(tmp_path / "repo")
    catalog = tmp_path / "repo" / "requirements_catalog"
    for path in catalog.rglob("*.yaml"):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        named = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
        assert named, path
        assert (path.parent / named.group(1)).resolve().is_file(), path


def test_hooks_and_workflow_are_valid_and_pin_this_version(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    init(repo)
    config = run(repo, tool("pre-commit"), "validate-config", ".pre-commit-config.yaml")
    assert config.returncode == 0, config.stdout + config.stderr
    workflow = run(repo, tool("check-jsonschema"), "--builtin-schema", "vendor.github-workflows",
                   ".github/workflows/catalog.yml")
    assert workflow.returncode == 0, workflow.stdout + workflow.stderr
    hooks = yaml.safe_load((repo / ".pre-commit-config.yaml").read_text(encoding="utf-8"))["repos"][0]["hooks"]
    assert {hook["id"] for hook in hooks} == {"exodossier-validate", "exodossier-fmt"}
    assert all(hook["additional_dependencies"] == [f"exodossier=={__version__}"] for hook in hooks)
    assert f"exodossier[site]=={__version__}" in (repo / ".github" / "workflows" / "catalog.yml").read_text()
    assert "@VERSION@" not in "".join(scaffold_files().values())


def test_init_never_writes_into_a_folder_that_holds_files(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    result = CliRunner().invoke(main, ["init", str(tmp_path)])
    assert result.exit_code == 1
    assert "already exists and is not an empty folder" in result.output
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_init_fills_an_empty_folder(tmp_path: Path) -> None:
    init(tmp_path)
    assert (tmp_path / "requirements_catalog" / "taxonomy.yaml").is_file()
    assert (tmp_path / ".gitignore").read_text(encoding="utf-8").startswith("/site/")
