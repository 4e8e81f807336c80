"""The normalisation rule for Japanese (and all) text: what fmt applies and validate checks."""

from __future__ import annotations

import pytest

from exodossier.catalog.normalise import normalise, problems


@pytest.mark.parametrize("before, after", [
    ("か\u3099イド", "がイド"),  # NFC: a decomposed voiced mark is composed
    ("ｶﾞｲﾄﾞﾗｲﾝ｡", "ガイドライン。"),  # half-width katakana and punctuation become full-width
    ("ＩＣＨ　Ｑ５Ａ（Ｒ２）", "ICH Q5A（R2）"),  # full-width alphanumerics half-width; （） stay; U+3000 a space
    ("細胞外小胞（EV）、10 ng／mL", "細胞外小胞（EV）、10 ng／mL"),  # the house style is left alone
])
def test_normalise_applies_the_rule(before: str, after: str) -> None:
    assert normalise(before) == after
    assert normalise(after) == after  # idempotent


def test_problems_name_each_break_of_the_rule_at_its_index() -> None:
    found = problems("各ロットの　３ｳｲﾙｽ")
    assert [(p.index, p.found) for p in found] == [(5, "\u3000"), (6, "３"), (7, "ｳｲﾙｽ")]
    assert "'ｳｲﾙｽ' -> 'ウイルス'" in found[2].message


def test_a_decomposed_character_is_found_where_it_combines() -> None:
    [problem] = problems("ガイドか\u3099")
    assert problem.index == 4 and "NFC" in problem.message


def test_clean_text_has_no_problems() -> None:
    assert problems("原薬及び製剤の無菌性（JP 4.06）") == []
