"""The catalog as one typed networkx graph.

Built once from the loaded models; every view reads it instead of re-walking the
models, so "who cites this?" has one answer everywhere. Node keys are prefixed by
type (`req:`, `src:`, `clause:`, `cat:`, `ctd:`, `stage:`) so ids never collide.
"""

from __future__ import annotations

import networkx as nx

from exodossier.catalog.loader import Catalog
from exodossier.catalog.models import RelationType, Requirement

REQ, SRC, CLAUSE, CAT, CTD, STAGE = "requirement", "source", "clause", "category", "ctd_section", "stage"
CITES, PART_OF, SUPERSEDED_BY, IN, MAPS_TO, EXPECTED_AT = (
    "cites", "part_of", "superseded_by", "in", "maps_to", "expected_at")
RELATION_EDGES = tuple(r.value for r in RelationType)


def req_node(rid: str) -> str:
    return f"req:{rid}"


def src_node(sid: str) -> str:
    return f"src:{sid}"


def clause_node(sid: str, clause: str) -> str:
    return f"clause:{sid}#{clause}"


def cat_node(cid: str) -> str:
    return f"cat:{cid}"


def ctd_node(section: str) -> str:
    return f"ctd:{section}"


def stage_node(stage: str) -> str:
    return f"stage:{stage}"


def node_id(node: str) -> str:
    """The catalog id behind a graph key (`req:EXO-RM-001` -> `EXO-RM-001`)."""
    return node.split(":", 1)[1]


def build_graph(catalog: Catalog) -> nx.MultiDiGraph:
    """One pass over the models; dangling references become nodes flagged `missing`."""
    graph = nx.MultiDiGraph(catalog_version=catalog.version)
    _add_taxonomy(graph, catalog)
    for source in catalog.sources.values():
        graph.add_node(src_node(source.id), type=SRC, id=source.id, obj=source)
        for clause in source.clauses:
            key = clause_node(source.id, clause.id)
            graph.add_node(key, type=CLAUSE, id=f"{source.id}#{clause.id}", obj=clause, source=source.id)
            graph.add_edge(key, src_node(source.id), key=PART_OF, type=PART_OF)
    for source in catalog.sources.values():
        if source.superseded_by:
            _ensure(graph, src_node(source.superseded_by), SRC)
            graph.add_edge(src_node(source.id), src_node(source.superseded_by), key=SUPERSEDED_BY, type=SUPERSEDED_BY)
    for requirement in catalog.requirements.values():
        _add_requirement(graph, requirement)
    return graph


def _ensure(graph: nx.MultiDiGraph, key: str, kind: str) -> None:
    if key not in graph:
        graph.add_node(key, type=kind, id=node_id(key), obj=None, missing=True)


def _add_taxonomy(graph: nx.MultiDiGraph, catalog: Catalog) -> None:
    for category in catalog.taxonomy.categories:
        graph.add_node(cat_node(category.id), type=CAT, id=category.id, obj=category)
    for section in catalog.taxonomy.ctd_sections:
        graph.add_node(ctd_node(section.id), type=CTD, id=section.id, obj=section)
    for order, stage in enumerate(catalog.taxonomy.stages):
        graph.add_node(stage_node(stage.id), type=STAGE, id=stage.id, obj=stage, order=order)


def _add_requirement(graph: nx.MultiDiGraph, requirement: Requirement) -> None:
    key = req_node(requirement.id)
    graph.add_node(key, type=REQ, id=requirement.id, obj=requirement, missing=False)
    _ensure(graph, cat_node(requirement.category), CAT)
    graph.add_edge(key, cat_node(requirement.category), key=IN, type=IN)
    for section in requirement.ctd_sections:
        _ensure(graph, ctd_node(section), CTD)
        graph.add_edge(key, ctd_node(section), key=MAPS_TO, type=MAPS_TO)
    for expectation in requirement.stage_expectations:
        _ensure(graph, stage_node(expectation.stage), STAGE)
        graph.add_edge(key, stage_node(expectation.stage), key=EXPECTED_AT, type=EXPECTED_AT,
                       level=expectation.level.value)
    for index, citation in enumerate(requirement.citations):
        target = clause_node(citation.source, citation.clause) if citation.clause else src_node(citation.source)
        if target not in graph:
            _ensure(graph, src_node(citation.source), SRC)
            if citation.clause:
                graph.add_node(target, type=CLAUSE, id=f"{citation.source}#{citation.clause}", obj=None,
                               source=citation.source, missing=True)
                graph.add_edge(target, src_node(citation.source), key=PART_OF, type=PART_OF)
        graph.add_edge(key, target, key=f"{CITES}:{index}", type=CITES, citation=index)
    for relation in requirement.related:
        _ensure(graph, req_node(relation.id), REQ)
        graph.add_edge(key, req_node(relation.id), key=relation.type.value, type=relation.type.value)
