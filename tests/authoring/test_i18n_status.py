"""`exodossier i18n status`: completeness of the Japanese per category and field, as a table and as JSON."""

from __future__ import annotations

import json

from click.testing import CliRunner

from exodossier.authoring.i18n_status import completeness, missing_required
from exodossier.catalog.loader import load_catalog
from exodossier.cli.main import main
from tests.conftest import FIXTURES

BILINGUAL = FIXTURES / "catalogs" / "bilingual"


def test_counts_texts_japanese_and_current_per_category_and_field() -> None:
    catalog = load_catalog(BILINGUAL).catalog
    assert catalog is not None
    result = completeness(catalog)
    safety = result.cells["SF"]
    assert (safety["title"].texts, safety["title"].japanese, safety["title"].current) == (3, 1, 1)
    assert (safety["stage_expectations.note"].japanese, safety["stage_expectations.note"].current) == (1, 0)  # stale
    assert result.cells["RM"]["statement"].current == 0
    required = result.required("SF")  # titles, statements, stage notes, criteria, evidence
    assert (required.texts, required.japanese, required.current) == (3 + 3 + 4 + 1 + 1, 5, 4)


def test_missing_required_lists_adopted_requirements_field_by_field() -> None:
    catalog = load_catalog(BILINGUAL).catalog
    assert catalog is not None
    missing = missing_required(catalog)
    assert "EXO-SF-003: stage_expectations.note" in missing and "EXO-SF-001: title" in missing
    assert not any(line.startswith("EXO-SF-003: title") for line in missing)


def test_the_table_shows_categories_then_fields(runner: CliRunner) -> None:
    result = runner.invoke(main, ["i18n", "status", "--catalog", str(BILINGUAL)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("Requirements by category")
    safety = next(line for line in lines if line.startswith("Safety (SF)"))
    assert safety.split()[-1] == "33.3%"  # 4 of the 12 required texts are current
    assert any(line.startswith("title *") for line in lines)


def test_json_holds_every_count_and_check_fails_on_missing_required(runner: CliRunner) -> None:
    result = runner.invoke(main, ["i18n", "status", "--format", "json", "--status", "adopted",
                                  "--catalog", str(BILINGUAL)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["requirements"]["by_category"]["SF"]["fields"]["evidence"] == \
        {"texts": 1, "japanese": 1, "current": 1, "percent": 100.0}
    assert data["terminology"]["fields"]["terms.definition"]["current"] == 1
    checked = runner.invoke(main, ["i18n", "status", "--check", "--catalog", str(BILINGUAL)])
    assert checked.exit_code == 1
    assert "missing Japanese: EXO-SF-003: stage_expectations.note" in checked.output
