"""Ids in prose become links: the Python-Markdown extension on its own, as any engine would run it."""

from __future__ import annotations

from pathlib import Path

import markdown

from exodossier.catalog.references import find_ids, id_pattern, unknown_requirement_ids
from exodossier.site.idlinks import ids_in_catalog
from tests.conftest import SMALL_CATALOG


def convert(text: str) -> str:
    md = markdown.Markdown(extensions=["exodossier.site.idlinks", "tables", "md_in_html"], extension_configs={
        "exodossier.site.idlinks": {"requirements": ["EXO-RM-001", "EXO-RM-002"], "sources": ["ICH-Q5A", "ICH-Q5A-R2"]}})
    return md.convert(text)


def test_an_id_in_a_sentence_links_to_its_page() -> None:
    html = convert("See EXO-RM-002 and ICH-Q5A-R2 §3.1.3.")
    assert '<a class="exo-ref" href="catalog/requirements/EXO-RM-002.md">EXO-RM-002</a>' in html
    assert '<a class="exo-ref" href="catalog/sources/ICH-Q5A-R2.md">ICH-Q5A-R2</a>' in html  # never ICH-Q5A + "-R2"


def test_ids_in_links_code_and_headings_stay_as_they_are() -> None:
    html = convert("# EXO-RM-001 Title\n\n[EXO-RM-002](elsewhere.md) and `EXO-RM-001`\n")
    assert "exo-ref" not in html


def test_ids_in_raw_html_text_link_but_not_inside_attributes_links_or_diagrams() -> None:
    html = convert('<p title="EXO-RM-001">Rationale naming EXO-RM-001 and <a href="x">EXO-RM-002</a>.</p>\n\n'
                   '<div class="exo-diagram"><svg><text>EXO-RM-002</text></svg></div>\n')
    assert html.count("exo-ref") == 1
    assert '<p title="EXO-RM-001">Rationale naming <a href="catalog/requirements/EXO-RM-001.md" class="exo-ref">' in html


def test_an_unknown_id_is_left_as_text() -> None:
    assert "exo-ref" not in convert("See EXO-RM-003 and ICH-Q99.")


def test_ids_come_from_the_catalog_file_names_when_none_are_given() -> None:
    requirements, sources = ids_in_catalog(SMALL_CATALOG)
    assert requirements == ["EXO-RM-001", "EXO-RM-002", "EXO-SF-001", "EXO-SF-002"]
    assert sources == ["SRC-NEW", "SRC-OLD", "SRC-PAPER"]
    md = markdown.Markdown(extensions=["exodossier.site.idlinks"],
                           extension_configs={"exodossier.site.idlinks": {"catalog": str(SMALL_CATALOG)}})
    assert 'href="catalog/sources/SRC-NEW.md"' in md.convert("Cites SRC-NEW.")


def test_finding_ids_needs_whole_words() -> None:
    pattern = id_pattern(["ICH-Q5A", "ICH-Q5A-R2", "JP18"])
    assert [found for *_, found in find_ids("ICH-Q5A-R2, ICH-Q5A. JP18-x JP18", pattern)] == \
        ["ICH-Q5A-R2", "ICH-Q5A", "JP18"]
    assert unknown_requirement_ids("EXO-RM-0012 or EXO-RM-001", ["EXO-RM-001"]) == ["EXO-RM-0012"]


def test_no_ids_means_no_change(tmp_path: Path) -> None:
    md = markdown.Markdown(extensions=["exodossier.site.idlinks"],
                           extension_configs={"exodossier.site.idlinks": {"catalog": str(tmp_path)}})
    assert md.convert("EXO-RM-001") == "<p>EXO-RM-001</p>"
