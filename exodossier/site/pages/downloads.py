"""The downloads page: the catalog as JSON, CSV and JSON Schema, with the JSON format described.

Other views add their downloads (the guideline document, say) as items of `download_items`.
"""

from __future__ import annotations

from typing import Any

from exodossier.catalog.models import Requirement, Source
from exodossier.gap.profile import all_schema_models
from exodossier.site.context import SiteContext
from exodossier.site.escape import escape
from exodossier.site.exports import JSON_FORMAT, JSON_FORMAT_VERSION
from exodossier.site.markup import bullets, code, front_matter, header, heading, page_link, page_text, paragraph, table
from exodossier.site.pages.consultation import downloads_line
from exodossier.site.paths import CSV_FILE, DOWNLOADS, JSON_FILE, SCHEMA_DIR
from exodossier.site.text import fill


def _field_rows(site: SiteContext, model: Any) -> list[list[str]]:
    _ = site.translate
    return [[code(name), escape(_("yes") if info.is_required() else _("no")), escape(info.description or "")]
            for name, info in model.model_fields.items()]


# The guideline documents (`exodossier guideline build`), which `make run` copies next to the English
# downloads page's HTML (catalog/downloads/index.html). Raw links: mkdocs does not know these files, so it
# must not validate them. The Japanese edition links the same files, one folder up (site/ja/ -> site/).
GUIDELINE_FOLDER = "catalog/downloads"
GUIDELINE_DOCUMENTS = (("en", "English"), ("ja", "Japanese (日本語)"))


def guideline_file(language: str, edition: str, suffix: str) -> str:
    return f"guideline-{language}-{edition}.{suffix}"


def _guideline_links(site: SiteContext) -> list[str]:
    _ = site.translate
    prefix = "" if site.language == "en" else f"../../../{GUIDELINE_FOLDER}/"
    names = {"en": _("English"), "ja": _("Japanese (日本語)")}
    editions = {"full": _("full"), "summary": _("summary")}
    lines = heading(2, escape(_("The guideline as a document")))
    lines += paragraph(escape(_("The guideline proposal to PMDA and MHLW, generated from the same catalog and chapters "
                                "as this site (exodossier guideline build). The full edition has everything; the "
                                "summary edition the statements and stage tables. The PDF is present where the site "
                                "was built with LibreOffice installed.")))
    items = []
    for language, _name in GUIDELINE_DOCUMENTS:
        links = [f'<a href="{prefix}{guideline_file(language, edition, suffix)}">{escape(editions[edition])} '
                 f'(.{suffix})</a>' for edition in ("full", "summary") for suffix in ("docx", "pdf")]
        items.append(f"{escape(names[language])}: {', '.join(links)}")
    return lines + bullets(items)


def download_items(site: SiteContext) -> list[str]:
    """One bullet per download: the catalog data, then the JSON Schemas."""
    _ = site.translate
    schema_files = [f"{stem}.schema.json" for stem in all_schema_models()]
    return [
        fill(_("{link} — everything: taxonomy, sources and requirements."),
             link=page_link(DOWNLOADS, JSON_FILE, "catalog.json")),
        fill(_("{link} — one row per requirement (UTF-8 with a byte order mark; cells that a spreadsheet would run "
               "as a formula start with an apostrophe)."), link=page_link(DOWNLOADS, CSV_FILE, "catalog.csv")),
        *(fill(_("{link} — JSON Schema of one item"), link=page_link(DOWNLOADS, f"{SCHEMA_DIR}/{name}", name))
          for name in schema_files),
        downloads_line(site.language),
    ]


def downloads_page(site: SiteContext) -> str:
    _ = site.translate
    lines = front_matter(_("Downloads")) + heading(1, escape(_("Downloads")))
    lines += paragraph(escape(_("The whole catalog as data, for loading into your own tools.")))
    lines += bullets(download_items(site))
    lines += _guideline_links(site)
    lines += heading(2, escape(_("The JSON format")))
    lines += paragraph(fill(_("{format} is {name} and {format_version} is {version}; the version changes only when the shape "
                     "of the data changes. Every field of every item is always present (absent values are {null}). "
                     "Text fields are objects {text} ({ja} may be {null}). Items are sorted by id."),
                   format=code("format"), name=code(JSON_FORMAT), format_version=code("format_version"),
                   version=code(JSON_FORMAT_VERSION), null=code("null"), text=code('{"en": ..., "ja": ...}'),
                   ja=code("ja")) + " "
                       + escape(_("The file is compact JSON (UTF-8, no indentation) with one source or requirement "
                                  "per line.")))
    lines += table(header(_("Key"), _("Content")), [
        [f'{code("format")}, {code("format_version")}', escape(_("identify this format"))],
        [code("catalog_version"), escape(_("release version of the catalog"))],
        [code("content_sha256"), escape(_("SHA-256 over the catalog's files: names exactly what was published"))],
        [code("taxonomy"), escape(_("catalog identity, categories, stages, attributes, CTD sections"))],
        [code("sources"), escape(_("list of sources (fields below)"))],
        [code("requirements"), escape(_("list of requirements (fields below)"))],
    ])
    lines += heading(3, escape(_("Requirement fields")))
    lines += table(header(_("Field"), _("Required"), _("Meaning")), _field_rows(site, Requirement))
    lines += heading(3, escape(_("Source fields")))
    lines += table(header(_("Field"), _("Required"), _("Meaning")), _field_rows(site, Source))
    return page_text(lines)
