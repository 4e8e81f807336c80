"""Outputs are all-or-nothing and reproducible.

A report that fails half-way (in generation, on a full disk, at the rename, on Ctrl-C)
leaves the previous report byte-identical and no temporary file behind; two runs of
the same inputs in separate processes give byte-identical files.
"""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any, Callable

import pytest
from click.testing import CliRunner

from exodossier import outputs
from exodossier.cli.main import main
from exodossier.errors import UserError
from exodossier.outputs import build_datetime, write_atomic, write_atomic_stream
from tests.conftest import FIXTURES, REPO

OLD_REPORT = b"PK\x03\x04 the report the sponsor sent last month"
EPOCH = "1767225600"  # 2026-01-01T00:00:00Z


class _OsProxy:
    """The `os` module as outputs.py sees it, with some functions replaced."""

    def __init__(self, **replacements: Callable[..., Any]) -> None:
        self._replacements = replacements

    def __getattr__(self, name: str) -> Any:
        return self._replacements.get(name) or getattr(os, name)


class _DiskFills:
    """A file object that accepts half of what it is given, then reports a full disk."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def write(self, data: bytes) -> int:
        self._stream.write(data[: len(data) // 2])
        self._stream.flush()
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def __enter__(self) -> "_DiskFills":
        return self

    def __exit__(self, *exc: object) -> None:
        self._stream.close()


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working folder with the small catalog, its profile and last month's report."""
    shutil.copytree(FIXTURES / "catalogs" / "small", tmp_path / "catalog")
    shutil.copyfile(FIXTURES / "profiles" / "small-inhaled.yaml", tmp_path / "profile.yaml")
    (tmp_path / "report.docx").write_bytes(OLD_REPORT)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    return tmp_path


def gap(runner: CliRunner) -> Any:
    return runner.invoke(main, ["gap", "profile.yaml", "--catalog", "catalog", "-o", "report.docx"])


def assert_old_report_intact(folder: Path) -> None:
    assert (folder / "report.docx").read_bytes() == OLD_REPORT
    assert sorted(p.name for p in folder.iterdir()) == ["catalog", "profile.yaml", "report.docx"]


def test_failure_inside_report_generation_leaves_the_old_report_byte_identical(
        project: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    def chart_fails(*args: Any, **kwargs: Any) -> bytes:
        raise RuntimeError("the chart failed half-way through the report")

    monkeypatch.setattr("exodossier.gap.report.add_bar_chart", chart_fails)
    result = gap(runner)
    assert isinstance(result.exception, RuntimeError)
    assert_old_report_intact(project)


def test_disk_full_half_way_through_writing_leaves_the_old_report_and_no_temporary_file(
        project: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(outputs, "os", _OsProxy(fdopen=lambda fd, mode: _DiskFills(os.fdopen(fd, mode))))
    result = gap(runner)
    assert result.exit_code == 1
    assert "report.docx: error: cannot write 'report.docx': No space left on device" in result.output
    assert_old_report_intact(project)


def test_failed_rename_leaves_the_old_report_and_no_temporary_file(
        project: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    def replace_fails(src: str, dst: str) -> None:
        raise OSError(errno.EXDEV, os.strerror(errno.EXDEV))

    monkeypatch.setattr(outputs, "os", _OsProxy(replace=replace_fails))
    assert gap(runner).exit_code == 1
    assert_old_report_intact(project)


def test_interrupt_while_writing_removes_the_temporary_file(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(src: str, dst: str) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(outputs, "os", _OsProxy(replace=interrupted))
    with pytest.raises(KeyboardInterrupt):
        write_atomic(project / "report.docx", b"new report")
    assert_old_report_intact(project)


def test_written_file_replaces_the_old_one_whole(project: Path) -> None:
    write_atomic(project / "report.docx", b"new report")
    assert (project / "report.docx").read_bytes() == b"new report"
    assert sorted(p.name for p in project.iterdir()) == ["catalog", "profile.yaml", "report.docx"]


def test_streamed_write_that_fails_half_way_leaves_the_old_file_and_no_temporary_file(tmp_path: Path) -> None:
    """A streamed output (the site's search index) is all or nothing, like any other."""
    target = tmp_path / "index.json"
    target.write_bytes(b"old")

    def chunks() -> Any:
        yield b"new, "
        raise RuntimeError("the entries could not be built")

    with pytest.raises(RuntimeError):
        write_atomic_stream(target, chunks())
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["index.json"]
    write_atomic_stream(target, iter([b"new, ", b"whole"]))
    assert target.read_bytes() == b"new, whole"


def test_source_date_epoch_fixes_the_build_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    assert build_datetime().isoformat() == "2026-01-01T00:00:00+00:00"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "last tuesday")
    with pytest.raises(UserError) as caught:
        build_datetime()
    assert caught.value.exit_code == 2


# --------------------------------------------------------------------------- reproducibility across processes


def _run(folder: Path, *args: str) -> None:
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "PYTHONPATH": str(REPO), "PYTHONHASHSEED": "random"}
    process = subprocess.run([sys.executable, "-m", "exodossier", *args], cwd=folder, env=env,
                             capture_output=True, text=True, timeout=300)
    assert process.returncode == 0, process.stderr


def _digests(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_two_report_runs_in_separate_processes_are_byte_identical(project: Path) -> None:
    # tests/gap/test_report.py renders twice in one process; this runs the CLI twice, with
    # different hash seeds, as a user or CI would.
    for name in ("a", "b"):
        (project / name).mkdir()
        for fmt in ("docx", "json", "csv", "md"):
            _run(project, "gap", "profile.yaml", "--catalog", "catalog", "-o", f"{name}/report.{fmt}")
    assert _digests(project / "a") == _digests(project / "b")
    assert len(_digests(project / "a")) == 4


def test_two_site_page_runs_in_separate_processes_are_byte_identical(project: Path) -> None:
    # The full `mkdocs build` twice is tests/site/test_plugin.py::test_two_builds_of_the_same_inputs_are_byte_identical.
    _run(project, "site", "pages", "--out", "a", "--catalog", "catalog")
    _run(project, "site", "pages", "--out", "b", "--catalog", "catalog")
    first = _digests(project / "a")
    assert first == _digests(project / "b")
    assert any(name.endswith(".md") for name in first)
