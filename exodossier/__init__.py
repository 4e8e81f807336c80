"""exodossier: quality requirements for extracellular-vesicle therapeutics, as data.

The package turns a committee-edited YAML catalog into a guideline site and into
sponsor gap analyses. The public surface is deliberately small; see `exodossier.catalog`.
"""

__version__ = "0.1.0"
