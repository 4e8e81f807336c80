"""The built site in a real browser (system Chromium): pages, navigation, search, offline, escaping.

The hostile fixture catalog (the small one plus `<script>` and Markdown injections) is
built once in both editions with the repository's mkdocs.yml and mkdocs.ja.yml, served from
127.0.0.1 by the standard library, and driven with Playwright. The reviewer's view (id links,
breadcrumb, citations, matrices, phone and print layouts) is checked on the real catalog,
built the same way. Every request and console message is recorded: any other host, or any
console error, fails the test that caused it. Screenshots go to tests/artifacts/.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import subprocess
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest

from tests.conftest import FIXTURES, REPO, require_client
from tests.site_project import EPOCH, MKDOCS, build_both, make_project

ARTIFACTS = REPO / "tests" / "artifacts"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass


def _serve(folder: str) -> tuple[http.server.ThreadingHTTPServer, str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=folder))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def _stop(server: http.server.ThreadingHTTPServer) -> None:
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("browser-site")
    (folder / "site").mkdir()
    server, url = _serve(str(folder / "site"))
    # Built for the address it is served from, as a deployment is: instant navigation matches the
    # sitemap's addresses by host (Material does not map the port).
    result = build_both(make_project(folder, FIXTURES / "catalogs" / "hostile"), folder / "site", site_url=url)
    assert result.returncode == 0, result.stderr
    yield url
    _stop(server)


@pytest.fixture(scope="module")
def real_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The repository's own site (real chapters and catalog), both editions, as `make site` builds it."""
    folder = tmp_path_factory.mktemp("real-site")
    (folder / "site").mkdir()
    server, url = _serve(str(folder / "site"))
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": url}
    for config, target in (("mkdocs.yml", folder / "site"), ("mkdocs.ja.yml", folder / "site" / "ja")):
        result = subprocess.run([str(MKDOCS), "build", "--strict", "--config-file", config, "--site-dir", str(target)],
                                cwd=REPO, env=env, capture_output=True, text=True, timeout=600)
        assert result.returncode == 0, result.stderr
    yield url
    _stop(server)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    executable = require_client("Chromium", "chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@dataclass
class Session:
    """A page plus everything it asked the network for and complained about."""

    page: object
    requests: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def _session(browser: object, base: str, width: int = 1280, height: int = 900) -> Iterator[Session]:
    context = browser.new_context(viewport={"width": width, "height": height}, service_workers="block")  # type: ignore[attr-defined]
    page = context.new_page()
    recorded = Session(page)
    page.on("request", lambda request: recorded.requests.append(request.url))
    page.on("console", lambda message: recorded.problems.append(f"console {message.type}: {message.text}")
            if message.type == "error" else None)
    page.on("pageerror", lambda exc: recorded.problems.append(f"page error: {exc}"))
    page.on("dialog", lambda dialog: (recorded.problems.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    yield recorded
    context.close()
    hosts = {urlsplit(url).netloc for url in recorded.requests if not url.startswith(("data:", "blob:"))}
    assert hosts <= {urlsplit(base).netloc}, f"requests to other hosts: {sorted(hosts)}"
    assert recorded.problems == []


@pytest.fixture
def session(browser: object, base_url: str) -> Iterator[Session]:
    yield from _session(browser, base_url)


@pytest.fixture
def real(browser: object, real_url: str) -> Iterator[Session]:
    """A desktop browser on the real site."""
    yield from _session(browser, real_url)


@pytest.fixture
def phone(browser: object, real_url: str) -> Iterator[Session]:
    """A phone-sized browser (390 x 844, as an iPhone 12-15) on the real site."""
    yield from _session(browser, real_url, 390, 844)


def open_page(session: Session, base_url: str, path: str) -> object:
    page = session.page
    page.goto(base_url + path)  # type: ignore[attr-defined]
    page.wait_for_load_state("networkidle")  # type: ignore[attr-defined]
    return page


def expect(locator: object) -> object:
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(locator)  # type: ignore[arg-type]


def heading(page: object) -> str:
    """The page's h1 without the permalink sign."""
    return page.locator("article h1").inner_text().rstrip("¶").strip()  # type: ignore[attr-defined]


def screenshot(page: object, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name), full_page=True)  # type: ignore[attr-defined]


def test_home_renders_with_the_catalog_in_the_navigation(session: Session, base_url: str) -> None:
    page = open_page(session, base_url, "")
    assert heading(page) == "Chapter index"
    tabs = page.locator(".md-tabs__link").all_inner_texts()  # type: ignore[attr-defined]
    assert tabs == ["Guideline", "Requirements", "Sources", "Traceability", "Downloads"]  # no Changes before a release
    screenshot(page, "home.png")


def test_requirement_page_shows_statement_and_backlinks(session: Session, base_url: str) -> None:
    page = open_page(session, base_url, "catalog/requirements/EXO-RM-002/")
    statement = page.locator(".admonition.exo-statement")  # type: ignore[attr-defined]
    assert "Media components of animal origin must comply" in statement.inner_text()
    statement.locator(".tabbed-labels label", has_text="日本語").click()
    assert "動物由来の培地成分は生物由来原料基準に適合しなければならない。" in statement.inner_text()
    backlinks = page.locator("h2#backlinks + p + ul a")  # type: ignore[attr-defined]
    assert backlinks.all_inner_texts() == ["EXO-SF-001 Endotoxin limit justified for the route"]
    assert page.locator(".exo-diagram svg").count() == 1  # type: ignore[attr-defined]
    assert page.locator(".exo-rereview").first.is_visible()  # type: ignore[attr-defined]
    screenshot(page, "requirement.png")


def test_navigating_from_a_requirement_to_its_source(session: Session, base_url: str) -> None:
    page = open_page(session, base_url, "catalog/requirements/EXO-RM-002/")
    page.get_by_role("link", name="SRC-NEW Fixture guideline, second revision").first.click()  # type: ignore[attr-defined]
    page.wait_for_url("**/catalog/sources/SRC-NEW/")  # type: ignore[attr-defined]
    # Instant navigation changes the address before it swaps the content: wait for the content.
    expect(page.locator("article h1")).to_contain_text("SRC-NEW Fixture guideline, second revision")
    assert heading(page) == "SRC-NEW Fixture guideline, second revision"
    assert page.get_by_role("link", name="EXO-RM-002 Animal-derived media components").is_visible()  # type: ignore[attr-defined]
    screenshot(page, "source.png")


# 培地 sits mid-sentence in EXO-RM-002's Japanese statement: only lunr's Japanese segmenter
# (search lang: ja in mkdocs.yml) finds it; with lang [en] alone this query has no results.
def test_instant_navigation_swaps_pages_without_a_full_reload(session: Session, base_url: str) -> None:
    page = open_page(session, base_url, "")
    page.evaluate("window.__sameDocument = true")  # type: ignore[attr-defined]
    page.locator(".md-tabs__link", has_text="Sources").click()  # type: ignore[attr-defined]
    page.wait_for_url("**/catalog/sources/")  # type: ignore[attr-defined]
    expect(page.locator("article h1")).to_contain_text("Sources")
    assert heading(page) == "Sources"
    assert page.evaluate("window.__sameDocument === true")  # type: ignore[attr-defined]


@pytest.mark.parametrize("query", ["EXO-SF-002", "endotoxin", "培地"], ids=["id", "statement-word", "japanese-word"])
def test_search_finds_the_requirement(session: Session, base_url: str, query: str) -> None:
    expected = {"EXO-SF-002": "EXO-SF-002", "endotoxin": "EXO-SF-001", "培地": "EXO-RM-002"}[query]
    page = open_page(session, base_url, "catalog/")
    search = page.locator("input.md-search__input")  # type: ignore[attr-defined]
    search.click()
    search.fill(query)
    search.press("End")  # Material searches on key events; `fill` alone sends none
    results = page.locator(".md-search-result__item a")  # type: ignore[attr-defined]
    results.first.wait_for(timeout=20000)
    hrefs = [results.nth(i).get_attribute("href") for i in range(results.count())]
    assert any(f"catalog/requirements/{expected}/" in (href or "") for href in hrefs), hrefs


def test_script_in_a_rationale_shows_as_text_and_never_runs(session: Session, base_url: str) -> None:
    page = open_page(session, base_url, "catalog/requirements/EXO-RM-001/")
    rationale = page.locator("h2#rationale + p").inner_text()  # type: ignore[attr-defined]
    assert "<script>window.__pwned = 2</script>" in rationale
    assert "[click me](javascript:window.__pwned=3)" in rationale
    assert page.evaluate("typeof window.__pwned") == "undefined"  # type: ignore[attr-defined]
    assert page.locator("article script, article img[onerror]").count() == 0  # type: ignore[attr-defined]
    assert "</title><script>" in page.title()  # type: ignore[attr-defined]
    open_page(session, base_url, "catalog/graph/")
    open_page(session, base_url, "catalog/sources/SRC-PAPER/")
    assert page.evaluate("typeof window.__pwned") == "undefined"  # type: ignore[attr-defined]


# --------------------------------------------------------------------------- the Japanese edition


def test_switching_language_on_a_requirement_page_opens_its_counterpart(session: Session, base_url: str) -> None:
    page = open_page(session, base_url, "catalog/requirements/EXO-SF-001/")
    page.locator(".md-header__option .md-select").hover()  # type: ignore[attr-defined]
    page.get_by_role("link", name="日本語").click()  # type: ignore[attr-defined]
    page.wait_for_url("**/ja/catalog/requirements/EXO-SF-001/")  # type: ignore[attr-defined]
    expect(page.locator("html")).to_have_attribute("lang", "ja")
    assert page.locator(".admonition.exo-statement .admonition-title").inner_text() == "要件本文"  # type: ignore[attr-defined]
    page.locator(".md-header__option .md-select").hover()  # type: ignore[attr-defined]
    page.get_by_role("link", name="English").click()  # type: ignore[attr-defined]
    page.wait_for_url(re.compile(r".*/catalog/requirements/EXO-SF-001/$"))  # type: ignore[attr-defined]
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert "/ja/" not in page.url  # type: ignore[attr-defined]


def test_search_in_the_japanese_edition_finds_japanese_words(session: Session, base_url: str) -> None:
    page = open_page(session, base_url, "ja/catalog/")
    search = page.locator("input.md-search__input")  # type: ignore[attr-defined]
    search.click()
    search.fill("培地")
    search.press("End")
    results = page.locator(".md-search-result__item a")  # type: ignore[attr-defined]
    results.first.wait_for(timeout=20000)
    paths = [urlsplit(results.nth(i).get_attribute("href") or "").path for i in range(results.count())]
    assert "/ja/catalog/requirements/EXO-RM-002/" in paths, paths
    assert all(path.startswith("/ja/") for path in paths), paths  # the Japanese edition's own pages


# Words the Japanese page chrome may show in Latin letters: ids, acronyms and the language selector's autonym.
_LATIN_ALLOWED = {"EXO", "CTD", "English", "ID"}


def test_the_japanese_page_chrome_has_no_english_left(session: Session, base_url: str) -> None:
    from exodossier.catalog.checks import load_valid_catalog

    catalog = load_valid_catalog(FIXTURES / "catalogs" / "hostile")
    untranslated_data = {c.title.en for c in catalog.taxonomy.categories if c.title.ja is None}
    page = open_page(session, base_url, "ja/catalog/requirements/EXO-RM-002/")
    chrome = page.locator(".md-header, .md-tabs, .md-sidebar, .md-footer__inner").all_inner_texts()  # type: ignore[attr-defined]
    chrome.append(page.locator("input.md-search__input").get_attribute("placeholder") or "")  # type: ignore[attr-defined]
    text = "\n".join(chrome)
    for data in untranslated_data:  # catalog data without Japanese is shown in English on purpose
        text = text.replace(data, "")
    english = sorted(set(re.findall(r"[A-Za-z]{3,}", text)) - _LATIN_ALLOWED)
    assert english == [], f"untranslated words in the Japanese page chrome: {english}"
    screenshot(page, "fixture-requirement-ja.png")


# --------------------------------------------------------------------------- the reviewer's view, real catalog


def test_ids_in_prose_link_to_their_pages(real: Session, real_url: str) -> None:
    page = open_page(real, real_url, "catalog/requirements/EXO-MP-003/")
    criteria = page.locator("h2#acceptance-criteria-examples + ul")  # type: ignore[attr-defined]
    criteria.locator("a.exo-ref", has_text="EXO-RM-001").first.click()
    page.wait_for_url("**/catalog/requirements/EXO-RM-001/")  # type: ignore[attr-defined]
    expect(page.locator("article h1")).to_contain_text("EXO-RM-001")
    open_page(real, real_url, "model-case/")
    assert page.locator("article a.exo-ref").count() > 5  # type: ignore[attr-defined]


def test_breadcrumb_and_previous_next_within_the_category(real: Session, real_url: str) -> None:
    page = open_page(real, real_url, "catalog/requirements/EXO-MP-003/")
    crumbs = page.locator(".exo-breadcrumb a").all_inner_texts()  # type: ignore[attr-defined]
    assert crumbs == ["Requirements", "Manufacturing process"]
    assert page.locator(".exo-version").inner_text().startswith("Catalog 0.")  # type: ignore[attr-defined]
    page.locator(".exo-prev-next .exo-next a").click()  # type: ignore[attr-defined]
    page.wait_for_url("**/catalog/requirements/EXO-MP-004/")  # type: ignore[attr-defined]
    expect(page.locator("article h1")).to_contain_text("EXO-MP-004")
    page.locator(".exo-prev-next .exo-previous a").click()  # type: ignore[attr-defined]
    page.wait_for_url("**/catalog/requirements/EXO-MP-003/")  # type: ignore[attr-defined]
    page.locator(".exo-breadcrumb a", has_text="Manufacturing process").click()  # type: ignore[attr-defined]
    page.wait_for_url("**/catalog/categories/manufacturing-process/")  # type: ignore[attr-defined]


def test_no_page_level_unverified_badge_but_a_marker_beside_the_citation(real: Session, real_url: str) -> None:
    page = open_page(real, real_url, "catalog/requirements/EXO-MP-003/")
    assert page.locator(".exo-badges").inner_text().lower().count("unverified") == 0  # type: ignore[attr-defined]
    marker = page.locator("h2#citations ~ div table .exo-check-pending").first  # type: ignore[attr-defined]
    assert (marker.get_attribute("title") or "").startswith("Check pending:")
    assert page.locator(".md-typeset__table", has_text="description-of-process").count() == 0  # type: ignore[attr-defined]
    screenshot(page, "requirement-desktop.png")
    page.emulate_media(media="print")  # type: ignore[attr-defined]
    assert page.locator(".exo-version").is_visible()  # type: ignore[attr-defined]
    assert page.locator(".exo-breadcrumb").is_visible()  # type: ignore[attr-defined]
    screenshot(page, "requirement-print.png")


def test_the_ctd_matrix_is_in_ctd_order_with_a_sticky_first_column(real: Session, real_url: str) -> None:
    page = open_page(real, real_url, "catalog/traceability/")
    parts = [t.split(" ")[0] for t in page.locator("article h3").all_inner_texts()[:4]]  # type: ignore[attr-defined]
    assert parts == ["3.2.S", "3.2.P", "3.2.A", "3.2.R"]
    wrapper = page.locator(".exo-matrix .md-typeset__scrollwrap").first  # type: ignore[attr-defined]
    first_cell = page.locator(".exo-matrix table").first.locator("tbody tr td").first  # type: ignore[attr-defined]
    wrapper.evaluate("element => { element.scrollLeft = 400; }")
    assert wrapper.evaluate("element => element.scrollLeft") > 0, "the matrix should be wider than the page"
    # The requirement column stays at the left edge of the scrolled area instead of leaving with the rest.
    assert first_cell.bounding_box()["x"] >= wrapper.bounding_box()["x"] - 1
    screenshot(page, "traceability.png")


def test_on_a_phone_the_neighbourhood_diagram_gives_way_to_lists(phone: Session, real_url: str) -> None:
    page = open_page(phone, real_url, "catalog/requirements/EXO-MP-003/")
    assert not page.locator(".exo-neighbourhood").is_visible()  # type: ignore[attr-defined]
    assert page.locator(".exo-phone-only").is_visible()  # type: ignore[attr-defined]
    assert page.locator("h2#backlinks ~ ul a").first.is_visible()  # type: ignore[attr-defined]
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # type: ignore[attr-defined]
    screenshot(page, "requirement-phone.png")


def test_the_japanese_requirement_page_on_the_real_catalog(real: Session, real_url: str) -> None:
    page = open_page(real, real_url, "ja/catalog/requirements/EXO-MP-003/")
    assert page.locator(".exo-breadcrumb a").all_inner_texts() == ["要件", "製造工程"]  # type: ignore[attr-defined]
    assert "委員会草案" in page.locator(".exo-version").inner_text()  # type: ignore[attr-defined]
    screenshot(page, "requirement-ja.png")
