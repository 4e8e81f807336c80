"""Search entries of the generated pages, written from the models instead of Material's HTML parsing.

The sites are built from fixture catalogs with the repository's mkdocs.yml and mkdocs.ja.yml; the
entries must point at the headings the built pages really have, carry the pages' tags, hold the
catalog text escaped, and replace (never duplicate) what Material would have indexed.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from markdown.extensions.toc import slugify as markdown_slugify
from pymdownx.slugs import slugify

from exodossier.catalog.checks import load_valid_catalog
from exodossier.graph.build import build_graph
from exodossier.site.context import SiteContext
from exodossier.site.search_index import indexed_pages, merge_into_index, page_url, requirement_entries, search_entries
from tests.conftest import FIXTURES, SMALL_CATALOG
from tests.site_project import build, build_both, make_project

SLUG = slugify(case="lower")
HEADING_ID = re.compile(r'<h([1-6]) id="([^"]+)"')


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("search-site")
    result = build_both(make_project(folder, SMALL_CATALOG), folder / "site")
    assert result.returncode == 0, result.stderr
    return folder / "site"


def index_of(site: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    return data


def site_context(catalog: Path, language: str = "en") -> SiteContext:
    loaded = load_valid_catalog(catalog)
    return SiteContext.of(loaded, build_graph(loaded), language=language)  # type: ignore[arg-type]


def test_generated_pages_are_left_out_of_materials_search(built: Path) -> None:
    """Each generated page's entries are exactly the ones written from the models, once: Material indexed none."""
    for site, language in ((built, "en"), (built / "ja", "ja")):
        site_ctx = site_context(SMALL_CATALOG, language)
        ours = search_entries(site_ctx, SLUG)
        pages = {page_url(path) for path in indexed_pages(site_ctx)}
        written = [doc for doc in index_of(site)["docs"] if doc["location"].split("#")[0] in pages]
        assert written == ours
        locations = [doc["location"] for doc in index_of(site)["docs"]]
        assert len(locations) == len(set(locations)), "a page indexed twice"


def test_search_index_lists_every_requirement_section(built: Path) -> None:
    """Every heading of a requirement, source or category page is a search location, and nothing else is."""
    docs = index_of(built)["docs"]
    site_ctx = site_context(SMALL_CATALOG)
    for path in indexed_pages(site_ctx):
        url = page_url(path)
        page = (built / url / "index.html").read_text(encoding="utf-8")
        article = page[page.index("<article"):page.index("</article>")]
        headings = [(level, anchor) for level, anchor in HEADING_ID.findall(article)]
        expected = [url] + [f"{url}#{anchor}" for _level, anchor in headings]
        assert [doc["location"] for doc in docs if doc["location"].split("#")[0] == url] == expected, url


def test_requirement_entries_carry_the_pages_tags_title_and_statement(built: Path) -> None:
    docs = {doc["location"]: doc for doc in index_of(built)["docs"]}
    page = docs["catalog/requirements/EXO-RM-001/"]
    assert page["title"] == "EXO-RM-001 Cell bank qualification"
    assert page["tags"] == ["Raw materials", "Cell banks", "From Phase 1"]
    heading = docs["catalog/requirements/EXO-RM-001/#exo-rm-001-cell-bank-qualification"]
    assert "The sponsor must qualify a two-tier cell bank before GMP manufacture." in heading["text"]
    assert "STR profiling" in docs["catalog/requirements/EXO-RM-001/#methods"]["text"]


def test_the_japanese_edition_indexes_the_japanese_statement(built: Path) -> None:
    texts = " ".join(doc["text"] for doc in index_of(built / "ja")["docs"]
                     if doc["location"].startswith("catalog/requirements/EXO-RM-002/"))
    assert "培地" in texts
    assert index_of(built / "ja")["config"]["lang"] == ["ja", "en"]


def test_pages_left_to_material_keep_table_cells_apart_for_search(built: Path) -> None:
    """Material joins adjacent text: table cells written without whitespace between them ("EXO-RM-001Cell")
    would make "001" unfindable on the pages Material still indexes (the overview lists every requirement)."""
    index = index_of(built)
    separator = re.compile(index["config"]["separator"])
    text = " ".join(doc["text"] for doc in index["docs"] if doc["location"].split("#")[0] == "catalog/")
    words = set(separator.split(re.sub(r"<[^>]*>", " ", text).lower()))
    assert {"001", "cell", "adopted"} <= words


def test_search_index_text_is_escaped(tmp_path: Path) -> None:
    """Catalog text is data: the client renders entries as HTML, so `<script>` must arrive as `&lt;script&gt;`."""
    result = build(make_project(tmp_path, FIXTURES / "catalogs" / "hostile"), tmp_path / "site")
    assert result.returncode == 0, result.stderr
    docs = index_of(tmp_path / "site")["docs"]
    ours = [doc for doc in docs if doc["location"].startswith("catalog/requirements/EXO-RM-001/")]
    for doc in ours:
        for field in (doc["title"], doc["text"], *doc.get("tags", [])):
            assert "<script" not in field and "<img" not in field and "<i>" not in field, field
            assert re.sub(r"</?(p|ul|li|sup)>", "", field).count("<") == 0, field
    text = " ".join(doc["title"] + " " + doc["text"] for doc in ours)
    assert "&lt;script&gt;window.__pwned = 2&lt;/script&gt;" in text
    assert "EXO-RM-001 Cell bank &lt;/title&gt;&lt;script&gt;" in ours[0]["title"]


