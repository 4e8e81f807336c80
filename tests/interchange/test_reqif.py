"""ReqIF export: what the `reqif` library reads back is the catalog (requirements, attributes, relations), schema-valid and reproducible."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
import xmlschema
from click.testing import CliRunner
from reqif.parser import ReqIFParser
from reqif.reqif_bundle import ReqIFBundle

import reqif as reqif_package
from exodossier.catalog.checks import load_valid_catalog
from exodossier.catalog.loader import Catalog
from exodossier.cli.main import main
from exodossier.interchange.reqif import CITES, SUPERSEDED_BY, catalog_reqif, requirement_values, xml_id
from tests.conftest import FIXTURES, SMALL_CATALOG

WHEN = dt.datetime(2026, 12, 6, tzinfo=dt.timezone.utc)
SCHEMA = Path(reqif_package.__file__).parent / "reqif_schema" / "reqif.xsd"


def export(catalog: Catalog) -> ReqIFBundle:
    return ReqIFParser.parse_from_string(catalog_reqif(catalog, WHEN))


def attributes_by_name(bundle: ReqIFBundle, identifier: str) -> dict[str, object]:
    """A spec object's values keyed by the attribute definitions' long names, as another tool shows them."""
    content = bundle.core_content.req_if_content
    names = {d.identifier: d.long_name for t in content.spec_types
             for d in (getattr(t, "attribute_definitions", None) or [])}
    spec_object = next(o for o in content.spec_objects if o.identifier == identifier)
    return {names[a.definition_ref]: a.value for a in spec_object.attributes}


def relations(bundle: ReqIFBundle) -> set[tuple[str, str, str]]:
    content = bundle.core_content.req_if_content
    kinds = {t.identifier: t.long_name for t in content.spec_types}
    return {(kinds[r.relation_type_ref], r.source, r.target) for r in content.spec_relations}


def expected_relations(catalog: Catalog) -> set[tuple[str, str, str]]:
    found = set()
    for rid, requirement in catalog.requirements.items():
        found |= {(r.type.value, xml_id("REQ", rid), xml_id("REQ", r.id)) for r in requirement.related}
        found |= {(CITES, xml_id("REQ", rid), xml_id("CLAUSE", c.source, c.clause) if c.clause else xml_id("SRC", c.source))
                  for c in requirement.citations}
    found |= {(SUPERSEDED_BY, xml_id("SRC", sid), xml_id("SRC", s.superseded_by))
              for sid, s in catalog.sources.items() if s.superseded_by}
    return found


@pytest.fixture(scope="module", params=["small", "hostile"])
def catalog(request: pytest.FixtureRequest) -> Catalog:
    return load_valid_catalog(FIXTURES / "catalogs" / request.param)


def test_every_requirement_reads_back_with_every_attribute(catalog: Catalog) -> None:
    bundle = export(catalog)
    for rid, requirement in catalog.requirements.items():
        assert attributes_by_name(bundle, xml_id("REQ", rid)) == requirement_values(requirement)


def test_the_standard_attributes_carry_id_title_and_statement(catalog: Catalog) -> None:
    bundle = export(catalog)
    for rid, requirement in catalog.requirements.items():
        values = attributes_by_name(bundle, xml_id("REQ", rid))
        assert values["ReqIF.ForeignID"] == rid
        assert values["ReqIF.Name"] == requirement.title.en
        assert values["ReqIF.Text"] == requirement.statement.en
        assert values["exodossier.status"] == [f"EV-STATUS-{requirement.status.value}"]


def test_typed_relations_and_citations_read_back(catalog: Catalog) -> None:
    assert relations(export(catalog)) == expected_relations(catalog)


def test_sources_and_their_clauses_are_objects_in_the_sources_specification(catalog: Catalog) -> None:
    bundle = export(catalog)
    specification = next(s for s in bundle.core_content.req_if_content.specifications if s.long_name == "Sources")
    tree = {node.spec_object: [child.spec_object for child in node.children or []] for node in specification.children}
    for sid, source in catalog.sources.items():
        assert tree[xml_id("SRC", sid)] == [xml_id("CLAUSE", sid, c.id) for c in source.clauses]
        assert attributes_by_name(bundle, xml_id("SRC", sid))["ReqIF.Name"] == source.title.en


def test_requirements_sit_under_one_heading_per_category(catalog: Catalog) -> None:
    bundle = export(catalog)
    specification = next(s for s in bundle.core_content.req_if_content.specifications if s.long_name == "Requirements")
    placed = {child.spec_object for node in specification.children for child in node.children or []}
    assert placed == {xml_id("REQ", rid) for rid in catalog.requirements}
    assert len(specification.children) == len(catalog.taxonomy.categories)


def test_the_export_is_valid_against_the_reqif_schema(catalog: Catalog, tmp_path: Path) -> None:
    path = tmp_path / "catalog.reqif"
    path.write_text(catalog_reqif(catalog, WHEN), encoding="utf-8")
    xmlschema.XMLSchema(str(SCHEMA)).validate(str(path))


def test_hostile_text_stays_text() -> None:
    catalog = load_valid_catalog(FIXTURES / "catalogs" / "hostile")
    text = catalog_reqif(catalog, WHEN)
    assert "<script>" not in text  # escaped in the XML ...
    values = attributes_by_name(ReqIFParser.parse_from_string(text), xml_id("REQ", "EXO-RM-001"))
    assert "<script>window.__pwned = 1</script>" in str(values["ReqIF.Name"])  # ... and intact when read


def test_identifiers_are_xml_ids_and_stable() -> None:
    assert xml_id("REQ", "EXO-RM-001") == "REQ-EXO-RM-001"
    odd = xml_id("CLAUSE", "JP-NOTICE", "第3 (2)")
    assert odd == xml_id("CLAUSE", "JP-NOTICE", "第3 (2)") and odd.startswith("CLAUSE-JP-NOTICE-_3__2_-")
    assert xml_id("CLAUSE", "JP-NOTICE", "第3 (2)") != xml_id("CLAUSE", "JP-NOTICE", "第3 (3)")


def test_the_command_writes_the_same_bytes_twice(runner: CliRunner, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    for name in ("a.reqif", "b.reqif"):
        result = runner.invoke(main, ["export", "reqif", "--catalog", str(SMALL_CATALOG), "-o", str(tmp_path / name)],
                               catch_exceptions=False)
        assert result.exit_code == 0, result.output
    assert (tmp_path / "a.reqif").read_bytes() == (tmp_path / "b.reqif").read_bytes()
    assert "2026-01-01T00:00:00Z" in (tmp_path / "a.reqif").read_text(encoding="utf-8")


def test_nothing_is_written_from_a_catalog_with_errors(runner: CliRunner, small_catalog: Path, tmp_path: Path) -> None:
    path = small_catalog / "requirements" / "safety" / "EXO-SF-002.yaml"
    path.write_text(path.read_text().replace("criticality: low", "criticality: lowest"))
    result = runner.invoke(main, ["export", "reqif", "--catalog", str(small_catalog), "-o", str(tmp_path / "x.reqif")])
    assert result.exit_code == 1
    assert "invalid value 'lowest' for 'criticality'" in result.output
    assert not (tmp_path / "x.reqif").exists()


def test_a_requirement_without_optional_fields_leaves_them_out(tmp_path: Path) -> None:
    shutil.copytree(SMALL_CATALOG, tmp_path / "catalog")
    catalog = load_valid_catalog(tmp_path / "catalog")
    requirement = next(r for r in catalog.requirements.values() if r.model_case_notes is None)
    assert "exodossier.model_case_notes" not in attributes_by_name(export(catalog), xml_id("REQ", requirement.id))
