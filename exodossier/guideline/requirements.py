"""The requirements chapters: one chapter per category, a section per topic, a numbered item per requirement.

Each requirement: its id and title as a heading (a cross-reference target), the statement
set apart, the applicability where it is conditional, the stage-expectation table and its
numbered references. The full edition adds the rationale, example acceptance criteria,
methods, evidence, the model-case note and the related requirements. Catalog text only
ever becomes runs of text: nothing in it is read as markup.
"""

from __future__ import annotations


from docx.text.paragraph import Paragraph

from exodossier.catalog.models import Criticality, ExpectationLevel, Requirement, RequirementStatus
from exodossier.docx.styles import NOTE
from exodossier.guideline.numbering import label, reference
from exodossier.guideline.plan import Placed
from exodossier.guideline.references import bookmark
from exodossier.guideline.styles import DRAFT_MARK, LABEL, REQUIREMENT_META, STATEMENT
from exodossier.guideline.writer import GuidelineWriter
from exodossier.i18n.messages import Translate
from exodossier.sanitize import xml_safe


STAGE_FRACTIONS = (1.3, 0.8, 5.4)


def level_label(level: ExpectationLevel, _: Translate) -> str:
    return {ExpectationLevel.MUST: _("must"), ExpectationLevel.SHOULD: _("should"),
            ExpectationLevel.MAY: _("may")}[level]


def criticality_label(criticality: Criticality, _: Translate) -> str:
    return {Criticality.HIGH: _("high"), Criticality.MEDIUM: _("medium"), Criticality.LOW: _("low")}[criticality]


def requirement_status_label(status: RequirementStatus, _: Translate) -> str:
    return {RequirementStatus.DRAFT: _("draft"), RequirementStatus.UNDER_REVIEW: _("under review"),
            RequirementStatus.ADOPTED: _("adopted"), RequirementStatus.RETIRED: _("retired")}[status]


def write_requirements(w: GuidelineWriter) -> None:
    _ = w._
    for category in w.plan.categories:
        w.chapter_number = category.path[0]
        w.literal_heading(label(category.path, w.language), w.plain(category.category.title), 1)
        w.para(w.plain(category.category.description))
        for topic in category.topics:
            w.literal_heading(label(topic.path, w.language), topic.title, 2)
            for placed in topic.requirements:
                write_requirement(w, placed)
    if not w.plan.categories:
        w.chapter_heading(_("Requirements"))
        w.para(_("No requirement of the catalog is adopted yet."), NOTE)


def write_requirement(w: GuidelineWriter, placed: Placed) -> None:
    _ = w._
    requirement = placed.requirement
    heading = w.literal_heading(label(placed.path, w.language),
                                f"{requirement.id} {w.plain(requirement.title)}", 3)
    w.anchor(heading, placed.anchor)
    if placed.draft:
        heading.add_run(xml_safe(" [" + _("DRAFT") + "]"))
        w.para(_("DRAFT: not adopted by the committee ({status}); included for discussion only.").format(
            status=requirement_status_label(requirement.status, _)), DRAFT_MARK)
    w.para(meta_line(w, requirement), REQUIREMENT_META)
    w.para(w.plain(requirement.statement), STATEMENT)
    applicability = applicability_text(w, requirement)
    if applicability:
        w.labelled(_("Applies only when: "), applicability)
    stage_table(w, requirement)
    if w.full:
        details(w, requirement)
    citations(w, requirement)


def meta_line(w: GuidelineWriter, requirement: Requirement) -> str:
    _ = w._
    parts = [_("Criticality: {value}").format(value=criticality_label(requirement.criticality, _)),
             _("Status: {value}").format(value=requirement_status_label(requirement.status, _))]
    if requirement.ctd_sections:
        parts.append(_("CTD: {sections}").format(sections=", ".join(requirement.ctd_sections)))
    return " · ".join(parts)


def applicability_text(w: GuidelineWriter, requirement: Requirement) -> str:
    """'Route of administration: inhalation or intravenous; ...' from the taxonomy's own titles."""
    _ = w._
    attributes = {a.id: a for a in w.catalog.taxonomy.attributes}
    parts = []
    for attribute_id, allowed in requirement.applicability.items():
        attribute = attributes.get(attribute_id)
        if attribute is None:
            parts.append(f"{attribute_id}: {', '.join(allowed)}")
            continue
        titles = {v.id: w.plain(v.title) for v in attribute.values}
        values = [titles.get(v, v) for v in allowed]
        joined = _("{items} or {last}").format(items=", ".join(values[:-1]), last=values[-1]) if len(values) > 1 \
            else values[0]
        parts.append(f"{w.plain(attribute.title)}: {joined}")
    return "; ".join(parts)


def stage_table(w: GuidelineWriter, requirement: Requirement) -> None:
    _ = w._
    stages = {s.id: w.plain(s.title) for s in w.catalog.taxonomy.stages}
    rows = [[stages.get(e.stage, e.stage), level_label(e.level, _), w.plain(e.note)]
            for e in requirement.stage_expectations]
    w.table([_("From stage"), _("Level"), _("What is expected")], rows, STAGE_FRACTIONS)


def details(w: GuidelineWriter, requirement: Requirement) -> None:
    _ = w._
    w.para(_("Rationale"), LABEL)
    w.para(w.plain(requirement.rationale))
    for title, items in ((_("Examples of acceptance criteria"), requirement.acceptance_criteria),
                         (_("Methods"), requirement.methods), (_("Evidence"), requirement.evidence)):
        if items:
            w.para(title, LABEL)
            methods = items is requirement.methods  # methods are kept in English in every edition
            w.bullets(item.en if methods else w.plain(item) for item in items)
    if requirement.model_case_notes is not None:
        w.para(_("Model case"), LABEL)
        w.para(w.plain(requirement.model_case_notes))
    related(w, requirement)


def related(w: GuidelineWriter, requirement: Requirement) -> None:
    """Related requirements as cross-references to their headings (plain ids when not in this document)."""
    _ = w._
    if not requirement.related:
        return
    paragraph = w.para()
    paragraph.add_run(xml_safe(_("Related: "))).bold = True
    labels = {"depends_on": _("depends on"), "refines": _("refines"), "see_also": _("see also")}
    for index, relation in enumerate(requirement.related):
        if index:
            paragraph.add_run("; ")
        paragraph.add_run(xml_safe(f"{labels.get(relation.type.value, relation.type.value)} {relation.id}"))
        _cross_reference(w, paragraph, relation.id)


def _cross_reference(w: GuidelineWriter, paragraph: Paragraph, requirement_id: str) -> None:
    placed = w.plan.placed.get(requirement_id)
    if placed is not None:
        paragraph.add_run(" (")
        w.link(paragraph, placed.anchor, reference(placed.path, w.language))
        paragraph.add_run(")")


def citations(w: GuidelineWriter, requirement: Requirement) -> None:
    """'References: [3] 4.06; [7] II.B', each number linked to its entry in the reference list."""
    if not requirement.citations:
        return
    _ = w._
    paragraph = w.para(style=REQUIREMENT_META)
    paragraph.add_run(xml_safe(_("References: "))).bold = True
    for index, citation in enumerate(requirement.citations):
        if index:
            paragraph.add_run("; ")
        number = w.refs.cite(citation.source)
        w.link(paragraph, bookmark(number), f"[{number}]")
        if citation.clause:
            paragraph.add_run(xml_safe(" " + _("clause {clause}").format(clause=citation.clause)))
