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
from exodossier.catalog.models import Citation, Clause, LocalizedText, fingerprint
from exodossier.graph.build import build_graph
from exodossier.site.pages.downloads import GUIDELINE_DOCUMENTS, guideline_file
from exodossier.site.paths import DOWNLOADS, OVERVIEW
from exodossier.site.context import SiteContext, clause_anchors
from exodossier.site.fragments import ClauseLabel, clause_label, reviewed_against
from exodossier.site.pages.traceability import ctd_key
from exodossier.site.markup import READY_MARKER
from exodossier.site.ready import HeadingStyle, finish
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
    """The page body after the front matter."""
    return page.split("\n---\n", 1)[1]


def to_html(page: str) -> str:
    """The body as a browser gets it: ready HTML finished (links left as written), a Markdown page converted."""
    text = body(page)
    if text.startswith(READY_MARKER):
        return finish(text, "", HeadingStyle(), lambda target, anchor, href: None).html
    return markdown.markdown(text, extensions=EXTENSIONS)


def headings_of(page: str, level: int) -> list[str]:
    """The text of the page's headings of one level."""
    return [re.sub(r"<[^>]+>", "", inner) for inner in re.findall(rf"<h{level}[^>]*>(.*?)</h{level}>", page)]


def after_heading(page: str, text: str) -> str:
    """The page from the end of the heading whose markup is `text` on."""
    return re.split(rf"<h[1-6][^>]*>{re.escape(text)}</h[1-6]>", page, maxsplit=1)[1]


def section(page: str, text: str) -> str:
    """What follows a heading up to the next heading."""
    return re.split(r"<h[1-6][ >]", after_heading(page, text), maxsplit=1)[0]


def test_one_page_per_requirement_source_and_category_plus_the_catalog_pages(small: dict[str, str]) -> None:
    assert sorted(small) == [
        "catalog/categories/raw-materials.md", "catalog/categories/safety.md", "catalog/changes.md",
        "catalog/committee.md", "catalog/ctd-sections.md", "catalog/downloads.md",
        "catalog/graph.md", "catalog/index.md",
        "catalog/requirements/EXO-RM-001.md", "catalog/requirements/EXO-RM-002.md",
        "catalog/requirements/EXO-SF-001.md", "catalog/requirements/EXO-SF-002.md",
        "catalog/sources/SRC-NEW.md", "catalog/sources/SRC-OLD.md", "catalog/sources/SRC-PAPER.md",
        "catalog/sources/index.md", "catalog/stages.md", "catalog/tags.md", "catalog/traceability.md"]


def text_of(page: str) -> str:
    """The page's Markdown with character references decoded, as a reader sees the words."""
    return html_lib.unescape(page)


def test_requirement_page_shows_statement_prominently_in_english_and_japanese(small: dict[str, str]) -> None:
    page = small["catalog/requirements/EXO-RM-002.md"]
    assert '<div class="admonition abstract exo-statement">\n<p class="admonition-title">Statement</p>' in page
    assert page.index('<label for="english">English</label>') < page.index('<label for="日本語">日本語</label>')
    assert "動物由来の培地成分は生物由来原料基準に適合しなければならない。" in page
    assert '<p class="exo-subtitle" lang="ja">動物由来培地成分</p>' in page  # Japanese title under the heading
    assert page.index("Statement") < page.index("<h2>Rationale</h2>")


def test_requirement_page_has_breadcrumb_version_line_and_previous_next(small: dict[str, str]) -> None:
    page = small["catalog/requirements/EXO-RM-002.md"]
    assert ('<p class="exo-breadcrumb"><a href="../index.md">Requirements</a> › '
            '<a href="../categories/raw-materials.md">Raw materials</a> › Media</p>') in page
    assert page.index("exo-breadcrumb") < page.index("<h1>EXO-RM-002")
    assert '<p class="exo-version">Catalog 1.0.0 · committee draft · 2026-01-15</p>' in page
    navigation = text_of(page.split('<p class="exo-prev-next">')[1].split("</p>")[0])
    assert '← Previous: <a href="EXO-RM-001.md">' in navigation and "Next:" not in navigation
    first = small["catalog/requirements/EXO-RM-001.md"]
    assert "Previous:" not in first and 'Next: <a href="EXO-RM-002.md">' in text_of(first)
    assert "EXO-RM-002</span> Animal-derived" in first


