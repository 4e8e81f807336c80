"""The `exodossier` command line.

Commands import what they need inside their bodies so that `exodossier --help` stays
instant. Every `UserError` becomes a message and exit code 1 (2 for usage); people
never see a traceback for their own input.
"""

from __future__ import annotations

import importlib
from typing import Any

import click

from exodossier.cli.extras import missing_extra, unavailable_command
from exodossier.version import __version__

# Command name -> "module:attribute". Modules load only when their command runs (or for
# the help listing), so each feature lives in its own room and start-up stays cheap.
LAZY_COMMANDS: dict[str, str] = {
    "validate": "exodossier.cli.catalog:validate",
    "schema": "exodossier.cli.catalog:schema",
    "graph": "exodossier.cli.graph:graph",
    "review": "exodossier.cli.authoring:review",
    "site": "exodossier.cli.site:site",
    "gap": "exodossier.cli.gap:gap",
    "profile": "exodossier.cli.gap:profile",
    "diff": "exodossier.cli.authoring:diff",
    "release": "exodossier.cli.authoring:release",
    "new": "exodossier.cli.authoring:new",
    "fmt": "exodossier.cli.authoring:fmt",
    "status": "exodossier.cli.authoring:status",
    "init": "exodossier.cli.authoring:init",
    "translate": "exodossier.cli.translation:translate",
    "consultation": "exodossier.cli.consultation:consultation",
    "i18n": "exodossier.cli.translation:i18n",
    "codes": "exodossier.cli.catalog:codes",
    "config": "exodossier.cli.config:config",
    "guideline": "exodossier.cli.guideline:guideline",
    "export": "exodossier.cli.interchange:export",
}


class LazyGroup(click.Group):
    """A click group whose subcommands are imported on first use.

    It is also the one place where a library from a missing extra (mkdocs, python-docx, ...)
    becomes a message naming the `pip install` to run, whether the import fails when the
    command's module loads or inside the command's body.
    """

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ModuleNotFoundError as exc:
            problem = missing_extra(exc, ctx.invoked_subcommand or "")
            if problem is None:
                raise
            raise problem from None

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
            problem = missing_extra(exc, name)
            if problem is None:
                raise
            return unavailable_command(name, problem)
        return getattr(module, attribute, None)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="exodossier")
@click.option("--color/--no-color", "color", default=None,
              help="Colour the output.  [default: on a terminal, unless NO_COLOR is set]")
@click.pass_context
def main(ctx: click.Context, color: bool | None) -> None:
    """Quality requirements for EV therapeutics: validate the catalog, publish the guideline, analyse gaps."""
    from exodossier.cli.options import no_color
    from exodossier.errors import reset_hint_budget

    reset_hint_budget()
    ctx.color = False if color is None and no_color() else color
