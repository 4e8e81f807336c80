"""The guideline site's catalog pages, as a pure function of the catalog and its graph.

`render_pages(catalog, graph)` returns {relative path: page}, each page its front matter and a
body of ready HTML (`exodossier.site.markup`; the tags page alone is Markdown, for Material's
tags plugin). It imports nothing from mkdocs, so any engine can publish the same pages: the
mkdocs plugin adds them in memory and finishes them without Python-Markdown
(`exodossier.site.ready`), `exodossier site pages --out DIR` writes them finished, as files
(e.g. for Zensical).
Every text that comes from the catalog passes through `exodossier.site.escape.escape`, so
committee text can never become markup. Each page costs time in proportion to its own
item and neighbours, never to the whole catalog, so a 10,000-requirement site builds
in linear time.
"""

from __future__ import annotations

import datetime as dt
from importlib import resources
from typing import Any, Iterator

import networkx as nx

from exodossier.catalog.loader import Catalog
from exodossier.catalog.schema import render_schemas
from exodossier.gap.profile import all_schema_models
from exodossier.site.context import SiteContext
from exodossier.site.escape import escape
from exodossier.site.exports import catalog_csv, catalog_json
from exodossier.i18n.messages import Language, translator
from exodossier.site.pages.changes import changes_page, release_page
from exodossier.site.pages.committee import committee_page
from exodossier.site.pages.consultation import COMMENT_FORM, Consultation, comment_form, consultation_nav, consultation_pages
from exodossier.site.pages.downloads import downloads_page
from exodossier.site.pages.graph import graph_page
from exodossier.site.pages.overview import category_page, overview_page, stages_pages, tags_page
from exodossier.site.pages.requirement import requirement_page
from exodossier.site.pages.source import source_page, sources_index
from exodossier.site.pages.traceability import ctd_sections_pages, traceability_pages
from exodossier.site.paths import (
    CHANGES_PAGE,
    COMMITTEE_PAGE,
    CTD_PAGE,
    CSV_FILE,
    DOWNLOADS,
    GRAPH_PAGE,
    JSON_FILE,
    OVERVIEW,
    SCHEMA_DIR,
    SOURCES_INDEX,
    STAGES_PAGE,
    STYLESHEET,
    TAGS_PAGE,
    TRACEABILITY,
    category_path,
    release_path,
    requirement_path,
    source_path,
)


def render_pages(catalog: Catalog, graph: nx.MultiDiGraph, consultation: Consultation | None = None, *,
                 language: Language = "en", edit_base: str = "") -> dict[str, str]:
    """Every catalog page of one edition of the site: {path relative to the docs folder: front matter + body}."""
    return dict(sorted(_rendered_pages(catalog, graph, consultation, language=language, edit_base=edit_base)))


def _rendered_pages(catalog: Catalog, graph: nx.MultiDiGraph, consultation: Consultation | None = None, *,
                    language: Language = "en", edit_base: str = "") -> Iterator[tuple[str, str]]:
    """The pages one at a time, so a caller that keeps bytes never holds every page's text as well
    (at 10,000 requirements both at once were ~150 MB above the bytes alone)."""
    site = SiteContext.of(catalog, graph, consultation, language=language, edit_base=edit_base)
    yield from {OVERVIEW: overview_page(site), SOURCES_INDEX: sources_index(site), GRAPH_PAGE: graph_page(site),
                DOWNLOADS: downloads_page(site), TAGS_PAGE: tags_page(site), CHANGES_PAGE: changes_page(site),
                COMMITTEE_PAGE: committee_page(site), **traceability_pages(site), **stages_pages(site),
                **ctd_sections_pages(site)}.items()
    for release in catalog.releases.values():
        yield release_path(release.version), release_page(site, release)
    for category in catalog.taxonomy.categories:
        yield category_path(category), category_page(site, category)
    for requirement in catalog.requirements.values():
        yield requirement_path(requirement.id), requirement_page(site, requirement)
    for source in catalog.sources.values():
        yield source_path(source.id), source_page(site, source)
    if consultation is not None:
        yield from consultation_pages(catalog, consultation).items()


def render_nav(catalog: Catalog, consultation: Consultation | None = None, *,
               language: Language = "en") -> list[dict[str, Any]]:
    """Navigation entries for the catalog: categories, never individual requirements.

    mkdocs renders the whole navigation into every page, so listing 10,000 requirements
    would make the build quadratic; requirements are reached from their category page.
    Titles are HTML-escaped because the theme prints navigation titles unescaped. The
    Changes tab appears once there is a release to show.
    """
    _ = translator("site", language)

    def title(text: str) -> str:
        return escape(text, markdown=False)

    categories = [{title(c.title.text(language)): category_path(c)} for c in catalog.taxonomy.categories]
    nav: list[dict[str, Any]] = [
        {title(_("Requirements")): [{title(_("Overview")): OVERVIEW}, *categories,
                                    {title(_("By development stage")): STAGES_PAGE}, {title(_("Tags")): TAGS_PAGE}]},
        {title(_("Sources")): SOURCES_INDEX},
        {title(_("Traceability")): [{title(_("Matrices")): TRACEABILITY},
                                    {title(_("By CTD section")): CTD_PAGE},
                                    {title(_("Graph overview")): GRAPH_PAGE},
                                    {title(_("Committee checks")): COMMITTEE_PAGE}]},
    ]
    if catalog.releases:
        nav.append({title(_("Changes")): CHANGES_PAGE})
    if consultation is not None and consultation.closed:
        nav.append(consultation_nav(consultation))  # in the consultation's language (the edition's)
    nav.append({title(_("Downloads")): DOWNLOADS})
    return nav


def stylesheet() -> str:
    """The site's own CSS (badges, diagrams), shipped inside the package."""
    return resources.files("exodossier").joinpath("site", "assets", "exodossier.css").read_text(encoding="utf-8")


def _form_time(catalog: Catalog) -> dt.datetime:
    """The comment form's timestamp: SOURCE_DATE_EPOCH, else the catalog's date, so a rebuild gives the same bytes."""
    from exodossier.outputs import DEFAULT_EPOCH, build_datetime, source_date_epoch

    if source_date_epoch() is not None:
        return build_datetime()
    date = catalog.taxonomy.catalog.date
    if date and len(date) == 10:
        return dt.datetime.fromisoformat(date).replace(tzinfo=dt.timezone.utc)
    return dt.datetime.fromtimestamp(DEFAULT_EPOCH, dt.timezone.utc)


def render_site_files(catalog: Catalog, graph: nx.MultiDiGraph, consultation: Consultation | None = None,
                      when: dt.datetime | None = None, *, language: Language = "en",
                      edit_base: str = "") -> dict[str, bytes]:
    """Everything the catalog adds to a docs folder: pages, downloads and stylesheet.

    Any engine needs exactly these files besides its configuration and the hand-written
    chapters; the mkdocs plugin adds them in memory, the CLI writes them to a folder.
    """
    files = {path: text.encode("utf-8")
             for path, text in _rendered_pages(catalog, graph, consultation, language=language, edit_base=edit_base)}
    files[COMMENT_FORM] = comment_form(catalog, when or _form_time(catalog), language)
    files[JSON_FILE] = catalog_json(catalog).encode("utf-8")
    files[CSV_FILE] = catalog_csv(catalog)
    files.update({f"{SCHEMA_DIR}/{name}": text.encode("utf-8") for name, text in render_schemas(all_schema_models()).items()})
    files[STYLESHEET] = stylesheet().encode("utf-8")
    return dict(sorted(files.items()))
