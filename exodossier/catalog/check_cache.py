"""A cache of each requirement file's own check results, so `validate` after one edit re-checks one file.

Most of the checks' time at 10,000 requirements goes to checks that look at one requirement file
alone: its texts (stale translations, the normalisation rule, discouraged and missing terms, which
need the walk over ~160,000 texts), its placeholders and its review history (benchmarks/findings.md,
"validate near the parse floor"). Their result for a requirement is a function of the file's bytes,
its displayed name, the terminology and the checks' own code, so it is kept per requirement, keyed
by the SHA-256 of the bytes parsed and the displayed name, under a fingerprint over the checks'
source, the package, Python and the terminology file's digest. Checks that read other files
(citations, relations, the ledger, placement and taxonomy references, whose hints share a per-run
budget) always run over the whole catalog; the prose-id check runs over each requirement's cached
mentions (the ids its texts name), so no unchanged requirement's texts are walked again.

Order is kept exactly: for each check, in `CHECKS` order, the fresh diagnostics then the cached
ones, so the stable sort of `check_catalog` gives the same list cold and warm. The cache file sits
beside the parse cache (catalog.parse_cache: same folder, same switch, marshal of plain data only,
written through a temporary file and a rename); anything unreadable or foreign is ignored.
"""

from __future__ import annotations

import hashlib
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any, Callable, Iterable

from exodossier.catalog import parse_cache
from exodossier.catalog.loader import Catalog
from exodossier.catalog.references import Mentions, catalog_mentions, check_prose_references, prose_reference_problems
from exodossier.catalog.yaml_reader import Located
from exodossier.errors import Diagnostic, Severity
from exodossier.version import __version__

_FORMAT = "exodossier-check-cache/1"

# A cached diagnostic: file, line, column, severity, code, message, field path, expected, hint.
Row = tuple[str, int, int, str, str, str, str, str, str]
# Per requirement: digest of its bytes, displayed file name, one list of rows per cacheable check,
# and the requirement-shaped ids its texts name (for the prose-reference check, which reads every file).
Entry = tuple[str, str, tuple[list[Row], ...], Mentions]


def _row(d: Diagnostic) -> Row:
    return (d.file, d.line, d.column, d.severity.value, d.code, d.message, d.field_path, d.expected, d.hint)


def _diagnostic(row: Row) -> Diagnostic:
    return Diagnostic(row[0], row[1], row[2], Severity(row[3]), row[4], row[5], row[6], row[7], row[8])


def fingerprint(catalog: Catalog, checks: Iterable[Callable[..., Any]]) -> str:
    """Changes whenever a cached result may no longer be what the checks would say."""
    digest = hashlib.sha256()
    terminology = catalog.origins.get("terminology")
    for part in (_FORMAT, __version__, sys.version, terminology.sha256 if terminology is not None else "-",
                 str(len(catalog.terminology))):
        digest.update(part.encode() + b"\0")
    modules = {sys.modules[check.__module__].__file__ for check in checks}
    modules |= {__file__, sys.modules["exodossier.catalog.loader"].__file__,
                sys.modules["exodossier.catalog.models"].__file__, sys.modules["exodossier.catalog.texts"].__file__,
                sys.modules["exodossier.catalog.normalise"].__file__, sys.modules["exodossier.errors"].__file__,
                sys.modules["exodossier.catalog.yaml_reader"].__file__, sys.modules[prose_reference_problems.__module__].__file__}
    for module_file in sorted(m for m in modules if m):
        digest.update(Path(module_file).read_bytes() + b"\0")
    return digest.hexdigest()


