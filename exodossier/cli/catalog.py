"""`exodossier validate`, `schema` and `codes`: checking the catalog, the JSON Schema editors use, the diagnostic codes."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from exodossier.cli.options import FORMATS, catalog_option, reports_user_errors
from exodossier.errors import Diagnostic, format_diagnostics


@click.command()
@catalog_option
@click.option("--format", "fmt", type=FORMATS, default="human", show_default=True,
              help="human: path:line:col lines; json: a list of objects; github: workflow annotations.")
@click.option("--strict", is_flag=True, default=None, help="Treat the warnings shown as errors.")
@click.option("--select", "select", multiple=True, metavar="CODE",
              help="Show only warnings with this code, prefix or slug (EXO301, EXO3, unverified-source); "
                   "repeat or separate by commas. Errors are always shown.")
@click.option("--ignore", "ignore", multiple=True, metavar="CODE", help="Hide warnings with this code, prefix or slug.")
@click.option("-q", "--quiet", is_flag=True, help="Errors only: no warnings, no summary when all is well.")
@click.option("-v", "--verbose", is_flag=True, help="Every warning, without summarising repeats of one code.")
@click.option("--statistics", is_flag=True, help="A count per code instead of the list of diagnostics.")
@click.option("--consultation", "consultation_dir", type=click.Path(path_type=Path), default=None,
              help="Consultation folder to check too, when it exists (comments and dispositions).  "
                   "[default: ./consultation, else the one beside the catalog]")
@reports_user_errors
def validate(catalog_dir: Path, fmt: str, strict: bool | None, select: tuple[str, ...], ignore: tuple[str, ...],
             quiet: bool, verbose: bool, statistics: bool, consultation_dir: Path | None) -> None:
    """Check the catalog's schema and cross-references (and the consultation folder); exit 1 on errors.

    By default the first few warnings of each code are shown and the rest counted in one line.
    --select, --ignore, --strict and the number of repeats shown can also be set in the settings
    file ([diagnostics] in exodossier.toml, or [tool.exodossier.diagnostics] in pyproject.toml);
    the codes are listed by `exodossier codes`.
    """
    from exodossier.catalog.loader import gc_paused

    # The whole command runs with the cyclic collector paused: the loaded catalog (millions of
    # objects, no cycles) is freed by reference counting when _check_and_report returns, so the
    # collector never scans it (re-enabling it right after loading cost 1.3 s at 10,000
    # requirements, benchmarks/findings.md). Cycles made meanwhile are collected afterwards.
    with gc_paused():
        _check_and_report(catalog_dir, fmt, strict, select, ignore, quiet, verbose, statistics, consultation_dir)


def _check_and_report(catalog_dir: Path, fmt: str, strict: bool | None, select: tuple[str, ...],
                      ignore: tuple[str, ...], quiet: bool, verbose: bool, statistics: bool,
                      consultation_dir: Path | None) -> None:
    from exodossier.catalog.checks import validate_catalog
    from exodossier.cli import reporting
    from exodossier.cli.options import settings, working
    from exodossier.errors import Severity, has_errors

    configured = settings().config.diagnostics
    chosen_select = reporting.check_selectors(_split(select) or configured.select, "--select")
    chosen_ignore = reporting.check_selectors(_split(ignore) or configured.ignore, "--ignore")
    strict = configured.strict if strict is None else strict
    with working(f"checking {catalog_dir}"):
        result = validate_catalog(catalog_dir)
    diagnostics = result.diagnostics
    consultation_dir = consultation_dir or _beside(catalog_dir, "consultation")
    if consultation_dir.is_dir() and result.catalog is not None and not has_errors(diagnostics):
        from exodossier.consultation.checks import validate_consultation

        diagnostics = diagnostics + validate_consultation(consultation_dir, result.catalog)
    if result.catalog is not None:
        from exodossier.authoring.translation_history import explain_stale_translations

        diagnostics = explain_stale_translations(result.catalog, diagnostics)
    shown = [d for d in diagnostics if reporting.selected(d, chosen_select, chosen_ignore)]
    if quiet:
        shown = [d for d in shown if d.severity is Severity.ERROR]
    errors = sum(d.severity is Severity.ERROR for d in shown)
    warnings = len(shown) - errors
    if fmt != "human":
        if shown or fmt == "json":
            click.echo(format_diagnostics(shown, fmt))
    elif statistics:
        if shown:
            click.echo(reporting.statistics(shown), err=True)
    else:
        _print_human(shown, configured.repeats, verbose)
    if fmt == "human" and not (quiet and not errors):
        counts = reporting.count_line(errors, warnings, len(diagnostics) - len(shown) if not quiet else 0)
        if result.catalog is not None:
            counts += f" in {len(result.catalog.requirements)} requirements and {len(result.catalog.sources)} sources"
        click.echo(counts, err=True)
    if errors or (strict and warnings):
        sys.exit(1)


def all_schema_models() -> dict[str, Any]:
    """Every YAML file kind with a JSON Schema: the catalog's, the sponsor's profile, the consultation's."""
    from exodossier.consultation.models import CONSULTATION_MODELS
    from exodossier.gap.profile import all_schema_models as catalog_and_profile_models

    return {**catalog_and_profile_models(), **CONSULTATION_MODELS}


