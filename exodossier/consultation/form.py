"""The comment form: a workbook a commenter fills in offline, one row per comment.

The requirement column is a drop-down of the release's ids (plus "general"), the organisation
type and language columns are drop-downs too, so what comes back can be checked cell by cell.
A second sheet lists the requirements with their titles, for choosing the right id.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from exodossier.catalog.loader import Catalog
from exodossier.consultation.labels import DOMAIN, LANGUAGE_NAMES, organisation_labels
from exodossier.consultation.models import GENERAL
from exodossier.errors import UserError, error
from exodossier.i18n.messages import translator
from exodossier.spreadsheet.workbook import Column, SheetSpec, workbook_bytes

COMMENTS_SHEET = "Comments"
REQUIREMENTS_SHEET = "Requirements"
FORM_ROWS = 300  # empty rows that keep the drop-downs


@dataclass(frozen=True)
class FormColumns:
    """The form's column headers in one language; the importer accepts either language's."""

    reference: str
    requirement: str
    organisation_type: str
    comment: str
    proposed_change: str
    language: str
    name: str
    email: str
    organisation: str

    @property
    def required(self) -> list[str]:
        return [self.requirement, self.organisation_type, self.comment, self.proposed_change, self.language]

    @property
    def optional(self) -> list[str]:
        return [self.reference, self.name, self.email, self.organisation]


def form_columns(language: str) -> FormColumns:
    _ = translator(DOMAIN, language)
    return FormColumns(
        reference=_("Your reference (optional)"),
        requirement=_("Requirement"),
        organisation_type=_("Organisation type"),
        comment=_("Comment"),
        proposed_change=_("Proposed change"),
        language=_("Language of the comment"),
        name=_("Name (optional)"),
        email=_("Email (optional)"),
        organisation=_("Organisation (optional)"),
    )


def check_release(catalog: Catalog, release: str | None) -> str:
    """The release the form is for: the catalog's version, or a release it records."""
    chosen = release or catalog.version
    if chosen != catalog.version and chosen not in catalog.releases:
        known = ", ".join([catalog.version, *catalog.releases])
        raise UserError([error("--release", 0, 0, "unknown-release", f"the catalog has no release '{chosen}'",
                               expected=f"one of: {known}", hint="leave --release out to use the catalog's version")],
                        exit_code=2)
    return chosen


def form_bytes(catalog: Catalog, release: str, language: str, when: dt.datetime) -> bytes:
    """The comment form for `release`, with instructions and headers in `language`."""
    _ = translator(DOMAIN, language)
    headers = form_columns(language)
    ids = [GENERAL, *catalog.requirements]
    title = catalog.taxonomy.catalog.title.text(language)
    comments = SheetSpec(COMMENTS_SHEET, [
        Column(headers.reference, width=14),
        Column(headers.requirement, width=16, choices=ids),
        Column(headers.organisation_type, width=28, choices=list(organisation_labels(language).values())),
        Column(headers.comment, width=60),
        Column(headers.proposed_change, width=50),
        Column(headers.language, width=12, choices=list(LANGUAGE_NAMES.values())),
        Column(headers.name, width=18),
        Column(headers.email, width=22),
        Column(headers.organisation, width=22),
    ], title_lines=[
        _("Comments on the draft guideline: {title}, release {release}").format(title=title, release=release),
        _("One row per comment. Choose the requirement id from the list (see the Requirements sheet), or "
          "'general' for a comment on the guideline as a whole."),
        _("Name, email and organisation are optional; unless you agree otherwise, only the organisation type is "
          "kept and published."),
        _("Type text only: formulas and merged cells are not read."),
    ], validation_rows=FORM_ROWS)
    requirement_rows = [[r.id, r.title.text(language), catalog.category(r.category).title.text(language)]
                        for r in catalog.requirements.values()]
    listing = SheetSpec(REQUIREMENTS_SHEET, [Column(_("Id"), width=14), Column(_("Title"), width=70),
                                             Column(_("Category"), width=30)], rows=requirement_rows)
    return workbook_bytes([comments, listing], when)
