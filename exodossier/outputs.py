"""Writing outputs so that a failure never leaves a half-written file behind.

Everything we write goes to a temporary file in the destination folder and is renamed
into place; reproducible timestamps come from SOURCE_DATE_EPOCH.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import tempfile
import zipfile
from pathlib import Path
from typing import Callable, Iterator, Mapping

from exodossier.errors import UserError, error

DEFAULT_EPOCH = 946684800  # 2000-01-01, used only when SOURCE_DATE_EPOCH is unset


def source_date_epoch() -> int | None:
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return None
    if not value.isdigit():
        raise UserError([error("SOURCE_DATE_EPOCH", 0, 0, "usage", f"SOURCE_DATE_EPOCH must be whole seconds, got {value!r}")],
                        exit_code=2)
    return int(value)


def build_datetime() -> dt.datetime:
    """The generation time: SOURCE_DATE_EPOCH when set (reproducible builds), else now."""
    epoch = source_date_epoch()
    if epoch is None:
        return dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    return dt.datetime.fromtimestamp(epoch, dt.timezone.utc)


def write_atomic(path: Path, data: bytes | str) -> None:
    """Write `data` to `path` all at once, or not at all."""
    path = Path(path)
    try:
        payload = data.encode("utf-8") if isinstance(data, str) else data
    except UnicodeEncodeError as exc:  # lone surrogates, e.g. from non-UTF-8 command-line bytes
        raise UserError([error(str(path), 0, 0, "encoding", f"the text to write contains {exc.object[exc.start]!a}, "
                               "which UTF-8 cannot hold", hint="retype the text given on the command line")]) from None
    folder = path.parent if str(path.parent) else Path(".")
    if folder.exists() and not folder.is_dir():
        raise UserError([error(str(path), 0, 0, "output-folder-missing", f"'{folder}' is a file, not a folder",
                               hint="choose an output path inside a folder")])
    if not folder.is_dir():
        raise UserError([error(str(path), 0, 0, "output-folder-missing", f"output folder '{folder}' does not exist",
                               hint="create the folder first, or choose another output path")])
    try:
        handle, temp_name = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise UserError([error(str(path), 0, 0, "output-not-writable", f"cannot write in '{folder}': {exc.strerror}",
                               hint="choose a writable destination")]) from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(payload)
        os.chmod(temp_name, 0o644)
        os.replace(temp_name, path)
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
    stamp = max(when.astimezone(dt.timezone.utc).replace(tzinfo=None), dt.datetime(1980, 1, 1))
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
