"""`exodossier config`: which settings file is in force, what it sets, and every key there is."""

from __future__ import annotations

import json

import click

from exodossier.cli.options import reports_user_errors, settings


@click.command()
@click.option("--keys", is_flag=True, help="Print the table of every settings key (Markdown) instead.")
@reports_user_errors
def config(keys: bool) -> None:
    """Show the settings in force: the file they come from and the values, defaults included.

    Settings are looked for from the working folder up to the repository root: an
    exodossier.toml, or a pyproject.toml with a [tool.exodossier] table. Command-line options
    always win over them.
    """
    from exodossier.config import catalog_folder, keys_table

    if keys:
        click.echo(keys_table())
        return
    current = settings()
    click.echo(f"settings file: {current.file if current.file is not None else '(none; defaults)'}")
    click.echo(f"catalog: {catalog_folder(current)}")
    click.echo(json.dumps(current.config.model_dump(mode="json"), indent=2, ensure_ascii=False))
