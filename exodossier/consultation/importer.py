"""Reading comments in: the filled-in comment form (.xlsx) and a JSON export of GitHub issues.

Both give `Incoming` comments with the place each came from (`comments.xlsx:Comments!B12`,
`issues.json:#12`). `check_incoming` then reports unknown requirement ids (with a did-you-mean
inside the same category), empty comments, unknown choices and duplicates; the caller writes
nothing while any of them is an error. Names and emails are dropped unless the caller keeps them.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Sequence

from exodossier.catalog.loader import Catalog
from exodossier.catalog.yaml_reader import parse_json
from exodossier.consultation.form import COMMENTS_SHEET, FormColumns, form_columns
from exodossier.consultation.ids import normal_id, requirement_hint
from exodossier.consultation.labels import language_from_text, organisation_from_text
from exodossier.consultation.models import GENERAL, Comment, CommentLanguage, Contact, OrganisationType, Origin
from exodossier.errors import Diagnostic, UserError, error, has_errors, warning
from exodossier.i18n.messages import LANGUAGES
from exodossier.spreadsheet.reader import Record, find_sheet, open_workbook, read_records

MAX_COMMENT_CHARS = 20_000
MAX_JSON_BYTES = 50_000_000
NO_RESPONSE = "_No response_"  # what GitHub writes for an optional issue-form field left empty
CONSULTATION_LABEL = "consultation"
# The issue form's field labels (.github/ISSUE_TEMPLATE/comment.yml); matched case-insensitively.
ISSUE_FIELDS = {
    "requirement": "Requirement id / 要件ID",
    "release": "Release / 版",
    "organisation_type": "Organisation type / 組織の種別",
    "language": "Language of the comment / 意見の言語",
    "comment": "Comment / ご意見",
    "proposed_change": "Proposed change / 修正案",
}
_HEADING = re.compile(r"^###[ \t]+(.+?)[ \t]*$", re.MULTILINE)


@dataclass
class Incoming:
    """One comment as read, before it is checked and given an id."""

    kind: str  # "workbook" or "github"
    file: str
    place: str  # where diagnostics point: comments.xlsx:Comments!B12 or issues.json:#12
    short_place: str  # what the stored file records: Comments!B12 or #12
    requirement: str
    requirement_place: str
    organisation_type: OrganisationType | None
    organisation_text: str
    organisation_place: str
    language: CommentLanguage | None
    language_text: str
    language_place: str
    comment: str
    comment_place: str
    proposed_change: str
    submitted: str | None = None
    contact: Contact | None = None
    refused: frozenset[str] = frozenset()  # fields whose cell was refused (formula, merged, too long): reported already

    @property
    def fingerprint(self) -> str:
        """Same requirement, comment and proposed change: the same comment, however often imported."""
        text = "\0".join(unicodedata.normalize("NFC", part).strip()
                         for part in (self.requirement, self.comment, self.proposed_change))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]



# --------------------------------------------------------------------------- the workbook


def read_workbook(path: Path, display: str, keep_contact: bool) -> tuple[list[Incoming], list[Diagnostic]]:
    """The comments of a filled-in form, and the problems of its cells (formulas, merged, too long)."""
    book = open_workbook(path, display)
    sheet = find_sheet(book, display, COMMENTS_SHEET)
    failure: UserError | None = None
    for language in LANGUAGES:  # the form may have been generated in either language
        columns = form_columns(language)
        try:
            records, problems = read_records(sheet, display, columns.required, max_chars=MAX_COMMENT_CHARS,
                                             optional=columns.optional)
        except UserError as exc:
            failure = failure or exc
            continue
        return [_from_record(record, display, columns, keep_contact) for record in records], problems
    assert failure is not None
    raise failure


def _from_record(record: Record, display: str, columns: FormColumns, keep_contact: bool) -> Incoming:
    place = record.places[columns.requirement]
    organisation = record.text(columns.organisation_type)
    language = record.text(columns.language)
    contact = None
    if keep_contact:
        values = {key: record.text(header) or None for key, header in
                  (("name", columns.name), ("email", columns.email), ("organisation", columns.organisation))}
        contact = Contact(**values) if any(values.values()) else None
    return Incoming(
        kind="workbook", file=Path(display).name, place=place, short_place=place.split(":", 1)[1],
        requirement=normal_id(record.text(columns.requirement)), requirement_place=place,
        organisation_type=organisation_from_text(organisation) if organisation else None,
        organisation_text=organisation, organisation_place=record.places[columns.organisation_type],
        language=language_from_text(language) if language else None, language_text=language,
        language_place=record.places[columns.language],
        comment=record.text(columns.comment), comment_place=record.places[columns.comment],
        proposed_change=record.text(columns.proposed_change), contact=contact,
        refused=frozenset(key for key, header in (("requirement", columns.requirement),
                                                  ("organisation_type", columns.organisation_type),
                                                  ("language", columns.language), ("comment", columns.comment))
                          if header not in record.values))


# --------------------------------------------------------------------------- GitHub issues


def read_issues(path: Path, display: str, keep_contact: bool) -> tuple[list[Incoming], list[Diagnostic]]:
    """Comments from `gh issue list --json number,title,body,labels,author,createdAt` output.

    Only issues labelled 'consultation' (the issue form adds it) are comments; others are skipped.
    """
    issues = _load_json(path, display)
    incoming: list[Incoming] = []
    problems: list[Diagnostic] = []
    for index, issue in enumerate(issues):
        if not isinstance(issue, dict) or not isinstance(issue.get("number"), int):
            problems.append(error(f"{display}:[{index}]", 0, 0, "bad-issue", "the entry is not an issue with a number",
                                  expected="objects with number, title, body, labels, author, createdAt",
                                  hint="export with: gh issue list --json number,title,body,labels,author,createdAt"))
            continue
        if CONSULTATION_LABEL not in _label_names(issue.get("labels")):
            continue
        found, trouble = _from_issue(issue, display, keep_contact)
        problems += trouble
        if found is not None:
            incoming.append(found)
    return incoming, problems


def _load_json(path: Path, display: str) -> list[Any]:
    try:
        with Path(path).open("rb") as stream:
            raw = stream.read(MAX_JSON_BYTES + 1)
    except OSError as exc:
        raise UserError([error(display, 0, 0, "io", f"cannot read the file: {exc.strerror}", hint="check the path")]) \
            from None
    if len(raw) > MAX_JSON_BYTES:
        raise UserError([error(display, 0, 0, "file-too-large", f"the file is over {MAX_JSON_BYTES:,} bytes")])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UserError([error(display, 0, 0, "encoding", "the file is not UTF-8", hint="save it as UTF-8")]) from None
    data = parse_json(text, display, hint="export again with gh issue list --json ...", code="bad-json")
    if not isinstance(data, list):
        raise UserError([error(display, 1, 1, "bad-json", "the file must hold a list of issues",
                               expected="[{\"number\": 12, \"body\": ...}, ...]",
                               hint="export with: gh issue list --json number,title,body,labels,author,createdAt")])
    return data


def _label_names(labels: Any) -> set[str]:
    if not isinstance(labels, list):
        return set()
    return {str(label.get("name", "")).casefold() for label in labels if isinstance(label, dict)}


def issue_fields(body: str) -> dict[str, str]:
    """The issue form's answers: '### Label' headings, each followed by its value."""
    wanted = {" ".join(label.casefold().split()): key for key, label in ISSUE_FIELDS.items()}
    fields: dict[str, str] = {}
    matches = list(_HEADING.finditer(body))
    for index, match in enumerate(matches):
        key = wanted.get(" ".join(match.group(1).casefold().split()))
        end = matches[index + 1].start() if index + 1 < len(matches) else len(body)
        value = body[match.end():end].strip()
        if key is not None and key not in fields:
            fields[key] = "" if value == NO_RESPONSE else unicodedata.normalize("NFC", value)
    return fields


