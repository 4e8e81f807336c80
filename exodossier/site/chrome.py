"""What the site adds around the pages: footer, home-page entry points, language selector, untranslated chapters.

Pure functions of the catalog and the chapters, used by the mkdocs plugin. The theme overrides
in `overrides/` make Material's language selector link each page to its counterpart in the
other edition (Material's own selector links to the other edition's home page).
"""

from __future__ import annotations

import re
from pathlib import Path

from mkdocs.structure.files import Files

from exodossier.site.context import SiteContext
from exodossier.site.escape import escape
from exodossier.site.pages.overview import entry_points

OVERRIDES = Path(__file__).parent / "overrides"
CODE_LICENCE = "Apache-2.0"
TEXT_LICENCE = "CC BY 4.0"
_FIRST_SECTION = re.compile(r"^## ", re.MULTILINE)
_FIRST_HEADING = re.compile(r"^# .*$", re.MULTILINE)


def footer(site: SiteContext) -> str:
    """Committee, version, date and licences: the footer of every page (HTML; the theme prints it as is)."""
    _ = site.translate
    info = site.catalog.taxonomy.catalog
    parts = [escape(site.plain(info.publisher), markdown=False) if info.publisher else "",
             escape(_("Catalog {version}").format(version=info.version), markdown=False),
             escape(info.date or "", markdown=False),
             escape(_("Catalog and guideline text: {text}; code: {code}").format(text=TEXT_LICENCE, code=CODE_LICENCE),
                    markdown=False)]
    return " · ".join(part for part in parts if part)


def with_entry_points(markdown: str, site: SiteContext) -> str:
    """The home page with the catalog's entry points (with counts) before its first section."""
    _ = site.translate
    block = "\n".join(["## " + escape(_("Find your way into the catalog")), "", *entry_points(site, "index.md"), ""])
    match = _FIRST_SECTION.search(markdown)
    if match is None:
        return markdown.rstrip("\n") + "\n\n" + block
    return markdown[: match.start()] + block + "\n" + markdown[match.start():]


def fallback_chapters(english_docs: Path, files: Files, site: SiteContext) -> dict[str, str]:
    """English chapters this edition lacks, each with a note that it is not translated yet."""
    _ = site.translate
    note = ['!!! note "' + escape(_("This chapter is not translated yet")) + '"', "",
            ('    ' + escape(_("The English text is shown until the translation is ready."))), ""]
    chapters: dict[str, str] = {}
    for path in sorted(english_docs.glob("*.md")):
        if files.get_file_from_path(path.name) is not None:
            continue
        text = path.read_text(encoding="utf-8")
        heading = _FIRST_HEADING.search(text)
        at = heading.end() + 1 if heading else 0
        chapters[path.name] = text[:at] + "\n" + "\n".join(note) + "\n" + text[at:]
    return chapters
