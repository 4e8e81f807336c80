"""The same synthetic requirements as a Sphinx project with sphinx-needs, the second anchor.

sphinx-needs (a widely used requirements extension of Sphinx, installed from PyPI into its own venv under
benchmarks/scratch/, never committed) is the closest established tool to our site: its HTML builder
publishes themed pages with requirement objects, links and a search index. The mapping keeps what the
comparison needs to be fair: one page per requirement and one per source (as our site has), each need
carrying the same text as the doorstop item (statement, rationale, criteria, methods, evidence, stage
expectations, Japanese included), links to the cited sources and to related requirements, and the
status as an option. Converted from the validated models, so both tools read exactly the same content.

The sidebar holds the page's own contents, previous/next and the search box, not the global
table of contents: alabaster's default navigation sidebar lists every page of the project on
every page, so with one page per requirement its output and time grow with the square of the
catalog (measured at 1,000 requirements: 229 KB per page, 275 MB in all, 290 CPU s; with this
sidebar 7-11 KB per page and 23 CPU s). Our site's navigation lists the categories, not every
requirement, so this is the like-for-like setting. Sphinx builds serially (no -j), as mkdocs does.
"""

from __future__ import annotations

import re
from pathlib import Path

from benchmarks.doorstop_tree import _requirement_text, _source_text, _text, fresh_project
from benchmarks.venvs import private_tool

SPHINX_NEEDS_VERSION = "9.1.0"
CONF = '''\
project = "Synthetic benchmark catalog"
extensions = ["sphinx_needs"]
needs_types = [
    {"directive": "req", "title": "Requirement", "prefix": "R_", "color": "#BFD8D2", "style": "node"},
    {"directive": "spec", "title": "Source", "prefix": "S_", "color": "#FEDCD2", "style": "node"},
]
needs_id_regex = r"^[A-Za-z0-9_]{3,}"
html_theme = "alabaster"
# No global table of contents in the sidebar (it would list all pages on every page: quadratic).
html_sidebars = {"**": ["localtoc.html", "relations.html", "searchbox.html"]}
language = "en"
'''


def ensure_sphinx_needs(venv: Path) -> Path:
    """The sphinx-build executable of a private venv with sphinx-needs, created on first use."""
    return private_tool(venv, f"sphinx-needs=={SPHINX_NEEDS_VERSION}", "sphinx-build")


def need_id(identifier: str) -> str:
    """sphinx-needs ids are word characters; EXO-SF-001 becomes EXO_SF_001."""
    return re.sub(r"\W", "_", identifier)


def _body(text: str) -> str:
    """Plain text as the indented body of a directive; inline markup characters are escaped."""
    escaped = re.sub(r"([*`|_\\])", r"\\\1", text)
    return "\n".join(f"   {line}" if line.strip() else "" for line in escaped.splitlines())


def _page(title: str, directive: str, identifier: str, options: dict[str, str], body: str) -> str:
    heading = re.sub(r"([*`|_\\])", r"\\\1", title.replace("\n", " ")) or identifier
    lines = [heading, "=" * (len(heading.encode("utf-8")) + 2), "", f".. {directive}:: {heading}",
             f"   :id: {need_id(identifier)}"]
    lines += [f"   :{key}: {value}" for key, value in options.items() if value]
    return "\n".join(lines) + "\n\n" + _body(body) + "\n"


def convert(catalog_root: Path, target: Path) -> tuple[int, int]:
    """Write the Sphinx project for a catalog into `target`; returns (items, bytes of item text)."""
    catalog = fresh_project(catalog_root, target)
    (target / "conf.py").write_text(CONF, encoding="utf-8")
    (target / "index.rst").write_text("Synthetic benchmark catalog\n===========================\n\n"
                                      ".. toctree::\n   :glob:\n   :maxdepth: 1\n\n   req/*\n   src/*\n",
                                      encoding="utf-8")
    size = 0
    for source in catalog.sources.values():
        text = _source_text(source)
        size += len(text.encode("utf-8"))
        (target / "src" / f"{source.id}.rst").write_text(
            _page(_text(source.title), "spec", source.id, {}, text), encoding="utf-8")
    for requirement in catalog.requirements.values():
        text = _requirement_text(requirement)
        size += len(text.encode("utf-8"))
        links = sorted({need_id(c.source) for c in requirement.citations if c.source in catalog.sources}
                       | {need_id(r.id) for r in requirement.related if r.id in catalog.requirements})
        options = {"status": requirement.status.value, "links": ", ".join(links)}
        (target / "req" / f"{requirement.id}.rst").write_text(
            _page(f"{requirement.id} {_text(requirement.title)}", "req", requirement.id, options, text),
            encoding="utf-8")
    return len(catalog.sources) + len(catalog.requirements), size
