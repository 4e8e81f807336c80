"""Which optional extra a missing library comes from, so a command names the `pip install` to run.

The core install (validate, fmt, graph, diff, new, release) is small on purpose: a pre-commit hook
environment builds in seconds. The views need more (mkdocs for the site, python-docx and friends
for the Word report), and those come with extras. When one is missing, a person should read which
command to run, not an ImportError traceback; `main.LazyGroup` asks this module, in one place.
"""

from __future__ import annotations

import click

# Top-level module -> (the distribution pip installs, the extra that brings it).
OPTIONAL_MODULES: dict[str, tuple[str, str]] = {
    "mkdocs": ("mkdocs", "site"),
    "material": ("mkdocs-material", "site"),
    "pymdownx": ("pymdown-extensions", "site"),
    "docx": ("python-docx", "report"),
    "lxml": ("lxml", "report"),
    "openpyxl": ("openpyxl", "report"),
    "mkdocstrings": ("mkdocstrings-python", "docs"),
    "reqif": ("reqif", "interchange"),
    # Babel reads the Japanese message catalogs of every view; the command says which extra.
    "babel": ("babel", ""),
}

# Command -> the extra that holds everything it needs (for libraries several extras share).
COMMAND_EXTRAS: dict[str, str] = {"site": "site", "gap": "report", "profile": "report", "consultation": "report",
                                  "export": "interchange", "guideline": "report"}


class MissingExtra(click.ClickException):
    """A command needs a library from an extra that is not installed; exit 1 with the pip command."""

    def __init__(self, command: str, distribution: str, extra: str) -> None:
        self.extra = extra
        super().__init__(
            f"'exodossier {command}' needs {distribution}, which is not installed.\n"
            f"  It comes with the [{extra}] extra: pip install 'exodossier[{extra}]'\n"
            f"  (or pip install 'exodossier[all]' for every command; from a checkout: pip install -e '.[all]')")


def missing_extra(exc: ModuleNotFoundError, command: str) -> MissingExtra | None:
    """The message for an optional library that failed to import, or None when it is not one of ours."""
    top = (exc.name or "").split(".")[0]
    if top not in OPTIONAL_MODULES:
        return None
    distribution, extra = OPTIONAL_MODULES[top]
    return MissingExtra(command, distribution, extra or COMMAND_EXTRAS.get(command.split()[0], "all"))


def unavailable_command(name: str, problem: MissingExtra) -> click.Command:
    """A stand-in for a command whose module cannot even be imported: listed in --help, explains when run."""

    def explain() -> None:
        raise problem

    return click.Command(name, callback=explain, add_help_option=False,
                         context_settings={"ignore_unknown_options": True, "allow_extra_args": True},
                         help=f"(not installed: pip install 'exodossier[{problem.extra}]')")
