"""The Python API people script with: a small, pinned set of names, each documented, each working."""

from __future__ import annotations

import textwrap
import zipfile
from pathlib import Path

import exodossier
from tests.conftest import FIXTURES, SMALL_CATALOG

PUBLIC = ["Catalog", "Diagnostic", "GapAnalysis", "LoadResult", "UserError", "__version__", "analyse", "build_graph",
          "check_catalog", "load_catalog", "load_profile", "load_valid_catalog", "render_docx", "render_pages",
          "render_site_files", "validate_catalog"]


def test_the_public_names_are_pinned() -> None:
    assert sorted(exodossier.__all__) == sorted(PUBLIC)


def test_every_public_name_resolves_and_says_why_it_exists() -> None:
    for name in PUBLIC:
        value = getattr(exodossier, name)
        if name != "__version__":
            assert (value.__doc__ or "").strip(), f"{name} has no docstring"


def test_an_unknown_name_is_an_attribute_error() -> None:
    try:
        exodossier.render_everything  # type: ignore[attr-defined]  # noqa: B018
    except AttributeError as exc:
        assert "render_everything" in str(exc)
    else:  # pragma: no cover - the assertion below reports it
        raise AssertionError("an unknown public name must raise AttributeError")


def test_the_example_in_the_package_docstring_runs(tmp_path: Path) -> None:
    """The docstring is the API's first documentation; it must work as written (on the small fixtures)."""
    doc = exodossier.__doc__ or ""
    block = []
    for line in doc.split("::", 1)[1].splitlines()[1:]:
        if line.strip() and not line.startswith("    "):
            break
        block.append(line)
    example = textwrap.dedent("\n".join(block))
    example = (example.replace('Path("requirements_catalog")', f"Path({str(SMALL_CATALOG)!r})")
               .replace('Path("examples/model-case.yaml")', f"Path({str(FIXTURES / 'profiles' / 'small-inhaled.yaml')!r})")
               .replace('Path("report.docx")', f"Path({str(tmp_path / 'report.docx')!r})"))
    namespace: dict[str, object] = {}
    exec(compile(example, "exodossier.__doc__", "exec"), namespace)  # noqa: S102 - our own docstring
    pages = namespace["pages"]
    assert isinstance(pages, dict) and "catalog/index.md" in pages
    with zipfile.ZipFile(tmp_path / "report.docx") as docx:
        assert "word/document.xml" in docx.namelist()
