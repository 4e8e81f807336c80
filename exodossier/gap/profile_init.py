"""`profile init`: a ready-to-fill profile listing exactly the requirements in scope.

A sponsor's profile is their working document: comments, order and wording are
theirs. Re-running init after the stage or the attributes change must only add the
newly applicable requirements, never drop or rewrite an entry. ruamel.yaml's
round-trip mode keeps comments, order and quoting; the file is first read with our
safe loader, so aliases, duplicate keys and other traps are refused as everywhere.
"""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from exodossier.gap.applicability import decide_all, in_scope
from exodossier.catalog.stages import next_stage_of
from exodossier.catalog.loader import Catalog, display_path
from exodossier.errors import UserError, did_you_mean, error
from exodossier.catalog.models import Requirement
from exodossier.gap.profile import AssessmentStatus, Milestone
from exodossier.catalog.yaml_reader import Located, parse_text, read_text

DEFAULT_MILESTONES = {
    "nonclinical": Milestone.PRE_CTN_CONSULTATION,
    "phase1": Milestone.FIRST_CTN,
    "phase2": Milestone.END_OF_PHASE2_CONSULTATION,
    "phase3": Milestone.PRE_NDA_CONSULTATION,
    "marketing": Milestone.MARKETING_APPLICATION,
}
AMBIGUOUS_WORDS = {"yes", "no", "on", "off", "true", "false", "y", "n"}

SKELETON = """\
# yaml-language-server: $schema={schema}
# Product profile for `exodossier gap` (catalog {version}).
# Fill in the product, then give each requirement a status: met, partial, planned, not_met,
# or not_applicable (with a justification); not_assessed counts as an open gap. Add evidence
# ({{id: ..., title: ...}} or a plain title), comment, owner and due (YYYY-MM-DD) where useful.
# Re-run `exodossier profile init -o <this file>` after changing the stage or the attributes:
# it adds newly applicable requirements and keeps everything written here.
product:
  name: TODO product name
  code: TODO-001
  sponsor: TODO sponsor
  indication: TODO indication
  modality: Extracellular vesicles (exosomes)
  target_milestone: {milestone}  # {milestones}
  current_stage: {stage}
{stage_lines}  attributes:  # they decide which requirements apply
{attribute_lines}  # manufacturing_steps:  # in process order; step is one of {steps}
  #   - step: upstream_culture
  #     description: Producer cells, medium, scale and duration.
document:
  confidentiality: Confidential
"""


def init_profile(catalog: Catalog, output: Path, stage: str | None, next_stage: str | None,
                 attributes: dict[str, str]) -> tuple[str, list[str]]:
    """The new profile text and the requirement ids it added (existing entries are untouched)."""
    display = display_path(output)
    if output.suffix.lower() not in (".yaml", ".yml"):
        raise UserError([error("-o", 0, 0, "usage", f"a profile is a YAML file; '{output.name}' is not named .yaml",
                               hint="e.g. -o profile.yaml")], exit_code=2)
    # Through the loader's reader: a .docx, Latin-1 or /dev/zero is a positioned error, not a traceback.
    existing = read_text(output, display) if output.exists() else None
    if existing is None and stage is None:
        raise UserError([error("--stage", 0, 0, "usage", "--stage is required when creating a new profile",
                               hint="e.g. --stage phase1")], exit_code=2)
    text = existing if existing is not None else _skeleton(catalog, output, stage or "", next_stage, attributes)
    located = parse_text(text, display)
    yaml, document = _round_trip(text, located)
    if not isinstance(document, CommentedMap) or not isinstance(document.get("product"), CommentedMap):
        raise UserError([error(display, 1, 1, "profile-not-mapping", "a profile is a mapping with 'product:' at the top",
                               hint="start a new file with --stage and --attr")])
    changed = _merge_product(document["product"], located, stage, next_stage, attributes, display)
    product = document["product"]
    stated = {str(k): str(v) for k, v in (product.get("attributes") or {}).items()}
    current = str(product["current_stage"])
    _check_taxonomy(catalog, current, product.get("next_stage"), stated, located if existing is not None else None)
    stages = [s.id for s in catalog.taxonomy.stages]
    following = str(product["next_stage"]) if product.get("next_stage") else next_stage_of(current, stages)
    added = _add_assessments(document, catalog, _in_scope(catalog, current, following, stated))
    if existing is not None and not (changed or added):
        return existing, []
    buffer = io.StringIO()
    yaml.dump(document, buffer)
    if existing is not None and not _keeps_every_line(existing, buffer.getvalue()):
        raise UserError([error(display, 1, 1, "profile-not-preserved",
                               "cannot extend this profile without reformatting lines the sponsor wrote",
                               hint="indent the file consistently (e.g. 2 spaces), or add by hand: "
                                    + ", ".join(added))])
    return buffer.getvalue(), added


