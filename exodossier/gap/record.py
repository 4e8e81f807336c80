"""What a gap report's JSON export records so that a later report can be compared with it.

Besides the figures, the export holds a `register`: one record per catalog requirement with
its applicability, expectation levels, the sponsor's status, the open-gap flag and
fingerprints of the requirement's content. The pydantic models below define that part once:
the export writes it through them and `exodossier gap --compare` reads a previous export
back through them, so writer and reader cannot disagree. Sponsors' tools read the same
file, so fields are only ever added; `FORMAT_VERSION` changes only when an existing field
changes meaning (format 1, without `format`, `format_version` and `register`, could not be
compared with).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError, field_validator

from exodossier.catalog.loader import display_path, validation_diagnostics
from exodossier.catalog.models import IGNORED_FIELDS
from exodossier.errors import UserError, error
from exodossier.catalog.models import (Criticality, ExpectationLevel, Requirement, RequirementId, RequirementStatus)
from exodossier.gap.profile import AssessmentStatus
from exodossier.gap.scoring import Priority
from exodossier.catalog.yaml_reader import Located, parse_json, parse_text, read_text

if TYPE_CHECKING:
    from exodossier.gap.analysis import GapRow

FORMAT = "exodossier-gap-report"
FORMAT_VERSION = 2
MAX_REPORT_BYTES = 50_000_000
FIELD_DIGEST_LENGTH = 16
Sha256 = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]


# --------------------------------------------------------------------------- fingerprints


def _canonical(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def requirement_content(requirement: Requirement) -> dict[str, Any]:
    """The requirement as compared across reports.

    Fields left at their default are omitted, so a field added to the models later does not
    make every requirement look changed; the review history is left out, as in `exodossier diff`.
    """
    return requirement.model_dump(mode="json", exclude_defaults=True, exclude=set(IGNORED_FIELDS))


def fingerprint(requirement: Requirement) -> str:
    return hashlib.sha256(_canonical(requirement_content(requirement))).hexdigest()


def field_fingerprints(requirement: Requirement) -> dict[str, str]:
    """One short digest per field, so a later report can name which fields changed."""
    return {name: hashlib.sha256(_canonical(value)).hexdigest()[:FIELD_DIGEST_LENGTH]
            for name, value in requirement_content(requirement).items()}


def changed_fields(before: dict[str, str], after: dict[str, str]) -> list[str]:
    """Field names whose digests differ (present in one only counts), in the models' field order."""
    return [name for name in Requirement.model_fields if before.get(name) != after.get(name)]


# --------------------------------------------------------------------------- the record


class _Record(BaseModel):
    # Unknown keys are ignored: a newer exodossier may add fields, and the export holds much more.
    model_config = ConfigDict(extra="ignore", frozen=True)


class RequirementRecord(_Record):
    """One catalog requirement as it stood for the product when the report was generated."""

    id: RequirementId = Field(description="Requirement id, e.g. EXO-RM-001.")
    title: str = Field(description="English title, so a requirement later removed can still be named.")
    category: str = Field(description="Category id, e.g. RM.")
    criticality: Criticality = Field(description="Criticality in the catalog.")
    committee_status: RequirementStatus = Field(description="Review state in the catalog.")
    applicable: bool = Field(description="Whether the requirement applies to the product (its attributes).")
    in_scope: bool = Field(description="Applies and is expected at the current or the next stage.")
    level_now: ExpectationLevel | None = Field(description="Expectation at the current stage; null: not expected.")
    level_next: ExpectationLevel | None = Field(description="Expectation at the next stage; null: not expected.")
    status: AssessmentStatus = Field(
        description="The sponsor's status; not_assessed when the profile has none or the requirement does not apply.")
    open_gap: bool = Field(description="In scope with an open status: the requirement is in the action plan.")
    priority: Priority | None = Field(description="Action priority of the open gap; null when there is none.")
    fingerprint: Sha256 = Field(
        description="SHA-256 of the requirement's content (canonical JSON of its fields, without the review "
                    "history and fields left at their default): differs exactly when the requirement changed.")
    field_fingerprints: dict[str, str] = Field(
        description=f"Field name -> first {FIELD_DIGEST_LENGTH} hex digits of the SHA-256 of that field's value; "
                    "names which fields changed.")


class CatalogRecord(_Record):
    """The catalog revision the report was generated from."""

    title: str = Field(description="Catalog title.")
    version: str = Field(description="Catalog version (taxonomy.yaml catalog.version), e.g. 1.0.0.")
    date: str | None = Field(default=None, description="Catalog release date, when recorded.")
    content_sha256: Sha256 = Field(description="SHA-256 over the catalog's files: identical content, identical digest.")


