"""Catalog text passed through `escape` reads back as exactly the characters typed, never as markup."""

from __future__ import annotations

import html
from html.parser import HTMLParser

import markdown
from hypothesis import given, settings
from hypothesis import strategies as st

from exodossier.site.escape import escape, paragraphs

# The extensions of mkdocs.yml that read inline or block syntax.
EXTENSIONS = ["admonition", "attr_list", "tables", "toc", "pymdownx.superfences", "pymdownx.details",
              "pymdownx.tabbed"]
# Markdown's active characters, HTML's, and ordinary text including Japanese.
TEXT = st.text(alphabet=st.sampled_from(list("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~ \n\tab1.-xyz") + ["日", "語", "é"]),
               max_size=60)


class _Tree(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text += data


def read_back(source: str) -> _Tree:
    tree = _Tree()
    tree.feed(markdown.markdown(source, extensions=EXTENSIONS))
    return tree


@settings(max_examples=400, deadline=None)
@given(TEXT)
def test_escaped_text_renders_as_one_plain_paragraph_of_the_same_characters(text: str) -> None:
    tree = read_back(escape(text))
    expected = " ".join(text.split())
    assert tree.tags == (["p"] if expected else [])
    assert tree.text.strip() == expected


@settings(max_examples=200, deadline=None)
@given(TEXT)
def test_escaped_text_stays_text_inside_a_table_cell_and_a_list_item(text: str) -> None:
    expected = " ".join(text.split())
    cell = read_back(f"| head |\n|---|\n| {escape(text) or ' '} |\n")
    assert cell.tags == ["table", "thead", "tr", "th", "tbody", "tr", "td"]
    assert " ".join(cell.text.split()) == f"head {expected}".strip()
    item = read_back(f"- {escape(text)}\n")
    assert set(item.tags) <= {"ul", "li"} and item.text.strip() == expected


@settings(max_examples=200, deadline=None)
@given(TEXT)
def test_html_mode_is_plain_html_escaping(text: str) -> None:
    assert html.unescape(escape(text, markdown=False)) == " ".join(text.split())
    assert not set("<>\"'") & set(escape(text, markdown=False))


def test_script_and_javascript_links_are_inert() -> None:
    tree = read_back(escape('<script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(2)>'))
    assert tree.tags == ["p"]
    assert tree.text == '<script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(2)>'


def test_identifiers_and_sentences_stay_readable_in_the_markdown_source() -> None:
    assert escape("EXO-RM-001 cites ICH Q5A(R2) section 3.2.S.2.3, e.g. here.") == \
        "EXO-RM-001 cites ICH Q5A(R2) section 3.2.S.2.3, e.g. here."


def test_paragraphs_keep_blank_line_breaks_and_nothing_else() -> None:
    assert paragraphs("First line\ncontinues.\n\n   Second *one*.\n") == ["First line continues.", "Second &#42;one&#42;."]
