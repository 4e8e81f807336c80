"""The diagnostic code registry: every slug the package can emit has one stable EXO number.

The slugs are found by reading the package's source: every call whose callee has a parameter
named `code` (error, warning, Diagnostic, and any helper that passes a code on), with the slug
given as text. A new slug that is not registered fails here with the exact line to add.
"""

from __future__ import annotations

import ast
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from exodossier.catalog.checks import validate_catalog
from exodossier.codes import BY_NUMBER, BY_SLUG, CODES, FAMILY, GROUPS, codes_table, lookup
from exodossier.errors import error, format_diagnostics, warning
from tests.conftest import REPO, SMALL_CATALOG

PACKAGE = REPO / "exodossier"
CORPUS = REPO / "tests" / "bad_inputs"


@dataclass(frozen=True)
class Emitted:
    slug: str
    place: str


def _code_parameters(tree: ast.AST) -> dict[str, int]:
    """Function name -> position of its `code` parameter (not counting self/cls)."""
    found: dict[str, int] = {}
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            names = [a.arg for a in node.args.posonlyargs + node.args.args]
            if "code" in names:
                found[node.name] = names.index("code") - (1 if names[0] in ("self", "cls") else 0)
        elif isinstance(node, ast.ClassDef):  # a dataclass with a `code` field, e.g. ProfileWarning(code, ...)
            fields = [f.target.id for f in node.body if isinstance(f, ast.AnnAssign) and isinstance(f.target, ast.Name)]
            if "code" in fields:
                found[node.name] = fields.index("code")
    return found


def _callee(node: ast.Call) -> str:
    if isinstance(node.func, ast.Name):
        return node.func.id
    return node.func.attr if isinstance(node.func, ast.Attribute) else ""


def _code_argument(node: ast.Call, index: int) -> ast.expr | None:
    keyword = next((k.value for k in node.keywords if k.arg == "code"), None)
    if keyword is not None:
        return keyword
    starred = [i for i, arg in enumerate(node.args) if isinstance(arg, ast.Starred)]
    if starred:  # error(file, *position, "slug", ...): the first text after the unpacked place
        return next((a for a in node.args[starred[-1] + 1:] if isinstance(a, ast.Constant)), None)
    return node.args[index] if len(node.args) > index else None


def _text_constants(tree: ast.Module) -> dict[str, str]:
    """Module-level `NAME = "text"` assignments (a slug kept in a constant, like STALE_CODE)."""
    found = {}
    for node in tree.body:
        if isinstance(node, (ast.Assign, ast.AnnAssign)) and isinstance(node.value, ast.Constant):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            found.update({t.id: node.value.value for t in targets
                          if isinstance(t, ast.Name) and isinstance(node.value.value, str)})
    return found


def _slugs_of(argument: ast.expr, constants: dict[str, str]) -> list[str]:
    """The slug(s) an argument can be: text, a constant, either branch of `a if c else b`, an f-string's family."""
    if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
        return [argument.value]
    if isinstance(argument, ast.Name) and argument.id in constants:
        return [constants[argument.id]]
    if isinstance(argument, ast.IfExp):
        return _slugs_of(argument.body, constants) + _slugs_of(argument.orelse, constants)
    if isinstance(argument, ast.JoinedStr) and argument.values and isinstance(argument.values[0], ast.Constant):
        return [str(argument.values[0].value) + FAMILY]
    return []  # a variable: the call that chose its value is found on its own


def emitted_slugs() -> list[Emitted]:
    trees = {path: ast.parse(path.read_text(encoding="utf-8")) for path in sorted(PACKAGE.rglob("*.py"))}
    everywhere: dict[str, int] = {"Diagnostic": 4}
    constants: dict[str, str] = {}
    for tree in trees.values():
        everywhere.update(_code_parameters(tree))
        constants.update(_text_constants(tree))
    found = []
    for path, tree in trees.items():
        signatures = {**everywhere, **_code_parameters(tree)}  # a module's own helper wins over a namesake
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and _callee(node) in signatures:
                argument = _code_argument(node, signatures[_callee(node)])
                for slug in _slugs_of(argument, {**constants, **_text_constants(tree)}) if argument is not None else []:
                    found.append(Emitted(slug, f"{path.relative_to(REPO)}:{node.lineno}"))
    return found


