"""How diagnostics reach the reader: selection by code, a summary of repeats, counts per code, and colour.

A validator that prints the same warning 384 times hides the one error that matters. So by
default each code shows its first few warnings and then one line saying how many more there
are; `--verbose` shows all, `--quiet` only errors, `--statistics` one count per code. Errors are
never hidden or summarised: the site and the reports cannot be built while there are any.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Iterable, Sequence

import click

from exodossier.codes import BY_SLUG, CODES, lookup, selects, unknown_selectors
from exodossier.errors import Diagnostic, Severity, UserError, did_you_mean, error

REPEATS = 3  # warnings of one code shown before the rest are summarised
_COLOUR = {Severity.ERROR: "red", Severity.WARNING: "yellow"}


def check_selectors(tokens: Iterable[str], option: str) -> tuple[str, ...]:
    """The tokens, each a code (EXO301), a prefix of one (EXO3) or a slug; a usage error otherwise."""
    cleaned = tuple(token.strip() for token in tokens if token.strip())
    unknown = unknown_selectors(cleaned)
    if unknown:
        candidates = [code.number for code in CODES] + list(BY_SLUG)
        hints = [did_you_mean(token, candidates) for token in unknown]
        raise UserError([error(option, 0, 0, "usage", f"no diagnostic code matches '{token}'",
                               expected="a code (EXO301), a prefix (EXO3) or a slug (unverified-source)",
                               hint=hint or "run: exodossier codes") for token, hint in zip(unknown, hints)],
                        exit_code=2)
    return cleaned


def selected(diagnostic: Diagnostic, select: Sequence[str], ignore: Sequence[str]) -> bool:
    """Whether a diagnostic is shown: errors always; warnings when selected and not ignored."""
    if diagnostic.severity is Severity.ERROR:
        return True
    if select and not any(selects(token, diagnostic.code) for token in select):
        return False
    return not any(selects(token, diagnostic.code) for token in ignore)


@dataclass(frozen=True)
class Shown:
    """What to print: the diagnostics in full, and per code how many more were left out."""

    diagnostics: tuple[Diagnostic, ...]
    left_out: tuple[tuple[str, int], ...]  # (slug, how many more), in order of first appearance


def summarise(diagnostics: Sequence[Diagnostic], repeats: int = REPEATS, verbose: bool = False) -> Shown:
    """Keep every error and the first `repeats` warnings of each code; count the rest."""
    if verbose:
        return Shown(tuple(sorted(diagnostics)), ())
    kept: list[Diagnostic] = []
    seen: Counter[str] = Counter()
    for diagnostic in sorted(diagnostics):
        seen[diagnostic.code] += diagnostic.severity is Severity.WARNING
        if diagnostic.severity is Severity.ERROR or seen[diagnostic.code] <= repeats:
            kept.append(diagnostic)
    left_out = tuple((slug, count - repeats) for slug, count in seen.items() if count > repeats)
    return Shown(tuple(kept), left_out)


def label_of(slug: str) -> str:
    code = lookup(slug)
    return f"{code.number} {slug}" if code is not None else slug


def more_line(slug: str, count: int) -> str:
    return f"… and {count} more {label_of(slug)} (run with --verbose)"


def styled(diagnostic: Diagnostic) -> str:
    """The human form, with the severity coloured (click drops the colour on a pipe or with NO_COLOR)."""
    text = diagnostic.human()
    word = f": {diagnostic.severity.value}:"
    head, found, tail = text.partition(word)
    if not found:
        return text
    return head + ": " + click.style(diagnostic.severity.value, fg=_COLOUR[diagnostic.severity], bold=True) + ":" + tail


def statistics(diagnostics: Sequence[Diagnostic]) -> str:
    """One line per code, most frequent first: `  20  EXO301 unverified-source  (warning)`."""
    counts = Counter((d.code, d.severity.value) for d in diagnostics)
    width = max((len(str(n)) for n in counts.values()), default=1)
    ordered = sorted(counts.items(), key=lambda item: (-item[1], label_of(item[0][0])))
    return "\n".join(f"{count:>{width}}  {label_of(slug)}  ({severity})" for (slug, severity), count in ordered)


def count_line(errors: int, warnings: int, hidden: int) -> str:
    text = f"{errors} error(s), {warnings} warning(s)"
    return text + (f" ({hidden} hidden by --select/--ignore)" if hidden else "")
