"""Whole-process timing: wall time, CPU time and peak RSS of one child process per run.

Peak RSS comes from `os.wait4`, which reports the rusage of exactly the child waited
for (RUSAGE_CHILDREN would be a high-water mark over every earlier child). CPU time
(user + system, of the command and every descendant it waited for) is recorded beside
wall time because other work on a shared 2-core machine inflates wall time far more than
CPU time. A run stopped at its time limit is marked stopped, with the CPU its process
group had used by then (read from /proc just before the kill): it is not a measurement of
the command's duration, and the report prints no ratio from it.
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


STOPPED = -9  # the return code of a run killed at its time limit


@dataclass(frozen=True)
class Run:
    wall: float
    cpu: float
    peak_rss_mb: float
    returncode: int
    stdout: str = ""
    stderr: str = ""

    @property
    def stopped(self) -> bool:
        return self.returncode == STOPPED


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
    def stopped(self) -> bool:
        """Stopped at the time limit: the figure is how long we waited, not how long the command takes."""
        return any(r.stopped for r in self.runs)

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
        status, rusage, used = _wait(process, timeout)
        wall = time.perf_counter() - start
    stdout = out_path.read_text(errors="replace")
    stderr = err_path.read_text(errors="replace")
    out_path.unlink()
    err_path.unlink()
    cpu, rss = _usage(usage_path, rusage)
    if used is not None:  # GNU time was killed with the command: its usage file was never written
        usage_path.unlink(missing_ok=True)
        return Run(wall, used, rss, STOPPED, stdout, stderr)
    return Run(wall, cpu, rss, os.waitstatus_to_exitcode(status), stdout, stderr)


def group_cpu(group: int) -> float:
    """CPU seconds (user + system) used so far by every live process of a process group, with the
    children each has already reaped (/proc/PID/stat fields 14-17)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as stat:
                fields = stat.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue  # the process ended meanwhile
        if int(fields[2]) == group:  # field 5, pgrp (fields here start at field 3, the state)
            total += sum(int(value) for value in fields[11:15])
    return total / ticks


def _wait(process: subprocess.Popen[bytes], timeout: float) -> tuple[int, os.struct_rusage, float | None]:
    """Wait for the child; past the timeout, kill its whole process group (the command and GNU time).

    Returns the wait status, the rusage, and for a stopped run the CPU seconds the group had used.
    """
    deadline = time.monotonic() + timeout
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            process.returncode = os.waitstatus_to_exitcode(status)
            return status, usage, None
        if time.monotonic() > deadline:
            used = group_cpu(process.pid)
            os.killpg(process.pid, signal.SIGKILL)
            _, status, usage = os.wait4(process.pid, 0)
            process.returncode = STOPPED
            return status, usage, used
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
        if first.stopped:
            sample.note = f"stopped at {timeout:.0f} s (the time limit): no figure"
        elif first.wall > slow_seconds:
            sample.note = f"single run (slower than {slow_seconds:.0f} s)"
        return sample
    for _ in range(runs):
        sample.runs.append(run_once(argv, cwd, env, timeout))
    return sample


def disk_usage(folder: Path) -> tuple[float, int]:
    """What a folder occupies on disk (MB, as `du` counts: allocated blocks) and how many HTML files it holds."""
    blocks, pages = 0, 0
    for directory, _, names in os.walk(folder):
        for name in names:
            blocks += os.lstat(os.path.join(directory, name)).st_blocks
            pages += name.endswith(".html")
    return blocks * 512 / 1e6, pages


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
        self.ended = threading.Event()  # the stream closed: the process has exited

    def run(self) -> None:
        with open(self.log_file, "w", encoding="utf-8") as log:
            for raw in iter(self.stream.readline, b""):
                line = raw.decode(errors="replace").rstrip()
                self.log.append(line)
                log.write(f"{time.perf_counter():.3f} {line}\n")
                log.flush()
                self.lines.put((time.perf_counter(), line))
        self.ended.set()

    def settle(self, quiet: float, limit: float) -> None:
        """Wait until the server has printed nothing for `quiet` seconds (a queued rebuild has finished)."""
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            try:
                self.lines.get(timeout=quiet)
            except queue.Empty:
                return

    def wait_for(self, pattern: re.Pattern[str], timeout: float) -> tuple[float, re.Match[str]] | None:
        """The first line matching `pattern`; None past the timeout or once the process has exited."""
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            try:
                stamp, line = self.lines.get(timeout=min(left, 0.5))
            except queue.Empty:
                if self.ended.is_set():
                    return None
                continue
            found = pattern.search(line)
            if found:
                return stamp, found
        return None


