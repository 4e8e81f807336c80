"""The annexes: CTD Module 3 mapping, the phase-appropriate specification template, the model case,
the regulatory landscape and the changes since the previous release.

The mapping and the template are generated from the catalog, so they always match the
requirements printed in the body; the model case joins its chapter with the worked
specification of examples/specifications/. Wide tables go into landscape sections.
"""

from __future__ import annotations


from exodossier.catalog.models import Requirement
from exodossier.catalog.stages import expectation_at
from exodossier.docx.builder import Cell
from exodossier.docx.styles import NOTE
from exodossier.guideline.writer import LANDSCAPE, MODEL_CASE, GuidelineWriter
from exodossier.guideline.numbering import reference
from exodossier.guideline.prose import fallback_note, write_blocks, write_sections
from exodossier.guideline.release_record import change_label, changes_since_previous
from exodossier.guideline.requirements import level_label
from exodossier.guideline.specification import SpecCondition, SpecRow, SpecTable


# CTD sections that hold a specification: what a phase-appropriate specification template lists.
SPECIFICATION_SECTIONS = ("3.2.S.4.1", "3.2.P.5")
TEMPLATE_FRACTIONS = (2.2, 0.8, 3.6, 2.6, 3.6)
SPEC_FRACTIONS = (1.6, 1.0, 2.6, 3.2, 3.2, 1.3)


def write_annexes(w: GuidelineWriter) -> None:
    if w.full:
        w.new_section(landscape=False)
        ctd_mapping(w)
        w.new_section(landscape=True)
        specification_template(w)
        w.new_section(landscape=False)
        model_case(w)
        regulatory_landscape(w)
    changes(w)


def _requirement_cell(w: GuidelineWriter, requirement: Requirement) -> str:
    placed = w.plan.placed[requirement.id]
    return f"{requirement.id} ({reference(placed.path, w.language)}) {w.plain(requirement.title)}"


def ctd_mapping(w: GuidelineWriter) -> None:
    _ = w._
    w.annex_heading(_("CTD Module 3 mapping"))
    w.para(_("Where the evidence for each requirement is placed in the quality module of the dossier (ICH M4Q). "
             "Numbers in brackets refer to the requirement's place in this guideline."))
    placed = [p.requirement for p in w.plan.placed.values()]
    rows: list[list[Cell]] = []
    for section in w.catalog.taxonomy.ctd_sections:
        mapped = sorted((r for r in placed if section.id in r.ctd_sections), key=lambda r: r.id)
        # One row per requirement (the section named on its first): rows stay short enough to keep whole.
        rows += [[section.id if index == 0 else "", w.plain(section.title) if index == 0 else "",
                  _requirement_cell(w, r)] for index, r in enumerate(mapped)]
    w.caption("Table", _("Requirements by CTD section"))
    w.table([_("CTD section"), _("Title"), _("Requirements")], rows, (1, 2, 5))


def specification_template(w: GuidelineWriter) -> None:
    """Per stage: the attributes a specification holds, their level, what is enough, methods and example criteria."""
    _ = w._
    w.annex_heading(_("Phase-appropriate specification template"))
    w.para(_("Generated from the requirements mapped to the specification sections of the dossier ({sections}). "
             "For each development stage: the attributes expected at that stage, how firmly, what is enough, the "
             "methods that fit and examples of acceptance criteria. The criteria are examples, not regulatory "
             "limits.").format(sections=", ".join(SPECIFICATION_SECTIONS)), NOTE)
    stage_ids = [s.id for s in w.catalog.taxonomy.stages]
    members = sorted((p.requirement for p in w.plan.placed.values()
                      if any(s in p.requirement.ctd_sections for s in SPECIFICATION_SECTIONS)), key=lambda r: r.id)
    for stage in w.catalog.taxonomy.stages:
        rows: list[list[Cell]] = []
        for requirement in members:
            expectation = expectation_at(requirement, stage.id, stage_ids)
            if expectation is None:
                continue
            rows.append([_requirement_cell(w, requirement), level_label(expectation.level, _),
                         w.plain(expectation.note), [m.en for m in requirement.methods] or "—",
                         [w.plain(c) for c in requirement.acceptance_criteria] or "—"])
        w.literal_heading("", w.plain(stage.title), 2)
        if not rows:
            w.para(_("No specification attribute is expected at this stage."), NOTE)
            continue
        w.table([_("Attribute (requirement)"), _("Level"), _("What is expected at this stage"), _("Methods"),
                 _("Examples of acceptance criteria")], rows, TEMPLATE_FRACTIONS)
        w.allow_row_breaks()


