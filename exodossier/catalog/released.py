"""A catalog read back from the released `catalog.json`, so a sponsor needs no YAML checkout.

The site and the release workflow publish the validated models dumped as JSON (see
`exodossier.site.exports.catalog_document`). Reading it back through the same models gives
the same `Catalog` the YAML gives, with the content digest recorded at release, so a gap
report made from the JSON cites the same catalog content as one made from the folder.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import ValidationError

from exodossier.catalog.loader import Catalog, display_path
from exodossier.catalog.models import Requirement, Source, Taxonomy
from exodossier.catalog.yaml_reader import parse_json, read_text
from exodossier.errors import UserError, error

RELEASED_FORMAT = "exodossier-catalog"  # exodossier.site.exports.JSON_FORMAT (a test keeps them equal)
RELEASED_FORMAT_VERSION = 1
MAX_RELEASED_BYTES = 100_000_000


def load_released_catalog(path: Path) -> Catalog:
    """The catalog in a released catalog.json; any problem is a `UserError` naming the file."""
    display = display_path(path)
    text = read_text(path, display, max_bytes=MAX_RELEASED_BYTES)
    data = parse_json(text, display, hint="pass the catalog.json published with a catalog release")
    _check_format(data, display)
    try:
        taxonomy = Taxonomy.model_validate(data["taxonomy"])
        sources = [Source.model_validate(item) for item in data["sources"]]
        requirements = [Requirement.model_validate(item) for item in data["requirements"]]
    except (ValidationError, KeyError, TypeError) as exc:
        raise UserError([error(display, 0, 0, "bad-released-catalog",
                               f"the released catalog does not match this exodossier's models ({_first_line(exc)})",
                               hint="use the exodossier version the catalog was released with, or a catalog folder")]
                        ) from None
    return Catalog(path.parent, taxonomy, {s.id: s for s in sorted(sources, key=lambda s: s.id)},
                   {r.id: r for r in sorted(requirements, key=lambda r: r.id)},
                   content_sha256=str(data.get("content_sha256", "")))


def _first_line(exc: Exception) -> str:
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__


def _check_format(data: Any, display: str) -> None:
    if not isinstance(data, dict) or data.get("format") != RELEASED_FORMAT:
        raise UserError([error(display, 1, 1, "not-a-released-catalog",
                               f"not a released catalog ('format' is not '{RELEASED_FORMAT}')",
                               hint="pass the catalog.json published with a catalog release, or a catalog folder")])
    version = data.get("format_version")
    if not isinstance(version, int) or version > RELEASED_FORMAT_VERSION:
        raise UserError([error(display, 1, 1, "released-catalog-too-new",
                               f"catalog.json format {version!r}; this exodossier reads up to format "
                               f"{RELEASED_FORMAT_VERSION}", hint="upgrade exodossier")])
