"""The model case's worked specification (examples/specifications/model-case.yaml), typed.

Not part of the catalog: an illustrative phase-1 and phase-3 specification for the model
case that the guideline prints as an annex. It is read through the catalog's loader, so a
mistake in it is reported with file:line:col like any catalog file, and typed here so the
annex never guesses at its shape.
"""

from __future__ import annotations

from pathlib import Path

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from exodossier.catalog.loader import display_path, load_located, parse_model
from exodossier.catalog.models import LocalizedText, NonEmpty, RequirementId, YamlBool
from exodossier.errors import UserError, error

DEFAULT_SPECIFICATION = Path("examples/specifications/model-case.yaml")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SpecProduct(_Model):
    code: NonEmpty
    name: LocalizedText
    presentation: LocalizedText | None = None


class PhaseCriterion(_Model):
    criterion: LocalizedText
    rationale: LocalizedText


class SpecRow(_Model):
    attribute: LocalizedText
    requirements: list[RequirementId] = Field(default_factory=list)
    tested_on: NonEmpty
    method: LocalizedText
    compendial: NonEmpty | None = None
    phase1: PhaseCriterion
    phase3: PhaseCriterion

    @field_validator("compendial", mode="before")
    @classmethod
    def _null_is_none(cls, value: Any) -> Any:
        """Our YAML reader keeps scalars as text, so `compendial: null` arrives as the word."""
        return None if value in ("null", "~", "") else value


class SpecCondition(_Model):
    name: LocalizedText
    condition: LocalizedText
    phase1_time_points: NonEmpty
    phase3_time_points: NonEmpty
    requirements: list[RequirementId] = Field(default_factory=list)


class SpecTable(_Model):
    id: NonEmpty
    title: LocalizedText
    applies_to: LocalizedText
    conditions: list[SpecCondition] = Field(default_factory=list)
    rows: list[SpecRow] = Field(default_factory=list)


class Specification(_Model):
    """An illustrative phase-appropriate specification of one product."""

    illustrative: YamlBool
    product: SpecProduct
    scope: LocalizedText
    disclaimer: LocalizedText
    specifications: list[SpecTable] = Field(min_length=1)


def load_specification(path: Path) -> Specification:
    located, problems = load_located(path, nulls=True)  # `compendial: null` means no compendial method
    if located is None or located.data is None:
        raise UserError(problems or [error(display_path(path), 1, 1, "empty-file", "the specification is empty")])
    specification, problems = parse_model(Specification, located)
    if specification is None:
        raise UserError(problems)
    return specification
