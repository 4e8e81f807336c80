"""`exodossier consultation form|import|status|report`: a public consultation on the draft guideline."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import click

from exodossier.cli.options import catalog_option, reports_user_errors

if TYPE_CHECKING:  # commands import what they need in their bodies, keeping `--help` instant
    from exodossier.catalog.loader import Catalog
    from exodossier.consultation.models import Round

consultation_option = click.option(
    "--consultation", "consultation_dir", type=click.Path(path_type=Path), default=Path("consultation"),
    show_default=True, help="Consultation folder: one subfolder per round, one YAML file per comment.")
round_option = click.option("--round", "round_id", required=True, metavar="ROUND",
                            help="The consultation round, e.g. 2027-1 (its folder under --consultation).")
language_option = click.option("--lang", "language", type=click.Choice(["en", "ja"]), default="en", show_default=True,
                               help="Language of the output.")


@click.group()
def consultation() -> None:
    """Collect comments on a draft, record the committee's decisions, publish the responses."""


@consultation.command()
@click.option("--release", help="Catalog version the comments are on.  [default: the catalog's version]")
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True, help="The workbook to write (.xlsx).")
@language_option
@catalog_option
@reports_user_errors
def form(release: str | None, output: Path, language: str, catalog_dir: Path) -> None:
    """Write the comment form: one row per comment, with drop-downs of the release's requirement ids."""
    from exodossier.catalog.checks import load_valid_catalog
    from exodossier.consultation.form import check_release, form_bytes
    from exodossier.cli.gap import report_datetime
    from exodossier.outputs import write_atomic

    from exodossier.outputs import refuse_input_as_output, require_suffix

    require_suffix(output, ".xlsx")
    refuse_input_as_output(output, [catalog_dir])
    catalog = load_valid_catalog(catalog_dir)
    chosen = check_release(catalog, release)
    write_atomic(output, form_bytes(catalog, chosen, language, report_datetime()))
    click.echo(f"wrote the comment form for release {chosen} ({len(catalog.requirements)} requirements) to {output}")


@consultation.command(name="import")
@click.argument("sources", nargs=-1, required=True, metavar="comments.xlsx|issues.json...",
                type=click.Path(path_type=Path))
@round_option
@click.option("--keep-contact", is_flag=True,
              help="Also keep names, emails and organisations (personal data; by default only the organisation type).")
@click.option("--title", help="Title of a new round.  [default: the catalog's title]")
@consultation_option
@catalog_option
@reports_user_errors
def import_(sources: tuple[Path, ...], round_id: str, keep_contact: bool, title: str | None,
            consultation_dir: Path, catalog_dir: Path) -> None:
    """Check the comments and store each as one YAML file under CONSULTATION/ROUND/.

    Importing the same comments again adds nothing. When any comment has an error, every
    problem is listed with its cell or issue and nothing is written.
    """
    from exodossier.catalog.checks import load_valid_catalog
    from exodossier.catalog.loader import display_path
    from exodossier.consultation.importer import Incoming, plan_import, read_any
    from exodossier.consultation.models import RoundStatus
    from exodossier.consultation.store import load_round, round_folder, write_round
    from exodossier.errors import Diagnostic, UserError, error, format_diagnostics, has_errors

    catalog = load_valid_catalog(catalog_dir)
    round_, new_round = _round_for_import(consultation_dir, round_id, title, catalog)
    folder = round_folder(consultation_dir, round_id)
    existing, problems = load_round(folder) if not new_round else (None, [])
    if problems:
        raise UserError(problems)
    incoming: list[Incoming] = []
    read_problems: list[Diagnostic] = []
    for source in sources:
        found, trouble = read_any(source, display_path(source), keep_contact)
        incoming += found
        read_problems += trouble
    plan = plan_import(incoming, existing.comments if existing else [], catalog, read_problems)
    if has_errors(plan.diagnostics):
        raise UserError(plan.diagnostics)
    if plan.new and round_.status is RoundStatus.CLOSED:
        raise UserError([error(display_path(folder / "round.yaml"), 0, 0, "round-closed",
                               f"round '{round_id}' is closed, and {len(plan.new)} comment(s) would be new",
                               hint="import into a new round, or set status: open in round.yaml first")])
    if plan.diagnostics:
        click.echo(format_diagnostics(plan.diagnostics, "human"), err=True)
    written = write_round(folder, round_, plan.new, new_round, catalog_dir / "schema")
    click.echo(f"round {round_id}: {len(plan.new)} new comment(s) imported, {plan.skipped} already present; "
               f"{len(written)} file(s) written to {folder}")


