"""The Definitions chapter: the controlled terminology (Catalog.terminology), grouped as the site's glossary.

The glossary chapter's prose (guideline/glossary.md, or its Japanese edition) introduces it;
the term tables come from requirements_catalog/terminology.yaml, the same list `exodossier
validate` checks every Japanese text against, so the definitions and the Japanese text of the
requirements cannot drift apart. A Japanese form not confirmed against an official Japanese
text is marked ‡; a source named under 'See' becomes its reference number.
"""

from __future__ import annotations

from exodossier.catalog.models import Term, TermGroup
from exodossier.docx.builder import Cell
from exodossier.docx.styles import NOTE
from exodossier.guideline.numbering import label
from exodossier.guideline.prose import fallback_note, write_blocks
from exodossier.guideline.writer import GLOSSARY, GuidelineWriter
from exodossier.i18n.messages import Translate

UNCONFIRMED_MARK = "‡"
FRACTIONS = (2.2, 2.2, 4.2, 1.6)


def group_titles(_: Translate) -> dict[TermGroup, str]:
    return {
        TermGroup.REGULATORY: _("Regulatory and legal terms"),
        TermGroup.QUALITY: _("Quality (CMC) and ICH quality guidelines"),
        TermGroup.BIOLOGICS: _("Biologics, cell substrates, viral and microbial safety"),
        TermGroup.EV: _("Extracellular vesicles and their characterisation"),
        TermGroup.MANUFACTURING: _("Manufacturing and sterility assurance"),
        TermGroup.INHALATION: _("Inhalation and drug-product performance"),
        TermGroup.MODEL_CASE: _("The model case: cells and diseases"),
    }


def write_definitions(w: GuidelineWriter, path: tuple[int, ...]) -> None:
    _ = w._
    chapter = w.chapters[GLOSSARY]
    fallback_note(w, chapter)
    if chapter.lead is not None:
        write_blocks(w, chapter.lead.blocks, path)
    terms = list(w.catalog.terminology)
    if not terms:
        w.para(_("The catalog has no controlled terminology yet."), NOTE)
        return
    w.para(_("{mark} The Japanese form is not yet confirmed against an official Japanese text.").format(
        mark=UNCONFIRMED_MARK), NOTE)
    header = [_("Japanese"), _("English")] if w.language == "ja" else [_("English"), _("Japanese")]
    header += [_("Meaning in this guideline"), _("See")]
    number = 0
    for group, title in group_titles(_).items():
        members = [term for term in terms if term.group is group]
        if not members:
            continue
        number += 1
        w.literal_heading(label(path + (number,), w.language), title, 2)
        w.table(header, [row(w, term) for term in members], FRACTIONS)


def row(w: GuidelineWriter, term: Term) -> list[Cell]:
    japanese = term.ja if term.verified else f"{term.ja} {UNCONFIRMED_MARK}"
    first, second = (japanese, term.en) if w.language == "ja" else (term.en, japanese)
    see = [f"{source_id} [{w.refs.cite(source_id)}]" if source_id in w.catalog.sources else source_id
           for source_id in term.see]
    return [first, second, w.plain(term.definition) or "—", ", ".join(see) or "—"]
