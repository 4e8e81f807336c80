"""The Word document vocabulary: raw XML helpers, styles, a builder and the chart.

Knows nothing of the catalog or the gap analysis, so the gap report and the guideline
document can both be written with it.
"""