def _round_for_import(consultation_dir: Path, round_id: str, title: str | None, catalog: Catalog) -> tuple[Round, bool]:
    """The round's metadata, and whether round.yaml is new (then it opens today on the catalog's version)."""
    from exodossier.catalog.loader import display_path
    from exodossier.consultation.models import ROUND_ID_PATTERN, Bilingual, Round, RoundStatus
    from exodossier.consultation.store import ROUND_FILE, round_folder, today
    from exodossier.errors import UserError, error

    if not re.match(ROUND_ID_PATTERN, round_id):
        raise UserError([error("--round", 0, 0, "usage", f"{round_id!r} cannot name a round",
                               expected="letters, digits, '.', '_' or '-', such as 2027-1")], exit_code=2)
    path = round_folder(consultation_dir, round_id) / ROUND_FILE
    if path.is_file():
        from exodossier.consultation.store import load_round

        data, problems = load_round(path.parent)
        if problems or data.round is None:
            raise UserError(problems or [error(display_path(path), 0, 0, "unreadable-round", "round.yaml is unreadable")])
        return data.round, False
    name = catalog.taxonomy.catalog.title
    heading = Bilingual(en=title or name.en, ja=title or name.ja)
    return Round(id=round_id, title=heading, release=catalog.version, status=RoundStatus.OPEN,
                 opened=today().isoformat()), True


@consultation.command()
@round_option
@language_option
@consultation_option
@catalog_option
@reports_user_errors
def status(round_id: str, language: str, consultation_dir: Path, catalog_dir: Path) -> None:
    """Show a round's progress: comments by section and by decision."""
    from exodossier.catalog.checks import load_valid_catalog
    from exodossier.consultation.status import status_text
    from exodossier.consultation.store import require_round

    catalog = load_valid_catalog(catalog_dir)
    click.echo(status_text(require_round(consultation_dir, round_id), catalog, language))


@consultation.command()
@round_option
@language_option
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="Output file, written atomically: .docx (Word) or .md (Markdown for the site); "
                   "Markdown prints to stdout without it.")
@click.option("--format", "output_format", type=click.Choice(["docx", "md"]),
              help="docx or md.  [default: from the -o extension, else md]")
@click.option("--comments", "mode", type=click.Choice(["summary", "verbatim"]), default="summary", show_default=True,
              help="summary: the committee's summary of each comment (verbatim where there is none); "
                   "verbatim: the comment and proposed change as submitted.")
@consultation_option
@catalog_option
@reports_user_errors
def report(round_id: str, language: str, output: Path | None, output_format: str | None, mode: str,
           consultation_dir: Path, catalog_dir: Path) -> None:
    """Write the committee's responses (「ご意見に対する考え方」), grouped by the guideline's sections."""
    from exodossier.catalog.checks import load_valid_catalog
    from exodossier.consultation.checks import GitChanges, check_round
    from exodossier.consultation.report import build_report, render_docx, render_markdown
    from exodossier.consultation.store import require_round, round_folder
    from exodossier.errors import UserError, error, has_errors
    from exodossier.cli.gap import report_datetime
    from exodossier.outputs import write_atomic

    from exodossier.outputs import check_format_matches_extension, refuse_input_as_output

    check_format_matches_extension(output, output_format, ["docx", "md"])
    if output is not None:  # the round's own files are the input; earlier reports beside them are not
        refuse_input_as_output(output, [catalog_dir, round_folder(consultation_dir, round_id)])
    kind = output_format or ("docx" if output is not None and output.suffix.lower() == ".docx" else "md")
    if kind == "docx" and output is None:
        raise UserError([error("-o", 0, 0, "usage", "the Word report needs an output file",
                               hint="add -o responses.docx, or use --format md for stdout")], exit_code=2)
    catalog = load_valid_catalog(catalog_dir)
    data = require_round(consultation_dir, round_id)
    problems = check_round(data, catalog, GitChanges(catalog.root))
    if has_errors(problems):
        raise UserError(problems)
    built = build_report(data, catalog, language, "verbatim" if mode == "verbatim" else "summary")
    if kind == "docx":
        assert output is not None
        write_atomic(output, render_docx(built, report_datetime()))
    elif output is not None:
        write_atomic(output, render_markdown(built))
    else:
        click.echo(render_markdown(built), nl=False)
        return
    click.echo(f"wrote the responses of round {round_id} ({language}) to {output}")
