"""A cache of parsed catalog files, so `validate` after one edit re-parses one file, not 10,000.

Parsing with positions is most of what loading a large catalog costs (benchmarks/RESULTS.md).
The cache keeps, per file, the parsed document and its positions, keyed by the file's absolute
path and the SHA-256 of its bytes. A file is always read and hashed: size and modification time
alone would trust an edit that kept both (an editor restoring mtime, a checkout within the same
second), and a stale cache must never hide an error. Only files that parsed cleanly are kept, so
every problem is found again by parsing. The whole cache is dropped when the reader changes: its
fingerprint covers the package version, the reader's own source, PyYAML and the Python version.

The cache lives outside the catalog, in the user's cache folder (`$XDG_CACHE_HOME/exodossier` or
`~/.cache/exodossier`), or in `$EXODOSSIER_CACHE_DIR`; `EXODOSSIER_NO_CACHE=1` turns it off. It is
written with `marshal` (plain dicts, lists, strings and tuples only; loading it runs no code, unlike
pickle) through a temporary file and a rename, so a reader never sees half a cache. Any unreadable,
truncated or foreign cache file is ignored and rewritten; a folder that cannot be written is ignored.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from exodossier.catalog import yaml_reader
from exodossier.catalog.yaml_reader import Located
from exodossier.version import __version__

CACHE_DIR_VARIABLE = "EXODOSSIER_CACHE_DIR"
DISABLE_VARIABLE = "EXODOSSIER_NO_CACHE"
_FORMAT = "exodossier-parse-cache/3"


def cache_folder() -> Path | None:
    """Where parse caches are kept; None when caching is turned off."""
    if os.environ.get(DISABLE_VARIABLE, "").strip() not in ("", "0"):
        return None
    chosen = os.environ.get(CACHE_DIR_VARIABLE, "").strip()
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME", "").strip()
    return (Path(base) if base else Path.home() / ".cache") / "exodossier"


def reader_fingerprint() -> str:
    """Changes whenever the way a file is parsed may have changed: then no cached entry is trusted."""
    digest = hashlib.sha256()
    for part in (_FORMAT, __version__, yaml.__version__, sys.version, str(yaml_reader.MAX_FILE_BYTES),
                 str(yaml_reader.MAX_DEPTH), getattr(yaml_reader, "_Loader").__name__):
        digest.update(part.encode() + b"\0")
    for module_file in (yaml_reader.__file__, __file__):
        if module_file:
            digest.update(Path(module_file).read_bytes() + b"\0")
    return digest.hexdigest()


@dataclass
class ParseCache:
    """The parsed files of one catalog, as found in the cache files and as used by this run.

    The cache is kept in shards, one per catalog folder (`parse-<catalog>-<folder>.marshal`), so an
    edit rewrites the shard of its folder, not the whole cache (65 MB at 10,000 requirements, 0.23 CPU s
    to write again after each edit). Every entry still carries its file's digest, so shards written by
    different runs never mix into a stale answer.
    """

    file: Path | None
    fingerprint: str
    known: dict[str, tuple[str, Any, dict[Any, tuple[int, int]]]] = field(default_factory=dict)
    used: dict[str, tuple[str, Any, dict[Any, tuple[int, int]]]] = field(default_factory=dict)
    prefix: str = ""
    on_disk: dict[Path, set[str]] = field(default_factory=dict)  # each shard file read, with its entries' names
    dirty: set[Path] = field(default_factory=set)  # shards holding an entry that is new or changed in this run
    _shards: dict[str, Path] = field(default_factory=dict)

    @classmethod
    def open(cls, root: Path) -> ParseCache:
        """The cache of the catalog at `root` (empty when there is none, it is unusable, or caching is off)."""
        fingerprint = reader_fingerprint()
        folder = cache_folder()
        if folder is None:
            return cls(None, fingerprint)
        cache = cls(folder / f"parse-{catalog_key(root)}.marshal", fingerprint, prefix=str(root))
        try:
            shards = sorted(folder.glob(f"parse-{catalog_key(root)}-*.marshal"))
        except OSError:
            shards = []
        for shard in shards:
            entries = _read_entries(shard, fingerprint)
            cache.on_disk[shard] = set(entries)
            cache.known.update(entries)
        return cache

    def shard(self, name: str) -> Path:
        """The shard file that keeps the entry `name`: one per folder of the catalog."""
        assert self.file is not None
        folder = os.path.dirname(name)
        found = self._shards.get(folder)
        if found is None:
            tag = hashlib.sha256(folder.encode("utf-8", "surrogateescape")).hexdigest()[:16]
            found = self._shards[folder] = self.file.with_name(f"{self.file.stem}-{tag}.marshal")
        return found

    def name(self, path: Path) -> str:
        """The entry name of a file: its path inside the catalog (the cache file is per resolved catalog
        folder), so a lookup costs no `resolve()` of every file; a path outside `root` is resolved."""
        text = str(path)
        if self.prefix and text.startswith(self.prefix + os.sep):
            return text[len(self.prefix):]
        return str(Path(path).resolve())

    def lookup(self, path: Path, display: str, raw: bytes) -> Located | None:
        """The cached parse of `path` when its bytes are exactly those parsed before; else None."""
        name = self.name(path)
        digest = hashlib.sha256(raw).hexdigest()
        entry = self.known.get(name)
        if entry is None or entry[0] != digest:
            return None
        self.used[name] = entry
        return Located(file=display, data=entry[1], positions=entry[2])

    def remember(self, path: Path, raw: bytes, located: Located) -> None:
        """Keep a clean parse of `path` (made from exactly `raw`) for the next run."""
        name = self.name(path)
        self.used[name] = (hashlib.sha256(raw).hexdigest(), located.data, located.positions)
        if self.file is not None:
            self.dirty.add(self.shard(name))

    def save(self) -> None:
        """Write the shards whose entries changed (files gone from the catalog drop out, a folder gone
        takes its shard with it); never fails the run."""
        if self.file is None:
            return
        try:
            self.file.unlink(missing_ok=True)  # the single-file cache of format 2, never read again
        except OSError:
            pass
        groups: dict[Path, dict[str, tuple[str, Any, dict[Any, tuple[int, int]]]]] = {}
        for name, entry in self.used.items():
            groups.setdefault(self.shard(name), {})[name] = entry
        for shard in sorted(groups.keys() | self.on_disk.keys()):
            entries = groups.get(shard)
            if entries is None:
                try:
                    shard.unlink(missing_ok=True)
                except OSError:
                    pass
            elif shard in self.dirty or entries.keys() != self.on_disk.get(shard):
                write_marshal(shard, {"format": _FORMAT, "fingerprint": self.fingerprint, "entries": entries})


def catalog_key(root: Path) -> str:
    """The name part of a catalog's cache files: one set of caches per resolved catalog folder."""
    return hashlib.sha256(str(Path(root).resolve()).encode("utf-8", "surrogateescape")).hexdigest()[:32]


