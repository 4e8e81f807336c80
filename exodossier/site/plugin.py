"""The mkdocs plugin: a thin adapter that publishes the catalog pages in memory.

All content comes from `exodossier.site.render.render_site_files`, which knows nothing of
mkdocs; this module only loads the catalog once per build, hands the files to mkdocs
as generated files (nothing is written into the docs folder, so `mkdocs serve` cannot
loop on its own output), extends the navigation with the categories, and makes
`mkdocs serve` watch the catalog folder. A catalog error fails the build with the same
file:line diagnostics as `exodossier validate`.
"""

from __future__ import annotations

import dataclasses
import gc
import logging
import shutil
import tempfile
from pathlib import Path
from typing import Any

from jinja2 import Environment
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from exodossier.catalog.checks import validate_catalog
from exodossier.catalog.loader import Catalog
from exodossier.errors import Severity, format_diagnostics
from exodossier.graph.build import build_graph
from exodossier.i18n.messages import LANGUAGES, check_language
from exodossier.site.compact import without_indentation
from exodossier.site.chrome import OVERRIDES, fallback_chapters, footer, with_entry_points
from exodossier.site.context import SiteContext
from exodossier.site.incremental import CompiledTemplates, RebuildPlan, TrackedFile, accept_dirty_builds, tracked
from exodossier.site.pages.consultation import Consultation, load_consultation
from exodossier.site.pages.glossary import GLOSSARY_MARKER, fill_glossary
from exodossier.site.paths import CATALOG_DIR, CSV_FILE, JSON_FILE, OVERVIEW, STYLESHEET
from exodossier.site.render import render_nav, render_site_files
from exodossier.site.search_index import indexed_pages, iter_search_entries, merge_into_index, page_url
from exodossier.site.ready import ReadyPages

log = logging.getLogger("mkdocs.plugins.exodossier")

# Pages reached from category pages, not from the navigation (see render_nav).
IDLINKS = "exodossier.site.idlinks"
_OUT_OF_NAV = (f"{CATALOG_DIR}/requirements/", f"{CATALOG_DIR}/sources/", f"{CATALOG_DIR}/releases/")


class ExodossierConfig(base.Config):
    catalog = c.Type(str, default="requirements_catalog")
    """Catalog folder (taxonomy.yaml, sources/, requirements/), relative to mkdocs.yml."""
    language = c.Choice(LANGUAGES, default="en")
    """The edition this configuration builds: catalog text, labels and navigation in this language."""
    consultation = c.Type(str, default="consultation")
    """Public-consultation folder (one subfolder per round), relative to mkdocs.yml; closed rounds are published."""
    fallback_docs = c.Type(str, default="")
    """Folder of the English chapters, relative to mkdocs.yml: a chapter missing from this edition's
    docs folder is published from there, with a note that it is not translated yet."""


