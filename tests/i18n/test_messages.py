"""The message catalogs: every marked string has Japanese, and lookups fall back to English."""

from __future__ import annotations

import datetime as dt

import pytest

from exodossier.i18n.extract import domains, marked_strings
from exodossier.i18n.messages import catalog_entries, check_language, long_date, translator


def test_every_marked_string_has_japanese() -> None:
    missing = [f"{file}:{line}: {message!r} ({domain}.po)"
               for domain in domains()
               for message, file, line in marked_strings(domain)
               if message not in catalog_entries(domain, "ja")]
    assert not missing, "strings without Japanese; run `python -m exodossier.i18n.extract` and translate:\n" \
        + "\n".join(missing)


def test_every_domain_names_a_subpackage() -> None:
    from exodossier.i18n.extract import PACKAGE_DIR

    for domain in domains():
        assert (PACKAGE_DIR / domain).is_dir(), f"{domain}.po serves no subpackage exodossier/{domain}/"


def test_unknown_message_falls_back_to_the_english() -> None:
    assert translator("no-such-domain", "ja")("Executive summary") == "Executive summary"
    assert translator("gap", "en")("Executive summary") == "Executive summary"


def test_japanese_dates_are_written_with_year_month_day() -> None:
    assert long_date(dt.date(2026, 12, 6), "ja") == "2026年12月6日"
    assert long_date(dt.date(2026, 12, 6), "en") == "6 December 2026"


def test_an_unsupported_language_is_refused() -> None:
    assert check_language("ja") == "ja"
    with pytest.raises(ValueError, match="expected one of en, ja"):
        check_language("fr")
