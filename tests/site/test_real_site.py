"""The real guideline site: the repository's mkdocs.yml, chapters and catalog build strictly."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from tests.site_project import EPOCH, MKDOCS, REPO


def test_the_repository_site_builds_strict_clean(tmp_path: Path) -> None:
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("SITE_URL", None)
    result = subprocess.run([str(MKDOCS), "build", "--strict", "--site-dir", str(tmp_path / "site")], cwd=REPO,
                            env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    site = tmp_path / "site"
    categories = sorted(p.name for p in (site / "catalog" / "categories").iterdir())
    assert len(categories) == 9
    requirements = list((site / "catalog" / "requirements").iterdir())
    assert len(requirements) >= 150
    assert not (REPO / "guideline" / "catalog").exists()
    glossary = (site / "glossary" / "index.html").read_text(encoding="utf-8")
    assert "exodossier:glossary" not in glossary  # the plugin put the terminology's tables at the marker
    assert '<span lang="ja">エクソソーム</span>' in glossary and "Japanese form is not yet confirmed" in glossary
