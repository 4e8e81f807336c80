"""The state every part of the guideline shares while it is written, and the small helpers they use.

One `GuidelineWriter` per document: the catalog, the options, the chapters, where each
requirement goes (plan.py), the reference numbers handed out so far, and the reader's
language with its translator. The parts themselves are written by document.py,
requirements.py, annexes.py, definitions.py and prose.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, Sequence

from docx.section import Section
from docx.text.paragraph import Paragraph

from exodossier.catalog.loader import Catalog
from exodossier.catalog.models import REQUIREMENT_ID_PATTERN, LocalizedText
from exodossier.docx.builder import DocBuilder
from exodossier.docx.xml import append_run
from exodossier.guideline.chapters import DEFAULT_CHAPTERS, Chapter, load_chapter
from exodossier.guideline.numbering import label
from exodossier.guideline.plan import Plan, plan_requirements
from exodossier.guideline.references import References
from exodossier.guideline.release_record import DocumentStatus, status_label
from exodossier.guideline.specification import DEFAULT_SPECIFICATION, Specification, load_specification
from exodossier.guideline.styles import setup_guideline_styles
from exodossier.i18n.messages import Language, translator
from exodossier.sanitize import xml_safe

Edition = Literal["full", "summary"]
EDITIONS: tuple[Edition, ...] = ("full", "summary")
PENDING_MARK = "†"
INTRODUCTION, READING, PHASES, GLOSSARY, MODEL_CASE, LANDSCAPE = (
    "index", "how-to-read", "phases", "glossary", "model-case", "regulatory-landscape")
REQUIREMENT_TOKEN = REQUIREMENT_ID_PATTERN.strip("^$")


@dataclass(frozen=True)
class GuidelineOptions:
    language: Language = "en"
    edition: Edition = "full"
    include_drafts: bool = False
    status: DocumentStatus | None = None
    chapters: Path = DEFAULT_CHAPTERS
    specification: Path | None = DEFAULT_SPECIFICATION


def chapter_names(edition: Edition) -> list[str]:
    names = [INTRODUCTION, GLOSSARY]
    if edition == "full":
        names += [READING, PHASES, MODEL_CASE, LANDSCAPE]
    return names


def id_pattern(source_ids: Sequence[str]) -> re.Pattern[str]:
    """Requirement ids and the catalog's source ids as whole tokens (longest source id first)."""
    sources = "|".join(re.escape(s) for s in sorted(source_ids, key=len, reverse=True))
    alternatives = f"(?P<req>{REQUIREMENT_TOKEN})" + (f"|(?P<src>{sources})" if sources else "")
    # ASCII boundaries: in Japanese text an id is directly followed by kana (SRC-1を参照), which \w would join.
    return re.compile(rf"(?<![A-Za-z0-9_-])(?:{alternatives})(?![A-Za-z0-9_-])")


class GuidelineWriter(DocBuilder):
    """A new document for one catalog, with everything its parts need to know."""

    def __init__(self, catalog: Catalog, options: GuidelineOptions) -> None:
        _ = translator("guideline", options.language)
        super().__init__(labels={"Table": _("Table"), "Figure": _("Figure"), "Appendix": _("Annex")})
        self._ = _
        self.catalog = catalog
        self.options = options
        self.language: Language = options.language
        self.full = options.edition == "full"
        setup_guideline_styles(self.doc, self.language)
        self.refs = References(catalog.sources)
        self.ids = id_pattern(list(catalog.sources))
        self.chapters: dict[str, Chapter] = {name: load_chapter(options.chapters, name, self.language)
                                             for name in chapter_names(options.edition)}
        self.specification: Specification | None = None
        if self.full and options.specification is not None and options.specification.is_file():
            self.specification = load_specification(options.specification)
        self.chapter_number = 0
        self.annex_number = 0
        first_requirement_chapter = 5 if self.full else 3
        self.plan: Plan = plan_requirements(catalog, first_requirement_chapter, options.include_drafts)
        self.status = options.status or DocumentStatus.COMMITTEE_DRAFT

    # ----------------------------------------------------------------- text

    def para(self, text: str = "", style: str | None = None, bold: bool = False) -> Paragraph:
        """The builder's paragraph by the fast route (a guideline has thousands; see `new_paragraph`)."""
        paragraph = self.new_paragraph(style)
        if text and bold:
            paragraph.add_run(xml_safe(text)).bold = True
        elif text:
            append_run(paragraph._p, xml_safe(text))
        return paragraph

    def labelled(self, label: str, text: str, style: str | None = None) -> Paragraph:
        paragraph = self.new_paragraph(style)
        paragraph.add_run(xml_safe(label)).bold = True
        append_run(paragraph._p, xml_safe(text))
        return paragraph

    def local(self, text: LocalizedText | None) -> tuple[str, bool]:
        """The text in the reader's language, and whether it is marked as a pending translation."""
        if text is None:
            return "", False
        return text.in_language(self.language)

    def plain(self, text: LocalizedText | None) -> str:
        """The text in the reader's language, with the pending-translation mark when it needs one."""
        shown, pending = self.local(text)
        return f"{shown} {PENDING_MARK}" if pending else shown

    @property
    def title(self) -> str:
        return self.plain(self.catalog.taxonomy.catalog.title)

    @property
    def edition_label(self) -> str:
        return self._("Full edition") if self.full else self._("Summary edition")

    # ----------------------------------------------------------------- structure

    def chapter_heading(self, text: str) -> tuple[int, ...]:
        self.chapter_number += 1
        path = (self.chapter_number,)
        self.literal_heading(label(path, self.language), text, 1)
        return path

    def annex_heading(self, text: str) -> None:
        self.annex_number += 1
        self.literal_heading(self._("Annex {number}").format(number=self.annex_number), text, 1)

    def new_section(self, landscape: bool) -> None:
        self.header_footer(self.start_section(landscape))

    def header_footer(self, section: Section) -> None:
        """Title and status in the header; catalog version, edition and 'page / pages' in the footer."""
        _ = self._
        footer = _("Catalog {version} · {edition}").format(version=self.catalog.version, edition=self.edition_label)
        self.running_lines(section, [(self.title, False), (status_label(self.status, _), True)], footer,
                           "{page} / {pages}")
