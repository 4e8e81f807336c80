"""A released catalog.json gives the same catalog, and so the same gap analysis, as the YAML folder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from exodossier.catalog.checks import load_valid_catalog
from exodossier.catalog.released import RELEASED_FORMAT, load_released_catalog
from exodossier.cli.main import main
from exodossier.errors import UserError
from exodossier.site.exports import JSON_FORMAT, catalog_json
from tests.conftest import FIXTURES, SMALL_CATALOG


def test_the_format_name_is_the_one_the_site_publishes() -> None:
    assert RELEASED_FORMAT == JSON_FORMAT


def test_catalog_json_reads_back_to_the_same_models(tmp_path: Path) -> None:
    catalog = load_valid_catalog(SMALL_CATALOG)
    path = tmp_path / "catalog.json"
    path.write_text(catalog_json(catalog), encoding="utf-8")
    released = load_released_catalog(path)
    assert released.taxonomy == catalog.taxonomy
    assert released.sources == catalog.sources and released.requirements == catalog.requirements
    assert released.content_sha256 == catalog.content_sha256


def test_gap_with_catalog_json_gives_the_same_analysis_as_the_folder(tmp_path: Path) -> None:
    path = tmp_path / "catalog.json"
    path.write_text(catalog_json(load_valid_catalog(SMALL_CATALOG)), encoding="utf-8")
    profile = str(FIXTURES / "profiles" / "small-inhaled.yaml")
    env = {"SOURCE_DATE_EPOCH": "1764979200"}
    runner = CliRunner()
    from_folder = runner.invoke(main, ["gap", profile, "--format", "json", "--catalog", str(SMALL_CATALOG)], env=env)
    from_json = runner.invoke(main, ["gap", profile, "--format", "json", "--catalog", str(path)], env=env)
    assert from_folder.exit_code == from_json.exit_code == 0, from_json.output
    assert json.loads(from_folder.stdout) == json.loads(from_json.stdout)


def test_a_json_file_that_is_not_a_released_catalog_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "catalog.json"
    path.write_text('{"format": "something-else"}', encoding="utf-8")
    with pytest.raises(UserError) as raised:
        load_released_catalog(path)
    assert raised.value.diagnostics[0].code == "not-a-released-catalog"
