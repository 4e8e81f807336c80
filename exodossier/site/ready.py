"""Generated pages as ready HTML: the last step before a catalog page is published, with no Markdown parser.

The catalog pages (`exodossier.site.render`) are written as HTML behind their front matter and
`READY_MARKER`. Python-Markdown converting them cost about half of a site build (it parsed the raw
HTML again, and mkdocs parsed it once more for anchors), so the plugin hands mkdocs an empty body
and puts the finished page in place afterwards. Finishing does, in one pass each, what the
Markdown extensions and mkdocs did for these pages:

- ids in the text link to their pages (`exodossier.site.idlinks.link_ids`, as on Markdown pages);
- headings get their ids (the configured slug function, made unique as the `toc` extension does)
  and permalinks, and the table of contents is read from them;
- links between pages, written as relative `.md` paths, become the engine's URLs through a
  resolver (mkdocs' own `File` objects), which reports a link to a missing page;
- the ids present on the page are collected for mkdocs' anchor validation.

`exodossier site pages` finishes the same bodies for engines that cannot run the plugin.
"""

from __future__ import annotations

import hashlib
import html
import logging
import posixpath
import re
from dataclasses import dataclass, field
from typing import Any, Callable

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from exodossier.site import idlinks
from exodossier.site.idlinks import IdLinks, link_ids
from exodossier.site.markup import READY_MARKER, _relative

log = logging.getLogger("mkdocs.plugins.exodossier")
Slugify = Callable[[str, str], str]
# Resolver: (target path in the docs folder, anchor, the href as written) -> the URL, or None to leave it.
Resolver = Callable[[str, str, str], "str | None"]

_HEADING = re.compile(r"<h([1-6])(?: id=\"([^\"]*)\")?>(.*?)</h\1>", re.DOTALL)
_HREF = re.compile(r'(?<=\shref=")[^"]*(?=")')
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_ID = re.compile(r'\sid="([^"]*)"')


def is_ready(text: str) -> bool:
    """Whether a page body (front matter removed) is ready HTML."""
    return text.startswith(READY_MARKER)


def site_slugify() -> Slugify:
    """The site's slug function for headings and tabs (mkdocs.yml: pymdownx.slugs.slugify, case lower)."""
    from pymdownx.slugs import slugify

    function: Slugify = slugify(case="lower")
    return function


@dataclass(frozen=True)
class HeadingStyle:
    """How headings get their ids and permalinks: the `toc` extension's settings."""

    slugify: Slugify = field(default_factory=site_slugify)
    separator: str = "-"
    permalink: str = "&para;"  # the permalink's markup; "" for none
    permalink_class: str = "headerlink"
    permalink_title: str = "Permanent link"
    permalink_leading: bool = False
    toc_top: int = 1
    toc_bottom: int = 6

    @classmethod
    def from_toc_config(cls, config: dict[str, Any]) -> HeadingStyle:
        """The style a site's `toc` extension settings give (its defaults where unset)."""
        from markdown.extensions.toc import TocExtension

        settings = TocExtension(**config).getConfigs()
        depth = settings["toc_depth"]
        top, bottom = (1, int(depth)) if not (isinstance(depth, str) and "-" in depth) else map(int, depth.split("-"))
        permalink = settings["permalink"]
        mark = "&para;" if permalink is True else "" if not permalink else html.escape(str(permalink), quote=False)
        return cls(settings["slugify"], settings["separator"], mark, settings["permalink_class"],
                   settings["permalink_title"], bool(settings["permalink_leading"]), top, bottom)


@dataclass
class Finished:
    """A page ready to publish: its HTML, its table of contents (the `toc` extension's tokens) and its ids."""

    html: str
    toc_tokens: list[dict[str, Any]]
    anchors: set[str]


