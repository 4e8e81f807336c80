"""The sponsor's product profile: what the product is, and how far each requirement is met.

A profile is sponsor input and is treated like catalog input: read with the safe
positioned loader, typed by pydantic (unknown fields are errors), then checked
against the catalog it will be scored with, so a typo in a requirement id or an
attribute value is reported at its line instead of silently dropping a requirement
out of the gap analysis. Profiles never leave the machine; nothing here does I/O
beyond reading the one file it is given.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import ClassVar, Iterator

from pydantic import BaseModel, ConfigDict, Field, model_validator

from exodossier.gap.applicability import decide
from exodossier.catalog.stages import next_stage_of
from exodossier.catalog.loader import Catalog, display_path, parse_model
from exodossier.catalog.schema import CATALOG_MODELS
from exodossier.errors import Diagnostic, UserError, did_you_mean, error, has_errors, warning
from exodossier.catalog.models import LocalizedText, NonEmpty, StringShorthand, PartialDate, RequirementId, RequirementStatus, Slug
from exodossier.catalog.yaml_reader import Located, decode_text, load_file, parse_text, read_bytes


class _ProfileModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False)


class AssessmentStatus(str, Enum):
    """How far the sponsor's evidence meets a requirement today."""

    MET = "met"
    PARTIAL = "partial"
    PLANNED = "planned"
    NOT_MET = "not_met"
    NOT_APPLICABLE = "not_applicable"
    NOT_ASSESSED = "not_assessed"


class Milestone(str, Enum):
    """The regulatory step the gap analysis prepares for."""

    QUALITY_CONSULTATION = "quality_consultation"
    RS_STRATEGY_CONSULTATION = "rs_strategy_consultation"
    PRE_CTN_CONSULTATION = "pre_ctn_consultation"
    FIRST_CTN = "first_ctn"
    CTN_AMENDMENT = "ctn_amendment"
    END_OF_PHASE2_CONSULTATION = "end_of_phase2_consultation"
    PRE_NDA_CONSULTATION = "pre_nda_consultation"
    MARKETING_APPLICATION = "marketing_application"


# Written to sit inside a sentence ("... in preparation for the first clinical trial notification").
MILESTONE_TITLES: dict[Milestone, str] = {
    Milestone.QUALITY_CONSULTATION: "PMDA quality consultation (品質相談)",
    Milestone.RS_STRATEGY_CONSULTATION: "PMDA RS strategy consultation (RS戦略相談)",
    Milestone.PRE_CTN_CONSULTATION: "PMDA consultation before the first clinical trial notification",
    Milestone.FIRST_CTN: "first clinical trial notification (初回治験届)",
    Milestone.CTN_AMENDMENT: "clinical trial notification amendment",
    Milestone.END_OF_PHASE2_CONSULTATION: "end-of-phase-2 consultation",
    Milestone.PRE_NDA_CONSULTATION: "pre-application consultation",
    Milestone.MARKETING_APPLICATION: "marketing application (承認申請)",
}


class StepKind(str, Enum):
    UPSTREAM_CULTURE = "upstream_culture"
    HARVEST = "harvest"
    CLARIFICATION = "clarification"
    TFF = "tff"
    FURTHER_PURIFICATION = "further_purification"
    FORMULATION = "formulation"
    FILL = "fill"
    OTHER = "other"


STEP_TITLES: dict[StepKind, str] = {
    StepKind.UPSTREAM_CULTURE: "Upstream culture",
    StepKind.HARVEST: "Harvest",
    StepKind.CLARIFICATION: "Clarification",
    StepKind.TFF: "Tangential flow filtration",
    StepKind.FURTHER_PURIFICATION: "Further purification",
    StepKind.FORMULATION: "Formulation",
    StepKind.FILL: "Fill and finish",
    StepKind.OTHER: "Other step",
}


class ManufacturingStep(_ProfileModel):
    step: StepKind = Field(description="Kind of step, in process order.")
    title: LocalizedText | None = Field(default=None, description="Name of the step when the kind alone is not enough.")
    description: LocalizedText = Field(description="What is done, with the key parameters.")


class EvidenceRef(StringShorthand, _ProfileModel):
    """A document that supports an assessment; a plain string is its title."""

    SHORTHAND: ClassVar[str] = "title"

    id: NonEmpty | None = Field(default=None, description="Document number in the sponsor's system.")
    title: NonEmpty = Field(description="Title of the document.")
    version: NonEmpty | None = Field(default=None, description="Version of the document relied on.")
    date: PartialDate | None = Field(default=None, description="Date of that version (YYYY, YYYY-MM or YYYY-MM-DD).")


    def label(self) -> str:
        parts = [f"{self.id}: {self.title}" if self.id else self.title]
        if self.version:
            parts.append(f"v{self.version}")
        if self.date:
            parts.append(self.date)
        return ", ".join(parts)


