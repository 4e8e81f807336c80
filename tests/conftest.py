"""Shared test helpers: fixture catalogs, a CLI runner, and honest skips for real clients."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner

FIXTURES = Path(__file__).parent / "fixtures"
SMALL_CATALOG = FIXTURES / "catalogs" / "small"
REPO = Path(__file__).parent.parent
# Tests keep their parse caches (catalog.parse_cache) to themselves, never in the user's cache folder.
os.environ["EXODOSSIER_CACHE_DIR"] = tempfile.mkdtemp(prefix="exodossier-test-cache-")


def require_client(name: str, *executables: str) -> str:
    """Path of a real client program; skip with a reason locally, fail in CI (CI=true)."""
    for executable in executables:
        found = shutil.which(executable)
        if found:
            return found
    reason = f"{name} not installed (looked for {', '.join(executables)}); CI installs it"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason} — but this is CI, where it must be present")
    print(f"SKIP: {reason}")
    pytest.skip(reason)


@pytest.fixture
def small_catalog(tmp_path: Path) -> Path:
    """A private copy of the small fixture catalog that a test may edit."""
    target = tmp_path / "catalog"
    shutil.copytree(SMALL_CATALOG, target)
    return target


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()