def cached_checks(catalog: Catalog, checks: tuple[Callable[[Catalog], Iterable[Diagnostic]], ...],
                  local: frozenset[Callable[..., Any]]) -> list[Diagnostic] | None:
    """Every diagnostic of `checks` (unsorted, in the order `check_catalog` makes them), the `local`
    ones of unchanged requirements from the cache; None when caching is off."""
    folder = parse_cache.cache_folder()
    if folder is None:
        return None
    cacheable = [check for check in checks if check in local]
    key = fingerprint(catalog, cacheable)
    file = folder / f"checks-{parse_cache.catalog_key(catalog.root)}.marshal"
    known = _read(file, key, len(cacheable))
    kept: dict[str, Entry] = {}
    fresh_ids: dict[str, None] = {}
    file_of: dict[str, str] = {}
    for rid in catalog.requirements:
        located = catalog.origin(rid)
        entry = known.get(rid)
        if entry is not None and entry[0] == located.sha256 and entry[1] == located.file and located.sha256:
            kept[rid] = entry
        else:
            fresh_ids[rid] = None
            file_of[located.file] = rid
    subset = replace(catalog, requirements={rid: catalog.requirements[rid] for rid in fresh_ids}, text_index=None)
    rows: dict[str, tuple[list[Row], ...]] = {rid: tuple([] for _ in cacheable) for rid in fresh_ids}
    found: list[Diagnostic] = []
    mentions: dict[str, Mentions] = {}
    for check in checks:
        if check is check_prose_references:
            found.extend(prose_reference_problems(catalog, _all_mentions(catalog, subset, kept, mentions)))
        elif check not in local:
            found.extend(check(catalog))
        else:
            slot = cacheable.index(check)
            for diagnostic in check(subset):
                found.append(diagnostic)
                owner = file_of.get(diagnostic.file)
                if owner is not None:
                    rows[owner][slot].append(_row(diagnostic))
            for entry in kept.values():
                found.extend(_diagnostic(row) for row in entry[2][slot])
    used = dict(kept)
    for rid in fresh_ids:
        located = catalog.origin(rid)
        if located.sha256:
            used[rid] = (located.sha256, located.file, rows[rid], mentions.get(rid, []))
    if fresh_ids or used.keys() != known.keys():
        parse_cache.write_marshal(file, {"format": _FORMAT, "fingerprint": key, "entries": used})
    return found


def _all_mentions(catalog: Catalog, subset: Catalog, kept: dict[str, Entry],
                  fresh: dict[str, Mentions]) -> list[tuple[Located, Mentions]]:
    """Every source's and requirement's mentions in `check_prose_references`' order: sources, then
    requirements by id; unchanged requirements' from the cache, the others' walked now (kept in `fresh`)."""
    walked: dict[str, tuple[Located, Mentions]] = {}
    for item_id, located, found in catalog_mentions(subset):
        walked[item_id] = (located, found)
        if item_id in subset.requirements:
            fresh[item_id] = found
    ordered = [walked[sid] for sid in catalog.sources if sid in walked]
    for rid in catalog.requirements:
        if rid in kept:
            ordered.append((catalog.origin(rid), kept[rid][3]))
        elif rid in walked:
            ordered.append(walked[rid])
    return ordered


def _read(file: Path, key: str, slots: int) -> dict[str, Entry]:
    """The entries of a cache file written under the same fingerprint; empty for anything else."""
    content = parse_cache.read_marshal(file)
    if not isinstance(content, dict) or content.get("format") != _FORMAT or content.get("fingerprint") != key:
        return {}
    entries = content.get("entries")
    if not isinstance(entries, dict):
        return {}
    return {rid: entry for rid, entry in entries.items() if _well_formed(rid, entry, slots)}


def _well_formed(rid: Any, entry: Any, slots: int) -> bool:
    if not (isinstance(rid, str) and isinstance(entry, tuple) and len(entry) == 4 and isinstance(entry[0], str)
            and isinstance(entry[1], str) and isinstance(entry[2], tuple) and len(entry[2]) == slots
            and isinstance(entry[3], list)):
        return False
    return (all(isinstance(rows, list) and all(_well_formed_row(row) for row in rows) for rows in entry[2])
            and all(_well_formed_mention(mention) for mention in entry[3]))


def _well_formed_mention(mention: Any) -> bool:
    return (isinstance(mention, tuple) and len(mention) == 2 and isinstance(mention[0], tuple)
            and all(type(part) in (str, int) for part in mention[0]) and isinstance(mention[1], tuple)
            and all(isinstance(found, str) for found in mention[1]))


def _well_formed_row(row: Any) -> bool:
    return (isinstance(row, tuple) and len(row) == 9 and isinstance(row[1], int) and isinstance(row[2], int)
            and all(isinstance(row[i], str) for i in (0, 3, 4, 5, 6, 7, 8))
            and row[3] in (Severity.ERROR.value, Severity.WARNING.value))
