"""The catalog's schema: the single source of truth.

JSON Schema (for editors), the field reference in the docs and all validation derive
from these models. Every model forbids unknown fields, so a misspelt key is reported
instead of silently ignored. Scalars arrive from YAML as strings and are typed here.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from enum import Enum
from typing import Annotated, Any, ClassVar

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, model_validator

REQUIREMENT_ID_PATTERN = r"^EXO-[A-Z]{2,4}-[0-9]{3}$"
SOURCE_ID_PATTERN = r"^[A-Z][A-Z0-9]*(-[A-Za-z0-9.]+)*$"
DATE_PATTERN = r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"
SLUG_PATTERN = r"^[a-z][a-z0-9_]*$"
FOLDER_PATTERN = r"^[a-z][a-z0-9-]*$"

NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
RequirementId = Annotated[str, StringConstraints(pattern=REQUIREMENT_ID_PATTERN)]
SourceId = Annotated[str, StringConstraints(pattern=SOURCE_ID_PATTERN)]
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN)]


def _calendar_date(value: str) -> str:
    """The pattern admits 2024-02-30 and 2024-13; a date must also exist on the calendar."""
    parts = [int(part) for part in value.split("-")] + [1, 1]
    try:
        dt.date(parts[0], parts[1], parts[2])
    except ValueError:
        raise ValueError(f"'{value}' is not a calendar date") from None
    return value


PartialDate = Annotated[str, StringConstraints(pattern=DATE_PATTERN), AfterValidator(_calendar_date)]


def _yaml_bool(value: Any) -> Any:
    """YAML scalars reach us as text; accept only the two unambiguous spellings."""
    if isinstance(value, str):
        if value not in ("true", "false"):
            raise ValueError("write exactly true or false (yes/no/on/off are ambiguous)")
        return value == "true"
    return value


YamlBool = Annotated[bool, BeforeValidator(_yaml_bool)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False)


class StringShorthand(BaseModel):
    """A mapping that YAML may also give as a plain string, meaning its `SHORTHAND` field.

    Committee members write the common case briefly (`title: Cell banks`) and the full
    form only when they need it (`title: {en: ..., ja: ...}`); the JSON Schema says both.
    """

    SHORTHAND: ClassVar[str]

    @model_validator(mode="before")
    @classmethod
    def _plain_string_is_shorthand(cls, value: Any) -> Any:
        return {cls.SHORTHAND: value} if isinstance(value, str) else value

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema: Any, handler: Any) -> dict[str, Any]:
        mapping = handler(core_schema)
        return {"anyOf": [{"type": "string", "minLength": 1}, mapping]}


FINGERPRINT_PATTERN = r"^[0-9a-f]{8}$"


def fingerprint(english: str) -> str:
    """The short fingerprint a Japanese text records of the English it translates.

    The first 8 hex digits of SHA-256 over the NFC English: short enough to sit on its own
    line in YAML, long enough that an edited English text is never mistaken for the old one.
    """
    return hashlib.sha256(unicodedata.normalize("NFC", english).encode("utf-8")).hexdigest()[:8]


class LocalizedText(StringShorthand, _Model):
    """Text in English, optionally with a Japanese rendering.

    A plain string in YAML means English; a mapping `{en: ..., ja: ...}` adds Japanese.
    English is required so every reader has an authoritative text. `ja_of` records which
    English the Japanese was reviewed against, so an English edit shows the Japanese as stale.
    """

    SHORTHAND: ClassVar[str] = "en"

    en: NonEmpty = Field(description="English text (authoritative).")
    ja: NonEmpty | None = Field(default=None, description="Japanese text (optional).")
    ja_of: Annotated[str, StringConstraints(pattern=FINGERPRINT_PATTERN)] | None = Field(
        default=None, description="Fingerprint of the English the Japanese translates (8 hex digits; "
                                  "written by `exodossier translate --reviewed`).")

    @model_validator(mode="after")
    def _fingerprint_needs_japanese(self) -> "LocalizedText":
        if self.ja_of is not None and self.ja is None:
            raise ValueError("ja_of records which English a Japanese text translates; add ja or remove ja_of")
        return self

    def __str__(self) -> str:
        return self.en

    def text(self, language: str = "en") -> str:
        return self.ja if language == "ja" and self.ja else self.en

    @property
    def en_fingerprint(self) -> str:
        return fingerprint(self.en)

    @property
    def ja_pending(self) -> bool:
        """True when the Japanese is missing, was never recorded as reviewed, or translates an older English."""
        return self.ja is None or self.ja_of != self.en_fingerprint

    def in_language(self, language: str) -> tuple[str, bool]:
        """The text to show in `language`, and whether to mark it as a pending translation."""
        if language != "ja":
            return self.en, False
        return (self.ja or self.en), self.ja_pending


Text = LocalizedText


class Criticality(str, Enum):
    """Severity of the risk a requirement controls, in the ICH Q9 sense."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class RequirementStatus(str, Enum):
    """Review state: draft -> under_review -> adopted -> retired."""

    DRAFT = "draft"
    UNDER_REVIEW = "under_review"
    ADOPTED = "adopted"
    RETIRED = "retired"


