"""Moving a requirement through review: draft -> under_review -> adopted -> retired.

Each step is recorded in the requirement's `history` with who and when, so the site and
the changelog can say who adopted what. The status line and the history entry are edited
in place; retiring demands a reason and keeps the file (ids are never reused).
"""

from __future__ import annotations

from pathlib import Path

from exodossier.catalog.loader import Catalog, display_path
from exodossier.catalog.yaml_reader import read_text
from exodossier.errors import Severity, UserError, did_you_mean, error
from exodossier.catalog.models import ALLOWED_TRANSITIONS, RequirementStatus
from exodossier.outputs import write_atomic
from exodossier.authoring.review import Stamp, _must_still_parse
from exodossier.authoring.yaml_edit import content_end, load_round_trip, next_key_line, replace_value, scalar


def _refuse(code: str, message: str, hint: str = "") -> UserError:
    return UserError([error("<command line>", 0, 0, code, message, hint=hint)])


def history_entry(status: RequirementStatus, stamp: Stamp, reason: str | None) -> list[str]:
    entry = [f"  - status: {status.value}", f"    by: {scalar(stamp.reviewer)}", f"    on: {scalar(stamp.on)}"]
    return entry + ([f"    reason: {scalar(reason)}"] if reason else [])


def transition_text(text: str, target: RequirementStatus, stamp: Stamp, reason: str | None) -> str:
    """The file's text with the new status and one more history step."""
    document = load_round_trip(text)
    lines = text.split("\n")
    replace_value(lines, document, "status", target.value)
    if target is RequirementStatus.RETIRED:
        if "retired_reason" in document:
            replace_value(lines, document, "retired_reason", reason or "")
        else:
            row = content_end(lines, 0, next_key_line(document, "status", len(lines)))
            lines[row:row] = [f"retired_reason: {scalar(reason or '')}"]
            document = load_round_trip("\n".join(lines))
    entry = history_entry(target, stamp, reason)
    if "history" in document and document["history"]:
        row = content_end(lines, document.lc.key("history")[0], next_key_line(document, "history", len(lines)))
        lines[row:row] = entry
    else:
        row = content_end(lines, 0, len(lines))
        lines[row:row] = ["history:", *entry]
    return "\n".join(lines)


def change_status(catalog: Catalog, requirement_id: str, target: RequirementStatus, stamp: Stamp,
                  reason: str | None) -> Path:
    requirement = catalog.requirements.get(requirement_id)
    if requirement is None:
        raise _refuse("unknown-requirement", f"no requirement '{requirement_id}'",
                      did_you_mean(requirement_id, catalog.requirements))
    if target not in ALLOWED_TRANSITIONS[requirement.status] and not (
            target is RequirementStatus.DRAFT and requirement.status is not RequirementStatus.RETIRED):
        allowed = ", ".join(sorted(s.value for s in ALLOWED_TRANSITIONS[requirement.status])) or "none"
        raise _refuse("illegal-transition", f"{requirement_id} cannot move from {requirement.status.value} to "
                      f"{target.value}", f"allowed next states: {allowed}")
    if target is RequirementStatus.RETIRED and not reason:
        raise _refuse("retired-needs-reason", "retiring needs --reason", "say why, e.g. 'merged into EXO-RM-004'")
    path = Path(catalog.origin(requirement_id).file)
    text = transition_text(read_text(path, display_path(path)), target, stamp, reason)
    _must_still_parse(path, text)
    if target is RequirementStatus.ADOPTED:
        _adoption_checks(catalog, requirement_id, path, text)
    write_atomic(path, text)
    return path


def _adoption_checks(catalog: Catalog, requirement_id: str, path: Path, text: str) -> None:
    """Run validate's checks on the catalog as it would be after adopting, before anything is written:
    a stub with TODO text or no citation is refused here rather than written and then flagged."""
    from dataclasses import replace

    from exodossier.catalog.checks import check_catalog
    from exodossier.catalog.loader import parse_model
    from exodossier.catalog.models import Requirement
    from exodossier.catalog.yaml_reader import parse_text

    located = parse_text(text, display_path(path))
    adopted, problems = parse_model(Requirement, located)
    if adopted is None:
        raise UserError(problems)
    after = replace(catalog, requirements={**catalog.requirements, requirement_id: adopted},
                    origins={**catalog.origins, requirement_id: located})
    found = [d for d in check_catalog(after) if d.file == located.file and d.severity is Severity.ERROR]
    if found:
        raise UserError(found)