def test_phase_table_lists_every_stage_with_the_expectation_in_force(small: dict[str, str]) -> None:
    page = small["catalog/requirements/EXO-RM-001.md"]
    assert ("<tr><td>Nonclinical</td>\n<td>—</td>\n<td>not yet expected</td></tr>"
            "\n<tr><td>Phase 1</td>\n<td><strong>SHOULD</strong></td>\n<td>Single-tier bank acceptable with justification.</td></tr>"
            "\n<tr><td>Phase 2</td>\n<td>SHOULD</td>\n<td>continues from Phase 1</td></tr>"
            "\n<tr><td>Phase 3</td>\n<td><strong>MUST</strong></td>\n<td>Two-tier bank fully characterised.</td></tr>"
            "\n<tr><td>Marketing application</td>\n<td>MUST</td>\n<td>continues from Phase 3</td></tr>") in page


def test_citation_links_the_clause_on_the_source_page_and_flags_a_revised_source(small: dict[str, str]) -> None:
    page = small["catalog/requirements/EXO-RM-002.md"]
    assert '<a href="../sources/SRC-NEW.md#clause-1-1">§1.1 Scope</a>' in page
    assert 'R1 <span class="exo-badge exo-rereview">needs re-review</span> (the catalog now holds R2)' in page
    current = small["catalog/requirements/EXO-RM-001.md"]
    assert "needs re-review" not in current  # reviewed against the version the catalog holds


def test_an_unverified_source_is_a_marker_beside_the_citation_never_a_page_badge(small: dict[str, str]) -> None:
    page = small["catalog/requirements/EXO-SF-001.md"]
    badges = page.split('<p class="exo-badges">')[1].split("</p>")[0]
    assert "unverified" not in badges
    citations = section(page, "Citations")
    assert '<sup class="exo-check-pending" title="Check pending: the committee has not yet checked this source ' \
           'against its official text; topic; section number not verified">†</sup>' in citations
    assert '<a href="../committee.md">The state of every check</a>' in citations
    assert "exo-check-pending" not in small["catalog/requirements/EXO-RM-001.md"]


def test_a_clause_reads_as_section_and_title_never_as_a_slug() -> None:
    catalog = load_valid_catalog(FIXTURES / "catalogs" / "small")
    site = SiteContext.of(catalog, build_graph(catalog))
    numbered = Clause(id="18", title=LocalizedText(en="Cell culture / fermentation (section number not verified)"))
    topic = Clause(id="description-of-process", title=LocalizedText(en="Description of the process (topic)"))
    assert clause_label(site, numbered) == ClauseLabel("§18 Cell culture / fermentation", "section number not verified")
    assert clause_label(site, topic) == ClauseLabel("Description of the process (topic)", "")


def test_reviewed_against_names_an_edition_or_says_it_is_not_recorded() -> None:
    catalog = load_valid_catalog(FIXTURES / "catalogs" / "small")
    site = SiteContext.of(catalog, build_graph(catalog))
    source = catalog.sources["SRC-NEW"]
    assert reviewed_against(site, Citation(source="SRC-NEW", reviewed_version="R2"), source) == "R2"
    assert reviewed_against(site, Citation(source="SRC-NEW", reviewed_version="USP current"), source) == \
        "USP (edition not recorded)"
    dated = Citation(source="SRC-NEW", reviewed_version="USP current", reviewed_on="2026-11-01")
    assert reviewed_against(site, dated, source) == "USP, edition in force on 2026-11-01"


def test_backlinks_name_the_requirements_that_depend_on_or_refer_to_this_one(small: dict[str, str]) -> None:
    page = small["catalog/requirements/EXO-RM-001.md"]
    depended = page.split("<strong>Depended on by</strong>")[1].split("<strong>")[0]
    assert '<a href="EXO-RM-002.md"><span class="exo-id">EXO-RM-002</span> Animal-derived media components</a>' \
        in depended
    see_also = page.split("<strong>Referred to (see also) by</strong>")[1]
    assert '<a href="EXO-SF-001.md"><span class="exo-id">EXO-SF-001</span> Endotoxin limit justified for the route</a>' \
        in see_also
    assert "No other requirement points to this one." in small["catalog/requirements/EXO-SF-002.md"]


