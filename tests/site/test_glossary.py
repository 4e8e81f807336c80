"""The glossary page, made from the terminology, in both editions."""

from __future__ import annotations

import re

from exodossier.catalog.loader import load_catalog
from exodossier.catalog.models import Term
from exodossier.site.pages.glossary import GLOSSARY_MARKER, fill_glossary, glossary_markdown
from tests.conftest import FIXTURES

BILINGUAL = FIXTURES / "catalogs" / "bilingual"


def terms() -> tuple[Term, ...]:
    catalog = load_catalog(BILINGUAL).catalog
    assert catalog is not None
    return catalog.terminology


def table_rows(text: str) -> list[list[str]]:
    """Every row of the tables in `text` (header rows too), each cell's markup as written."""
    return [re.findall(r"<t[hd]>(.*?)</t[hd]>", row) for row in re.findall(r"<tr>(.*?)</tr>", text, re.DOTALL)]


def test_english_edition_lists_english_then_japanese_by_section() -> None:
    page = glossary_markdown(terms(), "en", sources=["SRC-PAPER"])
    assert page.index("## Quality") < page.index("## Biologics") < page.index("## Extracellular vesicles")
    rows = table_rows(page)
    assert rows[0] == ["English", "Japanese", "Meaning in this guideline", "See"]
    exosome = next(row for row in rows if row[0] == "exosome")
    assert exosome[1] == '<span lang="ja">エクソソーム</span>'
    assert exosome[2] == "Term widely used for small EVs."
    assert exosome[3] == '<a href="catalog/sources/SRC-PAPER.md">SRC-PAPER</a>'


def test_japanese_edition_lists_japanese_first_and_marks_pending_definitions() -> None:
    page = glossary_markdown(terms(), "ja")
    rows = table_rows(page)
    assert rows[0] == ["日本語", "英語", "本ガイドラインにおける意味", "参照"]
    exosome = next(row for row in rows if row[1] == "exosome")
    assert exosome[0] == '<span lang="ja">エクソソーム</span>'
    assert exosome[2] == '<span lang="ja">小型のEVに広く用いられる用語。</span>'
    cell_bank = next(row for row in rows if row[1] == "cell bank")
    assert "Banked, characterised stocks" in cell_bank[2] and "（翻訳未了）" in cell_bank[2]
    assert "## 生物薬品、細胞基材、ウイルス及び微生物に対する安全性" in page


def test_an_unconfirmed_japanese_form_is_marked() -> None:
    rows = table_rows(glossary_markdown(terms(), "en"))
    assert next(row for row in rows if row[0] == "contaminants")[1].endswith("†")
    assert not next(row for row in rows if row[0] == "exosome")[1].endswith("†")


def test_the_chapter_keeps_its_prose_and_gets_the_tables_at_the_marker() -> None:
    chapter = f"# Glossary\n\nHow to read it.\n\n{GLOSSARY_MARKER}\n"
    filled = fill_glossary(chapter, terms(), "en")
    assert filled.startswith("# Glossary\n\nHow to read it.\n\n") and GLOSSARY_MARKER not in filled
    assert "<td>exosome</td>" in filled
    assert fill_glossary("# Other chapter\n", terms(), "en") == "# Other chapter\n"


def test_term_text_is_escaped() -> None:
    hostile = Term(id="x", en="<script>alert(1)</script>", ja="[リンク](javascript:alert(1))", ja_source="test",
                   verified=True, group="ev")
    page = glossary_markdown((hostile,), "en")
    assert "<script>" not in page and "](javascript:" not in page and "javascript:alert(1)\"" not in page


def test_a_japanese_definition_not_yet_reviewed_is_shown_and_marked() -> None:
    entry = Term(id="x", en="hold time", ja="保持時間", ja_source="test", verified=False, group="manufacturing",
                 definition={"en": "Permitted storage time of an intermediate", "ja": "中間体の許容される保存時間"})
    [row] = [r for r in table_rows(glossary_markdown((entry,), "ja")) if r[1] == "hold time"]
    assert row[2] == '<span lang="ja">中間体の許容される保存時間</span> <em>（翻訳未確認）</em>'
