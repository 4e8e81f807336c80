"""The benchmark's synthetic catalogs stay valid and reproducible, so `make bench` cannot rot."""

from __future__ import annotations

from pathlib import Path

from benchmarks.synthetic import generate_catalog, generate_profile
from exodossier.catalog.checks import load_valid_catalog, validate_catalog
from exodossier.errors import has_errors
from exodossier.graph.build import build_graph
from exodossier.graph.queries import depends_on_cycles
from exodossier.gap.profile import load_profile


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_same_seed_gives_byte_identical_catalogs(tmp_path: Path) -> None:
    generate_catalog(tmp_path / "a", 100, seed=1)
    generate_catalog(tmp_path / "b", 100, seed=1)
    assert _tree(tmp_path / "a") == _tree(tmp_path / "b")


def test_another_seed_gives_another_catalog(tmp_path: Path) -> None:
    generate_catalog(tmp_path / "a", 100, seed=1)
    generate_catalog(tmp_path / "b", 100, seed=2)
    assert _tree(tmp_path / "a") != _tree(tmp_path / "b")


def test_hundred_requirement_catalog_validates_without_errors(tmp_path: Path) -> None:
    generated = generate_catalog(tmp_path / "catalog", 100)
    result = validate_catalog(generated.root)
    assert not has_errors(result.diagnostics), [str(d) for d in result.diagnostics if d.severity.value == "error"]
    assert result.catalog is not None
    assert len(result.catalog.requirements) == 100
    assert len(result.catalog.sources) == 10


def test_shape_matches_the_issue(tmp_path: Path) -> None:
    catalog = load_valid_catalog(generate_catalog(tmp_path / "catalog", 100).root)
    requirements = list(catalog.requirements.values())
    citations = sum(len(r.citations) for r in requirements) / len(requirements)
    related = sum(len(r.related) for r in requirements) / len(requirements)
    assert 2.5 <= citations <= 3.5
    assert 1.5 <= related <= 2.5
    assert any(r.title.ja for r in requirements) and any(not r.title.ja for r in requirements)
    assert {r.category for r in requirements} == {c.id for c in catalog.taxonomy.categories}
    assert not [c for c in depends_on_cycles(build_graph(catalog)) if len(c) > 1]


def test_large_sizes_get_extension_categories_within_three_digit_ids(tmp_path: Path) -> None:
    from benchmarks.synthetic import taxonomy_for

    _, categories = taxonomy_for(10_000)
    assert len(categories) * 999 >= 10_000
    assert len({c["id"] for c in categories}) == len(categories)
    assert len({c["slug"] for c in categories}) == len(categories)


def test_profile_assesses_most_applicable_requirements_and_loads_cleanly(tmp_path: Path) -> None:
    root = generate_catalog(tmp_path / "catalog", 100).root
    assessed = generate_profile(tmp_path / "profile.yaml", root)
    catalog = load_valid_catalog(root)
    loaded, warnings = load_profile(tmp_path / "profile.yaml", catalog)
    assert len(loaded.profile.assessments) == assessed
    assert not warnings
    live = [r for r in catalog.requirements.values() if r.status.value != "retired"]
    assert 0.4 * len(live) <= assessed <= 0.8 * len(live) + 1
