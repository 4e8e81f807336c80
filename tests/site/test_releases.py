"""The site's Changes page and the 'new in' / 'changed in' marks come from release records."""

from __future__ import annotations

from pathlib import Path

from exodossier.catalog.checks import load_valid_catalog
from exodossier.graph.build import build_graph
from exodossier.site.paths import CHANGES_PAGE, release_path
from exodossier.site.render import render_nav, render_pages

RELEASE_1 = """version: "1.0.0"
date: "2026-01-15"
requirements:
  - {id: EXO-RM-001, kind: added}
  - {id: EXO-RM-002, kind: added}
"""
RELEASE_2 = """version: "1.1.0"
date: "2026-03-01"
previous: "1.0.0"
requirements:
  - {id: EXO-RM-002, kind: changed, fields: [statement, citations]}
  - {id: EXO-SF-001, kind: added}
sources:
  - {id: SRC-NEW, kind: changed, fields: [version]}
"""


def pages_with_releases(root: Path) -> dict[str, str]:
    (root / "releases").mkdir()
    (root / "releases" / "1.0.0.yaml").write_text(RELEASE_1)
    (root / "releases" / "1.1.0.yaml").write_text(RELEASE_2)
    catalog = load_valid_catalog(root)
    return render_pages(catalog, build_graph(catalog))


def test_changes_page_lists_releases_newest_first(small_catalog: Path) -> None:
    pages = pages_with_releases(small_catalog)
    page = pages[CHANGES_PAGE]
    assert page.index('<a href="releases/1.1.0.md">1.1.0</a>') < page.index('<a href="releases/1.0.0.md">1.0.0</a>')
    assert ('<tr><td><a href="releases/1.1.0.md">1.1.0</a></td>\n<td>2026-03-01</td>\n<td>1</td>\n<td>1</td>\n<td>0</td>'
            '\n<td>1</td></tr>') in page


def test_release_page_links_each_changed_item(small_catalog: Path) -> None:
    page = pages_with_releases(small_catalog)[release_path("1.1.0")]
    assert ('<tr><td>Changed</td>\n<td><a href="../requirements/EXO-RM-002.md"><span class="exo-id">EXO-RM-002</span> '
            'Animal-derived media components</a></td>\n<td>statement, citations</td></tr>') in page
    assert '<a href="1.0.0.md">1.0.0</a>' in page


def test_requirement_pages_say_new_in_or_changed_in_the_latest_release(small_catalog: Path) -> None:
    pages = pages_with_releases(small_catalog)
    assert "changed in v1.1.0" in pages["catalog/requirements/EXO-RM-002.md"]
    assert "new in v1.1.0" in pages["catalog/requirements/EXO-SF-001.md"]
    assert "new in v1.0.0" in pages["catalog/requirements/EXO-RM-001.md"]
    assert "in v1" not in pages["catalog/requirements/EXO-SF-002.md"]


def test_without_releases_the_changes_page_says_so_and_has_no_tab(small_catalog: Path) -> None:
    catalog = load_valid_catalog(small_catalog)
    assert "No release has been cut yet" in render_pages(catalog, build_graph(catalog))[CHANGES_PAGE]
    assert {"Changes": CHANGES_PAGE} not in render_nav(catalog)


def test_with_a_release_the_changes_tab_appears(small_catalog: Path) -> None:
    pages_with_releases(small_catalog)
    catalog = load_valid_catalog(small_catalog)
    assert {"Changes": CHANGES_PAGE} in render_nav(catalog)
