"""The chapters' Markdown subset: blocks and inline emphasis, and nothing else treated as markup."""

from __future__ import annotations

from exodossier.guideline.blocks import Admonition, Heading, ListBlock, Paragraph, Span, Table, join_lines, parse, spans


def test_headings_paragraphs_lists_tables_and_notes_are_recognised() -> None:
    found = parse("# Title\n\nOne\ntwo.\n\n- a\n  more\n- b\n\n1. first\n2. second\n\n| A | B |\n| --- | --- |\n"
                  "| x | y |\n\n!!! note \"Heads up\"\n    Inside **bold**.\n")
    assert isinstance(found[0], Heading) and found[0].text == "Title"
    assert isinstance(found[1], Paragraph) and found[1].spans == [Span("One two.")]
    assert isinstance(found[2], ListBlock) and not found[2].ordered
    assert [s[0].text for s in found[2].items] == ["a more", "b"]
    assert isinstance(found[3], ListBlock) and found[3].ordered
    assert isinstance(found[4], Table) and found[4].rows[0][1] == [Span("y")]
    assert isinstance(found[5], Admonition) and found[5].title == "Heads up"
    inner = found[5].blocks[0]
    assert isinstance(inner, Paragraph) and Span("bold", bold=True) in inner.spans


def test_links_keep_their_text_and_html_stays_text() -> None:
    assert spans("see [the scope](index.md) <b>x</b>") == [Span("see "), Span("the scope", target="index.md"),
                                                          Span(" <b>x</b>")]


def test_unmatched_markers_stay_as_written() -> None:
    assert spans("a * b and 2*3 and **open") == [Span("a * b and 2*3 and **open")]


def test_japanese_lines_join_without_a_space() -> None:
    assert join_lines(["日本語の文、", "続き。", "English", "words"]) == "日本語の文、続き。English words"


def test_heading_anchors_and_html_comments_are_not_text() -> None:
    found = parse("## 目的 {#purpose}\n\n<!-- exodossier:glossary -->\n\nText.\n")
    assert isinstance(found[0], Heading) and found[0].text == "目的"
    assert len(found) == 2 and isinstance(found[1], Paragraph)