def test_status_badges_and_tags_come_from_the_requirement(small: dict[str, str]) -> None:
    draft = small["catalog/requirements/EXO-SF-002.md"]
    assert 'exo-status-draft">draft' in draft
    assert draft.startswith('---\ntitle: "EXO-SF-002 Viral safety draft"\ntags:\n  - "Safety"\n  - "Viral safety"\n'
                            '  - "From Phase 2"\n---\n')


def test_neighbourhood_is_inline_svg_without_scripts_or_external_references(small: dict[str, str]) -> None:
    page = small["catalog/requirements/EXO-RM-002.md"]
    svg = re.search(r'<div class="exo-diagram exo-neighbourhood">(<svg.*?</svg>)</div>', page).group(1)
    tree = ET.fromstring(svg)  # well-formed XML
    labels = [t.text for t in tree.iter("{http://www.w3.org/2000/svg}text")]
    assert {"EXO-RM-002", "EXO-SF-001", "EXO-RM-001", "SRC-NEW", "depends on", "cites"} <= set(labels)
    assert "script" not in svg and "http" not in svg.replace("http://www.w3.org/2000/svg", "")


def test_source_page_groups_citing_requirements_by_clause_and_links_versions(small: dict[str, str]) -> None:
    page = small["catalog/sources/SRC-NEW.md"]
    scope = page.split('<h3 id="clause-1-1">§1.1 Scope</h3>')[1].split("<h3")[0]
    assert ('<a href="../requirements/EXO-RM-002.md"><span class="exo-id">EXO-RM-002</span> Animal-derived media '
            'components</a>') in scope
    assert "needs re-review" in scope
    substrates = page.split('<h3 id="clause-2-3">§2.3 Cell substrates</h3>')[1]
    assert "EXO-RM-001" in substrates and "EXO-RM-002" not in substrates
    assert ('<tr><td>Supersedes</td>\n<td><a href="SRC-OLD.md"><span class="exo-id">SRC-OLD</span> Fixture guideline, '
            'first revision</a></td></tr>') in page
    old = small["catalog/sources/SRC-OLD.md"]
    assert ('<tr><td>Superseded by</td>\n<td><a href="SRC-NEW.md"><span class="exo-id">SRC-NEW</span> Fixture '
            'guideline, second revision</a></td></tr>') in old
    assert "No requirement cites this clause." in old


def test_source_page_phrases_verification_for_readers(small: dict[str, str]) -> None:
    page = text_of(small["catalog/sources/SRC-PAPER.md"])
    assert "<tr><td>Verification</td>\n<td>Not yet checked by the committee against the official text: check these " \
           "details before relying on them.<br>Journal details not checked.</td></tr>" in page


def test_source_page_links_the_official_text_first(hostile: dict[str, str]) -> None:
    page = hostile["catalog/sources/SRC-PAPER.md"]
    assert page.index("Read the official text") < page.index("<th>Property</th>\n<th>Value</th>")


def test_sources_index_groups_by_kind_under_reader_headings(small: dict[str, str]) -> None:
    page = small["catalog/sources/index.md"]
    assert headings_of(page, 2) == ["ICH guidelines", "Journal articles"]
    assert '<h2 id="journal-article">Journal articles</h2>' in page


def test_overview_counts_and_tables_per_category(small: dict[str, str]) -> None:
    page = small[OVERVIEW]
    def row(*cells: str) -> str:
        return "<tr>" + "\n".join(f"<td>{cell}</td>" for cell in cells)

    assert row('<a href="categories/raw-materials.md">Raw materials</a>', *"2 0 0 2 0 2 0 0".split()) in page
    assert row('<a href="categories/safety.md">Safety</a>', *"2 1 0 1 0 0 1 1".split()) in page
    assert row(*(f"<strong>{cell}</strong>" for cell in ["All categories", *"4 1 0 3 0 2 1 1".split()])) in page
    assert row('<a href="requirements/EXO-SF-002.md"><span class="exo-id">EXO-SF-002</span></a>', "Viral safety draft",
               "Viral safety", '<span class="exo-badge exo-criticality-low">low</span>', "Phase 2 (SHOULD)") in page


