"""The built site in a real browser (system Chromium): pages, navigation, search, offline, escaping.

The hostile fixture catalog (the small one plus `<script>` and Markdown injections) is
built once with the repository's mkdocs.yml, served from 127.0.0.1 by the standard
library, and driven with Playwright. Every request and console message is recorded:
any other host, or any console error, fails the test that caused it.
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest

from tests.conftest import FIXTURES, REPO, require_client
from tests.site_project import build, make_project

ARTIFACTS = REPO / "tests" / "artifacts"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("browser-site")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                             functools.partial(_QuietHandler, directory=str(folder / "site")))
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    # Built for the address it is served from, as a deployment is: instant navigation matches the
    # sitemap's addresses by host (Material does not map the port).
    result = build(make_project(folder, FIXTURES / "catalogs" / "hostile"), folder / "site", site_url=url)
    assert result.returncode == 0, result.stderr
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield url
    server.shutdown()
    server.server_close()


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


@pytest.fixture
def session(browser: object, base_url: str) -> Iterator[Session]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")  # type: ignore[attr-defined]
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
    assert hosts <= {urlsplit(base_url).netloc}, f"requests to other hosts: {sorted(hosts)}"
    assert recorded.problems == []


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
    assert tabs == ["Guideline", "Requirements", "Sources", "Traceability", "Changes", "Downloads"]
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
    page.get_by_role("link", name="SRC-NEW Fixture guideline, second revision").click()  # type: ignore[attr-defined]
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