def headings(body: str, style: HeadingStyle) -> tuple[str, list[dict[str, Any]]]:
    """Every heading with its id and permalink, and the nested table-of-contents tokens, as `toc` makes them."""
    from markdown.extensions.toc import nest_toc_tokens, strip_tags, unique

    used = {match.group(2) for match in _HEADING.finditer(body) if match.group(2)}
    counters: dict[str, int] = {}
    tokens: list[dict[str, Any]] = []

    def finish(match: re.Match[str]) -> str:
        level, given, inner = int(match.group(1)), match.group(2), match.group(3)
        name = strip_tags(inner)
        anchor = given or unique(style.slugify(html.unescape(name), style.separator), used, counters)
        if style.toc_top <= level <= style.toc_bottom:
            tokens.append({"level": level, "id": anchor, "name": name, "html": inner, "data-toc-label": ""})
        if not style.permalink:
            return f'<h{level} id="{anchor}">{inner}</h{level}>'
        title = f' title="{html.escape(style.permalink_title)}"' if style.permalink_title else ""
        link = f'<a class="{style.permalink_class}" href="#{anchor}"{title}>{style.permalink}</a>'
        content = link + inner if style.permalink_leading else inner + link
        return f'<h{level} id="{anchor}">{content}</h{level}>'

    return _HEADING.sub(finish, body), nest_toc_tokens(tokens)


def resolve_links(body: str, page: str, resolve: Resolver) -> str:
    """Relative links (page to page, page to download) through `resolve`; external and same-page links as they are."""

    folder = posixpath.dirname(page)

    def one(match: re.Match[str]) -> str:
        href = match.group(0)
        if not href or href[0] in "#/" or _SCHEME.match(href):
            return href
        path, _sep, anchor = href.partition("#")
        target = posixpath.normpath(posixpath.join(folder, path))
        url = resolve(target, anchor, href)
        return href if url is None else url

    return _HREF.sub(one, body)


def finish(body: str, page: str, style: HeadingStyle, resolve: Resolver, links: IdLinks | None = None) -> Finished:
    """A ready body (marker first) as the page to publish; `page` is its path in the docs folder."""
    body = body[len(READY_MARKER):].lstrip("\n") if is_ready(body) else body
    if links is not None:
        body = link_ids(body, page, links, lambda target: _relative(page, target))
    body, tokens = headings(body, style)
    body = resolve_links(body, page, resolve)
    return Finished(body, tokens, set(_ID.findall(body)))


def publish_files(files: dict[str, bytes], links: IdLinks | None, *, directory_urls: bool = True) -> dict[str, bytes]:
    """The site files with every ready page finished for an engine without our plugin (`exodossier site pages`).

    Links become the URLs mkdocs gives the same files (`use_directory_urls`, its default, or not); the
    pages keep their front matter, so any engine that reads Markdown publishes them as they are.
    """
    known = Files([File(path, src_dir=None, dest_dir="", use_directory_urls=directory_urls) for path in files])
    style = HeadingStyle()
    out = dict(files)
    for path, content in files.items():
        if not path.endswith(".md"):
            continue
        text = content.decode("utf-8")
        front, body = split_front_matter(text)
        if not is_ready(body):
            continue
        page = known.get_file_from_path(path)
        assert page is not None
        finished = finish(body, path, style, _resolver(page, known, {}, None), links)
        out[path] = (front + finished.html).encode("utf-8")  # finished: no marker, nothing left to do
    return out


def split_front_matter(text: str) -> tuple[str, str]:
    """(the front matter with its closing line, the body) of a generated page."""
    if not text.startswith("---\n"):
        return "", text
    end = text.find("\n---\n", 3)
    if end < 0:
        return "", text
    return text[: end + 5], text[end + 5:]


