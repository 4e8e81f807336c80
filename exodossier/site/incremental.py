"""Which pages a `mkdocs serve --dirty` rebuild must write again: the committee's edit loop.

mkdocs 1.6 decides "modified" by comparing a page's source mtime with its output, and calls every
generated page modified. Saving one requirement would then rebuild every page, although it changes
the text of a handful (its own page, its category, the pages that cite it or list it). Here a
page is rewritten when what the theme would show of it changed since the last successful build: its
HTML body (after every plugin, so a chapter quoting the catalog counts too), its table of contents,
metadata and title, and the navigation and configuration that every page shows.

mkdocs asks `is_modified()` twice: before reading a page and before writing it. Every page is
read (nav titles, tags and the search index need all of them); only the writing is skipped, so a
tracked file answers "modified" until `RebuildPlan.decide` has compared the fingerprints.
A plain `mkdocs build` never asks, so it always writes everything.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from collections.abc import Iterable
from types import CodeType
from pathlib import Path

from jinja2 import BytecodeCache
from jinja2.bccache import Bucket
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure import StructureItem
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink


TAGS_MARKER = "<!-- material/tags"
_DIRTY_WARNING = "A 'dirty' build is being performed"


class DirtyBuildIsAccurate(logging.Filter):
    """Drops mkdocs' warning that a dirty build may show stale navigation and links.

    The warning is true of mkdocs' mtime rule, not of the plan below, which rebuilds every page when
    the navigation or configuration changed and every page whose own text changed. Left in, it
    would also abort each `mkdocs serve --dirty` rebuild, because the site is built in strict mode."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith(_DIRTY_WARNING)


def accept_dirty_builds() -> None:
    logger = logging.getLogger("mkdocs.commands.build")
    if not any(isinstance(existing, DirtyBuildIsAccurate) for existing in logger.filters):
        logger.addFilter(DirtyBuildIsAccurate())


class TrackedFile(File):
    """A documentation page whose "modified" answer comes from its fingerprint, not from mtimes."""

    rebuild: bool = True

    def is_modified(self) -> bool:
        return self.rebuild


def tracked(files: Files) -> Files:
    """The same files in the same order, with every hand-written page able to be skipped too.

    The plugin creates its own pages as tracked files; a page another plugin generates is left to
    its owner (mkdocs then always rebuilds it)."""
    return Files([_tracked_copy(file) for file in files])


def _tracked_copy(file: File) -> File:
    if isinstance(file, TrackedFile) or not file.is_documentation_page() or file.abs_src_path is None \
            or file.generated_by is not None:
        return file
    return TrackedFile(file.src_uri, file.src_dir, file.dest_dir, file.use_directory_urls,
                       dest_uri=file.dest_uri, inclusion=file.inclusion)


class RebuildPlan:
    """Fingerprints of the pages of the last successful build; lives as long as `mkdocs serve`."""

    def __init__(self) -> None:
        self.built: dict[str, str] = {}
        self.pending: dict[str, str] = {}
        self.destinations: dict[str, str] = {}
        self.skipped = 0
        self.written: list[str] = []

    def decide(self, files: Files, nav: Navigation | None, config: MkDocsConfig) -> None:
        """Mark each tracked page rewritten or skipped by comparing fingerprints with the last build.

        Every page has been read and converted by now, so a page's fingerprint is what the theme
        will show of it: its HTML body, table of contents, metadata and title, plus the navigation
        and configuration that every page shows. Material's tags index also lists the other pages'
        tags, so it carries those too."""
        pages = [file.page for file in files.documentation_pages() if file.page is not None]
        shared = _digest([_nav_fingerprint(nav), _config_fingerprint(config)])
        tags = _digest([f"{page.url} {_canonical(page.meta.get('tags'))}" for page in pages])
        self.pending, self.skipped, self.written = {}, 0, []
        for page in pages:
            file = page.file
            if not isinstance(file, TrackedFile):
                continue
            listing = tags if TAGS_MARKER in (page.markdown or "") else ""
            fingerprint = _digest([shared, listing, _page_fingerprint(page)])
            file.rebuild = self.built.get(file.src_uri) != fingerprint or not os.path.isfile(file.abs_dest_path)
            if file.rebuild:
                self.written.append(file.src_uri)
            else:
                self.skipped += 1
            self.pending[file.src_uri] = fingerprint
            self.destinations[file.src_uri] = file.abs_dest_path

    def commit(self, site_dir: str) -> list[str]:
        """Remember the fingerprints once the build succeeded; remove the output of pages that are gone."""
        removed = []
        for uri in sorted(set(self.built) - set(self.pending)):
            if _remove_inside(self.destinations.pop(uri, ""), site_dir):
                removed.append(uri)
        self.built = self.pending
        return removed


