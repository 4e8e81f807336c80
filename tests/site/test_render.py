"""The catalog pages as a pure function: content, links, escaping and determinism, without mkdocs."""

from __future__ import annotations

import html as html_lib
import posixpath
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
from tests.conftest import FIXTURES

from exodossier.catalog.loader import Catalog
from exodossier.catalog.checks import load_valid_catalog
from exodossier.graph.build import build_graph
from exodossier.site.pages.downloads import GUIDELINE_DOCUMENTS, guideline_file
from exodossier.site.paths import DOWNLOADS, OVERVIEW
from exodossier.site.context import clause_anchors
from exodossier.site.render import render_nav, render_pages, render_site_files

HOSTILE = FIXTURES / "catalogs" / "hostile"
GUIDELINE_HREFS = {guideline_file(language, edition, suffix) for language, _ in GUIDELINE_DOCUMENTS
                   for edition in ("full", "summary") for suffix in ("docx", "pdf")}
EXTENSIONS = ["admonition", "attr_list", "tables", "toc", "pymdownx.superfences", "pymdownx.details",
              "pymdownx.tabbed"]


def pages_of(root: Path) -> tuple[Catalog, dict[str, str]]:
    catalog = load_valid_catalog(root)
    return catalog, render_pages(catalog, build_graph(catalog))


@pytest.fixture(scope="module")
def small() -> dict[str, str]:
    return pages_of(FIXTURES / "catalogs" / "small")[1]


@pytest.fixture(scope="module")
def hostile() -> dict[str, str]:
    return pages_of(HOSTILE)[1]


def body(page: str) -> str:
    """The Markdown after the front matter."""
    return page.split("\n---\n", 1)[1]


def to_html(page: str) -> str:
    return markdown.markdown(body(page), extensions=EXTENSIONS)


def test_one_page_per_requirement_source_and_category_plus_the_catalog_pages(small: dict[str, str]) -> None:
    assert sorted(small) == [
        "catalog/categories/raw-materials.md", "catalog/categories/safety.md", "catalog/changes.md",
        "catalog/downloads.md",
        "catalog/graph.md", "catalog/index.md",
        "catalog/requirements/EXO-RM-001.md", "catalog/requirements/EXO-RM-002.md",
        "catalog/requirements/EXO-SF-001.md", "catalog/requirements/EXO-SF-002.md",
        "catalog/sources/SRC-NEW.md", "catalog/sources/SRC-OLD.md", "catalog/sources/SRC-PAPER.md",
        "catalog/sources/index.md", "catalog/tags.md", "catalog/traceability.md"]


def test_requirement_page_shows_statement_prominently_in_english_and_japanese(small: dict[str, str]) -> None:
    page = small["catalog/requirements/EXO-RM-002.md"]
    assert '!!! abstract exo-statement "Statement"' in page
    assert '    === "English"' in page and '    === "日本語"' in page
    assert "動物由来の培地成分は生物由来原料基準に適合しなければならない。" in page
    assert '<p lang="ja">動物由来培地成分</p>' in page  # Japanese title under the heading
    assert page.index("Statement") < page.index("## Rationale")


def test_phase_table_lists_every_stage_with_the_expectation_in_force(small: dict[str, str]) -> None:
    page = small["catalog/requirements/EXO-RM-001.md"]
    assert ("<tr><td>Nonclinical</td><td>—</td><td>not yet expected</td></tr>"
            "<tr><td>Phase 1</td><td><strong>SHOULD</strong></td><td>Single-tier bank acceptable with justification.</td></tr>"
            "<tr><td>Phase 2</td><td>SHOULD</td><td>continues from Phase 1</td></tr>"
            "<tr><td>Phase 3</td><td><strong>MUST</strong></td><td>Two-tier bank fully characterised.</td></tr>"
            "<tr><td>Marketing application</td><td>MUST</td><td>continues from Phase 3</td></tr>") in page


