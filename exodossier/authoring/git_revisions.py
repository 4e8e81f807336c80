"""A catalog as it stood at a git revision, read from git objects (no checkout).

The blobs under the catalog folder are copied into a private temporary folder and
loaded with the ordinary loader, so every rule that applies today applies to history.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from exodossier.errors import UserError, error


def _git(args: list[str], cwd: Path, data: bytes | None = None) -> bytes:
    try:
        result = subprocess.run(["git", *args], cwd=cwd, input=data, capture_output=True, timeout=60)
    except (OSError, subprocess.SubprocessError) as exc:
        raise UserError([error("<git>", 0, 0, "git", f"cannot run git: {exc}")]) from None
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise UserError([error("<git>", 0, 0, "git", f"git {' '.join(args[:2])}: {message[-1] if message else 'failed'}",
                               hint="name a commit, tag or branch that exists (git log --oneline)")])
    return result.stdout


def repository_path(catalog_dir: Path) -> tuple[Path, str]:
    """The repository's top folder and the catalog's path inside it."""
    folder = catalog_dir.resolve()
    top = Path(os.fsdecode(_git(["rev-parse", "--show-toplevel"], folder if folder.is_dir() else Path.cwd())).strip())
    try:
        return top, folder.relative_to(top.resolve()).as_posix()
    except ValueError:
        raise UserError([error(str(catalog_dir), 0, 0, "git", f"the catalog folder is outside the git repository {top}",
                               hint="run the command inside the repository that holds the catalog")],
                        exit_code=2) from None


def _name(raw: bytes, revision: str) -> str:
    """A file name from history; one that is not UTF-8 cannot be a catalog file, and is named as such."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        shown = raw.decode("utf-8", "replace")
        raise UserError([error(f"{revision}:{shown}", 0, 0, "encoding",
                               "this file name in the repository's history is not UTF-8",
                               hint="rename the file in a new commit; catalog file names are ids")]) from None


def _read_blobs(top: Path, revision: str, inside: str) -> dict[str, bytes]:
    listing = _git(["ls-tree", "-r", "-z", revision, "--", inside], top).split(b"\0")
    entries = [line.split(b"\t", 1) for line in listing if line]
    blobs = [(meta.split()[2].decode(), _name(path, revision)) for meta, path in entries if meta.split()[1] == b"blob"]
    if not blobs:
        return {}
    batch = _git(["cat-file", "--batch"], top, "".join(f"{sha}\n" for sha, _ in blobs).encode())
    contents: dict[str, bytes] = {}
    offset = 0
    for _, path in blobs:
        header_end = batch.index(b"\n", offset)
        size = int(batch[offset:header_end].split()[2])
        contents[path] = batch[header_end + 1: header_end + 1 + size]
        offset = header_end + 1 + size + 1
    return contents


@contextmanager
def catalog_at(revision: str, catalog_dir: Path) -> Iterator[Path]:
    """A temporary folder holding the catalog as of `revision`."""
    top, inside = repository_path(catalog_dir)
    blobs = _read_blobs(top, revision, inside)
    with tempfile.TemporaryDirectory(prefix="exodossier-rev-") as temp:
        root = Path(temp) / "catalog"
        root.mkdir()
        for path, data in blobs.items():
            target = root / Path(path).relative_to(inside)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        yield root


def is_shallow(catalog_dir: Path) -> bool:
    """True in a shallow clone (CI's default checkout), where older commits are simply absent."""
    top, _ = repository_path(catalog_dir)
    return _git(["rev-parse", "--is-shallow-repository"], top).decode().strip() == "true"


def changed_files(revision: str, catalog_dir: Path) -> set[str]:
    """The files under the catalog folder that `revision` added, changed, renamed or deleted.

    Paths are relative to the catalog folder (`requirements/safety/EXO-SF-001.yaml`), so a
    consultation response can be checked against the requirements it says it changed.
    """
    top, inside = repository_path(catalog_dir)
    listing = _git(["diff-tree", "--root", "--no-commit-id", "-r", "-z", "--name-only", revision, "--", inside], top)
    prefix = f"{inside}/" if inside not in ("", ".") else ""
    return {path.removeprefix(prefix) for path in listing.decode("utf-8", "replace").split("\0") if path}
