"""A throw-away mkdocs project around a fixture catalog, configured by the repository's mkdocs.yml (and mkdocs.ja.yml).

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


# The Japanese stub chapters: the home page is translated (and names a requirement by id, which
# must become a link); the other chapters are missing, so the English ones stand in with a note.
JA_CHAPTERS = {"index": "# 章の索引\n\n日本語のスタブ。EXO-RM-002 を参照。\n\n## 目的\n\n本文。\n"}


def make_project(folder: Path, catalog: Path) -> Path:
    """mkdocs.yml + mkdocs.ja.yml + stub chapters + a copy of `catalog` under `folder`; returns mkdocs.yml."""
    docs = folder / "docs"
    (docs / "ja").mkdir(parents=True)
    for name in CHAPTERS:
        (docs / f"{name}.md").write_text(f"# Chapter {name}\n\nStub text for {name}, citing SRC-NEW.\n",
                                         encoding="utf-8")
    for name, text in JA_CHAPTERS.items():
        (docs / "ja" / f"{name}.md").write_text(text, encoding="utf-8")
    shutil.copytree(catalog, folder / "catalog")
    for config_name, replacements in (
            ("mkdocs.yml", {"docs_dir: guideline": "docs_dir: docs", "catalog: requirements_catalog": "catalog: catalog",
                            "watch:\n  - requirements_catalog": "watch:\n  - catalog"}),
            ("mkdocs.ja.yml", {"docs_dir: guideline/ja": "docs_dir: docs/ja", "catalog: requirements_catalog":
                               "catalog: catalog", "fallback_docs: guideline": "fallback_docs: docs"})):
        text = (REPO / config_name).read_text(encoding="utf-8")
        for old, new in replacements.items():
            assert old in text, f"{config_name} no longer contains {old!r}; update tests/site_project.py"
            text = text.replace(old, new)
        (folder / config_name).write_text(text, encoding="utf-8")
    return folder / "mkdocs.yml"


def build_both(config: Path, site_dir: Path, site_url: str | None = None) -> subprocess.CompletedProcess[str]:
    """Both editions as `make site` builds them: English into `site_dir`, then Japanese into `site_dir/ja`."""
    english = build(config, site_dir, site_url)
    if english.returncode != 0:
        return english
    return build(config.parent / "mkdocs.ja.yml", site_dir / "ja", site_url)


def build(config: Path, site_dir: Path, site_url: str | None = None) -> subprocess.CompletedProcess[str]:
    """`mkdocs build --strict` as a user runs it, with reproducible dates."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("SITE_URL", None)
    if site_url:
        env["SITE_URL"] = site_url
    return subprocess.run([str(MKDOCS), "build", "--strict", "--config-file", str(config), "--site-dir", str(site_dir)],
                          cwd=config.parent, env=env, capture_output=True, text=True, timeout=300)
