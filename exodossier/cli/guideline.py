"""`exodossier guideline build`: the guideline as a Word document (and PDF) for PMDA and MHLW."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import click

from exodossier.cli.options import catalog_option, reports_user_errors

STATUS_CHOICES = ("committee-draft", "public-comment", "final")


@click.group()
def guideline() -> None:
    """The guideline as a document: Word and PDF, Japanese and English, full or summary edition."""


def document_datetime(catalog_date: str | None) -> dt.datetime:
    """SOURCE_DATE_EPOCH when set; else the catalog's date, so the same inputs give the same bytes on any day."""
    from exodossier.outputs import build_datetime, source_date_epoch

    if source_date_epoch() is not None or catalog_date is None:
        return build_datetime()
    parts = [int(p) for p in catalog_date.split("-")] + [1, 1]
    return dt.datetime(parts[0], parts[1], parts[2], tzinfo=dt.timezone.utc)


@guideline.command()
@click.option("--lang", "language", type=click.Choice(["ja", "en"]), default="en", show_default=True,
              help="Language of the document (Japanese chapters not yet written fall back to English, marked).")
@click.option("--edition", type=click.Choice(["full", "summary"]), default="full", show_default=True,
              help="full: everything; summary: statements and stage tables only.")
@click.option("--include-drafts", is_flag=True,
              help="Include draft and under-review requirements, marked DRAFT (left out by default).")
@click.option("--status", type=click.Choice(STATUS_CHOICES),
              help="Status printed on the title page.  [default: committee-draft]")
@click.option("-o", "--output", required=True, type=click.Path(path_type=Path, dir_okay=False),
              help="The .docx to write (atomically).")
@click.option("--pdf", "make_pdf", is_flag=True,
              help="Also write the PDF next to it (same name, .pdf), converted by LibreOffice.")
@click.option("--chapters", "chapters_dir", type=click.Path(path_type=Path, file_okay=False),
              default=Path("guideline"), show_default=True,
              help="Folder of the hand-written chapters (<name>.md, Japanese in ja/<name>.md).")
@click.option("--specification", type=click.Path(path_type=Path, dir_okay=False),
              default=Path("examples/specifications/model-case.yaml"), show_default=True,
              help="The model case's worked specification, printed as an annex of the full edition (skipped "
                   "when the file does not exist).")
@catalog_option
@reports_user_errors
def build(language: str, edition: str, include_drafts: bool, status: str | None, output: Path, make_pdf: bool,
          chapters_dir: Path, specification: Path, catalog_dir: Path) -> None:
    """Write the guideline document from the catalog and the committee's chapters.

    Adopted requirements are always in; draft ones only with --include-drafts. The command
    prints which requirements were left out. Exit 1 with file:line:col diagnostics when the
    catalog or a chapter has errors; nothing is written then.
    """
    from exodossier.catalog.checks import load_valid_catalog
    from exodossier.guideline.document import GuidelineOptions, build_guideline
    from exodossier.guideline.pdf import docx_to_pdf, require_soffice
    from exodossier.guideline.release_record import DocumentStatus, document_date
    from exodossier.i18n.messages import check_language
    from exodossier.outputs import write_atomic

    from exodossier.outputs import refuse_input_as_output, require_suffix

    require_suffix(output, ".docx")
    refuse_input_as_output(output, [catalog_dir, chapters_dir, specification])
    if make_pdf:
        refuse_input_as_output(output.with_suffix(".pdf"), [catalog_dir, chapters_dir], option="--pdf")
    started = time.perf_counter()
    soffice = require_soffice(output.with_suffix(".pdf")) if make_pdf else None
    catalog = load_valid_catalog(catalog_dir)
    options = GuidelineOptions(language=check_language(language), edition="full" if edition == "full" else "summary",
                               include_drafts=include_drafts, status=DocumentStatus(status) if status else None,
                               chapters=chapters_dir, specification=specification)
    built = build_guideline(catalog, options, document_datetime(document_date(catalog)))
    pdf = docx_to_pdf(soffice, built.data, output) if soffice else None
    write_atomic(output, built.data)
    if pdf is not None:
        write_atomic(output.with_suffix(".pdf"), pdf)
    written = f"{output} and {output.with_suffix('.pdf')}" if pdf is not None else str(output)
    click.echo(f"wrote {written}: {len(built.included)} requirements, {built.references} references "
               f"({language}, {edition}, {time.perf_counter() - started:.1f} s)", err=True)
    if built.left_out:
        click.echo(f"left out {len(built.left_out)} draft requirement(s) (add --include-drafts to include them): "
                   f"{', '.join(built.left_out)}", err=True)
    if built.fallback_chapters:
        click.echo(f"note: no Japanese text yet for chapter(s) {', '.join(built.fallback_chapters)}; "
                   "the English is shown, marked", err=True)


MAX_DOCUMENT_BYTES = 200_000_000


@guideline.command()
@click.argument("documents", metavar="GUIDELINE.docx...", nargs=-1, required=True,
                type=click.Path(path_type=Path, dir_okay=False, exists=True))
@reports_user_errors
def pdf(documents: tuple[Path, ...]) -> None:
    """Convert guideline documents to PDF (beside each, same name) with one LibreOffice run.

    Faster than --pdf on each build when there are several documents: LibreOffice starts once.
    """
    from exodossier.guideline.pdf import convert_many, require_soffice
    from exodossier.outputs import write_atomic

    from exodossier.outputs import read_bounded, require_suffix

    for path in documents:  # the PDF is written beside each, same name: a .pdf "document" would be replaced
        require_suffix(path, ".docx", option="GUIDELINE.docx")
    soffice = require_soffice(documents[0].with_suffix(".pdf"))
    pdfs = convert_many(soffice, [(read_bounded(path, MAX_DOCUMENT_BYTES), path) for path in documents])
    for path, data in zip(documents, pdfs):
        write_atomic(path.with_suffix(".pdf"), data)
    click.echo(f"wrote {len(pdfs)} PDF(s): {', '.join(str(p.with_suffix('.pdf')) for p in documents)}", err=True)
