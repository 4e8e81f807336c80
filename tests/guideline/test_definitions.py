"""Definitions come from the controlled terminology, grouped, with unconfirmed Japanese forms marked."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from exodossier.catalog.checks import load_valid_catalog
from tests.conftest import SMALL_CATALOG
from tests.guideline.conftest import build, paragraphs

TERMINOLOGY = """terms:
  - id: drug_substance
    en: drug substance
    ja: 原薬
    ja_source: ICH M4Q notice
    verified: true
    group: quality
    definition: {en: The active ingredient before formulation, ja: 製剤化前の有効成分}
    see: [SRC-NEW]
  - id: particle_concentration
    en: particle concentration
    ja: 粒子濃度
    ja_source: expert form
    verified: false
    group: ev
"""


def _catalog(tmp_path: Path) -> Path:
    root = tmp_path / "catalog"
    shutil.copytree(SMALL_CATALOG, root)
    (root / "terminology.yaml").write_text(TERMINOLOGY, encoding="utf-8")
    return root


def test_terms_are_grouped_with_their_japanese_and_sources_by_reference_number(tmp_path: Path) -> None:
    catalog = load_valid_catalog(_catalog(tmp_path))
    texts = paragraphs(build(catalog).data)
    assert any(t.endswith("Quality (CMC) and ICH quality guidelines") for t in texts)
    row = texts.index("drug substance")
    assert texts[row + 1: row + 3] == ["原薬", "The active ingredient before formulation"]
    assert re.fullmatch(r"SRC-NEW \[\d+\]", texts[row + 3])
    assert "粒子濃度 ‡" in texts


def test_the_japanese_edition_puts_the_japanese_term_first(tmp_path: Path) -> None:
    catalog = load_valid_catalog(_catalog(tmp_path))
    texts = paragraphs(build(catalog, language="ja").data)
    row = texts.index("原薬")
    assert texts[row + 1] == "drug substance"
    assert texts[row + 2].startswith("製剤化前の有効成分")


def test_a_catalog_without_terminology_says_so() -> None:
    texts = paragraphs(build(load_valid_catalog(SMALL_CATALOG)).data)
    assert "The catalog has no controlled terminology yet." in texts
