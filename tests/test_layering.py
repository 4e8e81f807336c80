"""The house rules: one subpackage per stage, data flowing YAML -> models -> graph -> views, never back.

The contracts live in pyproject.toml (`[tool.importlinter]`) so `lint-imports` checks them by hand
too; these tests run them, and add the two rules import-linter cannot state.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib

import grimp
import networkx as nx
import pytest
from importlinter.cli import lint_imports

from tests.conftest import REPO

HEAVY_VIEW_LIBRARIES = ("mkdocs", "material", "docx", "matplotlib", "lxml", "click")


def _import_graph() -> grimp.ImportGraph:
    return grimp.build_graph("exodossier")


def test_every_layering_contract_in_pyproject_is_kept(capsys: pytest.CaptureFixture[str]) -> None:
    exit_code = lint_imports(config_filename=str(REPO / "pyproject.toml"), no_logo=True, no_cache=True)
    report = capsys.readouterr().out
    assert exit_code == 0, report
    assert "3 kept, 0 broken" in report


def test_no_module_imports_a_package_that_contains_it() -> None:
    graph = _import_graph()
    offenders = []
    for module in sorted(graph.modules):
        parts = module.split(".")
        ancestors = {".".join(parts[:k]) for k in range(1, len(parts))}
        offenders += [f"{module} -> {a}" for a in sorted(ancestors & graph.find_modules_directly_imported_by(module))]
    assert offenders == []


def test_the_package_has_no_import_cycles() -> None:
    graph = _import_graph()
    edges = nx.DiGraph((m, i) for m in graph.modules for i in graph.find_modules_directly_imported_by(m))
    assert list(nx.simple_cycles(edges)) == []


def test_each_stage_is_a_subpackage_and_the_top_keeps_only_shared_helpers() -> None:
    top = sorted(p.stem for p in (REPO / "exodossier").glob("*.py"))
    rooms = sorted(p.parent.name for p in (REPO / "exodossier").glob("*/__init__.py"))
    layered = {name for layer in _layers() for name in re.findall(r"exodossier\.(\w+)", layer)}
    assert set(rooms) <= layered, "every subpackage has its place in the layers contract of pyproject.toml"
    assert {"authoring", "catalog", "cli", "docx", "gap", "graph", "site"} <= set(rooms)
    assert top == ["__init__", "__main__", "codes", "config", "errors", "outputs", "sanitize", "version"]


def _layers() -> list[str]:
    contracts = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["importlinter"]["contracts"]
    return [layer for contract in contracts if contract["type"] == "layers" for layer in contract["layers"]]


def _modules_after_importing(statement: str) -> set[str]:
    code = f"import sys\n{statement}\nprint('\\n'.join(sorted(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO)
    return {name.split(".")[0] for name in result.stdout.split()}


def test_importing_the_catalog_and_validating_load_no_view_library() -> None:
    loaded = _modules_after_importing("import exodossier.catalog.loader, exodossier.catalog.checks, exodossier.graph.queries")
    assert sorted(loaded & set(HEAVY_VIEW_LIBRARIES)) == []


def test_importing_the_package_loads_neither_pydantic_nor_networkx() -> None:
    loaded = _modules_after_importing("import exodossier")
    assert sorted(loaded & {"pydantic", "networkx", "yaml", *HEAVY_VIEW_LIBRARIES}) == []


def test_validating_a_consultation_folder_loads_no_view_library() -> None:
    """`exodossier validate` is a core command; the consultation checks must not need openpyxl or python-docx."""
    loaded = _modules_after_importing("import exodossier.consultation.checks")
    assert sorted(loaded & {*HEAVY_VIEW_LIBRARIES, "openpyxl", "babel"}) == []
