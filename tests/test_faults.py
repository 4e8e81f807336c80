"""Fault injection through the real CLI: a process killed at the rename, files vanishing mid-load.

Each test runs `python -m exodossier` in its own process with one fault planted by a
small start-up hook (a `sitecustomize` on PYTHONPATH), and asserts what a user sees: the
exit code, no traceback, the place named, and that nothing outside the named output changed.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from exodossier import outputs
from exodossier.outputs import write_atomic
from tests.conftest import FIXTURES, REPO

PROFILE = FIXTURES / "profiles" / "small-inhaled.yaml"
VICTIM = "requirements/safety/EXO-SF-002.yaml"


@pytest.fixture
def work(tmp_path: Path) -> Path:
    shutil.copytree(FIXTURES / "catalogs" / "small", tmp_path / "catalog")
    shutil.copyfile(PROFILE, tmp_path / "profile.yaml")
    return tmp_path


def snapshot(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts and p.name != "sitecustomize.py"}


def run(work: Path, *args: str, hook: str = "") -> subprocess.CompletedProcess[str]:
    """The CLI in a fresh process; `hook` is Python run at start-up to plant the fault."""
    hooks = work / "hooks"
    hooks.mkdir(exist_ok=True)
    (hooks / "sitecustomize.py").write_text(textwrap.dedent(hook), encoding="utf-8")
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1767225600", "PYTHONPATH": f"{hooks}{os.pathsep}{REPO}"}
    return subprocess.run([sys.executable, "-m", "exodossier", *args], cwd=work, env=env, capture_output=True,
                          text=True, encoding="utf-8", errors="replace", timeout=300)


KILL_AT_RENAME = """
    import os
    from exodossier import outputs
    def killed(*args, **kwargs):
        os._exit(137)  # SIGKILL-like: no cleanup, no finally
    class _Os:
        def __getattr__(self, name):
            return killed if name == "replace" else getattr(os, name)
    outputs.os = _Os()
