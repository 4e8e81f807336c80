"""Tiny programs the benchmark times as whole processes: graph build and page generation.

Each prints one JSON line with in-process timings of its phases, so RESULTS.md can say
how much of a whole-process figure is start-up, loading, or the step itself.

    python benchmarks/probes.py graph CATALOG_DIR
    python benchmarks/probes.py pages CATALOG_DIR
    python benchmarks/probes.py floor CATALOG_DIR   # the YAML parse floor: nothing but CSafeLoader
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any, Callable


def _timed(phases: dict[str, float], name: str, step: Callable[[], Any]) -> Any:
    start = time.perf_counter()
    result = step()
    phases[name] = time.perf_counter() - start
    return result


def _catalog(root: Path, phases: dict[str, float]) -> Any:
    from exodossier.catalog.checks import validate_catalog

    result = _timed(phases, "load_validate", lambda: validate_catalog(root))
    if result.catalog is None:
        raise SystemExit(f"no catalog at {root}")
    return result.catalog


def graph(root: Path) -> dict[str, float]:
    """Load and validate the catalog, then build its graph once more, as every view does."""
    phases: dict[str, float] = {}
    _timed(phases, "imports", lambda: __import__("exodossier.graph.build"))
    catalog = _catalog(root, phases)
    from exodossier.graph.build import build_graph

    _timed(phases, "build_graph", lambda: build_graph(catalog))
    return phases


def pages(root: Path) -> dict[str, float]:
    """What the mkdocs plugin computes before mkdocs renders anything: every generated file."""
    phases: dict[str, float] = {}
    _timed(phases, "imports", lambda: __import__("exodossier.site.render"))
    catalog = _catalog(root, phases)
    from exodossier.site.render import render_site_files
    from exodossier.graph.build import build_graph

    graph_ = _timed(phases, "build_graph", lambda: build_graph(catalog))
    files = _timed(phases, "render", lambda: render_site_files(catalog, graph_))
    phases["files"] = float(len(files))
    return phases


def floor(root: Path) -> dict[str, float]:
    """The parse floor of `validate`: every catalog file through libyaml's CSafeLoader, nothing else.

    Timed as a whole process (interpreter start included), like `exodossier validate`; only PyYAML
    is imported, so the figure is the least any validator parsing these files in one process pays.
    """
    phases: dict[str, float] = {}
    yaml = _timed(phases, "imports", lambda: __import__("yaml"))
    files = sorted(root.rglob("*.yaml"))

    def parse() -> None:
        for path in files:
            yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)

    _timed(phases, "parse", parse)
    phases["files"] = float(len(files))
    return phases


def main(argv: list[str]) -> None:
    probes = {"graph": graph, "pages": pages, "floor": floor}
    if len(argv) != 2 or argv[0] not in probes:
        raise SystemExit(__doc__)
    print(json.dumps(probes[argv[0]](Path(argv[1]))))


if __name__ == "__main__":
    main(sys.argv[1:])
