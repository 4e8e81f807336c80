"""The comparison record in the gap JSON export: what it holds, and how a bad OLD.json is reported."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

import pytest

from exodossier.catalog.loader import Catalog
from exodossier.catalog.checks import load_valid_catalog
from exodossier.errors import UserError
from exodossier.gap.analysis import analyse
from exodossier.gap.export import analysis_dict, render_json
from exodossier.gap.record import FORMAT, FORMAT_VERSION, fingerprint, load_report
from exodossier.gap.profile import load_profile
from tests.conftest import FIXTURES

PROFILE = FIXTURES / "profiles" / "small-inhaled.yaml"
WHEN = dt.datetime(2026, 1, 2, tzinfo=dt.timezone.utc)
# Top-level keys of the format-1 export: sponsors' tools read them, so every one must stay.
FORMAT_1_KEYS = ["generator", "generated", "catalog", "profile", "product", "methodology", "readiness", "categories",
                 "requirements", "expected_later", "not_applicable", "ctd_sections", "next_stage_changes", "actions",
                 "consultation_questions", "bibliography", "applicability_trace"]


def export(catalog_dir: Path) -> dict:  # type: ignore[type-arg]
    catalog = load_valid_catalog(catalog_dir)
    loaded, _ = load_profile(PROFILE, catalog)
    return analysis_dict(analyse(catalog, loaded, WHEN))


def test_export_records_catalog_identity_and_every_requirement(small_catalog: Path) -> None:
    data = export(small_catalog)
    assert (data["format"], data["format_version"]) == (FORMAT, FORMAT_VERSION)
    assert data["catalog"]["version"] == "1.0.0" and data["catalog"]["date"] == "2026-01-15"
    assert len(data["catalog"]["content_sha256"]) == 64 and data["generated"] == "2026-01-02T00:00:00+00:00"
    register = {r["id"]: r for r in data["register"]}
    assert list(register) == ["EXO-RM-001", "EXO-RM-002", "EXO-SF-001", "EXO-SF-002"]
    assert {k: v for k, v in register["EXO-SF-002"].items() if "fingerprint" not in k} == {
        "id": "EXO-SF-002", "title": "Viral safety draft", "category": "SF", "criticality": "low",
        "committee_status": "draft", "applicable": True, "in_scope": True, "level_now": None, "level_next": "should",
        "status": "planned", "open_gap": True, "priority": "P3"}
    assert register["EXO-RM-002"]["open_gap"] is False and register["EXO-RM-002"]["status"] == "met"


def test_export_keeps_every_format_1_key(small_catalog: Path) -> None:
    assert [k for k in FORMAT_1_KEYS if k not in export(small_catalog)] == []


def test_fingerprint_is_the_sha256_of_the_canonical_content(small_catalog: Path) -> None:
    requirement = load_valid_catalog(small_catalog).requirements["EXO-SF-002"]
    content = {"id": "EXO-SF-002", "title": {"en": "Viral safety draft"},
               "statement": {"en": "Viral safety should be assessed for each cell bank."},
               "rationale": {"en": "EVs co-purify with enveloped viruses."}, "category": "SF", "topic": "Viral safety",
               "criticality": "low", "status": "draft",
               "stage_expectations": [{"stage": "phase2", "level": "should", "note": {"en": "Risk assessment."}},
                                      {"stage": "marketing", "level": "must", "note": {"en": "Full assessment."}}]}
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()
    assert fingerprint(requirement) == hashlib.sha256(canonical).hexdigest()


def edited(small_catalog: Path, old: str, new: str) -> Catalog:
    path = small_catalog / "requirements" / "safety" / "EXO-SF-002.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    return load_valid_catalog(small_catalog)


def record(data: dict, rid: str) -> dict:  # type: ignore[type-arg]
    return next(r for r in data["register"] if r["id"] == rid)


def test_a_wording_change_changes_the_fingerprint_and_names_the_field(small_catalog: Path) -> None:
    before = record(export(small_catalog), "EXO-SF-002")
    edited(small_catalog, "for each cell bank.", "for each cell bank and each harvest.")
    after = record(export(small_catalog), "EXO-SF-002")
    assert before["fingerprint"] != after["fingerprint"]
    assert [f for f in after["field_fingerprints"]
            if after["field_fingerprints"][f] != before["field_fingerprints"][f]] == ["statement"]


def test_review_history_and_explicit_defaults_do_not_count_as_changes(small_catalog: Path) -> None:
    before = record(export(small_catalog), "EXO-SF-002")
    edited(small_catalog, "status: draft\n", "status: draft\nmethods: []\nhistory:\n  - {status: draft, by: A. Chair, "
                                             "on: 2026-01-10}\n")
    assert record(export(small_catalog), "EXO-SF-002") == before


# --------------------------------------------------------------------------- reading OLD.json


@pytest.fixture
def good(small_catalog: Path) -> str:
    catalog = load_valid_catalog(small_catalog)
    loaded, _ = load_profile(PROFILE, catalog)
    return render_json(analyse(catalog, loaded, WHEN))


def test_an_export_reads_back_as_the_record_it_wrote(good: str, tmp_path: Path) -> None:
    path = tmp_path / "old.json"
    path.write_text(good, encoding="utf-8")
    report = load_report(path)
    assert report.catalog.version == "1.0.0" and report.product.current_stage == "phase1"
    assert report.model_dump(mode="json", by_alias=True)["register"] == json.loads(good)["register"]


def _status_done(text: str) -> str:
    data = json.loads(text)
    data["register"][1]["status"] = "done"
    return json.dumps(data, indent=2)


def _without_comparison(text: str) -> str:
    data = json.loads(text)
    for key in ("format", "format_version", "register"):
        del data[key]
    return json.dumps(data, indent=2)


def _duplicate(text: str) -> str:
    data = json.loads(text)
    data["register"].append(data["register"][0])
    return json.dumps(data, indent=2)


def _line_col(text: str, value: str) -> str:
    """'line:col' (1-based) of `value` in the text."""
    start = text.index(value)
    return f"{text.count(chr(10), 0, start) + 1}:{start - text.rfind(chr(10), 0, start)}"


# (name, make the file's text from a good export, expected "line:col: error: message" or a fragment)
MALFORMED = [
    ("missing colon", lambda t: t.replace('"generator": {', '"generator" {'),
     "4:15: error: not valid JSON: Expecting ':' delimiter"),
    ("empty", lambda t: "", "1:1: error: not valid JSON: Expecting value"),
    ("not an object", lambda t: "[1, 2]\n", "1:1: error: not a gap report: the file holds a JSON list, not an object"),
    ("another exodossier file", lambda t: '{"format": "exodossier-catalog", "format_version": 1}',
     "error: not an exodossier gap report ('format' is not 'exodossier-gap-report')"),
    ("format 1 export", _without_comparison, "error: this gap report predates comparison"),
    ("newer format", lambda t: t.replace('"format_version": 2', '"format_version": 9'),
     "error: written by a newer exodossier (format 9); this one reads up to format 2"),
    ("status outside the enum", _status_done, None),
    ("fingerprint not a digest", lambda t: t.replace('"content_sha256": "', '"content_sha256": "zz', 1),
     "has the wrong format [field: catalog.content_sha256]"),
    ("missing register", lambda t: t.replace('"register"', '"registers"'),
     "error: missing required field 'register' [field: register]"),
    ("duplicate requirement", _duplicate, "requirement 'EXO-RM-001' is listed twice in the register"),
    ("nested too deeply", lambda t: "[" * 100_000, "1:1: error: JSON nested too deeply to be a gap report"),
]


@pytest.mark.parametrize(("name", "make", "expected"), MALFORMED, ids=[m[0] for m in MALFORMED])
def test_a_malformed_previous_report_is_a_clear_positioned_error(good: str, tmp_path: Path, name: str, make,  # type: ignore[no-untyped-def]
                                                                 expected: str | None) -> None:
    text = make(good)
    path = tmp_path / "old.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(UserError) as caught:
        load_report(path)
    message = str(caught.value)
    if expected is None:  # the enum case: positioned at the offending value through the YAML positions
        expected = _line_col(text, '"status": "done"') + ": error: invalid value 'done' for 'status' [field: register[1].status]"
    assert "old.json:" in message and expected in message


def test_a_folder_or_a_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="this is a folder, not a file"):
        load_report(tmp_path)
    with pytest.raises(UserError, match="cannot read file"):
        load_report(tmp_path / "missing.json")
