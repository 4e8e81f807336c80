"""Pages that list the whole catalog stay bounded: beyond the cap they continue on numbered pages."""

from __future__ import annotations

import html
import posixpath
import re
from collections import Counter

import pytest

from exodossier.catalog.checks import load_valid_catalog
from exodossier.graph.build import build_graph
from exodossier.i18n.messages import translator
from exodossier.site import pagination
from exodossier.site.pages import overview
from exodossier.site.pagination import Section, numbered_path, paginate
from exodossier.site.paths import CTD_PAGE, OVERVIEW, STAGES_PAGE, TRACEABILITY
from exodossier.site.render import render_pages
from tests.conftest import SMALL_CATALOG

_LINK = re.compile(r'\]\(([^)\s]+)\)|href="([^"]+)"')
SPLIT = (STAGES_PAGE, TRACEABILITY, CTD_PAGE)


def links(page: str, from_path: str) -> list[str]:
    """Every link target of a page, as a docs-folder path (anchor dropped)."""
    targets = [a or b for a, b in _LINK.findall(page)]
    return [posixpath.normpath(posixpath.join(posixpath.dirname(from_path), t.split("#")[0]))
            for t in targets if t and not t.startswith(("#", "http"))]


def requirement_rows(page: str, from_path: str) -> Counter[str]:
    return Counter(t for t in links(page, from_path) if t.startswith("catalog/requirements/"))


def rendered(monkeypatch: pytest.MonkeyPatch, cap: int) -> dict[str, str]:
    monkeypatch.setattr(pagination, "LIST_MAX_ROWS", cap)
    monkeypatch.setattr(overview, "LIST_MAX_ROWS", cap)
    catalog = load_valid_catalog(SMALL_CATALOG)
    return render_pages(catalog, build_graph(catalog))


def split_pages(pages: dict[str, str], path: str) -> list[str]:
    stem = path.removesuffix(".md")
    return sorted((p for p in pages if p == path or re.fullmatch(re.escape(stem) + r"-\d+\.md", p)),
                  key=lambda p: (len(p), p))


def test_catalog_within_the_cap_keeps_each_list_on_one_page_without_a_pager(monkeypatch: pytest.MonkeyPatch) -> None:
    pages = rendered(monkeypatch, 1000)
    for path in SPLIT:
        assert split_pages(pages, path) == [path]
        assert "Page 1 of" not in pages[path]
    assert requirement_rows(pages[OVERVIEW], OVERVIEW) == Counter(
        f"catalog/requirements/{i}.md" for i in ("EXO-RM-001", "EXO-RM-002", "EXO-SF-001", "EXO-SF-002"))


@pytest.mark.parametrize("path", SPLIT)
def test_whole_catalog_page_continues_on_numbered_pages_beyond_the_cap(monkeypatch: pytest.MonkeyPatch,
                                                                        path: str) -> None:
    single = rendered(monkeypatch, 1000)[path]
    pages = rendered(monkeypatch, 2)
    numbered = split_pages(pages, path)
    assert len(numbered) > 1 and numbered[1] == numbered_path(path, 2)
    total: Counter[str] = Counter()
    for page_path in numbered:
        rows = requirement_rows(pages[page_path], page_path)
        assert sum(rows.values()) <= 2  # the cap holds on every page
        total += rows
        others = set(numbered) - {page_path}
        assert others <= set(links(pages[page_path], page_path))  # every page links to every other page
    assert total == requirement_rows(single, path)  # nothing lost, nothing repeated across the pages


def test_overview_beyond_the_cap_points_to_each_category_page_instead_of_listing(
        monkeypatch: pytest.MonkeyPatch) -> None:
    page = rendered(monkeypatch, 2)[OVERVIEW]
    assert not requirement_rows(page, OVERVIEW)
    targets = links(page, OVERVIEW)
    assert {"catalog/categories/raw-materials.md", "catalog/categories/safety.md"} <= set(targets)
    assert "2 requirements, listed on the category page" in page


def test_section_cut_by_a_page_break_goes_on_under_its_heading_marked_continued() -> None:
    _ = translator("site", "en")
    section = Section(["## Letters {#letters}"], ["## Letters (continued)"], list("abcde"),
                      lambda rows: [f"- {row}" for row in rows])
    pages = paginate("catalog/x.md", lambda number, count: [f"# X {number}/{count}"], [["intro"], section], _, cap=2)
    assert list(pages) == ["catalog/x.md", "catalog/x-2.md", "catalog/x-3.md"]
    first, second, third = pages.values()
    assert first[0] == "# X 1/3" and "intro" in first and "## Letters {#letters}" in first
    assert [line for line in second if line.startswith("- ")] == ["- c", "- d"]
    assert "## Letters (continued)" in third and "## Letters {#letters}" not in third
    assert html.unescape(third[1]).startswith("<p>Page 3 of 3:")  # the pager, before and after the rows
    assert links("\n".join(third), "catalog/x-3.md") == ["catalog/x.md", "catalog/x-2.md"] * 2
