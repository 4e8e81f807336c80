"""The assessment register as an Excel workbook, and the edited workbook read back into the profile.

Sponsors assess in Excel. `render_xlsx` writes one sheet per category (plus a summary) with
frozen headers, filters, a drop-down of statuses and dates as dates. `import_register`
reads the edited workbook and changes only the assessment fields a sponsor edits there
(status, owner, due, comment, position, action, question): YAML comments, key order and
every other line of the profile stay as they were. A wrong cell is reported as
`register.xlsx:Safety!C37` with a hint, and nothing is written while anything is wrong.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap

from exodossier.catalog.loader import Catalog, display_path
from exodossier.catalog.yaml_reader import parse_text, read_text
from exodossier.errors import Diagnostic, UserError, error
from exodossier.gap.analysis import GapAnalysis
from exodossier.gap.profile import AssessmentStatus, check_profile_text
from exodossier.gap.profile_init import _round_trip
from exodossier.gap.rows import GapRow
from exodossier.gap.wording import plain
from exodossier.spreadsheet.reader import as_date, open_workbook, read_records
from exodossier.spreadsheet.workbook import CellValue, Column, SheetSpec, sheet_name, workbook_bytes

STATUSES = [s.value for s in AssessmentStatus]
TEXT_FIELDS = ("comment", "position", "action", "question")
SUMMARY_SHEET = "Summary"
# A position longer than this belongs in a document the assessment names as evidence; Excel itself
# stops at 32,767 characters, so a pasted 32k block is caught here rather than copied into the profile.
MAX_TEXT_CHARS = 10_000


@dataclass(frozen=True)
class Field:
    """One register column: its header and, for the columns read back, the assessment key it edits."""

    header: str
    key: str | None
    width: float = 18


FIELDS = (
    Field("ID", None, 14), Field("Requirement", None, 40), Field("Status", "status", 14),
    Field("Expected now", None, 10), Field("Expected next", None, 10), Field("Priority", None, 8),
    Field("Evidence", None, 30), Field("Comment", "comment", 40), Field("Position", "position", 45),
    Field("Action", "action", 40), Field("Question for PMDA", "question", 40), Field("Owner", "owner", 18),
    Field("Due", "due", 12),
)
HEADERS = [f.header for f in FIELDS]


def _en(value: Any) -> str:
    return value.en if value is not None and hasattr(value, "en") else ""


def _row_values(row: GapRow) -> list[CellValue]:
    assessment = row.assessment
    due: CellValue = None
    if assessment and assessment.due:
        parts = assessment.due.split("-")
        due = dt.date(int(parts[0]), int(parts[1]), int(parts[2])) if len(parts) == 3 else assessment.due
    return [row.id, row.title, row.status.value, row.now.level.value if row.now else "",
            row.following.level.value if row.following else "", row.priority.value if row.priority else "",
            "; ".join(row.evidence_labels()),
            *(_en(getattr(assessment, name)) if assessment else "" for name in TEXT_FIELDS),
            (assessment.owner or "") if assessment else "", due]


def category_sheet_names(catalog: Catalog) -> dict[str, str]:
    """Category id -> sheet name (its English title, as Excel allows it)."""
    return {c.id: sheet_name(c.title.en) for c in catalog.taxonomy.categories}


def register_sheets(analysis: GapAnalysis) -> list[SheetSpec]:
    a = analysis
    columns = [Column(f.header, f.width, choices=STATUSES if f.key == "status" else (), is_date=f.key == "due")
               for f in FIELDS]
    names = category_sheet_names(a.catalog)
    summary = SheetSpec(SUMMARY_SHEET, [Column("Category", 40), Column("In scope", 10), Column("Open gaps", 10),
                                        Column("Readiness now (%)", 16)],
                        rows=[[plain(c.category.title, "en"), len(c.rows), c.now.open_gaps,
                               round(c.now.readiness, 1) if c.now.readiness is not None else None]
                              for c in a.categories],
                        title_lines=[f"Assessment register: {a.product.name.en}",
                                     f"Catalog {a.catalog.version}; stage {a.current.id}. Edit the category sheets "
                                     "and read them back with `exodossier profile import`."])
    sheets = [summary]
    for result in a.categories:
        if result.rows:
            sheets.append(SheetSpec(names[result.category.id], columns, rows=[_row_values(r) for r in result.rows],
                                    validation_rows=20))
    return sheets


def render_xlsx(analysis: GapAnalysis) -> bytes:
    return workbook_bytes(register_sheets(analysis), analysis.generated)


# --------------------------------------------------------------------------- reading back


@dataclass(frozen=True)
class Edit:
    requirement_id: str
    key: str
    value: str
    place: str


def read_register(path: Path, catalog: Catalog) -> list[Edit]:
    """Every assessment value in the workbook, each with its cell; any bad cell raises `UserError`."""
    display = display_path(path)
    book = open_workbook(path, display)
    wanted = set(category_sheet_names(catalog).values())
    problems: list[Diagnostic] = []
    edits: list[Edit] = []
    sheets = [name for name in book.sheetnames if name in wanted]
    if not sheets:
        raise UserError([error(display, 0, 0, "missing-sheet", "the workbook has no category sheet",
                               expected="sheets named after the catalog's categories",
                               hint="start from `exodossier gap PROFILE.yaml --format xlsx -o register.xlsx`")])
    for name in sheets:
        records, found = read_records(book[name], display, HEADERS, max_chars=MAX_TEXT_CHARS)
        problems += found
        for record in records:
            requirement_id = record.text("ID")
            if requirement_id not in catalog.requirements:
                problems.append(error(record.places["ID"], 0, 0, "unknown-requirement",
                                      f"requirement {requirement_id!r} is not in catalog {catalog.version}",
                                      field_path="ID", hint="keep the ID column as generated"))
                continue
            edits += _record_edits(record, requirement_id, problems)
    if problems:
        raise UserError(sorted(problems))
    return edits


def _record_edits(record: Any, requirement_id: str, problems: list[Diagnostic]) -> list[Edit]:
    edits: list[Edit] = []
    for field in FIELDS:
        if field.key is None or field.header not in record.values:
            continue
        place = record.places[field.header]
        if field.key == "due":
            day, problem = as_date(record, field.header)
            if problem:
                problems.append(problem)
            elif day:
                edits.append(Edit(requirement_id, "due", day.isoformat(), place))
            continue
        value = record.text(field.header)
        if not value:
            continue  # an emptied cell never deletes what the profile says
        if field.key == "status" and value not in STATUSES:
            problems.append(error(place, 0, 0, "bad-status", f"{value!r} is not an assessment status",
                                  field_path="Status", expected=", ".join(STATUSES),
                                  hint="choose a value from the cell's drop-down list"))
            continue
        edits.append(Edit(requirement_id, field.key, value, place))
    return edits


def import_register(workbook: Path, profile_path: Path, catalog: Catalog) -> tuple[str, list[Edit]]:
    """The profile text with the workbook's edits applied, and the edits that changed something."""
    edits = read_register(workbook, catalog)
    display = display_path(profile_path)
    text = read_text(profile_path, display)
    located = parse_text(text, display)
    yaml, document = _round_trip(text, located)
    if not isinstance(document, CommentedMap):
        raise UserError([error(display, 1, 1, "profile-not-mapping", "a profile is a mapping with 'product:' at the top")])
    assessments = document.get("assessments")
    if not isinstance(assessments, CommentedMap):
        assessments = document["assessments"] = CommentedMap()
    changed = [edit for edit in edits if _apply(assessments, edit)]
    if not changed:
        return text, []
    buffer = io.StringIO()
    yaml.dump(document, buffer)
    result = buffer.getvalue()
    _check_result(result, display, catalog, text, changed)
    return result, changed


