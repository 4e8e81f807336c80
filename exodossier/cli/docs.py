"""Every command's --help as Markdown, embedded in the README with `cog`.

A test runs `cog --check`, so a command whose help changed or that is undocumented fails
the suite (the sqlite-utils habit: docs that cannot drift from the code).
"""

from __future__ import annotations

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
