"""The gap analysis as JSON, CSV and Markdown, for tools and for quick reading.

Each is a pure rendering of the same `GapAnalysis` (and, with `--compare`, the same
`Comparison`) the Word report uses. The JSON's comparison record (`format`,
`format_version`, `catalog`, `product`, `register`) is defined in `exodossier.gap.record`; keys are
only ever added, so sponsors' tools keep working. Output text
passes through `xml_safe` so a stray control character or lone surrogate from YAML
can neither break UTF-8 encoding nor a downstream XML consumer.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from exodossier.version import __version__
from exodossier.gap.applicability import APPLICABILITY_RULES, applicability_rules
from exodossier.gap.analysis import GapAnalysis, GapRow
from exodossier.gap.compare import Comparison, GapChange
from exodossier.gap.record import FORMAT, FORMAT_VERSION, requirement_record
from exodossier.catalog.models import StageExpectation
from exodossier.sanitize import markdown_safe, spreadsheet_safe, xml_safe
from exodossier.gap.scoring import Score, methodology_text
from exodossier.gap.wording import gettext, plain, rag_label, status_label
from exodossier.i18n.messages import long_date

CSV_COLUMNS = ["category", "id", "title", "criticality", "level_now", "level_next", "change", "status", "priority",
               "gap", "action", "evidence", "owner", "due", "ctd_sections", "sources"]
COMPARISON_COLUMNS = ["since_previous", "change_causes"]  # appended with --compare


def csv_labels(language: str) -> dict[str, str]:
    """Column labels a person reads (the keys stay the JSON's field names)."""
    _ = gettext(language)
    return {"category": _("Category"), "id": _("ID"), "title": _("Requirement"), "criticality": _("Criticality"),
            "level_now": _("Expected now"), "level_next": _("Expected next"), "change": _("Change at next stage"),
            "status": _("Status"), "priority": _("Priority"), "gap": _("Gap"), "action": _("Action"),
            "evidence": _("Evidence"), "owner": _("Owner"), "due": _("Due"), "ctd_sections": _("CTD sections"),
            "sources": _("Sources"), "since_previous": _("Since the previous report"),
            "change_causes": _("Causes of the change")}


def _expectation(expectation: StageExpectation | None) -> dict[str, str] | None:
    if expectation is None:
        return None
    return {"from_stage": expectation.stage, "level": expectation.level.value, "note": expectation.note.en}


def score_dict(score: Score | None) -> dict[str, Any] | None:
    if score is None:
        return None
    return {"readiness": None if score.readiness is None else round(score.readiness, 2), "rag": score.rag.value,
            "rule": score.rule, "expected": score.expected, "earned_weight": score.earned,
            "possible_weight": score.possible, "open_gaps": score.open_gaps, "blocking_gaps": score.blocking,
            "status_counts": score.status_counts}


def row_dict(row: GapRow) -> dict[str, Any]:
    assessment = row.assessment
    return {
        "id": row.id, "title": row.title, "category": row.requirement.category,
        "criticality": row.criticality.value, "committee_status": row.requirement.status.value,
        "now": _expectation(row.now), "next": _expectation(row.following), "change": row.change.value,
        "status": row.status.value, "priority": row.priority.value if row.priority else None,
        "gap": row.gap, "action": row.action, "evidence": row.evidence_labels(),
        "owner": assessment.owner if assessment else None, "due": assessment.due if assessment else None,
        "ctd_sections": list(row.requirement.ctd_sections), "sources": list(row.sources),
    }


def analysis_dict(analysis: GapAnalysis, comparison: Comparison | None = None) -> dict[str, Any]:
    a, product = analysis, analysis.product
    data = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "generator": {"tool": "exodossier", "version": __version__},
        "generated": a.generated.isoformat(),
        "catalog": {"title": a.catalog.taxonomy.catalog.title.en, "version": a.catalog.version,
                    "date": a.catalog.taxonomy.catalog.date, "content_sha256": a.catalog.content_sha256},
        "profile": {"file": Path(a.loaded.file).name, "sha256": a.loaded.sha256},
        "product": {"name": product.name.en, "code": product.code, "sponsor": product.sponsor,
                    "indication": product.indication.en, "modality": product.modality.en,
                    "target_milestone": product.target_milestone.value, "current_stage": a.current.id,
                    "next_stage": a.following.id if a.following else None, "attributes": dict(product.attributes)},
        "methodology": {"applicability": list(APPLICABILITY_RULES), "scoring": methodology_text()},
        "readiness": {"current": score_dict(a.overall_now), "next": score_dict(a.overall_next)},
        "categories": [{"id": c.category.id, "title": c.category.title.en, "current": score_dict(c.now),
                        "next": score_dict(c.following), "requirements": [r.id for r in c.rows]}
                       for c in a.categories],
        "requirements": [row_dict(r) for r in a.rows],
        "register": [requirement_record(r).model_dump(mode="json") for r in a.register],
        "expected_later": [r.id for r in a.later],
        "not_applicable": [{"id": r.id, "justification": r.assessment.justification.en}
                           for r in a.not_applicable if r.assessment and r.assessment.justification],
        "ctd_sections": [{"id": c.section.id, "title": c.section.title.en, "requirements": [r.id for r in c.rows],
                          "readiness": score_dict(c.score), "flag": c.flag or None} for c in a.ctd],
        "next_stage_changes": [{"id": r.id, "change": r.change.value} for r in a.roadmap],
        "actions": [{"priority": r.priority.value if r.priority else None, "id": r.id, "action": r.action}
                    for r in a.actions],
        "consultation_questions": [{"id": q.row.id, "background": q.background, "position": q.position,
                                    "supporting_data": list(q.evidence), "official_sources": list(q.sources),
                                    "question": q.ask} for q in a.questions],
        "warnings": [{"code": w.code, "id": w.requirement_id, "message": w.message} for w in a.warnings],
        "language": a.language,
        "bibliography": [{"id": b.source_id, "title": b.source.title.en if b.source else None,
                          "verified": b.source.verified if b.source else False, "cited_by": list(b.cited_by)}
                         for b in a.bibliography],
        "applicability_trace": [{"id": r.id, "decision": r.decision.verdict, "reason": r.decision.explanation()}
                                for r in a.register],
    }
    if comparison is not None:
        data["changes_since_previous"] = comparison_dict(comparison)
    return data