def _merge_product(product: CommentedMap, located: Located, stage: str | None, next_stage: str | None,
                   attributes: dict[str, str], display: str) -> bool:
    """Fill what the command line gives and the profile lacks; True if anything was added."""
    changed = _merge(product, located, "current_stage", stage, display)
    changed |= _merge(product, located, "next_stage", next_stage, display)
    if "current_stage" not in product:
        raise UserError([error(display, *located.position(("product",)), "usage",
                               "the profile has no current_stage", hint="pass --stage")], exit_code=2)
    if attributes and not isinstance(product.get("attributes"), CommentedMap):
        if "attributes" in product:
            product["attributes"] = CommentedMap()
        else:
            product.insert(_insert_position(product, "attributes"), "attributes", CommentedMap())
        changed = True
    for attribute, value in attributes.items():
        changed |= _merge(product["attributes"], located, attribute, value, display, ("product", "attributes"))
    return changed


def _keeps_every_line(before: str, after: str) -> bool:
    """Every original line is still there, unchanged and in order (new lines may sit between them)."""
    remaining = iter(after.splitlines())
    return all(line in remaining for line in before.splitlines())


def _skeleton(catalog: Catalog, output: Path, stage: str, next_stage: str | None,
              attributes: dict[str, str]) -> str:
    """A new profile's text: given attributes filled in, the others as commented-out choices."""
    from exodossier.gap.profile import StepKind

    schema = Path(os.path.relpath(catalog.root / "schema" / "profile.schema.json", output.parent))
    milestone = DEFAULT_MILESTONES.get(stage, Milestone.QUALITY_CONSULTATION)
    lines = []
    for attribute in catalog.taxonomy.attributes:
        choices = [v.id for v in attribute.values]
        if attribute.id in attributes:
            lines.append(f"    {attribute.id}: {_scalar(attributes[attribute.id])}\n")
        else:
            lines.append(f"    # {attribute.id}: {_scalar(choices[0])}  # one of: {', '.join(choices)}\n")
    lines += [f"    {name}: {_scalar(value)}\n" for name, value in attributes.items()
              if name not in {a.id for a in catalog.taxonomy.attributes}]  # reported as unknown below
    return SKELETON.format(schema=schema.as_posix(), version=catalog.version, milestone=milestone.value,
                           milestones="one of: " + ", ".join(m.value for m in Milestone),
                           steps=", ".join(s.value for s in StepKind), stage=_scalar(stage),
                           stage_lines=f"  next_stage: {_scalar(next_stage)}\n" if next_stage else "",
                           attribute_lines="".join(lines))


def _scalar(value: str) -> str:
    return f'"{value}"' if value.lower() in AMBIGUOUS_WORDS else value


def _round_trip(text: str, located: Located) -> tuple[YAML, Any]:
    """ruamel in round-trip mode, indented the way the file already is (so unchanged lines stay unchanged)."""
    mapping, sequence, offset = _indentation(text, located)
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    return yaml, yaml.load(text)


def _indentation(text: str, located: Located) -> tuple[int, int, int]:
    """(mapping indent, sequence indent, dash offset) as used in the file; 2, 4, 2 by default."""
    lines = text.splitlines()
    mapping, sequence, offset = None, None, None
    for path, (line, column) in located.positions.items():
        if not path:
            continue
        parent = located.positions.get(path[:-1])
        if parent is None or line <= parent[0]:
            continue  # flow style, or the root
        if isinstance(path[-1], str) and mapping is None:
            mapping = column - parent[1]
        elif isinstance(path[-1], int) and sequence is None:
            dash = lines[line - 1].rfind("-", 0, column - 1)
            if dash >= 0:
                sequence, offset = column - parent[1], dash + 1 - parent[1]
    return mapping or 2, sequence or 4, offset if offset is not None else 2


