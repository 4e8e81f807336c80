"""The anchors' inputs: the same requirements as a sphinx-needs project, one page per requirement and source."""

from __future__ import annotations

from pathlib import Path

from benchmarks.sphinx_needs_tree import convert
from exodossier.catalog.loader import load_catalog
from tests.conftest import SMALL_CATALOG


def test_sphinx_needs_project_has_one_page_per_requirement_and_source_with_their_links(tmp_path: Path) -> None:
    catalog = load_catalog(SMALL_CATALOG).catalog
    assert catalog is not None
    items, size = convert(SMALL_CATALOG, tmp_path / "project")
    pages = sorted(p.stem for p in (tmp_path / "project").glob("*/*.rst"))
    assert items == len(pages) == len(catalog.requirements) + len(catalog.sources)
    assert size > 0
    requirement = next(iter(catalog.requirements.values()))
    text = (tmp_path / "project" / "req" / f"{requirement.id}.rst").read_text(encoding="utf-8")
    assert f":id: {requirement.id.replace('-', '_')}" in text
    cited = {c.source.replace("-", "_").replace(".", "_") for c in requirement.citations}
    links = next(line for line in text.splitlines() if line.strip().startswith(":links:"))
    assert cited <= {link.strip() for link in links.split(":links:")[1].split(",")}
