"""The readiness-by-category bar chart, as reproducible PNG bytes.

matplotlib is driven through its object API with the Agg canvas (no global pyplot
state, no display), and the PNG is saved without the Software/version chunk, so the
same figures give the same bytes.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from typing import Sequence

RAG_COLOURS = {"red": "#C0504D", "amber": "#E6A23C", "green": "#4E9A55", "n/a": "#BFBFBF"}
NEXT_COLOUR = "#8EA9C1"


@dataclass(frozen=True)
class Bar:
    label: str
    now: float | None
    now_rag: str
    following: float | None


def _literal(text: str) -> str:
    """Catalog text drawn as typed: matplotlib reads $...$ as mathtext (and raises on "$$")."""
    return text.replace("$", r"\$")


def readiness_chart(bars: Sequence[Bar], now_label: str, next_label: str | None,
                    thresholds: Sequence[float], width_in: float = 3.7, height_in: float = 3.4) -> bytes:
    """Horizontal bars: current-stage readiness coloured by RAG, next-stage readiness beside it."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch

    figure = Figure(figsize=(width_in, height_in), dpi=200)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot(1, 1, 1)
    labels = [_literal(b.label) for b in bars][::-1]
    positions = list(range(len(labels)))
    height = 0.38 if next_label else 0.6
    now_values = [b.now or 0.0 for b in bars][::-1]
    colours = [RAG_COLOURS.get(b.now_rag, RAG_COLOURS["n/a"]) for b in bars][::-1]
    offset = height / 2 if next_label else 0.0
    axes.barh([p + offset for p in positions], now_values, height=height, color=colours, zorder=3)
    if next_label:
        next_values = [b.following or 0.0 for b in bars][::-1]
        axes.barh([p - offset for p in positions], next_values, height=height, color=NEXT_COLOUR, zorder=3)
    for position, bar in zip(positions, list(bars)[::-1]):
        label = "n/a" if bar.now is None else f"{bar.now:.0f}%"
        axes.text((bar.now or 0.0) + 1, position + offset, label, va="center", fontsize=6, color="#404040", zorder=4)
    for threshold in thresholds:
        axes.axvline(threshold, color="#7F7F7F", linestyle=(0, (3, 2)), linewidth=0.7, zorder=2)
    axes.set_yticks(positions, labels, fontsize=7)
    axes.set_xlim(0, 100)
    axes.set_xticks([0, 20, 40, 60, 80, 100], ["0", "20", "40", "60", "80", "100"], fontsize=6.5)
    axes.set_xlabel("Readiness (%)", fontsize=7)
    axes.grid(axis="x", color="#E7E6E6", linewidth=0.5, zorder=0)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    handles = [Patch(color=RAG_COLOURS["green"], label=f"{_literal(now_label)} (colour = RAG)")]
    if next_label:
        handles.append(Patch(color=NEXT_COLOUR, label=_literal(next_label)))
    axes.legend(handles=handles, fontsize=6, loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=1, frameon=False)
    buffer = io.BytesIO()
    with warnings.catch_warnings():  # a glyph the chart font lacks is drawn as a box, not an error
        warnings.filterwarnings("ignore", message="Glyph .* missing from font")
        figure.tight_layout()
        figure.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()
