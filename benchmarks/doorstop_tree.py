"""The same synthetic requirements as a doorstop tree, for the side-by-side comparison.

doorstop (an established requirements tool, installed from PyPI into its own venv
under benchmarks/scratch/, never committed) keeps one YAML file per item, like us. The
closest faithful mapping of our catalog: a root document SRC with one item per source
(its clauses listed in the text), and a child document REQ with one item per
requirement whose text carries the statement, rationale, criteria, methods, evidence
and stage expectations, and whose links point to the cited sources (doorstop links
only to parent documents, so requirement-to-requirement relations become text).
Converted from the validated models, so both tools read exactly the same content.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import yaml

from benchmarks.venvs import private_tool
from exodossier.catalog.loader import Catalog, load_catalog
from exodossier.catalog.models import LocalizedText, Requirement, Source

try:
    from yaml import CSafeDumper as _Dumper
except ImportError:  # pragma: no cover
    from yaml import SafeDumper as _Dumper  # type: ignore[assignment]

DOORSTOP_VERSION = "3.2"


def ensure_doorstop(venv: Path) -> Path:
    """The doorstop executable of a private venv, created on first use (pip from PyPI)."""
    return private_tool(venv, f"doorstop=={DOORSTOP_VERSION}", "doorstop")


def _text(value: LocalizedText | None) -> str:
    if value is None:
        return ""
    return value.en + (f"\n\n{value.ja}" if value.ja else "")


def _item(text: str, header: str, level: str, links: list[str]) -> dict[str, object]:
    return {"active": True, "derived": False, "header": header, "level": level,
            "links": [{link: None} for link in links], "normative": True, "ref": "", "reviewed": None,
            "text": text}


def _source_text(source: Source) -> str:
    clauses = "\n".join(f"- {c.id}: {_text(c.title)}" for c in source.clauses)
    return f"{_text(source.summary)}\n\nIssuer: {source.issuer}, version {source.version}.\n\n{clauses}"


def _requirement_text(requirement: Requirement) -> str:
    parts = [_text(requirement.statement), "Rationale: " + _text(requirement.rationale)]
    for title, items in (("Acceptance criteria", requirement.acceptance_criteria), ("Methods", requirement.methods),
                         ("Evidence", requirement.evidence)):
        parts.append(f"{title}:\n" + "\n".join(f"- {_text(i)}" for i in items))
    parts.append("Stages:\n" + "\n".join(f"- {e.stage}: {e.level.value}. {_text(e.note)}"
                                         for e in requirement.stage_expectations))
    if requirement.related:
        parts.append("Related: " + ", ".join(f"{r.id} ({r.type.value})" for r in requirement.related))
    return "\n\n".join(parts)


def _write(path: Path, data: object) -> None:
    path.write_text(yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=True), encoding="utf-8")


def fresh_project(catalog_root: Path, target: Path) -> Catalog:
    """The catalog, and an empty `target` with its `src/` (sources) and `req/` (requirements) folders:
    both anchors' projects start this way."""
    catalog = load_catalog(catalog_root).catalog
    assert catalog is not None, f"no catalog at {catalog_root}"
    if target.exists():
        shutil.rmtree(target)
    (target / "src").mkdir(parents=True)
    (target / "req").mkdir()
    return catalog


def convert(catalog_root: Path, target: Path) -> int:
    """Write the doorstop tree for a catalog into `target` (a fresh git work tree); returns the item count."""
    catalog = fresh_project(catalog_root, target)
    subprocess.run(["git", "init", "--quiet", str(target)], check=True)  # doorstop finds its root by the VCS
    _write(target / "src" / ".doorstop.yml", {"settings": {"digits": 5, "prefix": "SRC", "sep": ""}})
    _write(target / "req" / ".doorstop.yml", {"settings": {"digits": 5, "parent": "SRC", "prefix": "REQ", "sep": ""}})
    source_uid = {}
    for index, source in enumerate(catalog.sources.values(), start=1):
        uid = source_uid[source.id] = f"SRC{index:05d}"
        _write(target / "src" / f"{uid}.yml", _item(_source_text(source), _text(source.title), f"1.{index}", []))
    categories = [c.id for c in catalog.taxonomy.categories]
    within: dict[str, int] = {}
    for index, requirement in enumerate(catalog.requirements.values(), start=1):
        chapter = categories.index(requirement.category) + 1
        within[requirement.category] = within.get(requirement.category, 0) + 1
        links = sorted({source_uid[c.source] for c in requirement.citations if c.source in source_uid})
        _write(target / "req" / f"REQ{index:05d}.yml",
               _item(_requirement_text(requirement), f"{requirement.id} {_text(requirement.title)}",
                     f"{chapter}.{within[requirement.category]}", links))
    return len(catalog.sources) + len(catalog.requirements)