class ReadyPages:
    """The mkdocs side: a ready body is taken at `on_page_markdown` and finished at `on_page_content`.

    mkdocs still runs Python-Markdown on the (empty) body, so front matter, the title and Material's
    tags keep working; the finished page then replaces mkdocs' empty result, with the table of
    contents, the anchors and the links to other pages' anchors that mkdocs would have recorded.
    """

    def __init__(self) -> None:
        self.bodies: dict[str, str] = {}
        self._config: Any = None
        self._style = HeadingStyle()
        self._links: IdLinks | None = None
        self.remember = False  # `mkdocs serve`: keep finished pages for the next rebuild
        self._context = ""
        self._kept: dict[str, _Kept] = {}

    def take(self, page: Page, markdown: str) -> bool:
        """Keep a ready body for later (True), or leave a Markdown page alone (False)."""
        if not is_ready(markdown):
            return False
        self.bodies[page.file.src_uri] = markdown
        return True

    def put(self, content: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        """The finished page; a Markdown page only gets its raw-HTML `.md` links resolved (home page, glossary)."""
        self._configure(config, files)
        body = self.bodies.pop(page.file.src_uri, None)
        anchors = page.links_to_anchors if page.links_to_anchors is not None else {}
        if body is None:
            if ".md" not in content:
                return content
            resolved = resolve_links(content, page.file.src_uri, _resolver(page.file, files, anchors, None, md_only=True))
            page.links_to_anchors = anchors
            return resolved
        finished = self._finished(body, page, config, files, anchors)
        page.toc = get_toc(finished.toc_tokens)  # type: ignore[arg-type]
        page.present_anchor_ids = finished.anchors
        page.links_to_anchors = anchors
        return finished.html

    def _finished(self, body: str, page: Page, config: MkDocsConfig, files: Files,
                  anchors: dict[File, dict[str, str]]) -> Finished:
        """The finished page, or under `mkdocs serve` the one the last rebuild made from the same body.

        Finishing is most of what a rebuild spends on pages nobody edited. A kept page is reused only
        when its body and everything finishing reads (the set of files, heading style, ids) are
        unchanged, and never when it reported a missing page, so a strict rebuild fails again."""
        uri = page.file.src_uri
        kept = self._kept.get(uri) if self.remember else None
        if kept is not None and kept.context == self._context and kept.body == body:
            for target, found in kept.anchors.items():
                known = files.get_file_from_path(target)
                if known is not None:
                    anchors.setdefault(known, {}).update(found)
            return kept.finished
        missing: list[str] = []
        level = config.validation.links.not_found
        resolve = _resolver(page.file, files, anchors, level, missing=missing)
        finished = finish(body, uri, self._style, resolve, self._links)
        if self.remember and not missing:
            self._kept[uri] = _Kept(self._context, body, finished,
                                    {file.src_uri: dict(found) for file, found in anchors.items()})
        return finished

    def _configure(self, config: MkDocsConfig, files: Files) -> None:
        """The heading style and the id links of this build's configuration (read once per build)."""
        if config is self._config:
            return
        self._config = config
        self._context = _finishing_context(config, files) if self.remember else ""
        toc = next((name for name in ("toc", "markdown.extensions.toc") if name in config.markdown_extensions), None)
        settings = (config.mdx_configs or {}).get(toc, {}) if toc else {}
        self._style = HeadingStyle.from_toc_config(settings) if toc else HeadingStyle(permalink="")
        self._links = None
        if idlinks.__name__ in config.markdown_extensions:
            ids = (config.mdx_configs or {}).get(idlinks.__name__, {})
            self._links = IdLinks(list(ids.get("requirements", [])), list(ids.get("sources", [])))



@dataclass(frozen=True)
class _Kept:
    """A finished page and what it was finished against (see `ReadyPages._finished`)."""

    context: str
    body: str
    finished: Finished
    anchors: dict[str, dict[str, str]]  # links to other pages' anchors, by target path


def _finishing_context(config: MkDocsConfig, files: Files) -> str:
    """Everything besides its body that finishing a page reads: the project, its docs files (link targets
    and their URLs), the `toc` settings and the ids that link. A change to any re-finishes every page."""
    settings = sorted((name, repr((config.mdx_configs or {}).get(name))) for name in config.markdown_extensions)
    parts = [str(config.config_file_path), repr(settings), str(config.use_directory_urls),
             *(f"{f.src_uri} {f.dest_uri}" for f in files)]
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()


def _resolver(page: File, files: Files, anchors: dict[File, dict[str, str]], level: int | None, *,
              md_only: bool = False, missing: list[str] | None = None) -> Resolver:
    """Links resolved with mkdocs' own files (so `use_directory_urls` either way), as mkdocs resolves Markdown links:
    a missing page is reported at `level` (strict builds fail), a link with an anchor is kept for anchor validation."""

    def resolve(target: str, anchor: str, href: str) -> str | None:
        if md_only and not target.endswith(".md"):
            return None
        found = files.get_file_from_path(target)
        if found is None:
            if missing is not None:
                missing.append(target)
            if level is not None and target.endswith(".md"):
                log.log(level, f"Doc file '{page.src_uri}' contains a link '{href}', but the target "
                               f"'{target}' is not found among documentation files.")
            return None
        if anchor:
            anchors.setdefault(found, {}).setdefault(anchor, href)
        url = found.url_relative_to(page)
        return f"{url}#{anchor}" if anchor else url

    return resolve
