"""The questions a committee asks of the catalog graph: who cites this, what is uncovered, what loops.

Every view asks here instead of re-walking the models, so "who cites this?" has one answer everywhere.
"""

from __future__ import annotations

from collections import Counter, deque
from dataclasses import dataclass, field
from typing import Iterable

import networkx as nx

from exodossier.catalog.checks import elementary_cycles
from exodossier.catalog.models import RelationType, RequirementStatus
from exodossier.graph.build import (
    CAT,
    CITES,
    CLAUSE,
    CTD,
    IN,
    MAPS_TO,
    PART_OF,
    REQ,
    SRC,
    SUPERSEDED_BY,
    clause_node,
    node_id,
    src_node,
)


def edges_of_type(graph: nx.MultiDiGraph, kind: str) -> Iterable[tuple[str, str]]:
    for u, v, data in graph.edges(data=True):
        if data["type"] == kind:
            yield u, v


def typed_subgraph(graph: nx.MultiDiGraph, kind: str) -> nx.DiGraph:
    sub = nx.DiGraph()
    sub.add_edges_from(edges_of_type(graph, kind))
    return sub


def _cycles(graph: nx.MultiDiGraph, kind: str) -> list[list[str]]:
    """Every elementary cycle of one edge type, as ids (the same rule validate reports with)."""
    return elementary_cycles((node_id(u), node_id(v)) for u, v in edges_of_type(graph, kind))


def depends_on_cycles(graph: nx.MultiDiGraph) -> list[list[str]]:
    return _cycles(graph, RelationType.DEPENDS_ON.value)


def superseded_loops(graph: nx.MultiDiGraph) -> list[list[str]]:
    return _cycles(graph, SUPERSEDED_BY)


def predecessors_by(graph: nx.MultiDiGraph, node: str, kind: str) -> list[str]:
    """Nodes with an edge of `kind` into `node`, sorted."""
    if node not in graph:
        return []
    return sorted({u for u, _, data in graph.in_edges(node, data=True) if data["type"] == kind})


def successors_by(graph: nx.MultiDiGraph, node: str, kind: str) -> list[str]:
    if node not in graph:
        return []
    return sorted({v for _, v, data in graph.out_edges(node, data=True) if data["type"] == kind})


@dataclass(frozen=True)
class Impact:
    """A requirement to re-review, and the chain of graph keys that explains why."""

    requirement: str
    path: tuple[str, ...]

    @property
    def direct(self) -> bool:
        """Cited directly, rather than reached through a depends_on chain."""
        return not self.path[-2].startswith("req:")


def impact(graph: nx.MultiDiGraph, source_id: str, clause: str | None = None) -> list[Impact]:
    """Requirements citing the source (or clause), then all that depend on them, with paths.

    Breadth-first, so each requirement is reported with its shortest explanation.
    """
    start = clause_node(source_id, clause) if clause else src_node(source_id)
    if start not in graph:
        return []
    targets = [start] if clause else [start, *predecessors_by(graph, start, PART_OF)]
    queue: deque[tuple[str, tuple[str, ...]]] = deque()
    found: dict[str, tuple[str, ...]] = {}
    for target in targets:
        base = (start,) if target == start else (start, target)
        for citer in predecessors_by(graph, target, CITES):
            path = base + (citer,)
            if citer not in found:
                found[citer] = path
                queue.append((citer, path))
    while queue:
        node, path = queue.popleft()
        for dependant in predecessors_by(graph, node, RelationType.DEPENDS_ON.value):
            if dependant not in found:
                found[dependant] = path + (dependant,)
                queue.append((dependant, found[dependant]))
    return sorted((Impact(node_id(n), p) for n, p in found.items()), key=lambda i: (len(i.path), i.requirement))


@dataclass
class Backlinks:
    cited_by: list[str] = field(default_factory=list)
    depended_on_by: list[str] = field(default_factory=list)
    refined_by: list[str] = field(default_factory=list)
    see_also_from: list[str] = field(default_factory=list)


def backlinks(graph: nx.MultiDiGraph, node: str) -> Backlinks:
    """Who points at this node: citers of a source or clause, dependants of a requirement."""
    cited = set(predecessors_by(graph, node, CITES))
    for clause in predecessors_by(graph, node, PART_OF):
        cited.update(predecessors_by(graph, clause, CITES))
    return Backlinks(
        cited_by=sorted(node_id(n) for n in cited),
        depended_on_by=[node_id(n) for n in predecessors_by(graph, node, RelationType.DEPENDS_ON.value)],
        refined_by=[node_id(n) for n in predecessors_by(graph, node, RelationType.REFINES.value)],
        see_also_from=[node_id(n) for n in predecessors_by(graph, node, RelationType.SEE_ALSO.value)],
    )


def all_cited_by(graph: nx.MultiDiGraph) -> dict[str, list[str]]:
    """One pass: for every source and clause key, the requirement ids citing it."""
    result: dict[str, set[str]] = {}
    for u, v, data in graph.edges(data=True):
        if data["type"] != CITES:
            continue
        result.setdefault(v, set()).add(node_id(u))
        if graph.nodes[v]["type"] == CLAUSE:
            result.setdefault(src_node(graph.nodes[v]["source"]), set()).add(node_id(u))
    return {k: sorted(v) for k, v in result.items()}


@dataclass
class Coverage:
    uncited_sources: list[str]
    uncited_clauses: list[str]
    adopted_without_citation: list[str]
    unmapped_ctd_sections: list[str]
    small_categories: list[tuple[str, int]]


def coverage(graph: nx.MultiDiGraph, small: int = 5) -> Coverage:
    cited = all_cited_by(graph)

    def nodes(kind: str) -> list[str]:
        return sorted(n for n, d in graph.nodes(data=True) if d["type"] == kind and not d.get("missing"))

    adopted = [n for n in nodes(REQ) if graph.nodes[n]["obj"].status is RequirementStatus.ADOPTED]
    return Coverage(
        uncited_sources=[node_id(n) for n in nodes(SRC) if n not in cited],
        uncited_clauses=[graph.nodes[n]["id"] for n in nodes(CLAUSE) if n not in cited],
        adopted_without_citation=[node_id(n) for n in adopted if not successors_by(graph, n, CITES)],
        unmapped_ctd_sections=[node_id(n) for n in nodes(CTD) if not predecessors_by(graph, n, MAPS_TO)],
        small_categories=[(node_id(n), count) for n in nodes(CAT)
                          if (count := len(predecessors_by(graph, n, IN))) < small],
    )


def most_cited(graph: nx.MultiDiGraph, limit: int = 10) -> list[tuple[str, int]]:
    """Sources and clauses by the number of requirements citing them, most first."""
    counts = Counter({graph.nodes[k]["id"]: len(v) for k, v in all_cited_by(graph).items()})
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]


def stats(graph: nx.MultiDiGraph) -> dict[str, dict[str, int]]:
    nodes = Counter(d["type"] for _, d in graph.nodes(data=True))
    edges = Counter(d["type"] for _, _, d in graph.edges(data=True))
    return {"nodes": dict(sorted(nodes.items())), "edges": dict(sorted(edges.items()))}
