"""The `exodossier` command line.

Commands import what they need inside their bodies so that `exodossier --help` stays
instant. Every `UserError` becomes a message and exit code 1 (2 for usage); people
never see a traceback for their own input.
"""

from __future__ import annotations

import importlib
import sys
from functools import wraps
from pathlib import Path
from typing import Any, Callable

import click

from exodossier.version import __version__
from exodossier.errors import UserError, format_diagnostics

FORMATS = click.Choice(["human", "json", "github"])
catalog_option = click.option("--catalog", "catalog_dir", type=click.Path(path_type=Path), default=Path("requirements_catalog"),
                              show_default=True, help="Catalog folder (taxonomy.yaml, sources/, requirements/).")


def reports_user_errors(command: Callable[..., Any]) -> Callable[..., Any]:
    """Print a UserError's diagnostics and exit with its code instead of raising."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except UserError as exc:
            fmt = kwargs.get("fmt", "human") if kwargs.get("fmt") in ("json", "github") else "human"
            click.echo(format_diagnostics(exc.diagnostics, fmt), err=True)
            sys.exit(exc.exit_code)

    return wrapper


# Command name -> "module:attribute". Modules load only when their command runs (or for
# the help listing), so each feature lives in its own room and start-up stays cheap.
LAZY_COMMANDS: dict[str, str] = {
    "graph": "exodossier.cli.graph:graph",
    "review": "exodossier.cli.graph:review",
    "site": "exodossier.cli.site:site",
    "gap": "exodossier.cli.gap:gap",
    "profile": "exodossier.cli.gap:profile",
    "diff": "exodossier.cli.authoring:diff",
    "release": "exodossier.cli.authoring:release",
    "new": "exodossier.cli.authoring:new",
    "fmt": "exodossier.cli.authoring:fmt",
    "status": "exodossier.cli.authoring:status",
}


class LazyGroup(click.Group):
    """A click group whose subcommands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        available = [name for name in LAZY_COMMANDS if self._load(name) is not None]
        return sorted(set(super().list_commands(ctx)) | set(available))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        return super().get_command(ctx, cmd_name) or self._load(cmd_name)

    @staticmethod
    def _load(name: str) -> click.Command | None:
        target = LAZY_COMMANDS.get(name)
        if target is None:
            return None
        module_name, attribute = target.split(":")
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name == module_name:  # feature not built yet
                return None
            raise
        return getattr(module, attribute, None)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="exodossier")
def main() -> None:
    """Quality requirements for EV therapeutics: validate the catalog, publish the guideline, analyse gaps."""


@main.command()
@catalog_option
@click.option("--format", "fmt", type=FORMATS, default="human", show_default=True,
              help="human: path:line:col lines; json: a list of objects; github: workflow annotations.")
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@reports_user_errors
def validate(catalog_dir: Path, fmt: str, strict: bool) -> None:
    """Check the catalog's schema and cross-references; exit 1 on errors."""
    from exodossier.catalog.checks import validate_catalog
    from exodossier.errors import Severity

    result = validate_catalog(catalog_dir)
    diagnostics = result.diagnostics
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


@main.command()
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=Path("requirements_catalog/schema"),
              show_default=True, help="Folder for the *.schema.json files.")
@click.option("--check", is_flag=True, help="Exit 1 if the committed schema differs from the models.")
@reports_user_errors
def schema(out_dir: Path, check: bool) -> None:
    """Write the JSON Schema derived from the models (for editors and other validators)."""
    from exodossier.outputs import write_atomic
    from exodossier.catalog.schema import render_schemas, stale_schemas
    from exodossier.gap.profile import all_schema_models

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
