"""Documentation that cannot drift: generated sections are current, every command is documented,
and the integration files (pre-commit hooks, CI workflow) are valid for the tools that read them."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from exodossier.cli.main import main
from exodossier.cli.docs import walk

REPO = Path(__file__).parent.parent
BIN = Path(sys.executable).parent


def tool(name: str) -> str:
    found = BIN / name
    return str(found) if found.exists() else shutil.which(name) or name


@pytest.mark.parametrize("document", ["README.md", "CONTRIBUTING.md", "docs/cli.md", "docs/diagnostics.md", "docs/schema.md",
                                      "docs/api.md", "docs/sponsor-guide.md"])
def test_generated_sections_are_current(document: str) -> None:
    result = subprocess.run([tool("cog"), "--check", document], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, f"{document} is stale; run: cog -r {document}\n{result.stdout}{result.stderr}"


def test_every_command_is_documented_in_the_readme() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    missing = [" ".join(path) for path, _ in walk(main)[1:] if f"### `{' '.join(path)}`" not in readme]
    assert missing == []


def test_readme_says_how_to_install_then_gives_the_two_commands() -> None:
    lines = (REPO / "README.md").read_text(encoding="utf-8").splitlines()
    blocks = [i for i, line in enumerate(lines) if line == "```sh"]
    install, commands = blocks[0], blocks[1]
    assert lines[install + 1].startswith("pip install 'exodossier[all]'")
    assert [line.split("#")[0].strip() for line in lines[commands + 1: commands + 3]] == ["make run", "make test"]


def test_ci_runs_the_readme_test_command() -> None:
    assert "make test" in (REPO / ".ci" / "run").read_text(encoding="utf-8")


def test_pre_commit_manifest_and_config_are_valid() -> None:
    for command in (["validate-manifest", ".pre-commit-hooks.yaml"], ["validate-config", ".pre-commit-config.yaml"]):
        result = subprocess.run([tool("pre-commit"), *command], cwd=REPO, capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr


def test_hooks_run_real_commands() -> None:
    import yaml

    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    for hook in hooks:
        words = hook["entry"].split()
        assert words[0] == "exodossier"
        assert main.get_command(None, words[1]) is not None  # type: ignore[arg-type]


def test_workflow_matches_the_github_actions_schema() -> None:
    result = subprocess.run([tool("check-jsonschema"), "--builtin-schema", "vendor.github-workflows",
                             ".github/workflows/catalog.yml"], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_workflow_uses_github_annotations_and_strict_site_build() -> None:
    text = (REPO / ".github" / "workflows" / "catalog.yml").read_text(encoding="utf-8")
    assert "exodossier validate --format github" in text
    assert "mkdocs build --strict" in text
    assert "actions/deploy-pages" in text
    assert "SITE_URL:" in text


def test_workflow_attaches_the_file_that_site_pages_writes(tmp_path: Path) -> None:
    from click.testing import CliRunner

    text = (REPO / ".github" / "workflows" / "catalog.yml").read_text(encoding="utf-8")
    out = tmp_path / "build" / "pages"
    assert CliRunner().invoke(main, ["site", "pages", "--out", str(out)]).exit_code == 0
    attached = next(line.split("path:")[1].strip() for line in text.splitlines() if "catalog.json" in line and "path:" in line)
    assert (tmp_path / attached).is_file()


def test_workflow_is_reproducible_summarises_pull_requests_and_tests_in_its_own_job() -> None:
    import yaml

    workflow = yaml.safe_load((REPO / ".github" / "workflows" / "catalog.yml").read_text(encoding="utf-8"))
    jobs = workflow["jobs"]
    steps = jobs["validate"]["steps"]
    checkout = next(step for step in steps if step.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 0
    assert next(step for step in steps if step.get("uses", "").startswith("actions/setup-python@"))["with"]["cache"] == "pip"
    runs = "\n".join(step.get("run", "") for step in steps)
    assert 'SOURCE_DATE_EPOCH=$(git log -1 --format=%ct)' in runs and "$GITHUB_ENV" in runs
    summary = next(step for step in steps if "$GITHUB_STEP_SUMMARY" in step.get("run", ""))
    assert summary["if"] == "github.event_name == 'pull_request'"
    assert "exodossier diff" in summary["run"] and "--format markdown" in summary["run"]
    test_runs = "\n".join(step.get("run", "") for step in jobs["tests"]["steps"])
    assert "bash .ci/run" in test_runs
    assert any(step.get("uses", "").startswith("actions/cache@") for step in jobs["tests"]["steps"])
    assert set(jobs["deploy"]["needs"]) == {"validate", "tests"}


def build_tool_docs(site: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([tool("mkdocs"), "build", "--strict", "-f", "mkdocs.docs.yml", "--site-dir", str(site)],
                          cwd=REPO, capture_output=True, text=True, env=env)


def test_tool_documentation_builds_strict_offline_with_every_guide_and_reference(tmp_path: Path) -> None:
    import re

    site = tmp_path / "docs"
    result = build_tool_docs(site)
    assert result.returncode == 0, result.stderr
    pages = {p.parent.relative_to(site).as_posix(): p.read_text(encoding="utf-8") for p in site.rglob("index.html")}
    assert {"author-guide", "catalog-files", "reviewer-guide", "sponsor-guide", "cli", "diagnostics", "schema", "api",
            "changelog"} <= set(pages)
    # The author's guide is CONTRIBUTING itself (included, not copied); the changelog likewise.
    assert "Propose a requirement" in pages["author-guide"] and "Unreleased" in pages["changelog"]
    for model in ("Taxonomy", "StatusChange", "LocalizedText", "Release", "Ledger", "Profile", "Requirement"):
        assert f'id="{model.lower()}"' in pages["schema"], model
    assert all(f"exodossier.{name}" in pages["api"] for name in ("load_valid_catalog", "render_docx", "UserError"))
    assert 'id="exodossier-validate"' in pages["cli"]
    # Offline: nothing is loaded from another host (links to other sites are fine; loads are not).
    loads = re.compile(r"<(?:script|img|iframe|link)\b[^>]*\b(?:src|href)=\"(?:https?:)?//", re.IGNORECASE)
    assert [name for name, html in pages.items() if loads.search(html)] == []


def test_a_page_added_to_docs_joins_the_navigation(tmp_path: Path) -> None:
    """Guides are written by several hands: a page not listed in the nav still joins it, and the strict build passes."""
    docs = tmp_path / "repo"
    shutil.copytree(REPO / "docs", docs / "docs")
    for name in ("mkdocs.docs.yml", "CONTRIBUTING.md", "CHANGELOG.md", "README.md"):
        shutil.copy2(REPO / name, docs / name)
    shutil.copytree(REPO / "exodossier", docs / "exodossier", ignore=shutil.ignore_patterns("__pycache__"))
    (docs / "docs" / "release-managers-guide.md").write_text("# Release manager's guide\n\nCutting a release.\n",
                                                               encoding="utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([tool("mkdocs"), "build", "--strict", "-f", "mkdocs.docs.yml"], cwd=docs,
                            capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    home = (docs / "build" / "docs" / "index.html").read_text(encoding="utf-8")
    assert "More guides" in home and "release-managers-guide/" in home
