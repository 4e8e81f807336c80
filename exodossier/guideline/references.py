"""The numbered reference list: only the sources the text cites, numbered in order of first citation.

A requirement's citations and a chapter's mention of a source id both call `cite`, which
hands out the next number the first time a source is cited. The list is written last, so
every number in the text has its entry, and no entry is left uncited.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from exodossier.catalog.models import Source, SourceStatus
from exodossier.i18n.messages import Translate, long_date


def bookmark(number: int) -> str:
    return f"ref_{number}"


def display_date(value: str, language: str) -> str:
    """'2025-01-09' as 2025年1月9日 / 9 January 2025; a partial date as far as it goes."""
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 3:
        return long_date(dt.date(*parts), language)
    if len(parts) == 2:
        month = dt.date(parts[0], parts[1], 1)
        return f"{parts[0]}年{parts[1]}月" if language == "ja" else month.strftime("%B %Y")
    return f"{parts[0]}年" if language == "ja" else str(parts[0])


@dataclass
class References:
    """Numbers handed out to cited sources, and the catalog's sources to describe them."""

    sources: dict[str, Source]
    numbers: dict[str, int] = field(default_factory=dict)

    def cite(self, source_id: str) -> int:
        if source_id not in self.numbers:
            self.numbers[source_id] = len(self.numbers) + 1
        return self.numbers[source_id]

    def cited(self) -> list[tuple[int, str]]:
        return sorted((number, source_id) for source_id, number in self.numbers.items())


def entry_text(source: Source | None, source_id: str, language: str, _: Translate) -> str:
    """One entry: title, issuer, number and date (the Japanese notification's where there is one), the id."""
    if source is None:
        return _("{id} (not in the catalog)").format(id=source_id)
    title = source.title.ja if language == "ja" and source.title.ja else source.title.en
    quoted = f"「{title}」" if language == "ja" else f"{title}."
    details = [source.issuer]
    if source.document_number:
        details.append(source.document_number)
    if source.date:
        details.append(display_date(source.date, language))
    separator = "、" if language == "ja" else ", "
    text = f"{quoted}（{separator.join(details)}）" if language == "ja" else f"{quoted} {separator.join(details)}."
    notes = [source.id]
    if source.status is not SourceStatus.CURRENT:
        notes.append(_("status: {status}").format(status=status_label(source.status, _)))
    if not source.verified:
        notes.append(_("not verified against the official text"))
    return f"{text} [{'; '.join(notes)}]"


def status_label(status: SourceStatus, _: Translate) -> str:
    labels = {SourceStatus.CURRENT: _("current"), SourceStatus.SUPERSEDED: _("superseded"),
              SourceStatus.DRAFT: _("draft"), SourceStatus.WITHDRAWN: _("withdrawn")}
    return labels[status]