@dataclass(frozen=True)
class Edition:
    """One language edition served by its own `mkdocs serve` process."""

    name: str  # "en", "ja"
    config: Path
    page: str  # URL path of the edited requirement's page, relative to the server's root


@dataclass
class EditLoop:
    """Per edition: the time from saving the file to the edition's page showing the change."""

    samples: dict[str, Sample] = field(default_factory=dict)
    first_build: dict[str, float] = field(default_factory=dict)


class _Server:
    """A `mkdocs serve` process (under GNU time, for its peak RSS) and its log."""

    def __init__(self, mkdocs: Path, edition: Edition, dirty: bool, env: dict[str, str]) -> None:
        self.edition = edition
        self.port = free_port()
        suffix = f"{edition.name}{'-dirty' if dirty else ''}"
        self.usage_path = edition.config.parent / f".bench-serve-usage-{suffix}"
        # As `make serve` runs it: strict, as configured (the plugin keeps mkdocs' dirty-build warning from
        # aborting strict builds, exodossier/site/incremental.py).
        argv = [str(mkdocs), "serve", "-f", str(edition.config), "-a", f"127.0.0.1:{self.port}",
                *(["--dirty"] if dirty else [])]
        self.process = subprocess.Popen(_timed_argv(argv, self.usage_path), cwd=edition.config.parent, env=env,
                                        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                        start_new_session=True)
        self.reader = _LineReader(self.process.stderr, edition.config.parent / f"serve-{suffix}.log")
        self.reader.start()

    def started(self, timeout: float) -> float | None:
        """Seconds of the first build once the server serves, or None."""
        built = self.reader.wait_for(_BUILT, timeout)
        if built is None or self.reader.wait_for(re.compile(r"Serving on"), 60) is None:
            return None
        return float(built[1].group(1))  # the first message of its kind is never dropped

    def cpu(self) -> float:
        return group_cpu(self.process.pid)

    def stop(self) -> float:
        """Stop the server; its peak RSS in MB (0 if it had to be killed: GNU time then reports nothing)."""
        for _ in range(3):  # a SIGINT that lands mid-rebuild is sometimes lost: ask again before killing
            os.killpg(self.process.pid, signal.SIGINT)  # GNU time ignores SIGINT; mkdocs serve stops on it
            pid, status, rusage = os.wait4(self.process.pid, os.WNOHANG)
            deadline = time.monotonic() + 20
            while not pid and time.monotonic() < deadline:
                time.sleep(0.1)
                pid, status, rusage = os.wait4(self.process.pid, os.WNOHANG)
            if pid:
                return _usage(self.usage_path, rusage)[1]
        _wait(self.process, 0)
        self.usage_path.unlink(missing_ok=True)
        return 0.0


def with_token(text: str, markers: Sequence[str], token: str) -> str:
    """The file's text with ` token` appended to each marker line (the first occurrence of each)."""
    for marker in markers:
        text = text.replace(marker, f"{marker} {token}", 1)
    return text


