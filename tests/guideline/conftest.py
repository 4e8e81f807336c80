"""Building the guideline from the small fixture catalog and the fixture chapters, and reading it back."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from exodossier.catalog.checks import load_valid_catalog
from exodossier.catalog.loader import Catalog
from exodossier.guideline.document import BuiltGuideline, GuidelineOptions, build_guideline
from exodossier.i18n.messages import Language
from tests.conftest import FIXTURES, SMALL_CATALOG

CHAPTERS = FIXTURES / "guideline"
WHEN = dt.datetime(2026, 12, 6, tzinfo=dt.timezone.utc)
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def build(catalog: Catalog, language: Language = "en", edition: str = "full", include_drafts: bool = False,
          chapters: Path = CHAPTERS, specification: Path | None = None) -> BuiltGuideline:
    options = GuidelineOptions(language=language, edition="full" if edition == "full" else "summary",
                               include_drafts=include_drafts, chapters=chapters, specification=specification)
    return build_guideline(catalog, options, WHEN)


def paragraphs(data: bytes) -> list[str]:
    """The text of every paragraph of the body, tables included, in document order."""
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")
    root = etree.fromstring(xml)
    return ["".join(node.text or "" for node in p.iter(f"{W}t")) for p in root.iter(f"{W}p")]


def headings(data: bytes) -> list[str]:
    """The text of every heading paragraph (styles Heading 1-3), number and title joined by a space."""
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")
    root = etree.fromstring(xml)
    found = []
    for p in root.iter(f"{W}p"):
        style = p.find(f"{W}pPr/{W}pStyle")
        if style is not None and re.fullmatch(r"Heading[123]", style.get(f"{W}val", "")):
            found.append(" ".join("".join(node.text or "" for node in r.iter(f"{W}t"))
                                  for r in p.iter(f"{W}r") if r.find(f"{W}t") is not None))
    return found


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_valid_catalog(SMALL_CATALOG)
