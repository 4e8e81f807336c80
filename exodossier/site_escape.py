"""Turning catalog text into inert site text: the one escaping rule for every page.

Committee text is data, never markup. A rationale containing `<script>`, a Markdown
link to `javascript:`, an `<img onerror>` or an attribute list `{: onclick=...}` must
show as the characters typed. Markdown has many more active characters than HTML, so
in Markdown context every ASCII punctuation character that Markdown (or one of its
extensions) could read as syntax becomes a numeric character reference: browsers and
the search indexer decode it back to the same character, while no Markdown parser
sees syntax in it. Whitespace is collapsed, so text cannot open a code block, a list
or a heading by its indentation or line breaks.
"""

from __future__ import annotations

import html
import re

# Punctuation that no Markdown syntax we could meet starts by itself: links need `[`,
# autolinks `<`, so parentheses are inert once those are escaped. Kept for readable sources.
_INERT = frozenset(",;?/%()")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


def escape(text: str, *, markdown: bool = True) -> str:
    """Text safe to place in Markdown (default) or in HTML / SVG / template values.

    With `markdown=False` the result is plain HTML escaping (for front matter titles,
    navigation titles, tags and raw SVG, which no Markdown parser reads).
    """
    words = " ".join(str(text).split())
    if not markdown:
        return html.escape(words, quote=True)
    return "".join(_markdown_char(words, index) for index in range(len(words)))


def _markdown_char(text: str, index: int) -> str:
    char = text[index]
    if not char.isascii() or char.isalnum() or char == " " or char in _INERT:
        return char
    # `.` and `-` act only at the start of a line (`1.` lists, `- ` items, `---` rules), and
    # escaped text never contains a line break; elsewhere (`EXO-RM-001`, `e.g.`) they stay literal.
    if char == "-" and index > 0:
        return char
    if char == "." and not (text[:index].isdigit() and text[index + 1:index + 2] in ("", " ")):
        return char
    return f"&#{ord(char)};"


def paragraphs(text: str) -> list[str]:
    """Escaped Markdown paragraphs of a longer text, keeping the author's blank-line breaks."""
    return [escape(part) for part in _PARAGRAPH_BREAK.split(str(text)) if part.strip()]
