"""Hints and error lists that stay useful, and cheap, however many problems there are."""

from __future__ import annotations

import pytest

from exodossier import errors
from exodossier.errors import did_you_mean, error, format_diagnostics

IDS = ["EXO-RM-001", "EXO-RM-002", "EXO-RM-010", "EXO-ST-009", "EXO-SF-002"]


def test_an_id_suggestion_stays_in_its_category_and_near_its_number() -> None:
    assert did_you_mean("EXO-XX-999", IDS) == ""
    assert did_you_mean("EXO-ST-999", IDS) == ""
    assert did_you_mean("EXO-RM-003", IDS) == "did you mean 'EXO-RM-002'?"
    assert did_you_mean("EXO-RM-011", IDS) == "did you mean 'EXO-RM-010'?"


def test_other_words_still_get_the_closest_spelling() -> None:
    assert did_you_mean("rationnale", ["rationale", "statement"]) == "did you mean 'rationale'?"


def test_hint_searches_are_capped_per_run(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(errors, "_searches", errors.MAX_HINT_SEARCHES)
    assert did_you_mean("rationnale", ["rationale"]) == ""
    assert did_you_mean("EXO-RM-003", IDS) == "did you mean 'EXO-RM-002'?", "id hints are cheap and stay"


def test_a_long_list_of_problems_is_cut_with_a_count() -> None:
    many = [error("p.yaml", line, 3, "unknown-requirement", "unknown") for line in range(1, errors.MAX_SHOWN + 43)]
    text = format_diagnostics(many, "human")
    assert text.count("error: unknown") == errors.MAX_SHOWN
    assert text.endswith("... and 42 more problem(s) of the same kinds not shown; fix these first "
                         "(or use --format json for the full list)")
    assert format_diagnostics(many, "json").count('"unknown"') == len(many)


def test_the_hint_allowance_is_renewed_for_each_run_so_long_lived_processes_keep_their_hints() -> None:
    for _ in range(errors.MAX_HINT_SEARCHES):
        errors.did_you_mean("titel", ["title"])
    assert errors.did_you_mean("titel", ["title"]) == ""  # one run's allowance is spent
    errors.reset_hint_budget()
    assert errors.did_you_mean("titel", ["title"]) == "did you mean 'title'?"
