"""RESULTS.md judges issue 19's targets from the samples it is given (fixed numbers here, no timing)."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.measure import STOPPED, Run, Sample, run_once, with_token
from benchmarks.report import Context, render, targets


@dataclass
class _Space:
    label: str
    requirements: int
    samples: dict[str, Sample] = field(default_factory=dict)


def _sample(seconds: float, rss: float = 100.0, returncode: int = 0, cpu: float | None = None,
            **extra: float) -> Sample:
    return Sample(runs=[Run(seconds, seconds if cpu is None else cpu, rss, returncode) for _ in range(3)],
                  extra=dict(extra))


def _stopped(seconds: float) -> Sample:
    return Sample(runs=[Run(seconds, seconds / 2, 300.0, STOPPED)], note=f"stopped at {seconds:.0f} s")


def _context() -> Context:
    return Context(machine={"CPU": "test"}, runs=3, slow_seconds=15, seed=1, elapsed=60, command="run.py",
                   platform="test", limit=1200)


def _row(text: str, start: str) -> str:
    return next(line for line in text.splitlines() if line.startswith(start))


def _verdicts(*spaces: _Space) -> dict[str, tuple[str, bool | None]]:
    return {v.target: (v.measured, v.met) for v in targets({s.label: s for s in spaces})}


def test_site_ratio_is_judged_per_edition_as_sphinx_needs_time_over_ours() -> None:
    space = _Space("1,000", 1000, {"build": _sample(8.0), "build_ja": _sample(12.0),
                                   "sphinx_needs_html": _sample(10.0)})
    verdicts = _verdicts(space)
    measured, met = verdicts["1,000: site, en edition, sphinx-needs ÷ ours ≥ 1.0"]
    assert met is True and measured.startswith("1.25 ")
    measured, met = verdicts["1,000: site, ja edition, sphinx-needs ÷ ours ≥ 1.0"]
    assert met is False and measured.startswith("0.83 ")


def test_a_stopped_anchor_gives_no_ratio_and_no_verdict() -> None:
    space = _Space("10,000", 10000, {"build": _sample(100.0), "build_ja": _sample(110.0),
                                     "sphinx_needs_html": _stopped(1200.0)})
    measured, met = _verdicts(space)["10,000: site, en edition, sphinx-needs ÷ ours ≥ 1.0"]
    assert met is None and "sphinx-needs: stopped at 1200 s" in measured
    text = render([space], _context())
    row = _row(text, "| site, English edition | 10,000 |")
    assert "stopped at 1200 s" in row and row.endswith("| — |")  # no ">" bound, no ratio
    assert ">" not in row


def test_a_stopped_run_of_ours_is_shown_as_stopped_with_its_cpu_not_as_a_time() -> None:
    space = _Space("10,000", 10000, {"build": _stopped(1200.0), "sphinx_needs_html": _sample(90.0)})
    text = render([space], _context())
    assert "| 10,000 | en | stopped at 1200 s (cpu 600 by then) |" in text
    measured, met = _verdicts(space)["10,000: site build, en edition, peak memory < 1 GB"]
    assert met is None and measured == "at least 300 MB (stopped at 1200 s)"  # it might have grown further


def test_memory_and_disk_at_ten_thousand_are_judged_per_edition() -> None:
    space = _Space("10,000", 10000, {"build": _sample(100.0, rss=900.0, site_mb=250.0),
                                     "build_ja": _sample(100.0, rss=1100.0, site_mb=320.0)})
    verdicts = _verdicts(space)
    assert verdicts["10,000: site build, en edition, peak memory < 1 GB"] == ("900 MB", True)
    assert verdicts["10,000: site build, ja edition, peak memory < 1 GB"] == ("1100 MB", False)
    assert verdicts["10,000: site, en edition, on disk < 300 MB"] == ("250 MB", True)
    assert verdicts["10,000: site, ja edition, on disk < 300 MB"] == ("320 MB", False)


def test_edit_loop_is_judged_by_the_slower_edition() -> None:
    real = _Space("real", 205, {"serve_en": _sample(0.9), "serve_ja": _sample(1.7)})
    measured, met = _verdicts(real)["real catalog: edit loop with `mkdocs serve`, both editions < 1.5 s"]
    assert met is False and measured.startswith("slower 1.70 s")
    text = render([real], _context())
    assert "| ja (slower) |" in _row(text, "| real | `mkdocs serve` | ja")


def test_an_edition_whose_page_never_showed_the_edit_has_no_edit_loop_figure() -> None:
    real = _Space("real", 205, {"serve_dirty_en": _sample(0.5),
                                "serve_dirty_ja": Sample(note="the page did not show the change")})
    measured, met = _verdicts(real)["real catalog: edit loop with `mkdocs serve --dirty`, both editions < 1.5 s"]
    assert met is None and "ja: the page did not show the change" in measured


def test_validate_cold_is_judged_against_the_parse_floor_and_warm_in_seconds() -> None:
    small = _Space("1,000", 1000, {"floor": _sample(0.4), "validate_cold": _sample(0.8)})
    large = _Space("10,000", 10000, {"floor": _sample(6.0), "validate_cold": _sample(8.4),
                                     "validate_warm": _sample(0.7)})
    verdicts = _verdicts(small, large)
    assert verdicts["1,000: validate cold ≤ 1.5x the parse floor"][1] is False
    assert verdicts["10,000: validate cold ≤ 1.5x the parse floor"][0].startswith("1.40x")
    assert verdicts["10,000: validate cold ≤ 1.5x the parse floor"][1] is True
    assert verdicts["10,000: validate warm, one file changed, < 1 s"][1] is True


def test_every_target_without_a_measurement_says_so_instead_of_a_verdict() -> None:
    assert all(met is None for _, met in _verdicts().values())
    text = render([], _context())
    assert "| 10,000: validate warm, one file changed, < 1 s | not measured | no figure |" in text


def test_growth_is_time_at_ten_thousand_over_time_at_one_thousand() -> None:
    small = _Space("1,000", 1000, {"validate_cold": _sample(0.5)})
    large = _Space("10,000", 10000, {"validate_cold": _sample(3.0)})
    assert _row(render([small, large], _context()), "| `exodossier validate`, cold").endswith("| 6.0x |")


def test_run_once_reports_exit_code_cpu_and_memory(tmp_path: Path) -> None:
    run = run_once([sys.executable, "-c", "import sys; sys.exit(3)"], tmp_path)
    assert run.returncode == 3 and not run.stopped
    assert run.peak_rss_mb > 0
    assert list(tmp_path.iterdir()) == []  # its temporary output files are cleaned up


def test_a_run_past_its_limit_is_stopped_and_keeps_the_cpu_it_used(tmp_path: Path) -> None:
    run = run_once([sys.executable, "-c", "while True: pass"], tmp_path, timeout=2)
    assert run.stopped
    assert run.cpu > 0  # read from /proc before the kill: GNU time, killed too, reports nothing
    assert list(tmp_path.iterdir()) == []


def test_an_edit_appends_the_token_to_each_marker_line_once() -> None:
    text = "title:\n  en: Cell banks\n  ja: 細胞バンク\nstatement: Cell banks\n"
    edited = with_token(text, ("  en: Cell banks", "  ja: 細胞バンク"), "bench-edit-0")
    assert edited == "title:\n  en: Cell banks bench-edit-0\n  ja: 細胞バンク bench-edit-0\nstatement: Cell banks\n"


def test_the_recorded_command_names_no_folder_of_the_machine() -> None:
    from benchmarks.run import REPO, _portable

    assert _portable("--issue19") == "--issue19"
    assert _portable(str(REPO / "benchmarks" / "scratch")) == "benchmarks/scratch"
    assert _portable("/srv/elsewhere/scratch") == "<scratch>"
