"""Keeping the `.po` catalogs in step with the code: which strings each domain marks with `_`.

Run `python -m exodossier.i18n.extract` after adding strings: it adds the new msgids to each
domain's Japanese catalog (empty, for the translator) and drops none. The test suite fails while
any marked string has no Japanese, so a release never shows English in the Japanese edition.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Iterator

from exodossier.i18n.messages import LOCALE_DIR, po_path

PACKAGE_DIR = Path(__file__).resolve().parent.parent
FIXED_DATE = dt.datetime(2026, 12, 6, tzinfo=dt.timezone.utc)  # header dates never change, so diffs show only messages


def domains() -> list[str]:
    """Every domain with a Japanese catalog; each is the name of the subpackage it serves."""
    return sorted(path.stem for path in (LOCALE_DIR / "ja" / "LC_MESSAGES").glob("*.po"))


def marked_strings(domain: str) -> Iterator[tuple[str, str, int]]:
    """(msgid, file, line) for every `_("...")` literal in the domain's subpackage."""
    from babel.messages.extract import extract_python

    folder = PACKAGE_DIR / domain
    files = sorted(folder.rglob("*.py")) if folder.is_dir() else [folder.with_suffix(".py")]
    for path in files:
        with path.open("rb") as stream:
            for line, _function, message, _comments in extract_python(stream, {"_": None}, [], {}):
                found: object = message  # a str for `_("...")`; a tuple for plural forms, which we do not use
                if isinstance(found, str) and found:
                    yield found, str(path.relative_to(PACKAGE_DIR.parent)), line


def update_catalog(domain: str) -> int:
    """Add the domain's new msgids to its Japanese catalog; returns how many were added."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import read_po, write_po

    path = po_path(domain, "ja")
    if path.is_file():
        with path.open("rb") as stream:
            catalog = read_po(stream, locale="ja", domain=domain)
    else:
        catalog = Catalog(locale="ja", domain=domain, project="exodossier", creation_date=FIXED_DATE,
                          revision_date=FIXED_DATE)
    added = 0
    for message, file, line in marked_strings(domain):
        if message not in catalog:
            catalog.add(message, "", locations=[(file, line)])
            added += 1
    catalog.revision_date = catalog.creation_date  # keep the header stable between runs
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as stream:
        write_po(stream, catalog, width=0, omit_header=False, sort_output=True, no_location=True)
    return added


def main(argv: list[str]) -> int:
    for domain in argv or domains():
        print(f"{domain}: {update_catalog(domain)} new message(s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
