"""A Python-Markdown extension: every requirement id and source id in prose links to its page.

Statements, notes, model-case notes, chapters and the glossary name requirements and sources by
id ("see EXO-RM-001", "ICH-Q5A-R2 §3.1.3"); this extension turns each known id into a link, in
Markdown text and in the raw HTML blocks the catalog pages are made of. It lives in one place
and depends on no site engine, so it survives a change of engine. Ids inside links, code,
headings and diagrams are left alone, and a page never links to itself.

Configuration (mkdocs.yml `markdown_extensions`): `catalog` names the catalog folder, whose file
names are the ids; the exodossier plugin passes the loaded ids instead (`requirements`, `sources`).
Under mkdocs, raw-HTML links get their final URLs from mkdocs' own file list; elsewhere they
point at the `.md` files.
"""

from __future__ import annotations

import functools
import re
import xml.etree.ElementTree as etree
from pathlib import Path
from typing import Any, Callable

from markdown import Markdown
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor

from exodossier.catalog.references import id_pattern
from exodossier.site.markup import _relative
from exodossier.site.paths import requirement_path, source_path

_SKIP_TAGS = ("a", "code", "pre", "svg", "script", "style", "h1", "h2", "h3", "h4", "h5", "h6", "title")
CSS_CLASS = "exo-ref"


def ids_in_catalog(folder: Path) -> tuple[list[str], list[str]]:
    """(requirement ids, source ids) from a catalog folder's file names (the ids name the files)."""
    requirements = sorted(p.stem for p in (folder / "requirements").glob("*/*.yaml"))
    sources = sorted(p.stem for p in (folder / "sources").glob("*.yaml"))
    return requirements, sources


# An id-shaped word, bounded as `id_pattern` bounds ids: a whole run of word characters and hyphens (dots only
# inside), so looking the word up in a dict finds exactly what the alternation of every id would match.
_WORD = r"(?<![\w.-])[A-Z][\w-]*(?:\.[\w-]+)*"
_SKIP = "|".join(_SKIP_TAGS).replace("h1|h2|h3|h4|h5|h6", "h[1-6]")
# An element whose text is never linked (up to its first closing tag), any other tag, or a candidate word.
_SCAN = rf"(?i:(<({_SKIP})(?=[\s>])[^>]*(?<!/)>.*?</\2\s*>)|(<[^>]*>))|"


class IdLinks:
    """Which ids exist and where their pages are."""

    def __init__(self, requirements: list[str], sources: list[str]) -> None:
        self.targets = {**{s: source_path(s) for s in sources}, **{r: requirement_path(r) for r in requirements}}
        self.pattern = id_pattern(self.targets)
        # Scanning for id-shaped words and looking them up is much faster than the alternation of
        # thousands of ids (Python's re tries the alternatives one by one at each position).
        words = all(re.fullmatch(_WORD[len("(?<![\\w.-])"):], i) for i in self.targets)
        candidate = _WORD if words or self.pattern is None else self.pattern.pattern
        self.scanner = re.compile(_SCAN + f"({candidate})", re.DOTALL)


@functools.lru_cache(maxsize=4)
def _cached_links(requirements: tuple[str, ...], sources: tuple[str, ...]) -> IdLinks:
    return IdLinks(list(requirements), list(sources))


def _current_page(md: Markdown) -> tuple[str, Any]:
    """The page being converted (docs-relative path) and mkdocs' relpath processor, when under mkdocs."""
    relpath = md.treeprocessors["relpath"] if "relpath" in md.treeprocessors else None
    file = getattr(relpath, "file", None)
    return (getattr(file, "src_uri", "index.md"), relpath)


class IdLinkProcessor(InlineProcessor):
    """Markdown text: the id becomes an `<a>` to the `.md` page; mkdocs then resolves and checks it."""

    ANCESTOR_EXCLUDES = _SKIP_TAGS

    def __init__(self, links: IdLinks, md: Markdown) -> None:
        assert links.pattern is not None
        super().__init__(links.pattern.pattern, md)
        self.links = links

    def handleMatch(self, m: re.Match[str], data: str) -> tuple[etree.Element | None, int, int]:
        page, _ = _current_page(self.md)
        target = self.links.targets[m.group(0)]
        if target == page:
            return None, m.start(0), m.end(0)
        element = etree.Element("a", {"href": _relative(page, target), "class": CSS_CLASS})
        element.text = m.group(0)
        return element, m.start(0), m.end(0)


class RawHtmlIdLinks(Treeprocessor):
    """Raw HTML blocks (most of a requirement page): ids in text, outside links and diagrams."""

    def __init__(self, links: IdLinks, md: Markdown) -> None:
        super().__init__(md)
        self.links = links

    def run(self, root: etree.Element) -> None:
        page, relpath = _current_page(self.md)
        stash = self.md.htmlStash.rawHtmlBlocks
        for index, block in enumerate(stash):
            if isinstance(block, str):
                stash[index] = self.link(block, page, relpath)

    def href(self, target: str, page: str, relpath: Any) -> str:
        files = getattr(relpath, "files", None)
        found = files.get_file_from_path(target) if files is not None else None
        if found is not None and relpath is not None:
            return str(found.url_relative_to(relpath.file))
        return _relative(page, target)

    def link(self, html: str, page: str, relpath: Any) -> str:
        return link_ids(html, page, self.links, lambda target: self.href(target, page, relpath))


def link_ids(html: str, page: str, links: IdLinks, href: Callable[[str], str]) -> str:
    """`html` with each known id in its text linked (`href` gives a target page's address), outside links,
    code, headings and diagrams; a page never links to itself. Ready-HTML pages get their links here too."""
    if links.pattern is None:
        return html
    targets = links.targets

    def replace(m: re.Match[str]) -> str:
        word = m.group(4)
        target = targets.get(word) if word is not None else None
        if target is None or target == page:
            return m.group(0)
        return f'<a href="{href(target)}" class="{CSS_CLASS}">{word}</a>'

    return links.scanner.sub(replace, html)


class IdLinksExtension(Extension):
    def __init__(self, **kwargs: Any) -> None:
        self.config = {
            "catalog": ["", "Catalog folder whose file names give the ids (used when no ids are given)"],
            "requirements": [[], "Requirement ids (the exodossier plugin passes them)"],
            "sources": [[], "Source ids (the exodossier plugin passes them)"],
        }
        super().__init__(**kwargs)

    def links(self) -> IdLinks:
        """The ids, made once per set of ids (mkdocs makes a new extension for every page)."""
        requirements, sources = list(self.getConfig("requirements")), list(self.getConfig("sources"))
        if not requirements and not sources and self.getConfig("catalog"):
            requirements, sources = ids_in_catalog(Path(self.getConfig("catalog")))
        return _cached_links(tuple(requirements), tuple(sources))

    def extendMarkdown(self, md: Markdown) -> None:
        links = self.links()
        if links.pattern is None:
            return
        md.inlinePatterns.register(IdLinkProcessor(links, md), "exodossier-idlinks", 5)
        # After the inline processor (20) and before mkdocs' relpath (0), which then sees the Markdown links.
        md.treeprocessors.register(RawHtmlIdLinks(links, md), "exodossier-idlinks-html", 1)


def makeExtension(**kwargs: Any) -> IdLinksExtension:  # noqa: N802 - Python-Markdown's entry point name
    return IdLinksExtension(**kwargs)
