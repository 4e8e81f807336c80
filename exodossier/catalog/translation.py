"""Checks of the Japanese edition: stale translations and the normalisation rule.

A Japanese text records the fingerprint of the English it translates (`ja_of`). When the English
changes, the fingerprint no longer matches and the translation is stale; `exodossier validate`
(through `exodossier.authoring.translation_history`) then shows what changed in the English.
"""

from __future__ import annotations

from typing import Iterator, NamedTuple

from pydantic import BaseModel

from exodossier.catalog.loader import Catalog
from exodossier.catalog.models import LocalizedText
from exodossier.catalog.normalise import problems
from exodossier.catalog.texts import field_label, iter_texts
from exodossier.catalog.yaml_reader import Located, Path_, file_lines, occurrences_before, position_in_value
from exodossier.errors import Diagnostic, warning

STALE_CODE = "stale-translation"


def catalog_items(catalog: Catalog) -> Iterator[tuple[str, Located, BaseModel]]:
    """Every item with texts, with its origin key and where it was read from."""
    yield "taxonomy", catalog.origin("taxonomy"), catalog.taxonomy
    if catalog.terminology and "terminology" in catalog.origins:
        from exodossier.catalog.models import Terminology

        yield "terminology", catalog.origin("terminology"), Terminology(terms=list(catalog.terminology))
    for sid, source in catalog.sources.items():
        yield sid, catalog.origin(sid), source
    for rid, requirement in catalog.requirements.items():
        yield rid, catalog.origin(rid), requirement


class PlacedText(NamedTuple):
    """A text of the catalog and where it stands: the item, its file, its path in the file.

    A named tuple, not a frozen dataclass: the index holds every text (~160,000 at 10,000
    requirements), and a frozen dataclass's __init__ sets each field through object.__setattr__.
    """

    item_id: str
    located: Located
    path: Path_
    text: LocalizedText


def catalog_texts(catalog: Catalog) -> list[PlacedText]:
    """Every text of the catalog, walked once per catalog and shared by the checks of the Japanese edition."""
    if catalog.text_index is None:
        catalog.text_index = [PlacedText(item_id, located, path, text) for item_id, located, item in catalog_items(catalog)
                              for path, text in iter_texts(item)]
    return catalog.text_index


def check_translation_records(catalog: Catalog) -> Iterator[Diagnostic]:
    """A Japanese text whose English changed since its translation was reviewed is stale.

    A Japanese text that records no fingerprint at all is not warned about: it is simply pending
    (the Japanese site and report mark it, `exodossier i18n status` counts it, `exodossier translate`
    lists it), so a draft translation does not flood validate.
    """
    for placed in catalog_texts(catalog):
        item_id, located, path, text = placed.item_id, placed.located, placed.path, placed.text
        if text.ja is not None and text.ja_of is not None and text.ja_pending:
            label = field_label(path)
            line, column = located.position(path + ("ja_of",))
            yield warning(located.file, line, column, STALE_CODE,
                          f"the Japanese of '{label}' is stale: the English changed since it was translated",
                          field_path=label, hint=f"bring the Japanese up to date with the English, then run: "
                                                 f"exodossier translate --reviewed {item_id} --field {label}")


def check_normalisation(catalog: Catalog) -> Iterator[Diagnostic]:
    """Every text follows the normalisation rule (NFC, no half-width katakana, no full-width alphanumerics or spaces)."""
    for placed in catalog_texts(catalog):
        for language in ("en", "ja"):
            value = getattr(placed.text, language)
            for problem in problems(value) if value else ():
                line, column = _place(placed.located, placed.path, language, value, problem.index, problem.found)
                yield warning(placed.located.file, line, column, "text-not-normalised", problem.message,
                              field_path=field_label(placed.path + (language,)),
                              hint="run: exodossier fmt (it applies the rule; see CONTRIBUTING, Japanese text)")


def _place(located: Located, path: Path_, language: str, value: str, index: int, needle: str) -> tuple[int, int]:
    key = path + (language,)
    if key not in located.positions:  # a plain string is the English itself: point at it
        return located.position(path)
    key_line, key_column = located.position(key)
    found = position_in_value(file_lines(located.file), key_line, key_column, needle,
                              occurrences_before(value, needle, index))
    return found if found else (key_line, key_column)
