"""The consultation's data: the single source of truth for its YAML files and their JSON Schema.

A round (`consultation/<round>/round.yaml`) is one public consultation on a draft release; each
comment is one file beside it (`consultation/<round>/C001.yaml`), so committee members decide on
comments in parallel and git keeps every decision's history. The committee adds a `disposition`
to each comment file; the importer never writes one.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import Enum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from exodossier.catalog.models import PartialDate, RequirementId

ROUND_ID_PATTERN = r"^[0-9A-Za-z][0-9A-Za-z._-]{0,39}$"
COMMENT_ID_PATTERN = r"^C[0-9]{3,6}$"
COMMIT_PATTERN = r"^[0-9a-f]{7,40}$"
GENERAL = "general"  # a comment on the guideline as a whole rather than on one requirement
COMMENT_ID = re.compile(COMMENT_ID_PATTERN)

NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
RoundId = Annotated[str, StringConstraints(pattern=ROUND_ID_PATTERN)]
CommentId = Annotated[str, StringConstraints(pattern=COMMENT_ID_PATTERN)]
Commit = Annotated[str, StringConstraints(pattern=COMMIT_PATTERN)]
Target = RequirementId | Literal["general"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class OrganisationType(str, Enum):
    """Who commented, as a kind of organisation: the only commenter data kept by default."""

    SPONSOR = "sponsor"
    CDMO = "cdmo"
    ACADEMIA = "academia"
    REGULATOR = "regulator"
    INDUSTRY_ASSOCIATION = "industry_association"
    HEALTHCARE = "healthcare"
    INDIVIDUAL = "individual"
    OTHER = "other"


class CommentLanguage(str, Enum):
    EN = "en"
    JA = "ja"


class Decision(str, Enum):
    """The committee's decision on a comment, as the published table groups them."""

    ACCEPTED = "accepted"
    PARTLY_ACCEPTED = "partly_accepted"
    NOT_ACCEPTED = "not_accepted"
    NOTED = "noted"  # noted, or out of the guideline's scope


class RoundStatus(str, Enum):
    OPEN = "open"
    CLOSED = "closed"


class Bilingual(_Model):
    """Committee text in Japanese and English; a closed round needs both (checked by `validate`)."""

    en: NonEmpty | None = Field(default=None, description="English text.")
    ja: NonEmpty | None = Field(default=None, description="Japanese text.")

    @model_validator(mode="after")
    def _one_language_at_least(self) -> "Bilingual":
        if self.en is None and self.ja is None:
            raise ValueError("write the text in en, ja or both")
        return self

    def text(self, language: str) -> tuple[str, bool]:
        """The text in `language`, else the other one and True (so a view can mark it)."""
        wanted, other = (self.ja, self.en) if language == "ja" else (self.en, self.ja)
        return (wanted, False) if wanted is not None else (other or "", True)


class Origin(_Model):
    """Where an imported comment came from: enough to find it again, nothing personal."""

    kind: Literal["workbook", "github"] = Field(description="workbook (the comment form) or github (an issue).")
    file: NonEmpty = Field(description="File name of the workbook or of the issues export.")
    place: NonEmpty = Field(description="Cell row (Comments!B12) or issue number (#12).")
    fingerprint: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{16}$")] = Field(
        description="Digest of the requirement, comment and proposed change; re-importing skips known ones.")


class Contact(_Model):
    """Personal data, kept only when the import was run with --keep-contact."""

    name: NonEmpty | None = None
    email: NonEmpty | None = None
    organisation: NonEmpty | None = None


class Change(_Model):
    """The change a comment caused: the requirements, and the commit or release that changed them."""

    requirements: list[RequirementId] = Field(min_length=1, description="Requirement ids whose text changed.")
    commit: Commit | None = Field(default=None, description="The git commit that changed them (7 to 40 hex digits).")
    release: NonEmpty | None = Field(default=None, description="Or the catalog release that records the change.")

    @model_validator(mode="after")
    def _commit_or_release(self) -> "Change":
        if (self.commit is None) == (self.release is None):
            raise ValueError("name exactly one of commit or release")
        return self


class Disposition(_Model):
    """The committee's decision on one comment, its published response, and the change it caused."""

    decision: Decision = Field(description="accepted, partly_accepted, not_accepted or noted (also out of scope).")
    response: Bilingual = Field(description="The committee's view, as published (Japanese and English).")
    change: Change | None = Field(default=None, description="Required when accepted: what changed, and where.")
    decided_on: PartialDate | None = Field(default=None, description="When the committee decided (YYYY-MM-DD).")


class Comment(_Model):
    """One comment from the public consultation, as imported; the committee adds the disposition."""

    id: CommentId = Field(description="C001, C002, ...; the file is <round>/<id>.yaml.")
    requirement: Target = Field(description="The requirement commented on, or 'general'.")
    organisation_type: OrganisationType = Field(description="The commenter's kind of organisation.")
    language: CommentLanguage = Field(description="The language the comment is written in (en or ja).")
    comment: NonEmpty = Field(description="The comment, verbatim.")
    proposed_change: NonEmpty | None = Field(default=None, description="The commenter's proposed text, verbatim.")
    submitted: PartialDate | None = Field(default=None, description="When it was submitted (YYYY-MM-DD).")
    origin: Origin
    contact: Contact | None = Field(default=None, description="Personal data; absent unless --keep-contact.")
    summary: Bilingual | None = Field(default=None, description="The committee's summary, for the published table.")
    disposition: Disposition | None = Field(default=None, description="The committee's decision and response.")

    @property
    def number(self) -> int:
        return int(self.id[1:])

    @property
    def category(self) -> str:
        """The category prefix (RM, DP, ...), or 'general'."""
        return self.requirement.split("-")[1] if self.requirement != GENERAL else GENERAL


class Round(_Model):
    """One public consultation on a draft release of the guideline."""

    id: RoundId = Field(description="Round id, e.g. 2027-1; the folder is consultation/<id>/.")
    title: Bilingual = Field(description="What was consulted on, as the published results name it.")
    release: NonEmpty = Field(description="Catalog version of the draft consulted on.")
    status: RoundStatus = Field(description="open while comments come in and decisions are made; closed to publish.")
    opened: PartialDate = Field(description="First day of the comment period (YYYY-MM-DD).")
    closes: PartialDate | None = Field(default=None, description="Last day of the comment period (YYYY-MM-DD).")
    note: Bilingual | None = Field(default=None, description="A note printed under the title of the results.")


def parse_day(value: str | None) -> dt.date | None:
    """A YYYY-MM-DD field as a date (partial dates give the first day)."""
    if not value:
        return None
    parts = [int(part) for part in value.split("-")] + [1, 1]
    return dt.date(parts[0], parts[1], parts[2])


# File stem -> model, for `exodossier schema` and editors.
CONSULTATION_MODELS: dict[str, type[BaseModel]] = {"consultation-round": Round, "consultation-comment": Comment}
