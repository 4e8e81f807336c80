"""The validate and schema commands: exit codes, output formats, and no tracebacks for bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from exodossier.cli.main import main


def invoke(runner: CliRunner, *args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(main, list(args), catch_exceptions=False)


def test_validate_clean_catalog_exits_0_and_prints_counts(runner: CliRunner, small_catalog: Path) -> None:
    result = invoke(runner, "validate", "--catalog", str(small_catalog))
    assert result.exit_code == 0
    assert "0 error(s), 2 warning(s) in 4 requirements and 3 sources" in result.output


def test_strict_turns_warnings_into_failure(runner: CliRunner, small_catalog: Path) -> None:
    assert invoke(runner, "validate", "--strict", "--catalog", str(small_catalog)).exit_code == 1


def test_errors_exit_1_with_path_line_column(runner: CliRunner, small_catalog: Path) -> None:
    path = small_catalog / "requirements" / "safety" / "EXO-SF-002.yaml"
    path.write_text(path.read_text().replace("criticality: low", "criticality: lowest"))
    result = invoke(runner, "validate", "--catalog", str(small_catalog))
    assert result.exit_code == 1
    assert "EXO-SF-002.yaml:7:1: error: invalid value 'lowest' for 'criticality'" in result.output


def test_json_format_lists_every_diagnostic(runner: CliRunner, small_catalog: Path) -> None:
    result = invoke(runner, "validate", "--format", "json", "--catalog", str(small_catalog))
    records = json.loads(result.stdout)
    assert {r["code"] for r in records} == {"suspect-citation", "unverified-source"}
    assert all({"file", "line", "column", "severity", "message", "hint"} <= set(r) for r in records)


def test_github_format_emits_workflow_annotations(runner: CliRunner, small_catalog: Path) -> None:
    result = invoke(runner, "validate", "--format", "github", "--catalog", str(small_catalog))
    lines = result.stdout.splitlines()
    assert len(lines) == 2 and all(line.startswith("::warning file=") for line in lines)


def test_missing_catalog_is_a_clear_error(runner: CliRunner, tmp_path: Path) -> None:
    result = invoke(runner, "validate", "--catalog", str(tmp_path / "nowhere"))
    assert result.exit_code == 1
    assert "no catalog here: taxonomy.yaml is missing" in result.output


def test_usage_error_exits_2(runner: CliRunner) -> None:
    assert runner.invoke(main, ["validate", "--format", "xml"]).exit_code == 2


def test_bad_yaml_never_shows_a_traceback(tmp_path: Path, small_catalog: Path) -> None:
    (small_catalog / "sources" / "BROKEN.yaml").write_bytes(b"id: [unclosed\n\xff\xfe")
    process = subprocess.run([sys.executable, "-m", "exodossier", "validate", "--catalog", str(small_catalog)],
                             capture_output=True, text=True)
    assert process.returncode == 1
    assert "Traceback" not in process.stderr
    assert "BROKEN.yaml:2:1: error: file is not valid UTF-8" in process.stderr


def test_schema_check_detects_stale_files(runner: CliRunner, tmp_path: Path) -> None:
    assert invoke(runner, "schema", "--out", str(tmp_path)).exit_code == 0
    assert invoke(runner, "schema", "--check", "--out", str(tmp_path)).exit_code == 0
    (tmp_path / "requirement.schema.json").write_text("{}")
    assert invoke(runner, "schema", "--check", "--out", str(tmp_path)).exit_code == 1