def _suggestion(unregistered: list[Emitted]) -> str:
    taken = set(BY_NUMBER)
    lines = []
    for item in unregistered:
        lines.append(f'    Code("EXO???", "{item.slug}", "<one line: what the reader has to fix>"),'
                     f"  # emitted at {item.place}")
    groups = "\n".join(f"  {prefix}xx  {title}  (next free: "
                       f"{next(f'{prefix}{n:02d}' for n in range(1, 100) if f'{prefix}{n:02d}' not in taken)})"
                       for prefix, title in GROUPS.items())
    return ("unregistered diagnostic slug(s). Add a line for each to CODES in exodossier/codes.py, in the group "
            "that says what the reader has to fix, with the next free number of that group:\n"
            + "\n".join(lines) + "\nGroups:\n" + groups + "\nThen run: cog -r README.md (the table of codes).")


def test_every_slug_the_package_emits_is_registered() -> None:
    emitted = emitted_slugs()
    assert len({e.slug for e in emitted}) > 50, "the scan of the package found too few slugs; is it still working?"
    unregistered = [e for e in emitted if lookup(e.slug) is None]
    assert unregistered == [], _suggestion(unregistered)


def test_the_scan_finds_slugs_passed_through_helpers_and_branches() -> None:
    places = {e.slug: e.place for e in emitted_slugs()}
    assert places["unverified-source"].startswith("exodossier/catalog/checks.py")  # through checks._at
    assert places["yaml-alias"].startswith("exodossier/catalog/yaml_reader.py")  # through Located.fail
    assert "schema-*" in places  # f"schema-{type}" is the schema family
    assert places["stale-translation"].startswith("exodossier/catalog/translation.py")  # kept in a constant


@pytest.mark.parametrize("case", sorted(p.name for p in CORPUS.iterdir() if (p / "catalog").is_dir()))
def test_every_diagnostic_of_the_bad_input_catalogs_is_registered(case: str, tmp_path: Path) -> None:
    """The runtime counterpart of the scan: codes made at run time (pydantic's types) are registered too."""
    catalog = tmp_path / "catalog"
    shutil.copytree(SMALL_CATALOG, catalog)
    shutil.copytree(CORPUS / case / "catalog", catalog, dirs_exist_ok=True)
    diagnostics = validate_catalog(catalog).diagnostics
    assert [d.code for d in diagnostics if lookup(d.code) is None] == []


def test_numbers_and_slugs_are_unique_and_well_formed() -> None:
    assert len(BY_NUMBER) == len(CODES) and len(BY_SLUG) == len(CODES)
    for code in CODES:
        assert re.fullmatch(r"EXO\d{3}", code.number), code
        assert re.fullmatch(r"[a-z][a-z0-9_]*(-[a-z0-9_]+)*(-\*)?", code.slug), code
        assert code.number[:4] in GROUPS, code
        assert code.summary and "\n" not in code.summary, code


def test_a_schema_problem_of_an_unlisted_type_shares_the_family_number() -> None:
    assert lookup("schema-extra_forbidden") == BY_NUMBER["EXO101"]
    family = lookup("schema-int_parsing")
    assert family is not None and family.number == "EXO100"
    assert lookup("no-such-slug") is None


def test_human_github_and_json_outputs_carry_the_code() -> None:
    problem = warning("requirements/EXO-SF-001.yaml", 12, 5, "unverified-source", "cites 'X', whose details are not verified",
                      hint="verify it")
    assert problem.human().splitlines()[0] == ("requirements/EXO-SF-001.yaml:12:5: warning: cites 'X', whose details "
                                               "are not verified [EXO301 unverified-source]")
    assert "title=EXO301 unverified-source::" in problem.github()
    assert '"number": "EXO301"' in format_diagnostics([problem], "json")
    assert '"code": "unverified-source"' in format_diagnostics([problem], "json")


def test_the_field_stays_before_the_code() -> None:
    problem = error("f.yaml", 1, 1, "schema-missing", "missing required field 'title'", field_path="title")
    assert problem.human() == "f.yaml:1:1: error: missing required field 'title' [field: title] [EXO102 schema-missing]"


def test_the_table_lists_every_code_under_its_group() -> None:
    table = codes_table()
    for code in CODES:
        assert f"| `{code.number}` | `{code.slug}` |" in table
    assert "#### EXO3xx: Sources and evidence" in table
    assert table.index("EXO301") < table.index("EXO501")

