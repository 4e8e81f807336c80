"""The committed JSON Schema follows the models, and an independent validator accepts the catalog."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from ruamel.yaml import YAML

from exodossier.catalog.schema import render_schemas, stale_schemas
from exodossier.gap.profile import all_schema_models
from tests.conftest import REPO

CATALOG = REPO / "requirements_catalog"


def test_committed_schema_is_in_sync_with_the_models() -> None:
    assert stale_schemas(CATALOG / "schema", all_schema_models()) == [], "run: exodossier schema"


def as_json(value: Any) -> Any:
    """YAML 1.2 as an editor reads it; dates stay ISO text as in JSON."""
    if isinstance(value, dict):
        return {str(k): as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def catalog_files() -> list[tuple[str, Path]]:
    files = [("taxonomy", CATALOG / "taxonomy.yaml")]
    files += [("source", p) for p in sorted((CATALOG / "sources").glob("*.yaml"))]
    files += [("requirement", p) for p in sorted((CATALOG / "requirements").rglob("*.yaml"))]
    return files


def test_real_catalog_validates_against_the_json_schema_with_an_independent_validator() -> None:
    import json

    schemas = {name.split(".")[0]: json.loads(text) for name, text in render_schemas(all_schema_models()).items()}
    yaml = YAML(typ="safe", pure=True)
    failures = []
    for kind, path in catalog_files():
        validator = jsonschema.Draft7Validator(schemas[kind])
        for problem in validator.iter_errors(as_json(yaml.load(path.read_text(encoding="utf-8")))):
            failures.append(f"{path.relative_to(REPO)}: {'/'.join(map(str, problem.path))}: {problem.message}")
    assert failures == []


@pytest.mark.parametrize("kind, path", catalog_files(), ids=lambda v: getattr(v, "name", v))
def test_every_catalog_file_points_editors_at_its_schema(kind: str, path: Path) -> None:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema=") and first.endswith(f"schema/{kind}.schema.json")
