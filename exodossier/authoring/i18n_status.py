"""How complete the Japanese edition is: per category and per field (`exodossier i18n status`).

A text counts as translated when it has Japanese, and as current when that Japanese also records
the fingerprint of the present English (`ja_of`). The required fields are those the Japanese edition
promises for every adopted requirement; the others are counted so that nothing is forgotten.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Iterable

from pydantic import BaseModel

from exodossier.catalog.loader import Catalog
from exodossier.catalog.models import RequirementStatus, Terminology
from exodossier.catalog.texts import field_name, iter_texts

# The Japanese edition promises these for every adopted requirement; rationale and model-case notes should follow.
REQUIRED_FIELDS = ("title", "statement", "stage_expectations.note", "acceptance_criteria", "evidence")
SHOULD_FIELDS = ("rationale", "model_case_notes")


@dataclass
class Count:
    """Texts, how many have Japanese, and how many of those are current."""

    texts: int = 0
    japanese: int = 0
    current: int = 0

    def add(self, has_japanese: bool, current: bool) -> None:
        self.texts += 1
        self.japanese += has_japanese
        self.current += current

    @property
    def percent(self) -> float:
        return round(100 * self.current / self.texts, 1) if self.texts else 100.0

    def as_dict(self) -> dict[str, float | int]:
        return {"texts": self.texts, "japanese": self.japanese, "current": self.current, "percent": self.percent}


@dataclass
class Completeness:
    """Counts by group (a category, the taxonomy, the sources, the terminology) and field."""

    cells: dict[str, dict[str, Count]] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)

    def add(self, group: str, item: BaseModel) -> None:
        fields = self.cells.setdefault(group, {})
        for path, text in iter_texts(item):
            fields.setdefault(field_name(path), Count()).add(text.ja is not None, not text.ja_pending)

    def by_group(self) -> dict[str, Count]:
        return {group: _total(fields.values()) for group, fields in self.cells.items()}

    def required(self, group: str) -> Count:
        """The group's counts over the required fields only."""
        return _total(count for name, count in self.cells.get(group, {}).items() if name in REQUIRED_FIELDS)

    def by_field(self, groups: Iterable[str]) -> dict[str, Count]:
        totals: dict[str, Count] = {}
        for group in groups:
            for name, count in self.cells.get(group, {}).items():
                total = totals.setdefault(name, Count())
                total.texts += count.texts
                total.japanese += count.japanese
                total.current += count.current
        return dict(sorted(totals.items(), key=lambda kv: _field_order(kv[0])))


def _total(counts: Iterable[Count]) -> Count:
    total = Count()
    for count in counts:
        total.texts += count.texts
        total.japanese += count.japanese
        total.current += count.current
    return total


def _field_order(name: str) -> tuple[int, str]:
    ordered = REQUIRED_FIELDS + SHOULD_FIELDS
    return (ordered.index(name), name) if name in ordered else (len(ordered), name)


def completeness(catalog: Catalog, only: RequirementStatus | None = None) -> Completeness:
    """Count every text of the catalog; requirements grouped by category (only those in state `only`)."""
    result = Completeness()
    for category in catalog.taxonomy.categories:
        result.titles[category.id] = category.title.en
        result.cells[category.id] = {}
    for requirement in catalog.requirements.values():
        if only is None or requirement.status is only:
            result.add(requirement.category, requirement)
    result.titles.update({"taxonomy": "Taxonomy", "sources": "Sources", "terminology": "Terminology"})
    result.add("taxonomy", catalog.taxonomy)
    for source in catalog.sources.values():
        result.add("sources", source)
    if catalog.terminology:
        result.add("terminology", Terminology(terms=list(catalog.terminology)))
    return result


def requirement_groups(catalog: Catalog) -> list[str]:
    return [category.id for category in catalog.taxonomy.categories]


def _row(label: str, count: Count, width: int, required: Count | None = None) -> str:
    row = f"{label:<{width}} {count.texts:>6} {count.japanese:>9} {count.current:>8} {count.percent:>7.1f}%"
    return row + (f" {required.percent:>9.1f}%" if required is not None else "")


def render_table(result: Completeness, requirement_ids: list[str]) -> str:
    """Two plain-text tables: requirements by category, then by field; then the other files."""
    width = max([len(f"{t} ({g})") for g, t in result.titles.items()] + [len(f) for f in _all_fields(result)] + [24])
    header = f"{'':<{width}} {'texts':>6} {'japanese':>9} {'current':>8} {'done':>8}"
    groups = result.by_group()
    lines = ["Requirements by category (required = the fields marked * below)", header + f" {'required':>10}"]
    lines += [_row(f"{result.titles[g]} ({g})", groups[g], width, result.required(g)) for g in requirement_ids]
    lines += [_row("all requirements", _total(groups[g] for g in requirement_ids), width,
                   _total(result.required(g) for g in requirement_ids)), ""]
    lines += ["Requirements by field (* = required for adopted requirements)", header]
    for name, count in result.by_field(requirement_ids).items():
        lines.append(_row(name + (" *" if name in REQUIRED_FIELDS else ""), count, width))
    lines += ["", "Other catalog files", header]
    lines += [_row(result.titles[g], groups[g], width) for g in ("taxonomy", "sources", "terminology") if g in groups]
    lines += ["", "current = the Japanese records the fingerprint of the present English (exodossier translate --reviewed)"]
    return "\n".join(lines) + "\n"


def _all_fields(result: Completeness) -> set[str]:
    return {name + " *" for fields in result.cells.values() for name in fields}


def render_json(result: Completeness, requirement_ids: list[str]) -> str:
    groups = result.by_group()
    data: dict[str, object] = {
        "requirements": {
            "total": _total(groups[g] for g in requirement_ids).as_dict(),
            "required_fields": list(REQUIRED_FIELDS),
            "required": _total(result.required(g) for g in requirement_ids).as_dict(),
            "by_category": {g: {"title": result.titles[g], **groups[g].as_dict(),
                                "required": result.required(g).as_dict(),
                                "fields": {n: c.as_dict() for n, c in result.by_field([g]).items()}}
                            for g in requirement_ids},
            "by_field": {n: c.as_dict() for n, c in result.by_field(requirement_ids).items()},
        },
        **{g: {**groups[g].as_dict(), "fields": {n: c.as_dict() for n, c in result.by_field([g]).items()}}
           for g in ("taxonomy", "sources", "terminology") if g in groups},
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def missing_required(catalog: Catalog) -> list[str]:
    """Required fields of adopted requirements that lack current Japanese, as `ID: field` lines."""
    missing = []
    for requirement in catalog.requirements.values():
        if requirement.status is RequirementStatus.ADOPTED:
            missing += [f"{requirement.id}: {field_name(path)}" for path, text in iter_texts(requirement)
                        if field_name(path) in REQUIRED_FIELDS and text.ja_pending]
    return missing