class ExpectationLevel(str, Enum):
    """How firmly a requirement is expected at a stage (RFC 2119 style)."""

    MAY = "may"
    SHOULD = "should"
    MUST = "must"


class SourceStatus(str, Enum):
    CURRENT = "current"
    SUPERSEDED = "superseded"
    DRAFT = "draft"
    WITHDRAWN = "withdrawn"


class SourceKind(str, Enum):
    ICH_GUIDELINE = "ich_guideline"
    JP_LAW = "jp_law"
    JP_ORDINANCE = "jp_ordinance"
    JP_NOTIFICATION = "jp_notification"
    JP_GUIDANCE = "jp_guidance"
    PHARMACOPOEIA = "pharmacopoeia"
    REGULATORY_GUIDANCE = "regulatory_guidance"
    WHO = "who"
    SOCIETY_POSITION = "society_position"
    STANDARD = "standard"
    JOURNAL_ARTICLE = "journal_article"


class RelationType(str, Enum):
    DEPENDS_ON = "depends_on"
    REFINES = "refines"
    SEE_ALSO = "see_also"


# --------------------------------------------------------------------------- taxonomy


class CatalogInfo(_Model):
    """Identity of a catalog revision, recorded in every output made from it."""

    title: Text
    version: NonEmpty = Field(description="Release version of the catalog, e.g. '0.1.0'.")
    date: PartialDate | None = Field(default=None, description="Release date (YYYY-MM-DD).")
    publisher: Text | None = None
    disclaimer: Text | None = None


class Category(_Model):
    id: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2,4}$")] = Field(
        description="Prefix used in requirement ids, e.g. 'RM' for EXO-RM-001.")
    slug: Annotated[str, StringConstraints(pattern=FOLDER_PATTERN)] = Field(description="Folder name under requirements/ and page name on the site.")
    title: Text
    description: Text


class Stage(_Model):
    id: Slug
    title: Text
    description: Text | None = None


class AttributeValue(_Model):
    id: Slug
    title: Text


class Attribute(_Model):
    """A product attribute that requirement applicability can depend on."""

    id: Slug
    title: Text
    description: Text | None = None
    values: list[AttributeValue] = Field(min_length=1)


class CtdSection(_Model):
    id: Annotated[str, StringConstraints(pattern=r"^[1-5](\.[0-9A-Z]+)*$")] = Field(
        description="CTD section number per ICH M4Q(R1), e.g. '3.2.S.2.3'.")
    title: Text


class Taxonomy(_Model):
    """Controlled vocabularies shared by requirements and product profiles."""

    catalog: CatalogInfo
    categories: list[Category] = Field(min_length=1)
    stages: list[Stage] = Field(min_length=1, description="Development stages, earliest first.")
    attributes: list[Attribute] = Field(default_factory=list)
    ctd_sections: list[CtdSection] = Field(default_factory=list)


# --------------------------------------------------------------------------- terminology


class TermGroup(str, Enum):
    """The glossary's sections, in reading order."""

    REGULATORY = "regulatory"
    QUALITY = "quality"
    BIOLOGICS = "biologics"
    EV = "ev"
    MANUFACTURING = "manufacturing"
    INHALATION = "inhalation"
    MODEL_CASE = "model_case"


