"""The Consultation section: one page per closed round, and what each requirement page shows of it.

A closed round's page is the committee's published table (`exodossier.consultation.report`, the
same text as `exodossier consultation report --format md`), with each requirement linked to its
page. Each requirement page lists the comments that changed it and, where the catalog lives on
GitHub, a "Comment on this requirement" link that opens the issue form prefilled with the id and
the release. The comment form itself is a download.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable
from urllib.parse import quote, urlencode

from exodossier.catalog.loader import Catalog
from exodossier.catalog.models import Requirement
from exodossier.errors import Diagnostic
from exodossier.consultation.labels import decision_labels, site_words
from exodossier.consultation.models import GENERAL, Comment, Decision, RoundStatus
from exodossier.consultation.report import Report, Row, build_report
from exodossier.consultation.store import RoundData
from exodossier.site.escape import escape
from exodossier.site.markup import (
    bullets,
    front_matter,
    header,
    heading,
    page_link,
    page_text,
    paragraph,
    strong,
    table,
)
from exodossier.site.paths import CATALOG_DIR, requirement_path

CONSULTATION_DIR = f"{CATALOG_DIR}/consultation"
CONSULTATION_INDEX = f"{CONSULTATION_DIR}/index.md"
COMMENT_FORM = f"{CATALOG_DIR}/comment-form.xlsx"
ISSUE_TEMPLATE = "comment.yml"  # .github/ISSUE_TEMPLATE/comment.yml
CHANGED = (Decision.ACCEPTED, Decision.PARTLY_ACCEPTED)


@dataclass
class Consultation:
    """What the site publishes of the consultation: the rounds read, and where comments go."""

    rounds: list[RoundData] = field(default_factory=list)
    repository: str | None = None  # https://github.com/OWNER/REPO, when the catalog lives on GitHub
    language: str = "en"  # the site edition's language: the round pages and labels are written in it

    @property
    def closed(self) -> list[RoundData]:
        return [r for r in self.rounds if r.round is not None and r.round.status is RoundStatus.CLOSED]


def round_path(round_id: str) -> str:
    return f"{CONSULTATION_DIR}/{round_id}.md"


def github_repository(url: str | None) -> str | None:
    """The repository address when `url` (mkdocs' repo_url) is a GitHub repository, else None."""
    if not url:
        return None
    cleaned = url.strip().removesuffix("/").removesuffix(".git")
    parts = cleaned.split("/")
    if cleaned.startswith("https://github.com/") and len(parts) == 5 and all(parts[3:]):
        return cleaned
    return None


def comment_url(repository: str, requirement: Requirement, release: str) -> str:
    """The new-issue address that opens the comment form with the id and the release filled in."""
    query = urlencode({"template": ISSUE_TEMPLATE, "requirement": requirement.id, "release": release,
                       "title": f"[Comment] {requirement.id}"}, quote_via=quote)
    return f"{repository}/issues/new?{query}"


def consultation_nav(consultation: Consultation) -> dict[str, list[dict[str, str]]]:
    """The Consultation entry of the navigation: the overview, then each closed round (a handful, not thousands)."""
    words = site_words(consultation.language)
    rounds = [{data.round.id: round_path(data.round.id)} for data in consultation.closed if data.round is not None]
    return {escape(words["consultation"], markdown=False): [{escape(words["overview"], markdown=False):
                                                              CONSULTATION_INDEX}, *rounds]}


def consultation_pages(catalog: Catalog, consultation: Consultation) -> dict[str, str]:
    """The Consultation section: an index of the closed rounds and one page per round."""
    closed = consultation.closed
    if not closed:
        return {}
    language = consultation.language
    words = site_words(language)
    pages: dict[str, str] = {}
    rows = []
    for data in closed:
        assert data.round is not None
        path = round_path(data.round.id)
        report = build_report(data, catalog, language, "summary")

        def link(requirement_id: str, text: str, here: str = path) -> str:
            if requirement_id not in catalog.requirements:
                return text
            return page_link(here, requirement_path(requirement_id), text)

        pages[path] = page_text(front_matter(report.title) + round_body(report, link))
        counts = ", ".join(f"{escape(label)} {count}" for label, count in report.by_decision if count)
        rows.append([page_link(CONSULTATION_INDEX, path, escape(data.round.id)), escape(report.title),
                     str(len(data.comments)), counts])
    lines = front_matter(words["section"]) + heading(1, escape(words["section"])) + paragraph(escape(words["intro"]))
    lines += table([escape(words[key]) for key in ("round", "consultation", "comments", "decisions")], rows)
    pages[CONSULTATION_INDEX] = page_text(lines)
    return pages


def round_body(report: Report, link: Callable[[str, str], str]) -> list[str]:
    """A closed round's published table (the report's Markdown and Word tables, as the page's HTML)."""
    lines = heading(1, escape(report.title))
    if report.draft_note:
        lines += paragraph(f"<em>{escape(report.draft_note)}</em>")
    for text in report.lead:
        lines += paragraph(escape(text))
    labels = report.labels
    total = sum(count for _label, count in report.by_decision)
    lines += heading(2, escape(labels["counts"]))
    lines += table(header(labels["decision"], labels["count"]),
                   [[escape(label), str(count)] for label, count in report.by_decision]
                   + [[strong(escape(labels["total"])), strong(str(total))]])
    lines += table(header(labels["organisation"], labels["count"]),
                   [[escape(label), str(count)] for label, count in report.by_organisation])
    for section in report.sections:
        lines += heading(2, escape(section.heading))
        lines += table(header(*report.headers), [_round_row(row, link) for row in section.rows])
    return lines


def _round_row(row: Row, link: Callable[[str, str], str]) -> list[str]:
    target = escape(row.target)
    if row.requirement != GENERAL:
        target = link(row.requirement, target)
    anchor = f'<span id="{escape(row.number.lower(), markdown=False)}"></span>{escape(row.number)}'
    view = "<br>".join([strong(escape(row.decision)), *(escape(text) for text in row.response)])
    return [anchor, target, "<br>".join(escape(text) for text in row.comment), view, escape(row.change)]


def changed_by(consultation: Consultation, requirement_id: str) -> list[tuple[str, Comment]]:
    """(round id, comment) for each decided comment of a closed round whose change names the requirement."""
    found = []
    for data in consultation.closed:
        assert data.round is not None
        for comment in data.comments:
            disposition = comment.disposition
            if disposition and disposition.change and disposition.decision in CHANGED \
                    and requirement_id in disposition.change.requirements:
                found.append((data.round.id, comment))
    return found


def requirement_section(consultation: Consultation | None, requirement: Requirement, release: str) -> list[str]:
    """The requirement page's 'Public consultation' lines: the comments that changed it, and where to comment."""
    if consultation is None or (not consultation.repository and not consultation.closed):
        return []
    language = consultation.language
    words = site_words(language)
    path = requirement_path(requirement.id)
    lines = heading(2, escape(words["section"]), "consultation")
    changes = changed_by(consultation, requirement.id)
    labels = decision_labels(language)
    if changes:
        lines += paragraph(escape(words["changed_by"]))
        lines += bullets(page_link(path, round_path(round_id), escape(f"{round_id} {comment.id}"), comment.id.lower())
                         + " " + escape(words["decided"].format(decision=labels[comment.disposition.decision]))
                         for round_id, comment in changes if comment.disposition is not None)
    if consultation.repository:
        url = comment_url(consultation.repository, requirement, release)
        lines += paragraph(f'<a class="md-button" href="{escape(url, markdown=False)}">'
                           f"{escape(words['comment_on'])}</a>")
    return lines


def downloads_line(language: str = "en") -> str:
    """The downloads page's line for the comment form."""
    from exodossier.site.paths import DOWNLOADS

    return page_link(DOWNLOADS, COMMENT_FORM, "comment-form.xlsx") + " — " + escape(site_words(language)["form"])


def comment_form(catalog: Catalog, when: dt.datetime, language: str = "en") -> bytes:
    from exodossier.consultation.form import form_bytes

    return form_bytes(catalog, catalog.version, language, when)


def load_consultation(folder: Path, catalog: Catalog, repo_url: str | None,
                      language: str = "en") -> tuple[Consultation, list[Diagnostic]]:
    """The rounds of `folder` (none when it does not exist), and what `validate` finds in them."""
    from exodossier.consultation.checks import load_checked

    rounds, problems = load_checked(folder, catalog)
    return Consultation(rounds, github_repository(repo_url), "ja" if language.startswith("ja") else "en"), problems
