"""Gaps opened, closed and still open since a previous report, each with the causes that explain it.

Every scenario writes the previous report from the small fixture catalog and profile (edited
by `before`), reads it back as a sponsor's OLD.json, edits the catalog or profile (`after`) and
compares. Base state at phase 1 (next phase 2): RM-001 partial (open), RM-002 met (closed),
SF-001 not_met (open), SF-002 planned (open, expected from phase 2).
"""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pytest

from exodossier.catalog.checks import load_valid_catalog
from exodossier.gap.analysis import GapAnalysis, analyse
from exodossier.gap.compare import CauseKind, Comparison, Movement, compare, releases_between
from exodossier.gap.export import render_json
from exodossier.gap.record import load_report
from exodossier.gap.profile import load_profile
from tests.conftest import FIXTURES

PROFILE = FIXTURES / "profiles" / "small-inhaled.yaml"
COMPARE = FIXTURES / "compare"
WHEN = dt.datetime(2026, 1, 2, tzinfo=dt.timezone.utc)
LATER = dt.datetime(2026, 4, 1, tzinfo=dt.timezone.utc)
SF002 = "requirements/safety/EXO-SF-002.yaml"
SF001 = "requirements/safety/EXO-SF-001.yaml"

Edit = Callable[[Path, Path], None]  # (catalog folder, profile file)


def in_catalog(relative: str, old: str, new: str) -> Edit:
    def apply(catalog: Path, _: Path) -> None:
        path = catalog / relative
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {relative}"
        path.write_text(text.replace(old, new), encoding="utf-8")
    return apply


def in_profile(old: str, new: str) -> Edit:
    def apply(_: Path, profile: Path) -> None:
        text = profile.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in the profile"
        profile.write_text(text.replace(old, new), encoding="utf-8")
    return apply


def add_requirement(catalog: Path, _: Path) -> None:
    shutil.copy(COMPARE / "EXO-SF-003.yaml", catalog / "requirements" / "safety")


def remove_sf002(catalog: Path, profile: Path) -> None:
    (catalog / SF002).unlink()
    in_profile("  EXO-SF-002:\n    status: planned\n    due: 2027-06-30\n", "")(catalog, profile)


def release_1_1(catalog: Path, profile: Path) -> None:
    shutil.copytree(COMPARE / "releases", catalog / "releases")
    in_catalog("taxonomy.yaml", "version: 1.0.0", "version: 1.1.0")(catalog, profile)


def both(*edits: Edit) -> Edit:
    def apply(catalog: Path, profile: Path) -> None:
        for edit in edits:
            edit(catalog, profile)
    return apply


def nothing(catalog: Path, profile: Path) -> None:
    pass


SF002_FROM_PHASE3 = in_catalog(SF002, "stage: phase2", "stage: phase3")
SF002_FROM_PHASE1 = in_catalog(SF002, "stage: phase2", "stage: phase1")
INTRAVENOUS = in_profile("route: inhalation", "route: intravenous")
AT_NONCLINICAL = in_profile("current_stage: phase1\n  next_stage: phase2", "current_stage: nonclinical\n  next_stage: phase1")
AT_PHASE2 = in_profile("current_stage: phase1\n  next_stage: phase2", "current_stage: phase2\n  next_stage: phase3")


@dataclass
class Scenario:
    name: str
    requirement: str
    movement: Movement
    causes: list[CauseKind]
    text: str = ""
    before: Edit = nothing
    after: Edit = nothing
    releases: list[str] = field(default_factory=list)


