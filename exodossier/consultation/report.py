"""The published responses: the 「ご意見に対する考え方」 table, in Word and in Markdown.

Laid out as MHLW publishes the results of a public comment procedure: a lead paragraph with the
comment period and the number of comments, then, grouped by the guideline's sections, one row
per comment with its number, the part of the guideline it concerns, the comment (summarised or
verbatim), the committee's view and the resulting change. Counts by decision and by kind of
organisation come first. No commenter is named.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable, Literal

from exodossier.catalog.loader import Catalog
from exodossier.consultation.labels import DOMAIN, decision_labels, organisation_labels, pending_label
from exodossier.consultation.models import GENERAL, Change, Comment, RoundStatus, parse_day
from exodossier.consultation.status import progress, sections
from exodossier.consultation.store import RoundData
from exodossier.i18n.messages import long_date, translator
from exodossier.sanitize import markdown_safe

CommentMode = Literal["summary", "verbatim"]
Linker = Callable[[str, str], str]  # (requirement id, escaped text) -> a Markdown link, or the text


@dataclass
class Row:
    number: str
    requirement: str  # id or 'general'
    target: str  # what the reader sees in the 'part of the guideline' column
    comment: list[str]
    decision: str
    response: list[str]
    change: str
    decision_mark: str = ""  # the decision as the Word table prints it: [Accepted], 【採用】


@dataclass
class Section:
    key: str
    title: str
    heading: str = ""  # the title with the number of comments
    rows: list[Row] = field(default_factory=list)


@dataclass
class Report:
    language: str
    title: str
    lead: list[str]
    headers: list[str]
    by_decision: list[tuple[str, int]]
    by_organisation: list[tuple[str, int]]
    sections: list[Section]
    draft_note: str | None
    labels: dict[str, str]


def build_report(data: RoundData, catalog: Catalog, language: str, mode: CommentMode) -> Report:
    """Everything the table says, in `language`, independent of the output format."""
    _ = translator(DOMAIN, language)
    assert data.round is not None
    round_ = data.round
    title_text, _fallback = round_.title.text(language)
    found = progress(data, catalog, language)
    decisions = decision_labels(language)
    by_decision = [(decisions[d], found.total[d.value]) for d in decisions]
    if found.total["pending"]:
        by_decision.append((pending_label(language), found.total["pending"]))
    organisations = Counter(c.organisation_type for c in data.comments)
    by_organisation = [(label, organisations[kind]) for kind, label in organisation_labels(language).items()
                       if organisations[kind]]
    titles = dict(sections(catalog, language))
    grouped = [Section(key, titles[key]) for key, _title in found.sections]
    index = {section.key: section for section in grouped}
    for comment in data.comments:
        index[comment.category].rows.append(_row(comment, catalog, language, mode))
    for row in (row for section in grouped for row in section.rows):
        row.decision_mark = _("[{decision}]").format(decision=row.decision)
    for section in grouped:
        section.heading = _("{title} ({count})").format(title=section.title, count=len(section.rows))
    headers = [_("No."), _("Part of the guideline"),
               _("Summary of the comment") if mode == "summary" else _("Comment"),
               _("The committee's view"), _("Resulting change")]
    draft = None if round_.status is RoundStatus.CLOSED else \
        _("Draft: the round is still open and some decisions may change.")
    return Report(language, _("Results of the public consultation on {title}").format(title=title_text),
                  _lead(data, catalog, language, found.comments), headers, by_decision, by_organisation, grouped,
                  draft, {"decision": _("Decision"), "organisation": _("Organisation type"), "count": _("Comments"),
                          "counts": _("Comments received"), "total": _("Total")})


def _lead(data: RoundData, catalog: Catalog, language: str, count: int) -> list[str]:
    _ = translator(DOMAIN, language)
    assert data.round is not None
    round_ = data.round
    opened, closes = parse_day(round_.opened), parse_day(round_.closes)
    assert opened is not None
    title, _fallback = round_.title.text(language)
    period = (_("from {start} to {end}").format(start=long_date(opened, language), end=long_date(closes, language))
              if closes else _("from {start}").format(start=long_date(opened, language)))
    lead = [_("The committee invited comments on {title} (release {release}) {period}. "
              "{count} comments were received. The comments and the committee's view on each are set out below, "
              "grouped by the part of the guideline they concern.").format(
        title=title, release=round_.release, period=period, count=count),
        _("Comments are given as summarised by the committee unless marked otherwise. Commenters are not named; "
          "only the kind of organisation is recorded.")]
    if round_.note is not None:
        lead.append(round_.note.text(language)[0])
    return lead


def _row(comment: Comment, catalog: Catalog, language: str, mode: CommentMode) -> Row:
    _ = translator(DOMAIN, language)
    if comment.requirement == GENERAL:
        target = _("General")
    else:
        requirement = catalog.requirements.get(comment.requirement)
        target = f"{comment.requirement} {requirement.title.text(language)}" if requirement else comment.requirement
    if mode == "summary" and comment.summary is not None:
        summary, untranslated = comment.summary.text(language)
        text = [summary + (" " + _("(not yet translated)") if untranslated else "")]
    else:
        text = [comment.comment]
        if comment.proposed_change:
            text.append(_("Proposed change: {text}").format(text=comment.proposed_change))
        if mode == "summary":
            text.append(_("(verbatim)"))
    if comment.disposition is None:
        return Row(comment.id, comment.requirement, target, text, pending_label(language), [], "—")
    response, untranslated = comment.disposition.response.text(language)
    view = [response + (" " + _("(not yet translated)") if untranslated else "")]
    change = _change_text(comment.disposition.change, language)
    return Row(comment.id, comment.requirement, target, text, decision_labels(language)[comment.disposition.decision],
               view, change)


def _change_text(change: Change | None, language: str) -> str:
    _ = translator(DOMAIN, language)
    if change is None:
        return _("None")
    ids = ", ".join(change.requirements)
    if change.commit is not None:
        return _("{ids} (commit {commit})").format(ids=ids, commit=change.commit[:10])
    return _("{ids} (release {release})").format(ids=ids, release=change.release)


# --------------------------------------------------------------------------- Word


def render_docx(report: Report, when: dt.datetime) -> bytes:
    """The Word table, landscape (five columns of prose), byte-identical for the same round."""
    from exodossier.docx.builder import DocBuilder  # python-docx only for Word: the site needs none of it
    from exodossier.docx.styles import COVER_SUBTITLE, COVER_TITLE, NOTE, page_setup

    builder = DocBuilder()
    builder.geometry = page_setup(builder.doc.sections[0], landscape=True)
    builder.para(report.title, COVER_TITLE)
    if report.draft_note:
        builder.para(report.draft_note, COVER_SUBTITLE)
    for paragraph in report.lead:
        builder.para(paragraph)
    labels = report.labels
    builder.heading(labels["counts"], 1)
    builder.table([labels["decision"], labels["count"]],
                  [[label, str(count)] for label, count in report.by_decision]
                  + [[labels["total"], str(sum(c for _, c in report.by_decision))]], (3, 1), bold_last_row=True)
    builder.para()
    builder.table([labels["organisation"], labels["count"]],
                  [[label, str(count)] for label, count in report.by_organisation], (3, 1))
    for section in report.sections:
        builder.heading(section.heading, 1)
        builder.table(report.headers, [[row.number, row.target, row.comment, [row.decision_mark, *row.response],
                                        row.change] for row in section.rows], (0.6, 2.2, 4.2, 4.2, 1.8))
    if not report.sections:
        builder.para(report.labels["count"] + ": 0", NOTE)
    return builder.save(when)


# --------------------------------------------------------------------------- Markdown


def render_markdown(report: Report, link: Linker | None = None, heading_level: int = 1) -> str:
    """The same table as Markdown (the site's Consultation pages); every text is escaped."""
    top = "#" * heading_level
    lines = [f"{top} {markdown_safe(report.title)}", ""]
    if report.draft_note:
        lines += [f"*{markdown_safe(report.draft_note)}*", ""]
    for paragraph in report.lead:
        lines += [markdown_safe(paragraph), ""]
    labels = report.labels
    lines += [f"{top}# {markdown_safe(labels['counts'])}", ""]
    lines += _md_table([labels["decision"], labels["count"]],
                       [[markdown_safe(label), str(count)] for label, count in report.by_decision]
                       + [[f"**{markdown_safe(labels['total'])}**", f"**{sum(c for _, c in report.by_decision)}**"]])
    lines += _md_table([labels["organisation"], labels["count"]],
                       [[markdown_safe(label), str(count)] for label, count in report.by_organisation])
    for section in report.sections:
        lines += [f"{top}# {markdown_safe(section.heading)}", ""]
        lines += _md_table(report.headers, [_md_row(row, link) for row in section.rows])
    return "\n".join(lines).rstrip("\n") + "\n"


def _md_row(row: Row, link: Linker | None) -> list[str]:
    target = markdown_safe(row.target)
    if link is not None and row.requirement != GENERAL:
        target = link(row.requirement, target)
    anchor = f'<span id="{row.number.lower()}"></span>{row.number}'
    view = "<br>".join([f"**{markdown_safe(row.decision)}**", *(markdown_safe(text) for text in row.response)])
    comment = "<br>".join(markdown_safe(text) for text in row.comment)
    return [anchor, target, comment, view, markdown_safe(row.change)]


def _md_table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(markdown_safe(h) for h in header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell or " " for cell in row) + " |" for row in rows]
    return lines + [""]
