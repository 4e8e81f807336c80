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
# `.` and `-` act only at the start of a line (`1.` lists, `- ` items, `---` rules), and escaped
# text never contains a line break; elsewhere (`EXO-RM-001`, `e.g.`) they stay literal.
_AT_START = frozenset(".-")
_ACTIVE = {ord(c): f"&#{ord(c)};" for c in map(chr, range(33, 127))
           if not c.isalnum() and c not in _INERT and c not in _AT_START}
_ORDERED_LIST_START = re.compile(r"(\d+)\.(?= |$)")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


def escape(text: str, *, markdown: bool = True) -> str:
    """Text safe to place in Markdown or HTML (default), or in template values.

    The default output is valid in Markdown, in HTML text and in raw HTML/SVG blocks alike.
    `markdown=False` gives plain HTML escaping, for values that themes print into templates
    (front matter titles, navigation titles, tags), which no Markdown parser reads.
    """
    words = " ".join(str(text).split())
    if not markdown:
        return html.escape(words, quote=True)
    return _neutralise_start(words.translate(_ACTIVE))


def _neutralise_start(text: str) -> str:
    """`1. `, `- `, `---`: the only syntax that `.` and `-` can start, and only at the very start."""
    if text.startswith("-"):
        return "&#45;" + text[1:]
    match = _ORDERED_LIST_START.match(text)
    return f"{match.group(1)}&#46;{text[match.end():]}" if match else text


def paragraphs(text: str) -> list[str]:
    """Escaped Markdown paragraphs of a longer text, keeping the author's blank-line breaks."""
    return [escape(part) for part in _PARAGRAPH_BREAK.split(str(text)) if part.strip()]
