"""Cross-reference checks: what no single file's schema can see.

Each check is a small function from the loaded catalog to diagnostics,
positioned on the node that a committee member must edit.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence

from exodossier.catalog.loader import (
    DEFAULT_CATALOG,
    REQUIREMENTS_DIR,
    SOURCES_DIR,
    Catalog,
    LoadResult,
    gc_paused,
    load_catalog,
)
from exodossier.catalog.references import check_prose_references
from exodossier.catalog.models import (
    ALLOWED_TRANSITIONS,
    Attribute,
    Category,
    CtdSection,
    RelationType,
    Requirement,
    RequirementStatus,
    SourceStatus,
    Stage,
)
from exodossier.catalog.placeholders import check_adopted_placeholders
from exodossier.catalog.terminology import check_discouraged_variants, check_missing_counterparts, check_terminology_entries
from exodossier.catalog.translation import check_normalisation, check_translation_records
from exodossier.catalog.yaml_reader import Path_
from exodossier.errors import Diagnostic, UserError, did_you_mean, error, has_errors, warning

Check = Callable[[Catalog], Iterable[Diagnostic]]


def _at(catalog: Catalog, item_id: str, path: Path_, code: str, message: str, *, warn: bool = False,
        **extra: str) -> Diagnostic:
    located = catalog.origin(item_id)
    line, column = located.position(path)
    make = warning if warn else error
    field_path = ".".join(str(p) for p in path)
    return make(located.file, line, column, code, message, field_path=field_path, **extra)


def check_taxonomy_unique(catalog: Catalog) -> Iterator[Diagnostic]:
    taxonomy = catalog.taxonomy
    groups: dict[str, Sequence[Category | Stage | Attribute | CtdSection]] = {
        "categories": taxonomy.categories, "stages": taxonomy.stages, "attributes": taxonomy.attributes,
        "ctd_sections": taxonomy.ctd_sections}
    for name, entries in groups.items():
        seen: set[str] = set()
        for index, entry in enumerate(entries):
            if entry.id in seen:
                yield _at(catalog, "taxonomy", (name, index, "id"), "taxonomy-duplicate",
                          f"{name} entry '{entry.id}' is defined twice")
            seen.add(entry.id)
    slugs = [c.slug for c in taxonomy.categories]
    for index, category in enumerate(taxonomy.categories):
        if slugs.count(category.slug) > 1:
            yield _at(catalog, "taxonomy", ("categories", index, "slug"), "taxonomy-duplicate",
                      f"category folder '{category.slug}' is used twice")


def check_file_placement(catalog: Catalog) -> Iterator[Diagnostic]:
    slugs = {c.id: c.slug for c in catalog.taxonomy.categories}
    for rid, requirement in catalog.requirements.items():
        # The last three parts of where the file should be (a slug is one folder name, FOLDER_PATTERN):
        # tuples of strings, not a Path per requirement.
        expected = (REQUIREMENTS_DIR, slugs.get(requirement.category, "?"), f"{rid}.yaml")
        prefix = rid.split("-")[1]
        if requirement.category not in slugs:
            yield _at(catalog, rid, ("category",), "unknown-category", f"unknown category '{requirement.category}'",
                      expected="a category id from taxonomy.yaml", hint=did_you_mean(requirement.category, slugs))
        elif prefix != requirement.category:
            yield _at(catalog, rid, ("id",), "id-prefix-mismatch",
                      f"id '{rid}' has prefix '{prefix}' but category is '{requirement.category}'",
                      hint=f"ids of this category start with EXO-{requirement.category}-")
        elif tuple(os.path.abspath(catalog.origin(rid).file).split(os.sep)[-3:]) != expected:  # display may be ../
            yield _at(catalog, rid, ("id",), "misplaced-file", f"requirement '{rid}' is not where its id says",
                      expected=f"{REQUIREMENTS_DIR}/{slugs[requirement.category]}/{rid}.yaml",
                      hint="rename or move the file so that its name is the id")
    for sid in catalog.sources:
        if Path(catalog.origin(sid).file).name != f"{sid}.yaml":
            yield _at(catalog, sid, ("id",), "misplaced-file", f"source '{sid}' is not in {SOURCES_DIR}/{sid}.yaml",
                      hint="rename the file so that its name is the id")


def check_taxonomy_references(catalog: Catalog) -> Iterator[Diagnostic]:
    taxonomy = catalog.taxonomy
    order: dict[str, int] = {}
    for index, stage in enumerate(taxonomy.stages):
        order.setdefault(stage.id, index)  # a duplicate is reported once, not again in every requirement
    attributes = {a.id: [v.id for v in a.values] for a in taxonomy.attributes}
    sections = {s.id for s in taxonomy.ctd_sections}
    for rid, requirement in catalog.requirements.items():
        yield from _stage_problems(catalog, rid, requirement, order)
        for attribute, values in requirement.applicability.items():
            if attribute not in attributes:
                yield _at(catalog, rid, ("applicability", attribute), "unknown-attribute",
                          f"unknown product attribute '{attribute}'", hint=did_you_mean(attribute, attributes))
                continue
            for index, value in enumerate(values):
                if value not in attributes[attribute]:
                    yield _at(catalog, rid, ("applicability", attribute, index), "unknown-attribute-value",
                              f"'{value}' is not a value of attribute '{attribute}'",
                              expected=", ".join(attributes[attribute]), hint=did_you_mean(value, attributes[attribute]))
        for index, section in enumerate(requirement.ctd_sections):
            if section not in sections:
                yield _at(catalog, rid, ("ctd_sections", index), "unknown-ctd-section",
                          f"unknown CTD section '{section}'", hint=did_you_mean(section, sections))


def _stage_problems(catalog: Catalog, rid: str, requirement: Requirement, order: dict[str, int]) -> Iterator[Diagnostic]:
    previous = -1
    for index, expectation in enumerate(requirement.stage_expectations):
        where = ("stage_expectations", index, "stage")
        if expectation.stage not in order:
            yield _at(catalog, rid, where, "unknown-stage", f"unknown development stage '{expectation.stage}'",
                      expected=", ".join(order), hint=did_you_mean(expectation.stage, order))
            continue
        if order[expectation.stage] <= previous:
            yield _at(catalog, rid, where, "stage-order",
                      f"stage '{expectation.stage}' is listed out of order or twice",
                      hint="list stage expectations once each, earliest stage first")
        previous = order[expectation.stage]


def check_citations(catalog: Catalog) -> Iterator[Diagnostic]:
    for rid, requirement in catalog.requirements.items():
        if requirement.status is RequirementStatus.ADOPTED and not requirement.citations:
            yield _at(catalog, rid, ("status",), "adopted-without-citation",
                      "an adopted requirement must cite at least one source",
                      hint="add a citation, or keep the status at draft until it is sourced")
        for index, citation in enumerate(requirement.citations):
            yield from _citation_problems(catalog, rid, index)


def _citation_problems(catalog: Catalog, rid: str, index: int) -> Iterator[Diagnostic]:
    citation = catalog.requirements[rid].citations[index]
    source = catalog.sources.get(citation.source)
    base = ("citations", index)
    if source is None and citation.source in catalog.broken_ids:
        return
    if source is None:
        yield _at(catalog, rid, base + ("source",), "dangling-source", f"cited source '{citation.source}' does not exist",
                  hint=did_you_mean(citation.source, catalog.sources))
        return
    clause_ids = [c.id for c in source.clauses]
    if citation.clause is not None and citation.clause not in clause_ids:
        yield _at(catalog, rid, base + ("clause",), "dangling-clause",
                  f"source '{source.id}' has no clause '{citation.clause}'",
                  expected=", ".join(clause_ids) or "(the source lists no clauses)",
                  hint=did_you_mean(citation.clause, clause_ids) or "add the clause to the source file")
    if source.status is SourceStatus.SUPERSEDED:
        yield _at(catalog, rid, base + ("source",), "superseded-source", f"cites superseded source '{source.id}'",
                  warn=True, hint=f"cite its successor '{source.superseded_by}'")
    if not source.verified:
        yield _at(catalog, rid, base + ("source",), "unverified-source",
                  f"cites '{source.id}', whose details are not verified", warn=True,
                  hint="check the source against its official text, then set verified: true")
    if citation.reviewed_version is None:
        yield _at(catalog, rid, base, "unreviewed-citation", f"citation of '{source.id}' has never been reviewed",
                  warn=True, hint=f"review it, then run: exodossier review {rid}")
    elif citation.reviewed_version != source.version:
        yield _at(catalog, rid, base + ("reviewed_version",), "suspect-citation",
                  f"citation reviewed against '{source.id}' version {citation.reviewed_version}, "
                  f"but the catalog now holds version {source.version}", warn=True,
                  hint=f"re-review the requirement, then run: exodossier review {rid}")


def check_sources(catalog: Catalog) -> Iterator[Diagnostic]:
    for sid, source in catalog.sources.items():
        if source.superseded_by and source.superseded_by not in catalog.sources.keys() | catalog.broken_ids:
            yield _at(catalog, sid, ("superseded_by",), "dangling-source",
                      f"superseded_by names unknown source '{source.superseded_by}'",
                      hint=did_you_mean(source.superseded_by, catalog.sources))
        if source.superseded_by == sid:
            yield _at(catalog, sid, ("superseded_by",), "self-reference", "a source cannot supersede itself")
        clause_ids = [c.id for c in source.clauses]
        for index, clause in enumerate(clause_ids):
            if clause_ids.index(clause) != index:
                yield _at(catalog, sid, ("clauses", index, "id"), "duplicate-clause", f"clause '{clause}' is listed twice")
    superseded = ((sid, source.superseded_by) for sid, source in catalog.sources.items() if source.superseded_by)
    for loop in elementary_cycles(superseded):
        if len(loop) > 1:
            yield _at(catalog, loop[0], ("superseded_by",), "superseded-loop",
                      "superseded_by chain loops: " + " -> ".join(loop + loop[:1]))


def check_relations(catalog: Catalog) -> Iterator[Diagnostic]:
    for rid, requirement in catalog.requirements.items():
        for index, relation in enumerate(requirement.related):
            where = ("related", index, "id")
            target = catalog.requirements.get(relation.id)
            if relation.id == rid:
                yield _at(catalog, rid, where, "self-reference", f"requirement '{rid}' relates to itself")
            elif target is None and relation.id in catalog.broken_ids:
                continue
            elif target is None:
                yield _at(catalog, rid, where, "dangling-requirement", f"related requirement '{relation.id}' does not exist",
                          hint=did_you_mean(relation.id, [r for r in catalog.requirements if r != rid]))
            elif (relation.type is RelationType.DEPENDS_ON and target.status is RequirementStatus.RETIRED
                  and requirement.status is not RequirementStatus.RETIRED):
                yield _at(catalog, rid, where, "depends-on-retired",
                          f"depends on retired requirement '{relation.id}'",
                          hint="point to the requirement that replaced it, or retire this one too")
    depends_on = ((rid, relation.id) for rid, requirement in catalog.requirements.items()
                  for relation in requirement.related if relation.type is RelationType.DEPENDS_ON)
    for cycle in elementary_cycles(depends_on):
        if len(cycle) > 1:
            yield _at(catalog, cycle[0], ("related",), "depends-on-cycle",
                      "depends_on cycle: " + " -> ".join(cycle + cycle[:1]),
                      hint="a requirement cannot (indirectly) depend on itself; make one link see_also")


def check_ledger(catalog: Catalog) -> Iterator[Diagnostic]:
    """Ids are never reused: every file's id was issued, and every issued id keeps its file."""
    if catalog.ledger is None:
        return
    issued = catalog.ledger.issued
    for index, rid in enumerate(issued):
        if issued.index(rid) != index:
            yield _at(catalog, "ledger", ("issued", index), "ledger-duplicate", f"id '{rid}' is issued twice")
        elif rid not in catalog.requirements and rid not in catalog.broken_ids:
            yield _at(catalog, "ledger", ("issued", index), "deleted-requirement",
                      f"'{rid}' was issued but its file is gone",
                      hint="restore the file and retire the requirement instead (ids are never reused)")
    for rid in catalog.requirements:
        if rid not in issued:
            yield _at(catalog, rid, ("id",), "id-not-issued", f"id '{rid}' is not in the ledger",
                      hint="create requirements with 'exodossier new requirement', which issues the next free id")


