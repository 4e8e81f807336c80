"""JSON Schema for editors and independent validators, derived from the models."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from exodossier.models import Ledger, Release, Requirement, Source, Taxonomy

SCHEMA_DIR = Path("requirements_catalog/schema")


def schema_models() -> dict[str, type[BaseModel]]:
    """File stem -> model; the profile schema joins when the profile model exists."""
    models: dict[str, type[BaseModel]] = {"taxonomy": Taxonomy, "source": Source, "requirement": Requirement,
                                          "release": Release, "ledger": Ledger}
    try:
        from exodossier.profile import Profile
    except ImportError:  # pragma: no cover - before the profile model exists
        return models
    models["profile"] = Profile
    return models


def render_schemas() -> dict[str, str]:
    """File name -> JSON text, stable across runs."""
    rendered = {}
    for stem, model in schema_models().items():
        schema = model.model_json_schema(mode="validation")
        schema = {"$schema": "http://json-schema.org/draft-07/schema#", **schema}
        rendered[f"{stem}.schema.json"] = json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    return rendered


def stale_schemas(folder: Path) -> list[str]:
    return [name for name, text in render_schemas().items()
            if not (folder / name).is_file() or (folder / name).read_text(encoding="utf-8") != text]
