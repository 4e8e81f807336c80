"""The hand-written chapters: guideline/<name>.md in English, guideline/ja/<name>.md in Japanese.

The same files the site publishes, read as Markdown (blocks.py), never through YAML. A
Japanese chapter not yet written falls back to the English one, and the document says so
where the chapter starts rather than passing English off as the Japanese edition.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from exodossier.errors import UserError, error
from exodossier.guideline.blocks import Block, Heading, parse

MAX_CHAPTER_BYTES = 2_000_000

DEFAULT_CHAPTERS = Path("guideline")
JAPANESE_FOLDER = "ja"


@dataclass
class Section:
    """A level-2 part of a chapter, with its own title (None for the text before the first one)."""

    title: str | None
    blocks: list[Block] = field(default_factory=list)


@dataclass
class Chapter:
    name: str
    title: str
    sections: list[Section]
    path: Path
    fallback: bool  # the reader's language was missing; this is the English chapter

    def section(self, position: int) -> Section | None:
        titled = [s for s in self.sections if s.title is not None]
        return titled[position] if position < len(titled) else None

    @property
    def lead(self) -> Section | None:
        """The text before the first level-2 heading, if any."""
        first = self.sections[0] if self.sections else None
        return first if first is not None and first.title is None and first.blocks else None


def chapter_path(folder: Path, name: str, language: str) -> tuple[Path, bool]:
    """The file to read for a chapter, and whether it is the English fallback of a missing translation."""
    english = folder / f"{name}.md"
    if language == "ja":
        japanese = folder / JAPANESE_FOLDER / f"{name}.md"
        if japanese.is_file():
            return japanese, False
        return english, True
    return english, False


def load_chapter(folder: Path, name: str, language: str) -> Chapter:
    path, fallback = chapter_path(folder, name, language)
    try:
        with path.open("rb") as stream:  # bounded: a chapter that is /dev/zero or a FIFO must not hang the build
            raw = stream.read(MAX_CHAPTER_BYTES + 1)
        if len(raw) > MAX_CHAPTER_BYTES:
            raise UserError([error(str(path), 0, 0, "file-too-large",
                                   f"the chapter is over {MAX_CHAPTER_BYTES:,} bytes", hint="split it into chapters")])
        text = unicodedata.normalize("NFC", raw.decode("utf-8"))
    except FileNotFoundError:
        raise UserError([error(str(path), 0, 0, "chapter-missing", f"the chapter '{name}' is missing",
                               hint="run from the repository root or give --chapters DIR")]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError([error(str(path), 0, 0, "chapter-unreadable", f"cannot read the chapter: {exc}")]) from None
    return split_chapter(name, path, fallback, parse(text))


def split_chapter(name: str, path: Path, fallback: bool, blocks: list[Block]) -> Chapter:
    """The level-1 heading is the chapter's title; level-2 headings open its sections."""
    title = name
    sections = [Section(None)]
    for block in blocks:
        if isinstance(block, Heading) and block.level == 1:
            title = block.text
        elif isinstance(block, Heading) and block.level == 2:
            sections.append(Section(block.text))
        else:
            sections[-1].blocks.append(block)
    return Chapter(name, title, sections, path, fallback)