def _gap_change_dict(change: GapChange) -> dict[str, Any]:
    before, after = change.before, change.after
    return {"id": change.id, "title": change.title, "criticality": change.criticality.value,
            "status_before": before.status.value if before else None, "status": after.status.value if after else None,
            "applicable_before": before.applicable if before else None,
            "applicable": after.applicable if after else None,
            "level_now_before": before.level_now.value if before and before.level_now else None,
            "level_now": after.level_now.value if after and after.level_now else None,
            "priority_before": before.priority.value if before and before.priority else None,
            "priority": after.priority.value if after and after.priority else None,
            "causes": [{"kind": c.kind.value, "text": c.text, "fields": list(c.fields), "releases": list(c.releases)}
                       for c in change.causes]}


def comparison_dict(comparison: Comparison) -> dict[str, Any]:
    c, previous = comparison, comparison.previous
    return {
        "previous": {"file": c.previous_file, "generated": previous.generated,
                     "catalog_version": previous.catalog.version,
                     "catalog_content_sha256": previous.catalog.content_sha256},
        "catalog": {"from": previous.catalog.version, "to": c.current_version, "content_changed": c.catalog_changed,
                    "releases": [{"version": r.version, "date": r.date,
                                  "summary": r.summary.en if r.summary else None} for r in c.releases]},
        "counts": {"opened": len(c.opened), "closed": len(c.closed), "still_open": len(c.still_open)},
        "opened": [_gap_change_dict(g) for g in c.opened],
        "closed": [_gap_change_dict(g) for g in c.closed],
        "still_open": [_gap_change_dict(g) for g in c.still_open],
        "notes": list(c.notes),
    }


def render_json(analysis: GapAnalysis, comparison: Comparison | None = None) -> str:
    return xml_safe(json.dumps(analysis_dict(analysis, comparison), indent=2, ensure_ascii=False) + "\n")


def render_csv(analysis: GapAnalysis, comparison: Comparison | None = None) -> str:
    """One row per requirement in scope: the register a spreadsheet user filters and sorts.

    With a comparison, two more columns say how each gap moved since the previous report and
    why, and requirements whose gap closed by leaving the scope (or the catalog) follow as
    extra rows. Cells that a spreadsheet would run as a formula get a leading apostrophe.
    """
    buffer = io.StringIO()
    buffer.write("\ufeff")  # UTF-8 byte-order mark: Excel in a Japanese locale then reads UTF-8, not Shift_JIS
    writer = csv.writer(buffer, lineterminator="\n")
    labels = csv_labels(analysis.language)
    writer.writerow([labels[c] for c in CSV_COLUMNS + (COMPARISON_COLUMNS if comparison else [])])
    moved = {c.id: c for c in comparison.changes} if comparison else {}
    for row in analysis.rows:
        data = row_dict(row)
        cells = [row.requirement.category, row.id, row.title, data["criticality"],
                 data["now"]["level"] if data["now"] else "", data["next"]["level"] if data["next"] else "",
                 data["change"], row.status_text, data["priority"] or "", row.gap, row.action,
                 "; ".join(data["evidence"]), data["owner"] or "", data["due"] or "",
                 "; ".join(data["ctd_sections"]), "; ".join(data["sources"])]
        if comparison:
            cells += _movement_cells(moved.get(row.id))
        writer.writerow([spreadsheet_safe(cell) for cell in cells])
    if comparison:
        in_scope = {row.id for row in analysis.rows}
        for change in comparison.closed:
            if change.id not in in_scope:
                writer.writerow([spreadsheet_safe(cell) for cell in _left_scope_cells(change, analysis.language)])
    return xml_safe(buffer.getvalue())