class Assessment(_ProfileModel):
    """The sponsor's own view of one requirement."""

    status: AssessmentStatus = Field(description="not_assessed is the placeholder written by `profile init`.")
    evidence: list[EvidenceRef] = Field(
        default_factory=list, description="The sponsor's documents that support the status (a plain string is a title).")
    comment: LocalizedText | None = Field(default=None, description="What is missing, briefly: the report's gap text.")
    owner: NonEmpty | None = Field(default=None, description="Who owns the open work (a person or a function).")
    due: PartialDate | None = Field(default=None, description="Due date of the open work (YYYY-MM-DD).")
    justification: LocalizedText | None = Field(
        default=None, description="Why the requirement does not apply; required when status is not_applicable.")
    position: LocalizedText | None = Field(
        default=None, description="The sponsor's position: its proposal or justification, and why the remaining gap "
                                  "is acceptable at this stage. A consultation question is drafted only where one is "
                                  "written.")
    action: LocalizedText | None = Field(
        default=None, description="What the sponsor will do to close the gap; the report's recommended action. "
                                  "Without it the report shows the catalog's expected evidence, marked as such.")
    question: LocalizedText | None = Field(
        default=None, description="The question for PMDA ('Does PMDA agree that ...?'); needs a position. Without "
                                  "it the report asks whether PMDA agrees with the position.")

    @model_validator(mode="after")
    def _not_applicable_needs_justification(self) -> "Assessment":
        if self.status is AssessmentStatus.NOT_APPLICABLE and self.justification is None:
            raise ValueError("status not_applicable needs a justification (add 'justification:' with the reason)")
        if self.question is not None and self.position is None:
            raise ValueError("a question for PMDA needs the sponsor's position (add 'position:' with the proposal)")
        return self


class Product(_ProfileModel):
    name: LocalizedText = Field(description="Product name as it appears on the cover.")
    code: NonEmpty | None = Field(default=None, description="Development code, e.g. 'AEX-101'.")
    sponsor: NonEmpty = Field(description="The company developing the product (the applicant).")
    indication: LocalizedText = Field(description="Intended indication.")
    modality: LocalizedText = Field(description="What the product is: vesicle type, cell source, cargo.")
    description: LocalizedText | None = Field(default=None, description="Dosage form, dose and use, in a few sentences.")
    summary: LocalizedText | None = Field(
        default=None, description="The sponsor's own summary of the product's readiness: the opening of the "
                                  "report's executive summary (a few sentences).")
    target_milestone: Milestone
    target_date: PartialDate | None = Field(
        default=None, description="When the milestone is planned (YYYY-MM or YYYY-MM-DD); work due later is P1.")
    current_stage: Slug = Field(description="Development stage id from the catalog taxonomy.")
    next_stage: Slug | None = Field(default=None, description="Defaults to the stage after current_stage.")
    attributes: dict[Slug, Slug] = Field(
        default_factory=dict, description="Taxonomy attribute id -> value id; decides which requirements apply.")
    manufacturing_steps: list[ManufacturingStep] = Field(default_factory=list)
    classification_assumptions: list[LocalizedText] = Field(
        default_factory=list, description="Assumptions added to the report's standard regulatory classification.")


class Revision(_ProfileModel):
    """One line of the report's revision history."""

    version: NonEmpty = Field(description="Document version, e.g. '0.9'.")
    date: PartialDate = Field(description="Date of the version (YYYY-MM-DD).")
    description: LocalizedText = Field(description="What changed in this version.")


class DocumentInfo(_ProfileModel):
    """How the generated report identifies itself."""

    document_id: NonEmpty | None = Field(default=None, description="Document number shown in the page header.")
    version: NonEmpty = Field(default="1.0", description="Document version shown in the footer and the control page.")
    confidentiality: NonEmpty = Field(default="Confidential", description="Confidentiality mark in the page header.")
    prepared_by: NonEmpty | None = Field(default=None, description="Author, for the review and approval table.")
    reviewed_by: NonEmpty | None = Field(default=None, description="Reviewer, for the review and approval table.")
    approved_by: NonEmpty | None = Field(default=None, description="Approver, for the review and approval table.")
    revisions: list[Revision] = Field(
        default_factory=list, description="Revision history, oldest first; printed in the document control.")


class Profile(_ProfileModel):
    """A sponsor's product profile: the input of `exodossier gap`."""

    product: Product = Field(description="What the product is, where it stands and what it is prepared for.")
    document: DocumentInfo = Field(default_factory=DocumentInfo, description="How the report identifies itself.")
    assessments: dict[RequirementId, Assessment] = Field(
        default_factory=dict, description="Requirement id -> assessment; an applicable id left out is 'not assessed'.")


# --------------------------------------------------------------------------- loading


@dataclass(frozen=True)
class LoadedProfile:
    """A validated profile with what the report needs to cite it exactly."""

    profile: Profile
    located: Located
    text: str
    sha256: str

    @property
    def file(self) -> str:
        return self.located.file


def load_profile(path: Path, catalog: Catalog) -> tuple[LoadedProfile, list[Diagnostic]]:
    """Read, type and cross-check a profile; errors raise `UserError`, warnings are returned."""
    display = display_path(path)
    raw = read_bytes(path, display)  # read once: the digest is of the bytes parsed (gap /dev/stdin)
    text = decode_text(raw, display)
    located = parse_text(text, display)
    if located.data is None:
        raise UserError([error(display, 1, 1, "empty-file", "profile is empty",
                               hint="start from `exodossier profile init`")])
    return check_profile_text(located, text, raw, catalog)