def test_citation_links_the_clause_on_the_source_page_and_flags_a_revised_source(small: dict[str, str]) -> None:
    page = small["catalog/requirements/EXO-RM-002.md"]
    assert "[1.1 Scope](../sources/SRC-NEW.md#clause-1-1)" in page
    assert "R1 (current: R2)" in page and 'exo-rereview">needs re-review' in page
    current = small["catalog/requirements/EXO-RM-001.md"]
    assert "needs re-review" not in current  # reviewed against the version the catalog holds


def test_citing_an_unverified_source_is_marked(small: dict[str, str]) -> None:
    page = small["catalog/requirements/EXO-SF-001.md"]
    assert 'exo-unverified">unverified source' in page
    assert 'exo-unverified">cites unverified source' in page
    assert "unverified" not in small["catalog/requirements/EXO-RM-001.md"]


def test_backlinks_name_the_requirements_that_depend_on_or_refer_to_this_one(small: dict[str, str]) -> None:
    page = small["catalog/requirements/EXO-RM-001.md"]
    depended = page.split("**Depended on by**")[1].split("**")[0]
    assert "[EXO-RM-002 Animal-derived media components](EXO-RM-002.md)" in depended
    see_also = page.split("**Referred to (see also) by**")[1]
    assert "[EXO-SF-001 Endotoxin limit justified for the route](EXO-SF-001.md)" in see_also
    assert "No other requirement points to this one." in small["catalog/requirements/EXO-SF-002.md"]


def test_status_badges_and_tags_come_from_the_requirement(small: dict[str, str]) -> None:
    draft = small["catalog/requirements/EXO-SF-002.md"]
    assert 'exo-status-draft">draft' in draft
    assert draft.startswith('---\ntitle: "EXO-SF-002 Viral safety draft"\ntags:\n  - "Safety"\n  - "Viral safety"\n'
                            '  - "From Phase 2"\n---\n')


def test_neighbourhood_is_inline_svg_without_scripts_or_external_references(small: dict[str, str]) -> None:
    page = small["catalog/requirements/EXO-RM-002.md"]
    svg = re.search(r'<div class="exo-diagram">(<svg.*?</svg>)</div>', page).group(1)
    tree = ET.fromstring(svg)  # well-formed XML
    labels = [t.text for t in tree.iter("{http://www.w3.org/2000/svg}text")]
    assert {"EXO-RM-002", "EXO-SF-001", "EXO-RM-001", "SRC-NEW", "depends on", "cites"} <= set(labels)
    assert "script" not in svg and "http" not in svg.replace("http://www.w3.org/2000/svg", "")


def test_source_page_groups_citing_requirements_by_clause_and_links_versions(small: dict[str, str]) -> None:
    page = small["catalog/sources/SRC-NEW.md"]
    scope = page.split("### 1.1 Scope {#clause-1-1}")[1].split("###")[0]
    assert "[EXO-RM-002 Animal-derived media components](../requirements/EXO-RM-002.md)" in scope
    assert "needs re-review" in scope
    substrates = page.split("### 2.3 Cell substrates {#clause-2-3}")[1]
    assert "EXO-RM-001" in substrates and "EXO-RM-002" not in substrates
    assert "| Supersedes | [SRC-OLD Fixture guideline, first revision](SRC-OLD.md) |" in page
    old = small["catalog/sources/SRC-OLD.md"]
    assert "| Superseded by | [SRC-NEW Fixture guideline, second revision](SRC-NEW.md) |" in old
    assert "No requirement cites this clause." in old


def test_unverified_source_says_so(small: dict[str, str]) -> None:
    page = small["catalog/sources/SRC-PAPER.md"]
    assert '!!! warning "Not verified"' in page and "Journal details not checked." in page


