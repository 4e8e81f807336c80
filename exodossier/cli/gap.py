"""`exodossier gap` and `exodossier profile init`: the sponsor-facing commands."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from exodossier.cli.options import catalog_option, reports_user_errors
from exodossier.codes import label
from exodossier.errors import UserError, error

if TYPE_CHECKING:
    from exodossier.catalog.loader import Catalog

GAP_FORMATS = ("docx", "json", "csv", "md", "xlsx")
SHOWN_WARNINGS = 3  # the rest are summarised: a report run stays readable


def load_gap_catalog(path: Path) -> "Catalog":
    """A catalog folder, or a released catalog.json (so a sponsor needs no YAML checkout)."""
    if path.suffix.lower() == ".json" and not path.is_dir():
        from exodossier.catalog.released import load_released_catalog

        return load_released_catalog(path)
    from exodossier.catalog.checks import load_valid_catalog

    return load_valid_catalog(path)


def report_datetime() -> dt.datetime:
    """SOURCE_DATE_EPOCH when set; otherwise the start of today (UTC), so reruns on one day are identical."""
    from exodossier.outputs import build_datetime, source_date_epoch

    stamp = build_datetime()
    if source_date_epoch() is None:
        stamp = stamp.replace(hour=0, minute=0, second=0, microsecond=0)
    return stamp


def _format_for(output: Path | None, fmt: str | None, configured: str | None = None) -> str:
    if fmt:
        return fmt
    suffix = output.suffix.lower().lstrip(".") if output else ""
    return suffix if suffix in GAP_FORMATS else configured or "docx"


@click.command()
@click.argument("profile_path", metavar="PROFILE.yaml", type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="Output file; written atomically. Required for docx; json/csv/md print to stdout without it.")
@click.option("--format", "output_format", type=click.Choice(GAP_FORMATS),
              help="docx: the Word report; json: all figures; csv: the requirement register; md: a summary; xlsx: the "
                   "assessment register as a workbook to fill in (read back by `profile import`).  "
                   "[default: from the -o extension, else the 'report.format' setting, else docx]")
@click.option("--compare", "previous_path", metavar="OLD.json", type=click.Path(path_type=Path),
              help="This product's previous report as JSON (--format json): adds 'Changes since the previous "
                   "report' (gaps opened, closed and still open, and the catalog or profile change behind each).")
@click.option("--variant", type=click.Choice(["submission", "internal"]), default="submission", show_default=True,
              help="submission: the document sent to PMDA (open gaps, positions, questions; 35 pages or fewer); "
                   "internal: the full audit (methodology, every row, trace, profile snapshot, digests, warnings).")
@click.option("--lang", "language", type=click.Choice(["en", "ja"]), default="en", show_default=True,
              help="Language of the report; Japanese shows catalog text in Japanese, English marked where there is "
                   "none.")
@catalog_option
@reports_user_errors
def gap(profile_path: Path, output: Path | None, output_format: str | None, previous_path: Path | None,
        variant: str, language: str, catalog_dir: Path) -> None:
    """Analyse a product profile against the catalog and write the gap analysis.

    Exit 1 with file:line:col diagnostics when the profile, the catalog or OLD.json has errors;
    nothing is written then. Keep the JSON of each report: it records the catalog version and
    content, and every requirement's state, for the next --compare.
    """
    from exodossier.errors import format_diagnostics
    from exodossier.gap.analysis import analyse
    from exodossier.i18n.messages import check_language
    from exodossier.gap.profile import load_profile
    from exodossier.outputs import check_format_matches_extension, refuse_input_as_output, write_atomic

    from exodossier.cli.options import settings

    check_format_matches_extension(output, output_format, GAP_FORMATS)
    kind = _format_for(output, output_format, settings().config.report.format)
    if kind in ("docx", "xlsx") and output is None:
        raise UserError([error("-o", 0, 0, "usage", "the Word report needs an output file",
                               hint="add -o report.docx, or choose --format json|csv|md for stdout")], exit_code=2)
    if output is not None:
        refuse_input_as_output(output, [p for p in (profile_path, previous_path, catalog_dir) if p is not None])
    catalog = load_gap_catalog(catalog_dir)
    loaded, warnings = load_profile(profile_path, catalog)
    if warnings:
        click.echo(format_diagnostics(warnings, "human"), err=True)
    previous = None
    if previous_path is not None:
        from exodossier.gap.record import load_report

        previous = load_report(previous_path)
    analysis = analyse(catalog, loaded, report_datetime(), check_language(language))
    for item in analysis.warnings[:SHOWN_WARNINGS]:
        click.echo(f"{profile_path}: warning: {item.requirement_id}: {item.message} [{label(item.code)}]", err=True)
    if len(analysis.warnings) > SHOWN_WARNINGS:
        click.echo(f"{profile_path}: … and {len(analysis.warnings) - SHOWN_WARNINGS} more profile warning(s); "
                   "the internal variant lists them all (--variant internal)", err=True)
    comparison = None
    if previous is not None:
        from exodossier.gap.compare import compare

        comparison = compare(previous, analysis, str(previous_path))
    if kind == "docx":
        from exodossier.gap.report import Variant, render_docx

        data: bytes | str = render_docx(analysis, comparison, Variant(variant))
    elif kind == "xlsx":
        from exodossier.gap.register import render_xlsx

        data = render_xlsx(analysis)
    else:
        from exodossier.gap.export import RENDERERS

        data = RENDERERS[kind](analysis, comparison)
    if output is None:
        sys.stdout.write(data if isinstance(data, str) else data.decode())
        return
    write_atomic(output, data)
    score = analysis.overall_now
    since = (f"; since the previous report {len(comparison.opened)} gap(s) opened, {len(comparison.closed)} closed"
             if comparison else "")
    click.echo(f"wrote {output}: {len(analysis.rows)} requirements in scope, readiness {score.percent()} "
               f"({score.rag.value}) at {analysis.current.id}{since}", err=True)


@click.group()
def profile() -> None:
    """Create and maintain sponsor product profiles."""


def _parse_attributes(values: tuple[str, ...]) -> dict[str, str]:
    attributes: dict[str, str] = {}
    for value in values:
        name, sep, chosen = value.partition("=")
        if not sep or not name or not chosen:
            raise UserError([error("--attr", 0, 0, "usage", f"--attr takes ATTRIBUTE=VALUE, got {value!r}",
                                   hint="e.g. --attr route=inhalation")], exit_code=2)
        if name in attributes and attributes[name] != chosen:
            raise UserError([error("--attr", 0, 0, "usage", f"attribute '{name}' given twice")], exit_code=2)
        attributes[name.strip()] = chosen.strip()
    return attributes


@profile.command("init")
@click.option("--stage", help="Current development stage (a stage id of the catalog, e.g. phase1). "
                              "Required for a new profile.")
@click.option("--next-stage", help="Next stage, if not simply the one after --stage.")
@click.option("--attr", "attrs", multiple=True, metavar="ATTRIBUTE=VALUE",
              help="A product attribute, e.g. route=inhalation; repeat for each attribute.")
@click.option("-o", "--output", required=True, type=click.Path(path_type=Path),
              help="Profile to create, or to extend if it exists.")
@catalog_option
@reports_user_errors
def init(stage: str | None, next_stage: str | None, attrs: tuple[str, ...], output: Path, catalog_dir: Path) -> None:
    """Write a ready-to-fill profile listing the requirements that apply.

    The profile lists every requirement that applies to the product and is expected at
    the current or the next stage, grouped by category, with titles as comments. Run it
    again on an existing profile to add newly applicable requirements: nothing already
    written (values, comments, order) is dropped or changed.
    """
    from exodossier.catalog.checks import load_valid_catalog
    from exodossier.gap.profile_init import init_profile
    from exodossier.outputs import refuse_input_as_output, write_atomic

    refuse_input_as_output(output, [catalog_dir])
    catalog = load_valid_catalog(catalog_dir)
    existed = output.is_file()
    text, added = init_profile(catalog, output, stage, next_stage, _parse_attributes(attrs))
    write_atomic(output, text)
    verb = "updated" if existed else "wrote"
    click.echo(f"{verb} {output}: {len(added)} requirement(s) added", err=True)


@profile.command("import")
@click.argument("workbook", metavar="REGISTER.xlsx", type=click.Path(path_type=Path))
@click.option("-p", "--profile", "profile_path", required=True, type=click.Path(path_type=Path),
              help="The profile to update (the one the register was generated from).")
@catalog_option
@reports_user_errors
def import_register_command(workbook: Path, profile_path: Path, catalog_dir: Path) -> None:
    """Read an edited assessment register (from `gap --format xlsx`) back into the profile.

    Only the assessment fields edited in Excel change (status, owner, due, comment, position,
    action, question; texts as English); comments, order and every other line of the profile
    stay as they were. A bad cell is reported as register.xlsx:Sheet!C37 and nothing is written.
    """
    from exodossier.gap.register import import_register
    from exodossier.outputs import refuse_input_as_output, write_atomic

    refuse_input_as_output(profile_path, [workbook, catalog_dir], option="--profile")
    catalog = load_gap_catalog(catalog_dir)
    text, changed = import_register(workbook, profile_path, catalog)
    if changed:
        write_atomic(profile_path, text)
    click.echo(f"updated {profile_path}: {len(changed)} value(s) changed from {workbook}" if changed
               else f"{profile_path} already matches {workbook}: nothing to change", err=True)
