"""mkdocs hook of the documentation site: pages other people add to docs/ join the navigation.

Guides are written by several hands (the sponsor's guide came from the gap report's owner) and
may land at any time; a page missing from the nav of mkdocs.docs.yml would fail the strict build
or stay unreachable. So the navigation gets every page of docs/ that it does not list yet: the
sponsor's guide under "Sponsors", any other page under "More guides". List a page in the nav to
place it yourself.
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