def write_marshal(file: Path, content: Any) -> None:
    """Write plain data through a temporary file and a rename; never fails the run."""
    temporary = file.with_name(f".{file.name}.{os.getpid()}.tmp")
    try:
        payload = marshal.dumps(content)
        file.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_bytes(payload)
        os.replace(temporary, file)
    except (OSError, ValueError):  # a read-only or full disk costs speed, never the result
        try:
            temporary.unlink(missing_ok=True)
        except OSError:
            pass


def read_marshal(file: Path) -> Any:
    """The plain data in a cache file; None when it is missing or unreadable."""
    try:
        return marshal.loads(file.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return None


def _read_entries(file: Path | None, fingerprint: str) -> dict[str, tuple[str, Any, dict[Any, tuple[int, int]]]]:
    """The entries of a cache file written for the same reader; empty for anything else."""
    if file is None:
        return {}
    content = read_marshal(file)
    if not isinstance(content, dict) or content.get("format") != _FORMAT or content.get("fingerprint") != fingerprint:
        return {}
    entries = content.get("entries")
    if not isinstance(entries, dict):
        return {}
    return {name: entry for name, entry in entries.items() if _well_formed(name, entry)}


def _well_formed(name: Any, entry: Any) -> bool:
    return (isinstance(name, str) and isinstance(entry, tuple) and len(entry) == 3 and isinstance(entry[0], str)
            and isinstance(entry[2], dict))
