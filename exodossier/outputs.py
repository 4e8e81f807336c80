"""Writing outputs so that a failure never leaves a half-written file behind.

Everything we write goes to a temporary file in the destination folder and is renamed
into place; reproducible timestamps come from SOURCE_DATE_EPOCH.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import stat
import tempfile
import zipfile
from pathlib import Path
from typing import Callable, Iterable, Iterator, Mapping

from exodossier.errors import UserError, error

DEFAULT_EPOCH = 946684800  # 2000-01-01, used only when SOURCE_DATE_EPOCH is unset
MAX_EPOCH = 253402300799  # 9999-12-31T23:59:59Z, the last second a date can name
ZIP_LATEST = dt.datetime(2107, 12, 31, 23, 59, 58)  # the last time a zip entry (docx, xlsx) can hold


def source_date_epoch() -> int | None:
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return None
    # str.isdigit() admits '١٢٣' and '²', which int() reads or refuses unpredictably: ASCII digits only.
    if not (value.isascii() and value.isdigit()) or len(value) > 12 or int(value) > MAX_EPOCH:
        shown = value if len(value) <= 40 else value[:40] + "..."
        raise UserError([error("SOURCE_DATE_EPOCH", 0, 0, "usage", f"SOURCE_DATE_EPOCH must be whole seconds, got {shown!r}",
                               expected=f"seconds since 1970 in ASCII digits, at most {MAX_EPOCH} (year 9999)")],
                        exit_code=2)
    return int(value)


def build_datetime() -> dt.datetime:
    """The generation time: SOURCE_DATE_EPOCH when set (reproducible builds), else now."""
    epoch = source_date_epoch()
    if epoch is None:
        return dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    return dt.datetime.fromtimestamp(epoch, dt.timezone.utc)


TEMP_SUFFIX = ".tmp"
STALE_AFTER_SECONDS = 3600


def _temp_prefix(path: Path) -> str:
    return f".{path.name}."


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, ValueError):
        return True
    return True


def remove_stale_temporaries(path: Path) -> None:
    """Remove temporary files an earlier, killed write of `path` left behind.

    Ours are named `.<name>.<pid>.<random>.tmp`; one whose process is gone is litter. One
    without a readable pid (older releases) is litter once it is an hour old.
    """
    folder = path.parent if str(path.parent) else Path(".")
    prefix = _temp_prefix(path)
    try:
        candidates = [p for p in folder.iterdir() if p.name.startswith(prefix) and p.name.endswith(TEMP_SUFFIX)]
    except OSError:
        return
    now = dt.datetime.now().timestamp()
    for candidate in candidates:
        pid_text = candidate.name[len(prefix):].split(".", 1)[0]
        try:
            if pid_text.isascii() and pid_text.isdigit() and len(pid_text) < 10:
                stale = int(pid_text) != os.getpid() and not _pid_alive(int(pid_text))
            else:
                stale = now - candidate.lstat().st_mtime > STALE_AFTER_SECONDS
            if stale and candidate.is_file() and not candidate.is_symlink():
                candidate.unlink()
        except OSError:
            continue


def _existing_mode(path: Path) -> int:
    """The permission bits of the file being replaced (a script stays executable, a private file private)."""
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        return 0o644


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable; some file systems cannot open a folder, and that is fine."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def write_atomic(path: Path, data: bytes | str) -> None:
    """Write `data` to `path` all at once, or not at all.

    The bytes go to a temporary file in the same folder, are flushed to disk, and are renamed
    over the target (keeping its permission bits); then the folder is synced so the rename
    survives a power cut. Temporaries of earlier writes that were killed are cleaned up.
    """
    path = Path(path)
    try:
        payload = data.encode("utf-8") if isinstance(data, str) else data
    except UnicodeEncodeError as exc:  # lone surrogates, e.g. from non-UTF-8 command-line bytes
        raise UserError([error(str(path), 0, 0, "encoding", f"the text to write contains {exc.object[exc.start]!a}, "
                               "which UTF-8 cannot hold", hint="retype the text given on the command line")]) from None
    write_atomic_stream(path, [payload])


def write_atomic_stream(path: Path, chunks: Iterable[bytes]) -> None:
    """Write `chunks` one after another to `path`, all or nothing, as `write_atomic` does.

    For outputs too large to hold whole in memory (the site's search index at 10,000 requirements is
    over 100 MB): each chunk is written as it comes; if producing one fails, the temporary file is
    removed and `path` keeps its old content.
    """
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if folder.exists() and not folder.is_dir():
        raise UserError([error(str(path), 0, 0, "output-folder-missing", f"'{folder}' is a file, not a folder",
                               hint="choose an output path inside a folder")])
    if not folder.is_dir():
        raise UserError([error(str(path), 0, 0, "output-folder-missing", f"output folder '{folder}' does not exist",
                               hint="create the folder first, or choose another output path")])
    remove_stale_temporaries(path)
    mode = _existing_mode(path)
    try:
        handle, temp_name = tempfile.mkstemp(dir=folder, prefix=f"{_temp_prefix(path)}{os.getpid()}.",
                                             suffix=TEMP_SUFFIX)
    except OSError as exc:
        raise UserError([error(str(path), 0, 0, "output-not-writable", f"cannot write in '{folder}': {exc.strerror}",
                               hint="choose a writable destination")]) from None
    try:
        with os.fdopen(handle, "wb") as stream:
            for chunk in chunks:
                stream.write(chunk)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temp_name, mode)
        os.replace(temp_name, path)
        _sync_folder(folder)
    except OSError as exc:
        Path(temp_name).unlink(missing_ok=True)
        raise UserError([error(str(path), 0, 0, "output-not-writable", f"cannot write '{path}': {exc.strerror}")]) from None
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise


Expansion = Callable[[bytes], Iterator[bytes]]


def reproducible_zip(data: bytes, when: dt.datetime, expand: Mapping[str, Expansion] | None = None) -> bytes:
    """Rewrite the package with one fixed timestamp and fixed attributes, keeping member order.

    python-docx stamps every zip entry with the current time; the same input must give
    the same bytes. `expand` rewrites named members on the way, streamed in pieces, so a
    large member is never held whole.
    """
    stamp = min(max(when.astimezone(dt.timezone.utc).replace(tzinfo=None), dt.datetime(1980, 1, 1)), ZIP_LATEST)
    source = zipfile.ZipFile(io.BytesIO(data))
    target = io.BytesIO()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=stamp.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 3
            entry.external_attr = 0o644 << 16
            content = source.read(info.filename)
            if expand and info.filename in expand:
                with out.open(entry, "w") as stream:
                    for piece in expand[info.filename](content):
                        stream.write(piece)
            else:
                out.writestr(entry, content)
    return target.getvalue()


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return None
    return info.st_dev, info.st_ino


def _files_of(path: Path) -> Iterator[Path]:
    if path.is_dir():
        yield from (p for p in path.rglob("*") if p.is_file())
    else:
        yield path


def refuse_input_as_output(output: Path, inputs: Iterable[Path], option: str = "-o") -> None:
    """Exit 2 when `output` is one of the run's inputs (a file, or a file inside an input folder).

    Compared by identity (device and inode), not by name: `p.yaml`, `./p.yaml`, a symlink
    or a hard link to it are the same file, and writing a report there destroys the input.
    """
    target = _identity(output)
    if target is None:
        return
    for given in inputs:
        for path in _files_of(Path(given)):
            if _identity(path) == target:
                raise UserError([error(option, 0, 0, "output-is-input",
                                       f"the output '{output}' is the input file '{path}'; writing would destroy it",
                                       hint="choose another output path")], exit_code=2)


def refuse_folder_overlap(out_dir: Path, inputs: Iterable[Path], option: str = "--out") -> None:
    """Exit 2 when an output folder is, holds, or lies inside an input folder (the catalog)."""
    try:
        out = out_dir.resolve()
    except (OSError, RuntimeError):
        return
    for given in inputs:
        try:
            folder = Path(given).resolve()
        except (OSError, RuntimeError):
            continue
        if out == folder or folder in out.parents or out in folder.parents:
            raise UserError([error(option, 0, 0, "output-is-input",
                                   f"the output folder '{out_dir}' overlaps the input folder '{given}'",
                                   hint="write the output to a folder of its own")], exit_code=2)


def check_format_matches_extension(output: Path | None, chosen: str | None, known: Iterable[str],
                                   option: str = "--format") -> None:
    """Exit 2 when `-o report.md --format docx`: the file's extension names another known format.

    An unknown extension (report.txt) is left to the user; a known one that disagrees would
    put a zip into a .md file, or Markdown into a .docx.
    """
    if output is None or chosen is None:
        return
    suffix = output.suffix.lower().lstrip(".")
    aliases = {"markdown": "md", "yml": "yaml", "mmd": "mermaid", "gv": "dot"}
    suffix = aliases.get(suffix, suffix)
    if suffix in set(known) and suffix != chosen:
        raise UserError([error(option, 0, 0, "usage",
                               f"--format {chosen} contradicts the output file's extension '.{suffix}'",
                               hint=f"use -o with a .{chosen} name, or drop --format to follow the extension")],
                        exit_code=2)


def require_suffix(path: Path, suffix: str, option: str = "-o") -> None:
    """Exit 2 when a file that can only be one format is named as another (a .docx written into x.pdf)."""
    if path.suffix.lower() != suffix:
        raise UserError([error(option, 0, 0, "usage", f"'{path.name}' must be a {suffix} file",
                               hint=f"name it with the {suffix} extension")], exit_code=2)


def read_bounded(path: Path, limit: int) -> bytes:
    """A whole input file, reading at most `limit` + 1 bytes (a special file such as /dev/zero never ends)."""
    try:
        with Path(path).open("rb") as stream:
            data = stream.read(limit + 1)
    except OSError as exc:
        raise UserError([error(str(path), 0, 0, "io", f"cannot read file: {exc.strerror or exc}")]) from None
    if len(data) > limit:
        raise UserError([error(str(path), 0, 0, "file-too-large", f"the file is over {limit:,} bytes")])
    return data
