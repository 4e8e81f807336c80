"""The downloads page: the catalog as JSON, CSV and JSON Schema, with the JSON format described."""

from __future__ import annotations

from typing import Any

from exodossier.catalog.models import Requirement, Source
from exodossier.gap.profile import all_schema_models
from exodossier.site.context import SiteContext
from exodossier.site.escape import escape
from exodossier.site.exports import JSON_FORMAT, JSON_FORMAT_VERSION
from exodossier.site.markup import bullets, front_matter, md_link, md_table, page_text
from exodossier.site.pages.consultation import downloads_line
from exodossier.site.paths import CSV_FILE, DOWNLOADS, JSON_FILE, SCHEMA_DIR


def _field_rows(model: Any) -> list[list[str]]:
    return [[f"`{name}`", "yes" if info.is_required() else "no", escape(info.description or "")]
            for name, info in model.model_fields.items()]


# The guideline documents (`exodossier guideline build`), which `make run` copies next to this page's HTML
# (catalog/downloads/index.html). Raw links: mkdocs does not know these files, so it must not validate them.
GUIDELINE_FOLDER = "catalog/downloads"
GUIDELINE_DOCUMENTS = (("en", "English"), ("ja", "Japanese (日本語)"))


def guideline_file(language: str, edition: str, suffix: str) -> str:
    return f"guideline-{language}-{edition}.{suffix}"


def _guideline_links() -> list[str]:
    lines = ["## The guideline as a document", "",
             "The guideline proposal to PMDA and MHLW, generated from the same catalog and chapters as this site "
             "(`exodossier guideline build`). The full edition has everything; the summary edition the statements "
             "and stage tables. The PDF is present where the site was built with LibreOffice installed.", ""]
    for language, name in GUIDELINE_DOCUMENTS:
        links = [f'<a href="{guideline_file(language, edition, suffix)}">{edition} (.{suffix})</a>'
                 for edition in ("full", "summary") for suffix in ("docx", "pdf")]
        lines.append(f"- {name}: {', '.join(links)}")
    return lines + [""]


def downloads_page(site: SiteContext) -> str:
    schema_files = [f"{stem}.schema.json" for stem in all_schema_models()]

    lines = front_matter("Downloads") + ["# Downloads", "",
                                          "The whole catalog as data, for loading into your own tools.", ""]
    lines += bullets([
        f"{md_link(DOWNLOADS, JSON_FILE, 'catalog.json')} — everything: taxonomy, sources and requirements.",
        f"{md_link(DOWNLOADS, CSV_FILE, 'catalog.csv')} — one row per requirement (UTF&#45;8 with a byte order mark; "
        "cells that a spreadsheet would run as a formula start with an apostrophe).",
        *(f"{md_link(DOWNLOADS, f'{SCHEMA_DIR}/{name}', name)} — JSON Schema of one item" for name in schema_files),
        downloads_line(site.consultation.language if site.consultation else "en"),
    ])
    lines += _guideline_links()
    lines += ["## The JSON format", "",
              f"`format` is `{JSON_FORMAT}` and `format_version` is `{JSON_FORMAT_VERSION}`; the version changes only "
              "when the shape of the data changes. Every field of every item is always present (absent values are "
              "`null`). Text fields are objects `{\"en\": ..., \"ja\": ...}` (`ja` may be `null`). Items are sorted "
              "by id.", ""]
    lines += md_table(["Key", "Content"], [
        ["`format`, `format_version`", "identify this format"],
        ["`catalog_version`", "release version of the catalog"],
        ["`content_sha256`", "SHA&#45;256 over the catalog's files: names exactly what was published"],
        ["`taxonomy`", "catalog identity, categories, stages, attributes, CTD sections"],
        ["`sources`", "list of sources (fields below)"],
        ["`requirements`", "list of requirements (fields below)"],
    ])
    lines += ["### Requirement fields", ""] + md_table(["Field", "Required", "Meaning"], _field_rows(Requirement))
    lines += ["### Source fields", ""] + md_table(["Field", "Required", "Meaning"], _field_rows(Source))
    return page_text(lines)
