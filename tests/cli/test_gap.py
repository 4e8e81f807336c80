"""`exodossier gap` and `exodossier profile init` as a sponsor runs them."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from exodossier.cli.main import main
from exodossier.catalog.yaml_reader import parse_text
from tests.conftest import FIXTURES

FIXTURE = FIXTURES / "profiles" / "small-inhaled.yaml"


def invoke(runner: CliRunner, *args: str, env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    return runner.invoke(main, list(args), catch_exceptions=False, env=env)


@pytest.fixture
def profile(tmp_path: Path) -> Path:
    target = tmp_path / "profile.yaml"
    shutil.copy(FIXTURE, target)
    return target


def test_gap_writes_the_word_report(runner: CliRunner, small_catalog: Path, profile: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.docx"
    result = invoke(runner, "gap", str(profile), "-o", str(out), "--catalog", str(small_catalog))
    assert result.exit_code == 0, result.output
    assert out.read_bytes()[:2] == b"PK"
    assert "4 requirements in scope, readiness 57.1% (amber) at phase1" in result.stderr


def test_two_processes_give_identical_bytes(small_catalog: Path, profile: Path, tmp_path: Path) -> None:
    """Separate processes, so differing hash seeds or start-up state would show."""
    outputs = []
    for name, seed in (("a.docx", "1"), ("b.docx", "2")):
        env = {**os.environ, "SOURCE_DATE_EPOCH": "1767225600", "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-m", "exodossier", "gap", str(profile), "-o", str(tmp_path / name),
                        "--catalog", str(small_catalog)], check=True, env=env, capture_output=True)
        outputs.append((tmp_path / name).read_bytes())
    assert outputs[0] == outputs[1]


def test_without_source_date_epoch_the_date_is_the_day(runner: CliRunner, small_catalog: Path, profile: Path) -> None:
    result = invoke(runner, "gap", str(profile), "--format", "json", "--catalog", str(small_catalog),
                    env={"SOURCE_DATE_EPOCH": ""})
    assert json.loads(result.stdout)["generated"].endswith("T00:00:00+00:00")


def test_json_format_carries_the_figures(runner: CliRunner, small_catalog: Path, profile: Path) -> None:
    result = invoke(runner, "gap", str(profile), "--format", "json", "--catalog", str(small_catalog))
    data = json.loads(result.stdout)
    assert data["readiness"]["current"]["readiness"] == 57.14 and data["readiness"]["current"]["rag"] == "amber"
    assert [r["id"] for r in data["requirements"]] == ["EXO-RM-001", "EXO-RM-002", "EXO-SF-001", "EXO-SF-002"]
    assert data["profile"]["sha256"] and data["catalog"]["content_sha256"]


def test_csv_format_is_the_register(runner: CliRunner, small_catalog: Path, profile: Path, tmp_path: Path) -> None:
    out = tmp_path / "register.csv"
    assert invoke(runner, "gap", str(profile), "-o", str(out), "--catalog", str(small_catalog)).exit_code == 0
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")  # BOM: Excel in a Japanese locale reads UTF-8
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert [(r["ID"], r["Status"], r["Priority"]) for r in rows] == [
        ("EXO-RM-001", "Partially met", "P2"), ("EXO-RM-002", "Met", ""), ("EXO-SF-001", "Not met", "P2"),
        ("EXO-SF-002", "Planned", "P3")]


def test_markdown_format_summarises(runner: CliRunner, small_catalog: Path, profile: Path) -> None:
    result = invoke(runner, "gap", str(profile), "--format", "md", "--catalog", str(small_catalog))
    assert "| **Overall** | 57.1% | Amber | 54.3% | Amber |" in result.stdout
    assert "| P2 | EXO-RM-001 | Cell bank qualification | Partially met |" in result.stdout
    assert "| CMC lead | 2027-03-31 |" in result.stdout  # owner and due date


def test_word_report_needs_an_output_file(runner: CliRunner, small_catalog: Path, profile: Path) -> None:
    result = invoke(runner, "gap", str(profile), "--catalog", str(small_catalog))
    assert result.exit_code == 2 and "the Word report needs an output file" in result.stderr


def test_profile_error_is_positioned_and_nothing_is_written(runner: CliRunner, small_catalog: Path, profile: Path,
                                                            tmp_path: Path) -> None:
    profile.write_text(profile.read_text().replace("EXO-SF-002:", "EXO-SF-020:"))
    out = tmp_path / "report.docx"
    result = invoke(runner, "gap", str(profile), "-o", str(out), "--catalog", str(small_catalog))
    assert result.exit_code == 1
    assert "profile.yaml:37:3: error: requirement 'EXO-SF-020' does not exist" in result.stderr
    assert "Traceback" not in result.output and not out.exists()


def test_missing_output_folder_is_a_clear_error(runner: CliRunner, small_catalog: Path, profile: Path,
                                                tmp_path: Path) -> None:
    result = invoke(runner, "gap", str(profile), "-o", str(tmp_path / "no" / "r.docx"), "--catalog", str(small_catalog))
    assert result.exit_code == 1 and "does not exist" in result.stderr


# --------------------------------------------------------------------------- profile init


def test_init_writes_a_valid_profile_of_exactly_the_requirements_in_scope(runner: CliRunner, small_catalog: Path,
                                                                          tmp_path: Path) -> None:
    out = tmp_path / "new.yaml"
    result = invoke(runner, "profile", "init", "--stage", "phase1", "--attr", "route=intravenous", "-o", str(out),
                    "--catalog", str(small_catalog))
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    # SF-001 is inhalation-only; RM-002 depends on an unstated attribute, so it is assumed to apply.
    assert list(parse_text(text, "new.yaml").data["assessments"]) == ["EXO-RM-001", "EXO-RM-002", "EXO-SF-002"]
    assert "  # RM: Raw materials\n  EXO-RM-001:  # Cell bank qualification (high)\n    status: not_assessed\n" in text
    assert "  # SF: Safety\n  EXO-SF-002:  # Viral safety draft (low)\n" in text
    report = invoke(runner, "gap", str(out), "--format", "json", "--catalog", str(small_catalog))
    assert report.exit_code == 0 and json.loads(report.stdout)["readiness"]["current"]["readiness"] == 0.0


def test_rerun_adds_newly_applicable_requirements_and_keeps_every_line(runner: CliRunner, small_catalog: Path,
                                                                       tmp_path: Path) -> None:
    out = tmp_path / "profile.yaml"
    invoke(runner, "profile", "init", "--stage", "phase1", "--attr", "route=intravenous",
           "--attr", "animal_derived_materials=not_used", "-o", str(out), "--catalog", str(small_catalog))
    edited = out.read_text(encoding="utf-8").replace("route: intravenous", "route: inhalation  # changed by us")
    edited = edited.replace("EXO-RM-001:  # Cell bank qualification (high)\n    status: not_assessed",
                            "EXO-RM-001:  # Cell bank qualification (high)\n    status: partial  # our note\n"
                            "    comment: 'Single-tier bank: MCB only'")
    edited += "# closing remark by the sponsor\n"
    out.write_text(edited, encoding="utf-8")
    result = invoke(runner, "profile", "init", "-o", str(out), "--catalog", str(small_catalog))
    assert result.exit_code == 0 and "1 requirement(s) added" in result.stderr
    after = out.read_text(encoding="utf-8")
    lines = iter(after.splitlines())
    assert all(line in lines for line in edited.splitlines()), "an existing line was dropped, changed or moved"
    assert list(parse_text(after, "p").data["assessments"]) == ["EXO-RM-001", "EXO-SF-002", "EXO-SF-001"]
    assert "  EXO-SF-001:  # Endotoxin limit justified for the route (medium)\n    status: not_assessed" in after


def test_rerun_without_changes_leaves_the_file_identical(runner: CliRunner, small_catalog: Path,
                                                         profile: Path) -> None:
    before = profile.read_bytes()
    result = invoke(runner, "profile", "init", "-o", str(profile), "--catalog", str(small_catalog))
    assert result.exit_code == 0 and profile.read_bytes() == before


def test_init_refuses_to_overwrite_a_stage_the_sponsor_wrote(runner: CliRunner, small_catalog: Path,
                                                             profile: Path) -> None:
    result = invoke(runner, "profile", "init", "--stage", "phase2", "-o", str(profile), "--catalog", str(small_catalog))
    assert result.exit_code == 1
    assert "profile.yaml:9:3: error: the profile says current_stage: phase1, the command line says phase2" in result.stderr


@pytest.mark.parametrize("args, message", [
    (["--stage", "phase1", "--attr", "route=inhaled"], "'inhaled' is not a value of attribute 'route'"),
    (["--stage", "phase1", "--attr", "rout=inhalation"], "unknown product attribute 'rout'"),
    (["--stage", "phase_1"], "unknown development stage 'phase_1'"),
    (["--stage", "phase1", "--attr", "route"], "--attr takes ATTRIBUTE=VALUE"),
    ([], "--stage is required when creating a new profile"),
])
def test_init_usage_errors_exit_2(runner: CliRunner, small_catalog: Path, tmp_path: Path, args: list[str],
                                  message: str) -> None:
    out = tmp_path / "new.yaml"
    result = invoke(runner, "profile", "init", *args, "-o", str(out), "--catalog", str(small_catalog))
    assert result.exit_code == 2 and message in result.stderr and not out.exists()


def test_init_refuses_rather_than_reformat_an_irregular_file(runner: CliRunner, small_catalog: Path,
                                                             tmp_path: Path) -> None:
    irregular = ("product:\n    name: X\n    sponsor: S\n    indication: I\n    modality: M\n"
                 "    target_milestone: first_ctn\n    current_stage: phase1\n    attributes:\n      route: inhalation\n"
                 "assessments:\n  EXO-RM-001:\n      status: met\n")
    out = tmp_path / "odd.yaml"
    out.write_text(irregular, encoding="utf-8")
    result = invoke(runner, "profile", "init", "-o", str(out), "--catalog", str(small_catalog))
    assert result.exit_code == 1 and "cannot extend this profile without reformatting" in result.stderr
    assert "add by hand: EXO-RM-002, EXO-SF-001, EXO-SF-002" in result.stderr
    assert out.read_text(encoding="utf-8") == irregular
