"""A throw-away mkdocs project around a fixture catalog, configured by the repository's mkdocs.yml.

Tests build sites from fixture catalogs but with the real configuration (theme,
plugins, extensions), so a change to mkdocs.yml is tested too. Only the docs folder,
the catalog folder and the watched folder are pointed elsewhere.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).parent.parent
CHAPTERS = ("index", "how-to-read", "regulatory-landscape", "model-case", "phases", "glossary")
MKDOCS = Path(sys.executable).parent / "mkdocs"
EPOCH = "1767225600"  # 2026-01-01: reproducible dates in sitemap.xml(.gz)


def make_project(folder: Path, catalog: Path) -> Path:
    """mkdocs.yml + stub chapters + a copy of `catalog` under `folder`; returns the config path."""
    docs = folder / "docs"
    docs.mkdir(parents=True)
    for name in CHAPTERS:
        (docs / f"{name}.md").write_text(f"# Chapter {name}\n\nStub text for {name}.\n", encoding="utf-8")
    shutil.copytree(catalog, folder / "catalog")
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    replacements = {"docs_dir: guideline": "docs_dir: docs", "catalog: requirements_catalog": "catalog: catalog",
                    "watch:\n  - requirements_catalog": "watch:\n  - catalog"}
    for old, new in replacements.items():
        assert old in text, f"mkdocs.yml no longer contains {old!r}; update tests/site_project.py"
        text = text.replace(old, new)
    config = folder / "mkdocs.yml"
    config.write_text(text, encoding="utf-8")
    return config


def build(config: Path, site_dir: Path, site_url: str | None = None) -> subprocess.CompletedProcess[str]:
    """`mkdocs build --strict` as a user runs it, with reproducible dates."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("SITE_URL", None)
    if site_url:
        env["SITE_URL"] = site_url
    return subprocess.run([str(MKDOCS), "build", "--strict", "--config-file", str(config), "--site-dir", str(site_dir)],
                          cwd=config.parent, env=env, capture_output=True, text=True, timeout=300)
