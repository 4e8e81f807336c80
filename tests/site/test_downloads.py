"""The downloads page links the guideline documents that `make run` places beside it."""

from __future__ import annotations

from exodossier.catalog.checks import load_valid_catalog
from exodossier.graph.build import build_graph
from exodossier.site.context import SiteContext
from exodossier.site.pages.downloads import downloads_page, guideline_file
from tests.conftest import SMALL_CATALOG


def test_the_downloads_page_links_both_languages_and_editions_of_the_guideline() -> None:
    catalog = load_valid_catalog(SMALL_CATALOG)
    page = downloads_page(SiteContext.of(catalog, build_graph(catalog)))
    for language in ("en", "ja"):
        for edition in ("full", "summary"):
            assert f'href="{guideline_file(language, edition, "docx")}"' in page
            assert f'href="{guideline_file(language, edition, "pdf")}"' in page