def test_category_page_groups_requirements_under_topics_with_the_first_sentence(small: dict[str, str]) -> None:
    page = small["catalog/categories/raw-materials.md"]
    assert headings_of(page, 2) == ["Cell banks", "Media"]
    media = after_heading(page, "Media")
    assert "<strong>Animal-derived media components</strong><br>Media components of animal origin must comply" in media
    assert '<div class="exo-wide" hidden></div>' in page


def test_traceability_matrices_come_first_in_ctd_order_split_per_module(small: dict[str, str]) -> None:
    page = small["catalog/traceability.md"]
    parts = [h for h in headings_of(page, 3) if h.startswith("3.2.")]
    assert parts == ["3.2.S Drug substance", "3.2.P Drug product", "3.2.A Appendices"]  # the CTD's order
    assert page.index("<h2>Requirements × CTD sections</h2>") < page.index("<h2>Requirements × sources</h2>")
    assert '<div class="exo-matrix">' in page
    assert "Sources no requirement cites" not in page  # the committee's housekeeping lives elsewhere
    assert '<span class="exo-id">SRC-NEW</span>' not in page.split("<h2>Requirements × sources</h2>")[0]


def test_ctd_order_puts_the_drug_substance_before_the_drug_product_then_appendices() -> None:
    sections = ["3.2.R", "3.2.P.2", "3.2.A.1", "3.2.S.10", "3.2.S.2.3", "3.2.S.2"]
    assert sorted(sections, key=ctd_key) == ["3.2.S.2", "3.2.S.2.3", "3.2.S.10", "3.2.P.2", "3.2.A.1", "3.2.R"]


def test_by_ctd_section_view_lists_each_section_with_its_requirements(small: dict[str, str]) -> None:
    page = small["catalog/ctd-sections.md"]
    control = page.split('<span class="exo-id">3.2.S.2.3</span>')[1].split("<h3")[0]
    assert '<a href="requirements/EXO-RM-002.md"><span class="exo-id">EXO-RM-002</span> Animal-derived media' in control


def test_committee_page_keeps_the_housekeeping_and_superseded_sources_are_not_uncited(small: dict[str, str]) -> None:
    page = small["catalog/committee.md"]
    uncited = page.split("<h3>Current sources no requirement cites")[1].split("<h3")[0]
    assert "SRC-OLD" not in uncited  # superseded: kept for history, not "uncited"
    kept = section(page, "Superseded or withdrawn sources, kept for history (1)")
    assert "SRC-OLD" in kept
    assert '<a href="sources/SRC-PAPER.md"><span class="exo-id">SRC-PAPER</span></a></td>\n<td>no</td>' in page
    assert "Requirements needing re-review (1)" in page


def test_changes_tab_is_hidden_until_there_is_a_release(small: dict[str, str]) -> None:
    catalog = load_valid_catalog(FIXTURES / "catalogs" / "small")
    assert "catalog/changes.md" not in repr(render_nav(catalog))


def test_graph_overview_draws_categories_and_sources_as_static_svg(small: dict[str, str]) -> None:
    page = small["catalog/graph.md"]
    svgs = [ET.fromstring(svg) for svg in re.findall(r'<div class="exo-diagram">(<svg.*?</svg>)</div>', page)]
    assert len(svgs) == 2
    texts = [[t.text for t in svg.iter("{http://www.w3.org/2000/svg}text")] for svg in svgs]
    assert texts[0] == ["RM (2)", "SF (2)"]  # the category ring
    assert texts[1] == ["RM", "SF", "SRC-NEW", "SRC-PAPER"]  # bubble matrix: columns, then sources by citations
    bubbles = [c.get("r") for c in svgs[1].iter("{http://www.w3.org/2000/svg}circle")]
    assert len(bubbles) == 2  # RM cites SRC-NEW, SF cites SRC-PAPER
    assert "<tr><td>Safety</td>\n<td>2</td>\n<td></td></tr>" in page  # SF links twice to RM requirements, never to SF
    assert "Category codes: RM Raw materials; SF Safety." in text_of(page)


# --------------------------------------------------------------------------- the Japanese edition


