"""Checking the Japanese texts against the controlled terminology (requirements_catalog/terminology.yaml).

Two checks, both warnings: a discouraged variant in a Japanese text (with the preferred term),
and an English term whose Japanese counterpart is missing from the parallel Japanese text. The
second is deliberately conservative (see `counterpart_pairs`): a check that cries wolf is ignored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

from exodossier.catalog.loader import Catalog
from exodossier.catalog.models import LocalizedText, Term
from exodossier.catalog.texts import field_label
from exodossier.catalog.translation import catalog_texts
from exodossier.catalog.yaml_reader import Located, Path_, file_lines, occurrences_before, position_in_value
from exodossier.errors import Diagnostic, did_you_mean, error, warning

_PARENTHETICAL = re.compile(r"\s*[（(][^（）()]*[）)]")
_JA_SPLIT = re.compile(r"[／；]")
_EN_SPLIT = re.compile(r" / |; ")


def _without_parentheses(text: str) -> str:
    return _PARENTHETICAL.sub("", text).strip()


def japanese_forms(term: Term) -> tuple[str, ...]:
    """Every accepted way of writing a term in Japanese: the whole form, each part, without glosses, the glosses."""
    forms = {term.ja}
    for part in _JA_SPLIT.split(term.ja):
        forms.add(part.strip())
        forms.add(_without_parentheses(part))
        forms.update(inner.strip() for inner in re.findall(r"[（(]([^（）()]*)[）)]", part))
    return tuple(sorted((f for f in forms if f), key=len, reverse=True))


@dataclass(frozen=True)
class CounterpartPair:
    """An English wording and the Japanese forms, any of which counts as its counterpart."""

    term_id: str
    english: str
    pattern: re.Pattern[str]
    japanese: tuple[str, ...]
    discouraged: tuple[str, ...] = ()


def counterpart_pairs(terms: tuple[Term, ...]) -> tuple[CounterpartPair, ...]:
    """The English -> Japanese pairs the missing-counterpart check can decide reliably.

    The rule, kept conservative because paraphrase is legitimate (判定基準 for 適否の判定基準, 工程の
    バリデーション for プロセスバリデーション): only names of things whose Japanese has one settled form
    are checked, that is a term glossed by an acronym (CQA, TFF, MCB) or whose Japanese is a katakana
    loanword (ネブライザ, エクソソーム, マイコプラズマ). A term whose English carries a context note in
    brackets ('clinical trial (for approval)') is left out, as are quoted wordings and proper names.
    The English is split into its alternatives and the Japanese into its parts; they pair up when the
    counts match (or one Japanese form serves all). Any accepted Japanese form of the term (a part,
    the gloss, the acronym) satisfies the check.
    """
    pairs: list[CounterpartPair] = []
    for term in terms:
        glosses = re.findall(r"\(([^()]*)\)", term.en)
        english = [_without_parentheses(part) for part in _EN_SPLIT.split(term.en)]
        acronym = bool(glosses) and all(_is_acronym(g, english[-1]) for g in glosses)
        if not (term.verified or acronym) or "'" in term.en or term.en[:1].isupper() or (glosses and not acronym):
            continue
        japanese = [part for part in _JA_SPLIT.split(term.ja) if part.strip()]
        if len(japanese) == 1:
            japanese = japanese * len(english)
        if len(japanese) != len(english):
            continue
        accepted = japanese_forms(term) + (tuple(glosses) if acronym else ())
        for en, ja in zip(english, japanese):
            loanword = len(english) == 1 and _is_loanword(ja)
            if len(en) < 5 or en.isupper() or "/" in en or not (acronym or loanword):
                continue
            words = r"\s+".join(re.escape(w) for w in en.split())
            pattern = re.compile(rf"(?<![\w-]){words}(?:s|es)?(?![\w-])", re.IGNORECASE)
            forms = tuple(dict.fromkeys([*_forms_of(ja), *accepted]))
            pairs.append(CounterpartPair(term.id, en, pattern, forms, tuple(term.discouraged)))
    return tuple(pairs)


def _is_acronym(gloss: str, english: str) -> bool:
    """True when the gloss abbreviates the English (CQA for critical quality attribute), not a context note."""
    letters = re.sub(r"s$", "", gloss.strip())
    if not re.fullmatch(r"[A-Z][A-Za-z]*", letters):
        return False
    initials = iter(w[0].upper() for w in re.split(r"[\s-]+", english) if w)
    return letters[0] == english[:1].upper() and all(ch in initials for ch in letters if ch.isupper())


def _is_loanword(japanese: str) -> bool:
    """Mostly katakana (ネブライザ, セル・バンク): a transliteration has no second way of being written."""
    core = _without_parentheses(japanese)
    kana = sum(1 for ch in core if "\u30a0" <= ch <= "\u30ff")
    return bool(core) and kana * 2 >= len(core)


def _forms_of(part: str) -> list[str]:
    inner = re.findall(r"[（(]([^（）()]*)[）)]", part)
    return [f for f in (part.strip(), _without_parentheses(part), *inner) if f]


def check_terminology_entries(catalog: Catalog) -> Iterator[Diagnostic]:
    """Ids and English forms are unique, and no term discourages its own preferred form."""
    if "terminology" not in catalog.origins:
        return
    seen_ids: set[str] = set()
    seen_en: dict[str, str] = {}
    for index, term in enumerate(catalog.terminology):
        if term.id in seen_ids:
            yield _at(catalog, ("terms", index, "id"), "terminology-duplicate", f"term id '{term.id}' is used twice")
        seen_ids.add(term.id)
        if term.en.lower() in seen_en:
            yield _at(catalog, ("terms", index, "en"), "terminology-duplicate",
                      f"English term '{term.en}' is already defined by '{seen_en[term.en.lower()]}'",
                      hint="merge the two entries; one English term has one Japanese form")
        seen_en.setdefault(term.en.lower(), term.id)
        for number, source in enumerate(term.see):
            if source not in catalog.sources and source not in catalog.broken_ids:
                yield _at(catalog, ("terms", index, "see", number), "dangling-source",
                          f"term '{term.id}' refers to source '{source}', which does not exist",
                          hint=did_you_mean(source, catalog.sources))
        for number, variant in enumerate(term.discouraged):
            if variant in japanese_forms(term):
                yield _at(catalog, ("terms", index, "discouraged", number), "terminology-self-discouraged",
                          f"'{variant}' is both the preferred form of '{term.id}' and discouraged")


def _at(catalog: Catalog, path: Path_, code: str, message: str, **extra: str) -> Diagnostic:
    located = catalog.origin("terminology")
    line, column = located.position(path)
    return error(located.file, line, column, code, message, field_path=field_label(path), **extra)


def _japanese_texts(catalog: Catalog) -> Iterator[tuple[Located, Path_, LocalizedText]]:
    """The Japanese texts that translate the English: the taxonomy's and the requirements'.

    A source's Japanese is the official title as issued (細胞基剤 in the Q5D title, 薬事法 in old
    notices), and its English only describes it; CTD headings are the official M4Q headings; the
    terminology file itself names the variants.
    """
    for placed in catalog_texts(catalog):
        if placed.text.ja is None:
            continue
        if placed.item_id in catalog.requirements or (placed.item_id == "taxonomy" and placed.path[0] != "ctd_sections"):
            yield placed.located, placed.path, placed.text


def _preferred_spans(text: str, preferred: tuple[str, ...]) -> list[tuple[int, int]]:
    spans = []
    for form in preferred:
        start = text.find(form)
        while start >= 0:
            spans.append((start, start + len(form)))
            start = text.find(form, start + 1)
    return spans


def covering_forms(variant: str, preferred: tuple[str, ...]) -> tuple[str, ...]:
    """The longer preferred forms a variant is part of (汚染物 in 混入汚染物質): there it is no variant."""
    return tuple(form for form in preferred if len(form) > len(variant) and variant in form)


def discouraged_occurrences(text: str, variant: str, covering: tuple[str, ...]) -> list[int]:
    """Indexes of `variant` in `text` outside every covering preferred form."""
    spans = _preferred_spans(text, covering)
    found = []
    start = text.find(variant)
    while start >= 0:
        if not any(a <= start and start + len(variant) <= b for a, b in spans):
            found.append(start)
        start = text.find(variant, start + 1)
    return found


def check_discouraged_variants(catalog: Catalog) -> Iterator[Diagnostic]:
    """A discouraged Japanese variant is a warning at its own line and column, naming the preferred term."""
    preferred = tuple(form for term in catalog.terminology for form in japanese_forms(term))
    variants = [(term, variant, covering_forms(variant, preferred))
                for term in catalog.terminology for variant in term.discouraged]
    if not variants:
        return
    any_variant = re.compile("|".join(re.escape(v) for _, v, _ in variants))
    for located, path, text in _japanese_texts(catalog):
        japanese = text.ja or ""
        if not any_variant.search(japanese):
            continue
        for term, variant, covering in variants:
            for index in discouraged_occurrences(japanese, variant, covering) if variant in japanese else ():
                line, column, exact = _variant_place(located, path, japanese, variant, index)
                where = "" if exact else " (somewhere in this text; the column could not be computed)"
                yield warning(located.file, line, column, "discouraged-term",
                              f"'{variant}' is a discouraged variant; write '{term.ja}'{where}",
                              field_path=field_label(path + ("ja",)), expected=term.ja,
                              hint=f"terminology: {term.id} ({term.en}); see requirements_catalog/terminology.yaml")


def _variant_place(located: Located, path: Path_, japanese: str, variant: str, index: int) -> tuple[int, int, bool]:
    key_line, key_column = located.position(path + ("ja",))
    found = position_in_value(file_lines(located.file), key_line, key_column, variant,
                              occurrences_before(japanese, variant, index))
    return (found[0], found[1], True) if found else (key_line, key_column, False)


def check_missing_counterparts(catalog: Catalog) -> Iterator[Diagnostic]:
    """An English term whose Japanese counterpart the parallel Japanese text lacks (conservative rule)."""
    pairs = counterpart_pairs(catalog.terminology)
    needles = [(" ".join(pair.english.split()).lower(), pair) for pair in pairs]
    for located, path, text in _japanese_texts(catalog):
        lowered = text.en.lower()
        candidates = [pair for needle, pair in needles if needle in lowered]
        if not candidates:
            continue
        if text.ja_of is not None and text.ja_pending:
            continue  # a stale translation is reported once, as stale
        japanese = text.ja or ""
        reported: set[str] = set()
        for pair in candidates:
            if pair.term_id in reported or not pair.pattern.search(text.en):
                continue
            if any(form in japanese for form in pair.japanese + pair.discouraged):
                continue  # present, or written as a discouraged variant (reported as such, once)
            reported.add(pair.term_id)
            line, column = located.position(path + ("ja",))
            yield warning(located.file, line, column, "missing-term",
                          f"the English says '{pair.english}' but the Japanese has none of "
                          f"{', '.join(repr(f) for f in pair.japanese[:3])}",
                          field_path=field_label(path + ("ja",)), expected=pair.japanese[0],
                          hint=f"use the controlled term ({pair.term_id}), or reword if the English means something else")
