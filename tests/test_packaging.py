"""The package as a user gets it: the wheel carries every data file, installs into a fresh virtual
environment, and runs validate, a site build and a gap report from there (not from this checkout).

The end-to-end test builds and installs for real, so it is one test (slow: see
benchmarks/findings.md for its time). It installs through pip as configured on the machine,
which reuses pip's cache; to run it without a network, point pip at a wheelhouse with
PIP_NO_INDEX=1 PIP_FIND_LINKS=/path/to/wheels.
"""

from __future__ import annotations

import email.parser
import os
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

from exodossier.version import __version__

REPO = Path(__file__).parent.parent
PACKAGE = REPO / "exodossier"
BUILD_INPUTS = ("pyproject.toml", "README.md", "LICENSE")


def package_data_files() -> set[str]:
    """Every non-Python file in the package folder: what an installed tool needs besides its code."""
    return {p.relative_to(REPO).as_posix() for p in PACKAGE.rglob("*")
            if p.is_file() and p.suffix not in (".py", ".pyc") and "__pycache__" not in p.parts}


def clean_env() -> dict[str, str]:
    """This process's environment without what would let the checkout's code leak into the venv's."""
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return {**env, "NO_MKDOCS_2_WARNING": "1", "PIP_DISABLE_PIP_VERSION_CHECK": "1"}


def run(*command: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    process = subprocess.run([str(part) for part in command], cwd=cwd, capture_output=True, text=True, env=clean_env())
    assert process.returncode == 0, f"{' '.join(map(str, command))}\n{process.stdout}\n{process.stderr}"
    return process


def build_wheel(tmp_path: Path) -> Path:
    """`python -m build --wheel` of a copy of the package sources (the checkout stays untouched)."""
    source = tmp_path / "source"
    source.mkdir()
    for name in BUILD_INPUTS:
        shutil.copy2(REPO / name, source / name)
    shutil.copytree(PACKAGE, source / "exodossier", ignore=shutil.ignore_patterns("__pycache__"))
    run(sys.executable, "-m", "build", "--wheel", "--outdir", tmp_path / "dist", source, cwd=tmp_path)
    (wheel,) = (tmp_path / "dist").glob("exodossier-*.whl")
    return wheel


def test_project_metadata_uses_an_spdx_licence_and_one_version_source() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["license"] == "Apache-2.0"
    assert project["license-files"] == ["LICENSE"]
    assert project["dynamic"] == ["version"] and "version" not in project
    assert (REPO / "LICENSE").read_text(encoding="utf-8").split()[:4] == ["Apache", "License", "Version", "2.0,"]
    assert "https://creativecommons.org/licenses/by/4.0/legalcode" in (REPO / "LICENSE-CONTENT.md").read_text()
    assert "## [Unreleased]" in (REPO / "CHANGELOG.md").read_text(encoding="utf-8")


def test_core_dependencies_hold_no_view_library() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    core = {requirement.split(">")[0].split("<")[0].split("=")[0].strip().lower() for requirement in project["dependencies"]}
    assert core.isdisjoint({"mkdocs", "mkdocs-material", "pymdown-extensions", "python-docx", "lxml", "openpyxl",
                            "matplotlib", "babel"})
    extras = project["optional-dependencies"]
    assert extras["all"] == ["exodossier[site,report,interchange]"]
    assert "exodossier[all,docs]" in extras["test"]


@pytest.mark.slow
def test_wheel_installs_in_a_fresh_venv_and_validates_builds_and_reports(tmp_path: Path) -> None:
    wheel = build_wheel(tmp_path)

    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        metadata = email.parser.Parser().parsestr(archive.read(f"exodossier-{__version__}.dist-info/METADATA").decode())
    assert package_data_files() <= names, package_data_files() - names
    assert f"exodossier-{__version__}.dist-info/licenses/LICENSE" in names
    assert metadata["License-Expression"] == "Apache-2.0" and metadata["Version"] == __version__
    assert {"site", "report", "all"} <= set(metadata.get_all("Provides-Extra") or [])

    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", venv, cwd=tmp_path)
    bin_dir = venv / "bin"
    run(bin_dir / "python", "-m", "pip", "install", "--quiet", f"{wheel}[all]", cwd=tmp_path)
    located = run(bin_dir / "python", "-c", "import exodossier; print(exodossier.__file__)", cwd=tmp_path).stdout
    assert Path(located.strip()).is_relative_to(venv)
    assert run(bin_dir / "exodossier", "--version", cwd=tmp_path).stdout.strip() == f"exodossier, version {__version__}"

    # The real catalog and the model case, read from the checkout by the installed tool.
    validated = run(bin_dir / "exodossier", "validate", "--catalog", REPO / "requirements_catalog", cwd=tmp_path)
    assert "0 error(s)" in validated.stderr
    report = tmp_path / "model-case.docx"
    run(bin_dir / "exodossier", "gap", REPO / "examples" / "model-case.yaml",
        "--catalog", REPO / "requirements_catalog", "-o", report, cwd=tmp_path)
    with zipfile.ZipFile(report) as document:
        assert "word/document.xml" in document.namelist()

    # A new repository from the installed templates, and its strict site build with the installed plugin.
    run(bin_dir / "exodossier", "init", "repo", cwd=tmp_path)
    repo = tmp_path / "repo"
    run(bin_dir / "exodossier", "validate", cwd=repo)
    run(bin_dir / "mkdocs", "build", "--strict", cwd=repo)
    assert (repo / "site" / "assets" / "exodossier.css").is_file()
    assert (repo / "site" / "catalog" / "requirements" / "EXO-EX-001" / "index.html").is_file()
