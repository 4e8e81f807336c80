"""mkdocs hook of the documentation site: pages other people add to docs/ join the navigation.

The sponsor's guide (docs/sponsor-guide.md) and the committee's consultation workflow are written
by other hands and may land at any time; listing them by hand in mkdocs.docs.yml would either
break the strict build before they exist or leave them out after. So the navigation gets every
page of docs/ that it does not list yet: the sponsor's guide under "Sponsors", any other page
under "More guides".
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

PLACED = {"sponsor-guide.md": "Sponsors"}
OTHERS = "More guides"


def _listed(nav: Any) -> set[str]:
    if isinstance(nav, str):
        return {nav}
    if isinstance(nav, dict):
        return set().union(*(_listed(value) for value in nav.values()))
    if isinstance(nav, list):
        return set().union(*(_listed(item) for item in nav)) if nav else set()
    return set()


def on_config(config: Any) -> Any:
    nav: list[Any] = config["nav"]
    listed = _listed(nav)
    pages = sorted(p.name for p in Path(config["docs_dir"]).glob("*.md") if p.name not in listed)
    for page in pages:
        section = PLACED.get(page, OTHERS)
        position = next((i for i, item in enumerate(nav) if isinstance(item, dict) and "Reference" in item), len(nav))
        existing = next((item for item in nav if isinstance(item, dict) and section in item), None)
        if existing is None:
            nav.insert(position, {section: [page]})
        else:
            existing[section].append(page)
    return config
