"""The parse cache speeds up loading and never hides a problem (catalog.parse_cache)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from exodossier.catalog import loader, parse_cache
from exodossier.catalog.loader import load_catalog

REQUIREMENT = Path("requirements/safety/EXO-SF-002.yaml")


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files the YAML reader really parsed (not served from the cache), in order."""
    seen: list[str] = []
    real = loader.load_bytes

    def counting(raw: bytes, display: str, nulls: bool = False) -> loader.Located:
        seen.append(Path(display).name)
        return real(raw, display, nulls=nulls)

    monkeypatch.setattr(loader, "load_bytes", counting)
    return seen


def _codes(root: Path) -> list[tuple[str, str]]:
    return sorted((Path(d.file).name, d.code) for d in load_catalog(root).diagnostics)


def _break_keeping_size_and_mtime(file: Path) -> None:
    """An edit an mtime-and-size check cannot see: same length, modification time put back."""
    before = file.stat()
    text = file.read_text(encoding="utf-8")
    broken = text.replace("criticality: low", "criticality: lox")
    assert broken != text and len(broken) == len(text)
    file.write_text(broken, encoding="utf-8")
    os.utime(file, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert file.stat().st_size == before.st_size and file.stat().st_mtime_ns == before.st_mtime_ns


def test_unchanged_files_are_not_parsed_again(small_catalog: Path, cache_dir: Path, parses: list[str]) -> None:
    first = load_catalog(small_catalog)
    parsed_first = len(parses)
    second = load_catalog(small_catalog)
    assert parsed_first > 0 and len(parses) == parsed_first
    assert second.catalog is not None and first.catalog is not None
    assert second.catalog.requirements == first.catalog.requirements
    assert second.catalog.origin("EXO-SF-002").position(("title",)) == first.catalog.origin("EXO-SF-002").position(("title",))
    assert [d.code for d in second.diagnostics] == [d.code for d in first.diagnostics]


def test_only_the_edited_file_is_parsed_again(small_catalog: Path, cache_dir: Path, parses: list[str]) -> None:
    load_catalog(small_catalog)
    parses.clear()
    file = small_catalog / REQUIREMENT
    file.write_text(file.read_text(encoding="utf-8").replace("Viral safety draft", "Viral safety, draft"),
                    encoding="utf-8")
    result = load_catalog(small_catalog)
    assert parses == [file.name]
    assert result.catalog is not None and result.catalog.requirements["EXO-SF-002"].title.en == "Viral safety, draft"


def test_an_edit_keeping_size_and_mtime_is_still_seen(small_catalog: Path, cache_dir: Path) -> None:
    assert not [c for c in _codes(small_catalog) if c[0] == REQUIREMENT.name]
    _break_keeping_size_and_mtime(small_catalog / REQUIREMENT)
    assert (REQUIREMENT.name, "schema-enum") in _codes(small_catalog)


def test_a_file_with_errors_reports_them_on_every_run(small_catalog: Path, cache_dir: Path) -> None:
    _break_keeping_size_and_mtime(small_catalog / REQUIREMENT)
    (small_catalog / "sources" / "SRC-OLD.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    first = _codes(small_catalog)
    assert (REQUIREMENT.name, "schema-enum") in first and ("SRC-OLD.yaml", "yaml-syntax") in first
    assert _codes(small_catalog) == first


def test_a_changed_reader_trusts_no_cached_entry(small_catalog: Path, cache_dir: Path, parses: list[str],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    load_catalog(small_catalog)
    parsed_first = len(parses)
    monkeypatch.setattr(parse_cache, "reader_fingerprint", lambda: "another loader version")
    load_catalog(small_catalog)
    assert len(parses) == 2 * parsed_first


def test_the_fingerprint_follows_the_package_version(monkeypatch: pytest.MonkeyPatch) -> None:
    before = parse_cache.reader_fingerprint()
    monkeypatch.setattr(parse_cache, "__version__", "999.0")
    assert parse_cache.reader_fingerprint() != before


def test_a_deleted_file_is_gone_from_the_catalog_and_the_cache(small_catalog: Path, cache_dir: Path) -> None:
    load_catalog(small_catalog)
    (small_catalog / REQUIREMENT).unlink()
    result = load_catalog(small_catalog)
    assert result.catalog is not None and "EXO-SF-002" not in result.catalog.requirements
    cache = parse_cache.ParseCache.open(small_catalog)
    assert cache.known and not any(name.endswith(REQUIREMENT.name) for name in cache.known)


@pytest.mark.parametrize("damage", ["garbage", "truncated", "empty", "folder"])
def test_a_damaged_cache_file_is_ignored_and_rewritten(small_catalog: Path, cache_dir: Path, damage: str) -> None:
    load_catalog(small_catalog)
    shards = list(cache_dir.iterdir())
    assert len(shards) > 1  # one per catalog folder
    for file in shards:
        content = file.read_bytes()
        if damage == "folder":
            file.unlink()
            file.mkdir()
        else:
            file.write_bytes({"garbage": b"\x00not marshal at all" * 10, "truncated": content[: len(content) // 2],
                              "empty": b""}[damage])
    _break_keeping_size_and_mtime(small_catalog / REQUIREMENT)
    assert (REQUIREMENT.name, "schema-enum") in _codes(small_catalog)
    if damage != "folder":
        assert parse_cache.ParseCache.open(small_catalog).known


def test_an_unwritable_cache_folder_costs_nothing_but_speed(small_catalog: Path, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be", encoding="utf-8")
    monkeypatch.setenv(parse_cache.CACHE_DIR_VARIABLE, str(blocker / "cache"))
    monkeypatch.delenv(parse_cache.DISABLE_VARIABLE, raising=False)
    assert load_catalog(small_catalog).catalog is not None
    _break_keeping_size_and_mtime(small_catalog / REQUIREMENT)
    assert (REQUIREMENT.name, "schema-enum") in _codes(small_catalog)


def test_the_cache_can_be_turned_off(small_catalog: Path, cache_dir: Path, parses: list[str],
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(parse_cache.DISABLE_VARIABLE, "1")
    load_catalog(small_catalog)
    load_catalog(small_catalog)
    assert not cache_dir.exists() and len(parses) > 0 and len(parses) % 2 == 0


def test_the_cache_lives_outside_the_catalog(small_catalog: Path, cache_dir: Path) -> None:
    before = sorted(p.relative_to(small_catalog) for p in small_catalog.rglob("*"))
    load_catalog(small_catalog)
    assert sorted(p.relative_to(small_catalog) for p in small_catalog.rglob("*")) == before
    assert {p.suffix for p in cache_dir.iterdir()} == {".marshal"}


def test_an_edit_rewrites_only_the_shard_of_its_folder(small_catalog: Path, cache_dir: Path) -> None:
    load_catalog(small_catalog)
    before = {p.name: p.read_bytes() for p in cache_dir.iterdir()}
    _break_keeping_size_and_mtime(small_catalog / REQUIREMENT)
    load_catalog(small_catalog)  # the broken file drops out of its folder's shard
    after = {p.name: p.read_bytes() for p in cache_dir.iterdir()}
    assert before.keys() == after.keys()
    assert len([name for name in before if before[name] != after[name]]) == 1


def test_a_folder_gone_takes_its_shard_along(small_catalog: Path, cache_dir: Path) -> None:
    load_catalog(small_catalog)
    count = len(list(cache_dir.iterdir()))
    for file in (small_catalog / "sources").iterdir():
        file.unlink()
    load_catalog(small_catalog)
    assert len(list(cache_dir.iterdir())) == count - 1


def _all(root: Path) -> list[dict[str, object]]:
    """Every diagnostic of a full validate, every field of it, in order."""
    from exodossier.catalog.checks import validate_catalog

    return [dict(vars(d)) for d in validate_catalog(root).diagnostics]


def _edit(file: Path, old: str, new: str) -> None:
    text = file.read_text(encoding="utf-8")
    assert old in text
    file.write_text(text.replace(old, new), encoding="utf-8")


def _cold_and_warm(root: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[list[dict[str, object]], ...]:
    """Diagnostics with the cache switched off, then twice through it (the second run served from it)."""
    monkeypatch.setenv(parse_cache.DISABLE_VARIABLE, "1")
    cold = _all(root)
    monkeypatch.delenv(parse_cache.DISABLE_VARIABLE)
    return cold, _all(root), _all(root)


def test_diagnostics_are_the_same_cold_and_warm_after_each_edit(small_catalog: Path, cache_dir: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    root = small_catalog
    edits = [
        (REQUIREMENT, "criticality: low", "criticality: lox"),  # a schema error in one file
        (Path("requirements/raw-materials/EXO-RM-001.yaml"), "source: SRC-NEW", "source: SRC-NWE"),  # dangling
        (Path("requirements/raw-materials/EXO-RM-001.yaml"), "status: adopted", "status: retired"),  # cross-file fact
        (Path("requirements/safety/EXO-SF-001.yaml"), "EXO-RM-001, type: see_also", "EXO-SF-001, type: see_also"),
    ]
    seen = []
    for file, old, new in [(None, "", ""), *edits]:
        if file is not None:
            _edit(root / file, old, new)
        cold, first, warm = _cold_and_warm(root, monkeypatch)
        assert cold == first == warm
        seen.append(cold)
    assert all(a != b for a, b in zip(seen, seen[1:]))  # every edit changed what is reported


def test_a_removed_source_that_an_unchanged_cached_file_cites_is_reported(small_catalog: Path,
                                                                           cache_dir: Path) -> None:
    assert not [d for d in _all(small_catalog) if d["code"] == "dangling-source"]
    (small_catalog / "sources" / "SRC-PAPER.yaml").unlink()
    dangling = [d for d in _all(small_catalog) if d["code"] == "dangling-source"]
    assert [(Path(str(d["file"])).name, d["line"]) for d in dangling] == [("EXO-SF-001.yaml", 17)]
