"""The gap analysis as a Word document: the submission a regulatory-affairs lead sends to PMDA, or the full audit.

Two variants of one `GapAnalysis`:

- `submission` (the default) is built around the sponsor's own positions and fits a
  first-CTN consultation package (25-35 pages plus annexes): a narrative summary, open gaps
  only, the CTD mapping, the roadmap and action plan, the consultation questions in
  briefing-document form, the justifications, abbreviations, the sources cited, and the
  compact register as an annex. No tool branding, no catalog curation state.
- `internal` is the full audit: methodology, every row, the applicability trace, the profile
  snapshot, digests, verification state and the profile warnings.

What goes where, in reading order; how it is built lives in `exodossier.docx`. Every fixed
string is a message of the "gap" gettext domain, so the document can be written in Japanese.
"""

from __future__ import annotations

import re
from enum import Enum
from pathlib import Path
from typing import Callable, Sequence

from docx.section import Section
from docx.shared import Pt
from docx.table import Table

from exodossier.catalog.models import RequirementStatus, Source, StageExpectation
from exodossier.docx.builder import Cell, DocBuilder
from exodossier.docx.chart import Bar, add_bar_chart
from exodossier.docx.styles import (CJK_FONT, COVER_SUBTITLE, COVER_TITLE, FONT, METHOD, NOTE, QUESTION, SNAPSHOT,
                                    UNNUMBERED)
from exodossier.docx.xml import add_tab, append_break, append_run
from exodossier.gap.analysis import CategoryResult, GapAnalysis, GapRow
from exodossier.gap.applicability import LevelChange, applicability_rules
from exodossier.gap.compare import Comparison, GapChange, Movement
from exodossier.gap.profile import AssessmentStatus
from exodossier.gap.scoring import Priority, Rag, Score, methodology_text, rag_rules
from exodossier.gap.wording import (sponsor_text, criticality_label, gettext, level_label, localized, percent, plain, rag_label,
                                    short_status, step_title)
from exodossier.i18n.messages import long_date
from exodossier.sanitize import xml_safe
from exodossier.version import __version__

RAG_FILLS = {Rag.RED: "F4B6B6", Rag.AMBER: "FCE4A8", Rag.GREEN: "C6E7C4", Rag.NONE: "E7E6E6"}
RAG_BARS = {Rag.RED: "C0504D", Rag.AMBER: "E6A23C", Rag.GREEN: "4E9A55", Rag.NONE: "BFBFBF"}
STATUS_FILLS = {
    AssessmentStatus.MET: "C6E7C4",
    AssessmentStatus.PARTIAL: "FCE4A8",
    AssessmentStatus.PLANNED: "FCE4A8",
    AssessmentStatus.NOT_MET: "F4B6B6",
    AssessmentStatus.NOT_ASSESSED: "F4B6B6",
    AssessmentStatus.NOT_APPLICABLE: "E7E6E6",
}
MOVEMENT_FILLS = {Movement.OPENED: "F4B6B6", Movement.CLOSED: "C6E7C4", Movement.STILL_OPEN: "FCE4A8"}
JP_NOTIFICATION = re.compile(r"[\u4e00-\u9fff]+発?(?:[0-9]{4})?第[0-9]+号")
EN_DATE = re.compile(r"\b(\d{1,2}) (January|February|March|April|May|June|July|August|September|October|November|"
                     r"December) (\d{4})\b")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")


class Variant(str, Enum):
    SUBMISSION = "submission"
    INTERNAL = "internal"


def _dash(value: str | None) -> str:
    return value if value else "—"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


