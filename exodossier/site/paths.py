"""Where each generated page and download lives in the docs folder, so every link is computed one way."""

from __future__ import annotations

from exodossier.catalog.models import Category

CATALOG_DIR = "catalog"


OVERVIEW = "catalog/index.md"


SOURCES_INDEX = "catalog/sources/index.md"


TRACEABILITY = "catalog/traceability.md"


GRAPH_PAGE = "catalog/graph.md"


DOWNLOADS = "catalog/downloads.md"


TAGS_PAGE = "catalog/tags.md"


CHANGES_PAGE = "catalog/changes.md"


STAGES_PAGE = "catalog/stages.md"


CTD_PAGE = "catalog/ctd-sections.md"


COMMITTEE_PAGE = "catalog/committee.md"


JSON_FILE = "catalog/catalog.json"


CSV_FILE = "catalog/catalog.csv"


SCHEMA_DIR = "catalog/schema"


STYLESHEET = "assets/exodossier.css"


MATRIX_MAX_COLUMNS = 20  # wider grids become per-requirement lists (a 1,000-column table helps nobody)


# Rows (requirements listed, matrix rows) on one page that lists the whole catalog: longer lists continue
# on numbered pages (see exodossier.site.pagination), and the overview then points to the category pages.
# The real catalog (205 requirements, 495 traceability rows) stays on one page each.
LIST_MAX_ROWS = 1000


OVERVIEW_MAX_SOURCES = 30


def requirement_path(requirement_id: str) -> str:
    return f"{CATALOG_DIR}/requirements/{requirement_id}.md"


def source_path(source_id: str) -> str:
    return f"{CATALOG_DIR}/sources/{source_id}.md"


def category_path(category: Category) -> str:
    return f"{CATALOG_DIR}/categories/{category.slug}.md"


def release_path(version: str) -> str:
    return f"{CATALOG_DIR}/releases/{version}.md"
