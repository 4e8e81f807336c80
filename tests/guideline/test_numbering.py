"""Heading numbers: 1. / (1) / ① in Japanese, 1 / 1.1 / 1.1.1 in English."""

from __future__ import annotations

from exodossier.guideline.numbering import circled, label, reference


def test_japanese_levels_are_number_dot_bracketed_and_circled() -> None:
    assert [label((4,), "ja"), label((4, 2), "ja"), label((4, 2, 3), "ja")] == ["4.", "(2)", "③"]


def test_english_levels_are_decimal() -> None:
    assert [label((4,), "en"), label((4, 2), "en"), label((4, 2, 3), "en")] == ["4", "4.2", "4.2.3"]


def test_a_cross_reference_names_the_whole_path() -> None:
    assert reference((4, 2, 3), "ja") == "4.(2)③"
    assert reference((4, 2, 3), "en") == "4.2.3"


def test_circled_numbers_run_to_fifty_then_fall_back_to_brackets() -> None:
    assert circled(1) == "①" and circled(20) == "⑳" and circled(21) == "㉑" and circled(36) == "㊱"
    assert circled(50) == "㊿"
    assert circled(51) == "（51）"
    assert len({circled(n) for n in range(1, 51)}) == 50