class ReportWriter(DocBuilder):
    """Writes one `GapAnalysis` into a new document, section by section, in reading order."""

    def __init__(self, analysis: GapAnalysis, comparison: Comparison | None = None,
                 variant: Variant = Variant.SUBMISSION) -> None:
        self.language = analysis.language
        self._ = gettext(self.language)
        _ = self._
        super().__init__(labels={"Table": _("Table"), "Figure": _("Figure"), "Appendix": _("Annex")})
        self.a = analysis
        self.comparison = comparison
        self.variant = variant
        self.internal = variant is Variant.INTERNAL

    # ----------------------------------------------------------------- document

    def build(self) -> bytes:
        for step in self.plan():
            step()
        self.core_properties()
        return self.save(self.a.generated)

    def plan(self) -> list[Callable[[], None]]:
        """The sections of each variant, in reading order (the tests read the headings back)."""
        if not self.internal:
            return [self.cover, self.document_control, self.contents, self.executive_summary, self.product_and_process,
                    self.open_gaps, self.ctd_mapping, self.roadmap, self.action_plan_by_owner,
                    self.consultation_questions, self.not_applicable_section, self.abbreviations, self.references,
                    self.changes_since_previous, self.register_annex]
        return [self.cover, self.document_control, self.contents, self.executive_summary, self.product_and_process,
                self.methodology, self.readiness_overview, self.category_gaps, self.ctd_mapping, self.roadmap,
                self.action_plan, self.consultation_questions, self.warnings_section, self.not_applicable_section,
                self.abbreviations, self.references, self.changes_since_previous, self.register_annex,
                self.trace_appendix, self.snapshot_appendix, self.disclaimer_appendix]

    @property
    def document_id(self) -> str:
        info = self.a.loaded.profile.document
        if info.document_id:
            return info.document_id
        return f"{self.a.product.code or 'EV'}-GAP-{self.a.loaded.sha256[:8].upper()}"

    @property
    def product_name(self) -> str:
        return plain(self.a.product.name, self.language)

    @property
    def product_label(self) -> str:
        product = self.a.product
        if not product.code or product.code in self.product_name:
            return self.product_name
        return f"{self.product_name} ({product.code})"

    @property
    def title(self) -> str:
        return self._("Quality gap analysis")

    def date(self) -> str:
        return long_date(self.a.generated.date(), self.language)

    def stage(self, following: bool = False) -> str:
        stage = self.a.following if following else self.a.current
        return plain(stage.title, self.language) if stage else "—"

    def new_section(self, landscape: bool) -> None:
        self.header_footer(self.start_section(landscape))

    def header_footer(self, section: Section) -> None:
        _ = self._
        header = [(f"{self.a.product.code or self.product_name}: {self.title}", False), (self.document_id, False),
                  (self.a.loaded.profile.document.confidentiality, True)]
        if self.internal:
            text = _("Internal audit · catalog {catalog} · exodossier {version}").format(
                catalog=self.a.catalog.version, version=__version__)
        else:
            text = _("Version {version} · {date}").format(version=self.a.loaded.profile.document.version,
                                                          date=self.date())
        self.running_lines(section, header, text, _("Page {page} of {pages}"))

    # ----------------------------------------------------------------- front matter

    def cover(self) -> None:
        _ = self._
        section = self.doc.sections[0]
        section.different_first_page_header_footer = True
        self.header_footer(section)
        a, product = self.a, self.a.product
        for _blank in range(3):
            self.para()
        self.para(self.title if not self.internal else _("Quality gap analysis: internal audit"), COVER_TITLE)
        self.para(self.product_name, COVER_SUBTITLE)
        if self.language == "en" and product.name.ja:
            self.para(product.name.ja, COVER_SUBTITLE)
        self.para(_("Prepared for: {milestone}").format(milestone=a.milestone_title))
        self.para()
        target = (_(" (target {date})").format(date=product.target_date) if product.target_date else "")
        self.key_values([
            (_("Product"), self.product_label),
            (_("Sponsor"), product.sponsor),
            (_("Indication"), sponsor_text(product.indication, self.language)),
            (_("Target milestone"), _capital(a.milestone_title) + target),
            (_("Development stage"), _("{current}; next: {following}").format(current=self.stage(),
                                                                              following=self.stage(True))),
            (_("Document"), _("{id}, version {version}").format(id=self.document_id,
                                                               version=a.loaded.profile.document.version)),
            (_("Date"), self.date()),
            (_("Confidentiality"), a.loaded.profile.document.confidentiality),
        ])
        self.page_break()

    def key_values(self, pairs: Sequence[tuple[str, Cell]], fractions: Sequence[float] = (1, 2.6)) -> Table:
        return self.table([self._("Item"), self._("Details")], pairs, fractions)

    def document_control(self) -> None:
        _ = self._
        a = self.a
        info = a.loaded.profile.document
        catalog = a.catalog.taxonomy.catalog
        self.unnumbered_heading(_("Document control"), UNNUMBERED)
        self.caption("Table", _("Document identification"))
        rows: list[tuple[str, Cell]] = [
            (_("Document ID"), self.document_id),
            (_("Version"), info.version),
            (_("Title"), f"{self.title}: {self.product_label}"),
            (_("Date"), self.date()),
            (_("Requirements assessed against"), _("{title}, version {version}").format(
                title=plain(catalog.title, self.language), version=catalog.version)
             + (f" ({catalog.date})" if catalog.date else "")),
            (_("Confidentiality"), info.confidentiality),
        ]
        if self.internal:
            rows += [
                (_("Generated"), _("{date} (UTC), by exodossier {version}").format(
                    date=a.generated.date().isoformat(), version=__version__)),
                (_("Catalog content SHA-256"), a.catalog.content_sha256),
                (_("Product profile"), Path(a.loaded.file).name),
                (_("Profile SHA-256"), a.loaded.sha256),
                *self.previous_report_rows(),
            ]
        self.key_values(rows)
        self.caption("Table", _("Review and approval"))
        self.table([_("Role"), _("Name"), _("Signature"), _("Date")],
                   [[_("Prepared by"), _dash(info.prepared_by), "", ""],
                    [_("Reviewed by"), _dash(info.reviewed_by), "", ""],
                    [_("Approved by"), _dash(info.approved_by), "", ""]], (1.2, 2, 2, 1.2))
        self.caption("Table", _("Revision history"))
        revisions = [[r.version, r.date, sponsor_text(r.description, self.language)] for r in info.revisions]
        if not revisions:
            revisions = [[info.version, a.generated.date().isoformat(), _("First issue")]]
        self.table([_("Version"), _("Date"), _("Description of change")], revisions, (1, 1.3, 5))

    def contents(self) -> None:
        self.page_break()
        self.table_of_contents(self._("Contents"))

    # ----------------------------------------------------------------- body

    def readiness_sentence(self) -> str:
        _ = self._
        a = self.a
        now = a.overall_now
        p1 = [r for r in a.actions if r.priority is Priority.P1]
        text = _("Of {total} catalog requirements, {applicable} apply to the product and {scope} are expected at "
                 "{current} or {following}. {met} are met today; {open} gaps remain open, of which {p1} would "
                 "block the {milestone} if not closed (priority P1).").format(
            total=len(a.register), applicable=sum(1 for r in a.register if r.decision.applies), scope=len(a.rows),
            current=self.stage(), following=self.stage(True),
            met=now.status_counts.get(AssessmentStatus.MET.value, 0), open=len(a.actions), p1=len(p1),
            milestone=a.milestone_title)
        if now.readiness is not None:
            text += " " + _("Weighted readiness at {stage} is {percent} ({rag}).").format(
                stage=self.stage(), percent=percent(now.readiness, self.language), rag=rag_label(now.rag,
                                                                                               self.language))
        return text

    def executive_summary(self) -> None:
        _ = self._
        a = self.a
        self.page_break()
        self.heading(_("Executive summary"))
        if a.product.summary is not None:
            self.para(sponsor_text(a.product.summary, self.language))
        else:
            self.para(_("[Placeholder: the sponsor's summary of the product and its development status goes here "
                        "(profile field product.summary).]"), NOTE)
        self.para(self.readiness_sentence())
        if self.comparison is not None:
            self.para(self.comparison.summary())
        top = a.top_gaps(5)
        if top:
            self.para(_("Key open gaps:"), bold=True).paragraph_format.keep_with_next = True
            self.bullets([f"{r.display_title} ({r.id}, {r.priority.value if r.priority else ''}): {r.action}"
                          for r in top])
        questions = len(a.questions)
        self.para(_("Section {section} sets out {count} question(s) on which the sponsor seeks PMDA's view.").format(
            section=self.question_section_number(), count=questions) if questions else
            _("No consultation question has been drafted yet (see the placeholder in the questions section)."))

    def question_section_number(self) -> str:
        return "7" if not self.internal else "9"

    def product_and_process(self) -> None:
        _ = self._
        a, product = self.a, self.a.product
        language = self.language
        self.heading(_("Product and process"))
        self.heading(_("Product"), 2)
        self.caption("Table", _("Product profile"))
        self.key_values([
            (_("Product name"), self.product_label),
            (_("Sponsor"), product.sponsor),
            (_("Indication"), sponsor_text(product.indication, language)),
            (_("Modality"), sponsor_text(product.modality, language)),
            (_("Description"), sponsor_text(product.description, language)),
            (_("Target milestone"), _capital(a.milestone_title)
             + (_(" (target {date})").format(date=product.target_date) if product.target_date else "")),
            (_("Current stage"), self.stage()),
            (_("Next stage"), self.stage(True)),
            (_("Product attributes"), self.attribute_lines()),
        ])
        self.heading(_("Manufacturing process"), 2)
        if product.manufacturing_steps:
            self.caption("Table", _("Manufacturing process summary"))
            self.table(["#", _("Step"), _("Description")],
                       [[str(i), (sponsor_text(s.title, language) if s.title else step_title(s.step, language)),
                         sponsor_text(s.description, language)]
                        for i, s in enumerate(product.manufacturing_steps, 1)], (0.4, 1.8, 5.8))
        else:
            self.para(_("The profile does not summarise the manufacturing process."))
        self.heading(_("Regulatory classification"), 2)
        self.bullets(self.classification() + [sponsor_text(t, language) for t in product.classification_assumptions])

    def attribute_lines(self) -> list[str]:
        stated = self.a.product.attributes
        lines = []
        for attribute in self.a.catalog.taxonomy.attributes:
            if attribute.id not in stated:
                continue
            titles = {v.id: plain(v.title, self.language) for v in attribute.values}
            value = titles.get(stated[attribute.id], stated[attribute.id])
            lines.append(f"{plain(attribute.title, self.language)}: {value}")
        return lines or ["—"]

    def classification(self) -> list[str]:
        _ = self._
        return [
            _("The product consists of extracellular vesicles separated from the culture supernatant of human cells "
              "and contains no living cells. It is therefore handled as a drug (a biological product) under the "
              "Pharmaceuticals and Medical Devices Act, and not as a regenerative medical product (再生医療等製品)."),
            _("Clinical development proceeds through clinical trial notifications (治験届) and a marketing "
              "application reviewed by PMDA, outside the Act on the Safety of Regenerative Medicine "
              "(再生医療等安全性確保法)."),
            _("Materials of human or animal origin used in manufacture are subject to the Standards for Biological "
              "Ingredients (生物由来原料基準); the product is treated as a biological product (生物由来製品)."),
            _("The sponsor asks PMDA to confirm this classification; if it changed, the applicable requirements "
              "would change with it."),
        ]

    # ----------------------------------------------------------------- gaps

    def chart(self) -> None:
        _ = self._
        a = self.a
        categories = [c for c in a.categories if c.rows]
        bars = [Bar(plain(c.category.title, self.language), c.now.readiness, RAG_BARS[c.now.rag]) for c in categories]
        paragraph = self.para()
        paragraph.paragraph_format.keep_with_next = True
        paragraph.paragraph_format.line_spacing = 1.0
        add_bar_chart(self.doc, paragraph, bars, series_name=self.stage(),
                      axis_title=_("Readiness at {stage} (%)").format(stage=self.stage()),
                      width_mm=min(150.0, self.geometry.text_width / 56.7), height_mm=12 + 6.5 * len(bars),
                      description=_("Readiness by category at {stage}").format(stage=self.stage()),
                      latin_font=FONT, east_asian_font=CJK_FONT)
        self.caption("Figure", _("Readiness by category at {stage} (bar colour: red, amber or green status)").format(
            stage=self.stage()))

    def open_gaps(self) -> None:
        _ = self._
        a = self.a
        self.new_section(landscape=True)
        self.heading(_("Open gaps by category"))
        self.para(_("The open gaps at {current} and {following}, by category and in priority order, with the "
                    "sponsor's position and planned action. Requirements already met are listed in Annex A. P1 "
                    "marks a gap that would block the {milestone}; the priority rules are in the note below the "
                    "chart.").format(current=self.stage(), following=self.stage(True), milestone=a.milestone_title))
        self.chart()
        self.para(" ".join(rag_rules(self.language)[r] for r in (Rag.RED, Rag.AMBER, Rag.GREEN)), NOTE)
        self.para(_("Priorities: P1 blocks the target milestone (a high-criticality requirement expected at 'must' "
                    "level now, with nothing in place or with work not dated to finish by the target date); P2 is "
                    "any other gap at 'must' level now or at the next stage, or at 'should' level on a "
                    "high-criticality requirement; P3 is the rest."), NOTE)
        for result in a.categories:
            self.open_gap_table(result)

    def open_gap_table(self, result: CategoryResult) -> None:
        _ = self._
        rows = sorted((r for r in result.rows if r.priority is not None),
                      key=lambda r: (r.priority.value if r.priority else "P9", r.id))
        if not rows:
            return
        self.heading(plain(result.category.title, self.language), 2)
        met = sum(1 for r in result.rows if r.status is AssessmentStatus.MET)
        intro = self.para(_("{open} open gap(s); {met} of {total} requirements in scope met.").format(
            open=len(rows), met=met, total=len(result.rows)))
        intro.paragraph_format.keep_with_next = True
        self.caption("Table", _("Open gaps: {category}").format(category=plain(result.category.title,
                                                                              self.language)))
        self.table(self.open_gap_headers(), [self.open_gap_cells(r) for r in rows], OPEN_GAP_FRACTIONS,
                   fill=lambda r, c: STATUS_FILLS[rows[r].status] if c == 3 else None)

    def open_gap_headers(self) -> list[str]:
        _ = self._
        return [_("Prio."), _("ID"), _("Requirement"), _("Status (level now / next)"),
                _("Gap and sponsor's position"), _("Planned action"), _("Owner, due")]

    def open_gap_cells(self, row: GapRow) -> list[Cell]:
        _ = self._
        asked = [n for n, q in enumerate(self.a.questions, 1) if q.row.id == row.id]
        if asked:  # the position is set out in full with its question; not twice
            position = [_("Position: see question {number} in section {section}.").format(
                number=asked[0], section=self.question_section_number())]
        else:
            position = [_("Position: {text}").format(text=row.position)] if row.position else []
        gap = [row.gap] + position
        return [row.priority.value if row.priority else "", row.id, row.display_title,
                [short_status(row.status, self.language), self.levels(row)], gap, row.action,
                [_dash(row.owner), _dash(row.due)]]

    def levels(self, row: GapRow) -> str:
        return f"{self.level(row.now)} / {self.level(row.following)}"

    def level(self, expectation: StageExpectation | None) -> str:
        return level_label(expectation.level if expectation else None, self.language)

    def category_gaps(self) -> None:
        _ = self._
        self.heading(_("Gap analysis by category"))
        self.para(_("One table per category lists every applicable requirement expected at the current or the next "
                    "stage, with the sponsor's status and evidence, the remaining gap and the recommended action."))
        for result in self.a.categories:
            self.category_table(result)
        self.new_section(landscape=False)

    def category_table(self, result: CategoryResult) -> None:
        _ = self._
        title = plain(result.category.title, self.language)
        self.heading(title, 2)
        if not result.rows:
            self.para(_("No requirement of this category applies at the current or the next stage."))
            return
        intro = self.para(_("Readiness at {stage}: {percent} ({rag}).").format(
            stage=self.stage(), percent=result.now.percent(), rag=rag_label(result.now.rag, self.language)))
        intro.paragraph_format.keep_with_next = True
        self.caption("Table", _("Gap analysis: {category}").format(category=title))
        rows = list(result.rows)
        self.table(self.gap_headers(), [self.gap_cells(r) for r in rows], GAP_FRACTIONS,
                   fill=lambda r, c: STATUS_FILLS[rows[r].status] if c == 3 else None)

    def gap_headers(self) -> list[str]:
        _ = self._
        return [_("ID"), _("Requirement"), _("Level now / next"), _("Status"), _("Evidence"), _("Gap"),
                _("Recommended action"), _("Crit."), _("CTD"), _("Sources")]

    @staticmethod
    def gap_cells(row: GapRow) -> list[Cell]:
        return gap_cells(row)

    def methodology(self) -> None:
        _ = self._
        self.heading(_("Methodology"))
        self.heading(_("Applicability"), 2)
        for rule in applicability_rules(self.language):
            self.para(rule, METHOD)
        self.heading(_("Readiness scoring, RAG status and priorities"), 2)
        for line in methodology_text(self.language):
            self.para(line, METHOD)
        self.heading(_("Consultation questions"), 2)
        self.para(_("A question is drafted only where the sponsor wrote a position; at most eight, in action-plan "
                    "priority. Each gives the background, the sponsor's position with its data references, and the "
                    "question; it cites official guidance (ICH, MHLW/PMDA, pharmacopoeia), never the requirement "
                    "catalog as the authority."), METHOD)

    def readiness_overview(self) -> None:
        _ = self._
        a = self.a
        self.heading(_("Readiness overview"))
        self.chart()
        statuses = [AssessmentStatus.MET, AssessmentStatus.PARTIAL, AssessmentStatus.PLANNED, AssessmentStatus.NOT_MET,
                    AssessmentStatus.NOT_ASSESSED, AssessmentStatus.NOT_APPLICABLE]
        rows: list[list[str]] = []
        scores: list[tuple[Score, Score | None]] = []
        for result in a.categories:
            rows.append(self.overview_row(plain(result.category.title, self.language), len(result.rows), result.now,
                                          result.following, statuses))
            scores.append((result.now, result.following))
        rows.append(self.overview_row(_("Overall"), len(a.rows), a.overall_now, a.overall_next, statuses))
        scores.append((a.overall_now, a.overall_next))
        headers = [_("Category"), _("In scope"), _("Expected now")] + [short_status(s, self.language)
                                                                      for s in statuses] + [
            _("Now"), _("RAG"), _("Next"), _("RAG next")]
        self.new_section(landscape=True)
        self.caption("Table", _("Readiness by category"))
        self.table(headers, rows, (3.6, 0.9, 1.3, 0.9, 1.05, 1.05, 0.95, 1.1, 0.9, 1.0, 0.9, 1.0, 1.0),
                   fill=lambda r, c: self.overview_fill(scores[r], c), bold_last_row=True)
        self.labelled(_("Why this status: "), rag_rules(self.language)[a.overall_now.rag])

    def overview_row(self, label: str, in_scope: int, now: Score, following: Score | None,
                     statuses: Sequence[AssessmentStatus]) -> list[str]:
        return ([label, str(in_scope), str(now.expected)] + [str(now.status_counts[s.value]) for s in statuses]
                + [now.percent(), rag_label(now.rag, self.language), following.percent() if following else "—",
                   rag_label(following.rag, self.language) if following else "—"])

    @staticmethod
    def overview_fill(scores: tuple[Score, Score | None], column: int) -> str | None:
        if column == 10:
            return RAG_FILLS[scores[0].rag]
        if column == 12 and scores[1] is not None:
            return RAG_FILLS[scores[1].rag]
        return None

    def ctd_mapping(self) -> None:
        _ = self._
        a = self.a
        self.heading(_("CTD mapping"))
        self.para(_("Where each requirement in scope will be documented in CTD Module 3, the sponsor's documents "
                    "that already support it, and the gaps still open there."))
        results = [c for c in a.ctd if c.rows]
        rows: list[list[Cell]] = []
        for c in results:
            documents = sorted({label for r in c.rows for label in self.document_ids(r)})
            open_ids = [f"{r.id} ({r.priority.value})" for r in c.rows if r.priority is not None]
            rows.append([c.section.id, plain(c.section.title, self.language), ", ".join(documents) or "—",
                         ", ".join(open_ids) or _("None")])
        self.caption("Table", _("CTD sections, the sponsor's documents and the open gaps"))
        self.table([_("Section"), _("Title"), _("Sponsor's documents"), _("Open gaps (priority)")], rows,
                   (1.3, 3.0, 4.4, 7.0) if self.geometry.text_width > 12000 else (1.3, 2.6, 2.6, 3.4))
        if not self.internal:
            self.new_section(landscape=False)

    @staticmethod
    def document_ids(row: GapRow) -> list[str]:
        if row.assessment is None:
            return []
        return [e.id or e.title for e in row.assessment.evidence]

    def roadmap(self) -> None:
        _ = self._
        a = self.a
        self.heading(_("Roadmap to the next stage"))
        if a.following is None or a.overall_next is None:
            self.para(_("The product is at the final stage of the catalog; there is no next-stage view."))
            return
        new = [r for r in a.roadmap if r.change is LevelChange.NEW]
        escalating = [r for r in a.roadmap if r.change is LevelChange.ESCALATES]
        self.para(_("Moving from {current} to {following}, {new} requirement(s) become expected for the first time "
                    "and {escalating} escalate. Those not yet met are listed below; the others are met already.").format(
            current=self.stage(), following=self.stage(True), new=len(new), escalating=len(escalating)))
        rows = [r for r in a.roadmap if r.status is not AssessmentStatus.MET]
        if not rows:
            return
        self.caption("Table", _("What changes at {stage}").format(stage=self.stage(True)))
        # The actions are in section 3 already; here, what changes and by when.
        self.table([_("ID"), _("Requirement"), _("Level now / next"), _("Status"), _("Owner"), _("Due")],
                   [[r.id, r.display_title, self.levels(r), short_status(r.status, self.language), _dash(r.owner),
                     _dash(r.due)] for r in rows], (1.35, 4.6, 1.3, 1.1, 1.9, 1.1),
                   fill=lambda r, c: STATUS_FILLS[rows[r].status] if c == 3 else None)

    def action_plan_by_owner(self) -> None:
        _ = self._
        a = self.a
        self.heading(_("Action plan by owner and month"))
        self.para(_("Every open gap has an action in the tables of section 3. Here they are grouped by owner and by "
                    "the month they are due, P1 first."))
        groups: dict[tuple[str, str], list[GapRow]] = {}
        for row in a.actions:
            month = row.due[:7] if row.due else ""
            groups.setdefault((row.owner or "", month), []).append(row)
        rows: list[list[Cell]] = []
        for (owner, month), members in sorted(groups.items(), key=lambda kv: (kv[0][0] or "~", kv[0][1] or "~")):
            ids = [f"{r.id} ({r.priority.value if r.priority else ''})" for r in sorted(members, key=lambda r: (
                r.priority.value if r.priority else "P9", r.id))]
            rows.append([owner or _("No owner named"), self.month(month) if month else _("No date"),
                         str(len(members)), ", ".join(ids)])
        self.caption("Table", _("Actions by owner and due month"))
        self.table([_("Owner"), _("Due"), _("Actions"), _("Requirements (priority)")], rows, (2.1, 1.3, 1.0, 5.6))

    def month(self, month: str) -> str:
        year, number = month.split("-")[:2]
        if self.language == "ja":
            return f"{year}年{int(number)}月"
        return f"{MONTHS[int(number) - 1][:3]} {year}"

    def action_plan(self) -> None:
        _ = self._
        a = self.a
        self.heading(_("Action plan"))
        if not a.actions:
            self.para(_("There is no open gap at the current or the next stage."))
            return
        rows = list(a.actions)
        self.new_section(landscape=True)
        self.caption("Table", _("Action plan by priority"))
        self.table([_("Prio."), _("ID"), _("Requirement"), _("Status"), _("Recommended action"), _("Owner"), _("Due"),
                    _("Crit.")],
                   [[r.priority.value if r.priority else "", r.id, r.display_title, r.status_text, r.action,
                     _dash(r.owner), _dash(r.due), criticality_label(r.criticality, self.language)] for r in rows],
                   (0.85, 1.45, 3.1, 1.1, 7.0, 1.6, 1.2, 0.9),
                   fill=lambda r, c: STATUS_FILLS[rows[r].status] if c == 3 else None)
        self.new_section(landscape=False)

    def consultation_questions(self) -> None:
        _ = self._
        a = self.a
        self.heading(_("Consultation questions"))
        if not a.questions:
            self.para(_("[Placeholder: no consultation question has been drafted. A question is drafted where the "
                        "sponsor writes its position on a requirement (profile field 'position', and optionally "
                        "'question'); at most eight are included, by priority.]"), NOTE)
            return
        self.para(_("The sponsor seeks PMDA's view on the following {count} question(s). Each sets out the "
                    "background, the sponsor's position with the supporting data, and the question.").format(
            count=len(a.questions)))
        for number, question in enumerate(a.questions, 1):
            row = question.row
            self.heading(_("Question {number}: {title} ({id})").format(number=number, title=row.display_title,
                                                                     id=row.id), 2)
            self.labelled(_("Background. "), question.background, METHOD)
            position = question.position
            if question.evidence:
                position += " " + _("Supporting data: {documents}.").format(documents="; ".join(question.evidence))
            self.labelled(_("Sponsor's position. "), position, METHOD)
            paragraph = self.doc.add_paragraph(style=QUESTION)
            paragraph.add_run(xml_safe(_("Question {number}.").format(number=number))).bold = True
            add_tab(paragraph)
            paragraph.add_run(xml_safe(question.ask))

    def warnings_section(self) -> None:
        _ = self._
        self.heading(_("Profile warnings"))
        warnings = list(self.a.warnings)
        if not warnings:
            self.para(_("No warning: every met requirement names evidence, no placeholder text, no past due date, and "
                        "every P1 action has an owner."))
            return
        self.caption("Table", _("Warnings on the profile"))
        self.table([_("ID"), _("Warning"), _("Code")], [[w.requirement_id, w.message, w.code] for w in warnings],
                   (1.4, 5, 1.6))

    def not_applicable_section(self) -> None:
        _ = self._
        self.heading(_("Justifications for requirements not applicable"))
        rows = list(self.a.not_applicable)
        if not rows:
            self.para(_("The sponsor has not assessed any applicable requirement as not applicable."))
            return
        self.caption("Table", _("Requirements assessed as not applicable"))
        self.table([_("ID"), _("Requirement"), _("Justification")],
                   [[r.id, r.display_title, sponsor_text(r.assessment.justification if r.assessment else None,
                                                      self.language)] for r in rows], (1.4, 2.6, 5))

    def abbreviations(self) -> None:
        _ = self._
        self.heading(_("Abbreviations"))
        used = self.used_abbreviations()
        self.caption("Table", _("Abbreviations used in this document"))
        self.table([_("Abbreviation"), _("Meaning")], used, (1.3, 6))

    def used_abbreviations(self) -> list[list[Cell]]:
        text = " ".join(self.document_text())
        return [[short, meaning] for short, meaning in abbreviation_list(self.language)
                if re.search(rf"(?<![A-Za-z]){re.escape(short)}(?![A-Za-z])", text)]

    def document_text(self) -> list[str]:
        a = self.a
        texts = [r.display_title + " " + r.gap + " " + r.action + " " + (r.position or "") for r in a.rows]
        texts += [q.background + " " + q.position + " " + q.ask for q in a.questions]
        texts += [sponsor_text(s.description, self.language) for s in a.product.manufacturing_steps]
        texts += [sponsor_text(a.product.modality, self.language), sponsor_text(a.product.description, self.language),
                  sponsor_text(a.product.summary, self.language), "CTD PMDA"]
        return texts

    def references(self) -> None:
        _ = self._
        a = self.a
        self.heading(_("References"))
        cited = self.cited_source_ids()
        entries = [b for b in a.bibliography if b.source_id in cited]
        self.para(_("The official guidance and other sources cited in this document."))
        rows: list[list[Cell]] = []
        for entry in entries:
            source = entry.source
            if source is None:
                continue
            title = [localized(source.title, self.language) if self.language == "ja" else source.title.en]
            if self.language == "en" and source.title.ja:
                title.append(source.title.ja)
            row: list[Cell] = [source.id, title, source.issuer, self.reference_number(source)]
            if self.internal:
                row += [source.status.value, _("Yes") if source.verified else _("No")]
            rows.append(row)
        headers = [_("Ref."), _("Title"), _("Issuer"), _("Number and date")]
        fractions: tuple[float, ...] = (1.7, 4.6, 1.1, 2.4)
        if self.internal:
            headers += [_("Status"), _("Verified")]
            fractions = (1.6, 3.9, 1.0, 2.1, 1.0, 1.2)
        self.caption("Table", _("Sources cited"))
        self.table(headers, rows, fractions)

    def cited_source_ids(self) -> set[str]:
        """Sources the body cites: in the submission the official texts its questions invoke; internally, all."""
        a = self.a
        if self.internal:
            return {b.source_id for b in a.bibliography}
        return {label.split(",")[0] for q in a.questions for label in q.sources}

    def reference_number(self, source: Source) -> str:
        """The Japanese implementing notification (number and date) where the source records one."""
        text = " ".join(x for x in (source.document_number or "", source.date_note.en if source.date_note else ""))
        found = JP_NOTIFICATION.search(text)
        if found:
            after = text[found.end():]
            date = EN_DATE.search(after[:60])
            if date:
                day = f"{date.group(3)}-{MONTHS.index(date.group(2)) + 1:02d}-{int(date.group(1)):02d}"
                return f"{found.group(0)} ({self.iso_date(day)})"
            return found.group(0)
        parts = [x for x in (source.document_number, source.version, source.date) if x]
        return ", ".join(dict.fromkeys(parts)) or "—"

    def iso_date(self, day: str) -> str:
        year, month, date = (int(x) for x in day.split("-"))
        import datetime as dt

        return long_date(dt.date(year, month, date), self.language)

    def previous_report_rows(self) -> list[tuple[str, Cell]]:
        _ = self._
        if self.comparison is None:
            return []
        previous = self.comparison.previous
        return [(_("Compared with"), _("{file}, generated {date} from catalog version {version}").format(
            file=self.comparison.previous_file, date=previous.date, version=previous.catalog.version)),
                (_("Its catalog content SHA-256"), previous.catalog.content_sha256)]

    def changes_since_previous(self) -> None:
        """Only with --compare, and numbered last, so every section number cited elsewhere stays true."""
        _ = self._
        c = self.comparison
        if c is None:
            return
        self.heading(_("Changes since the previous report"))
        self.para(f"{c.summary()} {c.catalog_text()}")
        for note in c.notes:
            self.para(note, NOTE)
        if not c.changes:
            self.para(_("No gap was open in either report."))
            return
        rows = list(c.changed)
        if rows:
            self.caption("Table", _("Gaps opened, closed and still open since the previous report"))
            self.table([_("Change"), _("ID"), _("Requirement"), _("Crit."), _("Status (before → now)"),
                        _("Expected now"), _("Cause")], [change_cells(r) for r in rows],
                       (1.0, 1.45, 2.1, 1.0, 1.5, 1.2, 3.5),
                       fill=lambda r, col: MOVEMENT_FILLS[rows[r].movement] if col == 0 else None)
        if c.unchanged:
            self.para(c.unchanged_text()).paragraph_format.space_before = Pt(6)

    # ----------------------------------------------------------------- annexes

    def register_annex(self) -> None:
        _ = self._
        a = self.a
        self.appendix(_("Assessment register"))
        self.para(_("Every requirement that applies to the product, with its expectation now and at the next stage "
                    "and the sponsor's status."))
        rows = [r for r in a.register if r.decision.applies] if not self.internal else list(a.register)
        self.caption("Table", _("Requirement register"))
        if self.internal:
            self.new_section(landscape=True)
            self.table([_("ID"), _("Requirement"), _("Category"), _("Crit."), _("Committee status"),
                        _("Applicability"), _("Now"), _("Next"), _("Status")],
                       [[r.id, r.display_title, r.requirement.category, criticality_label(r.criticality,
                                                                                          self.language),
                         r.requirement.status.value, r.decision.verdict, self.level(r.now), self.level(r.following),
                         r.status_text if r.decision.applies else "—"] for r in rows],
                       (1.45, 5, 1, 0.9, 1.3, 1.6, 0.8, 0.8, 1.3),
                       fill=lambda r, c: STATUS_FILLS[rows[r].status] if c == 8 and rows[r].in_scope else None)
            self.new_section(landscape=False)
            return
        self.table([_("ID"), _("Requirement"), _("Status")], [self.register_cells(r) for r in rows], (1.35, 7.0, 1.3),
                   fill=lambda r, c: self.register_fill(rows[r], c))

    def register_cells(self, row: GapRow) -> list[Cell]:
        status = short_status(row.status, self.language) if row.in_scope else self._("later")
        return [row.id, row.display_title, status]

    @staticmethod
    def register_fill(row: GapRow | None, column: int) -> str | None:
        return STATUS_FILLS[row.status] if row is not None and column == 2 and row.in_scope else None

    def trace_appendix(self) -> None:
        _ = self._
        self.appendix(_("Applicability trace"))
        rows = list(self.a.register)
        self.caption("Table", _("Applicability decisions"))
        self.table([_("ID"), _("Decision"), _("Reason")], [[r.id, r.decision.verdict, r.decision.explanation()]
                                                            for r in rows],
                   (1.6, 1.7, 7), fill=lambda r, c: ("FCE4A8" if c == 1 and rows[r].decision.assumed else None))

    def snapshot_appendix(self) -> None:
        _ = self._
        loaded = self.a.loaded
        self.appendix(_("Product profile snapshot"))
        self.para(_("The profile exactly as read ({file}, SHA-256 {digest}).").format(
            file=Path(loaded.file).name, digest=loaded.sha256), NOTE)
        paragraph = self.para(style=SNAPSHOT)._p
        for index, line in enumerate(loaded.text.splitlines()):
            if index:
                append_break(paragraph)
            append_run(paragraph, xml_safe(line))

    def disclaimer_appendix(self) -> None:
        _ = self._
        self.appendix(_("Disclaimer"))
        catalog = self.a.catalog.taxonomy.catalog
        if catalog.disclaimer:
            self.labelled(_("Requirement catalog: "), localized(catalog.disclaimer, self.language))
        self.labelled(_("This document: "), _(
            "This gap analysis was generated by exodossier from the sponsor's product profile and the requirement "
            "catalog named in the document control section. It reflects the sponsor's own assessment of its "
            "evidence; it is not an opinion of PMDA or MHLW and does not replace consultation with PMDA."))

    def core_properties(self) -> None:
        a = self.a
        info = a.loaded.profile.document
        properties = self.doc.core_properties
        author = info.prepared_by or a.product.sponsor
        properties.title = _metadata(f"{self.title}: {self.product_label}")
        properties.subject = _metadata(self.title)
        properties.author = _metadata(author)
        properties.last_modified_by = _metadata(author)
        properties.keywords = "extracellular vesicles; exosomes; quality; CTD Module 3; PMDA; gap analysis"
        properties.category = "Regulatory CMC"
        properties.comments = f"Generated by exodossier {__version__}" if self.internal else ""
        properties.identifier = _metadata(self.document_id)
        properties.version = _metadata(info.version)
        properties.language = "ja-JP" if self.language == "ja" else "en-GB"
        properties.content_status = "Draft"
        properties.revision = 1
        properties.created = a.generated
        properties.modified = a.generated
        properties.last_printed = a.generated


