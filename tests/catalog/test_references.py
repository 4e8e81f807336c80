"""Requirement ids written in prose: an id that names no requirement is a warning at its field."""

from __future__ import annotations

from pathlib import Path

from exodossier.catalog.checks import validate_catalog
from exodossier.errors import Severity


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_an_unknown_requirement_id_in_a_rationale_is_a_warning_at_that_line(small_catalog: Path) -> None:
    path = small_catalog / "requirements" / "raw-materials" / "EXO-RM-002.yaml"
    edit(path, "rationale: Bovine pituitary extract", "rationale: See EXO-RM-0012. Bovine pituitary extract")
    found = [d for d in validate_catalog(small_catalog).diagnostics if d.code == "unknown-id-in-text"]
    assert len(found) == 1
    assert (Path(found[0].file).name, found[0].line, found[0].severity) == ("EXO-RM-002.yaml", 8, Severity.WARNING)
    assert "EXO-RM-0012" in found[0].message and found[0].field_path == "rationale.en"


def test_a_typo_in_the_japanese_text_is_found_too(small_catalog: Path) -> None:
    path = small_catalog / "requirements" / "raw-materials" / "EXO-RM-002.yaml"
    edit(path, "ja: 動物由来の培地成分は", "ja: EXO-RM-009 を参照。動物由来の培地成分は")
    found = [d for d in validate_catalog(small_catalog).diagnostics if d.code == "unknown-id-in-text"]
    assert [(d.line, d.field_path) for d in found] == [(7, "statement.ja")]


def test_known_ids_in_prose_are_fine(small_catalog: Path) -> None:
    path = small_catalog / "requirements" / "raw-materials" / "EXO-RM-002.yaml"
    edit(path, "rationale: Bovine pituitary extract", "rationale: As EXO-RM-001 requires, bovine pituitary extract")
    assert not [d for d in validate_catalog(small_catalog).diagnostics if d.code == "unknown-id-in-text"]
