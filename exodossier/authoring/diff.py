"""What changed between two catalog revisions, field by field.

Pure functions over two loaded catalogs; rendering to human text, Markdown and JSON is
kept apart from the comparison so release notes, the site and the CLI share one answer.
"""

from __future__ import annotations

import difflib
import json
from dataclasses import asdict, dataclass, field
from typing import Any

from exodossier.catalog.stages import LEVEL_RANK, expectation_at
from exodossier.catalog.loader import Catalog
from exodossier.catalog.models import IGNORED_FIELDS, Requirement, RequirementStatus
from exodossier.sanitize import markdown_safe



@dataclass
class RequirementChange:
    id: str
    title: str
    fields: list[str]
    statement_diff: list[tuple[str, str]] = field(default_factory=list)
    citations_added: list[str] = field(default_factory=list)
    citations_removed: list[str] = field(default_factory=list)
    stages: str | None = None
    # (field, old, new) for fields with one value to show, and (stage, old level, new level) for
    # each stage whose expectation changed: a reviewer sees what changed, not only that it did.
    values: list[tuple[str, str, str]] = field(default_factory=list)
    stage_levels: list[tuple[str, str, str]] = field(default_factory=list)


@dataclass
class SourceChange:
    id: str
    fields: list[str]
    version: tuple[str, str] | None = None


@dataclass
class CatalogDiff:
    old_version: str
    new_version: str
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    retired: list[str] = field(default_factory=list)
    changed: list[RequirementChange] = field(default_factory=list)
    sources_added: list[str] = field(default_factory=list)
    sources_removed: list[str] = field(default_factory=list)
    sources_changed: list[SourceChange] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not any([self.added, self.removed, self.retired, self.changed, self.sources_added,
                        self.sources_removed, self.sources_changed])


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """(op, text) runs where op is '=', '-' or '+', at word granularity."""
    a, b = old.split(), new.split()
    runs: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag == "equal":
            runs.append(("=", " ".join(a[i1:i2])))
            continue
        if i2 > i1:
            runs.append(("-", " ".join(a[i1:i2])))
        if j2 > j1:
            runs.append(("+", " ".join(b[j1:j2])))
    return runs


def effective_levels(requirement: Requirement, stages: list[str]) -> list[int]:
    """Expectation rank at each stage (0 = not expected), by the same rule as the gap analysis."""
    expectations = [expectation_at(requirement, stage, stages) for stage in stages]
    return [LEVEL_RANK[e.level if e else None] for e in expectations]


def stage_trend(old: Requirement, new: Requirement, stages: list[str]) -> str | None:
    before, after = effective_levels(old, stages), effective_levels(new, stages)
    up = any(b > a for a, b in zip(before, after))
    down = any(b < a for a, b in zip(before, after))
    if up and down:
        return "changed"
    return "tightened" if up else "relaxed" if down else None


SHOWN_VALUES = ("title", "rationale", "category", "topic", "criticality", "status", "model_case_notes",
                "retired_reason")
NOTHING = "(none)"


def _shown(value: Any) -> str:
    if value is None:
        return NOTHING
    text = getattr(value, "en", None)
    if isinstance(text, str):
        return text
    return str(getattr(value, "value", value))


def _level_at(requirement: Requirement, stage: str, stages: list[str]) -> str:
    expectation = expectation_at(requirement, stage, stages)
    if expectation is None:
        return NOTHING
    level = getattr(expectation.level, "value", expectation.level)
    return f"{level}" + (f" ({expectation.note.en})" if getattr(expectation, "note", None) is not None else "")


def stage_level_changes(old: Requirement, new: Requirement, stages: list[str]) -> list[tuple[str, str, str]]:
    """Each stage whose expectation (level and note, by the gap analysis's rule) differs: old -> new."""
    changes = []
    for stage in stages:
        before, after = _level_at(old, stage, stages), _level_at(new, stage, stages)
        if before != after:
            changes.append((stage, before, after))
    return changes


def _citation_keys(requirement: Requirement) -> set[str]:
    return {f"{c.source}#{c.clause}" if c.clause else c.source for c in requirement.citations}


def _changed_fields(old: Any, new: Any) -> list[str]:
    before, after = old.model_dump(mode="json"), new.model_dump(mode="json")
    return [name for name in type(new).model_fields if name not in IGNORED_FIELDS and before[name] != after[name]]


def compare_requirement(old: Requirement, new: Requirement, stages: list[str]) -> RequirementChange | None:
    fields = _changed_fields(old, new)
    if not fields:
        return None
    change = RequirementChange(id=new.id, title=new.title.en, fields=fields)
    if "statement" in fields:
        change.statement_diff = word_diff(old.statement.en, new.statement.en)
    if "citations" in fields:
        change.citations_added = sorted(_citation_keys(new) - _citation_keys(old))
        change.citations_removed = sorted(_citation_keys(old) - _citation_keys(new))
    if "stage_expectations" in fields:
        change.stages = stage_trend(old, new, stages)
        change.stage_levels = stage_level_changes(old, new, stages)
    change.values = [(name, _shown(getattr(old, name)), _shown(getattr(new, name)))
                     for name in SHOWN_VALUES if name in fields]
    return change