def test_a_heading_repeated_on_a_page_gets_the_same_numbered_anchor_as_the_page(tmp_path: Path) -> None:
    """A topic named like its category: Python-Markdown numbers the second anchor, and so does the index."""
    catalog = tmp_path / "catalog-source"
    shutil.copytree(SMALL_CATALOG, catalog)
    requirement = catalog / "requirements" / "raw-materials" / "EXO-RM-001.yaml"
    requirement.write_text(requirement.read_text(encoding="utf-8").replace("topic: Cell banks", "topic: Raw materials"),
                           encoding="utf-8")
    result = build(make_project(tmp_path / "project", catalog), tmp_path / "site")
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "site" / "catalog" / "categories" / "raw-materials" / "index.html").read_text(encoding="utf-8")
    assert 'id="raw-materials_1"' in page
    locations = {doc["location"] for doc in index_of(tmp_path / "site")["docs"]}
    assert {"catalog/categories/raw-materials/#raw-materials", "catalog/categories/raw-materials/#raw-materials_1"} \
        <= locations


def test_anchors_follow_the_configured_slug_function() -> None:
    """Japanese headings keep their letters with pymdownx's slugify; Markdown's default would drop them."""
    site_ctx = site_context(FIXTURES / "catalogs" / "bilingual", "ja")
    requirement = next(r for r in site_ctx.catalog.requirements.values() if r.title.ja)
    heading = f"{requirement.id} {site_ctx.plain(requirement.title)}"
    unicode_anchor = requirement_entries(site_ctx, requirement, SLUG)[1]["location"].split("#")[1]
    ascii_anchor = requirement_entries(site_ctx, requirement, markdown_slugify)[1]["location"].split("#")[1]
    assert unicode_anchor == SLUG(heading, "-") and unicode_anchor != ascii_anchor


def test_merge_keeps_materials_entries_and_replaces_ours_whole(tmp_path: Path) -> None:
    """Under `mkdocs serve --dirty` Material merges its previous index; our entries are always the whole set."""
    index_file = tmp_path / "search_index.json"
    config = {"lang": ["en"], "separator": "[\\s\\-]+", "pipeline": [], "fields": {}}
    chapter = {"location": "how-to-read/", "title": "How to read", "text": "<p>Chapter</p>"}
    stale = {"location": "catalog/requirements/EXO-RM-001/#rationale", "title": "Rationale", "text": "old"}
    index_file.write_text(json.dumps({"config": config, "docs": [chapter, stale]}), encoding="utf-8")
    ours = [{"location": "catalog/requirements/EXO-RM-001/", "title": "EXO-RM-001", "text": ""},
            {"location": "catalog/requirements/EXO-RM-001/#rationale", "title": "Rationale", "text": "new"}]
    merge_into_index(index_file, ours)
    first = index_file.read_bytes()
    assert json.loads(first) == {"config": config, "docs": [chapter, *ours]}
    merge_into_index(index_file, ours)
    assert index_file.read_bytes() == first


def test_streamed_merge_writes_the_same_bytes_as_a_merge_of_the_whole_list(tmp_path: Path) -> None:
    """The plugin hands its entries over as they are built, with the pages they index: same file."""
    config = {"lang": ["ja"], "separator": "[\\s\\-]+", "pipeline": [], "fields": {}}
    chapter = {"location": "how-to-read/", "title": "読み方", "text": "<p>章 \"quoted\"</p>"}
    stale = {"location": "catalog/requirements/EXO-RM-001/#rationale", "title": "Rationale", "text": "old"}
    material = json.dumps({"config": config, "docs": [chapter, stale], "extra": [1]})
    ours = [{"location": "catalog/requirements/EXO-RM-001/", "title": "EXO-RM-001 要件", "text": "", "tags": ["a"]},
            {"location": "catalog/requirements/EXO-RM-001/#rationale", "title": "Rationale", "text": "新しい"}]
    whole, streamed = tmp_path / "whole.json", tmp_path / "streamed.json"
    whole.write_text(material, encoding="utf-8")
    streamed.write_text(material, encoding="utf-8")
    merge_into_index(whole, ours)
    merge_into_index(streamed, iter(ours), {"catalog/requirements/EXO-RM-001/"})
    assert streamed.read_bytes() == whole.read_bytes()
    assert json.loads(whole.read_bytes()) == {"config": config, "docs": [chapter, *ours], "extra": [1]}
    expected = json.dumps({"config": config, "docs": [chapter, *ours], "extra": [1]}, separators=(",", ":"))
    assert whole.read_text(encoding="ascii") == expected


def test_merge_lists_a_page_that_materials_dirty_reload_indexed_twice_once(tmp_path: Path) -> None:
    """Material's dirty-reload merge keeps old entries of every re-indexed page but the first: the newest run wins."""
    index_file = tmp_path / "search_index.json"
    old = [{"location": "catalog/", "title": "Overview", "text": "old"},
           {"location": "catalog/#summary", "title": "Summary", "text": "old"},
           {"location": "phases/", "title": "Phases", "text": "kept"}]
    new = [{"location": "catalog/", "title": "Overview", "text": "new"}]
    index_file.write_text(json.dumps({"config": {}, "docs": old + new}), encoding="utf-8")
    merge_into_index(index_file, [])
    assert json.loads(index_file.read_text(encoding="utf-8"))["docs"] == [*new, old[2]]


def test_page_urls_follow_mkdocs_directory_urls() -> None:
    assert page_url("catalog/requirements/EXO-RM-001.md") == "catalog/requirements/EXO-RM-001/"
    assert page_url("catalog/sources/index.md") == "catalog/sources/"
    assert page_url("catalog/requirements/EXO-RM-001.md", directory_urls=False) == "catalog/requirements/EXO-RM-001.html"
