"""Loading a catalog folder into validated models, with every problem positioned.

This is the only module that reads catalog YAML. Everything downstream (graph, site,
report, JSON) works from the `Catalog` it returns, so a view can never disagree with
what was validated.
"""

from __future__ import annotations

import gc
import hashlib
import os
import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from exodossier.errors import Diagnostic, UserError, did_you_mean, error, reset_hint_budget
from exodossier.catalog.models import Ledger, Release, Requirement, Source, Taxonomy, Term, Terminology
from exodossier.catalog.parse_cache import ParseCache
from exodossier.catalog.yaml_reader import Located, load_bytes, read_bytes

TAXONOMY_FILE = "taxonomy.yaml"
SOURCES_DIR = "sources"
REQUIREMENTS_DIR = "requirements"
RELEASES_DIR = "releases"
LEDGER_FILE = "ledger.yaml"
TERMINOLOGY_FILE = "terminology.yaml"
DEFAULT_CATALOG = Path("requirements_catalog")

M = TypeVar("M", bound=BaseModel)


@dataclass
class Catalog:
    """The validated content of one catalog folder."""

    root: Path
    taxonomy: Taxonomy
    sources: dict[str, Source]
    requirements: dict[str, Requirement]
    origins: dict[str, Located] = field(default_factory=dict, repr=False)
    content_sha256: str = ""
    broken_ids: set[str] = field(default_factory=set, repr=False)
    releases: dict[str, Release] = field(default_factory=dict)
    ledger: Ledger | None = None
    terminology: tuple[Term, ...] = ()
    # Every localizable text with its place, computed once for the checks that need it (catalog.translation).
    text_index: list[Any] | None = field(default=None, repr=False, compare=False)

    def origin(self, item_id: str) -> Located:
        """Where an item was read from, for diagnostics about it."""
        return self.origins[item_id]

    @property
    def version(self) -> str:
        return self.taxonomy.catalog.version

    def category(self, category_id: str) -> Any:
        return next(c for c in self.taxonomy.categories if c.id == category_id)

    def requirements_in(self, category_id: str) -> list[Requirement]:
        return [r for r in self.requirements.values() if r.category == category_id]


def display_path(path: Path) -> str:
    """A path as people see it: relative to the working directory when inside it.

    `os.path.relpath` per file was 0.2 s of loading 11,000 files; the folder's relative path is
    worked out once per folder (and working directory) and the file name joined to it.
    """
    cwd, text = os.getcwd(), os.fspath(path)
    folder, name = os.path.split(text)
    shown = _relative(cwd, folder or os.curdir)
    if not name or name in (os.curdir, os.pardir) or os.path.basename(shown) == os.pardir:
        return _relative(cwd, text)  # the name may be a folder on the way back up: relpath proper
    return name if shown == os.curdir else os.path.join(shown, name)


@lru_cache(maxsize=4096)
def _relative(cwd: str, path: str) -> str:
    try:
        return os.path.relpath(path, cwd)
    except ValueError:  # pragma: no cover - other drive on Windows
        return path
    

def _all_field_names(only_text: bool = False, roots: Iterable[type[BaseModel]] = ()) -> set[str]:
    """Field names across the catalog models (or only the localizable-text ones)."""
    from exodossier.catalog.models import LocalizedText

    names: set[str] = set()
    pending: list[type[BaseModel]] = list(roots) or [Taxonomy, Source, Requirement, Release, Ledger,
                                                      Terminology]
    seen: set[type] = set()
    while pending:
        model = pending.pop()
        if model in seen:
            continue
        seen.add(model)
        for name, info in model.model_fields.items():
            types = list(_model_types(info.annotation))
            if not only_text or LocalizedText in types:
                names.add(name)
            pending.extend(types)
    return names