@pytest.fixture(scope="module")
def small_ja() -> dict[str, str]:
    catalog = load_valid_catalog(FIXTURES / "catalogs" / "small")
    return render_pages(catalog, build_graph(catalog), language="ja")


def test_japanese_edition_labels_every_fixed_string_in_japanese(small_ja: dict[str, str]) -> None:
    page = small_ja["catalog/requirements/EXO-RM-002.md"]
    assert '<p class="admonition-title">要件本文</p>' in page and "<h2>根拠</h2>" in page and "<h2>引用</h2>" in page
    assert page.index('<label for="日本語">日本語</label>') < page.index('<label for="english">English</label>')
    assert "<h1>EXO-RM-002 動物由来培地成分</h1>" in page
    assert '<p class="exo-subtitle" lang="en">Animal-derived media components</p>' in page
    assert "カタログ 1.0.0 · 委員会草案" in page
    english_labels = ["Rationale", "Citations", "Statement", "Expectations by development stage", "needs re-review"]
    assert not [label for label in english_labels if label in page]


def test_japanese_edition_marks_a_field_whose_translation_is_missing(small_ja: dict[str, str]) -> None:
    page = small_ja["catalog/requirements/EXO-RM-002.md"]
    rationale = section(page, "根拠")
    assert '<p lang="en">Bovine pituitary extract carries TSE and adventitious-agent risk. ' in rationale
    assert 'class="exo-pending"' in rationale and "翻訳未了" in rationale


def test_japanese_navigation_is_japanese() -> None:
    catalog = load_valid_catalog(FIXTURES / "catalogs" / "small")
    nav = render_nav(catalog, language="ja")
    assert [next(iter(entry)) for entry in nav] == ["要件", "出典", "トレーサビリティ", "ダウンロード"]
    assert {"安全性": "catalog/categories/safety.md"} in nav[0]["要件"]


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
    rationale = rendered.split('id="rationale">Rationale')[1].split("</h2>", 1)[1].split("<h2")[0]
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


def test_a_japanese_text_not_recorded_as_reviewed_is_shown_and_marked(small_catalog: Path) -> None:
    catalog = load_valid_catalog(small_catalog)
    page = render_pages(catalog, build_graph(catalog), language="ja")["catalog/requirements/EXO-RM-002.md"]
    japanese_tab = page.split('<div class="tabbed-block">')[1].split("</div>")[0]  # the edition's language first
    assert "動物由来の培地成分は" in japanese_tab and 'class="exo-pending"' in japanese_tab


def test_a_reviewed_japanese_text_carries_no_mark(small_catalog: Path) -> None:
    path = small_catalog / "requirements" / "raw-materials" / "EXO-RM-002.yaml"
    english = "Media components of animal origin must comply with the standards for biological ingredients."
    text = path.read_text(encoding="utf-8").replace(
        "  ja: 動物由来の培地成分は生物由来原料基準に適合しなければならない。\n",
        f"  ja: 動物由来の培地成分は生物由来原料基準に適合しなければならない。\n  ja_of: {fingerprint(english)}\n")
    path.write_text(text, encoding="utf-8")
    catalog = load_valid_catalog(small_catalog)
    page = render_pages(catalog, build_graph(catalog), language="ja")["catalog/requirements/EXO-RM-002.md"]
    japanese_tab = page.split('<div class="tabbed-block">')[1].split("</div>")[0]
    assert "動物由来の培地成分は" in japanese_tab and "exo-pending" not in japanese_tab


def test_a_source_page_has_a_breadcrumb_to_its_kind_on_the_sources_index(small: dict[str, str]) -> None:
    page = small["catalog/sources/SRC-PAPER.md"]
    assert ('<p class="exo-breadcrumb"><a href="index.md">Sources</a> › '
            '<a href="index.md#journal-article">Journal articles</a></p>') in page
    assert 'id="journal-article"' in small["catalog/sources/index.md"]


def test_pages_with_wide_tables_leave_out_the_navigation_sidebar(small: dict[str, str]) -> None:
    for path in ("catalog/sources/index.md", "catalog/traceability.md", "catalog/committee.md", OVERVIEW):
        assert small[path].split("---\n")[1].endswith("hide:\n  - navigation\n"), path