def _merge(mapping: CommentedMap, located: Located, key: str, value: str | None, display: str,
           where: tuple[str, ...] = ("product",)) -> bool:
    """Add `key: value` when the profile lacks it; a different existing value is the sponsor's: refuse."""
    if value is None:
        return False
    scalar = DoubleQuotedScalarString(value) if value.lower() in AMBIGUOUS_WORDS else value
    if key in mapping and mapping[key] in (None, ""):
        mapping[key] = scalar
        return True
    if key not in mapping:
        # Appending would land after comments that trail the last key; insert where no comment can be split.
        mapping.insert(_insert_position(mapping, key), key, scalar)
        return True
    if str(mapping[key]) != value:
        line, column = located.position(where + (key,))
        raise UserError([error(display, line, column, "profile-conflict",
                               f"the profile says {key}: {mapping[key]}, the command line says {value}",
                               hint="edit the profile itself; profile init never rewrites what is written there")])
    return False


def _insert_position(mapping: CommentedMap, key: str) -> int:
    """Stages go after the key that precedes them in the skeleton; anything else goes first."""
    keys = list(mapping)
    for before in {"current_stage": ("target_milestone",), "next_stage": ("current_stage", "target_milestone")}.get(key, ()):
        if before in keys:
            return keys.index(before) + 1
    return 0


def _check_taxonomy(catalog: Catalog, current: str, following: Any, attributes: dict[str, str],
                    located: Located | None) -> None:
    """Stages and attributes must exist in the catalog, wherever they came from."""
    stages = [s.id for s in catalog.taxonomy.stages]
    known = {a.id: [v.id for v in a.values] for a in catalog.taxonomy.attributes}
    problems = []

    def at(path: tuple[str, ...], option: str, code: str, message: str, **extra: str) -> None:
        if located is not None and path in located.positions:
            line, column = located.positions[path]
            problems.append(error(located.file, line, column, code, message, **extra))
        else:
            problems.append(error(option, 0, 0, code, message, **extra))

    for name, option, stage in (("current_stage", "--stage", current), ("next_stage", "--next-stage", following)):
        if stage is not None and str(stage) not in stages:
            at(("product", name), option, "unknown-stage", f"unknown development stage '{stage}'",
               expected=", ".join(stages), hint=did_you_mean(str(stage), stages))
    for attribute, value in attributes.items():
        path = ("product", "attributes", attribute)
        if attribute not in known:
            at(path, "--attr", "unknown-attribute", f"unknown product attribute '{attribute}'",
               expected=", ".join(known), hint=did_you_mean(attribute, known))
        elif value not in known[attribute]:
            at(path, "--attr", "unknown-attribute-value", f"'{value}' is not a value of attribute '{attribute}'",
               expected=", ".join(known[attribute]), hint=did_you_mean(value, known[attribute]))
    if problems:
        raise UserError(problems, exit_code=1 if located is not None else 2)


def _in_scope(catalog: Catalog, current: str, following: str | None, attributes: dict[str, str]) -> list[Requirement]:
    stages = [s.id for s in catalog.taxonomy.stages]
    decisions = decide_all(catalog.requirements.values(), attributes)
    order = {c.id: i for i, c in enumerate(catalog.taxonomy.categories)}
    chosen = [r for r in catalog.requirements.values()
              if in_scope(r, decisions[r.id], current, following, stages)]
    return sorted(chosen, key=lambda r: (order.get(r.category, 99), r.id))


def _indent_of(mapping: CommentedMap) -> int:
    """Column of the keys of an existing mapping (2 for a new one)."""
    for key in mapping:
        position = mapping.lc.key(key)
        if position:
            return int(position[1])
    return 2


def _add_assessments(document: CommentedMap, catalog: Catalog, wanted: list[Requirement]) -> list[str]:
    assessments = document.get("assessments")
    if not isinstance(assessments, CommentedMap):
        assessments = document["assessments"] = CommentedMap()
    new = [r for r in wanted if r.id not in assessments]
    indent = _indent_of(assessments)
    previous_category = None
    for requirement in new:
        entry = CommentedMap()
        entry["status"] = AssessmentStatus.NOT_ASSESSED.value
        assessments[requirement.id] = entry
        assessments.yaml_add_eol_comment(f"{requirement.title.en} ({requirement.criticality.value})", requirement.id,
                                         column=indent + len(requirement.id) + 3)
        if requirement.category != previous_category:
            category = catalog.category(requirement.category)
            assessments.yaml_set_comment_before_after_key(requirement.id, before=f"{category.id}: {category.title.en}",
                                                          indent=2)
            previous_category = requirement.category
    return [r.id for r in new]
