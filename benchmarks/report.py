"""RESULTS.md: the figures of one benchmark run, the issue's targets marked met or not.

Hand-written analysis (what was profiled, what was fixed, before/after) lives in
benchmarks/findings.md and is copied in verbatim, so a new run never loses it.
"""

from __future__ import annotations

import os
import platform
import subprocess
import sys
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any, Iterable

from benchmarks.measure import Sample

FINDINGS = Path(__file__).with_name("findings.md")

TITLES = {
    "help": "`exodossier --help`",
    "validate": "`exodossier validate`",
    "graph": "graph build (load + validate + `build_graph`)",
    "gap": "`exodossier gap ... -o x.docx`",
    "guideline": "`exodossier guideline build --edition full -o x.docx`",
    "pages": "plugin page generation (`render_site_files`)",
    "build": "full `mkdocs build`",
    "serve": "`mkdocs serve` rebuild after one edit",
    "doorstop_validate": "doorstop: validate (`doorstop -F`)",
    "doorstop_html": "doorstop: HTML (`doorstop publish all`)",
    "sphinx_needs_html": "sphinx-needs: HTML (`sphinx-build -b html`)",
}
ANCHORS = ("doorstop", "sphinx_needs")


@dataclass(frozen=True)
class Target:
    label: str  # workspace label: "real", "1,000", "10,000"
    measure: str  # measure key, or "rss" for the peak over every measure
    limit: float  # seconds, or MB for "rss"
    text: str


TARGETS = (
    Target("real", "validate", 0.5, "Real catalog: `exodossier validate` < 0.5 s"),
    Target("real", "help", 0.25, "Real catalog: `exodossier --help` < 0.25 s"),
    Target("real", "gap", 2.0, "Real catalog: gap report < 2 s"),
    Target("real", "guideline", 10.0, "Real catalog: guideline document, full edition < 10 s"),
    Target("real", "build", 10.0, "Real catalog: full site build < 10 s"),
    Target("real", "serve", 3.0, "Real catalog: serve rebuild after one edit < 3 s"),
    Target("1,000", "validate", 0.5, "1,000 requirements: validate < 0.5 s"),
    Target("1,000", "build", 4.0, "1,000 requirements: full site build < 4 s"),
    Target("10,000", "validate", 3.0, "10,000 requirements: validate < 3 s"),
    Target("10,000", "gap", 15.0, "10,000 requirements: gap report < 15 s"),
    Target("10,000", "build", 30.0, "10,000 requirements: full site build < 30 s"),
    Target("10,000", "rss", 1024.0, "10,000 requirements: peak RSS < 1 GB (every measure)"),
)
GROWTH_LIMIT = 12.0


@dataclass(frozen=True)
class Context:
    machine: dict[str, str]
    runs: int
    slow_seconds: float
    seed: int
    elapsed: float
    command: str
    platform: str


