"""Project settings: found by walking up from the working folder, read from exodossier.toml or pyproject.toml.

A committee member runs `exodossier validate` from wherever they are in the repository, so the
catalog and the settings are looked for upwards, up to the repository root (the folder holding
.git). Settings live in `exodossier.toml` or under `[tool.exodossier]` in pyproject.toml; the
`Config` model below is their single source of truth (the key table in the docs is generated from
it), and every mistake in the file is reported at file:line:col like any other input.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from exodossier.codes import unknown_selectors
from exodossier.errors import Diagnostic, UserError, did_you_mean, error

CONFIG_FILE = "exodossier.toml"
PYPROJECT = "pyproject.toml"
TOOL_TABLE = ("tool", "exodossier")
CATALOG_FOLDER = "requirements_catalog"
TAXONOMY = "taxonomy.yaml"
MAX_CONFIG_BYTES = 1_000_000


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class DiagnosticsConfig(_Section):
    """Which diagnostics `exodossier validate` shows, and how (the command-line options win)."""

    select: list[str] = Field(default_factory=list, description=(
        "Show only warnings with these codes, prefixes or slugs (EXO301, EXO3, unverified-source); "
        "empty shows all. Errors are always shown."))
    ignore: list[str] = Field(default_factory=list, description="Hide warnings with these codes, prefixes or slugs.")
    strict: bool = Field(default=False, description="Treat warnings that are shown as errors (exit 1).")
    repeats: int = Field(default=3, ge=0, le=1000, description=(
        "Warnings of one code shown before the rest are summarised in one line (--verbose shows all)."))

    @field_validator("select", "ignore")
    @classmethod
    def _known_codes(cls, tokens: list[str]) -> list[str]:
        unknown = unknown_selectors(tokens)
        if unknown:
            raise ValueError(f"no diagnostic code matches {', '.join(map(repr, unknown))} "
                             "(a code EXO301, a prefix EXO3 or a slug; run: exodossier codes)")
        return tokens


class SiteConfig(_Section):
    """Defaults for `exodossier site pages`."""

    out: str | None = Field(default=None, description=(
        "Folder that `exodossier site pages` writes into, relative to the settings file."))


class ReportConfig(_Section):
    """Defaults for `exodossier gap`."""

    format: Literal["docx", "json", "csv", "md", "xlsx"] | None = Field(default=None, description=(
        "Report format when neither --format nor the -o extension says."))


class Config(_Section):
    """The settings of one catalog repository (`exodossier.toml`, or `[tool.exodossier]` in pyproject.toml)."""

    catalog: str | None = Field(default=None, description=(
        "The catalog folder (holding taxonomy.yaml), relative to the settings file. Default: found by "
        f"walking up from the working folder to a {TAXONOMY} or a {CATALOG_FOLDER}/ folder."))
    language: Literal["en", "ja"] = Field(default="en", description=(
        "Default language of the outputs (commands with a --language option)."))
    diagnostics: DiagnosticsConfig = Field(default_factory=DiagnosticsConfig, description="See [diagnostics].")
    site: SiteConfig = Field(default_factory=SiteConfig, description="See [site].")
    report: ReportConfig = Field(default_factory=ReportConfig, description="See [report].")


SECTIONS: dict[str, type[BaseModel]] = {"": Config, "diagnostics": DiagnosticsConfig, "site": SiteConfig,
                                        "report": ReportConfig}


@dataclass(frozen=True)
class Settings:
    """The settings in force, and where they came from (relative paths in them are relative to `root`)."""

    config: Config = field(default_factory=Config)
    file: Path | None = None
    root: Path = field(default_factory=Path.cwd)

    def path(self, value: str) -> Path:
        return (self.root / value) if not Path(value).is_absolute() else Path(value)


def _upwards(start: Path) -> list[Path]:
    """The start folder and its parents, up to and including the repository root (the folder with .git)."""
    folders = []
    for folder in [start, *start.parents]:
        folders.append(folder)
        if (folder / ".git").exists():
            break
    return folders


def _declares_tool_table(pyproject: Path) -> bool:
    try:
        with pyproject.open("rb") as stream:  # bounded: a pyproject.toml that is a special file must not hang us
            text = stream.read(MAX_CONFIG_BYTES).decode("utf-8", errors="replace")
    except OSError:
        return False
    return re.search(r"^\s*\[\s*tool\s*\.\s*exodossier\s*[\].]", text, re.MULTILINE) is not None


def find_settings_file(start: Path) -> Path | None:
    """The nearest exodossier.toml, or pyproject.toml with a [tool.exodossier] table, at or above start."""
    for folder in _upwards(start.resolve()):
        if (folder / CONFIG_FILE).is_file():
            return folder / CONFIG_FILE
        if (folder / PYPROJECT).is_file() and _declares_tool_table(folder / PYPROJECT):
            return folder / PYPROJECT
    return None


def find_catalog(start: Path) -> Path | None:
    """The catalog this folder belongs to: itself or a parent holding taxonomy.yaml, or a requirements_catalog/."""
    for folder in _upwards(start.resolve()):
        if (folder / TAXONOMY).is_file():
            return folder
        if (folder / CATALOG_FOLDER / TAXONOMY).is_file():
            return folder / CATALOG_FOLDER
    return None


def _relative(path: Path) -> Path:
    """A path as people type it: relative to the working folder (../catalog from a subfolder)."""
    try:
        return Path(os.path.relpath(path))
    except ValueError:  # pragma: no cover - another drive on Windows
        return path


# --------------------------------------------------------------------------- reading a file


def _key_positions(text: str, prefix: tuple[str, ...]) -> dict[tuple[str, ...], tuple[int, int]]:
    """(dotted key path below prefix) -> (line, column) of every key and table header in a TOML text."""
    positions: dict[tuple[str, ...], tuple[int, int]] = {}
    table: tuple[str, ...] = ()
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.lstrip()
        column = len(line) - len(stripped) + 1
        header = re.match(r"\[\[?\s*([^\]]+?)\s*\]\]?\s*(#.*)?$", stripped)
        if header:
            table = _split_key(header.group(1))
            path = table
        elif (assignment := re.match(r"([A-Za-z0-9_\-.\"' ]+?)\s*=", stripped)) is not None:
            path = table + _split_key(assignment.group(1))
        else:
            continue
        if path[:len(prefix)] == prefix:
            positions.setdefault(path[len(prefix):], (number, column))
    return positions


def _split_key(key: str) -> tuple[str, ...]:
    return tuple(part.strip().strip("\"'") for part in key.split("."))


def _position(positions: dict[tuple[str, ...], tuple[int, int]], loc: tuple[Any, ...]) -> tuple[int, int]:
    keys = tuple(str(part) for part in loc if isinstance(part, str))
    for length in range(len(keys), -1, -1):
        if keys[:length] in positions:
            return positions[keys[:length]]
    return 1, 1


def _explain(err: dict[str, Any], loc: tuple[Any, ...]) -> tuple[str, str, str, str]:
    """(code, message, expected, hint) for one pydantic error about the settings."""
    name = ".".join(str(part) for part in loc)
    if err["type"] == "extra_forbidden":
        section = ".".join(str(part) for part in loc[:-1] if isinstance(part, str))
        known = sorted(SECTIONS.get(section, Config).model_fields)
        return ("config-unknown-key", f"unknown setting '{name}'", ", ".join(known),
                did_you_mean(str(loc[-1]), known))
    message = str(err["msg"]).removeprefix("Value error, ")
    return ("config-invalid-value", f"invalid value for '{name}': {message}", "", "see: exodossier config --keys")


def _diagnostics(display: str, text: str, prefix: tuple[str, ...], exc: ValidationError) -> list[Diagnostic]:
    positions = _key_positions(text, prefix)
    problems = []
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        code, message, expected, hint = _explain(dict(err), loc)
        line, column = _position(positions, loc)
        problems.append(error(display, line, column, code, message, field_path=".".join(map(str, loc)),
                              expected=expected, hint=hint))
    return problems


def _parse(path: Path, display: str) -> tuple[str, dict[str, Any]]:
    try:
        with path.open("rb") as stream:  # at most one byte past the limit (/dev/zero has size 0 and no end)
            raw = stream.read(MAX_CONFIG_BYTES + 1)
    except OSError as exc:
        raise UserError([error(display, 0, 0, "io", f"cannot read the settings: {exc.strerror}")]) from None
    if len(raw) > MAX_CONFIG_BYTES:
        raise UserError([error(display, 1, 1, "file-too-large", "the settings file is over 1 MB")])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        raise UserError([error(display, line, 1, "encoding", "the settings file is not valid UTF-8")]) from None
    try:
        return text, tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        line, column = (int(found.group(1)), int(found.group(2))) if found else (1, 1)
        message = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)", "", str(exc))
        raise UserError([error(display, line, column, "config-syntax", f"TOML syntax error: {message}",
                               hint="see https://toml.io for the syntax; strings need quotes")]) from None


def read_settings(path: Path) -> Settings:
    """The settings in one file (exodossier.toml, or the [tool.exodossier] table of a pyproject.toml)."""
    display = os.path.relpath(path)
    text, data = _parse(path, display)
    prefix: tuple[str, ...] = TOOL_TABLE if path.name == PYPROJECT else ()
    table: Any = data
    for key in prefix:
        table = table.get(key, {}) if isinstance(table, dict) else {}
    try:
        config = Config.model_validate(table)
    except ValidationError as exc:
        raise UserError(_diagnostics(display, text, prefix, exc)) from None
    return Settings(config, path, path.resolve().parent)


def discover(start: Path | None = None) -> Settings:
    """The settings in force for a command run in `start` (default: the working folder)."""
    found = find_settings_file(start or Path.cwd())
    return read_settings(found) if found is not None else Settings()


def catalog_folder(settings: Settings, start: Path | None = None) -> Path:
    """The catalog to use when --catalog is not given: the setting, else the nearest one found upwards."""
    if settings.config.catalog is not None:
        return _relative(settings.path(settings.config.catalog).resolve())
    found = find_catalog(start or Path.cwd())
    return _relative(found) if found is not None else Path(CATALOG_FOLDER)


# --------------------------------------------------------------------------- documentation


def _toml(value: Any) -> str:
    """A default as it would be written in the settings file."""
    if value is None:
        return "(unset)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    return str(value)


def _kind(annotation: Any) -> str:
    text = str(annotation).replace("typing.", "").replace("<class '", "").replace("'>", "")
    text = re.sub(r"Optional\[(.*)\]$", r"\1 | None", text)
    return text.replace("|", "or").replace("Literal", "one of ")


def keys_table() -> str:
    """Markdown: every settings key with its type, default and meaning, generated from the models."""
    lines = ["| Key | Type | Default | Meaning |", "| --- | --- | --- | --- |"]
    for section, model in SECTIONS.items():
        for name, info in model.model_fields.items():
            if section == "" and name in SECTIONS:
                continue
            key = f"{section}.{name}" if section else name
            default = _toml(info.get_default(call_default_factory=True))
            lines.append(f"| `{key}` | {_kind(info.annotation)} | `{default}` | {info.description or ''} |")
    return "\n".join(lines)
