"""Small Markdown and HTML builders; every text from the catalog passes through `escape` here.

Blocks without links are emitted as raw HTML: Markdown parsers pass raw HTML blocks through
untouched, which costs a fraction of parsing the same text as Markdown (measured ~2.5x on
requirement pages). Blocks with links stay Markdown, so every engine resolves and checks the
`.md` links. Text inside raw HTML still gets the Markdown-safe escaping (numeric character
references are valid HTML), so it stays inert even where a parser did not see a raw block.
"""

from __future__ import annotations

import json
import re
from typing import Iterable

from exodossier.catalog.models import LocalizedText
from exodossier.site.escape import escape, paragraphs


def md_link(from_path: str, to_path: str, text: str, anchor: str = "") -> str:
    """A Markdown link between two generated pages; `text` must already be escaped."""
    return f"[{text}]({_relative(from_path, to_path)}{'#' + anchor if anchor else ''})"


def _relative(from_path: str, to_path: str) -> str:
    """`posixpath.relpath` for our clean relative paths, without its costly normalisation (hot loop)."""
    source, target = from_path.split("/")[:-1], to_path.split("/")
    common = 0
    while common < len(source) and common < len(target) - 1 and source[common] == target[common]:
        common += 1
    return "/".join([".."] * (len(source) - common) + target[common:])


def inline_text(text: LocalizedText | str | None) -> str:
    """One line of escaped text, with the Japanese rendering after a line break."""
    if text is None:
        return ""
    if isinstance(text, str):
        return escape(text)
    line = escape(text.en)
    return line + (f'<br><span lang="ja">{escape(text.ja)}</span>' if text.ja else "")


def text_block(text: LocalizedText | str, indent: str = "") -> list[str]:
    """Paragraphs of escaped text; Japanese follows the English, marked as Japanese."""
    english = text if isinstance(text, str) else text.en
    lines = [indent + part for part in paragraphs(english)]
    if isinstance(text, LocalizedText) and text.ja:
        lines += [indent + f'<span lang="ja">{part}</span>' for part in paragraphs(text.ja)]
    return _spaced(lines)


def _spaced(lines: list[str]) -> list[str]:
    out: list[str] = []
    for line in lines:
        out += [line, ""]
    return out


def md_table(header: list[str], rows: Iterable[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell or " " for cell in row) + " |" for row in rows]
    return lines + [""]


def badge(kind: str, label: str) -> str:
    return f'<span class="exo-badge exo-{kind}">{escape(label)}</span>'


# Catalog pages with wide tables carry this marker; the stylesheet widens their content area.
WIDE = ['<div class="exo-wide" hidden></div>', ""]


def front_matter(title: str, tags: list[str] | None = None, hide: tuple[str, ...] = ()) -> list[str]:
    """YAML front matter; values are HTML-escaped because templates print them unescaped.

    `hide` names Material's sidebars to leave out ("navigation"): pages whose tables need the width.
    """
    lines = ["---", f"title: {json.dumps(escape(title, markdown=False), ensure_ascii=False)}"]
    if hide:
        lines += ["hide:", *(f"  - {item}" for item in hide)]
    if tags:
        lines.append("tags:")
        lines += [f"  - {json.dumps(escape(tag, markdown=False), ensure_ascii=False)}" for tag in tags]
    return lines + ["---", ""]


def page_text(lines: list[str]) -> str:
    text = "\n".join(lines).rstrip("\n") + "\n"
    return re.sub(r"\n{3,}", "\n\n", text)


def bullets(items: Iterable[str], indent: str = "") -> list[str]:
    return [f"{indent}- {item}" for item in items] + [""]


def html_escape(text: str) -> str:
    return escape(text)


def html_text(text: LocalizedText | str | None) -> str:
    """Inline HTML: the English text, and the Japanese after a line break."""
    if text is None:
        return ""
    if isinstance(text, str):
        return html_escape(text)
    return html_escape(text.en) + (f'<br><span lang="ja">{html_escape(text.ja)}</span>' if text.ja else "")


def html_paragraphs(text: LocalizedText | str) -> list[str]:
    english = text if isinstance(text, str) else text.en
    parts = [f"<p>{p}</p>" for p in paragraphs(english)]
    if isinstance(text, LocalizedText) and text.ja:
        parts += [f'<p lang="ja">{p}</p>' for p in paragraphs(text.ja)]
    return _spaced(parts)


def html_list(items: Iterable[str], empty: str = "") -> list[str]:
    """A list of inline-HTML items (already escaped), or a sentence when there are none."""
    rendered = "".join(f"<li>{item}</li>" for item in items)
    return [f"<ul>{rendered}</ul>" if rendered else f"<p>{html_escape(empty)}</p>", ""]


def html_table(header: list[str], rows: Iterable[list[str]]) -> list[str]:
    head = "".join(f"<th>{html_escape(cell)}</th>" for cell in header)
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    return [f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>", ""]
