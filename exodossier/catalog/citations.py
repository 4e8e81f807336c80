"""How a cited clause reads to a person: "§18 Cell culture / fermentation", never a slug.

Clause ids are either numbers from the document ("18", "2.1.2", "<1601>") or topic slugs the
committee made up where a document has no numbered heading ("description-of-process"). Readers
of the site, the gap report and the guideline document see the number with the title, or the
title alone; the committee's hedge "(section number not verified)" is split off so each view can
show it as a marker instead of prose.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from exodossier.catalog.models import Clause

HEDGE = re.compile(r"\s*[(（]([^()（）]*(?:not verified|未確認)[^()（）]*)[)）]\s*$")
TOPIC_ID = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class ClauseReading:
    """A clause as shown: its number ("" for a topic), its title without the hedge, and the hedge."""

    number: str
    title: str
    hedge: str

    @property
    def text(self) -> str:
        return f"{self.number} {self.title}".strip()


def read_clause(clause: Clause, title: str) -> ClauseReading:
    """Split `title` (the clause title in the reader's language) into number, title and hedge."""
    hedge = HEDGE.search(title) or HEDGE.search(clause.title.en)
    shown = HEDGE.sub("", title)
    if TOPIC_ID.match(clause.id):
        number = ""
    else:
        number = clause.id if clause.id.startswith("<") else f"§{clause.id}"
    return ClauseReading(number, shown, hedge.group(1) if hedge else "")