class ExodossierPlugin(BasePlugin[ExodossierConfig]):
    """Adds the catalog's pages, downloads and stylesheet to an mkdocs build."""

    def __init__(self) -> None:
        self.site_files: dict[str, bytes] = {}
        self.site: SiteContext | None = None
        self.self_indexed: frozenset[str] = frozenset()  # generated pages whose search entries we write
        self.generated_pages: frozenset[str] = frozenset()  # this build's pages from `site_files`
        self.staging: Path | None = None  # this build's large downloads, on disk until mkdocs copies them
        self.ready = ReadyPages()
        self.nav: Navigation | None = None
        self.plans: dict[str, RebuildPlan] = {}  # by output folder: mkdocs keeps one instance per process
        self.dirty = False
        self.templates = CompiledTemplates()

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Having this hook keeps one plugin instance for a whole `mkdocs serve` session (mkdocs'
        rule), so `plans` remember what the last build wrote and `--dirty` rebuilds only what changed."""
        self.dirty = dirty
        self.ready.remember = command == "serve"
        if dirty:
            accept_dirty_builds()

    def catalog_root(self, config: MkDocsConfig) -> Path:
        base_dir = Path(config.config_file_path).parent if config.config_file_path else Path.cwd()
        return (base_dir / self.config.catalog).resolve()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = self.catalog_root(config)
        catalog = _load(root)
        language = check_language(self.config.language)
        graph = build_graph(catalog)
        edit_base = _edit_base(config, self.config.catalog)
        consultation = _load_consultation(self.consultation_root(config), catalog, config.repo_url, language)
        _freeze_for_gc()
        self.site = SiteContext.of(catalog, graph, consultation, language=language, edit_base=edit_base)
        self.self_indexed = frozenset(indexed_pages(self.site))
        self.site_files = render_site_files(catalog, graph, consultation, language=language, edit_base=edit_base)
        watched = [root, self.consultation_root(config), *([self.fallback_root(config)] if self.config.fallback_docs
                                                           else [])]
        for folder in watched:
            if folder.is_dir() and str(folder) not in config.watch:
                config.watch.append(str(folder))
        if STYLESHEET not in config.extra_css:
            config.extra_css.append(STYLESHEET)
        config.nav = _with_catalog_nav(config.nav, render_nav(catalog, consultation, language=language))
        config.theme.dirs.insert(0, str(OVERRIDES))
        if IDLINKS in config.markdown_extensions:
            config.mdx_configs[IDLINKS] = {"requirements": list(catalog.requirements), "sources": list(catalog.sources)}
        if language != "en" and config.site_url and not config.site_url.rstrip("/").endswith(f"/{language}"):
            # One SITE_URL for both editions: this edition lives in the folder named for its language.
            config.site_url = config.site_url.rstrip("/") + f"/{language}/"
        if not config.copyright:
            config.copyright = footer(self.site)
        log.info(f"exodossier: {len(catalog.requirements)} requirements, {len(catalog.sources)} sources "
                 f"from {root}")
        return config

    def consultation_root(self, config: MkDocsConfig) -> Path:
        base_dir = Path(config.config_file_path).parent if config.config_file_path else Path.cwd()
        return (base_dir / self.config.consultation).resolve()

    def fallback_root(self, config: MkDocsConfig) -> Path:
        base_dir = Path(config.config_file_path).parent if config.config_file_path else Path.cwd()
        return (base_dir / self.config.fallback_docs).resolve()

    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        """The home page gets the catalog's entry points (with counts) before its first section; the
        glossary chapter's marker becomes the term tables, in the edition's language (or Japanese for
        a Japanese chapter, guideline/ja/<name>.md, wherever it is published)."""
        if self.site is None:
            return markdown
        self.release_source(page)
        if self.ready.take(page, markdown):
            return ""  # nothing for Python-Markdown to parse: the ready HTML is put in place at on_page_content
        if GLOSSARY_MARKER in markdown:
            language = "ja" if page.file.src_uri.startswith("ja/") else self.site.language
            catalog = self.site.catalog
            markdown = fill_glossary(markdown, catalog.terminology, language, page.file.src_uri, catalog.sources)
        if page.file.src_uri == "index.md":
            markdown = with_entry_points(markdown, self.site)
        return markdown

    @event_priority(100)  # before Material's search plugin indexes the page (same event, default priority)
    def on_page_context(self, context: Any, /, *, page: Page, config: MkDocsConfig, nav: Any) -> Any:
        """Material's search leaves out the pages whose entries `on_post_build` writes from the models."""
        if page.file.src_uri in self.self_indexed:
            page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
        return context

    @event_priority(-100)  # after Material's search plugin has written its index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Our generated pages' search entries go into Material's index; the rebuild plan is kept."""
        self.remember_build(config)
        self.index_generated_pages(config)
        self.unstage()

    def index_generated_pages(self, config: MkDocsConfig) -> None:
        """Our generated pages' search entries, from the models, merged into Material's index."""
        index_file = Path(config.site_dir) / "search" / "search_index.json"
        if self.site is None or not self.self_indexed or not index_file.is_file():
            return
        toc = config.mdx_configs.get("toc", {})
        slugify = toc.get("slugify") or _default_slugify()
        directory_urls = config.use_directory_urls
        pages = {page_url(path, directory_urls) for path in self.self_indexed}
        merge_into_index(index_file, iter_search_entries(self.site, slugify, directory_urls), pages)

    def on_page_content(self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        """A generated page's ready HTML, finished (links, headings, table of contents, anchors)."""
        return self.ready.put(html, page, config, files)

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        """Every finished page without the theme's indentation (~17% of the site's HTML, same rendering).

        The page's Markdown and HTML body are released once the page is written: mkdocs keeps every
        page's text until the build ends, which at 10,000 requirements is hundreds of megabytes held
        through the search index's writing, the build's peak."""
        page.markdown, page.content = "", None  # (not None: mkdocs then reports no title for the page)
        return without_indentation(output)

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        if self.config.fallback_docs and self.site is not None:
            for name, text in fallback_chapters(self.fallback_root(config), files, self.site).items():
                files.append(TrackedFile.generated(config, name, content=text))
        for path, content in self.site_files.items():
            existing = files.get_file_from_path(path)
            if existing is not None and existing.generated_by is None:
                raise PluginError(f"{Path(config.docs_dir) / path} exists on disk, but the exodossier plugin "
                                  "generates this page from the catalog; delete the file")
            out_of_nav = path.startswith(_OUT_OF_NAV) or (
                path.endswith(".md") and config.nav is not None and not _mentions(config.nav, path))
            inclusion = InclusionLevel.NOT_IN_NAV if out_of_nav else InclusionLevel.UNDEFINED
            if path in _STAGED:
                files.append(File.generated(config, path, abs_src_path=self.stage(path, content), inclusion=inclusion))
                continue
            page_type = TrackedFile if path.endswith(".md") else File
            files.append(page_type.generated(config, path, content=content, inclusion=inclusion))
        self.generated_pages = frozenset(path for path in self.site_files if path.endswith(".md"))
        self.site_files = {}  # mkdocs' File objects hold them now (a page's until it is read: `release_source`)
        return tracked(files) if self.dirty else files  # only a dirty build asks whether a page changed

    def stage(self, path: str, content: bytes) -> str:
        """The catalog's JSON and CSV downloads (65 MB at 10,000 requirements) wait on disk, not in memory,
        while mkdocs converts every page: it copies static files only once all pages are converted."""
        if self.staging is None:
            self.staging = Path(tempfile.mkdtemp(prefix="exodossier-downloads-"))
        staged = self.staging / path.replace("/", "_")
        staged.write_bytes(content)
        return str(staged)

    def unstage(self) -> None:
        """Removes the staged downloads (once this build has copied them, or when it failed)."""
        if self.staging is not None:
            shutil.rmtree(self.staging, ignore_errors=True)
            self.staging = None

    def on_build_error(self, *, error: Exception) -> None:
        self.unstage()

    def on_shutdown(self) -> None:
        self.unstage()  # `mkdocs serve` stopped during a build

    def release_source(self, page: Page) -> None:
        """A generated page's source bytes, once mkdocs has read them, are not needed again in this build
        (the next one renders its own): ~214 MB at 10,000 requirements otherwise alive, beside every
        page's HTML, until the build ends."""
        if page.file.src_uri in self.generated_pages and page.file.abs_src_path is None:
            page.file.content_bytes = b""

    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation:
        self.nav = nav  # its titles are known once every page is read, which is when on_env runs
        return nav

    def on_env(self, env: Environment, /, *, config: MkDocsConfig, files: Files) -> Environment:
        """Every page has been read; before any is written, decide which a dirty rebuild may skip."""
        if self.dirty:  # a full build writes every page: no fingerprints to take
            self.plan(config.site_dir).decide(files, self.nav, config)
        if self.ready.remember:  # serving: keep compiled templates for the next rebuild
            env.bytecode_cache = self.templates
        return env

    def plan(self, site_dir: str) -> RebuildPlan:
        return self.plans.setdefault(str(Path(site_dir).resolve()), RebuildPlan())

    def remember_build(self, config: MkDocsConfig) -> None:
        if not self.dirty:
            return
        plan = self.plan(config.site_dir)
        removed = plan.commit(config.site_dir)
        pages = len(plan.built)
        log.info(f"exodossier: wrote {pages - plan.skipped} of {pages} pages "
                 f"(the others are unchanged){f'; removed {len(removed)}' if removed else ''}")


_STAGED = frozenset({JSON_FILE, CSV_FILE})


def _default_slugify() -> Any:
    from markdown.extensions.toc import slugify

    return slugify


def _edit_base(config: MkDocsConfig, catalog: str) -> str:
    """The editor URL of the catalog folder, derived from `repo_url` + `edit_uri` (which point at the docs
    folder). Empty when they are unset or do not end with the docs folder: never a link that may be wrong."""
    if not config.repo_url or not config.edit_uri:
        return ""
    base_dir = Path(config.config_file_path).parent if config.config_file_path else Path.cwd()
    try:
        docs = Path(config.docs_dir).resolve().relative_to(base_dir.resolve()).as_posix()
    except ValueError:
        return ""
    edit_uri = config.edit_uri.strip("/")
    if edit_uri != docs and not edit_uri.endswith("/" + docs):
        return ""
    prefix = edit_uri[: -len(docs)].strip("/")
    repo = config.repo_url.rstrip("/")
    return "/".join(part for part in (repo, prefix, catalog.strip("/")) if part) + "/"


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
    return _models_only(result.catalog)


def _models_only(catalog: Catalog) -> Catalog:
    """The validated catalog without what only validation and authoring read: each file's raw parsed
    data and positions (`origins`, and the translation check's index over them) are half of the loaded
    catalog's memory (~240 MB at 10,000 requirements), and no page reads them."""
    return dataclasses.replace(catalog, origins={}, text_index=None)


def _freeze_for_gc() -> None:
    """Moves the loaded catalog and its graph out of the cyclic collector's reach for the
    rest of the build: they live until the end anyway, and every collection of the oldest generation
    would otherwise re-scan them while mkdocs builds thousands of pages. Unfreezing first lets a long
    `mkdocs serve` collect the previous build's catalog when it loads the next one."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()


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
    if _mentions(nav, OVERVIEW):
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