def test_overview_counts_and_tables_per_category(small: dict[str, str]) -> None:
    page = small[OVERVIEW]
    assert "| [Raw materials](categories/raw-materials.md) | 2 | 0 | 0 | 2 | 0 | 2 | 0 | 0 |" in page
    assert "| [Safety](categories/safety.md) | 2 | 1 | 0 | 1 | 0 | 0 | 1 | 1 |" in page
    assert "| **All categories** | **4** | **1** | **0** | **3** | **0** | **2** | **1** | **1** |" in page
    row = ('| [EXO-SF-002](requirements/EXO-SF-002.md) | Viral safety draft | Viral safety | '
           '<span class="exo-badge exo-criticality-low">low</span> | Phase 2 (should) | ')
    assert row in page


def test_traceability_shows_matrices_and_coverage_findings(small: dict[str, str]) -> None:
    page = small["catalog/traceability.md"]
    uncited = page.split("### Sources no requirement cites (1)")[1].split("###")[0]
    assert "[SRC-OLD Fixture guideline, first revision](sources/SRC-OLD.md)" in uncited
    assert "| Requirement | [SRC-NEW](sources/SRC-NEW.md) |" in page
    assert "| [EXO-RM-001](requirements/EXO-RM-001.md) | 2.3 |" in page
    assert "| Requirement | 3.2.A.2 | 3.2.S.2.3 |" in page
    assert "| [EXO-RM-002](requirements/EXO-RM-002.md) | ● | ● |" in page


def test_graph_overview_draws_categories_and_sources_as_static_svg(small: dict[str, str]) -> None:
    page = small["catalog/graph.md"]
    svgs = [ET.fromstring(svg) for svg in re.findall(r'<div class="exo-diagram">(<svg.*?</svg>)</div>', page)]
    assert len(svgs) == 2
    texts = [[t.text for t in svg.iter("{http://www.w3.org/2000/svg}text")] for svg in svgs]
    assert texts[0] == ["RM (2)", "SF (2)"]  # the category ring
    assert texts[1] == ["RM", "SF", "SRC-NEW", "SRC-PAPER"]  # bubble matrix: columns, then sources by citations
    bubbles = [c.get("r") for c in svgs[1].iter("{http://www.w3.org/2000/svg}circle")]
    assert len(bubbles) == 2  # RM cites SRC-NEW, SF cites SRC-PAPER
    assert "| Safety | 2 |   |" in page  # SF requirements link twice to RM requirements, never to SF
    assert "Category codes: RM Raw materials; SF Safety." in page


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "a" and found.get("href"):
            self.hrefs.append(found["href"] or "")
        if found.get("id"):
            self.ids.add(found["id"] or "")


def test_every_internal_link_and_anchor_resolves() -> None:
    for root in (FIXTURES / "catalogs" / "small", HOSTILE):
        catalog = load_valid_catalog(root)
        files = render_site_files(catalog, build_graph(catalog))
        parsed: dict[str, _Links] = {}
        for path, content in files.items():
            if path.endswith(".md"):
                parsed[path] = _Links()
                parsed[path].feed(to_html(content.decode("utf-8")))
        for path, links in parsed.items():
            for href in links.hrefs:
                if href.startswith(("https://", "#")) or (path == DOWNLOADS and href in GUIDELINE_HREFS):
                    continue  # the guideline documents are copied beside the page by `make run`, not rendered
                target, _, anchor = href.partition("#")
                resolved = posixpath.normpath(posixpath.join(posixpath.dirname(path), target))
                assert resolved in files, f"{path}: broken link {href}"
                if anchor:
                    assert anchor in parsed[resolved].ids, f"{path}: missing anchor {href}"


def test_nav_lists_categories_not_requirements() -> None:
    catalog = load_valid_catalog(FIXTURES / "catalogs" / "small")
    nav = render_nav(catalog)
    flat = repr(nav)
    assert "categories/raw-materials.md" in flat and "categories/safety.md" in flat
    assert "requirements/" not in flat


