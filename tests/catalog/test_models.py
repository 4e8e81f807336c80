"""Localized texts record which English their Japanese translates, and say when it is pending."""

from __future__ import annotations

import hashlib

import pytest
from pydantic import ValidationError

from exodossier.catalog.models import LocalizedText, fingerprint


def test_fingerprint_is_the_first_eight_hex_digits_of_sha256_of_the_nfc_english() -> None:
    assert fingerprint("Sterility") == hashlib.sha256(b"Sterility").hexdigest()[:8]
    decomposed, composed = "Cafe\u0301", "Caf\u00e9"
    assert fingerprint(decomposed) == fingerprint(composed)


def test_a_recorded_translation_is_current_until_the_english_changes() -> None:
    english = "Sterility of the drug product"
    current = LocalizedText(en=english, ja="製剤の無菌性", ja_of=fingerprint(english))
    assert not current.ja_pending
    assert current.in_language("ja") == ("製剤の無菌性", False)
    stale = LocalizedText(en=english + " and substance", ja="製剤の無菌性", ja_of=fingerprint(english))
    assert stale.ja_pending
    assert stale.in_language("ja") == ("製剤の無菌性", True)


def test_missing_or_unrecorded_japanese_is_pending_and_english_is_never_marked() -> None:
    only_english = LocalizedText.model_validate("Sterility")
    assert only_english.ja_pending and only_english.in_language("ja") == ("Sterility", True)
    assert only_english.in_language("en") == ("Sterility", False)
    unrecorded = LocalizedText(en="Sterility", ja="無菌性")
    assert unrecorded.ja_pending and unrecorded.in_language("en") == ("Sterility", False)


@pytest.mark.parametrize("data, message", [
    ({"en": "Sterility", "ja_of": "1a2b3c4d"}, "add ja or remove ja_of"),
    ({"en": "Sterility", "ja": "無菌性", "ja_of": "XYZ"}, "String should match pattern"),
])
def test_a_fingerprint_is_eight_hex_digits_beside_a_japanese_text(data: dict[str, str], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        LocalizedText.model_validate(data)