def _page_fingerprint(page: Page) -> str:
    return _digest([page.content or "", str(page.title), _canonical(page.meta), *_toc_lines(page.toc, 0)])


def _toc_lines(items: Iterable[AnchorLink], depth: int) -> Iterable[str]:
    for item in items:
        yield f"{depth} {item.id} {item.title}"
        yield from _toc_lines(item.children, depth + 1)


def _canonical(value: object) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)


def _nav_fingerprint(nav: Navigation | None) -> str:
    """Titles and addresses of the navigation: every page shows them (sidebar, tabs, previous/next)."""
    if nav is None:
        return ""
    return _digest(list(_nav_lines(nav.items, 0)))


def _nav_lines(items: Iterable[StructureItem], depth: int) -> Iterable[str]:
    for item in items:
        if isinstance(item, Section):
            yield f"{depth} section {item.title}"
            yield from _nav_lines(item.children, depth + 1)
        elif isinstance(item, Page):
            yield f"{depth} page {item.title} {item.url}"
        else:
            yield f"{depth} {type(item).__name__} {item.title} {getattr(item, 'url', '')}"


def _config_fingerprint(config: MkDocsConfig) -> str:
    """What every page's template shows from the configuration: the config files and the derived values."""
    parts = [str(config.site_name), str(config.site_url), str(config.copyright), repr(config.extra),
             repr(list(config.extra_css)), repr(list(config.extra_javascript)), repr(config.theme.get('language'))]
    path = Path(config.config_file_path) if config.config_file_path else None
    while path is not None and path.is_file():
        data = path.read_bytes()
        parts.append(_digest([data]))
        path = _inherited(path, data)
    return _digest(parts)


def _inherited(path: Path, data: bytes) -> Path | None:
    """The file named by `INHERIT:` (mkdocs merges it below this one), or None."""
    for line in data.decode("utf-8", "replace").splitlines():
        if line.startswith("INHERIT:"):
            return (path.parent / line.split(":", 1)[1].strip()).resolve()
    return None


def _remove_inside(dest: str, site_dir: str) -> bool:
    """Delete a vanished page's output, never anything outside the site folder."""
    if not dest:
        return False
    target, root = Path(dest).resolve(), Path(site_dir).resolve()
    if root not in target.parents or not target.is_file():
        return False
    target.unlink()
    return True


def _digest(parts: Iterable[str | bytes]) -> str:
    hasher = hashlib.sha256()
    for part in parts:
        hasher.update(part if isinstance(part, bytes) else part.encode("utf-8"))
        hasher.update(b"\0")
    return hasher.hexdigest()


class CompiledTemplates(BytecodeCache):
    """The theme's templates compiled once per `mkdocs serve` session instead of once per rebuild.

    mkdocs makes a new template environment for every build, which compiles Material's templates
    again (about a tenth of a rebuild after one edit). A template is reused only while its source
    is unchanged: jinja keys each entry by name and checks the source's checksum."""

    def __init__(self) -> None:
        self._code: dict[tuple[str, str], CodeType] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self._code.get((bucket.key, bucket.checksum))
        if code is not None:
            bucket.code = code

    def dump_bytecode(self, bucket: Bucket) -> None:
        if bucket.code is not None:
            self._code[(bucket.key, bucket.checksum)] = bucket.code
