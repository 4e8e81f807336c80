"""One page per requirement: statement, stage expectations, applicability, citations, neighbourhood.

The page is a list of sections (`SECTIONS`), each a function from `RequirementView` to Markdown
lines, so another view (a consultation link, say) adds a section or an action without touching
the others.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from exodossier.catalog.models import Requirement, RequirementStatus, SourceStatus, StageExpectation
from exodossier.graph.build import req_node
from exodossier.graph.queries import backlinks
from exodossier.site.context import SiteContext
from exodossier.site.escape import escape, paragraphs
from exodossier.site.fragments import (
    clause_label,
    find_clause,
    id_html,
    needs_rereview,
    pending_marker,
    pending_note,
    release_badge,
    requirement_link,
    reviewed_against,
    source_link,
    status_badges,
)
from exodossier.site.labels import level_label, relation_label, status_label
from exodossier.site.markup import (
    admonition,
    badge,
    bullets,
    front_matter,
    header,
    heading,
    page_link,
    page_text,
    paragraph,
    strong,
    table,
    tabbed,
)
from exodossier.site.pages.consultation import requirement_section
from exodossier.site.paths import COMMITTEE_PAGE, OVERVIEW, category_path, requirement_path, source_path
from exodossier.site.svg import Box, Link, neighbourhood
from exodossier.site.text import fill, html_paragraphs, inline, other_language, pending_mark


@dataclass(frozen=True)
class RequirementView:
    """What every section of a requirement page needs."""

    site: SiteContext
    requirement: Requirement

    @property
    def path(self) -> str:
        return requirement_path(self.requirement.id)


Section = Callable[[RequirementView], list[str]]


def _heading(view: RequirementView) -> list[str]:
    site, requirement, _ = view.site, view.requirement, view.site.translate
    category = site.categories.get(requirement.category)
    lines = []
    if category is not None:  # breadcrumb: Requirements › Category › Topic
        requirements = escape(_("Requirements"))
        lines += paragraph(f"{page_link(view.path, OVERVIEW, requirements)} › "
                           f"{page_link(view.path, category_path(category), escape(site.plain(category.title)))} › "
                           f"{escape(requirement.topic)}", "exo-breadcrumb")
    lines += heading(1, f"{escape(requirement.id)} {escape(site.plain(requirement.title))}")
    parallel = other_language(site, requirement.title)
    if parallel is not None:
        lines += [f'<p class="exo-subtitle" lang="{parallel[0]}">{parallel[1]}</p>', ""]
    elif site.language != "en":
        lines += [f'<p class="exo-subtitle">{pending_mark(site)}</p>', ""]
    lines += [version_line(site), ""]
    lines += [f'<p class="exo-badges">{status_badges(site, requirement)}{release_badge(site, requirement)}</p>', ""]
    if requirement.status is RequirementStatus.RETIRED and requirement.retired_reason:
        lines += admonition("warning", escape(_("Retired")), html_paragraphs(site, requirement.retired_reason))
    return lines


def version_line(site: SiteContext) -> str:
    """"Catalog 0.2.0 · committee draft": which text the reader holds, on screen and in print."""
    _ = site.translate
    info = site.catalog.taxonomy.catalog
    released = any(r.version == info.version for r in site.catalog.releases.values())
    state = _("released") if released else _("committee draft")
    date = f" · {escape(info.date)}" if info.date else ""
    catalog = escape(_("Catalog {version}").format(version=info.version))
    return (f'<p class="exo-version">{catalog} · '
            f'{escape(state)}{date}</p>')


def _statement(view: RequirementView) -> list[str]:
    site, statement, _ = view.site, view.requirement.statement, view.site.translate
    title = escape(_("Statement"))
    if statement.ja is None:  # one language only: no tabs (the Japanese edition marks it)
        return admonition("abstract", title, html_paragraphs(site, statement), "exo-statement")
    english = [f"<p>{p}</p>" for p in paragraphs(statement.en)]
    japanese = [f'<p lang="ja">{p}</p>' for p in paragraphs(statement.ja)]
    if statement.ja_pending and japanese:  # a stale translation: shown, and marked as such
        japanese[-1] = japanese[-1][: -len("</p>")] + f" {pending_mark(site, missing=False)}</p>"
    # The tab ids are the labels' slugs, as pymdownx.tabbed gives them with the site's slug function.
    tabs = {"en": ("english", "English", english), "ja": ("日本語", "日本語", japanese)}
    order = ("ja", "en") if site.language == "ja" else ("en", "ja")
    return admonition("abstract", title, tabbed([tabs[order[0]], tabs[order[1]]]), "exo-statement")


def _rationale(view: RequirementView) -> list[str]:
    _ = view.site.translate
    return heading(2, escape(_("Rationale"))) + html_paragraphs(view.site, view.requirement.rationale)


def _stage_rows(site: SiteContext, expectations: list[StageExpectation]) -> list[list[str]]:
    """Every stage in order: the entry that starts there, or the one still in force, or none yet."""
    _ = site.translate
    explicit = {e.stage: e for e in expectations}
    current: StageExpectation | None = None
    rows = []
    for stage in site.stages:
        title = escape(site.plain(stage.title))
        if stage.id in explicit:
            current = explicit[stage.id]
            rows.append([title, f"<strong>{escape(level_label(current.level, _))}</strong>", inline(site, current.note)])
        elif current is not None:
            rows.append([title, escape(level_label(current.level, _)),
                         escape(_("continues from {stage}").format(stage=site.stage_title(current.stage)))])
        else:
            rows.append([title, "—", escape(_("not yet expected"))])
    return rows


def _stages(view: RequirementView) -> list[str]:
    _ = view.site.translate
    return (heading(2, escape(_("Expectations by development stage")))
            + table(header(_("Stage"), _("Expectation"), _("What is expected")),
                    _stage_rows(view.site, view.requirement.stage_expectations)))


def _applicability(view: RequirementView) -> list[str]:
    site, requirement, _ = view.site, view.requirement, view.site.translate
    lines = heading(2, escape(_("Applicability")))
    if not requirement.applicability:
        return lines + paragraph(escape(_("Applies to every product.")))
    items = []
    for attribute_id, values in requirement.applicability.items():
        attribute = site.attributes.get(attribute_id)
        titles = {v.id: v.title for v in attribute.values} if attribute else {}
        name = inline(site, attribute.title) if attribute else escape(attribute_id)
        shown = ", ".join(inline(site, titles[v]) if v in titles else escape(v) for v in values)
        items.append(f"<strong>{name}</strong>: {shown}")
    return lines + paragraph(escape(_("Applies when every condition below holds for the product:"))) + bullets(items)


def _listings(view: RequirementView) -> list[str]:
    site, requirement, _ = view.site, view.requirement, view.site.translate
    lines: list[str] = []
    for title, items, empty in (
            (_("Acceptance criteria (examples)"), requirement.acceptance_criteria,
             _("No example acceptance criteria are given.")),
            (_("Methods"), requirement.methods, _("No methods are listed.")),
            (_("Evidence a sponsor would show"), requirement.evidence, _("No evidence items are listed."))):
        lines += heading(2, escape(title)) + bullets((inline(site, item) for item in items), empty)
    return lines


def _ctd_sections(view: RequirementView) -> list[str]:
    site, _ = view.site, view.site.translate
    items = (f"{id_html(s)} {inline(site, site.ctd_titles.get(s))}".rstrip() for s in view.requirement.ctd_sections)
    return heading(2, escape(_("CTD sections"))) + bullets(items, _("No CTD section is mapped."))


def _citation_rows(view: RequirementView) -> tuple[list[list[str]], bool]:
    site, _ = view.site, view.site.translate
    rows, marked = [], False
    for citation in view.requirement.citations:
        source = site.catalog.sources.get(citation.source)
        clause = find_clause(source, citation.clause)
        clause_cell = escape(citation.clause or "—")
        if source is not None and clause is not None:
            clause_cell = page_link(view.path, source_path(source.id), clause_label(site, clause).text,
                                  site.anchors[source.id][clause.id])
        elif citation.clause is None:
            clause_cell = escape(_("the document as a whole"))
        review = reviewed_against(site, citation, source)
        if needs_rereview(citation, source) and source is not None:
            review += " " + badge("rereview", _("needs re-review"))
            review += " " + escape(_("(the catalog now holds {version})").format(version=source.version))
        if source is not None and source.status is SourceStatus.SUPERSEDED:
            review += " " + badge("superseded", _("superseded source"))
        cell = source_link(site, view.path, citation.source, with_title=True)
        if note := pending_note(site, citation):
            cell += pending_marker(_("Check pending: {reason}").format(reason=note))
            marked = True
        rows.append([cell, clause_cell, review, inline(site, citation.note)])
    return rows, marked


def _citations(view: RequirementView) -> list[str]:
    _ = view.site.translate
    lines = heading(2, escape(_("Citations")))
    if not view.requirement.citations:
        return lines + paragraph(escape(_("This requirement cites no source yet.")))
    rows, marked = _citation_rows(view)
    lines += table(header(_("Source"), _("Clause"), _("Reviewed against"), _("Note")), rows)
    if marked:
        legend = fill(_("{mark} The committee is still checking this reference against the official text. {link}"),
                      mark='<sup class="exo-check-pending">†</sup>',
                      link=page_link(view.path, COMMITTEE_PAGE, escape(_("The state of every check"))))
        lines += paragraph(legend, "exo-legend")
    return lines


def _relations(view: RequirementView) -> list[str]:
    site, requirement, _ = view.site, view.requirement, view.site.translate
    lines = heading(2, escape(_("Related requirements")))
    if requirement.related:
        lines += bullets(f"{escape(relation_label(r.type.value, _))} {requirement_link(site, view.path, r.id)}"
                         for r in requirement.related)
    else:
        lines += paragraph(escape(_("This requirement names no related requirements.")))
    links = backlinks(site.graph, req_node(requirement.id))
    incoming = [(_("Depended on by"), links.depended_on_by), (_("Refined by"), links.refined_by),
                (_("Referred to (see also) by"), links.see_also_from)]
    lines += heading(2, escape(_("Cited by / depended on by")), "backlinks")
    if not any(ids for _label, ids in incoming):
        return lines + paragraph(escape(_("No other requirement points to this one.")))
    for label, ids in incoming:
        if ids:
            lines += paragraph(strong(escape(label))) + bullets(requirement_link(site, view.path, i) for i in ids)
    return lines


def _consultation(view: RequirementView) -> list[str]:
    """The comments of the public consultation that changed the requirement, and where to comment."""
    site = view.site
    return requirement_section(site.consultation, view.requirement, site.catalog.version)


def _neighbourhood(view: RequirementView) -> list[str]:
    site, requirement, _ = view.site, view.requirement, view.site.translate

    def req_box(rid: str) -> Box:
        other = site.catalog.requirements.get(rid)
        return Box(rid, f"{rid} {site.plain(other.title)}" if other else rid, "requirement")

    links = backlinks(site.graph, req_node(requirement.id))
    incoming = ([Link(req_box(i), relation_label("depends_on", _)) for i in links.depended_on_by]
                + [Link(req_box(i), relation_label("refines", _)) for i in links.refined_by]
                + [Link(req_box(i), relation_label("see_also", _)) for i in links.see_also_from])
    outgoing = [Link(req_box(r.id), relation_label(r.type.value, _)) for r in requirement.related]
    for source_id in dict.fromkeys(c.source for c in requirement.citations):
        source = site.catalog.sources.get(source_id)
        outgoing.append(Link(Box(source_id, f"{source_id} {site.plain(source.title)}" if source else source_id,
                                 "source"), _("cites")))
    center = Box(requirement.id, f"{requirement.id} {site.plain(requirement.title)}", "center")
    diagram = neighbourhood(center, incoming, outgoing, _("Neighbourhood of {id}").format(id=requirement.id),
                            (_("+{count} more"), _("{count} more links, listed below")))
    return (heading(2, escape(_("Neighbourhood")))
            + paragraph(escape(_("On a small screen the diagram is replaced by the lists above.")), "exo-phone-only")
            + [diagram, ""])


def _model_case(view: RequirementView) -> list[str]:
    _ = view.site.translate
    if not view.requirement.model_case_notes:
        return []
    return heading(2, escape(_("Model case notes"))) \
        + html_paragraphs(view.site, view.requirement.model_case_notes)


def _history(view: RequirementView) -> list[str]:
    site, _ = view.site, view.site.translate
    if not view.requirement.history:
        return []
    rows = [[badge(f"status-{h.status.value}", status_label(h.status, _)), escape(h.by), escape(h.on),
             inline(site, h.reason)] for h in view.requirement.history]
    return heading(2, escape(_("Review history"))) + table(header(_("Status"), _("By"), _("On"), _("Reason")), rows)


def _previous_next(view: RequirementView) -> list[str]:
    """Previous / next requirement within the category, for reading a category through."""
    site, _ = view.site, view.site.translate
    before, after = site.neighbours(view.requirement)
    parts = []
    if before is not None:
        link = fill(_("← Previous: {link}"), link=requirement_link(site, view.path, before.id))
        parts.append(f'<span class="exo-previous">{link}</span>')
    if after is not None:
        link = fill(_("Next: {link} →"), link=requirement_link(site, view.path, after.id))
        parts.append(f'<span class="exo-next">{link}</span>')
    return paragraph(" ".join(parts), "exo-prev-next") if parts else []


def _actions(view: RequirementView) -> list[str]:
    """Links that act on the requirement (edit its YAML; other views may add theirs)."""
    links = [action(view) for action in ACTIONS]
    shown = [link for link in links if link]
    return [f'<p class="exo-actions">{" · ".join(shown)}</p>', ""] if shown else []


def edit_link(view: RequirementView) -> str:
    site, _ = view.site, view.site.translate
    if not site.edit_base:
        return ""
    category = site.categories.get(view.requirement.category)
    if category is None:
        return ""
    url = f"{site.edit_base}requirements/{category.slug}/{view.requirement.id}.yaml"
    return (f'<a class="exo-edit" href="{escape(url, markdown=False)}" rel="noopener noreferrer">'
            + escape(_("Edit this requirement (YAML)")) + "</a>")


ACTIONS: list[Callable[[RequirementView], str]] = [edit_link]
SECTIONS: list[Section] = [_heading, _statement, _rationale, _stages, _applicability, _listings, _ctd_sections,
                           _citations, _relations, _consultation, _neighbourhood, _model_case, _history, _actions, _previous_next]


def requirement_tags(site: SiteContext, requirement: Requirement) -> list[str]:
    """The page's tags (plain text): its category, topic and the stage from which it is expected."""
    _ = site.translate
    category = site.categories.get(requirement.category)
    return [site.plain(category.title) if category else requirement.category, requirement.topic,
            _("From {stage}").format(stage=site.stage_title(requirement.stage_expectations[0].stage))]


def requirement_page(site: SiteContext, requirement: Requirement) -> str:
    lines = front_matter(f"{requirement.id} {site.plain(requirement.title)}", requirement_tags(site, requirement))
    view = RequirementView(site, requirement)
    for section in SECTIONS:
        lines += section(view)
    return page_text(lines)