class ProductRecord(_Record):
    """The product as the profile described it."""

    name: str = Field(description="Product name (English).")
    code: str | None = Field(default=None, description="Development code.")
    current_stage: str = Field(description="Current development stage id.")
    next_stage: str | None = Field(default=None, description="Next stage id; null at the final stage.")
    attributes: dict[str, str] = Field(default_factory=dict,
                                       description="Product attributes: attribute id -> value id.")


class ReportRecord(_Record):
    """The part of the JSON export that a later `exodossier gap --compare` reads."""

    format: str = Field(description=f"Always '{FORMAT}'.")
    format_version: int = Field(description=f"{FORMAT_VERSION}; changes only when an existing field changes meaning.")
    generated: Annotated[str, StringConstraints(pattern=r"^\d{4}-\d{2}-\d{2}T")] = Field(
        description="Generation date and time, ISO 8601 with offset (SOURCE_DATE_EPOCH when set).")
    catalog: CatalogRecord = Field(description="The catalog revision used.")
    product: ProductRecord = Field(description="The product analysed.")
    # `register` is also ABCMeta's method on every model class, hence the alias.
    entries: list[RequirementRecord] = Field(alias="register",
                                             description="Every catalog requirement, in category and id order.")

    @field_validator("entries")
    @classmethod
    def _ids_are_unique(cls, records: list[RequirementRecord]) -> list[RequirementRecord]:
        seen: set[str] = set()
        for record in records:
            if record.id in seen:
                raise ValueError(f"requirement '{record.id}' is listed twice in the register")
            seen.add(record.id)
        return records

    @property
    def date(self) -> str:
        return self.generated[:10]


def requirement_record(row: GapRow) -> RequirementRecord:
    """The record of one row of the current analysis, exactly as the export writes it."""
    return RequirementRecord(
        id=row.id, title=row.title, category=row.requirement.category, criticality=row.criticality,
        committee_status=row.requirement.status, applicable=row.decision.applies, in_scope=row.in_scope,
        level_now=row.now.level if row.now else None, level_next=row.following.level if row.following else None,
        status=row.status, open_gap=row.priority is not None, priority=row.priority,
        fingerprint=fingerprint(row.requirement), field_fingerprints=field_fingerprints(row.requirement))


# --------------------------------------------------------------------------- reading a previous report


def load_report(path: Path) -> ReportRecord:
    """Read a previous JSON export; anything else is a `UserError` that says what is wrong and where."""
    display = display_path(path)
    if path.is_dir():
        raise UserError([error(display, 0, 0, "io", "this is a folder, not a file",
                               hint="name the .json file of the previous gap report")])
    text = read_text(path, display, max_bytes=MAX_REPORT_BYTES)
    data = parse_json(text, display, hint="pass the file written by `exodossier gap --format json`",
                      what=" to be a gap report")
    _check_kind(data, display)
    try:
        return ReportRecord.model_validate(data)
    except ValidationError as exc:
        raise UserError(validation_diagnostics(_located(text, display, data), exc)) from None


def _check_kind(data: Any, display: str) -> None:
    """One clear message for a file that is not a comparable gap report, instead of a list of missing fields."""
    if not isinstance(data, dict):
        raise UserError([error(display, 1, 1, "not-a-gap-report",
                               f"not a gap report: the file holds a JSON {type(data).__name__}, not an object",
                               hint="pass the file written by `exodossier gap --format json`")])
    if data.get("format") == FORMAT:
        version = data.get("format_version")
        if isinstance(version, int) and version > FORMAT_VERSION:
            raise UserError([error(display, 1, 1, "gap-report-too-new",
                                   f"written by a newer exodossier (format {version}); this one reads up to "
                                   f"format {FORMAT_VERSION}", hint="upgrade exodossier")])
        return
    if "applicability_trace" in data and "requirements" in data:
        raise UserError([error(display, 1, 1, "gap-report-too-old",
                               "this gap report predates comparison: it does not record applicability, levels, "
                               "status and fingerprints for every requirement (no 'register')",
                               hint="regenerate it from the catalog revision and profile it was made from, or "
                                    "compare against reports written from now on")])
    raise UserError([error(display, 1, 1, "not-a-gap-report",
                           f"not an exodossier gap report ('format' is not '{FORMAT}')",
                           hint="pass the file written by `exodossier gap --format json`")])


def _located(text: str, display: str, data: Any) -> Located:
    """Positions for validation messages: JSON is YAML, so the positioned YAML parser can find each path."""
    try:
        positions = parse_text(text, display, nulls=True).positions  # JSON null is None
    except UserError:  # a JSON corner YAML 1.1 rejects: messages keep the field path, without a line
        positions = {}
    return Located(display, data, positions)