def _apply(assessments: CommentedMap, edit: Edit) -> bool:
    entry = assessments.get(edit.requirement_id)
    if not isinstance(entry, CommentedMap):
        if edit.key == "status" and edit.value == AssessmentStatus.NOT_ASSESSED.value:
            return False  # the default: an unassessed row adds nothing
        entry = CommentedMap()
        entry["status"] = AssessmentStatus.NOT_ASSESSED.value
        assessments[edit.requirement_id] = entry
    current = entry.get(edit.key)
    if isinstance(current, CommentedMap):  # an {en, ja} text: the workbook holds the English
        if str(current.get("en", "")) == edit.value:
            return False
        current["en"] = edit.value
        return True
    if current is not None and str(current) == edit.value:
        return False
    # A date is written as a date, so ruamel writes it plain (2027-03-31), as sponsors type it.
    entry[edit.key] = dt.date.fromisoformat(edit.value) if edit.key == "due" else edit.value
    return True


def _check_result(result: str, display: str, catalog: Catalog, before: str, changed: list[Edit]) -> None:
    """The edited profile must load, and keep every comment the sponsor wrote."""
    located = parse_text(result, display)
    try:
        check_profile_text(located, result, result.encode("utf-8"), catalog)
    except UserError as exc:
        places = {edit.requirement_id: edit.place for edit in changed}
        raise UserError([_moved(d, places) for d in exc.diagnostics]) from None
    comments = [line.strip() for line in before.splitlines() if line.strip().startswith("#")]
    kept = {line.strip() for line in result.splitlines()}
    lost = [c for c in comments if c not in kept]
    if lost:
        raise UserError([error(display, 1, 1, "profile-not-preserved",
                               "cannot apply the workbook without losing comments the sponsor wrote",
                               hint="indent the profile consistently (e.g. 2 spaces) and try again")])


def _moved(diagnostic: Diagnostic, places: dict[str, str]) -> Diagnostic:
    """A profile error caused by a workbook value is reported at the workbook's cell."""
    for requirement_id, place in places.items():
        if requirement_id in (diagnostic.field_path or ""):
            return error(place, 0, 0, diagnostic.code, diagnostic.message, field_path=diagnostic.field_path,
                         hint=diagnostic.hint)
    return diagnostic
