"""Exports round-trip through networkx's own readers."""

from __future__ import annotations

import io
import json

import networkx as nx

from exodossier.catalog.checks import load_valid_catalog
from exodossier.graph.build import build_graph
from exodossier.graph.export import to_dot, to_graphml, to_json, to_mermaid
from tests.conftest import SMALL_CATALOG

GRAPH = build_graph(load_valid_catalog(SMALL_CATALOG))


def edge_set(graph: nx.MultiDiGraph) -> set[tuple[str, str, str]]:
    return {(u, v, d["type"]) for u, v, d in graph.edges(data=True)}


def test_graphml_round_trips() -> None:
    back = nx.read_graphml(io.BytesIO(to_graphml(GRAPH).encode()), force_multigraph=True)
    assert set(back.nodes) == set(GRAPH.nodes)
    assert edge_set(back) == edge_set(GRAPH)
    assert back.nodes["req:EXO-RM-001"]["title"] == "Cell bank qualification"


def test_node_link_json_round_trips() -> None:
    back = nx.node_link_graph(json.loads(to_json(GRAPH)), edges="edges")
    assert edge_set(back) == edge_set(GRAPH)


def test_dot_parses_back() -> None:
    import pydot

    (dot,) = pydot.graph_from_dot_data(to_dot(GRAPH))
    back = nx.nx_pydot.from_pydot(dot)
    assert len(back.edges) == len(GRAPH.edges)


def test_mermaid_has_one_line_per_node_and_edge() -> None:
    lines = to_mermaid(GRAPH).splitlines()
    assert lines[0] == "flowchart LR"
    assert len(lines) == 1 + GRAPH.number_of_nodes() + GRAPH.number_of_edges()


def test_exports_are_deterministic() -> None:
    other = build_graph(load_valid_catalog(SMALL_CATALOG))
    assert [f(GRAPH) for f in (to_graphml, to_json, to_dot, to_mermaid)] == \
        [f(other) for f in (to_graphml, to_json, to_dot, to_mermaid)]
