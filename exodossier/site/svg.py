"""Small static SVG diagrams for the site, drawn in Python.

Diagrams are plain inline SVG so the site needs no diagram library, no CDN and no
JavaScript: a reviewer's locked-down network sees nothing but the page itself.
Layouts are fixed columns, which stay readable where a force layout becomes a hairball,
and are deterministic, so two builds give the same bytes. Colours come from CSS
classes (see exodossier.css) so light and dark palettes both work.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from exodossier.site.escape import escape

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
    tooltip = escape(box.tooltip)
    label = escape(_short(box.label, max(6, width // 7)))
    return (f'<g class="exo-node exo-{box.kind}"><title>{tooltip}</title>'
            f'<rect x="{x}" y="{y}" width="{width}" height="{BOX_H}" rx="4" fill="#fff" stroke="#888"/>'
            f'<text x="{x + width // 2}" y="{y + BOX_H // 2 + 4}" text-anchor="middle" fill="#000">{label}</text></g>')


def _edge(start: tuple[int, int], end: tuple[int, int], marker: str, *, label: str = "",
          label_at_start: bool = True, weight: float = 1.0, tooltip: str = "") -> str:
    (x1, y1), (x2, y2) = start, end
    title = f"<title>{escape(tooltip)}</title>" if tooltip else ""
    parts = [f'<g class="exo-edge">{title}<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" '
             f'stroke="#888" stroke-width="{weight:.1f}" marker-end="url(#{marker})"/>']
    if label:
        # Labels sit beside the outer box, where the lines have not yet converged on the centre.
        x, y, anchor = (x1 + 6, y1 - 4, "start") if label_at_start else (x2 - 12, y2 - 4, "end")
        parts.append(f'<text x="{x}" y="{y}" text-anchor="{anchor}">{escape(label)}</text>')
    parts.append("</g>")
    return "".join(parts)


def _svg(width: int, height: int, title: str, marker: str, body: list[str], kind: str = "") -> str:
    defs = (f'<defs><marker id="{marker}" viewBox="0 0 8 8" refX="8" refY="4" markerWidth="8" markerHeight="8" '
            f'markerUnits="userSpaceOnUse" orient="auto"><path d="M0,0 L8,4 L0,8 z"/></marker></defs>')
    return (f'<div class="exo-diagram{" " + kind if kind else ""}"><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
            f'width="{width}" height="{height}" role="img"><title>{escape(title)}</title>'
            + defs + "".join(body) + "</svg></div>")


def _capped(links: list[Link], more_label: str, more_tooltip: str) -> list[Link]:
    if len(links) <= MAX_PER_COLUMN:
        return links
    rest = len(links) - (MAX_PER_COLUMN - 1)
    more = Box(more_label.format(count=rest), more_tooltip.format(count=rest), "more")
    return links[: MAX_PER_COLUMN - 1] + [Link(more)]


def _column_y(count: int, height: int) -> list[int]:
    top = (height - count * ROW) // 2 + (ROW - BOX_H) // 2
    return [top + i * ROW for i in range(count)]


def neighbourhood(center: Box, incoming: list[Link], outgoing: list[Link], title: str,
                  more: tuple[str, str] = ("+{count} more", "{count} more links, listed below")) -> str:
    """One requirement in the middle, what points at it on the left, what it points at on the right."""
    left, right = _capped(incoming, *more), _capped(outgoing, *more)
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
    return _svg(width, height, title, "exo-arrow", body, "exo-neighbourhood")


def bubble_matrix(rows: list[Box], columns: list[Box], counts: dict[tuple[int, int], int], title: str,
                  tip_format: str = "{category} → {source}: {count} requirement(s)") -> str:
    """A grid of rows x columns whose circles grow with the count: dense data without a tangle of lines."""
    label_w, col_w, row_h, head_h = 200, 46, 22, 30
    width, height = label_w + col_w * len(columns) + PAD, head_h + row_h * len(rows) + PAD
    heaviest = max(counts.values(), default=1)
    body: list[str] = []
    for c, column in enumerate(columns):
        x = label_w + c * col_w + col_w // 2
        body.append(f'<g class="exo-axis"><title>{escape(column.tooltip)}</title>'
                    f'<text x="{x}" y="{head_h - 10}" text-anchor="middle">{escape(column.label)}</text></g>')
    for r, row in enumerate(rows):
        y = head_h + r * row_h + row_h // 2
        body.append(f'<g class="exo-axis"><title>{escape(row.tooltip)}</title>'
                    f'<text x="{label_w - 10}" y="{y + 4}" text-anchor="end">{escape(_short(row.label, 26))}'
                    f'</text></g><line class="exo-grid" x1="{label_w}" y1="{y}" x2="{width - PAD}" y2="{y}" stroke="#ddd"/>')
    for (r, c), count in sorted(counts.items()):
        x, y = label_w + c * col_w + col_w // 2, head_h + r * row_h + row_h // 2
        radius = 2.5 + 7.5 * (count / heaviest) ** 0.5
        tip = tip_format.format(category=columns[c].tooltip, source=rows[r].label, count=count)
        body.append(f'<g class="exo-bubble"><title>{escape(tip)}</title>'
                    f'<circle cx="{x}" cy="{y}" r="{radius:.1f}" fill="#3f51b5"/></g>')
    return _svg(width, height, title, "exo-arrow-matrix", body)


def ring(nodes: list[Box], links: dict[tuple[int, int], int], title: str,
         tip_format: str = "{first} – {second}: {count} link(s)") -> str:
    """Few nodes (categories) on a circle, joined by lines whose width shows how many links join them."""
    box_w, radius = 120, 190
    size = 2 * (radius + box_w // 2 + PAD)
    centre = size // 2
    points = [(round(centre + radius * math.sin(2 * math.pi * i / max(len(nodes), 1))),
               round(centre - radius * math.cos(2 * math.pi * i / max(len(nodes), 1)))) for i in range(len(nodes))]
    heaviest = max(links.values(), default=1)
    body: list[str] = []
    for (a, b), count in sorted(links.items()):
        (x1, y1), (x2, y2) = points[a], points[b]
        tip = tip_format.format(first=nodes[a].label, second=nodes[b].label, count=count)
        body.append(f'<g class="exo-edge"><title>{escape(tip)}</title><line x1="{x1}" y1="{y1}" '
                    f'x2="{x2}" y2="{y2}" stroke="#888" stroke-width="{1 + 7 * count / heaviest:.1f}"/></g>')
    body.extend(_box(node, x - box_w // 2, y - BOX_H // 2, box_w) for node, (x, y) in zip(nodes, points))
    return _svg(size, size, title, "exo-arrow-ring", body)
