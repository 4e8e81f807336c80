"""Ids written in prose: finding requirement and source ids in free text.

One rule serves two readers. The site turns every id it finds in a statement, note or chapter
into a link (`exodossier.site.idlinks`); `validate` warns about a requirement id in prose that
names no requirement, because a typo in a cross-reference ("see EXO-RM-0012") is a real error
that no schema catches.
"""

from __future__ import annotations

import re
from itertools import groupby
from typing import AbstractSet, Iterable, Iterator


from exodossier.catalog.loader import Catalog
from exodossier.catalog.models import LocalizedText
from exodossier.catalog.translation import catalog_texts
from exodossier.catalog.yaml_reader import Located, Path_
from exodossier.errors import Diagnostic, did_you_mean, warning

# Anything shaped like a requirement id, known or not (a typo must be found too).
REQUIREMENT_ID_IN_TEXT = re.compile(r"(?<![\w-])EXO-[A-Z]{2,4}-[0-9]{3,}(?![\w-])")
_BOUNDARY_BEFORE, _BOUNDARY_AFTER = r"(?<![\w.-])", r"(?![\w-]|\.\w)"


def id_pattern(ids: Iterable[str]) -> re.Pattern[str] | None:
    """A pattern matching any of `ids` as a whole word (never inside a longer id); None when there are none."""
    unique = sorted(set(ids), key=lambda item: (-len(item), item))  # longest first: ICH-Q5A-R2 before ICH-Q5A
    if not unique:
        return None
    return re.compile(_BOUNDARY_BEFORE + "(?:" + "|".join(map(re.escape, unique)) + ")" + _BOUNDARY_AFTER)


def find_ids(text: str, pattern: re.Pattern[str] | None) -> list[tuple[int, int, str]]:
    """(start, end, id) of every known id in `text`, in order."""
    if pattern is None:
        return []
    return [(m.start(), m.end(), m.group(0)) for m in pattern.finditer(text)]


def unknown_requirement_ids(text: str, known: Iterable[str]) -> list[str]:
    """Requirement-shaped ids in `text` that name no requirement, in order of appearance.

    Pass a set when calling this per text: copying a 10,000-id collection for each of a catalog's
    ~150,000 texts made `validate` quadratic (80 CPU s at 10,000 requirements).
    """
    known_ids: AbstractSet[str] = known if isinstance(known, AbstractSet) else set(known)
    return [m.group(0) for m in REQUIREMENT_ID_IN_TEXT.finditer(text) if m.group(0) not in known_ids]


# What a requirement's or source's texts name: each text's path (language last) with the
# requirement-shaped ids in it, in order. Plain data, so the check cache can keep it per file.
Mentions = list[tuple[Path_, tuple[str, ...]]]


def item_mentions(texts: Iterable[tuple[Path_, LocalizedText]]) -> Mentions:
    """The requirement-shaped ids each text of one item names, known or not."""
    found: Mentions = []
    for path, text in texts:
        for language, value in (("en", text.en), ("ja", text.ja)):
            if value and "EXO-" in value:
                ids = tuple(m.group(0) for m in REQUIREMENT_ID_IN_TEXT.finditer(value))
                if ids:
                    found.append((path + (language,), ids))
    return found


def catalog_mentions(catalog: Catalog) -> Iterator[tuple[str, Located, Mentions]]:
    """Each source's and requirement's mentions, in the text index's order (sources, then requirements)."""
    placed = (p for p in catalog_texts(catalog) if p.item_id in catalog.requirements or p.item_id in catalog.sources)
    for item_id, group in groupby(placed, key=lambda p: p.item_id):
        texts = list(group)
        yield item_id, texts[0].located, item_mentions((p.path, p.text) for p in texts)


def prose_reference_problems(catalog: Catalog, mentions: Iterable[tuple[Located, Mentions]]) -> Iterator[Diagnostic]:
    """A warning for each mentioned id that names no requirement of `catalog`."""
    known = frozenset(catalog.requirements.keys() | catalog.broken_ids)
    for located, found in mentions:
        for path, ids in found:
            for unknown in (i for i in ids if i not in known):
                line, column = located.position(path)
                yield warning(located.file, line, column, "unknown-id-in-text",
                              f"the text names requirement '{unknown}', which does not exist",
                              field_path=".".join(str(p) for p in path),
                              hint=did_you_mean(unknown, catalog.requirements)
                              or "correct the id, or write the reference without an id")


def check_prose_references(catalog: Catalog) -> Iterator[Diagnostic]:
    """A requirement id in any text of the catalog that names no requirement: a warning at its field.

    The texts come from the catalog's shared text index (catalog.translation), walked once for all the
    text checks; a second walk over every model field here cost ~14% of a warm `validate`. The check
    cache (catalog.check_cache) keeps each requirement's mentions and runs `prose_reference_problems`
    over them instead.
    """
    yield from prose_reference_problems(catalog, ((located, found) for _, located, found in catalog_mentions(catalog)))
