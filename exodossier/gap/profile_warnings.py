"""What a reviewer would query in a profile before the report leaves the sponsor.

Four checks, each a plain rule: a requirement claimed as met with no evidence named; TODO
or placeholder text left in the sponsor's own fields; a due date already past on the
report date; a P1 action (one that blocks the milestone) with nobody named to own it.
The command line prints them and the internal variant lists them; none stops the report.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Iterable, Iterator

from exodossier.catalog.models import LocalizedText
from exodossier.gap.rows import GapRow, ProfileWarning
from exodossier.gap.profile import Assessment, AssessmentStatus
from exodossier.gap.scoring import Priority, date_after
from exodossier.gap.wording import gettext

PLACEHOLDER = re.compile(r"\b(TODO|TBD|TBC|FIXME|XXX|lorem ipsum|placeholder)\b|\?\?\?|要確認|未記入", re.IGNORECASE)
SPONSOR_FIELDS = ("comment", "position", "action", "question", "justification")


def profile_warnings(rows: Iterable[GapRow], actions: Iterable[GapRow], today: dt.date,
                     language: str) -> tuple[ProfileWarning, ...]:
    rows = list(rows)
    found = [*_met_without_evidence(rows, language), *_placeholders(rows, language),
             *_past_due(rows, today, language), *_p1_without_owner(actions, language)]
    return tuple(sorted(found, key=lambda w: (w.requirement_id, w.code)))


def _met_without_evidence(rows: list[GapRow], language: str) -> Iterator[ProfileWarning]:
    _ = gettext(language)
    for row in rows:
        if row.status is AssessmentStatus.MET and row.assessment is not None and not row.assessment.evidence:
            yield ProfileWarning("met-without-evidence", row.id,
                                 _("assessed as met, but no evidence document is named"))


def _texts(assessment: Assessment) -> Iterator[tuple[str, str]]:
    for name in SPONSOR_FIELDS:
        value = getattr(assessment, name)
        if isinstance(value, LocalizedText):
            yield name, value.en
            if value.ja:
                yield name, value.ja
    for evidence in assessment.evidence:
        yield "evidence", evidence.label()
    if assessment.owner:
        yield "owner", assessment.owner


def _placeholders(rows: list[GapRow], language: str) -> Iterator[ProfileWarning]:
    _ = gettext(language)
    for row in rows:
        if row.assessment is None:
            continue
        fields = sorted({name for name, text in _texts(row.assessment) if PLACEHOLDER.search(text)})
        if fields:
            yield ProfileWarning("placeholder-text", row.id,
                                 _("placeholder text (TODO, TBD, ...) left in: {fields}").format(
                                     fields=", ".join(fields)))


def _past_due(rows: list[GapRow], today: dt.date, language: str) -> Iterator[ProfileWarning]:
    _ = gettext(language)
    for row in rows:
        due = row.due
        if due and row.priority is not None and date_after(today.isoformat(), due):
            yield ProfileWarning("past-due-date", row.id,
                                 _("due date {due} is past, and the gap is still open").format(due=due))


def _p1_without_owner(actions: Iterable[GapRow], language: str) -> Iterator[ProfileWarning]:
    _ = gettext(language)
    for row in actions:
        if row.priority is Priority.P1 and not row.owner:
            yield ProfileWarning("p1-without-owner", row.id, _("P1 action with no owner"))
