"""The Japanese edition's commands: `translate` (pending and reviewed translations) and `i18n status`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from exodossier.cli.options import catalog_option, reports_user_errors

if TYPE_CHECKING:
    from pydantic import BaseModel


@click.command()
@click.argument("targets", nargs=-1)
@click.option("--reviewed", is_flag=True,
              help="Record that the Japanese of TARGETS was reviewed against the current English (writes ja_of).")
@click.option("--field", "fields", multiple=True,
              help="Only this field (and what it holds), e.g. statement, stage_expectations[1].note; repeatable.")
@click.option("--all", "all_files", is_flag=True, help="Every catalog file instead of TARGETS.")
@catalog_option
@reports_user_errors
def translate(targets: tuple[str, ...], reviewed: bool, fields: tuple[str, ...], all_files: bool,
              catalog_dir: Path) -> None:
    """List the pending Japanese translations of TARGETS (files or ids), or record them as reviewed.

    A Japanese text is pending when it is missing, never recorded, or translates an English that has
    since changed. After checking a translation against the English, record it with --reviewed.
    """
    from exodossier.authoring.fmt import catalog_files
    from exodossier.authoring.translate import record_translations, resolve_targets
    from exodossier.catalog.checks import load_valid_catalog
    from exodossier.catalog.loader import display_path
    from exodossier.errors import UserError

    catalog = load_valid_catalog(catalog_dir)
    if all_files == bool(targets):
        raise UserError("name the files or ids to translate, or give --all (not both)", exit_code=2)
    files = catalog_files(catalog.root) if all_files else resolve_targets(catalog, targets)
    if not reviewed:
        _print_pending(files, fields)
        return
    _refuse_unmatched_fields(files, fields)
    results = record_translations(files, fields)
    from exodossier.outputs import write_atomic

    for result in results:
        if result.new_text is not None:
            write_atomic(result.path, result.new_text)
            click.echo(f"{display_path(result.path)}: recorded {', '.join(result.fields)}")
    count = sum(len(r.fields) for r in results)
    click.echo(f"recorded {count} reviewed translation(s) in {sum(1 for r in results if r.fields)} file(s)")


def _print_pending(files: list[tuple[Path, type[BaseModel]]], fields: tuple[str, ...]) -> None:
    from exodossier.authoring.translate import field_selected, texts_of

    pending = [row for row in texts_of(files) if row.pending and field_selected(row.label, fields)]
    for row in pending:
        state = "not yet reviewed against the current English" if row.has_japanese else "no Japanese"
        click.echo(f"{row.file}: {row.label}: {state}")
    click.echo(f"{len(pending)} pending translation(s)")


def _refuse_unmatched_fields(files: list[tuple[Path, type[BaseModel]]], fields: tuple[str, ...]) -> None:
    """A misspelt --field must not look like a successful recording of nothing."""
    from exodossier.authoring.translate import field_selected, texts_of
    from exodossier.errors import UserError

    labels = [row.label for row in texts_of(files) if row.has_japanese]
    unmatched = [f for f in fields if not any(field_selected(label, (f,)) for label in labels)]
    if unmatched:
        raise UserError(f"no Japanese text under --field {', '.join(unmatched)} in the named files", exit_code=2)


@click.group()
def i18n() -> None:
    """The Japanese edition: how complete it is."""


@i18n.command("status")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True,
              help="table: plain text for people; json: every count, per category and field.")
@click.option("--status", "only", type=click.Choice(["draft", "under_review", "adopted", "retired"]), default=None,
              help="Count only requirements in this review state (e.g. adopted).")
@click.option("--check", is_flag=True,
              help="Exit 1 when an adopted requirement lacks current Japanese in a required field (and list them).")
@catalog_option
@reports_user_errors
def i18n_status(fmt: str, only: str | None, check: bool, catalog_dir: Path) -> None:
    """Completeness of the Japanese text per category and per field: texts, with Japanese, and current."""
    import sys

    from exodossier.authoring.i18n_status import (completeness, missing_required, render_json, render_table,
                                                  requirement_groups)
    from exodossier.catalog.checks import load_valid_catalog
    from exodossier.catalog.models import RequirementStatus

    catalog = load_valid_catalog(catalog_dir)
    result = completeness(catalog, RequirementStatus(only) if only else None)
    groups = requirement_groups(catalog)
    click.echo(render_json(result, groups) if fmt == "json" else render_table(result, groups), nl=False)
    if check:
        missing = missing_required(catalog)
        for line in missing:
            click.echo(f"missing Japanese: {line}", err=True)
        if missing:
            sys.exit(1)