def _model_types(annotation: Any) -> Iterable[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        yield from _model_types(arg)


_FIELD_NAMES = _all_field_names()
_TEXT_FIELDS = _all_field_names(only_text=True)
_LEARNED: set[type[BaseModel]] = set()


def _learn_fields(model: type[BaseModel]) -> None:
    """Other models parsed here (the sponsor profile) get did-you-mean hints and text detection too."""
    if model not in _LEARNED:
        _FIELD_NAMES.update(_all_field_names(roots=[model]))
        _TEXT_FIELDS.update(_all_field_names(only_text=True, roots=[model]))
        _LEARNED.add(model)


def _inside_text(loc: tuple[Any, ...]) -> bool:
    """True when the nearest named field above the error is a localizable text."""
    names = [part for part in loc[:-1] if isinstance(part, str)]
    return bool(names) and names[-1] in _TEXT_FIELDS


def _format_loc(loc: tuple[Any, ...]) -> str:
    parts: list[str] = []
    for part in loc:
        if isinstance(part, int):
            parts.append(f"[{part}]")
        else:
            parts.append(("." if parts else "") + str(part))
    return "".join(parts)


def _explain(err: ErrorDetails) -> tuple[str, str, str]:
    """Message, expectation and hint for one pydantic error, in a committee member's words."""
    kind = err["type"]
    loc = err["loc"]
    name = str(loc[-1]) if loc else ""
    ctx = err.get("ctx") or {}
    if kind == "extra_forbidden":
        if _inside_text(loc) and re.fullmatch(r"[a-z]{2,3}", name):
            return (f"unknown language '{name}' in text", "en (required) and ja (optional)",
                    "only English (en) and Japanese (ja) texts are kept")
        if _inside_text(loc) and name not in ("en", "ja"):
            return (f"text was read as a mapping with key '{name}'", "plain text",
                    "the text contains ': ', which starts a mapping in YAML; put the whole text in quotes")
        return f"unknown field '{name}'", "one of the fields defined by the schema", did_you_mean(name, _FIELD_NAMES)
    if kind == "missing":
        hint = "English text is required; add an 'en' entry" if name == "en" else f"add '{name}:' to this entry"
        return f"missing required field '{name}'", "the field to be present", hint
    if kind == "enum":
        expected = str(ctx.get("expected", ""))
        value = str(err.get("input"))
        options = [o.strip(" '") for o in expected.replace(" or ", ",").split(",")]
        return f"invalid value '{value}' for '{name}'", expected, did_you_mean(value, options)
    if kind == "string_pattern_mismatch":
        return (f"value '{err.get('input')}' of '{name}' has the wrong format", f"text matching {ctx.get('pattern')}",
                _pattern_hint(name))
    if kind in ("model_type", "dict_type", "model_attributes_type") and not loc:
        return ("the file must hold a mapping of field: value lines", "a mapping of field: value",
                "a catalog file is not a list or a single text; see the example files")
    if kind in ("model_type", "dict_type", "model_attributes_type") and name in _TEXT_FIELDS:
        return f"'{name}' must be text", "text, or en: and ja: lines", "write the text itself, not a list"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"'{name}' must be a mapping", "a mapping of field: value", "check the indentation"
    if kind == "string_too_short":
        label = next((str(p) for p in reversed(loc) if isinstance(p, str) and p not in ("en", "ja")), name)
        return f"'{label}' is empty", "non-blank text", f"write the {label}, or leave the field out if it is optional"
    if kind == "too_short":
        count = ctx.get("min_length", 1)
        return f"'{name}' needs at least {count} entr{'y' if count == 1 else 'ies'}", "", ""
    if kind == "list_type":
        return f"'{name}' must be a list", "a list of items ('- item')", "write each entry on its own '- ' line"
    if kind == "bool_parsing":
        return f"'{name}' must be true or false", "true or false", "write exactly true or false"
    if kind == "string_type":
        return f"'{name}' must be text", "a text value", "quote the value or remove the nesting"
    if kind == "value_error":
        return str(err["msg"]).removeprefix("Value error, "), "", ""
    return err["msg"], "", ""


def _pattern_hint(name: str) -> str:
    hints = {
        "id": "requirement ids look like EXO-RM-001; source ids like ICH-Q5A-R2",
        "date": "write dates as YYYY-MM-DD (or YYYY-MM, YYYY when only that is known)",
        "reviewed_on": "write dates as YYYY-MM-DD",
        "url": "write a full http(s) address, or leave the field out",
    }
    return hints.get(name, "")


def _one_per_problem(errors: list[ErrorDetails]) -> list[tuple[ErrorDetails, str]]:
    """Each error with the field a misspelt key meant ('' if none), minus the echoes.

    Pydantic reports a misspelt key twice (unknown 'rationle', missing 'rationale') and text
    read as a mapping twice (unknown 'Note', missing 'en'); keep the error that names the cause.
    """
    extras: dict[tuple[Any, ...], list[str]] = {}
    for err in errors:
        if err["type"] == "extra_forbidden" and err["loc"]:
            extras.setdefault(tuple(err["loc"][:-1]), []).append(str(err["loc"][-1]))
    echoes: set[int] = set()
    meant: dict[tuple[Any, ...], str] = {}
    for index, err in enumerate(errors):
        loc = tuple(err["loc"])
        if err["type"] != "missing" or not loc or loc[:-1] not in extras:
            continue
        typo = next((x for x in extras[loc[:-1]] if did_you_mean(x, [str(loc[-1])])), None)
        if typo is not None:
            meant[loc[:-1] + (typo,)] = str(loc[-1])
            echoes.add(index)
        elif loc[-1] == "en" and _inside_text(loc):
            echoes.add(index)
    return [(err, meant.get(tuple(err["loc"]), "")) for i, err in enumerate(errors) if i not in echoes]


def validation_diagnostics(located: Located, exc: ValidationError) -> list[Diagnostic]:
    """Turn pydantic's errors into positioned diagnostics, one per problem."""
    diagnostics = []
    for err, meant in _one_per_problem(exc.errors(include_url=False)):
        loc = tuple(err["loc"])
        line, column = located.position(loc)
        message, expected, hint = _explain(err)
        if meant:
            hint = f"did you mean '{meant}'?"
        diagnostics.append(error(located.file, line, column, f"schema-{err['type']}", message,
                                 field_path=_format_loc(loc), expected=expected, hint=hint))
    return diagnostics


def parse_model(model: type[M], located: Located) -> tuple[M | None, list[Diagnostic]]:
    _learn_fields(model)
    try:
        return model.model_validate(located.data), []
    except ValidationError as exc:
        return None, validation_diagnostics(located, exc)


def load_located(path: Path, cache: ParseCache | None = None,
                 nulls: bool = False) -> tuple[Located | None, list[Diagnostic]]:
    """One file read once (bounded) and parsed, from `cache` when its bytes are those parsed before.

    Problems are never cached, and the digest is always of the bytes read in this run. `nulls`
    lets a file whose schema gives `null` a meaning keep it (catalog files refuse it).
    """
    display = display_path(path)
    try:
        raw = read_bytes(path, display)
    except UserError as exc:
        return None, list(exc.diagnostics)
    cached = cache.lookup(path, display, raw) if cache is not None else None
    if cached is not None:
        cached.sha256 = hashlib.sha256(raw).hexdigest()
        return cached, []
    try:
        located = load_bytes(raw, display, nulls=nulls)
    except UserError as exc:
        return None, list(exc.diagnostics)
    if cache is None:
        return located, []
    cache.remember(path, raw, located)
    return located, []


@dataclass
class LoadResult:
    """What loading found: the items that parsed, and every problem on the way."""

    catalog: Catalog | None
    diagnostics: list[Diagnostic]


def _yaml_files(folder: Path, diagnostics: list[Diagnostic] | None = None) -> list[Path]:
    """The YAML files below `folder`. A name that is not UTF-8, or a symbolic link to nothing,
    is reported (when `diagnostics` is given) instead of being skipped without a word."""
    if not folder.is_dir():
        return []
    found = []
    for path in sorted((p for p in folder.rglob("*") if p.suffix in (".yaml", ".yml")), key=_order):
        problem = _unusable(path)
        if problem is not None:
            if diagnostics is not None:
                diagnostics.append(problem)
        elif path.is_file():
            found.append(path)
    return found


def _order(path: Path) -> tuple[str, ...]:
    """Path order (by components), without Path.__lt__'s per-comparison overhead."""
    return path.parts


def _unusable(path: Path) -> Diagnostic | None:
    try:
        str(path).encode("utf-8")
    except UnicodeEncodeError:  # undecodable bytes arrive as lone surrogates (surrogateescape)
        shown = os.fsencode(display_path(path)).decode("utf-8", "replace")
        return error(shown, 0, 0, "encoding", "this file name is not UTF-8",
                     hint="rename the file; catalog file names are ids")
    if path.is_symlink() and not path.exists():
        return error(display_path(path), 0, 0, "dangling-symlink", f"symbolic link to '{os.readlink(path)}', which "
                     "does not exist", hint="restore the target or remove the link")
    return None


def _load_items(files: list[Path], model: type[M], diagnostics: list[Diagnostic],
                origins: dict[str, Located], broken: set[str], cache: ParseCache | None = None,
                digests: dict[Path, str] | None = None) -> dict[str, M]:
    items: dict[str, M] = {}
    for path in files:
        located, problems = load_located(path, cache)
        diagnostics.extend(problems)
        if located is None:
            continue
        if digests is not None:
            digests[path] = located.sha256
        item, problems = parse_model(model, located)
        diagnostics.extend(problems)
        if item is None:
            if isinstance(located.data, dict) and isinstance(located.data.get("id"), str):
                broken.add(located.data["id"])  # its own errors suffice; no cascade of dangling refs
            continue
        item_id = getattr(item, "id", None) or getattr(item, "version")
        if item_id in items:
            first = origins[item_id]
            line, col = located.position(("id",))
            diagnostics.append(error(located.file, line, col, "duplicate-id",
                                     f"id '{item_id}' is already used by {first.file}",
                                     field_path="id", hint="ids are never reused; take the next free number"))
            continue
        items[item_id] = item
        origins[item_id] = located
    return items


def content_digest(root: Path, files: Mapping[Path, str]) -> str:
    """SHA-256 over the catalog's files (path and the digest of the bytes parsed), so a report names
    exactly what it used.

    The per-file digests come from the one read that was parsed: reading the files again
    would hash other bytes than were checked, or fail on a file removed meanwhile (a
    `git checkout` while `mkdocs serve` runs).
    """
    digest = hashlib.sha256()
    for path in sorted(files):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(files[path].encode() + b"\0")
    return digest.hexdigest()


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a catalog is read and checked.

    Loading creates millions of long-lived objects and almost no reference cycles, yet each
    allocation burst makes the collector re-scan the whole growing heap: that was about a third
    of `exodossier validate` at 10,000 requirements (benchmarks/RESULTS.md). Memory is still
    freed by reference counting; collection resumes on exit.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@gc_paused()
def load_catalog(root: Path = DEFAULT_CATALOG) -> LoadResult:
    """Parse every file of a catalog; collect all problems instead of stopping at the first.

    Files whose bytes were parsed cleanly by an earlier run come from the parse cache
    (catalog.parse_cache); the cache is saved once, after every file was read.
    """
    root = Path(root)
    reset_hint_budget()
    cache = ParseCache.open(root) if (root / TAXONOMY_FILE).is_file() else None
    if cache is not None and cache.file is None:
        cache = None  # caching is off: parse straight from the bytes read
    try:
        return _load_catalog(root, cache)
    finally:
        if cache is not None:
            cache.save()


def _load_catalog(root: Path, cache: ParseCache | None) -> LoadResult:
    taxonomy_path = root / TAXONOMY_FILE
    if not taxonomy_path.is_file():
        problem = error(display_path(taxonomy_path), 0, 0, "no-catalog", f"no catalog here: {TAXONOMY_FILE} is missing",
                        hint="pass --catalog DIR pointing at a folder with taxonomy.yaml, sources/ and requirements/")
        return LoadResult(None, [problem])
    diagnostics: list[Diagnostic] = []
    origins: dict[str, Located] = {}
    located, problems = load_located(taxonomy_path, cache)
    diagnostics.extend(problems)
    taxonomy = None
    digests: dict[Path, str] = {}
    if located is not None:
        digests[taxonomy_path] = located.sha256
        taxonomy, problems = parse_model(Taxonomy, located)
        diagnostics.extend(problems)
        origins["taxonomy"] = located
    source_files = _yaml_files(root / SOURCES_DIR, diagnostics)
    requirement_files = _yaml_files(root / REQUIREMENTS_DIR, diagnostics)
    broken: set[str] = set()
    sources = _load_items(source_files, Source, diagnostics, origins, broken, cache, digests)
    requirements = _load_items(requirement_files, Requirement, diagnostics, origins, broken, cache, digests)
    ledger = _load_optional(root / LEDGER_FILE, Ledger, "ledger", diagnostics, origins, cache)
    terminology = _load_optional(root / TERMINOLOGY_FILE, Terminology, "terminology", diagnostics, origins, cache,
                                 digests)
    release_files = _yaml_files(root / RELEASES_DIR, diagnostics)
    releases = _load_items(release_files, Release, diagnostics, {}, broken, cache)
    if taxonomy is None:
        return LoadResult(None, diagnostics)
    digest = content_digest(root, digests)
    ordered_releases = dict(sorted(releases.items(), key=lambda kv: kv[1].date))
    catalog = Catalog(root, taxonomy, dict(sorted(sources.items())), dict(sorted(requirements.items())),
                      origins, digest, broken, ordered_releases, ledger,
                      tuple(terminology.terms) if terminology is not None else ())
    return LoadResult(catalog, diagnostics)


def _load_optional(path: Path, model: type[M], key: str, diagnostics: list[Diagnostic],
                   origins: dict[str, Located], cache: ParseCache | None = None,
                   digests: dict[Path, str] | None = None) -> M | None:
    """A single-document file a catalog may leave out (the ledger, the terminology)."""
    if not path.is_file():
        return None
    located, problems = load_located(path, cache)
    diagnostics.extend(problems)
    if located is None:
        return None
    if digests is not None:
        digests[path] = located.sha256
    item, problems = parse_model(model, located)
    diagnostics.extend(problems)
    if item is not None:
        origins[key] = located
    return item
