"""Moving a requirement through review: draft -> under_review -> adopted -> retired.

Each step is recorded in the requirement's `history` with who and when, so the site and
the changelog can say who adopted what. The status line and the history entry are edited
in place; retiring demands a reason and keeps the file (ids are never reused).
"""

from __future__ import annotations

from pathlib import Path

from exodossier.catalog.loader import Catalog
from exodossier.errors import UserError, did_you_mean, error
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
    if target not in ALLOWED_TRANSITIONS[requirement.status]:
        allowed = ", ".join(sorted(s.value for s in ALLOWED_TRANSITIONS[requirement.status])) or "none"
        raise _refuse("illegal-transition", f"{requirement_id} cannot move from {requirement.status.value} to "
                      f"{target.value}", f"allowed next states: {allowed}")
    if target is RequirementStatus.RETIRED and not reason:
        raise _refuse("retired-needs-reason", "retiring needs --reason", "say why, e.g. 'merged into EXO-RM-004'")
    path = Path(catalog.origin(requirement_id).file)
    text = transition_text(path.read_text(encoding="utf-8"), target, stamp, reason)
    _must_still_parse(path, text)
    write_atomic(path, text)
    return path
