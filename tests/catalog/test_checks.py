"""Each cross-reference and schema check, asserted at the exact file:line a committee member must edit."""

from __future__ import annotations

from pathlib import Path

from exodossier.catalog.checks import validate_catalog
from exodossier.errors import Diagnostic, Severity


def diagnostics(root: Path) -> list[Diagnostic]:
    return validate_catalog(root).diagnostics


def only(root: Path, code: str) -> Diagnostic:
    found = [d for d in diagnostics(root) if d.code == code]
    assert len(found) == 1, [d.human() for d in diagnostics(root)]
    return found[0]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def rm(root: Path, rid: str) -> Path:
    return root / "requirements" / "raw-materials" / f"{rid}.yaml"


def sf(root: Path, rid: str) -> Path:
    return root / "requirements" / "safety" / f"{rid}.yaml"


def place(d: Diagnostic) -> tuple[str, int, int]:
    return Path(d.file).name, d.line, d.column


def test_fixture_catalog_has_no_errors_only_expected_warnings(small_catalog: Path) -> None:
    codes = sorted(d.code for d in diagnostics(small_catalog))
    assert codes == ["suspect-citation", "unverified-source"]


def test_unknown_field_reports_did_you_mean(small_catalog: Path) -> None:
    edit(rm(small_catalog, "EXO-RM-001"), "rationale:", "rationnale:")
    found = {d.code: d for d in diagnostics(small_catalog)}
    unknown = found["schema-extra_forbidden"]
    assert place(unknown) == ("EXO-RM-001.yaml", 5, 1)
    assert unknown.message == "unknown field 'rationnale'"
    assert unknown.hint == "did you mean 'rationale'?"
    assert "schema-missing" not in found  # one problem, one message: the typo explains the missing field


def test_invalid_enum_value_names_the_allowed_values(small_catalog: Path) -> None:
    edit(rm(small_catalog, "EXO-RM-001"), "criticality: high", "criticality: hihg")
    problem = only(small_catalog, "schema-enum")
    assert place(problem) == ("EXO-RM-001.yaml", 8, 1)
    assert "'high'" in problem.expected and problem.hint == "did you mean 'high'?"


def test_bad_id_format_is_reported(small_catalog: Path) -> None:
    edit(sf(small_catalog, "EXO-SF-002"), "id: EXO-SF-002", "id: EXO-SF-2")
    problem = only(small_catalog, "schema-string_pattern_mismatch")
    assert place(problem) == ("EXO-SF-002.yaml", 1, 1)
    assert problem.field_path == "id"


def test_localized_text_with_only_japanese_needs_english(small_catalog: Path) -> None:
    edit(rm(small_catalog, "EXO-RM-002"), "  en: Animal-derived media components\n", "")
    problem = only(small_catalog, "schema-missing")
    assert place(problem) == ("EXO-RM-002.yaml", 2, 1)
    assert problem.field_path == "title.en"


def test_yes_is_not_a_boolean(small_catalog: Path) -> None:
    edit(small_catalog / "sources" / "SRC-NEW.yaml", "verified: true", "verified: yes")
    (problem,) = [d for d in diagnostics(small_catalog) if d.severity is Severity.ERROR]
    assert place(problem) == ("SRC-NEW.yaml", 8, 1)
    assert problem.field_path == "verified" and "true or false" in problem.message


def test_duplicate_id_across_files_is_reported(small_catalog: Path) -> None:
    copy = rm(small_catalog, "EXO-RM-003")
    copy.write_text(rm(small_catalog, "EXO-RM-002").read_text(encoding="utf-8"), encoding="utf-8")
    problem = only(small_catalog, "duplicate-id")
    assert place(problem) == ("EXO-RM-003.yaml", 1, 1)
    assert "EXO-RM-002.yaml" in problem.message


