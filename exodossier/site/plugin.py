"""The mkdocs plugin: a thin adapter that publishes the catalog pages in memory.

All content comes from `exodossier.site.render.render_site_files`, which knows nothing of
mkdocs; this module only loads the catalog once per build, hands the files to mkdocs
as generated files (nothing is written into the docs folder, so `mkdocs serve` cannot
loop on its own output), extends the navigation with the categories, and makes
`mkdocs serve` watch the catalog folder. A catalog error fails the build with the same
file:line diagnostics as `exodossier validate`.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from exodossier.catalog.checks import validate_catalog
from exodossier.catalog.loader import Catalog
from exodossier.errors import Severity, format_diagnostics
from exodossier.graph.build import build_graph
from exodossier.site.pages.consultation import Consultation, load_consultation
from exodossier.site.pages.glossary import GLOSSARY_MARKER, fill_glossary
from exodossier.site.paths import CATALOG_DIR, STYLESHEET
from exodossier.site.render import render_nav, render_site_files

log = logging.getLogger("mkdocs.plugins.exodossier")

# Pages reached from category pages, not from the navigation (see render_nav).
_OUT_OF_NAV = (f"{CATALOG_DIR}/requirements/", f"{CATALOG_DIR}/sources/", f"{CATALOG_DIR}/releases/")


class ExodossierConfig(base.Config):
    catalog = c.Type(str, default="requirements_catalog")
    """Catalog folder (taxonomy.yaml, sources/, requirements/), relative to mkdocs.yml."""
    consultation = c.Type(str, default="consultation")
    """Public-consultation folder (one subfolder per round), relative to mkdocs.yml; closed rounds are published."""


class ExodossierPlugin(BasePlugin[ExodossierConfig]):
    """Adds the catalog's pages, downloads and stylesheet to an mkdocs build."""

    def __init__(self) -> None:
        self.site_files: dict[str, bytes] = {}
        self.catalog: Catalog | None = None

    def catalog_root(self, config: MkDocsConfig) -> Path:
        base_dir = Path(config.config_file_path).parent if config.config_file_path else Path.cwd()
        return (base_dir / self.config.catalog).resolve()

    def consultation_root(self, config: MkDocsConfig) -> Path:
        base_dir = Path(config.config_file_path).parent if config.config_file_path else Path.cwd()
        return (base_dir / self.config.consultation).resolve()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = self.catalog_root(config)
        catalog = self.catalog = _load(root)
        consultation = _load_consultation(self.consultation_root(config), catalog, config.repo_url,
                                          str(config.theme.get("language", "en")))
        self.site_files = render_site_files(catalog, build_graph(catalog), consultation)
        for watched in (root, self.consultation_root(config)):
            if watched.is_dir() and str(watched) not in config.watch:
                config.watch.append(str(watched))
        if STYLESHEET not in config.extra_css:
            config.extra_css.append(STYLESHEET)
        config.nav = _with_catalog_nav(config.nav, render_nav(catalog, consultation))
        log.info(f"exodossier: {len(catalog.requirements)} requirements, {len(catalog.sources)} sources "
                 f"from {root}")
        return config

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        for path, content in self.site_files.items():
            existing = files.get_file_from_path(path)
            if existing is not None and existing.generated_by is None:
                raise PluginError(f"{Path(config.docs_dir) / path} exists on disk, but the exodossier plugin "
                                  "generates this page from the catalog; delete the file")
            inclusion = InclusionLevel.NOT_IN_NAV if path.startswith(_OUT_OF_NAV) else InclusionLevel.UNDEFINED
            files.append(File.generated(config, path, content=content, inclusion=inclusion))
        return files


    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """The glossary chapter's marker becomes the term tables, in the page's language.

        A page is Japanese in the Japanese edition (theme.language: ja) and wherever it is one of the
        Japanese chapters (guideline/ja/<name>.md).
        """
        if self.catalog is None or GLOSSARY_MARKER not in markdown:
            return markdown
        japanese = str(config.theme.get("language", "en")).startswith("ja") or page.file.src_uri.startswith("ja/")
        language = "ja" if japanese else "en"
        return fill_glossary(markdown, self.catalog.terminology, language, page.file.src_uri, self.catalog.sources)


def _load(root: Path) -> Catalog:
    """The validated catalog, or a build failure carrying `exodossier validate`'s diagnostics."""
    result = validate_catalog(root)
    errors = [d for d in result.diagnostics if d.severity is Severity.ERROR]
    if result.catalog is None or errors:
        raise PluginError("exodossier: the catalog has errors (run: exodossier validate)\n"
                          + format_diagnostics(errors, "human"))
    warnings = len(result.diagnostics) - len(errors)
    if warnings:  # warnings (e.g. citations to re-review) are shown on the pages; they do not fail a build
        log.info(f"exodossier: the catalog has {warnings} warning(s); run: exodossier validate")
    return result.catalog


def _load_consultation(folder: Path, catalog: Catalog, repo_url: str | None, language: str) -> Consultation:
    """The consultation's rounds, or a build failure carrying `exodossier validate`'s diagnostics."""
    consultation, problems = load_consultation(folder, catalog, repo_url, language)
    errors = [d for d in problems if d.severity is Severity.ERROR]
    if errors:
        raise PluginError("exodossier: the consultation folder has errors (run: exodossier validate)\n"
                          + format_diagnostics(errors, "human"))
    return consultation


def _with_catalog_nav(nav: list[Any] | None, catalog_nav: list[dict[str, Any]]) -> list[Any] | None:
    """The configured navigation plus the catalog sections, unless it already places them."""
    if nav is None:  # mkdocs would list every generated page: keep its default rather than guess
        return nav
    if _mentions(nav, catalog_nav[0]["Requirements"][0]["Overview"]):
        return nav
    return [*nav, *catalog_nav]


def _mentions(nav: Any, path: str) -> bool:
    if isinstance(nav, str):
        return nav == path
    if isinstance(nav, dict):
        return any(_mentions(v, path) for v in nav.values())
    if isinstance(nav, list):
        return any(_mentions(item, path) for item in nav)
    return False
