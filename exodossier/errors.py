"""User-facing problems, in one place.

Every problem a person can fix (bad YAML, a dangling reference, a missing output
folder) becomes a `Diagnostic`; the CLI turns a `UserError` into a message and an exit
code, so nobody ever sees a traceback for their own input. Each diagnostic's slug (`code`) has a
stable number in the registry, exodossier/codes.py; register new slugs there.
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import asdict, dataclass, field
from enum import Enum
from typing import Iterable, Sequence

from exodossier.codes import label, number


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem with a precise place, so an editor or CI can jump to it."""

    file: str
    line: int
    column: int
    severity: Severity = field(compare=False)
    code: str = field(compare=False)
    message: str = field(compare=False)
    field_path: str = field(default="", compare=False)
    expected: str = field(default="", compare=False)
    hint: str = field(default="", compare=False)

    @property
    def place(self) -> str:
        """`file:line:col`, or the file (or workbook cell) alone when there is no line to name."""
        return f"{self.file}:{self.line}:{self.column}" if self.line > 0 else self.file

    @property
    def label(self) -> str:
        """The stable code and slug, `EXO301 unverified-source` (exodossier/codes.py)."""
        return label(self.code)

    def human(self) -> str:
        text = f"{self.place}: {self.severity.value}: {self.message}"
        if self.field_path:
            text += f" [field: {self.field_path}]"
        text += f" [{self.label}]"
        if self.expected:
            text += f"\n    expected: {self.expected}"
        if self.hint:
            text += f"\n    hint: {self.hint}"
        return text

    def github(self) -> str:
        kind = "error" if self.severity is Severity.ERROR else "warning"
        message = self.message + (f" (hint: {self.hint})" if self.hint else "")
        message = message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return f"::{kind} file={self.file},line={self.line},col={self.column},title={self.label}::{message}"

    def as_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["severity"] = self.severity.value
        data["number"] = number(self.code)
        return data


def error(file: str, line: int, column: int, code: str, message: str, **extra: str) -> Diagnostic:
    return Diagnostic(file, line, column, Severity.ERROR, code, message, **extra)


def warning(file: str, line: int, column: int, code: str, message: str, **extra: str) -> Diagnostic:
    return Diagnostic(file, line, column, Severity.WARNING, code, message, **extra)


class UserError(Exception):
    """A problem in the user's input or environment; carries all diagnostics found."""

    def __init__(self, diagnostics: Sequence[Diagnostic] | str, exit_code: int = 1) -> None:
        if isinstance(diagnostics, str):
            diagnostics = [error("<input>", 0, 0, "usage", diagnostics)]
        self.diagnostics = sorted(diagnostics)
        self.exit_code = exit_code
        super().__init__("\n".join(d.human() for d in self.diagnostics))


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    return any(d.severity is Severity.ERROR for d in diagnostics)


# Requirement-shaped words (EXO-XX-NNN): a suggestion stays in the same category, within a few numbers,
# so EXO-XX-999 never suggests EXO-ST-009 and the search is a cheap filter, not difflib over every id.
_ID_SHAPE = re.compile(r"^(EXO-[A-Z]{2,4}-)([0-9]{3,})$")
CLOSE_NUMBERS = 10
# Each hint costs a difflib search; a file with 55,000 unknown names must not cost minutes. After this
# many searches in one run, further problems come without a hint (the first ones show the pattern).
MAX_HINT_SEARCHES = 200
_searches = 0


def reset_hint_budget() -> None:
    """Start a fresh allowance of fuzzy searches: once per command, and once per catalog load.

    The cap keeps a file with 55,000 unknown names from costing minutes; it must not outlive the run
    it protects, or a long-lived process (mkdocs serve, a test session) would stop giving hints.
    """
    global _searches
    _searches = 0


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """A hint naming the closest known spelling, or an empty string."""
    global _searches
    shape = _ID_SHAPE.match(word)
    if shape is not None:
        closest = _closest_id(shape.group(1), int(shape.group(2)), candidates)
        return f"did you mean '{closest}'?" if closest else ""
    if _searches >= MAX_HINT_SEARCHES:
        return ""
    _searches += 1
    matches = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return f"did you mean '{matches[0]}'?" if matches else ""


def _closest_id(prefix: str, number: int, candidates: Iterable[str]) -> str | None:
    """The id of the same category whose number is a likely slip: one digit wrong, two digits swapped, or
    within CLOSE_NUMBERS; the fewest wrong digits first, then the nearest number."""
    wanted = f"{number:03d}"
    best: tuple[int, int, str] | None = None
    for candidate in candidates:
        tail = candidate[len(prefix):] if candidate.startswith(prefix) else ""
        if not tail.isdigit():
            continue
        wrong = sum(a != b for a, b in zip(tail, wanted)) if len(tail) == len(wanted) else len(wanted)
        swapped = wrong == 2 and sorted(tail) == sorted(wanted)
        distance = abs(int(tail) - number)
        if wrong <= 1 or swapped or distance <= CLOSE_NUMBERS:
            key = (wrong, distance, candidate)
            best = key if best is None or key < best else best
    return best[2] if best else None


MAX_SHOWN = 500  # problems listed in human and GitHub form; the rest are counted (JSON lists all)


def format_diagnostics(diagnostics: Sequence[Diagnostic], fmt: str) -> str:
    ordered = sorted(diagnostics)
    if fmt != "json" and len(ordered) > MAX_SHOWN:
        rest = len(ordered) - MAX_SHOWN
        shown = format_diagnostics(ordered[:MAX_SHOWN], fmt)
        return shown + f"\n... and {rest:,} more problem(s) of the same kinds not shown; fix these first " \
                       "(or use --format json for the full list)"
    if fmt == "json":
        return json.dumps([d.as_dict() for d in ordered], indent=2, ensure_ascii=False)
    if fmt == "github":
        return "\n".join(d.github() for d in ordered)
    return "\n".join(d.human() for d in ordered)
