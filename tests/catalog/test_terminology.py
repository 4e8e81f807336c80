"""Japanese text against the controlled terminology: discouraged variants and missing counterparts, at exact places."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from exodossier.catalog.checks import validate_catalog
from exodossier.catalog.loader import load_catalog
from exodossier.catalog.models import Term
from exodossier.catalog.terminology import counterpart_pairs, discouraged_occurrences, japanese_forms
from exodossier.errors import Diagnostic
from tests.conftest import FIXTURES, REPO

BILINGUAL = FIXTURES / "catalogs" / "bilingual"
SF3 = "requirements/safety/EXO-SF-003.yaml"


def found(root: Path, code: str) -> list[tuple[str, int, int, str]]:
    return [(Path(d.file).name, d.line, d.column, d.message) for d in validate_catalog(root).diagnostics
            if d.code == code]


def diagnostics(root: Path, code: str) -> list[Diagnostic]:
    return [d for d in validate_catalog(root).diagnostics if d.code == code]


def term(en: str, ja: str, verified: bool = True, discouraged: tuple[str, ...] = ()) -> Term:
    return Term(id="t", en=en, ja=ja, ja_source="test", verified=verified, discouraged=list(discouraged),
                group="quality")


def test_the_terminology_is_loaded_into_the_catalog() -> None:
    catalog = load_catalog(BILINGUAL).catalog
    assert catalog is not None
    assert [t.id for t in catalog.terminology] == ["exosome", "viral_clearance", "cell_bank", "contaminants"]
    assert catalog.terminology[0].discouraged == ["エキソソーム", "エクソゾーム"]


def test_a_catalog_without_terminology_has_none() -> None:
    catalog = load_catalog(FIXTURES / "catalogs" / "small").catalog
    assert catalog is not None and catalog.terminology == ()


def test_discouraged_variants_are_reported_at_their_own_line_and_column() -> None:
    assert found(BILINGUAL, "discouraged-term") == [
        ("EXO-SF-003.yaml", 4, 7, "'セルバンク' is a discouraged variant; write 'セル・バンク'"),  # plain scalar
        ("EXO-SF-003.yaml", 12, 9, "'エキソソーム' is a discouraged variant; write 'エクソソーム'"),  # 2nd line of >-
    ]


def test_a_variant_inside_a_longer_preferred_form_is_not_a_variant() -> None:
    # 汚染物 is discouraged, but line 16 writes 混入汚染物質, the preferred form that contains it
    assert discouraged_occurrences("ウイルス及び混入汚染物質と", "汚染物", ("混入汚染物質",)) == []
    assert discouraged_occurrences("汚染物と混入汚染物質", "汚染物", ("混入汚染物質",)) == [0]
    assert all(line != 16 for _, line, _, _ in found(BILINGUAL, "discouraged-term"))


def test_a_variant_broken_across_lines_points_at_the_text_and_says_so(tmp_path: Path) -> None:
    root = tmp_path / "catalog"
    shutil.copytree(BILINGUAL, root)
    path = root / SF3
    folded = ("  ja: >-\n    特定のデータなしに、小胞の精製工程にウイルスのクリアランスを認めないこと。\n"
              "    代わりにエキソソーム製剤を試験すること。\n")
    escaped = '  ja: "特定のデータなしに、小胞の精製工程にウイルスのクリアランスを認めないこと。代わりにエキソ\\\n    ソーム製剤を試験すること。"\n'
    text = path.read_text(encoding="utf-8")
    assert folded in text
    path.write_text(text.replace(folded, escaped), encoding="utf-8")
    [(name, line, column, message)] = [f for f in found(root, "discouraged-term") if "エキソソーム" in f[3]]
    assert (line, column) == (10, 3)  # the ja key of the statement
    assert "the column could not be computed" in message


def test_a_missing_counterpart_is_reported_at_the_japanese_text() -> None:
    [problem] = diagnostics(BILINGUAL, "missing-term")
    assert (Path(problem.file).name, problem.line, problem.column) == ("EXO-SF-003.yaml", 10, 3)
    assert problem.field_path == "statement.ja" and problem.expected == "ウイルスクリアランス"
    assert "the English says 'viral clearance'" in problem.message


def test_a_discouraged_variant_is_not_also_reported_as_a_missing_counterpart() -> None:
    # the title says 'cell bank' and writes セルバンク: one warning (discouraged), not two
    assert [d.field_path for d in diagnostics(BILINGUAL, "missing-term")] == ["statement.ja"]


@pytest.mark.parametrize("entry, decidable", [
    (term("critical quality attribute (CQA)", "重要品質特性（CQA）", verified=False), True),  # acronym gloss
    (term("nebuliser", "ネブライザ"), True),  # a katakana loanword has one written form
    (term("control strategy", "管理戦略"), False),  # paraphrase is legitimate (品質管理戦略, 管理の戦略)
    (term("clinical trial (for approval)", "治験"), False),  # a context note: the English is ambiguous
    (term("nebuliser", "ネブライザ", verified=False), False),  # unconfirmed and not glossed
    (term("Japanese Pharmacopoeia (JP)", "日本薬局方（日局）"), False),  # proper names are cited many ways
])
def test_only_terms_with_one_settled_japanese_form_are_checked_for_counterparts(entry: Term, decidable: bool) -> None:
    assert bool(counterpart_pairs((entry,))) is decidable


def test_any_accepted_form_satisfies_the_counterpart() -> None:
    [pair] = counterpart_pairs((term("critical quality attribute (CQA)", "重要品質特性（CQA）"),))
    assert pair.pattern.search("three critical quality attributes")
    assert {"重要品質特性（CQA）", "重要品質特性", "CQA"} <= set(pair.japanese)


def test_japanese_forms_include_parts_glosses_and_the_bare_form() -> None:
    forms = japanese_forms(term("batch / lot", "ロット（製造番号）"))
    assert {"ロット（製造番号）", "ロット", "製造番号"} <= set(forms)


def test_duplicate_term_ids_are_errors_at_the_second_id(tmp_path: Path) -> None:
    root = tmp_path / "catalog"
    shutil.copytree(BILINGUAL, root)
    path = root / "terminology.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("id: contaminants", "id: exosome"), encoding="utf-8")
    assert found(root, "terminology-duplicate") == [("terminology.yaml", 29, 5, "term id 'exosome' is used twice")]


def test_the_real_terminology_covers_the_catalog_and_marks_what_is_unconfirmed() -> None:
    catalog = load_catalog(REPO / "requirements_catalog").catalog
    assert catalog is not None
    terms = catalog.terminology
    assert len(terms) >= 150
    for entry in terms:
        assert entry.verified or entry.ja_source.startswith(("Unconfirmed", "Seen only", "Committee glossary")), entry.id
    by_id = {t.id: t for t in terms}
    assert by_id["exosome"].ja == "エクソソーム" and "エキソソーム" in by_id["exosome"].discouraged
    assert by_id["cell_bank"].discouraged == ["セルバンク"]


def test_a_term_that_cites_an_unknown_source_is_an_error(tmp_path: Path) -> None:
    root = tmp_path / "catalog"
    shutil.copytree(BILINGUAL, root)
    path = root / "terminology.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("see: [SRC-PAPER]", "see: [SRC-PAPR]"), encoding="utf-8")
    [problem] = diagnostics(root, "dangling-source")
    assert (problem.line, problem.column, problem.hint) == (13, 11, "did you mean 'SRC-PAPER'?")
