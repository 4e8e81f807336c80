"""The check cache re-checks only what changed and never hides a problem (catalog.check_cache).

Every scenario primes the cache, makes one change, and requires the warm `validate` to report exactly
what a cold one (no cache at all) reports: every field of every diagnostic, in order.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from exodossier.catalog import check_cache, parse_cache
from exodossier.catalog.checks import validate_catalog
from exodossier.catalog.loader import Catalog, load_catalog
from exodossier.errors import Diagnostic

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "catalogs"


@pytest.fixture
def bilingual(tmp_path: Path) -> Path:
    """A private copy of the bilingual fixture (terminology, stale and unnormalised Japanese)."""
    target = tmp_path / "bilingual"
    shutil.copytree(FIXTURES / "bilingual", target)
    return target


def _all(root: Path) -> list[dict[str, object]]:
    return [dict(vars(d)) for d in validate_catalog(root).diagnostics]


def _warm_equals_cold(root: Path, monkeypatch: pytest.MonkeyPatch) -> list[dict[str, object]]:
    """The warm run (served from the cache primed before the change) against a run with no cache."""
    warm = _all(root)
    monkeypatch.setenv(parse_cache.DISABLE_VARIABLE, "1")
    cold = _all(root)
    monkeypatch.delenv(parse_cache.DISABLE_VARIABLE)
    assert warm == cold
    assert _all(root) == cold  # and once more, from the cache this run wrote
    return cold


def _edit(file: Path, old: str, new: str, keep_mtime: bool = False) -> None:
    before = file.stat()
    text = file.read_text(encoding="utf-8")
    assert old in text
    file.write_text(text.replace(old, new), encoding="utf-8")
    if keep_mtime:
        os.utime(file, ns=(before.st_atime_ns, before.st_mtime_ns))


def _cache_file(cache_dir: Path) -> Path:
    return next(cache_dir.glob("checks-*.marshal"))


def _codes(diagnostics: list[dict[str, object]]) -> list[tuple[str, object]]:
    return [(Path(str(d["file"])).name, d["code"]) for d in diagnostics]


def test_the_check_cache_is_written_beside_the_parse_cache(bilingual: Path, cache_dir: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    _warm_equals_cold(bilingual, monkeypatch)
    assert {p.name.split("-")[0] for p in cache_dir.iterdir()} == {"checks", "parse"}


def test_an_edit_keeping_size_and_mtime_is_checked_again(bilingual: Path, cache_dir: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    before = _warm_equals_cold(bilingual, monkeypatch)
    file = bilingual / "requirements" / "safety" / "EXO-SF-003.yaml"
    size = file.stat().st_size
    _edit(file, "各ロットの\u3000試験報告書", "各ロットの   試験報告書", keep_mtime=True)  # 3 bytes for 3 bytes
    assert file.stat().st_size == size
    after = _warm_equals_cold(bilingual, monkeypatch)
    assert ("EXO-SF-003.yaml", "text-not-normalised") in _codes(before)
    assert len(after) == len(before) - 1


def test_a_changed_terminology_rechecks_unchanged_requirements(bilingual: Path, cache_dir: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    before = _warm_equals_cold(bilingual, monkeypatch)
    _edit(bilingual / "terminology.yaml", "discouraged: [ウイルス除去率]", "discouraged: [ウイルス除去率, 培地成分]")
    after = _warm_equals_cold(bilingual, monkeypatch)
    new = [c for c in _codes(after) if c not in _codes(before)]
    assert ("EXO-RM-002.yaml", "discouraged-term") in new


def test_a_changed_check_version_trusts_no_cached_result(bilingual: Path, cache_dir: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    _warm_equals_cold(bilingual, monkeypatch)
    written = _cache_file(cache_dir).read_bytes()
    monkeypatch.setattr(check_cache, "__version__", "0.0.0-changed")
    _warm_equals_cold(bilingual, monkeypatch)
    assert _cache_file(cache_dir).read_bytes() != written  # rewritten under the new fingerprint


@pytest.mark.parametrize("damage", ["truncate", "garbage", "foreign"])
def test_a_damaged_check_cache_is_ignored_and_rewritten(bilingual: Path, cache_dir: Path,
                                                        monkeypatch: pytest.MonkeyPatch, damage: str) -> None:
    first = _warm_equals_cold(bilingual, monkeypatch)
    file = _cache_file(cache_dir)
    good = file.read_bytes()
    if damage == "truncate":
        file.write_bytes(good[: len(good) // 2])
    elif damage == "garbage":
        file.write_bytes(b"\x00not marshal at all" * 10)
    else:  # well-formed marshal, wrong shapes inside: rows that are not diagnostics
        import marshal

        content = marshal.loads(good)
        content["entries"] = {rid: (e[0], e[1], tuple([("x",)] for _ in e[2]), e[3])
                              for rid, e in content["entries"].items()}
        file.write_bytes(marshal.dumps(content))
    assert _warm_equals_cold(bilingual, monkeypatch) == first
    assert file.read_bytes() == good


def test_a_deleted_file_drops_out_and_its_id_named_in_prose_is_reported(small_catalog: Path, cache_dir: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    rm1 = small_catalog / "requirements" / "raw-materials" / "EXO-RM-001.yaml"
    _edit(rm1, "follows the producer cells.", "follows the producer cells (EXO-RM-002, EXO-SF-002).")
    before = _warm_equals_cold(small_catalog, monkeypatch)
    (small_catalog / "requirements" / "safety" / "EXO-SF-002.yaml").unlink()
    after = _warm_equals_cold(small_catalog, monkeypatch)
    assert ("EXO-RM-001.yaml", "unknown-id-in-text") in _codes(after)
    assert ("EXO-RM-001.yaml", "unknown-id-in-text") not in _codes(before)


def test_a_removed_source_cited_by_a_cached_file_is_reported(small_catalog: Path, cache_dir: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    _warm_equals_cold(small_catalog, monkeypatch)
    (small_catalog / "sources" / "SRC-PAPER.yaml").unlink()
    assert ("EXO-SF-001.yaml", "dangling-source") in _codes(_warm_equals_cold(small_catalog, monkeypatch))


def test_a_duplicate_id_in_a_new_file_is_reported(bilingual: Path, cache_dir: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """The copy sorts first, so the old file becomes the duplicate: same bytes, another file, not its results."""
    _warm_equals_cold(bilingual, monkeypatch)
    shutil.copy(bilingual / "requirements" / "safety" / "EXO-SF-003.yaml",
                bilingual / "requirements" / "raw-materials" / "EXO-SF-003.yaml")
    after = _warm_equals_cold(bilingual, monkeypatch)
    assert ("EXO-SF-003.yaml", "duplicate-id") in _codes(after)
    moved = [d for d in after if d["code"] == "text-not-normalised"]
    assert moved and all("raw-materials" in str(d["file"]) for d in moved)


def test_a_status_change_another_file_depends_on_is_reported(small_catalog: Path, cache_dir: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    _warm_equals_cold(small_catalog, monkeypatch)
    _edit(small_catalog / "requirements" / "raw-materials" / "EXO-RM-002.yaml", "status: adopted",
          "status: retired\nretired_reason: Merged into RM-001.")
    assert ("EXO-SF-001.yaml", "depends-on-retired") in _codes(_warm_equals_cold(small_catalog, monkeypatch))


def test_only_changed_requirements_are_checked_again(small_catalog: Path, cache_dir: Path) -> None:
    seen: list[list[str]] = []

    def local(catalog: Catalog) -> list[Diagnostic]:
        seen.append(sorted(catalog.requirements))
        return []

    def run() -> None:
        catalog = load_catalog(small_catalog).catalog
        assert catalog is not None
        assert check_cache.cached_checks(catalog, (local,), frozenset({local})) == []

    run()
    run()
    _edit(small_catalog / "requirements" / "safety" / "EXO-SF-002.yaml", "criticality: low", "criticality: high")
    run()
    assert seen == [["EXO-RM-001", "EXO-RM-002", "EXO-SF-001", "EXO-SF-002"], [], ["EXO-SF-002"]]


def test_no_check_cache_without_a_cache_folder(small_catalog: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(parse_cache.DISABLE_VARIABLE, "1")
    catalog = load_catalog(small_catalog).catalog
    assert catalog is not None
    assert check_cache.cached_checks(catalog, (), frozenset()) is None
