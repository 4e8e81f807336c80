"""`exodossier init`: a new catalog repository that validates and builds on the first try.

Another committee adopting the tool starts from a working example rather than a blank page: a
taxonomy, one requirement citing one placeholder source, the id ledger, a guideline chapter, the
mkdocs configuration, pre-commit hooks and a GitHub workflow. The files are templates shipped in
the package (`templates/`); names starting with `dot-` become dotfiles (package data skips
hidden files), and `@VERSION@` becomes the running version so hooks and CI install the same tool.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from exodossier.errors import UserError, error
from exodossier.outputs import write_atomic
from exodossier.version import __version__

TEMPLATES = Path(__file__).parent / "templates"


def _target_name(relative: Path) -> str:
    """Where a template lands: `dot-github/x` -> `.github/x`, `dot-gitignore.tmpl` -> `.gitignore`."""
    parts = ["." + part[len("dot-"):] if part.startswith("dot-") else part for part in relative.parts]
    return "/".join(parts).removesuffix(".tmpl")


def scaffold_files() -> dict[str, str]:
    """Relative path -> text of every file a new repository gets from the templates."""
    files: dict[str, str] = {}
    for path in sorted(TEMPLATES.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            text = path.read_text(encoding="utf-8").replace("@VERSION@", __version__)
            files[_target_name(path.relative_to(TEMPLATES))] = text
    return files


def scaffold(target: Path, extra_files: Mapping[str, str] = {}) -> list[str]:
    """Write a new catalog repository into `target` (missing or empty); the paths written, sorted.

    `extra_files` adds generated files (the JSON Schemas the YAML files name on their first line,
    which the CLI renders from the models). Nothing is written when `target` already holds files,
    so an existing repository is never half-overwritten.
    """
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise UserError([error(str(target), 0, 0, "init-target-not-empty",
                               f"'{target}' already exists and is not an empty folder",
                               hint="choose a new folder name; exodossier init never overwrites files")])
    files = {**scaffold_files(), **extra_files}
    for relative, text in sorted(files.items()):
        path = target / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, text)
    return sorted(files)
