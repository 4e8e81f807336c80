"""Review states with who and when, and the ledger that keeps ids from ever being reused."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from exodossier.catalog.checks import load_valid_catalog, validate_catalog
from exodossier.cli.main import main
from exodossier.authoring.status import transition_text
from exodossier.catalog.models import RequirementStatus
from exodossier.authoring.review import Stamp

STAMP = Stamp(reviewer="Dr. Tanaka", on="2026-11-25")


def run(runner: CliRunner, catalog: Path, *args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(main, [*args, "--catalog", str(catalog)], catch_exceptions=False)


def codes(root: Path) -> list[str]:
    return [d.code for d in validate_catalog(root).diagnostics if d.severity.value == "error"]


def write_ledger(root: Path, ids: list[str]) -> None:
    (root / "ledger.yaml").write_text("issued:\n" + "".join(f"  - {i}\n" for i in ids))


ALL_IDS = ["EXO-RM-001", "EXO-RM-002", "EXO-SF-001", "EXO-SF-002"]


def test_status_change_records_who_and_when(small_catalog: Path, runner: CliRunner) -> None:
    refused = run(runner, small_catalog, "status", "EXO-SF-002", "--to", "adopted", "--by", "Dr. Ito")
    assert refused.exit_code == 1 and "cannot move from draft to adopted" in refused.output
    assert run(runner, small_catalog, "status", "EXO-SF-002", "--to", "under_review", "--by", "Dr. Tanaka").exit_code == 0
    requirement = load_valid_catalog(small_catalog).requirements["EXO-SF-002"]
    assert requirement.status is RequirementStatus.UNDER_REVIEW
    assert [(h.status.value, h.by) for h in requirement.history] == [("under_review", "Dr. Tanaka")]


def test_adopting_without_a_citation_is_refused_before_anything_is_written(small_catalog: Path,
                                                                           runner: CliRunner) -> None:
    run(runner, small_catalog, "status", "EXO-SF-002", "--to", "under_review", "--by", "A")
    path = small_catalog / "requirements" / "safety" / "EXO-SF-002.yaml"
    before = path.read_bytes()
    result = run(runner, small_catalog, "status", "EXO-SF-002", "--to", "adopted", "--by", "B")
    assert result.exit_code == 1
    assert "EXO-SF-002.yaml:8:1: error: an adopted requirement must cite at least one source" in result.output
    assert path.read_bytes() == before
    assert codes(small_catalog) == []


def test_adopting_a_stub_with_todo_text_is_refused_at_the_text(small_catalog: Path, runner: CliRunner) -> None:
    path = small_catalog / "requirements" / "safety" / "EXO-SF-001.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("status: adopted", "status: under_review"),
                    encoding="utf-8")
    text = path.read_text(encoding="utf-8")
    statement = next(line for line in text.splitlines() if line.startswith("statement:"))
    path.write_text(text.replace(statement, 'statement: "TODO: the sponsor must ..."'), encoding="utf-8")
    before = path.read_bytes()
    result = run(runner, small_catalog, "status", "EXO-SF-001", "--to", "adopted", "--by", "B")
    assert result.exit_code == 1
    assert "error: an adopted requirement still holds the placeholder 'TODO'" in result.output
    assert path.read_bytes() == before


def test_validate_flags_placeholder_text_in_an_adopted_requirement(small_catalog: Path) -> None:
    path = small_catalog / "requirements" / "safety" / "EXO-SF-001.yaml"
    text = path.read_text(encoding="utf-8")
    assert "status: adopted" in text
    rationale = next(line for line in text.splitlines() if line.startswith("rationale:"))
    path.write_text(text.replace(rationale, "rationale: TBD after the workshop"), encoding="utf-8")
    found = [(d.code, d.line) for d in validate_catalog(small_catalog).diagnostics if d.severity.value == "error"]
    assert found == [("adopted-placeholder", text.splitlines().index(rationale) + 1)]


def test_moving_back_to_draft_is_allowed_even_when_the_adoption_is_the_error(small_catalog: Path,
                                                                            runner: CliRunner) -> None:
    path = small_catalog / "requirements" / "safety" / "EXO-SF-001.yaml"
    text = path.read_text(encoding="utf-8")
    citations = text[text.index("citations:"):]
    end = next((i for i, line in enumerate(citations.splitlines()[1:], 1) if line and not line.startswith(" ")), None)
    block = "\n".join(citations.splitlines()[:end]) + "\n"
    path.write_text(text.replace(block, ""), encoding="utf-8")
    assert "adopted-without-citation" in codes(small_catalog)
    result = run(runner, small_catalog, "status", "EXO-SF-001", "--to", "draft", "--by", "Chair")
    assert result.exit_code == 0, result.output
    assert "adopted-without-citation" not in codes(small_catalog)


def test_retiring_needs_a_reason_and_keeps_the_file(small_catalog: Path, runner: CliRunner) -> None:
    assert run(runner, small_catalog, "status", "EXO-SF-001", "--to", "retired", "--by", "A").exit_code == 1
    result = run(runner, small_catalog, "status", "EXO-SF-001", "--to", "retired", "--by", "A", "--reason", "Merged")
    assert result.exit_code == 0
    requirement = load_valid_catalog(small_catalog).requirements["EXO-SF-001"]
    assert (requirement.status.value, requirement.retired_reason.en) == ("retired", "Merged")  # type: ignore[union-attr]


def test_retired_is_final(small_catalog: Path, runner: CliRunner) -> None:
    run(runner, small_catalog, "status", "EXO-SF-001", "--to", "retired", "--by", "A", "--reason", "Merged")
    result = run(runner, small_catalog, "status", "EXO-SF-001", "--to", "adopted", "--by", "A")
    assert result.exit_code == 1 and "allowed next states: none" in result.output


def test_transition_appends_to_existing_history_before_trailing_comments() -> None:
    text = ("id: EXO-RM-001\nstatus: draft\nhistory:\n  - status: draft\n    by: A\n    on: 2026-01-01\n"
            "# end of file\n")
    assert transition_text(text, RequirementStatus.UNDER_REVIEW, STAMP, None) == (
        'id: EXO-RM-001\nstatus: "under_review"\nhistory:\n  - status: draft\n    by: A\n    on: 2026-01-01\n'
        '  - status: under_review\n    by: "Dr. Tanaka"\n    on: "2026-11-25"\n# end of file\n')


def test_illegal_recorded_transition_is_reported(small_catalog: Path) -> None:
    path = small_catalog / "requirements" / "safety" / "EXO-SF-002.yaml"
    path.write_text(path.read_text() + "history:\n  - {status: draft, by: A, on: 2026-01-01}\n"
                    "  - {status: adopted, by: B, on: 2026-02-01}\n")
    assert sorted(codes(small_catalog)) == ["illegal-transition", "status-history-mismatch"]


def test_deleted_requirement_file_is_caught_by_the_ledger(small_catalog: Path) -> None:
    write_ledger(small_catalog, ALL_IDS)
    assert codes(small_catalog) == []
    (small_catalog / "requirements" / "safety" / "EXO-SF-002.yaml").unlink()
    (problem,) = [d for d in validate_catalog(small_catalog).diagnostics if d.code == "deleted-requirement"]
    assert (Path(problem.file).name, problem.line) == ("ledger.yaml", 5)


def test_id_not_issued_by_the_ledger_is_reported(small_catalog: Path) -> None:
    write_ledger(small_catalog, ALL_IDS[:3])
    assert codes(small_catalog) == ["id-not-issued"]


@pytest.mark.parametrize("deleted_first", [True, False])
def test_new_never_reuses_an_issued_id(small_catalog: Path, runner: CliRunner, deleted_first: bool) -> None:
    write_ledger(small_catalog, [*ALL_IDS, "EXO-SF-003"])
    (small_catalog / "requirements" / "safety" / "EXO-SF-003.yaml").write_text(
        (small_catalog / "requirements" / "safety" / "EXO-SF-002.yaml").read_text().replace("EXO-SF-002", "EXO-SF-003"))
    if deleted_first:
        (small_catalog / "requirements" / "safety" / "EXO-SF-003.yaml").unlink()
        write_ledger(small_catalog, ALL_IDS + ["EXO-SF-003"])
        (small_catalog / "requirements" / "safety" / "EXO-SF-003.yaml").write_text(
            (small_catalog / "requirements" / "safety" / "EXO-SF-002.yaml").read_text().replace("EXO-SF-002", "EXO-SF-003")
            .replace("status: draft", "status: retired\nretired_reason: gone"))
    result = run(runner, small_catalog, "new", "requirement", "--category", "SF", "--title", "Next")
    assert result.output.strip().endswith("EXO-SF-004.yaml")
    assert (small_catalog / "ledger.yaml").read_text().endswith("  - EXO-SF-004\n")
    assert codes(small_catalog) == []
