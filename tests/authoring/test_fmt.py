"""`exodossier fmt` applies the normalisation rule, and only that, to Japanese text."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from exodossier.catalog.checks import validate_catalog
from exodossier.cli.main import main
from tests.conftest import FIXTURES

BILINGUAL = FIXTURES / "catalogs" / "bilingual"


def test_fmt_normalises_japanese_text_and_keeps_every_other_byte(tmp_path: Path, runner: CliRunner) -> None:
    root = tmp_path / "catalog"
    shutil.copytree(BILINGUAL, root)
    path = root / "requirements" / "safety" / "EXO-SF-003.yaml"
    before = path.read_text(encoding="utf-8").splitlines()
    check = runner.invoke(main, ["fmt", "--check", "--catalog", str(root)])
    assert check.exit_code == 1 and "EXO-SF-003.yaml" in check.output
    result = runner.invoke(main, ["fmt", "--catalog", str(root)])
    assert result.exit_code == 0, result.output
    after = path.read_text(encoding="utf-8").splitlines()
    changed = [(b, a) for b, a in zip(before, after) if b != a]
    assert changed == [("    ja: ３ロットで外来性ｳｲﾙｽを検出しないこと。", "    ja: 3ロットで外来性ウイルスを検出しないこと。"),
                       ("    ja: 各ロットの　試験報告書", "    ja: 各ロットの 試験報告書")]
    assert len(after) == len(before)
    assert [d for d in validate_catalog(root).diagnostics if d.code == "text-not-normalised"] == []


def test_a_tidy_catalog_stays_tidy(runner: CliRunner) -> None:
    result = runner.invoke(main, ["fmt", "--check", "--catalog", str(FIXTURES / "catalogs" / "small")])
    assert result.exit_code == 0, result.output