def _from_issue(issue: dict[str, Any], display: str, keep_contact: bool) -> tuple[Incoming | None, list[Diagnostic]]:
    number = issue["number"]
    place = f"{display}:#{number}"
    body = issue.get("body")
    fields = issue_fields(body) if isinstance(body, str) else {}
    if "comment" not in fields or "requirement" not in fields:
        return None, [error(place, 0, 0, "not-a-comment-form", "the issue is labelled 'consultation' but was not "
                            "written with the comment form", expected="the headings of the comment issue form",
                            hint="ask the commenter to use 'Comment on this requirement', or remove the label")]
    author = issue.get("author")
    login = author.get("login") if isinstance(author, dict) else None
    contact = Contact(name=str(login)) if keep_contact and login else None
    created = issue.get("createdAt")
    submitted = created[:10] if isinstance(created, str) and re.match(r"^\d{4}-\d{2}-\d{2}", created) else None
    organisation = fields.get("organisation_type", "")
    language = fields.get("language", "")
    return Incoming(
        kind="github", file=Path(display).name, place=place, short_place=f"#{number}",
        requirement=normal_id(fields["requirement"]), requirement_place=place,
        organisation_type=organisation_from_text(organisation) if organisation else None,
        organisation_text=organisation, organisation_place=place,
        language=language_from_text(language) if language else None, language_text=language, language_place=place,
        comment=fields["comment"], comment_place=place, proposed_change=fields.get("proposed_change", ""),
        submitted=submitted, contact=contact), []


# --------------------------------------------------------------------------- checks


def check_incoming(incoming: Sequence[Incoming], catalog: Catalog) -> list[Diagnostic]:
    """Every problem of the comments read: unknown ids, empty comments, unknown choices, duplicates."""
    problems: list[Diagnostic] = []
    first_seen: dict[str, Incoming] = {}
    for item in incoming:
        problems += _item_problems(item, catalog)
        earlier = first_seen.setdefault(item.fingerprint, item)
        if earlier is not item and item.comment:
            problems.append(error(item.comment_place, 0, 0, "duplicate-comment",
                                  f"this comment repeats the one at {earlier.short_place}",
                                  hint="delete one of the two; a comment is imported once"))
    return problems


