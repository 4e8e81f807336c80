"""`exodossier new`: a new requirement or source file, every field stubbed with guidance.

Guidance comes from the models' field descriptions, so the stub always matches the schema.
Ids are never reused: the next number follows the highest ever used in the category,
retired requirements included (their files are kept).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from pydantic import BaseModel

from exodossier.catalog.loader import LEDGER_FILE, REQUIREMENTS_DIR, SOURCES_DIR, Catalog, display_path
from exodossier.errors import UserError, did_you_mean, error
from exodossier.catalog.models import SOURCE_ID_PATTERN, Requirement, Source
from exodossier.outputs import write_atomic
from exodossier.catalog.yaml_reader import parse_text, read_text

REQUIREMENT_SCHEMA = "# yaml-language-server: $schema=../../schema/requirement.schema.json"
SOURCE_SCHEMA = "# yaml-language-server: $schema=../schema/source.schema.json"


def next_requirement_id(catalog: Catalog, category: str) -> str:
    """One past the highest number ever issued in the category (ledger and files alike)."""
    issued = catalog.ledger.issued if catalog.ledger else []
    numbers = [r.number for r in catalog.requirements.values() if r.category == category]
    numbers += [int(i.rsplit("-", 1)[1]) for i in issued if i.split("-")[1] == category]
    return f"EXO-{category}-{max(numbers, default=0) + 1:03d}"


def issue_in_ledger(catalog: Catalog, requirement_id: str) -> None:
    """Append the id to ledger.yaml (when the catalog keeps one), keeping the file as written."""
    path = catalog.root / LEDGER_FILE
    if catalog.ledger is None or not path.is_file():
        return
    text = read_text(path, display_path(path))
    write_atomic(path, text + ("" if text.endswith("\n") else "\n") + f"  - {requirement_id}\n")


def _guidance(model: type[BaseModel], name: str) -> str:
    info = model.model_fields[name]
    text = info.description or name.replace("_", " ").capitalize()
    return f"# {text}{'' if info.is_required() else ' (optional)'}"


def _stub(model: type[BaseModel], values: dict[str, str], placeholders: dict[str, str]) -> list[str]:
    lines = []
    for name in model.model_fields:
        lines.append(_guidance(model, name))
        if name in values:
            lines.append(f"{name}: {json.dumps(values[name], ensure_ascii=False)}")
        elif name in placeholders:
            lines.append(f"{name}:{placeholders[name]}")
        else:
            lines.append(f"# {name}:")
    return lines


REQUIREMENT_PLACEHOLDERS = {
    "statement": ' "TODO: the sponsor must/should/may ..."',
    "rationale": ' "TODO: why this matters for EV products in particular"',
    "topic": ' "TODO: topic"',
    "criticality": " medium",
    "stage_expectations": '\n  - stage: phase1\n    level: should\n    note: "TODO: what is enough at this stage"',
}


def new_requirement(catalog: Catalog, category: str, title: str) -> Path:
    slugs = {c.id: c.slug for c in catalog.taxonomy.categories}
    if category not in slugs:
        raise UserError([error("<command line>", 0, 0, "unknown-category", f"unknown category '{category}'",
                               hint=did_you_mean(category, slugs) or f"one of {', '.join(slugs)}")], exit_code=2)
    rid = next_requirement_id(catalog, category)
    values = {"id": rid, "title": title, "category": category, "status": "draft"}
    text = "\n".join([REQUIREMENT_SCHEMA, *_stub(Requirement, values, REQUIREMENT_PLACEHOLDERS)]) + "\n"
    path = catalog.root / REQUIREMENTS_DIR / slugs[category] / f"{rid}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    parse_text(text, display_path(path))  # never write a file the loader would refuse (control characters)
    write_atomic(path, text)
    issue_in_ledger(catalog, rid)
    return path


SOURCE_PLACEHOLDERS = {"kind": " journal_article", "issuer": ' "TODO: issuer"', "version": ' "TODO"',
                       "status": " current", "verified": " false"}


def check_source_id(source_id: str) -> None:
    """Exit 2 before anything is written when --id is not a source id: it names the file, so
    `../../x` would write outside the catalog and `A B` a file validate rejects."""
    if not re.match(SOURCE_ID_PATTERN, source_id) or len(source_id) > 120:
        raise UserError([error("--id", 0, 0, "usage", f"{source_id!r} is not a source id",
                               expected="capital letters and digits, then '-' parts, such as ICH-Q5A-R2")],
                        exit_code=2)


def new_source(catalog: Catalog, source_id: str, title: str) -> Path:
    check_source_id(source_id)
    path = catalog.root / SOURCES_DIR / f"{source_id}.yaml"
    if source_id in catalog.sources or path.exists():
        raise UserError([error(str(path), 0, 0, "duplicate-id", f"source '{source_id}' already exists")], exit_code=1)
    values = {"id": source_id, "title": title}
    text = "\n".join([SOURCE_SCHEMA, *_stub(Source, values, SOURCE_PLACEHOLDERS)]) + "\n"
    parse_text(text, display_path(path))  # never write a file the loader would refuse (control characters)
    write_atomic(path, text)
    return path
