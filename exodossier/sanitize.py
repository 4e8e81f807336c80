"""Text from YAML made safe for XML, UTF-8 and spreadsheet outputs.

YAML escapes can carry control characters and lone surrogates; XML 1.0 cannot hold
them (python-docx raises ValueError) and UTF-8 cannot encode surrogates. We replace
each with U+FFFD so the damage stays visible instead of corrupting the file.
"""

from __future__ import annotations

import re

_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
REPLACEMENT = "\ufffd"


def xml_safe(text: str) -> str:
    return _XML_INVALID.sub(REPLACEMENT, text)


# A cell starting with one of these is run as a formula by Excel and LibreOffice (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: str) -> str:
    """Neutralise spreadsheet formulas; the leading apostrophe is what spreadsheets themselves use."""
    return "'" + value if value.startswith(_FORMULA_START) else value


# Markdown: the site's rule (exodossier/site/escape.py), for the views below the site layer that
# write Markdown themselves (the consultation's published responses). Every ASCII punctuation
# character Markdown could read as syntax becomes a numeric character reference; `.` and `-` only
# act at the start of a line, and whitespace is collapsed so no text opens a block.
_MD_INERT = frozenset(",;?/%().-")
_MD_ACTIVE = {ord(c): f"&#{ord(c)};" for c in map(chr, range(33, 127)) if not c.isalnum() and c not in _MD_INERT}
_MD_ORDERED_START = re.compile(r"(\d+)\.(?= |$)")


def markdown_safe(text: str) -> str:
    """Text shown as typed in Markdown and HTML: no markup, no link, no block can come from it."""
    words = " ".join(str(text).split()).translate(_MD_ACTIVE)
    if words.startswith("-"):
        return "&#45;" + words[1:]
    match = _MD_ORDERED_START.match(words)
    return f"{match.group(1)}&#46;{words[match.end():]}" if match else words