def test_clause_anchors_are_unique_and_html_safe() -> None:
    catalog = load_valid_catalog(HOSTILE)
    anchors = clause_anchors(catalog.sources["SRC-PAPER"])
    assert anchors["characterisation"] == "clause-characterisation"
    assert re.fullmatch(r"clause-3-1-[0-9a-f]{8}", anchors["§ 3.1/ä"])


def test_rendering_twice_gives_identical_files() -> None:
    catalog = load_valid_catalog(FIXTURES / "catalogs" / "small")
    assert render_site_files(catalog, build_graph(catalog)) == render_site_files(catalog, build_graph(catalog))


# --------------------------------------------------------------------------- hostile text


class _Markup(HTMLParser):
    """Every element and attribute of a rendered page, to see what became markup."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.attributes: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attributes += [(name, value or "") for name, value in attrs]


def test_hostile_text_never_becomes_markup(hostile: dict[str, str]) -> None:
    for path, page in hostile.items():
        markup = _Markup()
        markup.feed(to_html(page))
        assert not markup.tags & {"script", "img", "i", "b", "iframe"}, path
        assert not [name for name, _ in markup.attributes if name.startswith("on")], path
        hrefs = [value for name, value in markup.attributes if name == "href"]
        assert not [h for h in hrefs if not (h.startswith(("../", "#", "https://example.invalid/paper"))
                                             or re.fullmatch(r"[\w./-]+\.(md|json|csv|xlsx)(#[\w-]+)?", h)
                                             or (path == DOWNLOADS and h in GUIDELINE_HREFS))], path


def test_hostile_rationale_shows_as_the_characters_typed(hostile: dict[str, str]) -> None:
    rendered = to_html(hostile["catalog/requirements/EXO-RM-001.md"])
    rationale = rendered.split('id="rationale">Rationale</h2>')[1].split("<h2")[0]
    text = re.sub(r"<[^>]+>", "", rationale)
    assert html_lib.unescape(text).strip() == (
        "Vesicle composition follows the producer cells. <script>window.__pwned = 2</script> "
        "[click me](javascript:window.__pwned=3) <img src=\"x\" onerror=\"window.__pwned=4\"> "
        "text {: onclick=\"window.__pwned=5\"} **not bold** `not code` <b>not bold either</b>")


def test_hostile_list_items_stay_single_items(hostile: dict[str, str]) -> None:
    rendered = to_html(hostile["catalog/requirements/EXO-RM-001.md"])
    criteria = rendered.split('id="acceptance-criteria-examples"')[1].split("<h2")[0]
    assert criteria.count("<li>") == 4 and "<ol>" not in criteria and "<h1" not in criteria
    assert "<table" not in criteria


def test_hostile_front_matter_is_html_escaped_yaml(hostile: dict[str, str]) -> None:
    import yaml

    page = hostile["catalog/requirements/EXO-RM-001.md"]
    meta = yaml.safe_load(page.split("---\n")[1])
    assert meta["title"] == "EXO-RM-001 Cell bank &lt;/title&gt;&lt;script&gt;window.__pwned = 1&lt;/script&gt; qualification"
    assert meta["tags"][1] == "&lt;i&gt;Cell&lt;/i&gt; banks &amp; &lt;script&gt;window.__pwned = 6&lt;/script&gt;"


def test_hostile_source_link_keeps_the_address_inside_the_attribute(hostile: dict[str, str]) -> None:
    page = hostile["catalog/sources/SRC-PAPER.md"]
    assert ('<a href="https://example.invalid/paper&quot;onmouseover=&quot;window.__pwned=11" '
            'rel="noopener noreferrer">') in page


def test_hostile_navigation_titles_are_escaped() -> None:
    nav = render_nav(load_valid_catalog(HOSTILE))
    categories = nav[0]["Requirements"]
    assert {"Raw materials &lt;img src=x onerror=&quot;window.__pwned=9&quot;&gt;": "catalog/categories/raw-materials.md"} \
        in categories