SCENARIOS = [
    Scenario("new requirement in the catalog", "EXO-SF-003", Movement.OPENED, [CauseKind.NEW_REQUIREMENT],
             "new requirement in the catalog", after=add_requirement),
    Scenario("new requirement named with its release", "EXO-SF-003", Movement.OPENED, [CauseKind.NEW_REQUIREMENT],
             "new requirement in the catalog (added in release 1.1.0)", after=both(add_requirement, release_1_1),
             releases=["1.1.0"]),
    Scenario("requirement changed brings it into the next stage", "EXO-SF-002", Movement.OPENED,
             [CauseKind.REQUIREMENT_CHANGED, CauseKind.EXPECTATION_ESCALATED],
             "requirement changed since the previous report (fields: stage_expectations) | expectation escalated at "
             "the next stage (Phase 2: not expected → should)", before=SF002_FROM_PHASE3),
    Scenario("requirement change named with the release that made it", "EXO-SF-002", Movement.OPENED,
             [CauseKind.REQUIREMENT_CHANGED, CauseKind.EXPECTATION_ESCALATED],
             "requirement changed since the previous report (fields: stage_expectations); release 1.1.0 changed "
             "stage_expectations", before=SF002_FROM_PHASE3, after=release_1_1, releases=["1.1.0"]),
    Scenario("now applicable because an attribute changed", "EXO-SF-001", Movement.OPENED,
             [CauseKind.NOW_APPLICABLE], "now applicable (attributes changed: route intravenous → inhalation)",
             before=INTRAVENOUS),
    Scenario("now applicable because the catalog's conditions changed", "EXO-SF-001", Movement.OPENED,
             [CauseKind.REQUIREMENT_CHANGED, CauseKind.NOW_APPLICABLE],
             "requirement changed since the previous report (fields: applicability) | now applicable "
             "(applicability conditions changed in the catalog)",
             before=in_catalog(SF001, "route: [inhalation]", "route: [intravenous]")),
    Scenario("expectation escalated at the current stage as the product moved on", "EXO-SF-002", Movement.OPENED,
             [CauseKind.EXPECTATION_ESCALATED],
             "expectation escalated at the current stage (Nonclinical → Phase 2: not expected → should)",
             before=AT_NONCLINICAL, after=AT_PHASE2),
    Scenario("status changed by sponsor opens a gap", "EXO-RM-002", Movement.OPENED, [CauseKind.STATUS_CHANGED],
             "status changed by sponsor (met → partially met)",
             after=in_profile("EXO-RM-002:\n    status: met", "EXO-RM-002:\n    status: partial")),
    Scenario("status changed by sponsor closes a gap", "EXO-SF-001", Movement.CLOSED, [CauseKind.STATUS_CHANGED],
             "status changed by sponsor (not met → met)", after=in_profile("status: not_met", "status: met")),
    Scenario("no longer applicable", "EXO-SF-001", Movement.CLOSED, [CauseKind.NO_LONGER_APPLICABLE],
             "no longer applicable (attributes changed: route inhalation → intravenous)", after=INTRAVENOUS),
    Scenario("retired by the committee", "EXO-SF-002", Movement.CLOSED, [CauseKind.RETIRED],
             "requirement retired by the committee",
             after=in_catalog(SF002, "status: draft", "status: retired\nretired_reason: Merged into EXO-SF-001.")),
    Scenario("removed from the catalog", "EXO-SF-002", Movement.CLOSED, [CauseKind.REMOVED_REQUIREMENT],
             "requirement no longer in the catalog", after=remove_sf002),
    Scenario("expectation relaxed out of scope", "EXO-SF-002", Movement.CLOSED,
             [CauseKind.REQUIREMENT_CHANGED, CauseKind.EXPECTATION_RELAXED],
             "expectation relaxed at the next stage (Phase 2: should → not expected)", after=SF002_FROM_PHASE3),
    Scenario("a still-open gap notes a catalog escalation", "EXO-SF-002", Movement.STILL_OPEN,
             [CauseKind.REQUIREMENT_CHANGED, CauseKind.EXPECTATION_ESCALATED],
             "expectation escalated at the current stage (Phase 1: not expected → should)", after=SF002_FROM_PHASE1),
    Scenario("a still-open gap with nothing changed has no cause", "EXO-RM-001", Movement.STILL_OPEN, []),
]


def analysis_of(catalog: Path, profile: Path, when: dt.datetime) -> GapAnalysis:
    loaded_catalog = load_valid_catalog(catalog)
    loaded, _ = load_profile(profile, loaded_catalog)
    return analyse(loaded_catalog, loaded, when)


