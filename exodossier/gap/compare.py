"""Which gaps opened or closed since a sponsor's previous report, and why.

Pure: compares the register recorded in a previous JSON export (`exodossier.gap.record.ReportRecord`)
with the current `GapAnalysis`. A gap is open when the requirement is in the action plan
(applies, expected at the current or next stage, status open). For every gap that opened,
closed or stayed open, the causes name what differs between the two reports: a requirement
new to the catalog or removed from it, a requirement whose content changed (by fingerprint,
with the release records of the current catalog that changed it), a product attribute that
changed applicability, an expectation that escalated or relaxed with the stage or the
catalog, or a status the sponsor changed. Every output format renders this one structure.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from exodossier.catalog.loader import Catalog
from exodossier.catalog.stages import LEVEL_RANK
from exodossier.gap.analysis import STATUS_LABELS, GapAnalysis
from exodossier.gap.record import ReportRecord, RequirementRecord, changed_fields, requirement_record
from exodossier.catalog.models import ChangeKind, Criticality, ExpectationLevel, Release, RequirementStatus


class Movement(str, Enum):
    OPENED = "opened"
    CLOSED = "closed"
    STILL_OPEN = "still open"


class CauseKind(str, Enum):
    NEW_REQUIREMENT = "new_requirement"
    REMOVED_REQUIREMENT = "removed_requirement"
    RETIRED = "retired"
    REQUIREMENT_CHANGED = "requirement_changed"
    NOW_APPLICABLE = "now_applicable"
    NO_LONGER_APPLICABLE = "no_longer_applicable"
    EXPECTATION_ESCALATED = "expectation_escalated"
    EXPECTATION_RELAXED = "expectation_relaxed"
    STATUS_CHANGED = "status_changed"


@dataclass(frozen=True)
class Cause:
    """One difference between the two reports that bears on a gap."""

    kind: CauseKind
    text: str
    fields: tuple[str, ...] = ()
    releases: tuple[str, ...] = ()


@dataclass(frozen=True)
class GapChange:
    """One requirement whose gap was open in the previous report, is open now, or both."""

    id: str
    title: str
    criticality: Criticality
    movement: Movement
    before: RequirementRecord | None
    after: RequirementRecord | None
    causes: tuple[Cause, ...]

    @property
    def status_text(self) -> str:
        return _arrow(_state(self.before), _state(self.after))

    @property
    def level_text(self) -> str:
        return _arrow(*(_level(r.level_now) if r else "—" for r in (self.before, self.after)))

    @property
    def cause_texts(self) -> list[str]:
        return [c.text for c in self.causes] or ["unchanged"]


@dataclass(frozen=True)
class Comparison:
    previous: ReportRecord
    previous_file: str
    current_version: str
    current_sha256: str
    releases: tuple[Release, ...]
    opened: tuple[GapChange, ...]
    closed: tuple[GapChange, ...]
    still_open: tuple[GapChange, ...]
    notes: tuple[str, ...]

    @property
    def changes(self) -> tuple[GapChange, ...]:
        """Opened, then closed, then still open; by id within each."""
        return self.opened + self.closed + self.still_open

    @property
    def changed(self) -> tuple[GapChange, ...]:
        """Every change but the gaps still open with nothing recorded against them, which a table would drown in."""
        return tuple(c for c in self.changes if c.movement is not Movement.STILL_OPEN or c.causes)

    @property
    def unchanged(self) -> tuple[GapChange, ...]:
        return tuple(c for c in self.still_open if not c.causes)

    def unchanged_text(self) -> str:
        if not self.unchanged:
            return ""
        return f"Still open and unchanged ({len(self.unchanged)}): " + ", ".join(c.id for c in self.unchanged) + "."

    @property
    def catalog_changed(self) -> bool:
        return self.previous.catalog.content_sha256 != self.current_sha256

    def summary(self) -> str:
        return (f"Since the previous report ({self.previous_file}, generated {self.previous.date} from catalog "
                f"{self.previous.catalog.version}): {len(self.opened)} gap(s) opened, {len(self.closed)} closed, "
                f"{len(self.still_open)} still open.")

    def catalog_text(self) -> str:
        before, now = self.previous.catalog.version, self.current_version
        if not self.catalog_changed:
            return f"The catalog is unchanged (version {now}, identical content)."
        text = f"Catalog {before} → {now}" if before != now else f"Catalog {now}, content changed since then"
        if self.releases:
            text += "; release(s) since: " + ", ".join(f"{r.version} ({r.date})" for r in self.releases)
        return text + "."


def compare(previous: ReportRecord, analysis: GapAnalysis, previous_file: str) -> Comparison:
    """Every gap open in either report, with the causes of its movement."""
    context = _Context(previous, analysis)
    before = {r.id: r for r in previous.entries}
    after = {row.id: requirement_record(row) for row in analysis.register}
    changes = [_change(before.get(rid), after.get(rid), context) for rid in sorted(set(before) | set(after))]
    found = [c for c in changes if c is not None]
    return Comparison(
        previous=previous, previous_file=Path(previous_file).name, current_version=analysis.catalog.version,
        current_sha256=analysis.catalog.content_sha256, releases=context.releases,
        opened=tuple(c for c in found if c.movement is Movement.OPENED),
        closed=tuple(c for c in found if c.movement is Movement.CLOSED),
        still_open=tuple(c for c in found if c.movement is Movement.STILL_OPEN),
        notes=tuple(_notes(previous, analysis, context)))


# --------------------------------------------------------------------------- context


class _Context:
    """What the causes of every requirement are worded from."""

    def __init__(self, previous: ReportRecord, analysis: GapAnalysis) -> None:
        self.previous = previous
        self.analysis = analysis
        self.releases = releases_between(analysis.catalog, previous.catalog.version, analysis.catalog.version)
        self.stage_titles = {s.id: s.title.en for s in analysis.catalog.taxonomy.stages}

    def stage(self, stage_id: str | None) -> str:
        return "none" if stage_id is None else self.stage_titles.get(stage_id, stage_id)

    def release_changes(self, requirement_id: str) -> list[tuple[str, ChangeKind, list[str]]]:
        """(release version, kind, fields) for every release record since the previous report naming the id."""
        return [(release.version, change.kind, list(change.fields)) for release in self.releases
                for change in release.requirements if change.id == requirement_id]


def releases_between(catalog: Catalog, old_version: str, new_version: str) -> tuple[Release, ...]:
    """The current catalog's release records after `old_version`, up to `new_version` (in release order).

    Empty when the versions are equal or the old version has no record: then no release can be
    said to lie between them.
    """
    versions = list(catalog.releases)
    if old_version == new_version or old_version not in versions:
        return ()
    end = versions.index(new_version) + 1 if new_version in versions else len(versions)
    return tuple(catalog.releases[v] for v in versions[versions.index(old_version) + 1:end])


# --------------------------------------------------------------------------- one requirement


def _change(before: RequirementRecord | None, after: RequirementRecord | None,
            context: _Context) -> GapChange | None:
    was_open, is_open = bool(before and before.open_gap), bool(after and after.open_gap)
    if not (was_open or is_open):
        return None
    movement = Movement.STILL_OPEN if was_open and is_open else Movement.OPENED if is_open else Movement.CLOSED
    record = after or before
    assert record is not None  # one of them is open
    return GapChange(record.id, record.title, record.criticality, movement, before, after,
                     tuple(_causes(before, after, context)))


def _causes(before: RequirementRecord | None, after: RequirementRecord | None, context: _Context) -> list[Cause]:
    if before is None:
        assert after is not None
        return [_release_cause(CauseKind.NEW_REQUIREMENT, "new requirement in the catalog", after.id, context)]
    if after is None:
        return [_release_cause(CauseKind.REMOVED_REQUIREMENT, "requirement no longer in the catalog", before.id,
                               context)]
    if after.committee_status is RequirementStatus.RETIRED and before.committee_status is not RequirementStatus.RETIRED:
        return [_release_cause(CauseKind.RETIRED, "requirement retired by the committee", after.id, context)]
    causes = [c for c in (_content(before, after, context), _applicability(before, after, context)) if c]
    if before.applicable and after.applicable:
        causes += [c for c in (_expectation(before, after, context), _status(before, after)) if c]
    return causes


def _release_cause(kind: CauseKind, text: str, requirement_id: str, context: _Context) -> Cause:
    wanted = {CauseKind.NEW_REQUIREMENT: ChangeKind.ADDED, CauseKind.REMOVED_REQUIREMENT: ChangeKind.REMOVED,
              CauseKind.RETIRED: ChangeKind.RETIRED}[kind]
    versions = tuple(v for v, k, _ in context.release_changes(requirement_id) if k is wanted)
    if versions:
        text += f" ({wanted.value} in release {', '.join(versions)})"
    return Cause(kind, text, releases=versions)


def _content(before: RequirementRecord, after: RequirementRecord, context: _Context) -> Cause | None:
    if before.fingerprint == after.fingerprint:
        return None
    fields = changed_fields(before.field_fingerprints, after.field_fingerprints)
    text = "requirement changed since the previous report" + (f" (fields: {', '.join(fields)})" if fields else "")
    released = [(v, f) for v, k, f in context.release_changes(after.id) if k is ChangeKind.CHANGED]
    if released:
        text += "; " + "; ".join(f"release {v} changed {', '.join(f) or 'it'}" for v, f in released)
    return Cause(CauseKind.REQUIREMENT_CHANGED, text, tuple(fields), tuple(v for v, _ in released))


def _applicability(before: RequirementRecord, after: RequirementRecord, context: _Context) -> Cause | None:
    if before.applicable == after.applicable:
        return None
    kind, text = ((CauseKind.NOW_APPLICABLE, "now applicable") if after.applicable
                  else (CauseKind.NO_LONGER_APPLICABLE, "no longer applicable"))
    requirement = context.analysis.catalog.requirements[after.id]
    old, new = context.previous.product.attributes, dict(context.analysis.product.attributes)
    moved = [f"{a} {old.get(a, 'not stated')} → {new.get(a, 'not stated')}"
             for a in sorted(requirement.applicability) if old.get(a) != new.get(a)]
    detail = f"attributes changed: {'; '.join(moved)}" if moved else "applicability conditions changed in the catalog"
    return Cause(kind, f"{text} ({detail})")


def _expectation(before: RequirementRecord, after: RequirementRecord, context: _Context) -> Cause | None:
    """The first expectation that moved: at the current stage, else at the next one."""
    previous, analysis = context.previous.product, context.analysis
    slots = (("current", before.level_now, after.level_now, previous.current_stage, analysis.current.id),
             ("next", before.level_next, after.level_next, previous.next_stage,
              analysis.following.id if analysis.following else None))
    for slot, old, new, old_stage, new_stage in slots:
        if LEVEL_RANK[old] == LEVEL_RANK[new]:
            continue
        stages = context.stage(new_stage) if old_stage == new_stage else \
            f"{context.stage(old_stage)} → {context.stage(new_stage)}"
        escalated = LEVEL_RANK[new] > LEVEL_RANK[old]
        verb = "escalated" if escalated else "relaxed"
        return Cause(CauseKind.EXPECTATION_ESCALATED if escalated else CauseKind.EXPECTATION_RELAXED,
                     f"expectation {verb} at the {slot} stage ({stages}: {_level(old)} → {_level(new)})")
    return None


def _status(before: RequirementRecord, after: RequirementRecord) -> Cause | None:
    if before.status is after.status:
        return None
    return Cause(CauseKind.STATUS_CHANGED, f"status changed by sponsor ({_state(before).lower()} → "
                                           f"{_state(after).lower()})")


def _notes(previous: ReportRecord, analysis: GapAnalysis, context: _Context) -> list[str]:
    notes = []
    product = analysis.product
    if (previous.product.name, previous.product.code) != (product.name.en, product.code):
        notes.append(f"The previous report is for '{previous.product.name}', this one for '{product.name.en}': "
                     "check that the right file was given.")
    old, new = previous.catalog.version, analysis.catalog.version
    if old != new and not context.releases:
        notes.append(f"The catalog has no release records from {old} to {new}; changed fields are named from the "
                     "requirement fingerprints alone.")
    return notes


# --------------------------------------------------------------------------- wording


def _arrow(before: str, after: str) -> str:
    return before if before == after else f"{before} → {after}"


def _state(record: RequirementRecord | None) -> str:
    if record is None:
        return "—"
    if not record.applicable:
        return "Does not apply"
    return STATUS_LABELS[record.status]


def _level(level: ExpectationLevel | None) -> str:
    return level.value if level else "not expected"
