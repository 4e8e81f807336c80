"""Whole-process timing: wall time, CPU time and peak RSS of one child process per run.

Peak RSS comes from `os.wait4`, which reports the rusage of exactly the child waited
for (RUSAGE_CHILDREN would be a high-water mark over every earlier child). CPU time
(user + system) is recorded beside wall time because other work on a shared 2-core
machine inflates wall time far more than CPU time.
"""

from __future__ import annotations

import os
import queue
import re
import signal
import socket
import statistics
import subprocess
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence


@dataclass(frozen=True)
class Run:
    wall: float
    cpu: float
    peak_rss_mb: float
    returncode: int
    stdout: str = ""
    stderr: str = ""


@dataclass
class Sample:
    """Repeated runs of one measure at one size."""

    runs: list[Run] = field(default_factory=list)
    note: str = ""
    extra: dict[str, float] = field(default_factory=dict)  # in-process figures a script printed

    @property
    def ok(self) -> bool:
        return bool(self.runs) and all(r.returncode == 0 for r in self.runs)

    @property
    def wall(self) -> float:
        return statistics.median(r.wall for r in self.runs)

    @property
    def cpu(self) -> float:
        return statistics.median(r.cpu for r in self.runs)

    @property
    def peak_rss_mb(self) -> float:
        return max(r.peak_rss_mb for r in self.runs)

    @property
    def spread(self) -> tuple[float, float]:
        walls = [r.wall for r in self.runs]
        return min(walls), max(walls)


TIME = Path("/usr/bin/time")  # GNU time (Debian package `time`)


def _timed_argv(argv: Sequence[str], usage_file: Path) -> list[str]:
    """Wrap a command in GNU time when present.

    A child forked from this (large) runner starts with the runner's resident pages, and
    Linux counts them in the child's ru_maxrss even after exec; GNU time is a small process,
    so the peak it reports is the command's own.
    """
    if TIME.exists():
        return [str(TIME), "-f", "%e %U %S %M", "-o", str(usage_file), *argv]
    return list(argv)


def _usage(usage_file: Path, fallback: os.struct_rusage) -> tuple[float, float]:
    """CPU seconds and peak RSS (MB) of the command itself."""
    if usage_file.exists():
        fields = usage_file.read_text().split()
        usage_file.unlink()
        if len(fields) >= 4 and fields[-1].isdigit():
            return float(fields[-3]) + float(fields[-2]), int(fields[-1]) / 1024
    return fallback.ru_utime + fallback.ru_stime, fallback.ru_maxrss / 1024


def run_once(argv: Sequence[str], cwd: Path, env: dict[str, str] | None = None, timeout: float = 1800) -> Run:
    """Run a command to completion; output goes to temporary files so pipes can never block it."""
    out_path, err_path, usage_path = cwd / ".bench-stdout", cwd / ".bench-stderr", cwd / ".bench-usage"
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        start = time.perf_counter()
        process = subprocess.Popen(_timed_argv(argv, usage_path), cwd=cwd, env=env, stdout=out, stderr=err,
                                   stdin=subprocess.DEVNULL, start_new_session=True)
        status, rusage = _wait(process, timeout)
        wall = time.perf_counter() - start
    stdout = out_path.read_text(errors="replace")
    stderr = err_path.read_text(errors="replace")
    out_path.unlink()
    err_path.unlink()
    cpu, rss = _usage(usage_path, rusage)
    code = -9 if process.returncode == -9 else os.waitstatus_to_exitcode(status)
    return Run(wall, cpu, rss, code, stdout, stderr)


def _wait(process: subprocess.Popen[bytes], timeout: float) -> tuple[int, os.struct_rusage]:
    """Wait for the child; past the timeout, kill its whole process group (the command and GNU time)."""
    deadline = time.monotonic() + timeout
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            process.returncode = os.waitstatus_to_exitcode(status)
            return status, usage
        if time.monotonic() > deadline:
            os.killpg(process.pid, signal.SIGKILL)
            _, status, usage = os.wait4(process.pid, 0)
            process.returncode = -9
            return status, usage
        time.sleep(0.005)


def repeat(argv: Sequence[str], cwd: Path, runs: int, slow_seconds: float, env: dict[str, str] | None = None,
           timeout: float = 1800) -> Sample:
    """A warm-up, then `runs` timed runs; a command slower than `slow_seconds` is run once only.

    The single-run rule keeps `make bench` within its time budget at 10,000 requirements; such
    samples are flagged in the results (n = 1).
    """
    sample = Sample()
    first = run_once(argv, cwd, env, timeout)
    if first.returncode != 0 or first.wall > slow_seconds:
        sample.runs.append(first)
        if first.returncode == -9:
            sample.note = f"stopped at the time limit of {timeout:.0f} s"
        elif first.wall > slow_seconds:
            sample.note = f"single run (slower than {slow_seconds:.0f} s)"
        return sample
    for _ in range(runs):
        sample.runs.append(run_once(argv, cwd, env, timeout))
    return sample


# --------------------------------------------------------------------------- mkdocs serve

