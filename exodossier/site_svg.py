"""Small static SVG diagrams for the site, drawn in Python.

Diagrams are plain inline SVG so the site needs no diagram library, no CDN and no
JavaScript: a reviewer's locked-down network sees nothing but the page itself.
Layouts are fixed columns, which stay readable where a force layout becomes a hairball,
and are deterministic, so two builds give the same bytes. Colours come from CSS
classes (see exodossier.css) so light and dark palettes both work.
"""

from __future__ import annotations

from dataclasses import dataclass

from exodossier.site_escape import escape

BOX_W, BOX_H, ROW, PAD, GAP = 170, 24, 32, 8, 130
MAX_PER_COLUMN = 10
LABEL_CHARS = 24


@dataclass(frozen=True)
class Box:
    """A diagram node: a short visible label, a longer tooltip and a CSS kind."""

    label: str
    tooltip: str
    kind: str  # requirement | source | category | more


@dataclass(frozen=True)
class Link:
    box: Box
    label: str = ""
    weight: float = 1.0


def _short(text: str, limit: int = LABEL_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _box(box: Box, x: int, y: int, width: int = BOX_W) -> str:
    tooltip = escape(box.tooltip, markdown=False)
    label = escape(_short(box.label, max(6, width // 7)), markdown=False)
    return (f'<g class="exo-node exo-{box.kind}"><title>{tooltip}</title>'
            f'<rect x="{x}" y="{y}" width="{width}" height="{BOX_H}" rx="4" fill="#fff" stroke="#888"/>'
            f'<text x="{x + width // 2}" y="{y + BOX_H // 2 + 4}" text-anchor="middle" fill="#000">{label}</text></g>')


def _edge(start: tuple[int, int], end: tuple[int, int], marker: str, *, label: str = "",
          label_at_start: bool = True, weight: float = 1.0, tooltip: str = "") -> str:
    (x1, y1), (x2, y2) = start, end
    title = f"<title>{escape(tooltip, markdown=False)}</title>" if tooltip else ""
    parts = [f'<g class="exo-edge">{title}<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" '
             f'stroke="#888" stroke-width="{weight:.1f}" marker-end="url(#{marker})"/>']
    if label:
        # Labels sit beside the outer box, where the lines have not yet converged on the centre.
        x, y, anchor = (x1 + 6, y1 - 4, "start") if label_at_start else (x2 - 12, y2 - 4, "end")
        parts.append(f'<text x="{x}" y="{y}" text-anchor="{anchor}">{escape(label, markdown=False)}</text>')
    parts.append("</g>")
    return "".join(parts)


def _svg(width: int, height: int, title: str, marker: str, body: list[str]) -> str:
    defs = (f'<defs><marker id="{marker}" viewBox="0 0 8 8" refX="8" refY="4" markerWidth="8" markerHeight="8" '
            f'markerUnits="userSpaceOnUse" orient="auto"><path d="M0,0 L8,4 L0,8 z"/></marker></defs>')
    return (f'<div class="exo-diagram"><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
            f'width="{width}" height="{height}" role="img"><title>{escape(title, markdown=False)}</title>'
            + defs + "".join(body) + "</svg></div>")


def _capped(links: list[Link], what: str) -> list[Link]:
    if len(links) <= MAX_PER_COLUMN:
        return links
    rest = len(links) - (MAX_PER_COLUMN - 1)
    more = Box(f"+{rest} more", f"{rest} more {what}, listed below", "more")
    return links[: MAX_PER_COLUMN - 1] + [Link(more)]


def _column_y(count: int, height: int) -> list[int]:
    top = (height - count * ROW) // 2 + (ROW - BOX_H) // 2
    return [top + i * ROW for i in range(count)]


def neighbourhood(center: Box, incoming: list[Link], outgoing: list[Link], title: str) -> str:
    """One requirement in the middle, what points at it on the left, what it points at on the right."""
    left, right = _capped(incoming, "incoming links"), _capped(outgoing, "outgoing links")
    rows = max(len(left), len(right), 1)
    height = rows * ROW + 2 * PAD
    x_left, x_mid, x_right = PAD, PAD + BOX_W + GAP, PAD + 2 * (BOX_W + GAP)
    width = x_right + BOX_W + PAD
    cy = height // 2 - BOX_H // 2
    body: list[str] = []
    for link, y in zip(left, _column_y(len(left), height)):
        body.append(_edge((x_left + BOX_W, y + BOX_H // 2), (x_mid, cy + BOX_H // 2), "exo-arrow", label=link.label))
        body.append(_box(link.box, x_left, y))
    for link, y in zip(right, _column_y(len(right), height)):
        body.append(_edge((x_mid + BOX_W, cy + BOX_H // 2), (x_right, y + BOX_H // 2), "exo-arrow", label=link.label,
                          label_at_start=False))
        body.append(_box(link.box, x_right, y))
    body.append(_box(center, x_mid, cy))
    return _svg(width, height, title, "exo-arrow", body)


@dataclass(frozen=True)
class Flow:
    """Citations from one category to one source, drawn as one weighted line."""

    left: int
    right: int
    count: int


def bipartite(left: list[Box], right: list[Box], flows: list[Flow], title: str) -> str:
    """Two columns (e.g. categories and sources) joined by lines whose width shows the count."""
    wide = 230
    rows = max(len(left), len(right), 1)
    height = rows * ROW + 2 * PAD
    x_left, x_right = PAD, PAD + wide + 2 * GAP
    width = x_right + wide + PAD
    left_y, right_y = _column_y(len(left), height), _column_y(len(right), height)
    heaviest = max((f.count for f in flows), default=1)
    body: list[str] = []
    for flow in flows:
        tooltip = f"{left[flow.left].label} → {right[flow.right].label}: {flow.count} citation(s)"
        body.append(_edge((x_left + wide, left_y[flow.left] + BOX_H // 2), (x_right, right_y[flow.right] + BOX_H // 2),
                          "exo-arrow-overview", weight=1 + 5 * flow.count / heaviest, tooltip=tooltip))
    body.extend(_box(box, x_left, y, wide) for box, y in zip(left, left_y))
    body.extend(_box(box, x_right, y, wide) for box, y in zip(right, right_y))
    return _svg(width, height, title, "exo-arrow-overview", body)