def run(scenario: Scenario, tmp_path: Path) -> Comparison:
    catalog, profile = tmp_path / "catalog", tmp_path / "profile.yaml"
    shutil.copytree(FIXTURES / "catalogs" / "small", catalog)
    shutil.copy(PROFILE, profile)
    scenario.before(catalog, profile)
    old = tmp_path / "old.json"
    old.write_text(render_json(analysis_of(catalog, profile, WHEN)), encoding="utf-8")
    shutil.rmtree(catalog)
    shutil.copytree(FIXTURES / "catalogs" / "small", catalog)
    shutil.copy(PROFILE, profile)
    scenario.after(catalog, profile)
    return compare(load_report(old), analysis_of(catalog, profile, LATER), str(old))


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.name for s in SCENARIOS])
def test_each_gap_movement_names_its_cause(scenario: Scenario, tmp_path: Path) -> None:
    comparison = run(scenario, tmp_path)
    change = next(c for c in comparison.changes if c.id == scenario.requirement)
    assert change.movement is scenario.movement
    assert [c.kind for c in change.causes] == scenario.causes
    assert scenario.text in " | ".join(c.text for c in change.causes)
    assert [r for c in change.causes for r in c.releases] == scenario.releases


def test_identical_inputs_leave_every_gap_still_open_and_say_the_catalog_is_unchanged(tmp_path: Path) -> None:
    comparison = run(SCENARIOS[-1], tmp_path)
    assert (comparison.opened, comparison.closed) == ((), ())
    assert [c.id for c in comparison.still_open] == ["EXO-RM-001", "EXO-SF-001", "EXO-SF-002"]
    assert comparison.notes == ()
    assert comparison.catalog_text() == "The catalog is unchanged (version 1.0.0, identical content)."
    assert comparison.summary() == ("Since the previous report (old.json, generated 2026-01-02 from catalog 1.0.0): "
                                    "0 gap(s) opened, 0 closed, 3 still open.")


def test_changes_are_ordered_opened_closed_still_open(tmp_path: Path) -> None:
    after = both(add_requirement, in_profile("status: not_met", "status: met"))
    comparison = run(Scenario("mixed", "", Movement.OPENED, [], after=after), tmp_path)
    assert [(c.movement, c.id) for c in comparison.changes] == [
        (Movement.OPENED, "EXO-SF-003"), (Movement.CLOSED, "EXO-SF-001"),
        (Movement.STILL_OPEN, "EXO-RM-001"), (Movement.STILL_OPEN, "EXO-SF-002")]


def test_catalog_line_names_the_releases_since_the_previous_report(tmp_path: Path) -> None:
    comparison = run(Scenario("release", "", Movement.OPENED, [], after=both(add_requirement, release_1_1)), tmp_path)
    assert comparison.catalog_text() == "Catalog 1.0.0 → 1.1.0; release(s) since: 1.1.0 (2026-03-01)."


def test_a_version_change_without_release_records_is_noted(tmp_path: Path) -> None:
    after = in_catalog("taxonomy.yaml", "version: 1.0.0", "version: 1.2.0")
    comparison = run(Scenario("no records", "", Movement.OPENED, [], after=after), tmp_path)
    assert comparison.notes == ("The catalog has no release records from 1.0.0 to 1.2.0; changed fields are named "
                                "from the requirement fingerprints alone.",)


def test_a_report_of_another_product_is_noted(tmp_path: Path) -> None:
    before = in_profile("name: Fixture inhaled EV\n  code: FX-001", "name: Other EV\n  code: FX-999")
    comparison = run(Scenario("other", "", Movement.OPENED, [], before=before), tmp_path)
    assert comparison.notes == ("The previous report is for 'Other EV', this one for 'Fixture inhaled EV': check "
                                "that the right file was given.",)


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("1.0.0", "1.1.0", ["1.1.0"]),
    ("1.0.0", "1.0.0", []),
    ("0.9.0", "1.1.0", []),  # no record of the old version: nothing can be said to lie between
    ("1.0.0", "1.2.0-dev", ["1.1.0"]),  # unreleased work after the last release
])
def test_releases_between_two_catalog_versions(small_catalog: Path, old: str, new: str, expected: list[str]) -> None:
    shutil.copytree(COMPARE / "releases", small_catalog / "releases")
    catalog = load_valid_catalog(small_catalog)
    assert [r.version for r in releases_between(catalog, old, new)] == expected
