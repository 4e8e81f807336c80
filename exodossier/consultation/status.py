"""Progress of a round: how many comments each category received, and how many are decided."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from exodossier.catalog.loader import Catalog
from exodossier.consultation.labels import DOMAIN, decision_labels, general_label, pending_label, status_labels
from exodossier.consultation.models import GENERAL, Comment, Decision
from exodossier.consultation.store import RoundData
from exodossier.i18n.messages import translator

PENDING = "pending"
COLUMNS: tuple[str, ...] = (*(d.value for d in Decision), PENDING)


@dataclass
class Progress:
    """Counts by section (general first, then the categories in catalog order) and by decision."""

    sections: list[tuple[str, str]]  # (category id or 'general', title)
    counts: dict[str, Counter[str]]
    total: Counter[str]

    @property
    def comments(self) -> int:
        return sum(self.total.values())

    @property
    def decided(self) -> int:
        return self.comments - self.total[PENDING]


def decision_of(comment: Comment) -> str:
    return comment.disposition.decision.value if comment.disposition is not None else PENDING


def sections(catalog: Catalog, language: str) -> list[tuple[str, str]]:
    """The guideline's sections, in reading order: the whole guideline, then each category."""
    return [(GENERAL, general_label(language))] + [(c.id, c.title.text(language)) for c in catalog.taxonomy.categories]


def progress(data: RoundData, catalog: Catalog, language: str) -> Progress:
    counts: dict[str, Counter[str]] = {section: Counter() for section, _ in sections(catalog, language)}
    total: Counter[str] = Counter()
    for comment in data.comments:
        counts.setdefault(comment.category, Counter())[decision_of(comment)] += 1
        total[decision_of(comment)] += 1
    shown = [(key, title) for key, title in sections(catalog, language) if sum(counts[key].values())]
    return Progress(shown, counts, total)


def status_text(data: RoundData, catalog: Catalog, language: str) -> str:
    """A plain-text table for the terminal: one row per section, one column per decision."""
    _ = translator(DOMAIN, language)
    found = progress(data, catalog, language)
    labels = {**{d.value: text for d, text in decision_labels(language).items()}, PENDING: pending_label(language)}
    header = [_("Section"), *(labels[c] for c in COLUMNS), _("Total")]
    rows = [[title, *(str(found.counts[key][c]) for c in COLUMNS), str(sum(found.counts[key].values()))]
            for key, title in found.sections]
    rows.append([_("Total"), *(str(found.total[c]) for c in COLUMNS), str(found.comments)])
    assert data.round is not None
    lines = [_("Round {round} (release {release}, {status}): {decided} of {total} comments decided").format(
        round=data.round.id, release=data.round.release, status=status_labels(language)[data.round.status], decided=found.decided,
        total=found.comments), ""]
    widths = [max(_width(row[i]) for row in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        cells = [row[0] + " " * (widths[0] - _width(row[0]))]
        cells += [" " * (widths[i] - _width(row[i])) + row[i] for i in range(1, len(row))]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


def _width(text: str) -> int:
    """Columns a terminal gives the text: East Asian wide characters take two."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
