"""The HTML builders every generated page is made of; every text from the catalog passes through `escape`.

Generated pages are ready HTML (see `exodossier.site.ready`): no Markdown parser reads their bodies,
so each builder writes the markup that the site's Markdown extensions would have produced
(admonitions, Material's tabbed sets, tables, lists). Links between pages are written as relative
`.md` paths, the way a Markdown source names them; the ready-HTML step turns them into URLs with
the engine's own file list, and reports a link to a missing page. Headings are written without
their permalink: the ready-HTML step gives them ids and permalinks the way the `toc` extension does.
Text keeps the Markdown-safe escaping (numeric character references are valid HTML), so it stays
inert even where a Markdown parser reads the page (an engine without our plugin).
"""

from __future__ import annotations

import html
import json
import re
from typing import Iterable

from exodossier.site.escape import escape

# The first line of every ready-HTML page body: the plugin hands such pages to mkdocs without Markdown.
READY_MARKER = "<!-- exodossier:ready-html -->"


def page_link(from_path: str, to_path: str, text: str, anchor: str = "") -> str:
    """A link between two docs-folder files (`text` already escaped), as a relative path the engine resolves."""
    return f'<a href="{_relative(from_path, to_path)}{"#" + anchor if anchor else ""}">{text}</a>'


def _relative(from_path: str, to_path: str) -> str:
    """`posixpath.relpath` for our clean relative paths, without its costly normalisation (hot loop)."""
    source, target = from_path.split("/")[:-1], to_path.split("/")
    common = 0
    while common < len(source) and common < len(target) - 1 and source[common] == target[common]:
        common += 1
    return "/".join([".."] * (len(source) - common) + target[common:])


def heading(level: int, text: str, anchor: str = "") -> list[str]:
    """A section heading (`text` escaped); without `anchor`, the ready-HTML step derives its id from the text."""
    ident = f' id="{anchor}"' if anchor else ""
    return [f"<h{level}{ident}>{text}</h{level}>", ""]


def paragraph(text: str, css: str = "") -> list[str]:
    """One paragraph of ready markup (escaped text, links, badges)."""
    return [f'<p class="{css}">{text}</p>' if css else f"<p>{text}</p>", ""]


def strong(text: str) -> str:
    return f"<strong>{text}</strong>"


def admonition(kind: str, title: str, body: list[str], css: str = "") -> list[str]:
    """A call-out box as the `admonition` extension writes it (`title` escaped, `body` ready markup)."""
    classes = " ".join(part for part in ("admonition", kind, css) if part)
    return [f'<div class="{classes}">', f'<p class="admonition-title">{title}</p>', *body, "</div>", ""]


def tabbed(tabs: list[tuple[str, str, list[str]]]) -> list[str]:
    """A set of tabs as `pymdownx.tabbed` (alternate style) writes it: (id, escaped label, body) per tab.

    A page has at most one set (the statement), so the set is number 1; the first tab is open.
    """
    checked = ' checked="checked"'
    inputs = "".join(f'<input{checked if index == 0 else ""} id="{ident}" name="__tabbed_1" type="radio" />'
                     for index, (ident, _label, _body) in enumerate(tabs))
    labels = "".join(f'<label for="{ident}">{label}</label>' for ident, label, _body in tabs)
    blocks = [line for _ident, _label, body in tabs for line in ('<div class="tabbed-block">', *body, "</div>")]
    return [f'<div class="tabbed-set tabbed-alternate" data-tabs="1:{len(tabs)}">{inputs}'
            f'<div class="tabbed-labels">{labels}</div>', '<div class="tabbed-content">', *blocks, "</div>", "</div>",
            ""]


def table(header: list[str], rows: Iterable[list[str]]) -> list[str]:
    """A table; header and cells are ready markup (escape text before)."""
    # Cells and rows apart (as Python-Markdown writes tables): Material's search joins adjacent text,
    # so "<td>EXO-RM-001</td><td>Cell" would index "001cell" and a search for the id would miss the row.
    head = "\n".join(f"<th>{cell}</th>" for cell in header)
    body = "\n".join("<tr>" + "\n".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    return [f"<table><thead><tr>{head}</tr></thead>\n<tbody>{body}</tbody></table>", ""]


def header(*cells: str) -> list[str]:
    """Table header cells from plain (translated) words."""
    return [escape(cell) for cell in cells]


def code(text: object) -> str:
    """Literal text set as code (a field name, a value)."""
    return f"<code>{html.escape(str(text), quote=False)}</code>"


def badge(kind: str, label: str) -> str:
    return f'<span class="exo-badge exo-{kind}">{escape(label)}</span>'


# Catalog pages with wide tables carry this marker; the stylesheet widens their content area.
WIDE = ['<div class="exo-wide" hidden></div>', ""]


def front_matter(title: str, tags: list[str] | None = None, hide: tuple[str, ...] = (), *,
                 ready: bool = True) -> list[str]:
    """YAML front matter, then the ready-HTML marker; values are HTML-escaped because templates print them unescaped.

    `hide` names Material's sidebars to leave out ("navigation"): pages whose tables need the width.
    `ready=False` leaves the body to Markdown (a page made of another plugin's Markdown directive).
    """
    lines = ["---", f"title: {json.dumps(escape(title, markdown=False), ensure_ascii=False)}"]
    if hide:
        lines += ["hide:", *(f"  - {item}" for item in hide)]
    if tags:
        lines.append("tags:")
        lines += [f"  - {json.dumps(escape(tag, markdown=False), ensure_ascii=False)}" for tag in tags]
    return lines + ["---", *([READY_MARKER] if ready else []), ""]


def page_text(lines: list[str]) -> str:
    text = "\n".join(lines).rstrip("\n") + "\n"
    return re.sub(r"\n{3,}", "\n\n", text)


def bullets(items: Iterable[str], empty: str = "") -> list[str]:
    """A list of inline-markup items (already escaped), or a sentence when there are none."""
    rendered = "".join(f"<li>{item}</li>" for item in items)
    return [f"<ul>{rendered}</ul>" if rendered else f"<p>{escape(empty)}</p>", ""]