def check_history(catalog: Catalog) -> Iterator[Diagnostic]:
    """Recorded review steps follow draft -> under_review -> adopted -> retired and end at the status."""
    for rid, requirement in catalog.requirements.items():
        steps = requirement.history
        for index in range(1, len(steps)):
            before, after = steps[index - 1].status, steps[index].status
            if after not in ALLOWED_TRANSITIONS[before]:
                yield _at(catalog, rid, ("history", index, "status"), "illegal-transition",
                          f"a requirement cannot move from {before.value} to {after.value}",
                          expected=", ".join(sorted(s.value for s in ALLOWED_TRANSITIONS[before])) or "no further step")
        if steps and steps[-1].status is not requirement.status:
            yield _at(catalog, rid, ("status",), "status-history-mismatch",
                      f"status is {requirement.status.value} but the last history step says {steps[-1].status.value}",
                      hint="use 'exodossier status' to change status; it records the step")


CHECKS: tuple[Check, ...] = (check_taxonomy_unique, check_file_placement, check_taxonomy_references,
                             check_citations, check_sources, check_relations, check_ledger, check_history,
                             check_terminology_entries, check_discouraged_variants, check_missing_counterparts,
                             check_translation_records, check_normalisation, check_prose_references,
                             check_adopted_placeholders)


