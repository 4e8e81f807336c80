"""Fixed strings in the reader's language, read from gettext `.po` catalogs.

Why `.po` and not `.mo`: the catalogs are small, Babel reads `.po` in milliseconds, and keeping
only the text form means there is no compiled file that can fall out of step with its source.
A module marks its strings with `_` so Babel's standard extraction finds them:

    _ = translator("gap", language)
    heading = _("Executive summary")
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path
from typing import Callable, Literal, get_args

Language = Literal["en", "ja"]
LANGUAGES: tuple[Language, ...] = get_args(Language)
LOCALE_DIR = Path(__file__).parent / "locale"

Translate = Callable[[str], str]


def po_path(domain: str, language: str) -> Path:
    """Where the catalog of one domain and language lives (the file a translator edits)."""
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{domain}.po"


@lru_cache(maxsize=None)
def catalog_entries(domain: str, language: str) -> dict[str, str]:
    """msgid -> msgstr for the translated, non-fuzzy entries of one catalog."""
    path = po_path(domain, language)
    if language == "en" or not path.is_file():
        return {}
    from babel.messages.pofile import read_po  # deferred: only the views that translate pay for Babel

    with path.open("rb") as stream:
        catalog = read_po(stream, locale=language, domain=domain)
    entries: dict[str, str] = {}
    for message in catalog:
        if message.id and isinstance(message.id, str) and isinstance(message.string, str) and message.string \
                and not message.fuzzy:
            entries[message.id] = message.string
    return entries


def translator(domain: str, language: str) -> Translate:
    """A `_` function for one domain: the translation where there is one, else the English."""
    entries = catalog_entries(domain, language)

    def translate(message: str) -> str:
        return entries.get(message, message)

    return translate


def check_language(value: str) -> Language:
    """Narrow a command-line or config value to a supported language."""
    for language in LANGUAGES:
        if value == language:
            return language
    raise ValueError(f"unsupported language {value!r}; expected one of {', '.join(LANGUAGES)}")


def long_date(day: dt.date, language: str) -> str:
    """A date as a reader of that language writes it: 2026年12月6日, or 6 December 2026."""
    if language == "ja":
        return f"{day.year}年{day.month}月{day.day}日"
    return f"{day.day} {day.strftime('%B')} {day.year}"
