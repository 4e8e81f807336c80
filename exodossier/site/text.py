"""Catalog text in the edition's language: the Japanese edition shows Japanese, or the English marked.

Every page renders catalog text through these helpers, so the rule "where the Japanese is missing
or stale, show the English and say so" lives in one place. Text is escaped here (see `escape`).
"""

from __future__ import annotations

from exodossier.catalog.models import LocalizedText
from exodossier.site.context import SiteContext, in_language
from exodossier.site.escape import escape, paragraphs


def pending_mark(site: SiteContext, missing: bool = True) -> str:
    """The small note beside a field whose Japanese is missing, or not reviewed against the current English."""
    _ = site.translate
    if missing:
        tooltip = _("This text has no Japanese translation yet; the English text is shown.")
        label = escape(_("translation pending"))
    else:
        tooltip = _("This Japanese text has not been reviewed against the current English text.")
        label = escape(_("translation not yet reviewed"))
    return f'<span class="exo-pending" title="{escape(tooltip, markdown=False)}">{label}</span>'


def _shown(site: SiteContext, text: LocalizedText) -> tuple[str, bool, str]:
    """(text, marked, lang attribute to add) for one field in this edition.

    Marked: the Japanese edition shows a missing translation as the English (tagged `lang="en"`)
    and a stale one as the Japanese it has; both carry the pending note.
    """
    shown, pending = in_language(text, site.language)
    marked = pending and site.language != "en"
    return shown, marked, ' lang="en"' if marked and text.ja is None else ""


def inline(site: SiteContext, text: LocalizedText | str | None) -> str:
    """One line of escaped text in the edition's language, marked when the translation is pending."""
    if text is None:
        return ""
    if isinstance(text, str):
        return escape(text)
    shown, marked, lang = _shown(site, text)
    if not marked:
        return escape(shown)
    mark = pending_mark(site, missing=text.ja is None)
    return f"<span{lang}>{escape(shown)}</span> {mark}" if lang else f"{escape(shown)} {mark}"


def html_paragraphs(site: SiteContext, text: LocalizedText | str | None) -> list[str]:
    """Paragraphs of a longer text in the edition's language, the last one marked when its translation is pending."""
    if text is None:
        return []
    if isinstance(text, str):
        return _spaced([f"<p>{p}</p>" for p in paragraphs(text)])
    shown, marked, lang = _shown(site, text)
    parts = [f"<p{lang}>{p}</p>" for p in paragraphs(shown)]
    if marked and parts:
        parts[-1] = parts[-1][: -len("</p>")] + f" {pending_mark(site, missing=text.ja is None)}</p>"
    return _spaced(parts)


def block(site: SiteContext, text: LocalizedText | str | None) -> list[str]:
    """Paragraphs of a longer text (a description, a summary, an admonition's body)."""
    return html_paragraphs(site, text)


def other_language(site: SiteContext, text: LocalizedText) -> tuple[str, str] | None:
    """The parallel text in the other language (lang code, escaped text), when there is one."""
    if site.language == "ja":
        return "en", escape(text.en)
    return ("ja", escape(text.ja)) if text.ja else None


def _spaced(lines: list[str]) -> list[str]:
    out: list[str] = []
    for line in lines:
        out += [line, ""]
    return out


def fill(template: str, **markup: str) -> str:
    """A translated sentence, escaped, with `{name}` placeholders replaced by ready markup (links, badges).

    Translators move placeholders freely ("{date}にリリース。前回のリリース: {link}"), so sentences are
    never assembled from English fragments.
    """
    names = list(markup)
    marked = template.format(**{name: f"\x00{index}\x00" for index, name in enumerate(names)})
    text = escape(marked)
    for index, name in enumerate(names):
        text = text.replace(f"\x00{index}\x00", markup[name])
    return text