class Term(_Model):
    """One controlled term: the English, the Japanese every Japanese text uses, and where that form comes from.

    validate checks the Japanese texts against these entries (discouraged variants, missing
    counterparts), and the glossary of the site and the guideline's definitions are made from them.
    """

    id: Slug = Field(description="Stable slug, e.g. 'drug_substance'.")
    en: NonEmpty = Field(description="The English term as the catalog writes it.")
    ja: NonEmpty = Field(description="The Japanese form to use in every Japanese text.")
    ja_source: NonEmpty = Field(description="Where the Japanese form comes from (the official Japanese text, "
                                            "e.g. the MHLW notice of an ICH guideline).")
    verified: YamlBool = Field(description="True only when the Japanese form was seen in an official MHLW, PMDA or "
                                           "JP text; false marks it unconfirmed.")
    discouraged: list[NonEmpty] = Field(default_factory=list,
                                        description="Japanese variants not to use; validate warns where they appear.")
    note: Text | None = Field(default=None, description="Usage note: context, short forms, what to check.")
    group: TermGroup = Field(description="Glossary section: regulatory, quality, biologics, ev, manufacturing, "
                                         "inhalation or model_case.")
    definition: Text | None = Field(default=None, description="What the term means in this guideline (the glossary).")
    see: list[SourceId] = Field(default_factory=list, description="Sources that use or define the term.")


class Terminology(_Model):
    """The controlled terminology of the Japanese edition (requirements_catalog/terminology.yaml)."""

    terms: list[Term] = Field(default_factory=list, description="Controlled terms, in reading order.")


# --------------------------------------------------------------------------- sources


class Clause(_Model):
    id: NonEmpty = Field(description="Clause or section number as printed in the source, e.g. '3.1.3'.")
    title: Text


class Source(_Model):
    """A document the catalog cites: guideline, notification, chapter or paper."""

    id: SourceId = Field(description="Stable id, e.g. ICH-Q5A-R2; the file is sources/<id>.yaml.")
    title: Text = Field(description="Exact title; Japanese documents keep the Japanese title in `ja`.")
    kind: SourceKind = Field(description="Kind of document (ICH guideline, JP notification, pharmacopoeia, ...).")
    issuer: NonEmpty = Field(description="Who issued it (ICH, MHLW, PMDA, EDQM, ISEV, ...).")
    document_number: NonEmpty | None = Field(default=None, description="Official number, e.g. 医薬薬審発0109第3号.")
    version: NonEmpty = Field(description="Version label citations are reviewed against, e.g. 'R2' or '2023'.")
    date: PartialDate | None = Field(default=None, description="Date of this version (YYYY, YYYY-MM or YYYY-MM-DD).")
    date_note: Text | None = Field(default=None, description="What the date means (Step 4, notification, effective).")
    status: SourceStatus = Field(description="current, superseded, draft or withdrawn.")
    superseded_by: SourceId | None = Field(default=None, description="Id of the successor; required when superseded.")
    url: Annotated[str, StringConstraints(pattern=r"^https?://\S+$")] | None = Field(
        default=None, description="Official address; only when certain.")
    verified: YamlBool = Field(description="True only when the facts above were checked against a public copy.")
    verification_note: Text | None = Field(default=None, description="What was checked, or what is not yet.")
    summary: Text | None = Field(default=None, description="What the document covers, for EV products.")
    clauses: list[Clause] = Field(default_factory=list, description="The clauses requirements cite.")

    @model_validator(mode="after")
    def _superseded_needs_successor(self) -> "Source":
        if self.status is SourceStatus.SUPERSEDED and not self.superseded_by:
            raise ValueError("a superseded source must name its successor in superseded_by")
        return self


# --------------------------------------------------------------------------- requirements


class StageExpectation(_Model):
    """From `stage` on (until a later entry), the requirement is expected at `level`."""

    stage: Slug = Field(description="Stage id from taxonomy.yaml (nonclinical, phase1, ...).")
    level: ExpectationLevel = Field(description="may, should or must.")
    note: Text = Field(description="What is enough at this stage.")


class Citation(_Model):
    source: SourceId = Field(description="Id of the cited source.")
    clause: NonEmpty | None = Field(default=None, description="Clause id within the source.")
    reviewed_version: NonEmpty | None = Field(
        default=None, description="Source version this citation was last reviewed against; empty = never reviewed.")
    reviewed_by: NonEmpty | None = Field(default=None, description="Who last reviewed the citation.")
    reviewed_on: PartialDate | None = Field(default=None, description="When (YYYY-MM-DD).")
    note: Text | None = Field(default=None, description="What exactly the clause supports.")


class Relation(_Model):
    id: RequirementId = Field(description="The related requirement.")
    type: RelationType = Field(description="depends_on, refines or see_also.")


class StatusChange(_Model):
    """One step of a requirement's review history."""

    status: RequirementStatus
    by: NonEmpty
    on: PartialDate
    reason: Text | None = None


