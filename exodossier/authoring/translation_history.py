"""What changed in the English since a stale Japanese text was translated.

The check in `exodossier.catalog.translation` knows only that the fingerprint `ja_of` no longer
matches the English. Here the file's git history is searched for the English whose fingerprint is
`ja_of` (the text the translator saw), and the stale warning is given a word diff against it. When
the file is not in git, or no revision matches, the warning says that the English changed.
"""

from __future__ import annotations

import difflib
import subprocess
from dataclasses import replace
from pathlib import Path
from typing import Iterable

from pydantic import BaseModel

from exodossier.catalog.loader import Catalog, parse_model
from exodossier.catalog.models import LocalizedText, fingerprint
from exodossier.catalog.texts import field_label, iter_texts
from exodossier.catalog.translation import STALE_CODE, catalog_items
from exodossier.catalog.yaml_reader import Path_, parse_text
from exodossier.errors import Diagnostic, UserError

MAX_REVISIONS = 200
CONTEXT_WORDS = 4


def _git(args: list[str], cwd: Path) -> bytes | None:
    try:
        result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout if result.returncode == 0 else None


def _revisions(path: Path) -> tuple[Path, str, list[str]] | None:
    """The repository top, the file's path inside it, and the commits that touched it (newest first)."""
    folder = path.resolve().parent
    top = _git(["rev-parse", "--show-toplevel"], folder)
    if top is None:
        return None
    root = Path(top.decode().strip())
    inside = path.resolve().relative_to(root).as_posix()
    log = _git(["log", f"--max-count={MAX_REVISIONS}", "--format=%H", "--", inside], root)
    return (root, inside, log.decode().split()) if log else None


def _text_at(item: BaseModel | None, path: Path_) -> LocalizedText | None:
    for text_path, text in iter_texts(item) if item is not None else ():
        if text_path == path:
            return text
    return None


class FileHistory:
    """A file's earlier versions, parsed once and shared by all its stale texts."""

    def __init__(self, path: Path, model: type[BaseModel]) -> None:
        self.path = path
        self.model = model
        self._versions: list[tuple[str, BaseModel]] | None = None

    def versions(self) -> list[tuple[str, BaseModel]]:
        if self._versions is None:
            self._versions = list(self._read())
        return self._versions

    def _read(self) -> Iterable[tuple[str, BaseModel]]:
        found = _revisions(self.path)
        if found is None:
            return
        root, inside, commits = found
        for commit in commits:
            blob = _git(["show", f"{commit}:{inside}"], root)
            try:
                item, _ = parse_model(self.model, parse_text(blob.decode("utf-8"), inside)) if blob else (None, [])
            except (UserError, UnicodeDecodeError):
                continue
            if item is not None:
                yield commit[:10], item

    def english_of(self, text_path: Path_, ja_of: str) -> tuple[str, str] | None:
        """The English (and the commit) at `text_path` whose fingerprint is `ja_of`, newest first."""
        for commit, item in self.versions():
            text = _text_at(item, text_path)
            if text is not None and fingerprint(text.en) == ja_of:
                return text.en, commit
        return None


def word_diff(old: str, new: str, context: int = CONTEXT_WORDS) -> str:
    """The changed words only, with a few words around each change: `... [-old-]{+new+} ...`."""
    before, after = old.split(), new.split()
    pieces: list[str] = []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    opcodes = matcher.get_opcodes()
    for index, (tag, a1, a2, b1, b2) in enumerate(opcodes):
        if tag == "equal":
            words = before[a1:a2]
            first, last = index == 0, index == len(opcodes) - 1
            if len(words) > 2 * context or (first and len(words) > context) or (last and len(words) > context):
                head = [] if first else words[:context]
                tail = [] if last else words[-context:]
                pieces.append(" ".join([*head, "...", *tail]).strip())
            else:
                pieces.append(" ".join(words))
            continue
        removed = " ".join(before[a1:a2])
        added = " ".join(after[b1:b2])
        pieces.append((f"[-{removed}-]" if removed else "") + (f"{{+{added}+}}" if added else ""))
    return " ".join(piece for piece in pieces if piece)


def explain_stale_translations(catalog: Catalog, diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """The diagnostics, with each stale-translation warning showing what changed in the English."""
    diagnostics = list(diagnostics)
    stale = {(d.file, d.field_path): i for i, d in enumerate(diagnostics) if d.code == STALE_CODE}
    if not stale:
        return diagnostics
    for _, located, item in catalog_items(catalog):
        history = FileHistory(Path(located.file), type(item))
        for text_path, text in iter_texts(item):
            index = stale.get((located.file, field_label(text_path)))
            if index is None or text.ja_of is None:
                continue
            found = history.english_of(text_path, text.ja_of)
            if found is None:
                change = "the English changed since it was translated (that English is not in the file's git history)"
            else:
                english, commit = found
                change = f"the English changed since commit {commit}: {word_diff(english, text.en)}"
            label = field_label(text_path)
            diagnostics[index] = replace(diagnostics[index], message=f"the Japanese of '{label}' is stale: {change}")
    return diagnostics
