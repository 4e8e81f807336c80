"""`exodossier validate` and `exodossier schema`: checking the catalog, and the JSON Schema editors use."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from exodossier.cli.options import FORMATS, catalog_option, reports_user_errors
from exodossier.errors import format_diagnostics


@click.command()
@catalog_option
@click.option("--format", "fmt", type=FORMATS, default="human", show_default=True,
              help="human: path:line:col lines; json: a list of objects; github: workflow annotations.")
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option("--consultation", "consultation_dir", type=click.Path(path_type=Path), default=Path("consultation"),
              show_default=True, help="Consultation folder to check too, when it exists (comments and dispositions).")
@reports_user_errors
def validate(catalog_dir: Path, fmt: str, strict: bool, consultation_dir: Path) -> None:
    """Check the catalog's schema and cross-references (and the consultation folder); exit 1 on errors."""
    from exodossier.catalog.checks import validate_catalog
    from exodossier.errors import Severity, has_errors

    result = validate_catalog(catalog_dir)
    diagnostics = result.diagnostics
    if consultation_dir.is_dir() and result.catalog is not None and not has_errors(diagnostics):
        from exodossier.consultation.checks import validate_consultation

        diagnostics = diagnostics + validate_consultation(consultation_dir, result.catalog)
    if result.catalog is not None:
        from exodossier.authoring.translation_history import explain_stale_translations

        diagnostics = explain_stale_translations(result.catalog, diagnostics)
    errors = [d for d in diagnostics if d.severity is Severity.ERROR]
    warnings = [d for d in diagnostics if d.severity is Severity.WARNING]
    if diagnostics or fmt == "json":
        click.echo(format_diagnostics(diagnostics, fmt), err=fmt == "human")
    if fmt == "human":
        counts = f"{len(errors)} error(s), {len(warnings)} warning(s)"
        if result.catalog is not None:
            catalog = result.catalog
            counts += f" in {len(catalog.requirements)} requirements and {len(catalog.sources)} sources"
        click.echo(counts, err=True)
    if errors or (strict and warnings):
        sys.exit(1)


def all_schema_models() -> dict[str, Any]:
    """Every YAML file kind with a JSON Schema: the catalog's, the sponsor's profile, the consultation's."""
    from exodossier.consultation.models import CONSULTATION_MODELS
    from exodossier.gap.profile import all_schema_models as catalog_and_profile_models

    return {**catalog_and_profile_models(), **CONSULTATION_MODELS}


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
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, text in render_schemas(all_schema_models()).items():
        write_atomic(out_dir / name, text)
    click.echo(f"wrote {len(all_schema_models())} schema files to {out_dir}")