def elementary_cycles(edges: Iterable[tuple[str, str]]) -> list[list[str]]:
    """Every elementary cycle of a relation, each starting at its smallest id, sorted, so messages are stable.

    Nodes without an incoming or an outgoing edge lie on no cycle; peeling them off first (linear)
    usually leaves nothing, and then networkx (65 ms to import, a third of a small `validate`) is
    not needed at all.
    """
    edges = _on_cycles(edges)
    if not edges:
        return []
    import networkx as nx

    graph = nx.DiGraph()
    graph.add_edges_from(edges)
    cycles = []
    for cycle in nx.simple_cycles(graph):
        start = cycle.index(min(cycle))
        cycles.append(cycle[start:] + cycle[:start])
    return sorted(cycles)


def _on_cycles(edges: Iterable[tuple[str, str]]) -> set[tuple[str, str]]:
    """The edges left after repeatedly removing nodes with no incoming or no outgoing edge: every cycle's."""
    left = set(edges)
    outgoing: dict[str, set[str]] = {}
    incoming: dict[str, set[str]] = {}
    for source, target in left:
        outgoing.setdefault(source, set()).add(target)
        incoming.setdefault(target, set()).add(source)
    pending = [node for node in outgoing.keys() | incoming.keys() if not outgoing.get(node) or not incoming.get(node)]
    while pending:
        node = pending.pop()
        for target in outgoing.pop(node, set()):
            left.discard((node, target))
            incoming[target].discard(node)
            if not incoming[target]:
                pending.append(target)
        for source in incoming.pop(node, set()):
            left.discard((source, node))
            outgoing[source].discard(node)
            if not outgoing[source]:
                pending.append(source)
    return left