def compare_catalogs(old: Catalog, new: Catalog) -> CatalogDiff:
    stages = [s.id for s in new.taxonomy.stages]
    diff = CatalogDiff(old_version=old.version, new_version=new.version)
    diff.added = sorted(set(new.requirements) - set(old.requirements))
    diff.removed = sorted(set(old.requirements) - set(new.requirements))
    for rid in sorted(set(old.requirements) & set(new.requirements)):
        before, after = old.requirements[rid], new.requirements[rid]
        if after.status is RequirementStatus.RETIRED and before.status is not RequirementStatus.RETIRED:
            diff.retired.append(rid)
        change = compare_requirement(before, after, stages)
        if change is not None:
            diff.changed.append(change)
    diff.sources_added = sorted(set(new.sources) - set(old.sources))
    diff.sources_removed = sorted(set(old.sources) - set(new.sources))
    for sid in sorted(set(old.sources) & set(new.sources)):
        fields = _changed_fields(old.sources[sid], new.sources[sid])
        if fields:
            versions = (old.sources[sid].version, new.sources[sid].version) if "version" in fields else None
            diff.sources_changed.append(SourceChange(sid, fields, versions))
    return diff


# --------------------------------------------------------------------------- rendering


def _inline(runs: list[tuple[str, str]], markdown: bool) -> str:
    marks = {"-": ("~~", "~~"), "+": ("**", "**")} if markdown else {"-": ("[-", "-]"), "+": ("{+", "+}")}
    return " ".join(text if op == "=" else f"{marks[op][0]}{text}{marks[op][1]}" for op, text in runs)


def _text(value: str, markdown: bool) -> str:
    """Catalog text in the Markdown changelog (a pull request's job summary) is data, never markup."""
    return markdown_safe(value) if markdown else value


def _requirement_lines(change: RequirementChange, markdown: bool) -> list[str]:
    bullet = "- " if markdown else "  "
    title = _text(change.title, markdown)
    head = f"**{change.id}** {title}" if markdown else f"{change.id} {title}"
    lines = [f"{bullet}{head}: changed {', '.join(change.fields)}"]
    detail = "  - " if markdown else "      "
    for name, before, after in change.values:
        lines.append(f"{detail}{name}: {_text(before, markdown)} -> {_text(after, markdown)}")
    for stage, before, after in change.stage_levels:
        lines.append(f"{detail}at {stage}: {_text(before, markdown)} -> {_text(after, markdown)}")
    if change.statement_diff:
        runs = [(op, _text(text, markdown)) for op, text in change.statement_diff]
        lines.append(f"{detail}statement: {_inline(runs, markdown)}")
    if change.citations_added:
        lines.append(f"{detail}citations added: {', '.join(change.citations_added)}")
    if change.citations_removed:
        lines.append(f"{detail}citations removed: {', '.join(change.citations_removed)}")
    if change.stages:
        lines.append(f"{detail}stage expectations {change.stages}")
    return lines


def render_text(diff: CatalogDiff, markdown: bool = False) -> str:
    """Human-readable or Markdown changelog."""
    title = f"Changes from {diff.old_version} to {diff.new_version}"
    lines = [f"# {title}" if markdown else title, ""]
    if diff.empty:
        return "\n".join(lines + ["No changes."]) + "\n"
    groups = [("Requirements added", diff.added), ("Requirements retired", diff.retired),
              ("Requirements removed (ids must never be deleted; retire instead)", diff.removed),
              ("Sources added", diff.sources_added), ("Sources removed", diff.sources_removed)]
    for heading, ids in groups:
        if ids:
            lines += [f"## {heading}" if markdown else f"{heading}:", *[f"- {i}" if markdown else f"  {i}" for i in ids], ""]
    if diff.changed:
        lines.append("## Requirements changed" if markdown else "Requirements changed:")
        for change in diff.changed:
            lines += _requirement_lines(change, markdown)
        lines.append("")
    if diff.sources_changed:
        lines.append("## Sources changed" if markdown else "Sources changed:")
        for source in diff.sources_changed:
            version = (f" (version {_text(source.version[0], markdown)} -> {_text(source.version[1], markdown)})"
                       if source.version else "")
            lines.append(f"{'- ' if markdown else '  '}{source.id}: {', '.join(source.fields)}{version}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def render_json(diff: CatalogDiff) -> str:
    return json.dumps(asdict(diff), indent=2, ensure_ascii=False) + "\n"
