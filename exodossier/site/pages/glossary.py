"""The glossary, made from the controlled terminology (requirements_catalog/terminology.yaml).

The chapter guideline/glossary.md keeps its prose and holds the marker `<!-- exodossier:glossary -->`;
the plugin puts the term tables there, in the edition's language. The English edition lists the
English term with its Japanese; the Japanese edition lists the Japanese term first, with the English.
A Japanese form not yet confirmed against an official Japanese text is marked, so nobody cites it as
official. In the Japanese edition a definition without Japanese shows the English, marked as pending, and
a Japanese definition not yet reviewed against the current English is marked as such.
"""

from __future__ import annotations

from typing import Iterable

from exodossier.catalog.models import Term, TermGroup
from exodossier.i18n.messages import Translate, translator
from exodossier.site.escape import escape
from exodossier.site.markup import page_link, table
from exodossier.site.paths import source_path

GLOSSARY_MARKER = "<!-- exodossier:glossary -->"
UNCONFIRMED_MARK = "†"


def _group_titles(_: Translate) -> dict[TermGroup, str]:
    return {
        TermGroup.REGULATORY: _("Regulatory and legal terms"),
        TermGroup.QUALITY: _("Quality (CMC) and ICH quality guidelines"),
        TermGroup.BIOLOGICS: _("Biologics, cell substrates, viral and microbial safety"),
        TermGroup.EV: _("Extracellular vesicles and their characterisation"),
        TermGroup.MANUFACTURING: _("Manufacturing and sterility assurance"),
        TermGroup.INHALATION: _("Inhalation and drug-product performance"),
        TermGroup.MODEL_CASE: _("The model case: cells and diseases"),
    }


def _see(term: Term, page: str, sources: Iterable[str]) -> str:
    known = set(sources)
    return ", ".join(page_link(page, source_path(sid), escape(sid)) if sid in known else escape(sid) for sid in term.see)


def _japanese(term: Term) -> str:
    mark = "" if term.verified else f" {UNCONFIRMED_MARK}"
    return f'<span lang="ja">{escape(term.ja)}</span>{mark}'


def _definition(term: Term, language: str, _: Translate) -> str:
    """The meaning in the edition's language; a Japanese text not yet reviewed against the English is marked."""
    definition = term.definition
    if definition is None:
        return ""
    text, pending = definition.in_language(language)
    if language != "ja":
        return escape(text)
    if definition.ja is None:
        marker = escape(_("(translation pending)"))
        return f"{escape(text)} <em>{marker}</em>"
    shown = f'<span lang="ja">{escape(text)}</span>'
    if pending:
        marker = escape(_("(translation not yet reviewed)"))
        shown += f" <em>{marker}</em>"
    return shown


def _row(term: Term, language: str, page: str, sources: Iterable[str], _: Translate) -> list[str]:
    english = escape(term.en)
    first, second = (_japanese(term), english) if language == "ja" else (english, _japanese(term))
    return [first, second, _definition(term, language, _), _see(term, page, sources)]


def glossary_markdown(terms: Iterable[Term], language: str, page: str = "glossary.md",
                      sources: Iterable[str] = ()) -> str:
    """The glossary's term tables, one section per group, in the edition's language.

    `page` is the glossary page's path in the docs folder (for links to source pages); `sources`
    are the source ids that have pages. Terms keep the terminology file's order within a section.
    """
    _ = translator("site", language)
    known = list(sources)
    header = [_("Japanese"), _("English")] if language == "ja" else [_("English"), _("Japanese")]
    header += [_("Meaning in this guideline"), _("See")]
    lines = [escape(_("{mark} The Japanese form is not yet confirmed against an official Japanese text.")
                    .format(mark=UNCONFIRMED_MARK)), ""]
    terms = list(terms)
    for group, title in _group_titles(_).items():
        members = [term for term in terms if term.group is group]
        if members:
            lines += [f"## {escape(title)}", ""]
            lines += table([escape(cell) for cell in header], (_row(term, language, page, known, _) for term in members))
    return "\n".join(lines).rstrip("\n") + "\n"


def fill_glossary(markdown: str, terms: Iterable[Term], language: str, page: str = "glossary.md",
                  sources: Iterable[str] = ()) -> str:
    """The chapter with its marker replaced by the term tables (unchanged when it has no marker)."""
    if GLOSSARY_MARKER not in markdown:
        return markdown
    return markdown.replace(GLOSSARY_MARKER, glossary_markdown(terms, language, page, sources), 1)