# Checks whose findings about a requirement depend on its own file alone (and the terminology):
# their results are kept per file by catalog.check_cache.
LOCAL_CHECKS = frozenset({check_history, check_translation_records, check_normalisation, check_discouraged_variants,
                          check_missing_counterparts, check_adopted_placeholders})


def check_catalog(catalog: Catalog, *, cached: bool = False) -> list[Diagnostic]:
    """Every cross-reference check over a loaded catalog, in a stable order; with `cached`, unchanged
    requirements' own results come from the check cache (the same list: tests/catalog/test_check_cache.py)."""
    if cached:
        from exodossier.catalog.check_cache import cached_checks

        found = cached_checks(catalog, CHECKS, LOCAL_CHECKS)
        if found is not None:
            return sorted(found)
    return sorted(d for check in CHECKS for d in check(catalog))


@gc_paused()
def validate_catalog(root: Path = DEFAULT_CATALOG) -> LoadResult:
    """Load, then run every cross-reference check: what `exodossier validate` reports."""
    result = load_catalog(root)
    if result.catalog is not None:
        result.diagnostics.extend(check_catalog(result.catalog, cached=True))
    result.diagnostics.sort()
    return result


def load_valid_catalog(root: Path = DEFAULT_CATALOG) -> Catalog:
    """The catalog for views: raises `UserError` with every diagnostic if anything is wrong."""
    result = validate_catalog(root)
    if result.catalog is None or has_errors(result.diagnostics):
        raise UserError([d for d in result.diagnostics if d.severity.value == "error"])
    return result.catalog