def test_id_prefix_must_match_category(small_catalog: Path) -> None:
    edit(rm(small_catalog, "EXO-RM-002"), "category: RM", "category: SF")
    problem = only(small_catalog, "id-prefix-mismatch")
    assert place(problem) == ("EXO-RM-002.yaml", 1, 1)


def test_file_must_be_named_for_its_id_and_category(small_catalog: Path) -> None:
    target = small_catalog / "requirements" / "safety" / "EXO-RM-001.yaml"
    rm(small_catalog, "EXO-RM-001").rename(target)
    problem = only(small_catalog, "misplaced-file")
    assert problem.expected == "requirements/raw-materials/EXO-RM-001.yaml"


def test_dangling_source_reference_is_reported(small_catalog: Path) -> None:
    edit(rm(small_catalog, "EXO-RM-001"), "source: SRC-NEW", "source: SRC-NWE")
    problem = only(small_catalog, "dangling-source")
    assert place(problem) == ("EXO-RM-001.yaml", 25, 5)
    assert problem.hint == "did you mean 'SRC-NEW'?"


def test_dangling_clause_lists_the_clauses_that_exist(small_catalog: Path) -> None:
    edit(rm(small_catalog, "EXO-RM-001"), 'clause: "2.3"', 'clause: "2.4"')
    problem = only(small_catalog, "dangling-clause")
    assert place(problem) == ("EXO-RM-001.yaml", 26, 5)
    assert problem.expected == "1.1, 2.3"


def test_dangling_related_requirement_is_reported(small_catalog: Path) -> None:
    edit(sf(small_catalog, "EXO-SF-001"), "{id: EXO-RM-001, type: see_also}", "{id: EXO-RM-009, type: see_also}")
    problem = only(small_catalog, "dangling-requirement")
    assert place(problem) == ("EXO-SF-001.yaml", 22, 6)


def test_self_reference_is_reported(small_catalog: Path) -> None:
    edit(sf(small_catalog, "EXO-SF-001"), "{id: EXO-RM-001, type: see_also}", "{id: EXO-SF-001, type: see_also}")
    assert place(only(small_catalog, "self-reference")) == ("EXO-SF-001.yaml", 22, 6)


def test_depends_on_cycle_is_reported_once_with_its_path(small_catalog: Path) -> None:
    with rm(small_catalog, "EXO-RM-001").open("a", encoding="utf-8") as stream:
        stream.write("related:\n  - {id: EXO-SF-001, type: depends_on}\n")
    problem = only(small_catalog, "depends-on-cycle")
    assert problem.message == "depends_on cycle: EXO-RM-001 -> EXO-SF-001 -> EXO-RM-002 -> EXO-RM-001"
    assert place(problem) == ("EXO-RM-001.yaml", 28, 1)


def test_unknown_stage_and_stage_order(small_catalog: Path) -> None:
    edit(rm(small_catalog, "EXO-RM-001"), "stage: phase3", "stage: phase 3")
    assert only(small_catalog, "schema-string_pattern_mismatch").line == 14
    edit(rm(small_catalog, "EXO-RM-001"), "stage: phase 3", "stage: pahse3")
    unknown = only(small_catalog, "unknown-stage")
    assert (unknown.line, unknown.hint) == (14, "did you mean 'phase3'?")
    edit(rm(small_catalog, "EXO-RM-001"), "stage: pahse3", "stage: nonclinical")
    assert only(small_catalog, "stage-order").line == 14


def test_unknown_attribute_and_value_are_reported(small_catalog: Path) -> None:
    edit(sf(small_catalog, "EXO-SF-001"), "route: [inhalation]", "route: [inhaled]")
    problem = only(small_catalog, "unknown-attribute-value")
    assert place(problem) == ("EXO-SF-001.yaml", 14, 11)
    assert problem.expected == "inhalation, intravenous"
    edit(sf(small_catalog, "EXO-SF-001"), "route: [inhaled]", "rout: [inhalation]")
    assert only(small_catalog, "unknown-attribute").hint == "did you mean 'route'?"


