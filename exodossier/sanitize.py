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