def edit_loop(mkdocs: Path, editions: Sequence[Edition], edited: Path, markers: Sequence[str], edits: int,
              slow_seconds: float, env: dict[str, str], dirty: bool = False, timeout: float = 900) -> EditLoop:
    """Serve every edition at once, then time save -> page shows the change, per edition, for `edits` edits.

    Each edit appends a token to the marker lines of one requirement file in one step (a rename; restored afterwards).
    For each edition the clock stops when its server has logged "Reloading browsers" after a finished
    rebuild AND its page, fetched from 127.0.0.1, contains the edit (the page is not fetched while the
    server rebuilds, so the fetch never competes with the rebuild). CPU is the server process group's
    CPU over the same span. An edition whose page never shows the change gets a note and no figure.
    """
    original = edited.read_bytes()
    servers = [_Server(mkdocs, edition, dirty, env) for edition in editions]
    result = EditLoop({e.name: Sample() for e in editions})
    peaks: dict[str, float] = {}
    try:
        for server in servers:
            first = server.started(timeout)
            name = server.edition.name
            if first is None:
                result.samples[name].note = "serve did not start: " + " | ".join(server.reader.log[-5:])
                return result
            result.first_build[name] = first
        # One warm-up edit, then `edits` timed ones; a single edit only when a rebuild is very slow.
        planned = 1 if max(result.first_build.values()) > 4 * slow_seconds else edits + 1
        for number in range(planned):
            timings = _one_edit(servers, edited, original, markers, number, timeout)
            for name, outcome in timings.items():
                sample = result.samples[name]
                if isinstance(outcome, str):
                    sample.note = outcome
                elif planned == 1 or number > 0:
                    sample.runs.append(Run(outcome[0], outcome[1], 0.0, 0))
            if any(isinstance(o, str) for o in timings.values()):
                break
        if planned == 1:
            for sample in result.samples.values():
                sample.note = sample.note or f"single edit (first build slower than {4 * slow_seconds:.0f} s)"
    finally:
        restore = edited.read_bytes() != original
        staging = edited.with_name(edited.name + ".bench-tmp")
        staging.write_bytes(original)
        os.replace(staging, edited)
        for server in servers:
            if restore:  # let the servers finish rebuilding the restored file: a stop request mid-build is lost
                server.reader.wait_for(_DONE, 120)
            peaks[server.edition.name] = server.stop()
    for name, sample in result.samples.items():
        sample.runs = [Run(r.wall, r.cpu, peaks.get(name, 0.0), 0) for r in sample.runs]
    return result


def _one_edit(servers: Sequence[_Server], edited: Path, original: bytes, markers: Sequence[str], number: int,
              timeout: float) -> dict[str, tuple[float, float] | str]:
    """Save one edit; per edition (wall seconds until its page shows it, CPU seconds) or why not."""
    token = f"bench-edit-{number}"
    text = original.decode()
    changed = with_token(text, markers, token)
    if changed == text:
        return {s.edition.name: f"the marker line is not in {edited.name}" for s in servers}
    for server in servers:
        server.reader.settle(quiet=1.0, limit=timeout)  # no rebuild of an earlier edit still running
    staging = edited.with_name(edited.name + ".bench-tmp")  # not *.yaml: the catalog loader never sees it
    staging.write_text(changed, encoding="utf-8")
    for server in servers:
        while not server.reader.lines.empty():  # forget lines from before this edit
            server.reader.lines.get_nowait()
    cpu_before = {s.edition.name: s.cpu() for s in servers}
    start = time.perf_counter()
    os.replace(staging, edited)
    outcome: dict[str, tuple[float, float] | str] = {}
    for server in servers:
        name = server.edition.name
        done = server.reader.wait_for(_DONE, timeout)
        if done is None:
            outcome[name] = f"no rebuild seen within {timeout:.0f} s"
        elif _RELOADED.search(done[1].group(0)) is None:
            outcome[name] = "rebuild failed: " + " | ".join(server.reader.log[-4:])
        elif (shown := _page_shows_by(server.port, server.edition.page, token, limit=10.0)) is None:
            outcome[name] = "the page did not show the change within 10 s of the rebuild"
        else:
            # The servers are waited for one after the other: an edition whose page shows the edit on the
            # first fetch has shown it since its own rebuild finished (the logged line's arrival time).
            outcome[name] = ((done[0] if shown[1] else shown[0]) - start, server.cpu() - cpu_before[name])
    return outcome


def _page_shows_by(port: int, page: str, token: str, limit: float) -> tuple[float, bool] | None:
    """When a fetch of the page first contained `token` (polled every 50 ms) and whether that was the
    first fetch; None if it never did within `limit` seconds."""
    deadline = time.perf_counter() + limit
    first = True
    while time.perf_counter() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/{page}", timeout=30) as response:  # loopback only
                if token in response.read().decode(errors="replace"):
                    return time.perf_counter(), first
        except OSError:
            pass
        first = False
        time.sleep(0.05)
    return None
