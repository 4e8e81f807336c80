"""The whole catalog as one Excel workbook, for reviewers who read and annotate in Excel.

One sheet per category and one of sources, each with a frozen, filtered header row. The cells are
written by spreadsheet/workbook.py, so text that starts with `=` stays text and the same catalog
gives the same bytes. This is a reading copy; the YAML stays the source of truth.
"""

from __future__ import annotations

import datetime as dt
from typing import Sequence

from exodossier.catalog.loader import Catalog
from exodossier.catalog.models import LocalizedText, Requirement, Source
from exodossier.i18n.messages import Language, Translate, translator
from exodossier.spreadsheet.workbook import CellValue, Column, SheetSpec, workbook_bytes

LIST_SEPARATOR = "\n"


def _en(text: LocalizedText | None) -> str:
    return text.en if text is not None else ""


def _ja(text: LocalizedText | None) -> str:
    return (text.ja or "") if text is not None else ""


def _lines(texts: Sequence[LocalizedText], language: Language) -> str:
    return LIST_SEPARATOR.join(text.ja or text.en if language == "ja" else text.en for text in texts)


def requirement_columns(_: Translate) -> list[Column]:
    return [Column(_("ID"), 13, wrap=False), Column(_("Title"), 30), Column(_("Title (Japanese)"), 30),
            Column(_("Statement"), 60), Column(_("Statement (Japanese)"), 60), Column(_("Rationale"), 45),
            Column(_("Topic"), 18), Column(_("Criticality"), 11), Column(_("Status"), 13),
            Column(_("Stage expectations"), 30), Column(_("Applicability"), 24), Column(_("Acceptance criteria"), 40),
            Column(_("Methods"), 30), Column(_("Evidence"), 30), Column(_("CTD sections"), 14),
            Column(_("Citations"), 30), Column(_("Related requirements"), 24)]


def requirement_row(requirement: Requirement, language: Language) -> list[CellValue]:
    stages = LIST_SEPARATOR.join(f"{e.stage}: {e.level.value}" for e in requirement.stage_expectations)
    applicability = LIST_SEPARATOR.join(f"{name}: {', '.join(values)}"
                                        for name, values in sorted(requirement.applicability.items()))
    citations = LIST_SEPARATOR.join(c.source + (f" {c.clause}" if c.clause else "") for c in requirement.citations)
    related = LIST_SEPARATOR.join(f"{r.type.value}: {r.id}" for r in requirement.related)
    return [requirement.id, _en(requirement.title), _ja(requirement.title), _en(requirement.statement),
            _ja(requirement.statement), _en(requirement.rationale), requirement.topic, requirement.criticality.value,
            requirement.status.value, stages, applicability, _lines(requirement.acceptance_criteria, language),
            _lines(requirement.methods, language), _lines(requirement.evidence, language),
            LIST_SEPARATOR.join(requirement.ctd_sections), citations, related]


def source_columns(_: Translate) -> list[Column]:
    return [Column(_("ID"), 22, wrap=False), Column(_("Title"), 50), Column(_("Title (Japanese)"), 40),
            Column(_("Kind"), 16), Column(_("Issuer"), 14), Column(_("Document number"), 24), Column(_("Version"), 10),
            Column(_("Date"), 11), Column(_("Status"), 11), Column(_("Verified"), 9), Column(_("URL"), 40),
            Column(_("Clauses"), 40)]


def source_row(source: Source, _: Translate) -> list[CellValue]:
    clauses = LIST_SEPARATOR.join(f"{c.id} {c.title.en}" for c in source.clauses)
    return [source.id, _en(source.title), _ja(source.title), source.kind.value, source.issuer,
            source.document_number or "", source.version, source.date or "", source.status.value,
            _("yes") if source.verified else _("no"), source.url or "", clauses]


def catalog_sheets(catalog: Catalog, language: Language = "en") -> list[SheetSpec]:
    """One sheet per category (in taxonomy order), then the sources."""
    _ = translator("interchange", language)
    title = catalog.taxonomy.catalog.title
    heading = _("{title}, version {version}").format(title=title.ja or title.en if language == "ja" else title.en,
                                                    version=catalog.version)
    sheets = []
    for category in catalog.taxonomy.categories:
        rows = [requirement_row(r, language) for r in sorted(catalog.requirements_in(category.id), key=lambda r: r.id)]
        name = category.title.ja or category.title.en if language == "ja" else category.title.en
        sheets.append(SheetSpec(f"{category.id} {name}", requirement_columns(_), rows, title_lines=[heading, name]))
    sources = [source_row(s, _) for _id, s in sorted(catalog.sources.items())]
    sheets.append(SheetSpec(_("Sources"), source_columns(_), sources, title_lines=[heading, _("Sources")]))
    return sheets


def catalog_workbook(catalog: Catalog, when: dt.datetime, language: Language = "en") -> bytes:
    """The .xlsx bytes; `when` (SOURCE_DATE_EPOCH) fixes the timestamps inside."""
    return workbook_bytes(catalog_sheets(catalog, language), when)
