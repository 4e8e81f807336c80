"""Stale translations and text that breaks the normalisation rule, reported at the exact place."""

from __future__ import annotations

import shutil
from pathlib import Path

from exodossier.catalog.checks import validate_catalog
from exodossier.catalog.models import fingerprint
from exodossier.errors import Severity
from tests.conftest import FIXTURES

BILINGUAL = FIXTURES / "catalogs" / "bilingual"


def places(root: Path, code: str) -> list[tuple[str, int, int, str]]:
    return [(Path(d.file).name, d.line, d.column, d.field_path) for d in validate_catalog(root).diagnostics
            if d.code == code]


def test_a_translation_of_an_earlier_english_is_stale_at_its_fingerprint() -> None:
    assert places(BILINGUAL, "stale-translation") == [("EXO-SF-003.yaml", 28, 7, "stage_expectations[0].note")]


def test_changing_the_english_makes_its_japanese_stale_and_only_that(tmp_path: Path) -> None:
    root = tmp_path / "catalog"
    shutil.copytree(BILINGUAL, root)
    path = root / "requirements" / "safety" / "EXO-SF-003.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Vesicles co-purify with viruses", "Vesicles co-purify with many viruses"),
                    encoding="utf-8")
    stale = [d for d in validate_catalog(root).diagnostics if d.code == "stale-translation"]
    assert [(d.line, d.field_path) for d in stale] == [(17, "rationale"), (28, "stage_expectations[0].note")]
    assert all(d.severity is Severity.WARNING for d in stale)
    assert "exodossier translate --reviewed EXO-SF-003 --field rationale" in stale[0].hint


def test_restoring_the_fingerprint_clears_the_stale_warning(tmp_path: Path) -> None:
    root = tmp_path / "catalog"
    shutil.copytree(BILINGUAL, root)
    path = root / "requirements" / "safety" / "EXO-SF-003.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("ja_of: 4e08e508", f"ja_of: {fingerprint('Cell bank tested before first use.')}"),
                    encoding="utf-8")
    assert places(root, "stale-translation") == []


def test_a_japanese_text_without_a_fingerprint_is_pending_but_not_warned_about() -> None:
    small = FIXTURES / "catalogs" / "small"  # 安全性 in its taxonomy records no ja_of
    assert places(small, "stale-translation") == []


def test_text_that_breaks_the_normalisation_rule_is_reported_at_the_character() -> None:
    assert places(BILINGUAL, "text-not-normalised") == [
        ("EXO-SF-003.yaml", 31, 9, "acceptance_criteria[0].ja"),  # ３
        ("EXO-SF-003.yaml", 31, 17, "acceptance_criteria[0].ja"),  # ｳｲﾙｽ
        ("EXO-SF-003.yaml", 35, 14, "evidence[0].ja"),  # U+3000
    ]
