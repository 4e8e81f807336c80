"""`exodossier gap PROFILE --compare OLD.json` as a sponsor runs it, in every output format.

The previous report is the fixture profile against the small catalog 1.0.0. Since then the
catalog became 1.1.0 (release records: EXO-SF-003 added, EXO-SF-002 expected from phase 1)
and the sponsor met EXO-SF-001 but downgraded EXO-RM-002 to partial.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from exodossier.cli.main import main
from tests.gap.test_report import tables_by_caption
from tests.conftest import FIXTURES

COMPARE = FIXTURES / "compare"
ENV = {"SOURCE_DATE_EPOCH": "1775001600"}  # 2026-04-01
CHANGES = "Changes since the previous report"
EXPECTED_ROWS = [
    ["Change", "ID", "Requirement", "Crit.", "Status (before → now)", "Expected now", "Cause"],
    ["Opened", "EXO-RM-002", "Animal-derived media components", "high", "Met → Partially met", "must",
     "status changed by sponsor (met → partially met)"],
    ["Opened", "EXO-SF-003", "Mycoplasma testing of the harvest", "high", "— → Not assessed", "— → must",
     "new requirement in the catalog (added in release 1.1.0)"],
    ["Closed", "EXO-SF-001", "Endotoxin limit justified for the route", "medium", "Not met → Met", "must",
     "status changed by sponsor (not met → met)"],
    ["Still open", "EXO-SF-002", "Viral safety draft", "low", "Planned", "not expected → should",
     "requirement changed since the previous report (fields: stage_expectations); release 1.1.0 changed "
     "stage_expectations\nexpectation escalated at the current stage (Phase 1: not expected → should)"],
]


def invoke(runner: CliRunner, *args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(main, list(args), catch_exceptions=False, env=ENV)


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture
def setup(runner: CliRunner, small_catalog: Path, tmp_path: Path) -> tuple[Path, Path, Path]:
    """(catalog, profile, OLD.json): the previous report written, then catalog and profile moved on."""
    profile = tmp_path / "profile.yaml"
    shutil.copy(FIXTURES / "profiles" / "small-inhaled.yaml", profile)
    old = tmp_path / "old.json"
    result = runner.invoke(main, ["gap", str(profile), "-o", str(old), "--catalog", str(small_catalog)],
                           env={"SOURCE_DATE_EPOCH": "1767312000"})  # 2026-01-02
    assert result.exit_code == 0, result.output
    shutil.copy(COMPARE / "EXO-SF-003.yaml", small_catalog / "requirements" / "safety")
    shutil.copytree(COMPARE / "releases", small_catalog / "releases")
    replace(small_catalog / "taxonomy.yaml", "version: 1.0.0", "version: 1.1.0")
    replace(small_catalog / "requirements" / "safety" / "EXO-SF-002.yaml", "stage: phase2", "stage: phase1")
    replace(profile, "EXO-RM-002:\n    status: met", "EXO-RM-002:\n    status: partial")
    replace(profile, "status: not_met", "status: met")
    return small_catalog, profile, old


def test_word_report_has_the_changes_section_with_a_row_per_gap(runner: CliRunner, setup: tuple[Path, Path, Path],
                                                                 tmp_path: Path) -> None:
    catalog, profile, old = setup
    out = tmp_path / "report.docx"
    result = invoke(runner, "gap", str(profile), "--compare", str(old), "-o", str(out), "--catalog", str(catalog),
                    "--variant", "internal")
    assert result.exit_code == 0, result.output
    assert "since the previous report 2 gap(s) opened, 1 closed" in result.stderr
    document = docx.Document(str(out))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings[-1] == CHANGES  # numbered last: section numbers cited elsewhere stay true
    tables = tables_by_caption(document)
    rows = [[cell.text for cell in row.cells] for row in
            tables["Gaps opened, closed and still open since the previous report"].rows]
    assert rows == EXPECTED_ROWS
    control = {row.cells[0].text: row.cells[1].text
               for row in tables["Document identification"].rows[1:]}
    assert control["Compared with"] == "old.json, generated 2026-01-02 from catalog version 1.0.0"
    texts = [p.text for p in document.paragraphs]
    assert ("Since the previous report (old.json, generated 2026-01-02 from catalog 1.0.0): 2 gap(s) opened, 1 closed, "
            "2 still open.") in texts
    assert any("Catalog 1.0.0 → 1.1.0; release(s) since: 1.1.0 (2026-03-01)." in t for t in texts)
    assert "Still open and unchanged (1): EXO-RM-001." in texts


def test_without_compare_the_report_has_no_changes_section(runner: CliRunner, setup: tuple[Path, Path, Path],
                                                           tmp_path: Path) -> None:
    catalog, profile, _ = setup
    out = tmp_path / "report.docx"
    assert invoke(runner, "gap", str(profile), "-o", str(out), "--catalog", str(catalog)).exit_code == 0
    assert CHANGES not in [p.text for p in docx.Document(str(out)).paragraphs]


def test_json_lists_opened_closed_and_still_open_with_causes(runner: CliRunner,
                                                             setup: tuple[Path, Path, Path]) -> None:
    catalog, profile, old = setup
    result = invoke(runner, "gap", str(profile), "--compare", str(old), "--format", "json", "--catalog", str(catalog))
    changes = json.loads(result.stdout)["changes_since_previous"]
    assert changes["counts"] == {"opened": 2, "closed": 1, "still_open": 2}
    assert changes["catalog"] == {"from": "1.0.0", "to": "1.1.0", "content_changed": True, "releases": [
        {"version": "1.1.0", "date": "2026-03-01",
         "summary": "Viral safety expected from phase 1; mycoplasma testing added."}]}
    new = changes["opened"][1]
    assert (new["id"], new["status_before"], new["status"], new["priority"]) == ("EXO-SF-003", None, "not_assessed", "P1")
    assert new["causes"] == [{"kind": "new_requirement", "text": "new requirement in the catalog (added in release 1.1.0)",
                              "fields": [], "releases": ["1.1.0"]}]
    assert [c["kind"] for c in changes["still_open"][1]["causes"]] == ["requirement_changed", "expectation_escalated"]
    assert changes["still_open"][1]["causes"][0]["fields"] == ["stage_expectations"]


def test_json_written_with_compare_serves_as_the_next_previous_report(runner: CliRunner,
                                                                       setup: tuple[Path, Path, Path],
                                                                       tmp_path: Path) -> None:
    catalog, profile, old = setup
    second = tmp_path / "second.json"
    invoke(runner, "gap", str(profile), "--compare", str(old), "-o", str(second), "--catalog", str(catalog))
    result = invoke(runner, "gap", str(profile), "--compare", str(second), "--format", "json", "--catalog", str(catalog))
    assert result.exit_code == 0, result.output
    counts = json.loads(result.stdout)["changes_since_previous"]["counts"]
    assert counts == {"opened": 0, "closed": 0, "still_open": 4}


def test_markdown_has_the_section_with_a_row_per_gap(runner: CliRunner, setup: tuple[Path, Path, Path]) -> None:
    catalog, profile, old = setup
    result = invoke(runner, "gap", str(profile), "--compare", str(old), "--format", "md", "--catalog", str(catalog))
    section = result.stdout.split(f"## {CHANGES}\n", 1)[1].split("## Methodology", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| ")]
    assert rows[0] == "| Change | ID | Requirement | Status | Causes |"
    assert rows[1] == ("| opened | EXO-RM-002 | Animal-derived media components | Met → Partially met | status changed "
                       "by sponsor (met → partially met) |")
    assert [r.split(" | ")[1] for r in rows[1:]] == ["EXO-RM-002", "EXO-SF-003", "EXO-SF-001", "EXO-SF-002"]
    assert "\nStill open and unchanged (1): EXO-RM-001.\n" in section


def test_csv_gains_movement_columns_and_rows_for_gaps_that_left_the_scope(runner: CliRunner,
                                                                         setup: tuple[Path, Path, Path]) -> None:
    catalog, profile, old = setup
    replace(profile, "route: inhalation", "route: intravenous")  # SF-001 leaves the scope as well
    result = invoke(runner, "gap", str(profile), "--compare", str(old), "--format", "csv", "--catalog", str(catalog))
    rows = list(csv.DictReader(io.StringIO(result.stdout.lstrip("\ufeff"))))
    assert [(r["ID"], r["Since the previous report"]) for r in rows] == [
        ("EXO-RM-001", "still open"), ("EXO-RM-002", "opened"), ("EXO-SF-002", "still open"),
        ("EXO-SF-003", "opened"), ("EXO-SF-001", "closed")]
    assert rows[-1]["Causes of the change"] == "no longer applicable (attributes changed: route inhalation → intravenous)"
    assert rows[-1]["Status"] == "" and rows[-1]["Requirement"] == "Endotoxin limit justified for the route"


def test_same_inputs_give_identical_bytes(runner: CliRunner, setup: tuple[Path, Path, Path], tmp_path: Path) -> None:
    catalog, profile, old = setup
    outputs = []
    for name in ("a.docx", "b.docx"):
        invoke(runner, "gap", str(profile), "--compare", str(old), "-o", str(tmp_path / name), "--catalog", str(catalog))
        outputs.append((tmp_path / name).read_bytes())
    assert outputs[0] == outputs[1]


MALFORMED = [
    ("not JSON", "{\n  \"format\" \"exodossier-gap-report\"\n}\n", "old.json:2:12: error: not valid JSON"),
    ("a list", "[]", "old.json:1:1: error: not a gap report: the file holds a JSON list, not an object"),
    ("wrong value", None, "error: invalid value 'someday' for 'status' [field: register[0].status]"),
]


@pytest.mark.parametrize(("name", "text", "message"), MALFORMED, ids=[m[0] for m in MALFORMED])
def test_malformed_old_json_exits_1_with_a_clear_message_and_writes_nothing(
        runner: CliRunner, setup: tuple[Path, Path, Path], tmp_path: Path, name: str, text: str | None,
        message: str) -> None:
    catalog, profile, old = setup
    if text is None:
        data = json.loads(old.read_text(encoding="utf-8"))
        data["register"][0]["status"] = "someday"
        text = json.dumps(data, indent=2)
    old.write_text(text, encoding="utf-8")
    out = tmp_path / "report.docx"
    result = runner.invoke(main, ["gap", str(profile), "--compare", str(old), "-o", str(out), "--catalog", str(catalog)])
    assert result.exit_code == 1
    assert message in result.stderr and "Traceback" not in result.output
    assert not out.exists()


def test_compare_with_a_folder_is_a_message(runner: CliRunner, setup: tuple[Path, Path, Path],
                                            tmp_path: Path) -> None:
    catalog, profile, _ = setup
    result = invoke(runner, "gap", str(profile), "--compare", str(tmp_path), "--format", "md", "--catalog", str(catalog))
    assert result.exit_code == 1 and "this is a folder, not a file" in result.stderr