def test_unknown_ctd_section_is_reported(small_catalog: Path) -> None:
    edit(sf(small_catalog, "EXO-SF-001"), '"3.2.P.5"', '"3.2.P.9"')
    assert place(only(small_catalog, "unknown-ctd-section")) == ("EXO-SF-001.yaml", 15, 16)


def test_adopted_requirement_must_cite_a_source(small_catalog: Path) -> None:
    edit(sf(small_catalog, "EXO-SF-002"), "status: draft", "status: adopted")
    assert place(only(small_catalog, "adopted-without-citation")) == ("EXO-SF-002.yaml", 8, 1)


def test_citing_a_superseded_source_warns(small_catalog: Path) -> None:
    edit(rm(small_catalog, "EXO-RM-001"), "source: SRC-NEW", "source: SRC-OLD")
    edit(rm(small_catalog, "EXO-RM-001"), "reviewed_version: R2", "reviewed_version: R1")
    problem = only(small_catalog, "superseded-source")
    assert problem.severity is Severity.WARNING and problem.hint == "cite its successor 'SRC-NEW'"


def test_suspect_and_unreviewed_citations_warn(small_catalog: Path) -> None:
    suspect = only(small_catalog, "suspect-citation")
    assert place(suspect) == ("EXO-RM-002.yaml", 26, 5)
    edit(rm(small_catalog, "EXO-RM-001"), "    reviewed_version: R2\n", "")
    assert place(only(small_catalog, "unreviewed-citation")) == ("EXO-RM-001.yaml", 25, 5)


def test_superseded_by_loop_is_an_error(small_catalog: Path) -> None:
    edit(small_catalog / "sources" / "SRC-NEW.yaml", "status: current", "status: superseded\nsuperseded_by: SRC-OLD")
    assert "SRC-NEW -> SRC-OLD -> SRC-NEW" in only(small_catalog, "superseded-loop").message


def test_retired_requirement_needs_a_reason_and_must_not_be_depended_upon(small_catalog: Path) -> None:
    edit(rm(small_catalog, "EXO-RM-001"), "status: adopted", "status: retired")
    problem = only(small_catalog, "schema-value_error")
    assert (problem.line, problem.message) == (2, "a retired requirement must give retired_reason")
    edit(rm(small_catalog, "EXO-RM-001"), "status: retired", "status: retired\nretired_reason: Merged into RM-002.")
    problem = only(small_catalog, "depends-on-retired")
    assert place(problem) == ("EXO-RM-002.yaml", 28, 6)


def test_all_errors_are_reported_together_sorted_by_file_and_line(small_catalog: Path) -> None:
    edit(rm(small_catalog, "EXO-RM-002"), "criticality: high", "criticality: huge")
    edit(rm(small_catalog, "EXO-RM-001"), "topic: Cell banks", "topik: Cell banks")
    edit(sf(small_catalog, "EXO-SF-001"), "route: [inhalation]", "route: [oral]")
    errors = [d for d in diagnostics(small_catalog) if d.severity is Severity.ERROR]
    assert [(Path(d.file).name, d.code) for d in errors] == [
        ("EXO-RM-001.yaml", "schema-extra_forbidden"), ("EXO-RM-002.yaml", "schema-enum"), ("EXO-SF-001.yaml", "unknown-attribute-value")]
    assert errors == sorted(errors)


def test_colon_inside_unquoted_text_gets_a_quoting_hint(small_catalog: Path) -> None:
    edit(rm(small_catalog, "EXO-RM-001"), "  - STR profile matches the donor.", "  - Identity: STR profile matches.")
    problem = next(d for d in diagnostics(small_catalog) if d.code == "schema-extra_forbidden")
    assert place(problem) == ("EXO-RM-001.yaml", 18, 5)
    assert "put the whole text in quotes" in problem.hint
