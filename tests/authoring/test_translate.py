"""Recording reviewed translations: `ja_of` on its own line after `ja`, nothing else touched."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from exodossier.authoring.translate import record_text, yaml_fingerprint
from exodossier.catalog.loader import load_catalog
from exodossier.catalog.models import Taxonomy, fingerprint
from exodossier.cli.main import main
from exodossier.errors import UserError

TAXONOMY = """\
# a comment that must stay
catalog:
  title:
    en: A catalog
    ja: カタログ
  version: 0.1.0
  disclaimer:
    en: >-
      A folded English
      text.
    ja: >-
      折り畳まれた日本語の本文
  publisher: Nobody   # trailing comment
categories:
  - id: RM
    slug: raw-materials
    title:
      en: Raw materials
      ja: 原料
      ja_of: 00000000
    description: Donors only.
stages:
  - id: phase1
    title: Phase 1
"""


def test_recording_puts_ja_of_after_each_japanese_and_keeps_every_other_line() -> None:
    new, recorded = record_text(TAXONOMY, "taxonomy.yaml", Taxonomy)
    assert recorded == ["catalog.title", "catalog.disclaimer", "categories[0].title"]
    lines = new.splitlines()
    assert lines[4:6] == ["    ja: カタログ", f"    ja_of: {fingerprint('A catalog')}"]
    assert lines[12:14] == ["      折り畳まれた日本語の本文", f"    ja_of: {fingerprint('A folded English text.')}"]
    assert lines[20:22] == ["      ja: 原料", f"      ja_of: {fingerprint('Raw materials')}"]
    old = TAXONOMY.splitlines()
    assert [line for line in lines if "ja_of" not in line] == [line for line in old if "ja_of" not in line]


def test_recording_twice_changes_nothing_the_second_time() -> None:
    once, _ = record_text(TAXONOMY, "taxonomy.yaml", Taxonomy)
    twice, recorded = record_text(once, "taxonomy.yaml", Taxonomy)
    assert twice == once and recorded == []


def test_recording_only_the_named_field() -> None:
    _, recorded = record_text(TAXONOMY, "taxonomy.yaml", Taxonomy, ("categories",))
    assert recorded == ["categories[0].title"]


@pytest.mark.parametrize("value, written", [("1a2b3c4d", "1a2b3c4d"), ("12345678", '"12345678"'),
                                            ("12e45678", '"12e45678"'), ("0b101101", '"0b101101"')])
def test_a_fingerprint_that_yaml_would_read_as_a_number_is_quoted(value: str, written: str) -> None:
    assert yaml_fingerprint(value) == written


def test_a_flow_style_text_is_refused_with_its_place() -> None:
    text = TAXONOMY.replace("    title:\n      en: Raw materials\n      ja: 原料\n      ja_of: 00000000\n",
                            "    title: {en: Raw materials, ja: 原料}\n")
    with pytest.raises(UserError, match="cannot take a fingerprint in place") as caught:
        record_text(text, "taxonomy.yaml", Taxonomy)
    assert caught.value.diagnostics[0].line == 17


def test_translate_reviewed_by_id_clears_the_pending_japanese(small_catalog: Path, runner: CliRunner) -> None:
    path = small_catalog / "requirements" / "raw-materials" / "EXO-RM-001.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\ntitle: ", "\ntitle:\n  ja: ドナー\n  en: ", 1), encoding="utf-8")
    listed = runner.invoke(main, ["translate", "EXO-RM-001", "--catalog", str(small_catalog)])
    assert "EXO-RM-001.yaml: title: not yet reviewed against the current English" in listed.output
    result = runner.invoke(main, ["translate", "--reviewed", "EXO-RM-001", "--catalog", str(small_catalog)])
    assert result.exit_code == 0, result.output
    catalog = load_catalog(small_catalog).catalog
    assert catalog is not None and not catalog.requirements["EXO-RM-001"].title.ja_pending


def test_translate_names_an_unknown_target_as_a_usage_error(small_catalog: Path, runner: CliRunner) -> None:
    result = runner.invoke(main, ["translate", "--reviewed", "EXO-RM-0001", "--catalog", str(small_catalog)])
    assert result.exit_code == 2 and "is neither a catalog file nor an item id" in result.output
