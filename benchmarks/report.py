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
    "floor": "YAML parse floor (CSafeLoader, every catalog file, one process)",
    "validate_cold": "`exodossier validate`, cold (`EXODOSSIER_NO_CACHE=1`)",
    "validate_warm": "`exodossier validate`, warm, after one requirement file changed",
    "validate": "`exodossier validate`, warm, nothing changed",
    "help": "`exodossier --help`",
    "graph": "graph build (load + validate + `build_graph`)",
    "gap": "`exodossier gap ... -o x.docx`",
    "guideline": "`exodossier guideline build --edition full -o x.docx`",
    "pages": "plugin page generation (`render_site_files`)",
    "build": "`mkdocs build`, English edition",
    "build_ja": "`mkdocs build`, Japanese edition",
    "serve_en": "edit loop, `mkdocs serve`: English page shows the edit",
    "serve_ja": "edit loop, `mkdocs serve`: Japanese page shows the edit",
    "serve_dirty_en": "edit loop, `mkdocs serve --dirty`: English page shows the edit",
    "serve_dirty_ja": "edit loop, `mkdocs serve --dirty`: Japanese page shows the edit",
    "doorstop_validate": "doorstop: validate (`doorstop -F`)",
    "doorstop_html": "doorstop: HTML (`doorstop publish all`)",
    "sphinx_needs_html": "sphinx-needs: HTML (`sphinx-build -b html`)",
}
ANCHORS = ("doorstop", "sphinx_needs")
EDITIONS = {"en": "build", "ja": "build_ja"}
EDIT_LOOPS = {"`mkdocs serve`": "serve", "`mkdocs serve --dirty`": "serve_dirty"}
SITE_RATIO = 1.0  # sphinx-needs time / ours, per edition, at least
PEAK_MB = 1024.0  # site build at 10,000
DISK_MB = 300.0  # site on disk at 10,000
EDIT_LOOP_S = 1.5  # both editions
COLD_OVER_FLOOR = 1.5
WARM_S = 1.0  # at 10,000


@dataclass(frozen=True)
class Verdict:
    """One row of the targets table: what was measured and whether it meets the target."""

    target: str
    measured: str
    met: bool | None  # None: no figure (not measured, failed or stopped)

    @property
    def cells(self) -> list[str]:
        verdict = "no figure" if self.met is None else "met" if self.met else "**not met**"
        return [self.target, self.measured, verdict]


@dataclass(frozen=True)
class Context:
    machine: dict[str, str]
    runs: int
    slow_seconds: float
    seed: int
    elapsed: float
    command: str
    platform: str
    limit: float = 1200.0


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


def figure(sample: Sample | None) -> float | None:
    """The sample's median wall time, or None when it is no measurement (missing, failed or stopped)."""
    if sample is None or not sample.runs or not sample.ok:
        return None
    return sample.wall


def _why_none(sample: Sample | None) -> str:
    if sample is None:
        return "not measured"
    if sample.stopped:
        return f"stopped at {_seconds(max(r.wall for r in sample.runs))} s"
    if sample.runs and not sample.ok:
        return "failed"
    return sample.note or "not measured"


def _cell(sample: Sample | None) -> str:
    if sample is None:
        return "—"
    if not sample.runs:
        return "n/a¹" if sample.note else "—"
    if sample.stopped:  # how long we waited is not how long the command takes: no time is shown as one
        run = next(r for r in sample.runs if r.stopped)
        return f"stopped at {_seconds(run.wall)} s (cpu {_seconds(run.cpu)} by then)"
    text = f"{_seconds(sample.wall)} s"
    if sample.cpu:
        text += f" (cpu {_seconds(sample.cpu)})"
    if not sample.ok:
        text += " FAILED"
    if len(sample.runs) == 1:
        text += " n=1"
    return text


def _rss(sample: Sample | None) -> str:
    if sample is None or not sample.runs or not sample.peak_rss_mb:
        return "—"
    return f"{sample.peak_rss_mb:.0f}"


def ratio(theirs: Sample | None, ours: Sample | None, cpu: bool = False) -> float | None:
    """Anchor time / our time (above 1: we are faster); None unless both are complete measurements."""
    a, b = figure(theirs), figure(ours)
    if a is None or b is None or theirs is None or ours is None:
        return None
    if cpu:
        return theirs.cpu / ours.cpu if ours.cpu and theirs.cpu else None
    return a / b if b else None


def _ratio_text(theirs: Sample | None, ours: Sample | None) -> str:
    wall, cpu = ratio(theirs, ours), ratio(theirs, ours, cpu=True)
    if wall is None:
        return "—"
    return f"{wall:.2f}" + (f" (cpu {cpu:.2f})" if cpu is not None else "")


