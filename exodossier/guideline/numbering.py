"""Heading numbers in the house style of each language's guidelines.

Japanese guidelines number chapters 1. / (1) / ①; English ones 1 / 1.1 / 1.1.1. The numbers
are written as text, not left to Word's list numbering: LibreOffice and Word then print the
same numbers, and a cross-reference to a requirement can name its number.
"""

from __future__ import annotations

from typing import Sequence

# ① .. ⑳, ㉑ .. ㉟, ㊱ .. ㊿: the circled numbers Unicode has (1 to 50).
CIRCLED = ([chr(0x2460 + n) for n in range(20)] + [chr(0x3251 + n) for n in range(15)]
           + [chr(0x32B1 + n) for n in range(15)])


def circled(number: int) -> str:
    """①, ②, ... ㊿; past 50 (only in synthetic catalogs) the number in round brackets of full width."""
    if 1 <= number <= len(CIRCLED):
        return CIRCLED[number - 1]
    return f"（{number}）"


def label(path: Sequence[int], language: str) -> str:
    """The number printed before a heading at depth len(path): '4.' / '(2)' / '③', or '4' / '4.2' / '4.2.3'."""
    if language != "ja":
        return ".".join(str(n) for n in path)
    depth, last = len(path), path[-1]
    if depth == 1:
        return f"{last}."
    if depth == 2:
        return f"({last})"
    return circled(last)


def reference(path: Sequence[int], language: str) -> str:
    """How the text refers to a heading: '4.(2)③' in Japanese, '4.2.3' in English."""
    if language != "ja":
        return label(path, language)
    return "".join(label(path[: depth + 1], language) for depth in range(len(path)))