def _movement_cells(change: GapChange | None) -> list[str]:
    return [change.movement.value, "; ".join(change.cause_texts)] if change else ["", ""]


def _left_scope_cells(change: GapChange, language: str) -> list[str]:
    """A closed gap whose requirement is no longer in scope: identity and movement, the rest blank."""
    record = change.after or change.before
    assert record is not None
    status = status_label(change.after.status, language) if change.after and change.after.applicable else ""
    cells = [record.category, change.id, change.title, change.criticality.value] + [""] * 3 + [status]
    cells += [""] * (len(CSV_COLUMNS) - len(cells))
    return cells + _movement_cells(change)


def _md(text: str) -> str:
    """Catalog and profile text is data: the site's rule (sanitize.markdown_safe) makes every character
    Markdown or HTML could read as syntax inert, so no `<script>`, `<img onerror>`, link, image or table
    break comes from it (HTML escaping alone leaves `[x](javascript:...)` a live link)."""
    return markdown_safe(text)


def _table(headers: list[str], rows: list[list[str]], raw_first: bool = False) -> list[str]:
    """A Markdown table; `raw_first` keeps the last row's first cell as written (our own **bold** label)."""
    lines = ["| " + " | ".join(_md(h) for h in headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    for index, row in enumerate(rows):
        keep = raw_first and index == len(rows) - 1
        lines.append("| " + " | ".join(c if keep and n == 0 else _md(c) for n, c in enumerate(row)) + " |")
    return lines + [""]


def _comparison_markdown(comparison: Comparison) -> list[str]:
    lines = ["## Changes since the previous report", "", _md(comparison.summary()), "", _md(comparison.catalog_text()), ""]
    if comparison.changed:
        lines += _table(["Change", "ID", "Requirement", "Status", "Causes"],
                        [[c.movement.value, c.id, c.title, c.status_text, "; ".join(c.cause_texts)]
                         for c in comparison.changed])
    if comparison.unchanged:
        lines += [comparison.unchanged_text(), ""]
    return lines + [f"- {_md(note)}" for note in comparison.notes] + ([""] if comparison.notes else [])


def render_markdown(analysis: GapAnalysis, comparison: Comparison | None = None) -> str:
    """A summary for quick reading: readiness, the action plan with owners and due dates, the method.

    Every text from the catalog or the profile goes through `_md` (HTML escaped, table-safe), so a
    title holding markup shows as the characters typed.
    """
    a = analysis
    _ = gettext(a.language)
    current = plain(a.current.title, a.language)
    following = plain(a.following.title, a.language) if a.following else "—"
    lines = ["# " + _md(_("Quality gap analysis: {product}").format(product=plain(a.product.name, a.language))), "",
             _md(_("Catalog {version} (SHA-256 {catalog_digest}), profile {file} (SHA-256 {profile_digest}), "
                   "generated {date} by exodossier {tool}.").format(
                 version=a.catalog.version, catalog_digest=a.catalog.content_sha256, file=Path(a.loaded.file).name,
                 profile_digest=a.loaded.sha256, date=long_date(a.generated.date(), a.language), tool=__version__)),
             "",
             _md(_("Stage: {current}; next: {following}; milestone: {milestone}.").format(
                 current=current, following=following, milestone=a.milestone_title)), "",
             "## " + _("Readiness"), ""]
    lines += _table([_("Category"), current, "RAG", following, _("RAG next")],
                    [[plain(c.category.title, a.language), c.now.percent(), rag_label(c.now.rag, a.language),
                      c.following.percent() if c.following else "—",
                      rag_label(c.following.rag, a.language) if c.following else "—"] for c in a.categories]
                    + [["**" + _("Overall") + "**", a.overall_now.percent(), rag_label(a.overall_now.rag, a.language),
                        a.overall_next.percent() if a.overall_next else "—",
                        rag_label(a.overall_next.rag, a.language) if a.overall_next else "—"]], raw_first=True)
    lines += ["## " + _("Action plan"), ""]
    lines += _table([_("Priority"), _("ID"), _("Requirement"), _("Status"), _("Action"), _("Owner"), _("Due")],
                    [[r.priority.value if r.priority else "", r.id, r.display_title, r.status_text, r.action,
                      r.owner or "—", r.due or "—"] for r in a.actions])
    if comparison is not None:
        lines += _comparison_markdown(comparison)
    lines += ["## " + _("Methodology"), ""] + [f"- {_md(line)}" for line in (
        *applicability_rules(a.language), *methodology_text(a.language))] + [""]
    return xml_safe("\n".join(lines))


RENDERERS = {"json": render_json, "csv": render_csv, "md": render_markdown}