_BUILT = re.compile(r"Documentation built in ([0-9.]+) seconds")
# mkdocs' log handler drops a message identical to an earlier one, so "Documentation built in 2.10
# seconds" is missing whenever two builds take the same time; "Reloading browsers" follows every
# successful rebuild (livereload logs it with its own time stamp).
_RELOADED = re.compile(r"Reloading browsers")
_FAILED = re.compile(r"An error happened during the rebuild|Aborted with|Error: ")
_DONE = re.compile(f"{_RELOADED.pattern}|{_FAILED.pattern}")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class _LineReader(threading.Thread):
    """Collects a process's stderr lines with the time each arrived (and keeps them in a log file)."""

    def __init__(self, stream, log_file: Path) -> None:  # type: ignore[no-untyped-def]
        super().__init__(daemon=True)
        self.stream = stream
        self.log_file = log_file
        self.lines: queue.Queue[tuple[float, str]] = queue.Queue()
        self.log: list[str] = []

    def run(self) -> None:
        with open(self.log_file, "w", encoding="utf-8") as log:
            for raw in iter(self.stream.readline, b""):
                line = raw.decode(errors="replace").rstrip()
                self.log.append(line)
                log.write(f"{time.perf_counter():.3f} {line}\n")
                log.flush()
                self.lines.put((time.perf_counter(), line))

    def settle(self, quiet: float, limit: float) -> None:
        """Wait until the server has printed nothing for `quiet` seconds (a queued rebuild has finished)."""
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            try:
                self.lines.get(timeout=quiet)
            except queue.Empty:
                return

    def wait_for(self, pattern: re.Pattern[str], timeout: float) -> tuple[float, re.Match[str]] | None:
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            try:
                stamp, line = self.lines.get(timeout=left)
            except queue.Empty:
                return None
            found = pattern.search(line)
            if found:
                return stamp, found
        return None


@dataclass(frozen=True)
class ServeResult:
    sample: Sample
    first_build: float
    page_checked: bool


def serve_rebuilds(mkdocs: Path, config: Path, edited: Path, page: str, marker_line: str, edits: int,
                   slow_seconds: float, env: dict[str, str], timeout: float = 900) -> ServeResult:
    """Start `mkdocs serve`, then time edit -> rebuilt ("Reloading browsers") for each of `edits` edits.

    The edit rewrites one line of one requirement file (restored afterwards); after each rebuild
    the served page is fetched from 127.0.0.1 to confirm the change reached it.
    """
    port = free_port()
    original = edited.read_bytes()
    usage_path = config.parent / ".bench-serve-usage"
    argv = _timed_argv([str(mkdocs), "serve", "-f", str(config), "-a", f"127.0.0.1:{port}"], usage_path)
    process = subprocess.Popen(argv, cwd=config.parent, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, start_new_session=True)
    reader = _LineReader(process.stderr, config.parent / "serve.log")
    reader.start()
    sample, first_build, checked = Sample(), 0.0, True
    try:
        started = reader.wait_for(_BUILT, timeout)
        if started is None or reader.wait_for(re.compile(r"Serving on"), 60) is None:
            sample.note = "serve did not start: " + " | ".join(reader.log[-5:])
            return ServeResult(sample, 0.0, False)
        first_build = float(started[1].group(1))  # the first message of its kind is never dropped
        planned = 1 if first_build > slow_seconds else edits + 1  # one warm-up edit when there is time
        for number in range(planned):
            reader.settle(quiet=1.0, limit=timeout)
            begin, ok = _edit_and_wait(reader, edited, original, marker_line, number, timeout)
            if begin is None:
                sample.note = "no rebuild seen within the time limit"
                break
            if not ok:
                sample.note = "rebuild failed: " + " | ".join(reader.log[-4:])
                break
            checked &= _page_shows(port, page, f"bench-edit-{number}")
            if planned == 1 or number > 0:
                sample.runs.append(Run(begin, 0.0, 0.0, 0))
        if planned == 1:
            sample.note = f"single rebuild (first build slower than {slow_seconds:.0f} s)"
    finally:
        staging = edited.with_name(edited.name + ".bench-tmp")
        staging.write_bytes(original)
        os.replace(staging, edited)
        os.killpg(process.pid, signal.SIGINT)  # GNU time ignores SIGINT; mkdocs serve stops on it
        _, rusage = _wait(process, 60)
        _, rss = _usage(usage_path, rusage)
        sample.runs = [Run(r.wall, 0.0, rss, 0) for r in sample.runs]
    return ServeResult(sample, first_build, checked)


def _edit_and_wait(reader: _LineReader, edited: Path, original: bytes, marker_line: str, number: int,
                   timeout: float) -> tuple[float | None, bool]:
    """Replace the file in one step (a rename), so the server can never read it half-written."""
    text = original.decode()
    changed = text.replace(marker_line, f"{marker_line} bench-edit-{number}", 1)
    staging = edited.with_name(edited.name + ".bench-tmp")  # not *.yaml: the catalog loader never sees it
    staging.write_text(changed, encoding="utf-8")
    while not reader.lines.empty():  # forget lines from before this edit
        reader.lines.get_nowait()
    start = time.perf_counter()
    os.replace(staging, edited)
    done = reader.wait_for(_DONE, timeout)
    if done is None:
        return None, False
    return done[0] - start, _RELOADED.search(done[1].group(0)) is not None and changed != text


def _page_shows(port: int, page: str, token: str) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/{page}", timeout=30) as response:  # loopback only
            return token in response.read().decode(errors="replace")
    except OSError:
        return False
