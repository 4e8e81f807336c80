"""Exports round-trip through networkx's own readers."""

from __future__ import annotations

import io
import json
import re
from types import SimpleNamespace
from typing import Any

import networkx as nx
import pytest

from exodossier.catalog.checks import load_valid_catalog
from exodossier.graph.build import build_graph
from exodossier.graph.build import node_id
from exodossier.graph.export import plain_graph, to_dot, to_graphml, to_json, to_mermaid
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


# ---------------------------------------------------------------- round trips that compare content


def hostile_graph() -> nx.MultiDiGraph:
    """The small catalog's graph, with titles that break naive quoting: a trailing backslash, quotes,
    a newline, DOT and Mermaid syntax, Japanese."""
    graph = GRAPH.copy()
    titles = ['ends with a backslash \\', 'say "hi" -> {x}; [y]', "two\nlines", "細胞バンク: 品質|管理 #quot;"]
    for node, title in zip(sorted(n for n in graph.nodes if n.startswith("req:")), titles):
        graph.nodes[node]["obj"] = SimpleNamespace(title=title)
    return graph


def expected_content(graph: nx.MultiDiGraph) -> tuple[dict[str, dict[str, str]], set[tuple[str, str, str]]]:
    plain = plain_graph(graph)
    nodes = {n: {k: str(v) for k, v in d.items()} for n, d in plain.nodes(data=True)}
    return nodes, edge_set(plain)


def _dot_unquote(text: str) -> str:
    assert text.startswith('"') and text.endswith('"'), text
    body, out, index = text[1:-1], [], 0
    while index < len(body):
        if body[index] == "\\" and index + 1 < len(body):
            out.append({"n": "\n", "r": "\r"}.get(body[index + 1], body[index + 1]))
            index += 2
        else:
            out.append(body[index])
            index += 1
    return "".join(out)


def parsed_dot(text: str) -> tuple[dict[str, dict[str, str]], set[tuple[str, str, str]]]:
    import pydot

    (dot,) = pydot.graph_from_dot_data(text)
    nodes = {_dot_unquote(n.get_name()): {k: _dot_unquote(v) for k, v in n.get_attributes().items() if k != "label"}
             for n in dot.get_nodes()}
    edges = {(_dot_unquote(e.get_source()), _dot_unquote(e.get_destination()), _dot_unquote(e.get_attributes()["type"]))
             for e in dot.get_edges()}
    return nodes, edges


def parsed_graphml(text: str) -> tuple[dict[str, dict[str, str]], set[tuple[str, str, str]]]:
    back = nx.read_graphml(io.BytesIO(text.encode()), force_multigraph=True)
    return {n: {k: str(v) for k, v in d.items()} for n, d in back.nodes(data=True)}, edge_set(back)


def parsed_json(text: str) -> tuple[dict[str, dict[str, str]], set[tuple[str, str, str]]]:
    back = nx.node_link_graph(json.loads(text), edges="edges")
    renamed = {"item_id": "id"}  # node-link data keeps the node's name under "id"
    return ({n: {renamed.get(k, k): str(v) for k, v in d.items()} for n, d in back.nodes(data=True)},
            edge_set(back))


@pytest.mark.parametrize(("export", "parse"), [(to_dot, parsed_dot), (to_graphml, parsed_graphml),
                                               (to_json, parsed_json)], ids=["dot", "graphml", "json"])
def test_export_reads_back_with_every_node_and_attribute(export: Any, parse: Any) -> None:
    graph = hostile_graph()
    nodes, edges = parse(export(graph))
    want_nodes, want_edges = expected_content(graph)
    assert len(nodes) == graph.number_of_nodes()
    assert nodes == want_nodes
    assert edges == want_edges


def test_dot_names_are_quoted_so_a_colon_is_not_a_port() -> None:
    text = to_dot(GRAPH)
    assert '"req:EXO-RM-001" [' in text
    assert "\nreq:" not in text


def test_mermaid_keeps_every_node_label_and_edge() -> None:
    graph = hostile_graph()
    text = to_mermaid(graph)
    labels = re.findall(r'^  (n_\w+)\["([^"]*)"\]$', text, flags=re.M)
    assert sorted(label for _, label in labels) == sorted(node_id(n) for n in graph.nodes)
    arrows = re.findall(r"^  (n_\w+) -->\|(\w+)\| (n_\w+)$", text, flags=re.M)
    assert len(arrows) == graph.number_of_edges()


def test_mermaid_has_one_line_per_node_and_edge() -> None:
    lines = to_mermaid(GRAPH).splitlines()
    assert lines[0] == "flowchart LR"
    assert len(lines) == 1 + GRAPH.number_of_nodes() + GRAPH.number_of_edges()


def test_exports_are_deterministic() -> None:
    other = build_graph(load_valid_catalog(SMALL_CATALOG))
    assert [f(GRAPH) for f in (to_graphml, to_json, to_dot, to_mermaid)] == \
        [f(other) for f in (to_graphml, to_json, to_dot, to_mermaid)]