def _growth(spaces: dict[str, Any], measure: str) -> tuple[str, float | None]:
    small, large = spaces.get("1,000"), spaces.get("10,000")
    if small is None or large is None:
        return "—", None
    a, b = figure(small.samples.get(measure)), figure(large.samples.get(measure))
    if a is None or b is None:
        return "—", None
    return f"{b / a:.1f}x", b / a


def _table(header: list[str], rows: Iterable[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def render(spaces: list[Any], context: Context) -> str:
    by_label = {s.label: s for s in spaces}
    lines = ["# Benchmark results (issues 7 and 19)", "",
             f"Generated by `make bench` (`{context.command}`) in {context.elapsed / 60:.1f} min. "
             "Do not edit by hand: the analysis below the tables comes from benchmarks/findings.md.", ""]
    lines += ["## Machine", ""] + [f"- {key}: {value}" for key, value in context.machine.items()] + [""]
    lines += _method(spaces, context)
    lines += ["## Targets of issue 19", ""] + _table(["target", "measured", "verdict"],
                                                       [v.cells for v in targets(by_label)]) + [""]
    lines += _anchors(spaces)
    lines += _editions(spaces)
    lines += _edit_loop(spaces)
    lines += _validate(spaces)
    lines += _timings(spaces, by_label)
    lines += _memory(spaces)
    lines += _phases(spaces)
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
            "the real one is a snapshot copy of requirements_catalog/ with guideline/, mkdocs.yml and mkdocs.ja.yml.",
            f"Each figure is whole-process wall time, the median of {context.runs} run(s) after one warm-up run; "
            "CPU time (user + system of the process and its children) of the same runs in brackets, because wall "
            "time on a shared 2-core machine also counts other processes: compare the load averages above. "
            f"A command slower than {context.slow_seconds:.0f} s on its first run is taken once (n=1). Every "
            f"command is stopped after {context.limit:.0f} s; a stopped command is shown as 'stopped at N s' with the "
            "CPU it had used, and gives no ratio and no verdict. Ratios are anchor time / our time (above 1: we "
            "are faster), from wall time, with the CPU-time ratio in brackets. Edit loop: both editions served by "
            "`mkdocs serve` at once, one requirement file replaced in one step; per edition, the time until its "
            "server has logged the finished rebuild and its page, fetched from 127.0.0.1, shows the edit; CPU is "
            "the server's over that span. validate warm: the parse cache primed, then one requirement file "
            "changed before each timed run.", ""]


def _anchors(spaces: list[Any]) -> list[str]:
    """The issue's table: each step, ours against the fastest anchor for it, anchor / ours."""
    rows = []
    steps = (("validate (cold)", "validate_cold", "doorstop_validate"),
             ("site, English edition", "build", "sphinx_needs_html"),
             ("site, Japanese edition", "build_ja", "sphinx_needs_html"),
             ("site, English edition", "build", "doorstop_html"),
             ("site, Japanese edition", "build_ja", "doorstop_html"))
    for step, ours, anchor in steps:
        for space in spaces:
            theirs, mine = space.samples.get(anchor), space.samples.get(ours)
            if theirs is None or mine is None:
                continue
            rows.append([step, space.label, _cell(mine), TITLES[anchor].split(":")[0] + ": " + _cell(theirs),
                         _ratio_text(theirs, mine)])
    if not rows:
        return []
    return ["## Side by side with the anchors (same requirements, same run)", "",
            "sphinx-needs and doorstop read the same requirements, sources and links, converted from our models "
            "(benchmarks/sphinx_needs_tree.py, doorstop_tree.py). sphinx-needs publishes one page per requirement "
            "and per source with a search index (Sphinx's alabaster theme); doorstop one page per document. The "
            "anchors build one bilingual project; we build each language edition separately, so each edition is "
            "compared with their one build.", ""] + \
        _table(["step", "requirements", "ours", "anchor", "anchor ÷ ours"], rows) + [""]


def _editions(spaces: list[Any]) -> list[str]:
    rows = []
    for space in spaces:
        for edition, measure in EDITIONS.items():
            sample = space.samples.get(measure)
            if sample is None:
                continue
            rows.append([space.label, edition, _cell(sample), _rss(sample), _mb(sample, "site_mb"),
                         _count(sample, "html_files")])
        anchor = space.samples.get("sphinx_needs_html")
        if anchor is not None:
            rows.append([space.label, "sphinx-needs (both languages in one project)", _cell(anchor), _rss(anchor),
                         _mb(anchor, "site_mb"), _count(anchor, "html_files")])
    if not rows:
        return []
    sizes = []
    for space in spaces:
        extra = (space.samples.get("sphinx_needs_html") or Sample()).extra
        if extra.get("items"):
            sizes.append([space.label, f"{extra['items']:,.0f}", f"{extra['our_bytes_per_item']:,.0f}",
                          f"{extra['their_bytes_per_item']:,.0f}"])
    lines = ["## Site build per language edition", ""] + \
        _table(["requirements", "edition", "wall (cpu)", "peak RSS MB", "on disk", "HTML files"], rows) + [""]
    if sizes:
        lines += ["Item size: bytes of source text per item (requirements and sources). Ours is the YAML file; "
                  "theirs is the reStructuredText page carrying the same text (statement, rationale, criteria, "
                  "methods, evidence, stage notes, English and Japanese) and links.", ""] + \
            _table(["requirements", "items", "ours: YAML bytes per item", "sphinx-needs: rst bytes per item"],
                   sizes) + [""]
    return lines


def _mb(sample: Sample, key: str) -> str:
    value = sample.extra.get(key)
    return f"{value:.0f} MB" if value else "—"


def _count(sample: Sample, key: str) -> str:
    value = sample.extra.get(key)
    return f"{value:,.0f}" if value else "—"


def _edit_loop(spaces: list[Any]) -> list[str]:
    rows = []
    for space in spaces:
        for variant, key in EDIT_LOOPS.items():
            samples = {e: space.samples.get(f"{key}_{e}") for e in ("en", "ja")}
            if not any(samples.values()):
                continue
            slowest = _slower_edition(samples)
            for edition, sample in samples.items():
                if sample is None:
                    continue
                first = sample.extra.get("first_build")
                rows.append([space.label, variant, edition + (" (slower)" if edition == slowest else ""),
                             _cell(sample), f"{first:.2f} s" if first else "—", _rss(sample), sample.note or ""])
    if not rows:
        return []
    return ["## Edit loop: save one requirement, both editions served", ""] + \
        _table(["catalog", "server", "edition", "save → page shows it (cpu)", "first build", "peak RSS MB",
                "note"], rows) + [""]


def _slower_edition(samples: dict[str, Sample | None]) -> str | None:
    figures = {e: figure(s) for e, s in samples.items()}
    if any(v is None for v in figures.values()):
        return None
    return max(figures, key=lambda e: figures[e] or 0.0)


def _validate(spaces: list[Any]) -> list[str]:
    rows = []
    for space in spaces:
        floor, cold, warm = (space.samples.get(m) for m in ("floor", "validate_cold", "validate_warm"))
        if floor is None and cold is None and warm is None:
            continue
        rows.append([space.label, _cell(floor), _cell(cold), _ratio_text(cold, floor), _cell(warm),
                     _ratio_text(warm, floor)])
    if not rows:
        return []
    return ["## validate against the parse floor", ""] + \
        _table(["requirements", "parse floor", "cold", "cold ÷ floor", "warm, one file changed", "warm ÷ floor"],
               rows) + [""]


# --------------------------------------------------------------------------- targets


def targets(by_label: dict[str, Any]) -> list[Verdict]:
    """Issue 19's targets, each judged from this run's figures only; no figure, no verdict."""
    verdicts: list[Verdict] = []
    for label in ("1,000", "10,000"):
        space = by_label.get(label)
        for edition, measure in EDITIONS.items():
            text = f"{label}: site, {edition} edition, sphinx-needs ÷ ours ≥ {SITE_RATIO:.1f}"
            if space is None:
                verdicts.append(Verdict(text, "not measured", None))
                continue
            theirs, ours = space.samples.get("sphinx_needs_html"), space.samples.get(measure)
            value = ratio(theirs, ours)
            if value is None:
                why = "; ".join(f"{who}: {_why_none(s)}" for who, s in (("ours", ours), ("sphinx-needs", theirs))
                                if figure(s) is None)
                verdicts.append(Verdict(text, why, None))
            else:
                cpu = ratio(theirs, ours, cpu=True)
                shown = f"{value:.2f} ({_seconds(theirs.wall)} s / {_seconds(ours.wall)} s" + \
                    (f"; cpu {cpu:.2f})" if cpu is not None else ")")
                verdicts.append(Verdict(text, shown, value >= SITE_RATIO))
    large = by_label.get("10,000")
    for edition, measure in EDITIONS.items():
        sample = large.samples.get(measure) if large else None
        verdicts.append(_peak_verdict(f"10,000: site build, {edition} edition, peak memory < {PEAK_MB / 1024:.0f} GB",
                                      sample))
        disk = sample.extra.get("site_mb") if sample and figure(sample) is not None else None
        verdicts.append(Verdict(f"10,000: site, {edition} edition, on disk < {DISK_MB:.0f} MB",
                                f"{disk:.0f} MB" if disk else _why_none(sample), None if not disk else disk < DISK_MB))
    verdicts += _edit_loop_targets(by_label.get("real"))
    for label in ("1,000", "10,000"):
        space = by_label.get(label)
        floor, cold = (space.samples.get(m) if space else None for m in ("floor", "validate_cold"))
        value = ratio(cold, floor)
        text = f"{label}: validate cold ≤ {COLD_OVER_FLOOR}x the parse floor"
        if value is None:
            verdicts.append(Verdict(text, f"cold: {_why_none(cold)}" if figure(cold) is None
                                    else f"floor: {_why_none(floor)}", None))
        else:
            verdicts.append(Verdict(text, f"{value:.2f}x ({_seconds(cold.wall)} s / {_seconds(floor.wall)} s)",
                                    value <= COLD_OVER_FLOOR))
    warm = large.samples.get("validate_warm") if large else None
    value = figure(warm)
    verdicts.append(Verdict(f"10,000: validate warm, one file changed, < {WARM_S:.0f} s",
                            f"{_seconds(value)} s (cpu {_seconds(warm.cpu)})" if value is not None and warm
                            else _why_none(warm), None if value is None else value < WARM_S))
    return verdicts


def _peak_verdict(text: str, sample: Sample | None) -> Verdict:
    """A stopped build's peak is only a lower bound: it can fail the target, never meet it."""
    rss = sample.peak_rss_mb if sample and sample.runs and sample.peak_rss_mb else None
    if rss is None or sample is None:
        return Verdict(text, _why_none(sample), None)
    if sample.stopped:
        return Verdict(text, f"at least {rss:.0f} MB ({_why_none(sample)})", False if rss >= PEAK_MB else None)
    return Verdict(text, f"{rss:.0f} MB", rss < PEAK_MB)


def _edit_loop_targets(real: Any) -> list[Verdict]:
    verdicts = []
    for variant, key in EDIT_LOOPS.items():
        text = f"real catalog: edit loop with {variant}, both editions < {EDIT_LOOP_S} s"
        samples = {e: real.samples.get(f"{key}_{e}") if real else None for e in ("en", "ja")}
        figures = {e: figure(s) for e, s in samples.items()}
        missing = [f"{e}: {_why_none(samples[e])}" for e, v in figures.items() if v is None]
        if missing:
            verdicts.append(Verdict(text, "; ".join(missing), None))
            continue
        shown = ", ".join(f"{e} {_seconds(v or 0.0)} s" for e, v in figures.items())
        verdicts.append(Verdict(text, f"slower {_seconds(max(v or 0.0 for v in figures.values()))} s ({shown})",
                                max(v or 0.0 for v in figures.values()) < EDIT_LOOP_S))
    return verdicts


# --------------------------------------------------------------------------- the other figures


def _timings(spaces: list[Any], by_label: dict[str, Any]) -> list[str]:
    measures = [m for m in TITLES if any(m in s.samples for s in spaces)]
    rows = []
    for measure in measures:
        growth, _ = _growth(by_label, measure)
        rows.append([TITLES[measure], *[_cell(s.samples.get(measure)) for s in spaces], growth])
    header = ["measure (median wall s, cpu)", *[s.label for s in spaces], "growth 1,000 → 10,000"]
    return ["## All timings", ""] + _table(header, rows) + [""]


def _memory(spaces: list[Any]) -> list[str]:
    measures = [m for m in TITLES if any(m in s.samples for s in spaces)]
    rows = [[TITLES[m], *[_rss(s.samples.get(m)) for s in spaces]] for m in measures]
    return ["## Peak RSS (MB, highest over the runs)", ""] + _table(["measure", *[s.label for s in spaces]], rows) + [""]


def _phases(spaces: list[Any]) -> list[str]:
    rows = []
    for space in spaces:
        for measure in ("floor", "graph", "pages"):
            sample = space.samples.get(measure)
            if sample and sample.extra:
                parts = ", ".join(f"{k} {v:.0f}" if k == "files" else f"{k} {_seconds(v)} s"
                                  for k, v in sample.extra.items())
                rows.append([space.label, measure, parts])
    if not rows:
        return []
    return ["## Inside the processes (median in-process phase times)", ""] + \
        _table(["catalog", "measure", "phases"], rows) + [""]


def _notes(spaces: list[Any]) -> list[str]:
    notes = []
    for space in spaces:
        for measure, sample in space.samples.items():
            if sample.note:
                notes.append(f"- {space.label}, {TITLES.get(measure, measure)}: {sample.note}")
            if sample.runs and not sample.ok and not sample.stopped:
                tail = sample.runs[0].stderr.strip().splitlines()[-3:]
                notes.append(f"- {space.label}, {TITLES.get(measure, measure)} failed: " + " / ".join(tail))
    if not notes:
        return []
    return ["## Notes (¹ not available)", ""] + notes + [""]