def _metadata(text: str) -> str:
    """Core properties hold at most 255 characters (python-docx raises beyond); the body keeps the full text."""
    text = xml_safe(text)
    return text if len(text) <= 255 else text[:254] + "…"


def abbreviation_list(language: str) -> list[tuple[str, str]]:
    """Abbreviations the report may use, with their meaning; only those found in the text are printed."""
    _ = gettext(language)
    return [
        ("CMC", _("Chemistry, manufacturing and controls")),
        ("CQA", _("Critical quality attribute")),
        ("CTD", _("Common Technical Document")),
        ("CTN", _("Clinical trial notification (治験届)")),
        ("EV", _("Extracellular vesicle")),
        ("GCTP", _("Good gene, cellular and tissue-based products manufacturing practice")),
        ("GMP", _("Good manufacturing practice")),
        ("ICH", _("International Council for Harmonisation")),
        ("JP", _("Japanese Pharmacopoeia")),
        ("LIVCA", _("Limit of in vitro cell age")),
        ("MCB", _("Master cell bank")),
        ("MHLW", _("Ministry of Health, Labour and Welfare")),
        ("NAT", _("Nucleic acid amplification test")),
        ("NGS", _("Next-generation sequencing")),
        ("NTA", _("Nanoparticle tracking analysis")),
        ("PMDA", _("Pharmaceuticals and Medical Devices Agency")),
        ("QA", _("Quality assurance")),
        ("QC", _("Quality control")),
        ("qPCR", _("Quantitative polymerase chain reaction")),
        ("SEC", _("Size-exclusion chromatography")),
        ("TFF", _("Tangential flow filtration")),
        ("WCB", _("Working cell bank")),
    ]


