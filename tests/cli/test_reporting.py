"""How validate reports: codes on every line, repeats summarised, --select/--ignore/--quiet/--statistics/--verbose, colour."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from exodossier.cli.main import main
from exodossier.cli.reporting import check_selectors, selected, statistics, summarise
from exodossier.errors import Diagnostic, UserError, error, warning


def many_warnings(count: int, slug: str = "unverified-source") -> list[Diagnostic]:
    return [warning(f"requirements/EXO-SF-{n:03d}.yaml", 3, 5, slug, f"cites 'SRC-{n}', whose details are not verified")
            for n in range(count)]


def validate(runner: CliRunner, catalog: Path, *options: str, env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    return runner.invoke(main, ["validate", "--catalog", str(catalog), *options], catch_exceptions=False, env=env)


def test_repeated_warnings_of_one_code_are_summarised_after_the_first_three() -> None:
    shown = summarise(many_warnings(183))
    assert len(shown.diagnostics) == 3
    assert shown.left_out == (("unverified-source", 180),)


def test_errors_are_never_summarised() -> None:
    problems = [error(f"f{n}.yaml", 1, 1, "dangling-source", "cited source 'X' does not exist") for n in range(10)]
    assert len(summarise(problems).diagnostics) == 10


def test_verbose_keeps_every_warning() -> None:
    shown = summarise(many_warnings(50), verbose=True)
    assert len(shown.diagnostics) == 50 and shown.left_out == ()


def test_the_summary_line_names_the_code_and_how_to_see_all(runner: CliRunner, small_catalog: Path,
                                                             tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "exodossier.toml").write_text("[diagnostics]\nrepeats = 0\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = validate(runner, small_catalog)
    lines = result.stderr.splitlines()
    assert "… and 1 more EXO301 unverified-source (run with --verbose)" in lines
    assert "… and 1 more EXO303 suspect-citation (run with --verbose)" in lines
    assert not any(": warning:" in line for line in lines)
    assert validate(runner, small_catalog, "--verbose").stderr.count(": warning: ") == 2


def test_each_diagnostic_line_carries_its_code(runner: CliRunner, small_catalog: Path) -> None:
    first = [line for line in validate(runner, small_catalog).stderr.splitlines() if ": warning: " in line]
    assert len(first) == 2
    assert all(line.endswith(("[EXO301 unverified-source]", "[EXO303 suspect-citation]")) for line in first)


@pytest.mark.parametrize("option", ["EXO301", "EXO3", "exo30", "unverified-source"])
def test_ignore_by_code_prefix_or_slug(runner: CliRunner, small_catalog: Path, option: str) -> None:
    result = validate(runner, small_catalog, "--ignore", option)
    assert "EXO301" not in result.stderr
    assert result.exit_code == 0


def test_select_keeps_only_the_named_warnings(runner: CliRunner, small_catalog: Path) -> None:
    result = validate(runner, small_catalog, "--select", "suspect-citation")
    assert "EXO303 suspect-citation" in result.stderr and "EXO301" not in result.stderr
    assert "0 error(s), 1 warning(s) (1 hidden by --select/--ignore)" in result.stderr


def test_select_and_ignore_take_comma_separated_lists(runner: CliRunner, small_catalog: Path) -> None:
    result = validate(runner, small_catalog, "--ignore", "EXO301,EXO303")
    assert "0 error(s), 0 warning(s) (2 hidden by --select/--ignore)" in result.stderr


def test_errors_cannot_be_ignored(small_catalog: Path) -> None:
    """The site and reports refuse a catalog with errors, so hiding one would only move the failure."""
    problem = error("f.yaml", 1, 1, "dangling-source", "cited source 'X' does not exist")
    assert selected(problem, select=("EXO3",), ignore=("EXO2",))


def test_an_unknown_code_is_a_usage_error_with_a_suggestion(runner: CliRunner, small_catalog: Path) -> None:
    result = validate(runner, small_catalog, "--ignore", "unverified-sources")
    assert result.exit_code == 2
    assert "no diagnostic code matches 'unverified-sources'" in result.stderr
    assert "did you mean 'unverified-source'?" in result.stderr
    with pytest.raises(UserError):
        check_selectors(["EXO99"], "--select")


def test_strict_counts_only_the_warnings_shown(runner: CliRunner, small_catalog: Path) -> None:
    assert validate(runner, small_catalog, "--strict").exit_code == 1
    assert validate(runner, small_catalog, "--strict", "--ignore", "EXO3").exit_code == 0


def test_quiet_prints_nothing_for_a_catalog_without_errors(runner: CliRunner, small_catalog: Path) -> None:
    result = validate(runner, small_catalog, "--quiet")
    assert result.exit_code == 0 and result.output == ""


def test_quiet_still_prints_errors_and_the_count(runner: CliRunner, small_catalog: Path) -> None:
    path = small_catalog / "requirements" / "safety" / "EXO-SF-002.yaml"
    path.write_text(path.read_text().replace("criticality: low", "criticality: lowest"))
    result = validate(runner, small_catalog, "-q")
    assert result.exit_code == 1
    assert "error: invalid value 'lowest' for 'criticality'" in result.stderr
    assert "warning" not in result.stderr.replace("warning(s)", "")


def test_statistics_count_each_code(runner: CliRunner, small_catalog: Path) -> None:
    result = validate(runner, small_catalog, "--statistics")
    assert result.stderr.splitlines()[:2] == ["1  EXO301 unverified-source  (warning)",
                                              "1  EXO303 suspect-citation  (warning)"]
    text = statistics(many_warnings(12) + many_warnings(3, "suspect-citation"))
    assert text.splitlines() == ["12  EXO301 unverified-source  (warning)", " 3  EXO303 suspect-citation  (warning)"]


def test_json_and_github_formats_are_not_summarised(runner: CliRunner, small_catalog: Path,
                                                     tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "exodossier.toml").write_text("[diagnostics]\nrepeats = 0\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    lines = validate(runner, small_catalog, "--format", "github").stdout.splitlines()
    assert len(lines) == 2 and {line.split("title=")[1].split("::")[0] for line in lines} == {
        "EXO301 unverified-source", "EXO303 suspect-citation"}


def test_colour_on_request_and_never_with_no_color(runner: CliRunner, small_catalog: Path) -> None:
    coloured = runner.invoke(main, ["--color", "validate", "--catalog", str(small_catalog)], color=True)
    assert "\x1b[" in coloured.stderr
    plain = runner.invoke(main, ["validate", "--catalog", str(small_catalog)], color=True, env={"NO_COLOR": "1"})
    assert "\x1b[" not in plain.stderr and ": warning: " in plain.stderr


def test_no_colour_when_not_on_a_terminal(runner: CliRunner, small_catalog: Path) -> None:
    assert "\x1b[" not in validate(runner, small_catalog).stderr
