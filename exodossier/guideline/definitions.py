"""The Definitions chapter: the terms the guideline uses, with their Japanese forms.

Made from the committee's glossary chapter (guideline/glossary.md, or its Japanese
edition), the same one the site publishes.
"""

from __future__ import annotations


from exodossier.guideline.writer import GLOSSARY, GuidelineWriter
from exodossier.guideline.prose import fallback_note, write_blocks, write_sections



def write_definitions(w: GuidelineWriter, path: tuple[int, ...]) -> None:
    chapter = w.chapters[GLOSSARY]
    fallback_note(w, chapter)
    if chapter.lead is not None:
        write_blocks(w, chapter.lead.blocks, path)
    write_sections(w, chapter, path)