OPEN_GAP_FRACTIONS = (0.85, 1.35, 2.6, 1.1, 4.9, 3.65, 1.35)
GAP_FRACTIONS = (1.35, 2.4, 1.05, 0.95, 2.0, 2.0, 3.2, 0.9, 1.1, 2.3)


def gap_cells(row: GapRow) -> list[Cell]:
    """One row of the internal variant's gap tables; the round-trip test compares tables with exactly these values."""
    title = row.display_title
    if row.requirement.status is not RequirementStatus.ADOPTED:
        title += f" [{row.requirement.status.value}]"
    levels = " / ".join(level_label(e.level if e else None, row.language) for e in (row.now, row.following))
    return [row.id, title, levels, row.status_text, row.evidence_labels() or "—", row.gap, row.action,
            criticality_label(row.criticality, row.language), ", ".join(row.requirement.ctd_sections) or "—",
            list(row.sources) or "—"]


def change_cells(change: GapChange) -> list[Cell]:
    """One row of the changes table; the test compares the table with exactly these values."""
    return [_capital(change.movement.value), change.id, change.title, change.criticality.value, change.status_text,
            change.level_text, change.cause_texts]


def render_docx(analysis: GapAnalysis, comparison: Comparison | None = None,
                variant: Variant = Variant.SUBMISSION) -> bytes:
    """The Word report as bytes, identical for identical inputs; the caller decides where it goes (atomically)."""
    return ReportWriter(analysis, comparison, variant).build()
