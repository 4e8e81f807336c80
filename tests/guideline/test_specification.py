"""The model case's worked specification, read through the catalog's loader and typed."""

from __future__ import annotations

from pathlib import Path

import pytest

from exodossier.errors import UserError
from exodossier.guideline.specification import load_specification
from tests.conftest import REPO


def test_the_example_specification_loads_with_its_two_tables() -> None:
    specification = load_specification(REPO / "examples" / "specifications" / "model-case.yaml")
    assert [table.id for table in specification.specifications] == ["release", "stability"]
    assert specification.illustrative is True


def test_a_null_compendial_chapter_is_none_not_the_word() -> None:
    specification = load_specification(REPO / "examples" / "specifications" / "model-case.yaml")
    compendial = [row.compendial for table in specification.specifications for row in table.rows]
    assert None in compendial and "null" not in compendial


def test_a_specification_without_tables_is_reported_at_its_place(tmp_path: Path) -> None:
    path = tmp_path / "spec.yaml"
    path.write_text("illustrative: true\nproduct: {code: X, name: X}\nscope: s\ndisclaimer: d\nspecifications: []\n",
                    encoding="utf-8")
    with pytest.raises(UserError) as raised:
        load_specification(path)
    [problem] = raised.value.diagnostics
    assert problem.line == 5 and "specifications" in problem.message + (problem.field_path or "")