def check_profile_text(located: Located, text: str, raw: bytes,
                       catalog: Catalog) -> tuple[LoadedProfile, list[Diagnostic]]:
    profile, problems = parse_model(Profile, located)
    if profile is None:
        raise UserError(problems)
    diagnostics = list(cross_check(profile, located, catalog))
    if has_errors(diagnostics):
        raise UserError([d for d in diagnostics if d.severity.value == "error"])
    return LoadedProfile(profile, located, text, hashlib.sha256(raw).hexdigest()), sorted(diagnostics)


def load_located_profile(path: Path) -> Located:
    """The raw document only (for `profile init`, which must not require a finished profile)."""
    return load_file(path, display_path(path))


def cross_check(profile: Profile, located: Located, catalog: Catalog) -> Iterator[Diagnostic]:
    """What the schema cannot see: ids, stages and attributes must exist in this catalog."""
    yield from _stage_problems(profile, located, catalog)
    yield from _attribute_problems(profile, located, catalog)
    yield from _assessment_problems(profile, located, catalog)


def _at(located: Located, path: tuple[str | int, ...], code: str, message: str, *, warn: bool = False,
        **extra: str) -> Diagnostic:
    line, column = located.position(path)
    make = warning if warn else error
    return make(located.file, line, column, code, message, field_path=".".join(map(str, path)), **extra)


def _stage_problems(profile: Profile, located: Located, catalog: Catalog) -> Iterator[Diagnostic]:
    order = [s.id for s in catalog.taxonomy.stages]
    product = profile.product
    for name in ("current_stage", "next_stage"):
        stage = getattr(product, name)
        if stage is not None and stage not in order:
            yield _at(located, ("product", name), "unknown-stage", f"unknown development stage '{stage}'",
                      expected=", ".join(order), hint=did_you_mean(stage, order))
    if product.current_stage in order and product.next_stage in order:
        if order.index(product.next_stage) <= order.index(product.current_stage):
            yield _at(located, ("product", "next_stage"), "stage-order",
                      f"next_stage '{product.next_stage}' does not come after current_stage '{product.current_stage}'",
                      expected=", ".join(order[order.index(product.current_stage) + 1:]) or "(none: last stage)")
    if product.current_stage in order and product.next_stage is None and next_stage_of(product.current_stage, order) is None:
        yield _at(located, ("product", "current_stage"), "no-next-stage",
                  f"'{product.current_stage}' is the last stage; the report has no next-stage view", warn=True)


def _attribute_problems(profile: Profile, located: Located, catalog: Catalog) -> Iterator[Diagnostic]:
    known = {a.id: [v.id for v in a.values] for a in catalog.taxonomy.attributes}
    stated = profile.product.attributes
    for attribute, value in stated.items():
        where = ("product", "attributes", attribute)
        if attribute not in known:
            yield _at(located, where, "unknown-attribute", f"unknown product attribute '{attribute}'",
                      expected=", ".join(known), hint=did_you_mean(attribute, known))
        elif value not in known[attribute]:
            yield _at(located, where, "unknown-attribute-value", f"'{value}' is not a value of attribute '{attribute}'",
                      expected=", ".join(known[attribute]), hint=did_you_mean(value, known[attribute]))
    for attribute in known:
        if attribute in stated:
            continue
        dependants = [r.id for r in catalog.requirements.values() if attribute in r.applicability]
        if dependants:
            yield _at(located, ("product", "attributes"), "attribute-not-stated",
                      f"attribute '{attribute}' is not stated; {len(dependants)} requirement(s) that depend on it are "
                      "assumed to apply", warn=True, hint=f"add '{attribute}: <value>' ({', '.join(known[attribute])})")


def _assessment_problems(profile: Profile, located: Located, catalog: Catalog) -> Iterator[Diagnostic]:
    attributes = profile.product.attributes
    for rid in profile.assessments:
        where = ("assessments", rid)
        requirement = catalog.requirements.get(rid)
        if requirement is None:
            yield _at(located, where, "unknown-requirement", f"requirement '{rid}' does not exist in catalog "
                      f"{catalog.version}", hint=did_you_mean(rid, catalog.requirements))
        elif requirement.status is RequirementStatus.RETIRED:
            yield _at(located, where, "retired-requirement", f"requirement '{rid}' is retired; its assessment is ignored",
                      warn=True, hint="remove the entry")
        elif not decide(requirement, attributes).applies:
            yield _at(located, where, "requirement-does-not-apply",
                      f"requirement '{rid}' does not apply to this product; its assessment is ignored", warn=True,
                      hint=decide(requirement, attributes).explanation())


def all_schema_models() -> dict[str, type[BaseModel]]:
    """Every YAML file kind with a JSON Schema: the catalog's files and the sponsor's profile."""
    return {**CATALOG_MODELS, "profile": Profile}