class Requirement(_Model):
    """One quality requirement of the guideline."""

    id: RequirementId = Field(description="EXO-<category>-<number>, e.g. EXO-RM-001; never reused.")
    title: Text = Field(description="Short title, as it appears in tables and the navigation.")
    statement: Text = Field(description="Normative text (must / should / may).")
    rationale: Text = Field(description="Why this matters for EV products in particular.")
    category: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2,4}$")] = Field(
        description="Category id from taxonomy.yaml; must match the id's prefix and the folder.")
    topic: NonEmpty = Field(description="Topic within the category, spelt the same across requirements.")
    criticality: Criticality = Field(description="Severity of the risk controlled: high, medium or low (ICH Q9).")
    status: RequirementStatus = Field(description="Review state: draft, under_review, adopted or retired.")
    stage_expectations: list[StageExpectation] = Field(
        min_length=1, description="From which development stage the requirement is expected, and how firmly.")
    applicability: dict[Slug, list[Slug]] = Field(
        default_factory=dict,
        description="Attribute id -> allowed values; the requirement applies when every listed attribute matches.")
    acceptance_criteria: list[Text] = Field(
        default_factory=list, description="Example criteria, or the parameters a sponsor must define.")
    methods: list[Text] = Field(default_factory=list, description="Analytical or study methods that fit.")
    evidence: list[Text] = Field(default_factory=list, description="What a sponsor would show a reviewer.")
    ctd_sections: list[NonEmpty] = Field(default_factory=list, description="CTD section ids from taxonomy.yaml.")
    citations: list[Citation] = Field(default_factory=list, description="Sources (and clauses) that support it.")
    related: list[Relation] = Field(default_factory=list, description="Typed links to other requirements.")
    model_case_notes: Text | None = Field(
        default=None, description="Notes for the model case: airway epithelial cell-derived exosomes for inhalation.")
    retired_reason: Text | None = Field(default=None, description="Why it was retired; required when retired.")
    history: list[StatusChange] = Field(default_factory=list, description="Review steps: status, by whom, when.")

    @model_validator(mode="after")
    def _retired_needs_reason(self) -> "Requirement":
        if self.status is RequirementStatus.RETIRED and self.retired_reason is None:
            raise ValueError("a retired requirement must give retired_reason")
        return self

    @property
    def number(self) -> int:
        return int(self.id.rsplit("-", 1)[1])


ID_RE = re.compile(REQUIREMENT_ID_PATTERN)

# Fields that record the review process rather than the requirement's content: a change to them is
# not a change of the requirement (diff, release notes, the gap record).
IGNORED_FIELDS = frozenset({"history"})


# --------------------------------------------------------------------------- releases


class ChangeKind(str, Enum):
    ADDED = "added"
    CHANGED = "changed"
    RETIRED = "retired"
    REMOVED = "removed"


class ReleaseChange(_Model):
    """One item's change in a release, as computed by `exodossier release cut`."""

    id: NonEmpty
    kind: ChangeKind
    fields: list[NonEmpty] = Field(default_factory=list, description="Changed fields, for kind 'changed'.")
    note: Text | None = None


class Release(_Model):
    """A versioned release of the catalog, with the changes since the previous one."""

    version: NonEmpty
    date: PartialDate
    previous: NonEmpty | None = Field(default=None, description="Version of the previous release, if any.")
    summary: Text | None = None
    requirements: list[ReleaseChange] = Field(default_factory=list)
    sources: list[ReleaseChange] = Field(default_factory=list)


class Ledger(_Model):
    """Every requirement id ever issued, so that no id is ever reused or silently deleted."""

    issued: list[RequirementId] = Field(default_factory=list, description="Issued ids, in order of issue.")


# Review states a requirement may move between (draft -> under_review -> adopted -> retired).
ALLOWED_TRANSITIONS: dict[RequirementStatus, set[RequirementStatus]] = {
    RequirementStatus.DRAFT: {RequirementStatus.UNDER_REVIEW, RequirementStatus.RETIRED},
    RequirementStatus.UNDER_REVIEW: {RequirementStatus.DRAFT, RequirementStatus.ADOPTED, RequirementStatus.RETIRED},
    # Back to draft is always possible (an adoption found premature is undone in one step).
    RequirementStatus.ADOPTED: {RequirementStatus.UNDER_REVIEW, RequirementStatus.DRAFT, RequirementStatus.RETIRED},
    RequirementStatus.RETIRED: set(),
}