def _item_problems(item: Incoming, catalog: Catalog) -> Iterable[Diagnostic]:
    """The problems of one comment; a field whose cell was refused is not reported twice."""
    if "requirement" in item.refused:
        pass
    elif not item.requirement:
        yield error(item.requirement_place, 0, 0, "missing-requirement", "no requirement is named",
                    expected="a requirement id such as EXO-DP-010, or 'general'", hint="choose one from the list")
    elif item.requirement != GENERAL and item.requirement not in catalog.requirements:
        yield error(item.requirement_place, 0, 0, "unknown-requirement", f"unknown requirement '{item.requirement}'",
                    expected="an id of the release commented on, or 'general'",
                    hint=requirement_hint(item.requirement, catalog))
    if not item.comment and "comment" not in item.refused:
        yield error(item.comment_place, 0, 0, "empty-comment", "the comment is empty",
                    expected="the text of the comment", hint="write the comment, or delete the row")
    for text in (item.comment, item.proposed_change):
        problem = text_problem(text)
        if problem:
            yield error(item.comment_place, 0, 0, "hostile-text", problem, hint="send the text as plain text")
    if item.organisation_type is None and "organisation_type" not in item.refused:
        yield error(item.organisation_place, 0, 0, "unknown-organisation-type",
                    f"unknown organisation type {item.organisation_text!r}" if item.organisation_text
                    else "the organisation type is missing",
                    expected="one of: " + ", ".join(kind.value for kind in OrganisationType),
                    hint="choose one from the list")
    if item.language is None and "language" not in item.refused:
        yield error(item.language_place, 0, 0, "unknown-language",
                    f"unknown language {item.language_text!r}" if item.language_text else "the language is missing",
                    expected="English or 日本語", hint="choose one from the list")


_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")


def text_problem(text: str) -> str | None:
    """Why a text cannot be stored as a comment (too long, control characters), or None."""
    if len(text) > MAX_COMMENT_CHARS:
        return f"the text holds {len(text):,} characters; the limit is {MAX_COMMENT_CHARS:,}"
    found = _FORBIDDEN.search(text)
    if found:
        return f"the text contains the control character U+{ord(found.group()):04X}"
    return None



def warn_skipped(place: str, count: int) -> Diagnostic:
    return warning(place, 0, 0, "already-imported", f"{count} comment(s) were imported before and are skipped")


# --------------------------------------------------------------------------- planning an import


@dataclass
class ImportPlan:
    """What an import would add to a round: the new comments, and how many were already there."""

    new: list[Comment]
    skipped: int
    diagnostics: list[Diagnostic]


def read_any(path: Path, display: str, keep_contact: bool) -> tuple[list[Incoming], list[Diagnostic]]:
    """A workbook (.xlsx) or a GitHub issues export (.json), by the file's extension."""
    suffix = Path(path).suffix.lower()
    if suffix == ".json":
        return read_issues(path, display, keep_contact)
    if suffix in (".xlsx", ".xlsm"):
        return read_workbook(path, display, keep_contact)
    raise UserError([error(display, 0, 0, "usage", f"cannot import a '{suffix or 'extensionless'}' file",
                           expected="the comment form (.xlsx) or a GitHub issues export (.json)",
                           hint="fill in the form from `exodossier consultation form`, or run "
                                "gh issue list --json number,title,body,labels,author,createdAt > issues.json")],
                    exit_code=2)


def plan_import(incoming: Sequence[Incoming], existing: Sequence[Comment], catalog: Catalog,
                problems: Sequence[Diagnostic]) -> ImportPlan:
    """Check everything, then number only the comments the round does not hold yet."""
    diagnostics = [*problems, *check_incoming(incoming, catalog)]
    known = {c.origin.fingerprint for c in existing}
    number = max((c.number for c in existing), default=0)
    new: list[Comment] = []
    skipped = 0
    for item in incoming:
        if item.fingerprint in known:
            skipped += 1
            continue
        if has_errors(diagnostics):
            continue
        number += 1
        known.add(item.fingerprint)
        new.append(_comment(item, number))
    return ImportPlan(new if not has_errors(diagnostics) else [], skipped, diagnostics)


def _comment(item: Incoming, number: int) -> Comment:
    assert item.organisation_type is not None and item.language is not None
    return Comment(
        id=f"C{number:03d}", requirement=item.requirement, organisation_type=item.organisation_type,
        language=item.language, comment=item.comment, proposed_change=item.proposed_change or None,
        submitted=item.submitted,
        origin=Origin(kind="github" if item.kind == "github" else "workbook", file=item.file, place=item.short_place,
                      fingerprint=item.fingerprint),
        contact=item.contact)
