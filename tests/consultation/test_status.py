"""Progress of a round, by section and by decision."""

from __future__ import annotations

from pathlib import Path

from tests.consultation.conftest import cli


def test_status_counts_comments_by_section_and_decision(tmp_path: Path, small_catalog: Path,
                                                         form_with_comments: Path) -> None:
    folder = tmp_path / "consultation"
    cli("consultation", "import", form_with_comments, "--round", "2027-1", "--consultation", folder,
        "--catalog", small_catalog)
    decided = folder / "2027-1" / "C002.yaml"
    decided.write_text(decided.read_text(encoding="utf-8") + "disposition:\n  decision: not_accepted\n"
                       "  response:\n    ja: 原案のとおりとします。\n", encoding="utf-8")
    result = cli("consultation", "status", "--round", "2027-1", "--consultation", folder, "--catalog", small_catalog)
    assert result.exit_code == 0, result.output
    lines = [" ".join(line.split()) for line in result.output.splitlines()]
    assert lines[0] == "Round 2027-1 (release 1.0.0, open): 1 of 3 comments decided"
    assert "Raw materials 0 0 1 0 0 1" in lines
    assert "Safety 0 0 0 0 1 1" in lines
    assert "The guideline as a whole 0 0 0 0 1 1" in lines
    assert lines[-1] == "Total 0 0 1 0 2 3"
    japanese = cli("consultation", "status", "--round", "2027-1", "--consultation", folder, "--catalog",
                   small_catalog, "--lang", "ja").output
    assert "3件中1件の対応を決定済み" in japanese and "不採用" in japanese


def test_status_of_an_unknown_round_names_the_rounds_found(tmp_path: Path, small_catalog: Path) -> None:
    result = cli("consultation", "status", "--round", "2031-9", "--consultation", tmp_path, "--catalog", small_catalog)
    assert result.exit_code == 1
    assert "there is no consultation round '2031-9'" in result.output and "rounds found: none" in result.output
