"""What every command shares: --catalog (found by walking up when not given), the settings file, and the
rule that a user error never shows a traceback."""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterator

import click

from exodossier.errors import UserError, format_diagnostics

if TYPE_CHECKING:
    from exodossier.config import Settings

FORMATS = click.Choice(["human", "json", "github"])
_SETTINGS = "exodossier.settings"


def settings(ctx: click.Context | None = None) -> Settings:
    """The settings in force (exodossier.toml or [tool.exodossier], found upwards), read once per run."""
    from exodossier.config import discover

    root = (ctx or click.get_current_context()).find_root()
    if _SETTINGS not in root.meta:
        root.meta[_SETTINGS] = discover()
    found: Settings = root.meta[_SETTINGS]
    return found


def _resolve_catalog(ctx: click.Context, param: click.Parameter, value: Path | None) -> Path:
    """--catalog as given; else the settings' catalog; else the nearest catalog above the working folder."""
    from exodossier.config import catalog_folder

    if value is not None:
        return value
    try:
        return catalog_folder(settings(ctx))
    except UserError as exc:  # a broken settings file: report it like any other input
        click.echo(format_diagnostics(exc.diagnostics, "human"), err=True)
        ctx.exit(exc.exit_code)


catalog_option = click.option(
    "--catalog", "catalog_dir", type=click.Path(path_type=Path), default=None, callback=_resolve_catalog,
    help="Catalog folder (taxonomy.yaml, sources/, requirements/).  [default: the 'catalog' setting, else the "
         "nearest requirements_catalog/ or taxonomy.yaml found from here up to the repository root]")


def configured(section: str, key: str, required: bool = False) -> Callable[[click.Context, click.Parameter, Any], Any]:
    """An option callback: the value given, else settings.<section>.<key> (a path, relative to the settings file)."""

    def resolve(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
        if value is not None:
            return value
        try:
            current = settings(ctx)
        except UserError as exc:
            click.echo(format_diagnostics(exc.diagnostics, "human"), err=True)
            ctx.exit(exc.exit_code)
        found = getattr(getattr(current.config, section), key)
        if found is None and required:
            raise click.MissingParameter(ctx=ctx, param=param,
                                         message=f"give it, or set '{section}.{key}' in exodossier.toml")
        return current.path(found) if isinstance(found, str) else found

    return resolve


def language_option(help_text: str = "Language of the output.") -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """--language en|ja, defaulting to the 'language' setting (itself English unless set)."""

    def resolve(ctx: click.Context, param: click.Parameter, value: str | None) -> str:
        return value if value is not None else settings(ctx).config.language

    return click.option("--language", type=click.Choice(["en", "ja"]), default=None, callback=resolve,
                        help=help_text + "  [default: the 'language' setting, else en]")


def no_color() -> bool:
    """NO_COLOR (https://no-color.org): any non-empty value turns colour off."""
    return bool(os.environ.get("NO_COLOR"))


def on_terminal(err: bool = True) -> bool:
    """Whether a person is watching: progress and colour only then, plain quiet text in pipes and CI."""
    stream = sys.stderr if err else sys.stdout
    return stream.isatty()


@contextmanager
def working(message: str) -> Iterator[None]:
    """A one-line 'working…' note on a terminal while something slow runs, erased when it is done.

    Nothing at all in a pipe, a log or CI, where a transient line would only be noise.
    """
    shown = on_terminal()
    if shown:
        click.echo(click.style(f"{message}…", dim=True), err=True, nl=False)
    try:
        yield
    finally:
        if shown:
            click.echo("\r" + " " * (len(message) + 1) + "\r", err=True, nl=False)  # no escape codes: NO_COLOR


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