def _beside(catalog_dir: Path, name: str) -> Path:
    """./NAME when it exists, else NAME next to the catalog folder (found from a subfolder too)."""
    here = Path(name)
    return here if here.is_dir() else catalog_dir.parent / name


def _split(tokens: tuple[str, ...]) -> list[str]:
    return [part for token in tokens for part in token.split(",")]


def _print_human(shown: list[Diagnostic], repeats: int, verbose: bool) -> None:
    from exodossier.cli import reporting

    summary = reporting.summarise(shown, repeats, verbose)
    for diagnostic in summary.diagnostics:
        click.echo(reporting.styled(diagnostic), err=True)
    for slug, count in summary.left_out:
        click.echo(reporting.more_line(slug, count), err=True)


@click.command()
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=Path("requirements_catalog/schema"),
              show_default=True, help="Folder for the *.schema.json files.")
@click.option("--check", is_flag=True, help="Exit 1 if the committed schema differs from the models.")
@reports_user_errors
def schema(out_dir: Path, check: bool) -> None:
    """Write the JSON Schema derived from the models (for editors and other validators)."""
    from exodossier.catalog.schema import render_schemas, stale_schemas
    from exodossier.outputs import write_atomic

    if check:
        stale = stale_schemas(out_dir, all_schema_models())
        if stale:
            click.echo(f"schema out of date: {', '.join(stale)} (run: exodossier schema)", err=True)
            sys.exit(1)
        return
    from exodossier.errors import UserError, error

    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        reason = "it is a file, not a folder" if out_dir.exists() else exc.strerror
        raise UserError([error(str(out_dir), 0, 0, "output-not-writable", f"cannot write into '{out_dir}': {reason}",
                               hint="--out names a folder for the *.schema.json files")]) from None
    for name, text in render_schemas(all_schema_models()).items():
        write_atomic(out_dir / name, text)
    click.echo(f"wrote {len(all_schema_models())} schema files to {out_dir}")


@click.command()
@click.option("--format", "fmt", type=click.Choice(["text", "markdown"]), default="text", show_default=True,
              help="text: one code a line; markdown: the grouped table of the docs.")
def codes(fmt: str) -> None:
    """List every diagnostic code: its stable number, its slug and what it means.

    Use the number, a prefix of it (EXO3: all source and evidence problems) or the slug with
    `validate --select/--ignore` and in the settings file.
    """
    from exodossier.codes import CODES, codes_table

    if fmt == "markdown":
        click.echo(codes_table(), nl=False)
        return
    width = max(len(code.slug) for code in CODES)
    for code in sorted(CODES, key=lambda c: c.number):
        click.echo(f"{code.number}  {code.slug:<{width}}  {code.summary}")
