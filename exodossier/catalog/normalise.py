"""The normalisation rule for catalog text, Japanese above all (CONTRIBUTING: "Writing the Japanese text").

Two texts that look the same must be the same, or search, the terminology check and the translation
fingerprints disagree with what a reader sees. The rule:

1. every text is NFC (composed: が, not か + U+3099; é, not e + U+0301);
2. half-width katakana and half-width Japanese punctuation become full-width (ｶﾞｲﾄﾞ -> ガイド, ｡ -> 。);
3. full-width digits and Latin letters become half-width (ＩＣＨ　Ｑ５Ａ -> ICH Q5A), as JP and MHLW
   texts write them;
4. the full-width space (U+3000) becomes an ordinary space.

Full-width punctuation (、。（）「」／：) is kept: it is the Japanese style. NFKC as a whole is not
applied, because it would also turn （） into () and ① into 1.
`exodossier fmt` applies the rule; `exodossier validate` warns, at the character, where it is broken.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_HALF_WIDTH_KANA = re.compile("[\uff61-\uff9f]+")
_FULL_WIDTH_ALNUM = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]+")
FULL_WIDTH_SPACE = "\u3000"
_SUSPECT = re.compile("[\uff61-\uff9f\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\u3000]")


@dataclass(frozen=True)
class Problem:
    """One break of the rule: where in the text, which character, and what to write instead."""

    index: int
    found: str
    message: str


def normalise(text: str) -> str:
    """The text under the normalisation rule (idempotent)."""
    text = unicodedata.normalize("NFC", text)
    text = _HALF_WIDTH_KANA.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)
    text = _FULL_WIDTH_ALNUM.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)
    return text.replace(FULL_WIDTH_SPACE, " ")


def problems(text: str) -> list[Problem]:
    """Each place where `text` breaks the rule, first occurrence of each kind."""
    if text.isascii():  # O(1) for str; ASCII is NFC and has no wide or half-width forms (most English text)
        return []
    if unicodedata.is_normalized("NFC", text) and not _SUSPECT.search(text):
        return []
    found: list[Problem] = []
    decomposed = _first_decomposed(text)
    if decomposed is not None:
        found.append(Problem(decomposed, text[decomposed], "text is not in NFC (a decomposed character)"))
    for pattern, message in ((_HALF_WIDTH_KANA, "half-width katakana; write full-width"),
                             (_FULL_WIDTH_ALNUM, "full-width digits or Latin letters; write half-width")):
        match = pattern.search(text)
        if match:
            fixed = unicodedata.normalize("NFKC", match.group())
            found.append(Problem(match.start(), match.group(), f"{message} ('{match.group()}' -> '{fixed}')"))
    space = text.find(FULL_WIDTH_SPACE)
    if space >= 0:
        found.append(Problem(space, FULL_WIDTH_SPACE, "full-width space (U+3000); write an ordinary space or none"))
    return sorted(found, key=lambda p: p.index)


def _first_decomposed(text: str) -> int | None:
    """Index of the first character NFC would compose with the one before it."""
    if unicodedata.is_normalized("NFC", text):
        return None
    for index in range(1, len(text)):
        pair = text[index - 1:index + 1]
        if unicodedata.combining(text[index]) or unicodedata.normalize("NFC", pair) != pair:
            if unicodedata.normalize("NFC", pair) != pair:
                return index
    return 0