def machine() -> dict[str, str]:
    """What the figures were measured on."""
    memory = next((line.split(":")[1].strip() for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal")), "?")
    cpu = next((line.split(":")[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor() or "?")
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    return {
        "CPU": f"{cpu}, nproc = {os.cpu_count()}",
        "Memory": memory,
        "Python": sys.version.split()[0],
        "OS": platform.platform(),
        "Packages": ", ".join(f"{name} {_version(name)}" for name in
                              ("mkdocs", "mkdocs-material", "pydantic", "PyYAML", "networkx", "python-docx")),
        "Load average at the end": load,
        "Commit": _git("rev-parse", "--short", "HEAD") + (" (with uncommitted changes)" if _git("status", "--porcelain",
                                                                                              "--", "exodossier") else ""),
    }


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "?"


def _git(*args: str) -> str:
    try:
        return subprocess.run(["git", *args], capture_output=True, text=True, check=False,
                              cwd=Path(__file__).parent).stdout.strip()
    except OSError:
        return "?"


# --------------------------------------------------------------------------- formatting


def _seconds(value: float) -> str:
    return f"{value:.3f}" if value < 1 else f"{value:.2f}" if value < 100 else f"{value:.0f}"


def _cell(sample: Sample | None) -> str:
    if sample is None:
        return "—"
    if not sample.runs:
        return "n/a¹" if sample.note else "—"
    text = f"{_seconds(sample.wall)} s"
    if sample.cpu:
        text += f" (cpu {_seconds(sample.cpu)})"
    if not sample.ok:
        text += " FAILED" if sample.runs[0].returncode != -9 else " TIMED OUT"
    if len(sample.runs) == 1:
        text += " n=1"
    return text


def _rss(sample: Sample | None) -> str:
    if sample is None or not sample.runs or not sample.peak_rss_mb:
        return "—"
    return f"{sample.peak_rss_mb:.0f}"


def _growth(spaces: dict[str, Any], measure: str) -> tuple[str, float | None]:
    small, large = spaces.get("1,000"), spaces.get("10,000")
    if small is None or large is None:
        return "—", None
    a, b = small.samples.get(measure), large.samples.get(measure)
    if not a or not b or not a.runs or not b.runs or not a.ok or not b.ok:
        return "—", None
    ratio = b.wall / a.wall
    return f"{ratio:.1f}x", ratio


def _table(header: list[str], rows: Iterable[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def render(spaces: list[Any], context: Context) -> str:
    by_label = {s.label: s for s in spaces}
    lines = ["# Benchmark results (issue 7)", "",
             f"Generated by `make bench` (`{context.command}`) in {context.elapsed / 60:.1f} min. "
             "Do not edit by hand: the analysis below the tables comes from benchmarks/findings.md.", ""]
    lines += ["## Machine", ""] + [f"- {key}: {value}" for key, value in context.machine.items()] + [""]
    lines += _method(spaces, context)
    lines += _timings(spaces, by_label)
    lines += _memory(spaces)
    lines += _phases(spaces)
    lines += _comparison(spaces)
    lines += _sphinx_needs(spaces)
    lines += _targets(by_label)
    lines += _notes(spaces)
    if FINDINGS.exists():
        lines += ["", FINDINGS.read_text(encoding="utf-8").rstrip()]
    return "\n".join(lines) + "\n"


def refresh_findings(results: Path) -> None:
    """Replace the hand-written tail of an existing results file with the current findings.md."""
    text = results.read_text(encoding="utf-8")
    findings = FINDINGS.read_text(encoding="utf-8").rstrip()
    heading = findings.splitlines()[0]
    start = text.find(heading.split(":")[0])
    if start < 0:
        raise SystemExit(f"{results} has no findings section starting with {heading!r}")
    results.write_text(text[:start] + findings + "\n", encoding="utf-8")


def _method(spaces: list[Any], context: Context) -> list[str]:
    sizes = ", ".join(f"{s.label} ({s.requirements:,} requirements)" if s.label == "real" else s.label for s in spaces)
    return ["## Method", "",
            f"Catalogs: {sizes}. Synthetic catalogs come from benchmarks/synthetic.py (seed {context.seed}); "
            "the real one is a snapshot copy of requirements_catalog/ with guideline/ and mkdocs.yml.",
            f"Each figure is whole-process wall time, the median of {context.runs} runs after one warm-up run; "
            "CPU time (user + system) of the same runs in brackets, because wall time on a shared 2-core machine "
            f"also counts other processes. A command slower than {context.slow_seconds:.0f} s on its first run is "
            "taken once (n=1) to keep the whole suite near 20 minutes. Serve rebuild: time from replacing one "
            "requirement file to the server's 'Reloading browsers' log line that follows a finished rebuild "
            "(watcher delay included); the page is then fetched from 127.0.0.1 to confirm the edit reached it.", ""]


def _timings(spaces: list[Any], by_label: dict[str, Any]) -> list[str]:
    measures = [m for m in TITLES if not m.startswith(ANCHORS)]
    rows = []
    for measure in measures:
        growth, _ = _growth(by_label, measure)
        rows.append([TITLES[measure], *[_cell(s.samples.get(measure)) for s in spaces], growth])
    header = ["measure (median wall s)", *[s.label for s in spaces], "growth 1,000 → 10,000"]
    return ["## Timings", ""] + _table(header, rows) + [""]


def _memory(spaces: list[Any]) -> list[str]:
    rows = [[TITLES[m], *[_rss(s.samples.get(m)) for s in spaces]] for m in TITLES]
    return ["## Peak RSS (MB, highest over the runs)", ""] + _table(["measure", *[s.label for s in spaces]], rows) + [""]


def _phases(spaces: list[Any]) -> list[str]:
    rows = []
    for space in spaces:
        for measure in ("graph", "pages", "serve"):
            sample = space.samples.get(measure)
            if sample and sample.extra:
                parts = ", ".join(f"{k} {v:.0f}" if k == "files" else f"{k} {_seconds(v)} s"
                                  for k, v in sample.extra.items())
                rows.append([space.label, measure, parts])
    if not rows:
        return []
    return ["## Inside the processes (median in-process phase times)", ""] + \
        _table(["catalog", "measure", "phases"], rows) + [""]


def _comparison(spaces: list[Any]) -> list[str]:
    rows = []
    for space in spaces:
        theirs_v, theirs_h = space.samples.get("doorstop_validate"), space.samples.get("doorstop_html")
        ours_v, ours_b = space.samples.get("validate"), space.samples.get("build")
        if not theirs_v:
            continue
        rows.append([space.label, _cell(theirs_v), _cell(ours_v), _ratio(theirs_v, ours_v),
                     _cell(theirs_h), _cell(ours_b), _ratio(theirs_h, ours_b), _ratio_sum(theirs_v, theirs_h, ours_v, ours_b)])
    if not rows:
        return []
    header = ["requirements", "doorstop validate", "our validate", "ratio", "doorstop HTML", "our mkdocs build",
              "ratio", "ratio validate + site"]
    return ["## Side by side with doorstop (same requirements, same run)", "",
            "Ratio = doorstop time / our time (above 1: we are faster). A doorstop run stopped at the time limit "
            "gives a lower bound (>). doorstop publishes one HTML page per document; we build a themed site "
            "with one page per requirement, per source and per category, search index and downloads.", ""] + \
        _table(header, rows) + [""]


def _sphinx_needs(spaces: list[Any]) -> list[str]:
    rows = []
    for space in spaces:
        theirs, ours = space.samples.get("sphinx_needs_html"), space.samples.get("build")
        if not theirs:
            continue
        extra = theirs.extra or {}
        size = (f"{extra.get('their_text_mb', 0):.1f} MB text / {extra.get('our_yaml_mb', 0):.1f} MB YAML"
                if extra else "—")
        output = f"{extra['their_output_mb']:.0f} MB" if extra.get("their_output_mb") else "—"
        rows.append([space.label, _cell(theirs), _cell(ours), _ratio(theirs, ours), size, output])
    if not rows:
        return []
    header = ["requirements", "sphinx-needs HTML", "our mkdocs build (one edition)", "ratio",
              "item size (theirs / ours)", "their output"]
    return ["## Side by side with sphinx-needs (same requirements, same run)", "",
            "Ratio = sphinx-needs time / our time (above 1: we are faster). Both publish one page per requirement "
            "and per source with a search index; sphinx-needs with Sphinx's default theme, we with Material. Their "
            "item text is our statement, rationale, criteria, methods, evidence and stage notes in English and "
            "Japanese (the doorstop mapping); ours is the YAML of the whole catalog.", ""] + \
        _table(header, rows) + [""]


def _ratio(theirs: Sample | None, ours: Sample | None) -> str:
    if not theirs or not ours or not theirs.runs or not ours.runs or not ours.ok:
        return "—"
    bound = ">" if theirs.runs[0].returncode == -9 else ""
    return f"{bound}{theirs.wall / ours.wall:.2f}"


def _ratio_sum(tv: Sample | None, th: Sample | None, ov: Sample | None, ob: Sample | None) -> str:
    parts = [tv, th, ov, ob]
    if any(not p or not p.runs for p in parts) or not ov.ok or not ob.ok:  # type: ignore[union-attr]
        return "—"
    bound = ">" if any(p.runs[0].returncode == -9 for p in (tv, th)) else ""  # type: ignore[union-attr]
    return f"{bound}{(tv.wall + th.wall) / (ov.wall + ob.wall):.2f}"  # type: ignore[union-attr]


def _targets(by_label: dict[str, Any]) -> list[str]:
    rows = []
    for target in TARGETS:
        space = by_label.get(target.label)
        if space is None:
            rows.append([target.text, "not measured", "—"])
            continue
        if target.measure == "rss":
            peaks = [s.peak_rss_mb for s in space.samples.values() if s.runs and s.peak_rss_mb]
            value = max(peaks) if peaks else None
            shown = f"{value:.0f} MB" if value else "—"
        else:
            sample = space.samples.get(target.measure)
            value = sample.wall if sample and sample.runs and sample.ok else None
            shown = f"{_seconds(value)} s" if value is not None else "not measured"
        verdict = "—" if value is None else "met" if value < target.limit else "**not met**"
        rows.append([target.text, shown, verdict])
    for measure in TITLES:
        if measure.startswith(ANCHORS):
            continue
        shown, ratio = _growth(by_label, measure)
        if ratio is not None:
            verdict = "met" if ratio <= GROWTH_LIMIT else "**not met**"
            rows.append([f"Growth 1,000 → 10,000 ≤ {GROWTH_LIMIT:.0f}x: {TITLES[measure]}", shown, verdict])
    return ["## Targets of the issue", ""] + _table(["target", "measured", "verdict"], rows) + [""]


def _notes(spaces: list[Any]) -> list[str]:
    notes = []
    for space in spaces:
        for measure, sample in space.samples.items():
            if sample.note:
                notes.append(f"- {space.label}, {TITLES.get(measure, measure)}: {sample.note}")
            if sample.runs and not sample.ok and sample.runs[0].returncode != -9:
                tail = sample.runs[0].stderr.strip().splitlines()[-3:]
                notes.append(f"- {space.label}, {TITLES.get(measure, measure)} failed: " + " / ".join(tail))
    if not notes:
        return []
    return ["## Notes (¹ not available)", ""] + notes + [""]
