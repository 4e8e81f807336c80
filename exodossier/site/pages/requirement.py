"""One page per requirement: statement, stage expectations, applicability, citations, neighbourhood."""

from __future__ import annotations

from exodossier.catalog.models import LocalizedText, Requirement, RequirementStatus, SourceStatus, StageExpectation
from exodossier.graph.build import req_node
from exodossier.graph.queries import backlinks
from exodossier.site.context import SiteContext
from exodossier.site.escape import escape, paragraphs
from exodossier.site.fragments import needs_rereview, release_badge, requirement_link, source_link, status_badges
from exodossier.site.labels import RELATION_LABELS, STATUS_LABELS
from exodossier.site.markup import (
    badge,
    bullets,
    front_matter,
    html_escape,
    html_list,
    html_paragraphs,
    html_table,
    html_text,
    inline_text,
    md_link,
    md_table,
    page_text,
    text_block,
)
from exodossier.site.pages.consultation import requirement_section
from exodossier.site.paths import category_path, requirement_path, source_path
from exodossier.site.svg import Box, Link, neighbourhood


def _stage_rows(site: SiteContext, expectations: list[StageExpectation]) -> list[list[str]]:
    """Every stage in order: the entry that starts there, or the one still in force, or none yet."""
    explicit = {e.stage: e for e in expectations}
    current: StageExpectation | None = None
    rows = []
    for stage in site.stages:
        if stage.id in explicit:
            current = explicit[stage.id]
            rows.append([html_escape(stage.title.en), f"<strong>{current.level.value.upper()}</strong>", html_text(current.note)])
        elif current is not None:
            rows.append([html_escape(stage.title.en), current.level.value.upper(),
                         f"continues from {html_escape(site.stage_title(current.stage))}"])
        else:
            rows.append([html_escape(stage.title.en), "—", "not yet expected"])
    return rows


def _applicability(site: SiteContext, requirement: Requirement) -> list[str]:
    if not requirement.applicability:
        return ["<p>Applies to every product.</p>", ""]
    items = []
    for attribute_id, values in requirement.applicability.items():
        attribute = site.attributes.get(attribute_id)
        titles = {v.id: v.title for v in attribute.values} if attribute else {}
        name = html_escape(attribute.title.en) if attribute else html_escape(attribute_id)
        shown = ", ".join(html_escape(titles[v].en) if v in titles else html_escape(v) for v in values)
        items.append(f"<strong>{name}</strong>: {shown}")
    return ["<p>Applies when every condition below holds for the product:</p>", ""] + html_list(items)


def _citation_rows(site: SiteContext, path: str, requirement: Requirement) -> list[list[str]]:
    rows = []
    for citation in requirement.citations:
        source = site.catalog.sources.get(citation.source)
        clause_cell = escape(citation.clause or "—")
        review = escape(citation.reviewed_version or "never reviewed")
        badges = []
        if source is not None:
            clause = next((c for c in source.clauses if c.id == citation.clause), None)
            if clause is not None:
                text = f"{escape(clause.id)} {escape(clause.title.en)}"
                clause_cell = md_link(path, source_path(source.id), text, site.anchors[source.id][clause.id])
            if needs_rereview(citation, source):
                badges.append(badge("rereview", "needs re-review"))
                review += f" (current: {escape(source.version)})"
            if not source.verified:
                badges.append(badge("unverified", "unverified source"))
            if source.status is SourceStatus.SUPERSEDED:
                badges.append(badge("superseded", "superseded source"))
        note = inline_text(citation.note)
        rows.append([source_link(site, path, citation.source, with_title=True), clause_cell,
                     " ".join([review] + badges), note])
    return rows


def _relations(site: SiteContext, path: str, requirement: Requirement) -> list[str]:
    lines = ["## Related requirements", ""]
    if requirement.related:
        lines += bullets(f"{RELATION_LABELS[r.type.value]} {requirement_link(site, path, r.id)}"
                          for r in requirement.related)
    else:
        lines += ["This requirement names no related requirements.", ""]
    links = backlinks(site.graph, req_node(requirement.id))
    incoming = [("Depended on by", links.depended_on_by), ("Refined by", links.refined_by),
                ("Referred to (see also) by", links.see_also_from)]
    lines += ["## Cited by / depended on by {#backlinks}", ""]
    if not any(ids for _, ids in incoming):
        return lines + ["No other requirement points to this one.", ""]
    for label, ids in incoming:
        if ids:
            lines += [f"**{label}**", ""] + bullets(requirement_link(site, path, i) for i in ids)
    return lines


