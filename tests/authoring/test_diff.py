"""Comparing two catalog revisions: additions, retirements, field changes, word-level wording, stage trends."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from exodossier.catalog.checks import load_valid_catalog
from exodossier.authoring.diff import compare_catalogs, render_json, render_text, stage_trend, word_diff
from exodossier.catalog.models import ExpectationLevel, StageExpectation
from tests.conftest import SMALL_CATALOG

STAGES = ["nonclinical", "phase1", "phase2", "phase3", "marketing"]


def test_word_diff_marks_only_changed_words() -> None:
    assert word_diff("The sponsor should qualify the bank", "The sponsor must qualify both banks") == [
        ("=", "The sponsor"), ("-", "should"), ("+", "must"), ("=", "qualify"), ("-", "the bank"),
        ("+", "both banks")]


def expectation(stage: str, level: str) -> StageExpectation:
    return StageExpectation(stage=stage, level=ExpectationLevel(level), note="n")


def test_expecting_earlier_or_firmer_is_tightening() -> None:
    base = load_valid_catalog(SMALL_CATALOG).requirements["EXO-RM-001"]
    earlier = base.model_copy(update={"stage_expectations": [expectation("phase1", "must")]})
    later = base.model_copy(update={"stage_expectations": [expectation("phase2", "should"), expectation("phase3", "must")]})
    mixed = base.model_copy(update={"stage_expectations": [expectation("nonclinical", "may"), expectation("phase3", "should")]})
    assert stage_trend(base, earlier, STAGES) == "tightened"
    assert stage_trend(base, later, STAGES) == "relaxed"
    assert stage_trend(base, mixed, STAGES) == "changed"
    assert stage_trend(base, base, STAGES) is None


def edited_catalog(root: Path) -> None:
    rm1 = root / "requirements" / "raw-materials" / "EXO-RM-001.yaml"
    rm1.write_text(rm1.read_text().replace("The sponsor must qualify a two-tier", "The sponsor must fully qualify a two-tier")
                   .replace('clause: "2.3"', 'clause: "1.1"'))
    sf2 = root / "requirements" / "safety" / "EXO-SF-002.yaml"
    sf2.write_text(sf2.read_text().replace("status: draft", "status: retired\nretired_reason: Superseded by SF-001."))
    new = root / "requirements" / "safety" / "EXO-SF-003.yaml"
    new.write_text(sf2.read_text().replace("EXO-SF-002", "EXO-SF-003").replace("status: retired\nretired_reason: Superseded by SF-001.", "status: draft"))
    src = root / "sources" / "SRC-PAPER.yaml"
    src.write_text(src.read_text().replace('version: "2023"', 'version: "2024"'))


def test_compare_catalogs_reports_each_kind_of_change(small_catalog: Path) -> None:
    edited_catalog(small_catalog)
    diff = compare_catalogs(load_valid_catalog(SMALL_CATALOG), load_valid_catalog(small_catalog))
    assert diff.added == ["EXO-SF-003"] and diff.retired == ["EXO-SF-002"] and diff.removed == []
    rm1 = next(c for c in diff.changed if c.id == "EXO-RM-001")
    assert rm1.fields == ["statement", "citations"]
    assert ("+", "fully") in rm1.statement_diff
    assert (rm1.citations_added, rm1.citations_removed) == (["SRC-NEW#1.1"], ["SRC-NEW#2.3"])
    assert [(s.id, s.version) for s in diff.sources_changed] == [("SRC-PAPER", ("2023", "2024"))]


def test_renderings_agree(small_catalog: Path) -> None:
    edited_catalog(small_catalog)
    diff = compare_catalogs(load_valid_catalog(SMALL_CATALOG), load_valid_catalog(small_catalog))
    markdown = render_text(diff, markdown=True)
    assert "## Requirements added\n- EXO-SF-003" in markdown
    assert "statement: The sponsor must **fully** qualify" in markdown
    assert "SRC-PAPER: version (version 2023 -> 2024)" in render_text(diff)
    assert '"retired": [\n    "EXO-SF-002"\n  ]' in render_json(diff)


def test_identical_catalogs_have_no_changes() -> None:
    catalog = load_valid_catalog(SMALL_CATALOG)
    assert render_text(compare_catalogs(catalog, replace(catalog))).endswith("No changes.\n")
