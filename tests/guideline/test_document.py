"""The guideline document: what it holds, in which order, and that it is the same every time."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from exodossier.catalog.checks import load_valid_catalog
from exodossier.catalog.loader import Catalog
from tests.conftest import REPO, SMALL_CATALOG
from tests.guideline.conftest import CHAPTERS, build, headings, paragraphs


def test_every_adopted_requirement_appears_exactly_once_as_a_heading(catalog: Catalog) -> None:
    built = build(catalog)
    found = headings(built.data)
    adopted = [r.id for r in catalog.requirements.values() if r.status.value == "adopted"]
    for rid in adopted:
        assert sum(1 for h in found if rid in h) == 1, rid
    assert built.included == sorted(adopted)


def test_drafts_are_left_out_and_reported(catalog: Catalog) -> None:
    built = build(catalog)
    assert built.left_out == ["EXO-SF-002"]
    assert not any("EXO-SF-002" in text for text in paragraphs(built.data))


def test_included_drafts_carry_a_visible_draft_mark(catalog: Catalog) -> None:
    built = build(catalog, include_drafts=True)
    assert built.left_out == []
    draft_heading = next(h for h in headings(built.data) if "EXO-SF-002" in h)
    assert draft_heading.endswith("[DRAFT]")
    texts = paragraphs(built.data)
    assert any(t.startswith("DRAFT: not adopted by the committee") for t in texts)
    assert any(t.startswith("DRAFT — includes requirements not yet adopted") for t in texts)


def test_every_cited_reference_number_is_in_the_reference_list(catalog: Catalog) -> None:
    built = build(catalog)
    texts = paragraphs(built.data)
    entries = {int(m.group(1)) for text in texts if (m := re.match(r"\[(\d+)\]\D", text))}
    cited = {int(n) for text in texts if not re.match(r"\[\d+\]\D", text) for n in re.findall(r"\[(\d+)\]", text)}
    assert cited, "the fixture cites sources"
    assert any("SRC-OLD [" in t for t in texts), "an annex cites a source too"
    assert cited <= entries
    assert entries == set(range(1, built.references + 1))


def test_only_cited_sources_are_listed(catalog: Catalog) -> None:
    """SRC-OLD is cited only by the regulatory landscape, which the summary edition leaves out."""
    full = "\n".join(paragraphs(build(catalog).data))
    summary = "\n".join(paragraphs(build(catalog, edition="summary").data))
    assert "SRC-OLD" in full
    assert "SRC-OLD" not in summary


def test_chapter_text_cites_sources_by_number_and_refers_to_requirements_by_heading(catalog: Catalog) -> None:
    texts = paragraphs(build(catalog).data)
    purpose = next(t for t in texts if t.startswith("The purpose"))
    assert re.search(r"SRC-PAPER \[\d+\]", purpose)
    number = next(h for h in headings(build(catalog).data) if "EXO-RM-002" in h).split(" ")[0]
    assert f"EXO-RM-002 ({number})" in purpose


def test_english_numbers_are_decimal_and_japanese_use_the_house_style(catalog: Catalog) -> None:
    english = headings(build(catalog).data)
    japanese = headings(build(catalog, language="ja").data)
    assert any(re.fullmatch(r"\d+\.\d+\.\d+ EXO-RM-001 .*", h) for h in english)
    assert any(re.fullmatch(r"① EXO-RM-001 .*", h) for h in japanese)
    assert any(re.fullmatch(r"\(1\) .*", h) for h in japanese)
    assert any(re.fullmatch(r"\d+\. .*", h) for h in japanese)


def test_the_summary_edition_has_statements_and_stage_tables_but_no_rationale(catalog: Catalog) -> None:
    requirement = catalog.requirements["EXO-RM-001"]
    summary = paragraphs(build(catalog, edition="summary").data)
    full = paragraphs(build(catalog).data)
    assert requirement.statement.en in summary
    assert "Two-tier bank fully characterised." in summary
    assert requirement.rationale.en not in summary
    assert requirement.rationale.en in full
    assert "STR profile matches the donor." in full


def test_the_same_inputs_give_the_same_bytes(catalog: Catalog) -> None:
    assert build(catalog).data == build(catalog).data
    assert build(catalog, language="ja").data == build(catalog, language="ja").data


def test_a_missing_japanese_chapter_falls_back_to_english_with_a_note(catalog: Catalog) -> None:
    built = build(catalog, language="ja")
    assert "index" not in built.fallback_chapters
    assert "glossary" in built.fallback_chapters
    texts = paragraphs(built.data)
    assert "この章の日本語版は準備中のため、英語の原文を掲載する。" in texts
    assert any(t.startswith("目的を述べる。SRC-PAPER [1]を引用し、EXO-RM-002 (") for t in texts), "Japanese soft line breaks join without a space"


def test_japanese_fixed_strings_are_translated(catalog: Catalog) -> None:
    texts = paragraphs(build(catalog, language="ja").data)
    assert "改訂履歴" in texts and "目次" in texts and "引用文献" in "".join(texts)
    assert "Revision history" not in texts


def test_the_site_map_section_of_the_introduction_is_left_out(catalog: Catalog) -> None:
    assert not any("How this guideline is organised" in h for h in headings(build(catalog).data))


def test_the_real_catalog_full_edition_holds_every_adopted_requirement_once() -> None:
    catalog = load_valid_catalog(REPO / "requirements_catalog")
    built = build(catalog, chapters=REPO / "guideline",
                  specification=REPO / "examples" / "specifications" / "model-case.yaml")
    found = headings(built.data)
    for rid, requirement in catalog.requirements.items():
        count = sum(1 for h in found if re.search(rf"\b{rid}\b", h))
        assert count == (1 if requirement.status.value == "adopted" else 0), rid
    texts = paragraphs(built.data)
    assert any("AEV-101" in t for t in texts), "the worked specification is an annex"


def test_a_catalog_with_a_release_has_its_revision_history_and_changes(tmp_path: Path) -> None:
    root = tmp_path / "catalog"
    shutil.copytree(SMALL_CATALOG, root)
    (root / "releases").mkdir()
    (root / "releases" / "1.0.0.yaml").write_text('version: "1.0.0"\ndate: "2026-01-10"\n', encoding="utf-8")
    (root / "releases" / "1.1.0.yaml").write_text(
        'version: "1.1.0"\ndate: "2026-06-01"\nprevious: "1.0.0"\nsummary: Second committee draft\n'
        'requirements:\n  - id: EXO-RM-001\n    kind: changed\n    fields: [statement]\n', encoding="utf-8")
    text = (root / "taxonomy.yaml").read_text(encoding="utf-8")
    (root / "taxonomy.yaml").write_text(re.sub(r"version: .*", 'version: "1.1.0"', text, count=1), encoding="utf-8")
    texts = paragraphs(build(load_valid_catalog(root), chapters=CHAPTERS).data)
    assert "Second committee draft (1 requirement(s) changed)" in texts
    assert "Changes since the previous release" in "".join(texts)
    assert "Release 1.1.0 against release 1.0.0." in texts
