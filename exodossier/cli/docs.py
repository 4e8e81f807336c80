"""Every command's --help, and the map of the code, as Markdown embedded in the README with `cog`.

A test runs `cog --check`, so a command whose help changed, an undocumented command or a module
whose purpose changed fails the suite (the sqlite-utils habit: docs that cannot drift from the code).
"""

from __future__ import annotations

import ast
from pathlib import Path

import click

from exodossier.cli.main import main

WIDTH = 100


def walk(command: click.Command, path: tuple[str, ...] = ("exodossier",)) -> list[tuple[tuple[str, ...], click.Command]]:
    """(command path, command) for the group and every subcommand, depth first, sorted."""
    found = [(path, command)]
    if isinstance(command, click.Group):
        ctx = click.Context(command, info_name=path[-1])
        for name in command.list_commands(ctx):
            sub = command.get_command(ctx, name)
            if sub is not None:
                found += walk(sub, path + (name,))
    return found


def help_text(path: tuple[str, ...], command: click.Command) -> str:
    parent = None
    for name in path[:-1]:
        parent = click.Context(click.Command(name), info_name=name, parent=parent)
    ctx = click.Context(command, info_name=path[-1], parent=parent, terminal_width=WIDTH, max_content_width=WIDTH)
    return command.get_help(ctx)


def cli_reference() -> str:
    parts = []
    for path, command in walk(main):
        if len(path) == 1:
            continue
        parts.append(f"### `{' '.join(path)}`\n\n```\n{help_text(path, command)}\n```\n")
    return "\n".join(parts)


# Stages in the order data flows through them, so the map reads like the flow.
STAGES = ("catalog", "graph", "authoring", "site", "site/pages", "gap", "consultation", "interchange", "docx", "spreadsheet",
          "cli")
PACKAGE = Path(__file__).resolve().parent.parent


def _purpose(path: Path) -> str:
    """The first sentence of a module's docstring, read without importing it."""
    docstring = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
    return " ".join(docstring.split("\n\n")[0].split())


def code_map() -> str:
    """Each subpackage and module with what it is for, from their own docstrings."""
    lines = ["- `exodossier/`: the public Python API (`__init__.py`) and the helpers every stage shares."]
    lines += [f"  - `{p.name}`: {_purpose(p)}" for p in sorted(PACKAGE.glob("*.py")) if p.name != "__init__.py"]
    for stage in STAGES:
        folder = PACKAGE / stage
        lines.append(f"- `exodossier/{stage}/`: {_purpose(folder / '__init__.py')}")
        lines += [f"  - `{p.name}`: {_purpose(p)}" for p in sorted(folder.glob("*.py")) if p.name != "__init__.py"]
    return "\n".join(lines) + "\n"
