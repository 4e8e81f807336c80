"""JSON Schema for editors and independent validators, derived from the models.

The catalog's own file kinds are listed here; the sponsor's profile adds its model where it
lives (`exodossier.gap.profile.all_schema_models`), so the catalog never imports a view.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Mapping

from pydantic import BaseModel

from exodossier.catalog.models import Ledger, Release, Requirement, Source, Taxonomy, Terminology

SCHEMA_DIR = Path("requirements_catalog/schema")

# File stem -> model, for every YAML file kind of a catalog folder.
CATALOG_MODELS: Mapping[str, type[BaseModel]] = {"taxonomy": Taxonomy, "source": Source, "requirement": Requirement,
                                                 "release": Release, "ledger": Ledger,
                                                 "terminology": Terminology}


def render_schemas(models: Mapping[str, type[BaseModel]]) -> dict[str, str]:
    """File name -> JSON text, stable across runs."""
    rendered = {}
    for stem, model in models.items():
        schema = model.model_json_schema(mode="validation")
        schema = {"$schema": "http://json-schema.org/draft-07/schema#", **schema}
        rendered[f"{stem}.schema.json"] = json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    return rendered


def stale_schemas(folder: Path, models: Mapping[str, type[BaseModel]]) -> list[str]:
    """The schema files in `folder` that are missing or differ from what the models give."""
    return [name for name, text in render_schemas(models).items()
            if not (folder / name).is_file() or (folder / name).read_text(encoding="utf-8") != text]
