"""RESULTS.md judges targets and growth from the samples it is given (fixed numbers here, no timing)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.measure import Run, Sample, run_once
from benchmarks.report import Context, render


@dataclass
class _Space:
    label: str
    requirements: int
    samples: dict[str, Sample] = field(default_factory=dict)


def _sample(seconds: float, rss: float = 100.0, returncode: int = 0) -> Sample:
    return Sample(runs=[Run(seconds, seconds, rss, returncode) for _ in range(3)])


def _context() -> Context:
    return Context(machine={"CPU": "test"}, runs=3, slow_seconds=15, seed=1, elapsed=60, command="run.py",
                   platform="test")


def _row(text: str, start: str) -> str:
    return next(line for line in text.splitlines() if line.startswith(start))


def test_targets_are_marked_met_or_not_met() -> None:
    small = _Space("1,000", 1000, {"validate": _sample(0.4), "build": _sample(9.0)})
    large = _Space("10,000", 10000, {"validate": _sample(2.0), "build": _sample(200.0, rss=1500)})
    text = render([small, large], _context())
    assert _row(text, "| 1,000 requirements: validate < 0.5 s").endswith("| met |")
    assert _row(text, "| 1,000 requirements: full site build < 4 s").endswith("| **not met** |")
    assert _row(text, "| 10,000 requirements: peak RSS < 1 GB").endswith("| **not met** |")


def test_growth_is_time_at_ten_thousand_over_time_at_one_thousand() -> None:
    small = _Space("1,000", 1000, {"validate": _sample(0.5), "build": _sample(10.0)})
    large = _Space("10,000", 10000, {"validate": _sample(3.0), "build": _sample(150.0)})
    text = render([small, large], _context())
    assert "| 6.0x | met |" in _row(text, "| Growth 1,000 → 10,000 ≤ 12x: `exodossier validate`")
    assert "| 15.0x | **not met** |" in _row(text, "| Growth 1,000 → 10,000 ≤ 12x: full `mkdocs build`")


def test_a_doorstop_run_stopped_at_the_limit_is_a_lower_bound() -> None:
    space = _Space("10,000", 10000, {"validate": _sample(5.0), "build": _sample(100.0),
                                     "doorstop_validate": _sample(200.0), "doorstop_html": _sample(90.0, returncode=-9)})
    text = render([space], _context())
    row = _row(text, "| 10,000 | ")
    assert "| 40.00 |" in row and "| >0.90 |" in row


def test_run_once_reports_exit_code_cpu_and_memory(tmp_path: Path) -> None:
    import sys

    run = run_once([sys.executable, "-c", "import sys; sys.exit(3)"], tmp_path)
    assert run.returncode == 3
    assert run.peak_rss_mb > 0
    assert list(tmp_path.iterdir()) == []  # its temporary output files are cleaned up


def test_sphinx_needs_is_compared_with_our_site_build_as_anchor_over_ours() -> None:
    anchor = _sample(9.0)
    anchor.extra = {"items": 1100.0, "their_text_mb": 2.5, "our_yaml_mb": 4.0, "their_output_mb": 58.0}
    space = _Space("1,000", 1000, {"build": _sample(36.0), "sphinx_needs_html": anchor})
    text = render([space], _context())
    row = _row(text, "| 1,000 | 9.00")
    assert "| 0.25 |" in row and "2.5 MB text / 4.0 MB YAML" in row and "58 MB" in row
