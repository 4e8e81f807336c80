"""The words a reader sees for the consultation's codes, in English and Japanese.

The form, the status table and the published responses all name organisation types and
decisions; they take the words from here, so the form a commenter fills in and the table the
committee publishes say the same thing. The importer reads any of these words back.
"""

from __future__ import annotations

import unicodedata

from exodossier.consultation.models import CommentLanguage, Decision, OrganisationType, RoundStatus
from exodossier.i18n.messages import LANGUAGES, translator

DOMAIN = "consultation"
# Language names are written in their own language (autonyms), whatever the form's language.
LANGUAGE_NAMES = {CommentLanguage.EN: "English", CommentLanguage.JA: "日本語"}


def organisation_labels(language: str) -> dict[OrganisationType, str]:
    _ = translator(DOMAIN, language)
    return {
        OrganisationType.SPONSOR: _("Sponsor or marketing authorisation holder"),
        OrganisationType.CDMO: _("Contract manufacturer (CDMO)"),
        OrganisationType.ACADEMIA: _("Academia or research institute"),
        OrganisationType.REGULATOR: _("Regulatory authority"),
        OrganisationType.INDUSTRY_ASSOCIATION: _("Industry association"),
        OrganisationType.HEALTHCARE: _("Healthcare professional or hospital"),
        OrganisationType.INDIVIDUAL: _("Individual"),
        OrganisationType.OTHER: _("Other"),
    }


def decision_labels(language: str) -> dict[Decision, str]:
    _ = translator(DOMAIN, language)
    return {
        Decision.ACCEPTED: _("Accepted"),
        Decision.PARTLY_ACCEPTED: _("Partly accepted"),
        Decision.NOT_ACCEPTED: _("Not accepted"),
        Decision.NOTED: _("Noted / out of scope"),
    }


def status_labels(language: str) -> dict[RoundStatus, str]:
    _ = translator(DOMAIN, language)
    return {RoundStatus.OPEN: _("open"), RoundStatus.CLOSED: _("closed")}


def pending_label(language: str) -> str:
    _ = translator(DOMAIN, language)
    return _("Pending")


def general_label(language: str) -> str:
    _ = translator(DOMAIN, language)
    return _("The guideline as a whole")


def normal(text: str) -> str:
    """How a typed choice is compared: NFKC, no surrounding space, case-insensitive."""
    return " ".join(unicodedata.normalize("NFKC", text).split()).casefold()


def organisation_from_text(text: str) -> OrganisationType | None:
    """The organisation type a cell or an issue field names, in either language or as its code."""
    candidates = [normal(text)] + [normal(part) for part in text.split(" / ")]  # "English / 日本語" in the issue form
    for kind in OrganisationType:
        names = {kind.value, kind.value.replace("_", " ")} | {organisation_labels(lang)[kind] for lang in LANGUAGES}
        if set(candidates) & {normal(name) for name in names}:
            return kind
    return None


def language_from_text(text: str) -> CommentLanguage | None:
    wanted = normal(text)
    aliases = {CommentLanguage.EN: {"en", "english", "英語"}, CommentLanguage.JA: {"ja", "japanese", "日本語", "jp"}}
    for language, names in aliases.items():
        if wanted in names or wanted == normal(LANGUAGE_NAMES[language]):
            return language
    return None


def site_words(language: str) -> dict[str, str]:
    """What the guideline site prints about the consultation (its pages live in exodossier/site)."""
    _ = translator(DOMAIN, language)
    return {
        "section": _("Public consultation"),
        "intro": _("The committee's responses to the comments received on each draft."),
        "round": _("Round"),
        "consultation": _("Consultation"),
        "overview": _("Overview"),
        "decided": _("({decision})"),
        "comments": _("Comments"),
        "decisions": _("Decisions"),
        "changed_by": _("Comments that changed this requirement:"),
        "comment_on": _("Comment on this requirement"),
        "form": _("the comment form for a public consultation: one row per comment, filled in offline."),
    }
