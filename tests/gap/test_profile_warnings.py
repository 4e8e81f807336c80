"""Warnings a reviewer would raise before the report leaves the sponsor."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from exodossier.catalog.checks import load_valid_catalog
from exodossier.gap.analysis import analyse
from exodossier.gap.profile import load_profile
from tests.conftest import FIXTURES, SMALL_CATALOG

FIXTURE = FIXTURES / "profiles" / "small-inhaled.yaml"


def warnings_for(tmp_path: Path, text: str, today: dt.date) -> set[tuple[str, str]]:
    catalog = load_valid_catalog(SMALL_CATALOG)
    path = tmp_path / "profile.yaml"
    path.write_text(text, encoding="utf-8")
    loaded, _ = load_profile(path, catalog)
    when = dt.datetime.combine(today, dt.time(), tzinfo=dt.timezone.utc)
    return {(w.code, w.requirement_id) for w in analyse(catalog, loaded, when).warnings}


def test_met_without_evidence_placeholders_and_past_due_dates_are_warned(tmp_path: Path) -> None:
    text = FIXTURE.read_text(encoding="utf-8")
    text = text.replace("    evidence:\n      - Certificates of origin\n", "    comment: TODO attach the certificates\n")
    found = warnings_for(tmp_path, text, dt.date(2027, 4, 1))
    assert found == {("met-without-evidence", "EXO-RM-002"), ("placeholder-text", "EXO-RM-002"),
                     ("past-due-date", "EXO-RM-001")}  # RM-001 was due 2027-03-31 and is still open


def test_a_p1_action_without_an_owner_is_warned(tmp_path: Path) -> None:
    text = FIXTURE.read_text(encoding="utf-8").replace(
        "  EXO-RM-002:\n    status: met", "  EXO-RM-002:\n    status: not_met")
    assert ("p1-without-owner", "EXO-RM-002") in warnings_for(tmp_path, text, dt.date(2026, 12, 6))


def test_the_fixture_as_written_has_no_warning(tmp_path: Path) -> None:
    assert warnings_for(tmp_path, FIXTURE.read_text(encoding="utf-8"), dt.date(2026, 12, 6)) == set()
