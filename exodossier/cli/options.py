"""What every command shares: the --catalog option and the rule that a user error never shows a traceback."""

from __future__ import annotations

import sys
from functools import wraps
from pathlib import Path
from typing import Any, Callable

import click

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