def model_case(w: GuidelineWriter) -> None:
    _ = w._
    chapter = w.chapters[MODEL_CASE]
    w.annex_heading(chapter.title)
    fallback_note(w, chapter)
    if chapter.lead is not None:
        write_blocks(w, chapter.lead.blocks, (99, 99, 99))
    write_sections(w, chapter, None)
    if w.specification is not None:
        worked_specification(w)


def worked_specification(w: GuidelineWriter) -> None:
    _ = w._
    specification = w.specification
    assert specification is not None
    w.new_section(landscape=True)
    w.literal_heading("", _("Worked example: a phase-appropriate specification for the model case"), 2)
    w.para(w.plain(specification.product.name), bold=True)
    w.para(w.plain(specification.scope))
    w.para(w.plain(specification.disclaimer), NOTE)
    for table in specification.specifications:
        _spec_table(w, table)
    w.new_section(landscape=False)


def _spec_table(w: GuidelineWriter, table: SpecTable) -> None:
    _ = w._
    w.para(w.plain(table.title), bold=True)
    w.para(w.plain(table.applies_to))
    if table.conditions:
        w.table([_("Condition"), _("Storage"), _("Phase 1 time points"), _("Phase 3 time points"),
                 _("Requirements")], [_condition_cells(w, c) for c in table.conditions], (2, 3, 3, 3, 2))
        w.para()
    w.caption("Table", w.plain(table.title))
    w.table([_("Attribute"), _("Tested on"), _("Method"), _("Phase 1"), _("Phase 3"), _("Requirements")],
            [_row_cells(w, row) for row in table.rows], SPEC_FRACTIONS)
    w.allow_row_breaks()
    w.para()


def _condition_cells(w: GuidelineWriter, condition: SpecCondition) -> list[Cell]:
    return [w.plain(condition.name), w.plain(condition.condition), condition.phase1_time_points,
            condition.phase3_time_points, ", ".join(condition.requirements)]


def _row_cells(w: GuidelineWriter, row: SpecRow) -> list[Cell]:
    _ = w._
    tested = {"drug_product": _("drug product"), "drug_substance": _("drug substance"),
              "unprocessed_harvest": _("unprocessed harvest")}
    method = [w.plain(row.method)] + ([row.compendial] if row.compendial else [])
    return [w.plain(row.attribute), tested.get(row.tested_on, row.tested_on), method,
            [w.plain(row.phase1.criterion), _("Rationale: {text}").format(text=w.plain(row.phase1.rationale))],
            [w.plain(row.phase3.criterion), _("Rationale: {text}").format(text=w.plain(row.phase3.rationale))],
            ", ".join(row.requirements)]


def regulatory_landscape(w: GuidelineWriter) -> None:
    chapter = w.chapters[LANDSCAPE]
    w.annex_heading(chapter.title)
    fallback_note(w, chapter)
    if chapter.lead is not None:
        write_blocks(w, chapter.lead.blocks, (99, 99, 99))
    write_sections(w, chapter, None)


def changes(w: GuidelineWriter) -> None:
    """What changed in this release against the previous one, from the release record."""
    _ = w._
    release = changes_since_previous(w.catalog)
    if release is None:
        return
    w.annex_heading(_("Changes since the previous release"))
    w.para(_("Release {version} against release {previous}.").format(version=release.version,
                                                                     previous=release.previous))
    titles = {rid: w.plain(r.title) for rid, r in w.catalog.requirements.items()}
    rows: list[list[Cell]] = [[change_label(c.kind, _), c.id, titles.get(c.id, "—"), ", ".join(c.fields) or "—"]
                              for c in release.requirements]
    if not rows:
        w.para(_("No requirement changed."), NOTE)
        return
    w.table([_("Change"), _("ID"), _("Requirement"), _("Fields")], rows, (1, 1.2, 4, 2))