"""


def _vanish_hook(when: str) -> str:
    """Delete VICTIM before it is read ("before") or just after its bytes were read ("after")."""
    return f"""
    from pathlib import Path
    from exodossier.catalog import yaml_reader
    original = yaml_reader.read_bytes
    def read_bytes(path, display, *args, **kwargs):
        victim = Path(path).as_posix().endswith({VICTIM!r})
        if victim and {when!r} == "before":
            Path(path).unlink()
        raw = original(path, display, *args, **kwargs)
        if victim and {when!r} == "after":
            Path(path).unlink()
        return raw
    yaml_reader.read_bytes = read_bytes
    """


def test_kill_at_the_rename_leaves_the_old_report_whole_and_the_next_run_removes_the_litter(work: Path) -> None:
    old = b"PK\x03\x04 last month's report"
    (work / "report.docx").write_bytes(old)
    killed = run(work, "gap", "profile.yaml", "--catalog", "catalog", "-o", "report.docx", hook=KILL_AT_RENAME)
    assert killed.returncode == 137
    assert (work / "report.docx").read_bytes() == old
    litter = sorted(p.name for p in work.glob(".report.docx.*.tmp"))
    assert len(litter) == 1, "the kill must leave the temporary behind (nothing could clean it)"
    again = run(work, "gap", "profile.yaml", "--catalog", "catalog", "-o", "report.docx")
    assert again.returncode == 0, again.stderr
    assert "Traceback" not in again.stderr
    assert (work / "report.docx").read_bytes() != old
    assert not list(work.glob(".report.docx.*.tmp")), "the next write removes its own stale temporary"


def test_kill_at_the_rename_of_a_catalog_edit_leaves_the_file_as_it_was(work: Path) -> None:
    before = snapshot(work / "catalog")
    killed = run(work, "status", "EXO-SF-002", "--to", "under_review", "--by", "Tester", "--catalog", "catalog",
                 hook=KILL_AT_RENAME)
    assert killed.returncode == 137
    after = snapshot(work / "catalog")
    assert {k: v for k, v in after.items() if not k.endswith(".tmp")} == before
    valid = run(work, "validate", "--catalog", "catalog")
    assert valid.returncode == 0, valid.stderr


@pytest.mark.parametrize("command", [
    ["validate", "--catalog", "catalog"],
    ["gap", "profile.yaml", "--catalog", "catalog", "--format", "json", "-o", "out.json"],
    ["site", "pages", "--catalog", "catalog", "--out", "docs"],
], ids=["validate", "gap", "site-pages"])
def test_a_file_removed_after_it_was_read_changes_nothing(work: Path, command: list[str]) -> None:
    """The catalog digest hashes the bytes already read; it never opens the files again."""
    result = run(work, *command, hook=_vanish_hook("after"))
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("command", [
    ["validate", "--catalog", "catalog"],
    ["gap", "profile.yaml", "--catalog", "catalog", "--format", "json", "-o", "out.json"],
    ["site", "pages", "--catalog", "catalog", "--out", "docs"],
], ids=["validate", "gap", "site-pages"])
def test_a_file_removed_between_listing_and_reading_is_named(work: Path, command: list[str]) -> None:
    result = run(work, *command, hook=_vanish_hook("before"))
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 1
    assert f"catalog/{VICTIM}: error: cannot read file: No such file or directory" in result.stderr
    assert not (work / "out.json").exists() and not (work / "docs").exists()


def test_gap_from_stdin_records_the_digest_of_the_bytes_it_read(work: Path) -> None:
    import json

    env = {**os.environ, "SOURCE_DATE_EPOCH": "1767225600", "PYTHONPATH": str(REPO)}
    data = PROFILE.read_bytes()
    result = subprocess.run([sys.executable, "-m", "exodossier", "gap", "/dev/stdin", "--catalog", "catalog",
                             "--format", "json"], cwd=work, env=env, input=data, capture_output=True, timeout=300)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert hashlib.sha256(data).hexdigest() in json.dumps(report)


@pytest.mark.parametrize("command", [
    ["gap", "/dev/zero", "--catalog", "catalog", "--format", "json"],
    ["gap", "profile.yaml", "--catalog", "catalog", "--format", "json", "--compare", "/dev/zero"],
    ["gap", "profile.yaml", "--catalog", "zero.json", "--format", "json"],
    ["profile", "import", "/dev/zero", "--profile", "profile.yaml", "--catalog", "catalog"],
    ["consultation", "import", "/dev/zero", "--round", "2027-1", "--catalog", "catalog"],
], ids=["profile", "compare", "released-catalog", "register", "consultation"])
def test_special_files_are_read_to_the_limit_only(work: Path, command: list[str]) -> None:
    """/dev/zero has size 0 by stat() and never ends: every reader stops one byte past its limit."""
    (work / "zero.json").symlink_to("/dev/zero")  # a released catalog.json is chosen by its extension
    before = snapshot(work)
    result = run(work, *command)
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode in (1, 2), result.stderr
    assert "error:" in result.stderr
    assert snapshot(work) == before


# ------------------------------------------------------------------ write_atomic's own promises


def test_write_keeps_the_mode_of_the_file_it_replaces(tmp_path: Path) -> None:
    target = tmp_path / "hook.sh"
    target.write_text("old\n")
    target.chmod(0o750)
    write_atomic(target, "new\n")
    assert stat.S_IMODE(target.stat().st_mode) == 0o750
    assert target.read_text() == "new\n"


def test_write_removes_stale_temporaries_of_its_target_only(tmp_path: Path) -> None:
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    stale = tmp_path / f".out.docx.{int(dead.stdout)}.abcd1234.tmp"
    live = tmp_path / f".out.docx.{os.getppid()}.efgh5678.tmp"  # a running process may still rename it
    other = tmp_path / f".other.docx.{int(dead.stdout)}.abcd1234.tmp"
    for path in (stale, live, other):
        path.write_bytes(b"half")
    write_atomic(tmp_path / "out.docx", b"whole")
    assert not stale.exists()
    assert live.exists() and other.exists()
    assert (tmp_path / "out.docx").read_bytes() == b"whole"


def test_write_syncs_the_file_and_its_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    synced: list[int] = []
    real_fsync = os.fsync

    def fsync(descriptor: int) -> None:
        synced.append(descriptor)
        real_fsync(descriptor)

    monkeypatch.setattr(outputs.os, "fsync", fsync)
    write_atomic(tmp_path / "out.txt", "text")
    assert len(synced) == 2, "the file's bytes, then the folder's entry"


DISK_FULL_AFTER_TEN_FILES = """
    import errno, os
    from pathlib import Path
    original = Path.write_bytes
    count = [0]
    def write_bytes(self, data):
        count[0] += 1
        if count[0] > 10:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return original(self, data)
    Path.write_bytes = write_bytes
"""


def test_site_pages_failing_half_way_leave_the_old_pages_whole(work: Path) -> None:
    first = run(work, "site", "pages", "--catalog", "catalog", "--out", "docs")
    assert first.returncode == 0, first.stderr
    (work / "docs" / "catalog" / "notes-from-an-earlier-run.md").write_text("kept\n", encoding="utf-8")
    title = "title: Viral safety draft"
    path = work / "catalog" / VICTIM
    path.write_text(path.read_text(encoding="utf-8").replace(title, "title: Viral safety, revised"), encoding="utf-8")
    before = snapshot(work / "docs")
    failed = run(work, "site", "pages", "--catalog", "catalog", "--out", "docs", hook=DISK_FULL_AFTER_TEN_FILES)
    assert "Traceback" not in failed.stderr, failed.stderr
    assert failed.returncode == 1
    assert "docs/catalog: error: cannot write" in failed.stderr
    assert snapshot(work / "docs") == before, "the old pages are left whole"
    assert not [p for p in (work / "docs").rglob(".*")], "no staging folder is left"
    again = run(work, "site", "pages", "--catalog", "catalog", "--out", "docs")
    assert again.returncode == 0, again.stderr
    assert "notes-from-an-earlier-run.md" in again.stderr, "an earlier run's file is still listed as stale"
    assert snapshot(work / "docs") != before


def test_site_pages_refuse_to_replace_the_catalog_they_read(work: Path) -> None:
    (work / "docs").mkdir()
    shutil.move(str(work / "catalog"), str(work / "docs" / "catalog"))
    before = snapshot(work)
    result = run(work, "site", "pages", "--catalog", "docs/catalog", "--out", "docs")
    assert "Traceback" not in result.stderr
    assert result.returncode == 2
    assert "--out: error: the output folder 'docs/catalog' overlaps the input folder 'docs/catalog'" in result.stderr
    assert snapshot(work) == before
