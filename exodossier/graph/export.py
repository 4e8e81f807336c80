"""The catalog graph in formats other tools read: GraphML, node-link JSON, DOT, Mermaid.

Exports carry only plain attributes (type, id, title, edge type), never model objects,
so Gephi, Cytoscape and networkx's own readers load them unchanged.
"""

from __future__ import annotations

import io
import json
from typing import Any, Callable

import networkx as nx

from exodossier.graph.build import node_id

FORMATS = ("graphml", "json", "dot", "mermaid")


def _title(data: dict[str, Any]) -> str:
    obj = data.get("obj")
    title = getattr(obj, "title", None)
    return str(title) if title is not None else ""


def plain_graph(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy with only string attributes, stable in order."""
    plain = nx.MultiDiGraph()
    for node in sorted(graph.nodes):
        data = graph.nodes[node]
        plain.add_node(node, type=data["type"], id=str(data["id"]), title=_title(data),
                       missing=bool(data.get("missing", False)))
    for u, v, key, data in sorted(graph.edges(keys=True, data=True), key=lambda e: (e[0], e[1], str(e[2]))):
        attributes = {"type": data["type"]}
        if "level" in data:
            attributes["level"] = data["level"]
        plain.add_edge(u, v, key=str(key), **attributes)
    return plain


def to_graphml(graph: nx.MultiDiGraph) -> str:
    buffer = io.BytesIO()
    nx.write_graphml(plain_graph(graph), buffer, encoding="utf-8")
    return buffer.getvalue().decode("utf-8")


def to_json(graph: nx.MultiDiGraph) -> str:
    """Node-link JSON. The node's own `id` attribute is written as `item_id`: node-link data keeps the
    node's name under "id", and the attribute would silently overwrite (and lose) it."""
    plain = plain_graph(graph)
    for _, data in plain.nodes(data=True):
        data["item_id"] = data.pop("id")
    data = nx.node_link_data(plain, edges="edges")
    return json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def dot_quote(value: object) -> str:
    """A DOT double-quoted string: every id and value quoted, so `req:EXO-RM-001` is one node, not node:port,
    and a backslash or quote inside a title (even at its end) cannot close the string early."""
    text = str(value).replace("\\", "\\\\").replace('"', '\\"')
    return '"' + text.replace("\r", "\\r").replace("\n", "\\n") + '"'


def _dot_attributes(data: dict[str, Any]) -> str:
    return ", ".join(f"{name}={dot_quote(value)}" for name, value in data.items())


def to_dot(graph: nx.MultiDiGraph) -> str:
    """DOT text written by hand: pydot leaves names such as `req:EXO-...` unquoted, which DOT reads as
    node `req` with port `EXO-...`."""
    plain = plain_graph(graph)
    lines = ["digraph catalog {"]
    for node, data in plain.nodes(data=True):
        lines.append(f"  {dot_quote(node)} [{_dot_attributes({**data, 'label': data['id']})}];")
    for u, v, key, data in plain.edges(keys=True, data=True):
        attributes = {"key": key, **data, "label": data["type"]}
        lines.append(f"  {dot_quote(u)} -> {dot_quote(v)} [{_dot_attributes(attributes)}];")
    return "\n".join(lines) + "\n}\n"


def _mermaid_id(node: str) -> str:
    return "n_" + "".join(ch if ch.isalnum() else "_" for ch in node)


def _mermaid_label(text: str) -> str:
    return '"' + text.replace('"', "#quot;") + '"'


def to_mermaid(graph: nx.MultiDiGraph) -> str:
    """Mermaid flowchart text, for embedding where a renderer is available."""
    plain = plain_graph(graph)
    lines = ["flowchart LR"]
    lines += [f"  {_mermaid_id(n)}[{_mermaid_label(node_id(n))}]" for n in plain.nodes]
    lines += [f"  {_mermaid_id(u)} -->|{d['type']}| {_mermaid_id(v)}" for u, v, d in plain.edges(data=True)]
    return "\n".join(lines) + "\n"


EXPORTERS: dict[str, Callable[[nx.MultiDiGraph], str]] = {
    "graphml": to_graphml, "json": to_json, "dot": to_dot, "mermaid": to_mermaid}
