"""exodossier: quality requirements for extracellular-vesicle therapeutics, as data.

The package turns a committee-edited YAML catalog into a guideline site and into sponsor
gap analyses. These are the entry points to script with; everything else is internal and
may move. Names load on first use, so `import exodossier` stays as cheap as the command
line's `--help`::

    import datetime as dt
    from pathlib import Path

    import exodossier

    catalog = exodossier.load_valid_catalog(Path("requirements_catalog"))  # load, then check
    graph = exodossier.build_graph(catalog)
    pages = exodossier.render_pages(catalog, graph)                 # {path: front matter + HTML}
    loaded, warnings = exodossier.load_profile(Path("examples/model-case.yaml"), catalog)
    analysis = exodossier.analyse(catalog, loaded, dt.datetime(2026, 12, 6, tzinfo=dt.timezone.utc))
    Path("report.docx").write_bytes(exodossier.render_docx(analysis))

Every function raises `exodossier.UserError` (carrying positioned `Diagnostic`s) for bad input.
The subpackages follow the data flow: `catalog` (YAML -> models), `graph`, then the views
`site`, `gap` and `docx`, the committee's `authoring` commands, and the `cli`.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from exodossier.version import __version__

if TYPE_CHECKING:
    from exodossier.catalog.checks import check_catalog, load_valid_catalog, validate_catalog
    from exodossier.catalog.loader import Catalog, LoadResult, load_catalog
    from exodossier.errors import Diagnostic, UserError
    from exodossier.gap.analysis import GapAnalysis, analyse
    from exodossier.gap.profile import load_profile
    from exodossier.gap.report import render_docx
    from exodossier.graph.build import build_graph
    from exodossier.site.render import render_pages, render_site_files

# Public name -> the module that defines it.
_HOMES = {
    "Catalog": "exodossier.catalog.loader",
    "LoadResult": "exodossier.catalog.loader",
    "load_catalog": "exodossier.catalog.loader",
    "check_catalog": "exodossier.catalog.checks",
    "validate_catalog": "exodossier.catalog.checks",
    "load_valid_catalog": "exodossier.catalog.checks",
    "build_graph": "exodossier.graph.build",
    "load_profile": "exodossier.gap.profile",
    "GapAnalysis": "exodossier.gap.analysis",
    "analyse": "exodossier.gap.analysis",
    "render_docx": "exodossier.gap.report",
    "render_pages": "exodossier.site.render",
    "render_site_files": "exodossier.site.render",
    "Diagnostic": "exodossier.errors",
    "UserError": "exodossier.errors",
}

# The same names as _HOMES, written out so that linters and type checkers see the re-exports.
__all__ = ["__version__", "Catalog", "Diagnostic", "GapAnalysis", "LoadResult", "UserError", "analyse", "build_graph",
           "check_catalog", "load_catalog", "load_profile", "load_valid_catalog", "render_docx", "render_pages",
           "render_site_files", "validate_catalog"]


def __getattr__(name: str) -> Any:
    """Import a public name's module only when the name is first used (PEP 562)."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'exodossier' has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_HOMES))
