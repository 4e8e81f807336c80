"""Fixtures shared by the catalog tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from exodossier.catalog import parse_cache


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The parse and check caches in a private folder, switched on."""
    folder = tmp_path / "cache"
    monkeypatch.setenv(parse_cache.CACHE_DIR_VARIABLE, str(folder))
    monkeypatch.delenv(parse_cache.DISABLE_VARIABLE, raising=False)
    return folder
