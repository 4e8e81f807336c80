"""The downloadable catalog: JSON with the models' own schema, and a spreadsheet-safe CSV."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import jsonschema

from exodossier.catalog.checks import load_valid_catalog
from exodossier.site.exports import CSV_COLUMNS, JSON_FORMAT, catalog_csv, catalog_document, catalog_json
from exodossier.catalog.models import Requirement, Source, Taxonomy
from exodossier.catalog.schema import render_schemas
from exodossier.gap.profile import all_schema_models
from tests.conftest import SMALL_CATALOG


def test_json_holds_every_item_with_every_field_and_identifies_its_format() -> None:
    catalog = load_valid_catalog(SMALL_CATALOG)
    data = json.loads(catalog_json(catalog))
    assert data["format"] == JSON_FORMAT and data["format_version"] == 1
    assert data["catalog_version"] == "1.0.0" and len(data["content_sha256"]) == 64
    assert [r["id"] for r in data["requirements"]] == ["EXO-RM-001", "EXO-RM-002", "EXO-SF-001", "EXO-SF-002"]
    assert [s["id"] for s in data["sources"]] == ["SRC-NEW", "SRC-OLD", "SRC-PAPER"]
    assert all(list(r) == list(Requirement.model_fields) for r in data["requirements"])
    assert data["requirements"][1]["statement"]["ja"] == "動物由来の培地成分は生物由来原料基準に適合しなければならない。"
    assert data["requirements"][0]["model_case_notes"] is None  # absent values are present as null


def test_json_items_load_back_into_the_models_and_match_the_published_schemas() -> None:
    catalog = load_valid_catalog(SMALL_CATALOG)
    data = json.loads(catalog_json(catalog))
    schemas = {name: json.loads(text) for name, text in render_schemas(all_schema_models()).items()}
    assert Taxonomy.model_validate(data["taxonomy"]) == catalog.taxonomy
    jsonschema.validate(data["taxonomy"], schemas["taxonomy.schema.json"])
    for item in data["requirements"]:
        assert Requirement.model_validate(item) == catalog.requirements[item["id"]]
        jsonschema.validate(item, schemas["requirement.schema.json"])
    for item in data["sources"]:
        assert Source.model_validate(item) == catalog.sources[item["id"]]
        jsonschema.validate(item, schemas["source.schema.json"])


def test_csv_has_a_row_per_requirement_and_opens_as_utf8_in_spreadsheets() -> None:
    raw = catalog_csv(load_valid_catalog(SMALL_CATALOG))
    assert raw.startswith("\ufeff".encode("utf-8"))
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert [r["id"] for r in rows] == ["EXO-RM-001", "EXO-RM-002", "EXO-SF-001", "EXO-SF-002"]
    assert rows[1]["title_ja"] == "動物由来培地成分"
    assert rows[1]["citations"] == "SRC-NEW#1.1" and rows[1]["related"] == "depends_on:EXO-RM-001"
    assert rows[1]["ctd_sections"] == "3.2.S.2.3; 3.2.A.2"


def test_csv_cells_that_a_spreadsheet_would_run_as_formulas_are_neutralised(small_catalog: Path) -> None:
    path = small_catalog / "requirements" / "safety" / "EXO-SF-002.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("rationale: EVs co-purify with enveloped viruses.",
                                 'rationale: "=HYPERLINK(\\"http://attacker.invalid\\")"'), encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(catalog_csv(load_valid_catalog(small_catalog)).decode("utf-8-sig"))))
    assert rows[3]["rationale"] == "'=HYPERLINK(\"http://attacker.invalid\")"


def test_json_download_is_compact_one_item_per_line_and_equals_the_models_dump() -> None:
    catalog = load_valid_catalog(SMALL_CATALOG)
    text = catalog_json(catalog)
    assert json.loads(text) == catalog_document(catalog)  # the same data as the models' dump
    lines = text.splitlines()
    assert not any(line.startswith(" ") for line in lines)  # no indentation
    for item in [*catalog.sources.values(), *catalog.requirements.values()]:  # each item whole on its own line
        assert item.model_dump_json() in {line.rstrip(",") for line in lines}
    assert text.endswith("]}\n") and catalog_json(catalog) == text  # deterministic
