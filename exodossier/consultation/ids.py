"""Requirement ids as people type them: normalised, and a did-you-mean that stays in the category.

Kept apart from the importer (which needs openpyxl) because `exodossier validate`, a core command,
checks the ids in the consultation folder too.
"""

from __future__ import annotations

import unicodedata

from exodossier.catalog.loader import Catalog
from exodossier.consultation.models import GENERAL
from exodossier.errors import did_you_mean


def normal_id(text: str) -> str:
    """A typed requirement id as the catalog spells it: NFKC (full-width letters), upper case, no spaces."""
    cleaned = "".join(unicodedata.normalize("NFKC", text).split())
    return GENERAL if cleaned.casefold() == GENERAL else cleaned.upper()


def requirement_hint(wrong: str, catalog: Catalog) -> str:
    """A did-you-mean among the same category's ids (EXO-DP-1 -> EXO-DP-001), or the categories."""
    parts = wrong.split("-")
    category = parts[1] if len(parts) >= 2 and parts[0] == "EXO" else ""
    same = [rid for rid in catalog.requirements if rid.split("-")[1] == category]
    if not same:
        known = ", ".join(c.id for c in catalog.taxonomy.categories)
        return f"ids look like EXO-DP-010; the categories are {known}"
    if parts[-1].isdigit():
        padded = f"EXO-{category}-{int(parts[-1]):03d}"
        if padded in catalog.requirements:
            return f"did you mean '{padded}'?"
    return did_you_mean(wrong, same) or f"{category} ids run from {same[0]} to {same[-1]}"
