"""Suspect citations after a source revision, and re-stamping them without disturbing the file."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from exodossier.catalog.checks import validate_catalog
from exodossier.catalog.loader import load_catalog
from exodossier.cli.main import main
from exodossier.errors import UserError
from exodossier.authoring.review import Stamp, restamp_text

STAMP = Stamp(reviewer="Dr. Sato", on="2026-11-25")


def codes(root: Path) -> list[str]:
    return sorted(d.code for d in validate_catalog(root).diagnostics)


def bump_source(root: Path) -> None:
    path = root / "sources" / "SRC-NEW.yaml"
    path.write_text(path.read_text().replace("version: R2", "version: R3"))


def test_bumping_a_source_version_turns_its_citations_suspect(small_catalog: Path) -> None:
    assert codes(small_catalog).count("suspect-citation") == 1
    bump_source(small_catalog)
    assert codes(small_catalog).count("suspect-citation") == 2


def test_review_clears_suspicion_and_keeps_every_other_byte(small_catalog: Path, runner: CliRunner) -> None:
    bump_source(small_catalog)
    path = small_catalog / "requirements" / "raw-materials" / "EXO-RM-001.yaml"
    before = path.read_text().splitlines()
    result = runner.invoke(main, ["review", "EXO-RM-001", "--reviewer", "Dr. Sato", "--catalog", str(small_catalog)])
    assert result.exit_code == 0, result.output
    after = path.read_text().splitlines()
    assert after[0] == "# A committee comment that tools must keep."
    changed = [(i, line) for i, line in enumerate(after) if i >= len(before) or line != before[i]]
    assert [line.strip() for _, line in changed][0] == 'reviewed_version: "R3"'
    assert after[:26] == before[:26] and len(after) == len(before) + 2
    assert after[27:] == ['    reviewed_by: "Dr. Sato"', f'    reviewed_on: "{after[28].split(chr(34))[1]}"']
    assert codes(small_catalog).count("suspect-citation") == 1  # EXO-RM-002 was not reviewed


def test_new_keys_go_after_a_multiline_note_and_before_trailing_comments() -> None:
    text = (
        "id: EXO-RM-009\n"
        "citations:\n"
        "  - source: A  # keep me\n"
        "    note: >-\n"
        "      two lines\n"
        "      of note\n"
        "  # a comment about B\n"
        "  - source: B\n"
        "    reviewed_version: R1 # old\n"
        "\n"
        "# tail comment\n"
        "related: []\n"
    )
    assert restamp_text(text, "f.yaml", ["R2", "R5"], STAMP) == (
        "id: EXO-RM-009\n"
        "citations:\n"
        "  - source: A  # keep me\n"
        "    note: >-\n"
        "      two lines\n"
        "      of note\n"
        '    reviewed_version: "R2"\n'
        '    reviewed_by: "Dr. Sato"\n'
        '    reviewed_on: "2026-11-25"\n'
        "  # a comment about B\n"
        "  - source: B\n"
        '    reviewed_version: "R5" # old\n'
        '    reviewed_by: "Dr. Sato"\n'
        '    reviewed_on: "2026-11-25"\n'
        "\n"
        "# tail comment\n"
        "related: []\n"
    )


def test_flow_style_citation_is_refused_with_a_hint() -> None:
    with pytest.raises(UserError) as caught:
        restamp_text("citations:\n  - {source: A, clause: '1'}\n", "f.yaml", ["R1"], STAMP)
    assert (caught.value.diagnostics[0].line, caught.value.diagnostics[0].code) == (2, "review-flow-style")


def test_unknown_requirement_gets_did_you_mean(small_catalog: Path, runner: CliRunner) -> None:
    result = runner.invoke(main, ["review", "EXO-RM-01", "--reviewer", "X", "--catalog", str(small_catalog)])
    assert result.exit_code == 1 and "did you mean 'EXO-RM-001'?" in result.output


def test_nothing_is_stamped_without_a_named_reviewer(small_catalog: Path, runner: CliRunner,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("exodossier.authoring.review.git_reviewer", lambda: None)
    path = small_catalog / "requirements" / "raw-materials" / "EXO-RM-002.yaml"
    before = path.read_bytes()
    result = runner.invoke(main, ["review", "EXO-RM-002", "--catalog", str(small_catalog)])
    assert result.exit_code == 2 and path.read_bytes() == before


def test_review_reports_how_many_citations_it_stamped_and_how_many_moved_version(small_catalog: Path,
                                                                                 runner: CliRunner) -> None:
    bump_source(small_catalog)
    result = runner.invoke(main, ["review", "EXO-RM-001", "--reviewer", "Dr. Sato", "--catalog", str(small_catalog)])
    assert result.exit_code == 0, result.output
    catalog = load_catalog(small_catalog).catalog
    assert catalog is not None
    stamped = len(catalog.requirements["EXO-RM-001"].citations)
    assert f"{stamped} citation(s) stamped as reviewed by Dr. Sato" in result.output
    assert "1 of them now against a newer source version" in result.output
