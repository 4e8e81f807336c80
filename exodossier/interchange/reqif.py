"""The catalog as ReqIF 1.2, the exchange format of DOORS, Polarion, Jama and StrictDoc, written with the `reqif` library.

What goes over: every requirement (standard ReqIF.ForeignID, ReqIF.Name and ReqIF.Text, plus each
field as an attribute in English and Japanese), every source and clause, the typed relations
between requirements (depends_on, refines, see_also), the citations (requirement -> clause, or ->
source when no clause is named) with their review state, and superseded_by between sources. Two
specifications hold the reading order: the requirements under one heading per category, and
the sources with their clauses. Identifiers are derived from the catalog's ids, so a re-export
updates the same objects in the other tool instead of duplicating them. The same catalog and
SOURCE_DATE_EPOCH give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from typing import Callable, Sequence

from reqif.models.reqif_core_content import ReqIFCoreContent
from reqif.models.reqif_data_type import (ReqIFDataTypeDefinitionEnumeration, ReqIFDataTypeDefinitionString,
                                          ReqIFEnumValue)
from reqif.models.reqif_namespace_info import ReqIFNamespaceInfo
from reqif.models.reqif_req_if_content import ReqIFReqIFContent
from reqif.models.reqif_reqif_header import ReqIFReqIFHeader
from reqif.models.reqif_spec_hierarchy import ReqIFSpecHierarchy
from reqif.models.reqif_spec_object import ReqIFSpecObject, SpecObjectAttribute
from reqif.models.reqif_spec_object_type import ReqIFSpecObjectType, SpecAttributeDefinition
from reqif.models.reqif_spec_relation import ReqIFSpecRelation
from reqif.models.reqif_spec_relation_type import ReqIFSpecRelationType
from reqif.models.reqif_specification import ReqIFSpecification
from reqif.models.reqif_specification_type import ReqIFSpecificationType
from reqif.models.reqif_types import SpecObjectAttributeType
from reqif.object_lookup import ReqIFObjectLookup
from reqif.reqif_bundle import ReqIFBundle
from reqif.unparser import ReqIFUnparser

from exodossier.catalog.loader import Catalog
from exodossier.catalog.models import (Clause, Criticality, LocalizedText, RelationType, Requirement,
                                       RequirementStatus, Source)
from exodossier.sanitize import xml_safe
from exodossier.version import __version__

NAMESPACE = "http://www.omg.org/spec/ReqIF/20110401/reqif.xsd"
STRING, ENUMERATION = SpecObjectAttributeType.STRING, SpecObjectAttributeType.ENUMERATION
LIST_SEPARATOR = "\n"
# Object kinds, as the spec object types' long names (what the other tool shows as the type).
REQUIREMENT, SOURCE, CLAUSE, HEADING = "Requirement", "Source", "Clause", "Heading"
CITES, SUPERSEDED_BY = "cites", "superseded_by"


def xml_id(*parts: str) -> str:
    """An XML ID from catalog ids: letters, digits, '-', '_' and '.'; anything else makes a hashed, stable suffix."""
    raw = "-".join(parts)
    safe = re.sub(r"[^A-Za-z0-9_.-]", "_", raw)
    if safe != raw:
        safe += "-" + hashlib.sha256(raw.encode("utf-8")).hexdigest()[:8]
    return safe if re.match(r"[A-Za-z_]", safe) else "_" + safe


def _text(value: str) -> str:
    return xml_safe(value)


def _en(text: LocalizedText | None) -> str:
    return text.en if text is not None else ""


def _ja(text: LocalizedText | None) -> str:
    return (text.ja or "") if text is not None else ""


@dataclass(frozen=True)
class Attribute:
    """One attribute of an object type: its long name (what the other tool shows), kind, and how to read it."""

    name: str
    kind: SpecObjectAttributeType
    datatype: str
    read: Callable[..., str | list[str]]


def _lines(texts: Sequence[LocalizedText], language: str) -> str:
    return LIST_SEPARATOR.join((t.ja or "") if language == "ja" else t.en for t in texts)


REQUIREMENT_ATTRIBUTES: tuple[Attribute, ...] = (
    Attribute("ReqIF.ForeignID", STRING, "DT-STRING", lambda r: r.id),
    Attribute("ReqIF.Name", STRING, "DT-STRING", lambda r: _en(r.title)),
    Attribute("ReqIF.Text", STRING, "DT-STRING", lambda r: _en(r.statement)),
    Attribute("exodossier.title.ja", STRING, "DT-STRING", lambda r: _ja(r.title)),
    Attribute("exodossier.statement.ja", STRING, "DT-STRING", lambda r: _ja(r.statement)),
    Attribute("exodossier.rationale", STRING, "DT-STRING", lambda r: _en(r.rationale)),
    Attribute("exodossier.rationale.ja", STRING, "DT-STRING", lambda r: _ja(r.rationale)),
    Attribute("exodossier.category", STRING, "DT-STRING", lambda r: r.category),
    Attribute("exodossier.topic", STRING, "DT-STRING", lambda r: r.topic),
    Attribute("exodossier.criticality", ENUMERATION, "DT-CRITICALITY", lambda r: [f"EV-CRITICALITY-{r.criticality.value}"]),
    Attribute("exodossier.status", ENUMERATION, "DT-STATUS", lambda r: [f"EV-STATUS-{r.status.value}"]),
    Attribute("exodossier.stage_expectations", STRING, "DT-STRING", lambda r: LIST_SEPARATOR.join(
        f"{e.stage}: {e.level.value}: {e.note.en}" for e in r.stage_expectations)),
    Attribute("exodossier.applicability", STRING, "DT-STRING", lambda r: LIST_SEPARATOR.join(
        f"{name}: {', '.join(values)}" for name, values in sorted(r.applicability.items()))),
    Attribute("exodossier.acceptance_criteria", STRING, "DT-STRING", lambda r: _lines(r.acceptance_criteria, "en")),
    Attribute("exodossier.methods", STRING, "DT-STRING", lambda r: _lines(r.methods, "en")),
    Attribute("exodossier.evidence", STRING, "DT-STRING", lambda r: _lines(r.evidence, "en")),
    Attribute("exodossier.ctd_sections", STRING, "DT-STRING", lambda r: LIST_SEPARATOR.join(r.ctd_sections)),
    Attribute("exodossier.model_case_notes", STRING, "DT-STRING", lambda r: _en(r.model_case_notes)),
    Attribute("exodossier.retired_reason", STRING, "DT-STRING", lambda r: _en(r.retired_reason)),
)
SOURCE_ATTRIBUTES: tuple[Attribute, ...] = (
    Attribute("ReqIF.ForeignID", STRING, "DT-STRING", lambda s: s.id),
    Attribute("ReqIF.Name", STRING, "DT-STRING", lambda s: _en(s.title)),
    Attribute("exodossier.title.ja", STRING, "DT-STRING", lambda s: _ja(s.title)),
    Attribute("exodossier.kind", STRING, "DT-STRING", lambda s: s.kind.value),
    Attribute("exodossier.issuer", STRING, "DT-STRING", lambda s: s.issuer),
    Attribute("exodossier.document_number", STRING, "DT-STRING", lambda s: s.document_number or ""),
    Attribute("exodossier.version", STRING, "DT-STRING", lambda s: s.version),
    Attribute("exodossier.date", STRING, "DT-STRING", lambda s: s.date or ""),
    Attribute("exodossier.status", STRING, "DT-STRING", lambda s: s.status.value),
    Attribute("exodossier.url", STRING, "DT-STRING", lambda s: s.url or ""),
    Attribute("exodossier.verified", ENUMERATION, "DT-VERIFIED", lambda s: [f"EV-VERIFIED-{str(s.verified).lower()}"]),
    Attribute("exodossier.summary", STRING, "DT-STRING", lambda s: _en(s.summary)),
)
CLAUSE_ATTRIBUTES: tuple[Attribute, ...] = (
    Attribute("ReqIF.ForeignID", STRING, "DT-STRING", lambda c: c[0]),
    Attribute("ReqIF.Name", STRING, "DT-STRING", lambda c: _en(c[1].title)),
    Attribute("exodossier.title.ja", STRING, "DT-STRING", lambda c: _ja(c[1].title)),
)
HEADING_ATTRIBUTES: tuple[Attribute, ...] = (
    Attribute("ReqIF.ChapterName", STRING, "DT-STRING", lambda c: _en(c.title)),
    Attribute("exodossier.title.ja", STRING, "DT-STRING", lambda c: _ja(c.title)),
)
CITATION_ATTRIBUTES: tuple[Attribute, ...] = (
    Attribute("exodossier.reviewed_version", STRING, "DT-STRING", lambda c: c.reviewed_version or ""),
    Attribute("exodossier.reviewed_on", STRING, "DT-STRING", lambda c: c.reviewed_on or ""),
    Attribute("exodossier.note", STRING, "DT-STRING", lambda c: _en(c.note)),
)
OBJECT_TYPES: dict[str, tuple[Attribute, ...]] = {REQUIREMENT: REQUIREMENT_ATTRIBUTES, SOURCE: SOURCE_ATTRIBUTES,
                                                  CLAUSE: CLAUSE_ATTRIBUTES, HEADING: HEADING_ATTRIBUTES}
RELATION_TYPES: tuple[str, ...] = tuple(t.value for t in RelationType) + (CITES, SUPERSEDED_BY)


def _definition_id(kind: str, attribute: Attribute) -> str:
    return xml_id("AD", kind, attribute.name)


def _type_id(kind: str) -> str:
    return xml_id("SOT", kind)


def _relation_type_id(name: str) -> str:
    return xml_id("SRT", name)


def clause_key(source: Source, clause: Clause) -> str:
    """The ForeignID of a clause: `SOURCE-ID#clause`."""
    return f"{source.id}#{clause.id}"


@dataclass
class _Builder:
    """Collects the ReqIF pieces while walking the catalog once."""

    stamp: str
    objects: list[ReqIFSpecObject] = field(default_factory=list)
    relations: list[ReqIFSpecRelation] = field(default_factory=list)

    def values(self, kind: str, attributes: Sequence[Attribute], item: object) -> list[SpecObjectAttribute]:
        found = []
        for attribute in attributes:
            value = attribute.read(item)
            if value in ("", []):
                continue  # an empty attribute is left out, as ReqIF tools expect
            found.append(SpecObjectAttribute(attribute_type=attribute.kind,
                                             definition_ref=_definition_id(kind, attribute),
                                             value=value if isinstance(value, list) else _text(value)))
        return found

    def add_object(self, identifier: str, kind: str, item: object) -> ReqIFSpecObject:
        spec_object = ReqIFSpecObject(identifier=identifier, attributes=self.values(kind, OBJECT_TYPES[kind], item),
                                      spec_object_type=_type_id(kind), last_change=self.stamp)
        self.objects.append(spec_object)
        return spec_object

    def relate(self, kind: str, source: str, target: str, values: list[SpecObjectAttribute] | None = None) -> None:
        identifier = xml_id("REL", source, kind, target)
        taken = {r.identifier for r in self.relations}
        if identifier in taken:  # the same link twice (e.g. two citations of one clause): keep both
            identifier += f"-{sum(1 for r in self.relations if r.identifier.startswith(identifier))}"
        self.relations.append(ReqIFSpecRelation(identifier=identifier, relation_type_ref=_relation_type_id(kind),
                                                source=source, target=target, values=values,
                                                last_change=self.stamp))


def _hierarchy(identifier: str, level: int, stamp: str,
               children: list[ReqIFSpecHierarchy] | None = None) -> ReqIFSpecHierarchy:
    return ReqIFSpecHierarchy(identifier=xml_id("SH", identifier), spec_object=identifier, level=level,
                              children=children, last_change=stamp, is_self_closed=not children)


def _requirement_tree(catalog: Catalog, builder: _Builder, ids: dict[str, str]) -> list[ReqIFSpecHierarchy]:
    tree = []
    for category in catalog.taxonomy.categories:
        heading = xml_id("HEADING", category.id)
        builder.add_object(heading, HEADING, category)
        children = [_hierarchy(ids[r.id], 2, builder.stamp)
                    for r in sorted(catalog.requirements_in(category.id), key=lambda r: r.id)]
        tree.append(_hierarchy(heading, 1, builder.stamp, children or None))
    return tree


def _source_tree(catalog: Catalog, builder: _Builder, clause_ids: dict[str, str]) -> list[ReqIFSpecHierarchy]:
    tree = []
    for sid, source in sorted(catalog.sources.items()):
        identifier = xml_id("SRC", sid)
        builder.add_object(identifier, SOURCE, source)
        children = []
        for clause in source.clauses:
            key = clause_key(source, clause)
            if key in clause_ids:
                continue  # a duplicated clause (validate reports it) is exported once
            clause_ids[key] = xml_id("CLAUSE", sid, clause.id)
            builder.add_object(clause_ids[key], CLAUSE, (key, clause))
            children.append(_hierarchy(clause_ids[key], 2, builder.stamp))
        tree.append(_hierarchy(identifier, 1, builder.stamp, children or None))
    return tree


def _relations(catalog: Catalog, builder: _Builder, ids: dict[str, str], clause_ids: dict[str, str]) -> None:
    for rid, requirement in sorted(catalog.requirements.items()):
        for relation in requirement.related:
            if relation.id in ids:
                builder.relate(relation.type.value, ids[rid], ids[relation.id])
        for citation in requirement.citations:
            target = clause_ids.get(f"{citation.source}#{citation.clause}") if citation.clause else None
            target = target or xml_id("SRC", citation.source)
            values = builder.values(CITES, CITATION_ATTRIBUTES, citation)
            builder.relate(CITES, ids[rid], target, values or None)
    for sid, source in sorted(catalog.sources.items()):
        if source.superseded_by and source.superseded_by in catalog.sources:
            builder.relate(SUPERSEDED_BY, xml_id("SRC", sid), xml_id("SRC", source.superseded_by))


def _data_types(stamp: str) -> list[object]:
    def enumeration(identifier: str, name: str, values: Sequence[str], prefix: str) -> ReqIFDataTypeDefinitionEnumeration:
        return ReqIFDataTypeDefinitionEnumeration(
            identifier=identifier, long_name=name, last_change=stamp,
            values=[ReqIFEnumValue(identifier=f"{prefix}-{value}", key=str(index), other_content="", long_name=value,
                                   last_change=stamp)
                    for index, value in enumerate(values)])

    return [ReqIFDataTypeDefinitionString(identifier="DT-STRING", long_name="text", max_length="1000000",
                                          last_change=stamp),
            # An enumeration, not BOOLEAN: StrictDoc's importer (and some older tools) take no booleans.
            enumeration("DT-VERIFIED", "verified", ["true", "false"], "EV-VERIFIED"),
            enumeration("DT-CRITICALITY", "criticality", [c.value for c in Criticality], "EV-CRITICALITY"),
            enumeration("DT-STATUS", "requirement status", [s.value for s in RequirementStatus], "EV-STATUS")]


def _definitions(kind: str, attributes: Sequence[Attribute], stamp: str) -> list[SpecAttributeDefinition]:
    return [SpecAttributeDefinition(attribute_type=a.kind, identifier=_definition_id(kind, a), datatype_definition=a.datatype,
                                    long_name=a.name, last_change=stamp,
                                    multi_valued=False if a.kind is ENUMERATION else None) for a in attributes]


def _spec_types(stamp: str) -> list[object]:
    types: list[object] = [ReqIFSpecObjectType(identifier=_type_id(kind), long_name=kind, last_change=stamp,
                                               attribute_definitions=_definitions(kind, attributes, stamp))
                           for kind, attributes in OBJECT_TYPES.items()]
    for name in RELATION_TYPES:
        definitions = _definitions(CITES, CITATION_ATTRIBUTES, stamp) if name == CITES else None
        types.append(ReqIFSpecRelationType(identifier=_relation_type_id(name), long_name=name, last_change=stamp,
                                           attribute_definitions=definitions, is_self_closed=definitions is None))
    types.append(ReqIFSpecificationType(identifier="ST-DOCUMENT", long_name="document", last_change=stamp,
                                        is_self_closed=True))
    return types


def catalog_bundle(catalog: Catalog, when: dt.datetime) -> ReqIFBundle:
    """The whole catalog as a `reqif` bundle (objects, relations, two specifications)."""
    stamp = when.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    builder = _Builder(stamp)
    ids = {rid: xml_id("REQ", rid) for rid in catalog.requirements}
    for rid, requirement in sorted(catalog.requirements.items()):
        builder.add_object(ids[rid], REQUIREMENT, requirement)
    clause_ids: dict[str, str] = {}
    requirement_tree = _requirement_tree(catalog, builder, ids)
    source_tree = _source_tree(catalog, builder, clause_ids)
    _relations(catalog, builder, ids, clause_ids)
    specifications = [
        ReqIFSpecification(identifier="SPEC-REQUIREMENTS", long_name="Requirements", specification_type="ST-DOCUMENT",
                           children=requirement_tree, last_change=stamp),
        ReqIFSpecification(identifier="SPEC-SOURCES", long_name="Sources", specification_type="ST-DOCUMENT",
                           children=source_tree, last_change=stamp)]
    content = ReqIFReqIFContent(data_types=_data_types(stamp), spec_types=_spec_types(stamp),
                                spec_objects=builder.objects, spec_relations=builder.relations,
                                specifications=specifications)
    title = re.sub(r"[<>&]", "", _text(catalog.taxonomy.catalog.title.en))
    header = ReqIFReqIFHeader(identifier=xml_id("HEADER", catalog.version), creation_time=stamp,
                              req_if_tool_id=f"exodossier {__version__}", req_if_version="1.0",
                              source_tool_id=f"exodossier {__version__}", title=f"{title} {catalog.version}")
    return ReqIFBundle(namespace_info=ReqIFNamespaceInfo.empty(namespace=NAMESPACE, configuration=None),
                       req_if_header=header, core_content=ReqIFCoreContent(req_if_content=content),
                       tool_extensions_tag_exists=False, lookup=ReqIFObjectLookup.empty(), exceptions=[])


def catalog_reqif(catalog: Catalog, when: dt.datetime) -> str:
    """The ReqIF 1.2 XML text of the catalog; `when` (SOURCE_DATE_EPOCH) is every LAST-CHANGE and the creation time."""
    text: str = ReqIFUnparser.unparse(catalog_bundle(catalog, when))
    return _keep_line_breaks(text)


def _keep_line_breaks(text: str) -> str:
    """Line breaks inside THE-VALUE="..." as character references.

    String values live in XML attributes, and an XML parser turns a raw line break there into a
    space, so a list of acceptance criteria would come back as one line. The library escapes
    quotes, so a value never holds a raw '"' and the pattern cannot run past its end.
    """
    def encode(match: re.Match[str]) -> str:
        value = match.group(1).replace("\r", "&#13;").replace("\n", "&#10;").replace("\t", "&#9;")
        return f'THE-VALUE="{value}"'

    return re.sub(r'THE-VALUE="([^"]*)"', encode, text)


def requirement_attributes() -> tuple[str, ...]:
    """The long names of the requirement attributes, in export order (for readers and tests)."""
    return tuple(a.name for a in REQUIREMENT_ATTRIBUTES)


def requirement_values(requirement: Requirement) -> dict[str, str | list[str]]:
    """What the export writes for one requirement: attribute long name -> value (empty ones left out)."""
    found: dict[str, str | list[str]] = {}
    for attribute in REQUIREMENT_ATTRIBUTES:
        value = attribute.read(requirement)
        if value not in ("", []):
            found[attribute.name] = value if isinstance(value, list) else _text(value)
    return found
