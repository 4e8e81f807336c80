"""The knowledge graph: typed nodes and edges, and each query on a catalog of known shape."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

from exodossier.catalog.checks import load_valid_catalog
from exodossier.graph.build import build_graph, req_node, src_node
from exodossier.graph.queries import Impact, backlinks, coverage, depends_on_cycles, impact, most_cited, stats
from tests.conftest import SMALL_CATALOG


@pytest.fixture(scope="module")
def graph() -> nx.MultiDiGraph:
    return build_graph(load_valid_catalog(SMALL_CATALOG))


def test_nodes_and_edges_are_typed(graph: nx.MultiDiGraph) -> None:
    assert stats(graph) == {
        "nodes": {"category": 2, "clause": 4, "ctd_section": 3, "requirement": 4, "source": 3, "stage": 5},
        "edges": {"cites": 3, "depends_on": 2, "expected_at": 7, "in": 4, "maps_to": 4, "part_of": 4,
                  "see_also": 1, "superseded_by": 1},
    }
    assert graph.nodes[req_node("EXO-RM-001")]["obj"].title.en == "Cell bank qualification"


def test_impact_of_a_source_lists_direct_and_transitive_requirements_with_paths(graph: nx.MultiDiGraph) -> None:
    assert impact(graph, "SRC-NEW") == [
        Impact("EXO-RM-001", ("src:SRC-NEW", "clause:SRC-NEW#2.3", "req:EXO-RM-001")),
        Impact("EXO-RM-002", ("src:SRC-NEW", "clause:SRC-NEW#1.1", "req:EXO-RM-002")),
        Impact("EXO-SF-001", ("src:SRC-NEW", "clause:SRC-NEW#1.1", "req:EXO-RM-002", "req:EXO-SF-001")),
    ]


def test_impact_of_one_clause_is_limited_to_that_clause(graph: nx.MultiDiGraph) -> None:
    assert impact(graph, "SRC-NEW", "2.3") == [
        Impact("EXO-RM-001", ("clause:SRC-NEW#2.3", "req:EXO-RM-001")),
        Impact("EXO-RM-002", ("clause:SRC-NEW#2.3", "req:EXO-RM-001", "req:EXO-RM-002")),
        Impact("EXO-SF-001", ("clause:SRC-NEW#2.3", "req:EXO-RM-001", "req:EXO-RM-002", "req:EXO-SF-001")),
    ]
    assert [i.direct for i in impact(graph, "SRC-NEW", "2.3")] == [True, False, False]


def test_impact_of_an_unknown_source_is_empty(graph: nx.MultiDiGraph) -> None:
    assert impact(graph, "NOPE") == []


def test_backlinks_name_citers_and_dependants(graph: nx.MultiDiGraph) -> None:
    assert backlinks(graph, src_node("SRC-NEW")).cited_by == ["EXO-RM-001", "EXO-RM-002"]
    links = backlinks(graph, req_node("EXO-RM-001"))
    assert (links.depended_on_by, links.see_also_from) == (["EXO-RM-002"], ["EXO-SF-001"])


def test_coverage_findings(graph: nx.MultiDiGraph) -> None:
    found = coverage(graph, small=3)
    assert found.uncited_sources == ["SRC-OLD"]
    assert found.uncited_clauses == ["SRC-OLD#2.3"]
    assert found.adopted_without_citation == []
    assert found.unmapped_ctd_sections == []
    assert found.small_categories == [("RM", 2), ("SF", 2)]


def test_most_cited_counts_sources_and_clauses(graph: nx.MultiDiGraph) -> None:
    assert most_cited(graph, 3) == [("SRC-NEW", 2), ("SRC-NEW#1.1", 1), ("SRC-NEW#2.3", 1)]


def test_depends_on_cycles_are_found(small_catalog: Path) -> None:
    path = small_catalog / "requirements" / "raw-materials" / "EXO-RM-001.yaml"
    path.write_text(path.read_text() + "related:\n  - {id: EXO-SF-001, type: depends_on}\n")
    from exodossier.catalog.loader import load_catalog

    built = build_graph(load_catalog(small_catalog).catalog)  # type: ignore[arg-type]
    assert depends_on_cycles(built) == [["EXO-RM-001", "EXO-SF-001", "EXO-RM-002"]]
