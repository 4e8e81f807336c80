"""`exodossier graph impact|stats|export` on the small fixture catalog."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from exodossier.cli.main import main
from tests.conftest import SMALL_CATALOG

CATALOG = ["--catalog", str(SMALL_CATALOG)]


def test_impact_json_lists_requirements_with_paths(runner: CliRunner) -> None:
    result = runner.invoke(main, ["graph", "impact", "SRC-NEW", "--clause", "2.3", "--format", "json", *CATALOG])
    records = json.loads(result.output)
    assert [(r["requirement"], r["direct"]) for r in records] == [
        ("EXO-RM-001", True), ("EXO-RM-002", False), ("EXO-SF-001", False)]


def test_impact_human_names_the_path(runner: CliRunner) -> None:
    result = runner.invoke(main, ["graph", "impact", "SRC-NEW", *CATALOG])
    assert result.exit_code == 0
    assert "via src:SRC-NEW -> clause:SRC-NEW#1.1 -> req:EXO-RM-002 -> req:EXO-SF-001" in result.output


def test_impact_on_unknown_clause_suggests_one(runner: CliRunner) -> None:
    result = runner.invoke(main, ["graph", "impact", "SRC-NEW", "--clause", "2.33", *CATALOG])
    assert result.exit_code == 1 and "did you mean '2.3'?" in result.output


def test_stats_reports_coverage(runner: CliRunner) -> None:
    result = runner.invoke(main, ["graph", "stats", *CATALOG])
    assert "uncited sources: SRC-OLD" in result.output


def test_export_writes_a_file(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "graph.graphml"
    assert runner.invoke(main, ["graph", "export", "--format", "graphml", "-o", str(out), *CATALOG]).exit_code == 0
    assert out.read_text().startswith("<?xml")


def test_export_to_missing_folder_fails_cleanly(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["graph", "export", "--format", "json", "-o", str(tmp_path / "no" / "g.json"), *CATALOG])
    assert result.exit_code == 1 and "does not exist" in result.output