def _neighbourhood(site: SiteContext, requirement: Requirement) -> str:
    def req_box(rid: str) -> Box:
        other = site.catalog.requirements.get(rid)
        return Box(rid, f"{rid} {other.title.en}" if other else rid, "requirement")

    links = backlinks(site.graph, req_node(requirement.id))
    incoming = ([Link(req_box(i), "depends on") for i in links.depended_on_by]
                + [Link(req_box(i), "refines") for i in links.refined_by]
                + [Link(req_box(i), "see also") for i in links.see_also_from])
    outgoing = [Link(req_box(r.id), RELATION_LABELS[r.type.value]) for r in requirement.related]
    for source_id in dict.fromkeys(c.source for c in requirement.citations):
        source = site.catalog.sources.get(source_id)
        outgoing.append(Link(Box(source_id, f"{source_id} {source.title.en}" if source else source_id, "source"),
                             "cites"))
    center = Box(requirement.id, f"{requirement.id} {requirement.title.en}", "center")
    return neighbourhood(center, incoming, outgoing, f"Neighbourhood of {requirement.id}")


def _statement(requirement: Requirement) -> list[str]:
    lines = ['!!! abstract exo-statement "Statement"', ""]
    if not requirement.statement.ja:
        return lines + text_block(requirement.statement.en, "    ")
    return (lines + ['    === "English"', ""] + text_block(requirement.statement.en, "        ")
            + ['    === "日本語"', ""] + [f'        <span lang="ja">{p}</span>' for p in paragraphs(requirement.statement.ja)]
            + [""])


def _listing(title: str, items: list[LocalizedText], empty: str) -> list[str]:
    return [f"## {title}", ""] + html_list((html_text(item) for item in items), empty)


def requirement_page(site: SiteContext, requirement: Requirement) -> str:
    path = requirement_path(requirement.id)
    category = site.categories.get(requirement.category)
    tags = [category.title.en if category else requirement.category, requirement.topic,
            f"From {site.stage_title(requirement.stage_expectations[0].stage)}"]
    lines = front_matter(f"{requirement.id} {requirement.title.en}", tags)
    lines += [f"# {escape(requirement.id)} {escape(requirement.title.en)}", ""]
    if requirement.title.ja:
        lines += [f'<p lang="ja">{html_escape(requirement.title.ja)}</p>', ""]
    lines += [f'<p class="exo-badges">{status_badges(site, requirement)}{release_badge(site, requirement)}</p>', ""]
    if category is not None:
        lines += [f"Category: {md_link(path, category_path(category), escape(category.title.en))} · "
                  f"Topic: {escape(requirement.topic)}", ""]
    if requirement.status is RequirementStatus.RETIRED and requirement.retired_reason:
        lines += ['!!! warning "Retired"', ""] + text_block(requirement.retired_reason, "    ")
    lines += _statement(requirement)
    lines += ["## Rationale", ""] + html_paragraphs(requirement.rationale)
    lines += ["## Expectations by development stage", ""]
    lines += html_table(["Stage", "Expectation", "What is expected"], _stage_rows(site, requirement.stage_expectations))
    lines += ["## Applicability", ""] + _applicability(site, requirement)
    lines += _listing("Acceptance criteria (examples)", requirement.acceptance_criteria,
                      "No example acceptance criteria are given.")
    lines += _listing("Methods", requirement.methods, "No methods are listed.")
    lines += _listing("Evidence a sponsor would show", requirement.evidence, "No evidence items are listed.")
    lines += ["## CTD sections", ""]
    lines += html_list((f"{html_escape(s)} {html_text(site.ctd_titles.get(s))}".rstrip() for s in requirement.ctd_sections),
                        "No CTD section is mapped.")
    lines += ["## Citations", ""]
    lines += (md_table(["Source", "Clause", "Reviewed against", "Note"], _citation_rows(site, path, requirement))
              if requirement.citations else ["This requirement cites no source yet.", ""])
    lines += _relations(site, path, requirement)
    lines += requirement_section(site.consultation, requirement, site.catalog.version)
    lines += ["## Neighbourhood", "", _neighbourhood(site, requirement), ""]
    if requirement.model_case_notes:
        lines += ["## Model case notes", ""] + html_paragraphs(requirement.model_case_notes)
    if requirement.history:
        rows = [[badge(f"status-{h.status.value}", STATUS_LABELS[h.status]), html_escape(h.by), html_escape(h.on),
                 html_text(h.reason)] for h in requirement.history]
        lines += ["## Review history", ""] + html_table(["Status", "By", "On", "Reason"], rows)
    return page_text(lines)
