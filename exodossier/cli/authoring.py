"""Committee workflow commands: init, diff, release, new, fmt, status and review."""

from __future__ import annotations

from contextlib import ExitStack
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import click

from exodossier.cli.options import catalog_option, reports_user_errors

if TYPE_CHECKING:  # commands import the catalog in their bodies, keeping `--help` instant
    from exodossier.catalog.loader import Catalog
    from exodossier.errors import Diagnostic


def _catalog_source(stack: ExitStack, spec: str | None, catalog_dir: Path) -> Path:
    """A folder holding the catalog: the work tree (None), a folder path, or a git revision."""
    from exodossier.authoring.git_revisions import catalog_at

    if spec is None:
        return catalog_dir
    if Path(spec).is_dir():
        return Path(spec)
    return stack.enter_context(catalog_at(spec, catalog_dir))


def _load(folder: Path, label: str) -> Catalog:
    """The catalog in `folder`; a file that does not load at that revision is an error named there.

    A requirement whose file fails to parse is absent from the loaded catalog: compared as
    is, it would show as "added" (or "removed") and a release would record that.
    """
    from exodossier.catalog.loader import display_path, load_catalog
    from exodossier.errors import Severity, UserError, error, has_errors

    result = load_catalog(folder)
    if has_errors(result.diagnostics):
        shown = display_path(folder)
        at_revision = label != "work tree" and not Path(label).is_dir()

        def place(file: str) -> str:  # the temporary copy's path becomes git's own REV:path
            return f"{label}:{file[len(shown) + 1:]}" if at_revision and file.startswith(shown + "/") else file

        raise UserError([replace(d, file=place(d.file), hint=d.hint or "the catalog does not load at this revision")
                         for d in result.diagnostics if d.severity is Severity.ERROR])
    if result.catalog is None:
        raise UserError([error(label, 0, 0, "diff-unreadable", f"cannot read the catalog at {label}",
                               hint="check that the revision contains requirements_catalog/taxonomy.yaml")])
    return result.catalog


@click.command()
@click.argument("rev_a")
@click.argument("rev_b", required=False)
@click.option("--format", "fmt", type=click.Choice(["human", "markdown", "json"]), default="human", show_default=True)
@catalog_option
@reports_user_errors
def diff(rev_a: str, rev_b: str | None, fmt: str, catalog_dir: Path) -> None:
    """Compare the catalog at REV_A with REV_B (default: the work tree); revisions or folders."""
    from exodossier.authoring.diff import compare_catalogs, render_json, render_text

    with ExitStack() as stack:
        old = _load(_catalog_source(stack, rev_a, catalog_dir), rev_a)
        new = _load(_catalog_source(stack, rev_b, catalog_dir), rev_b or "work tree")
        changes = compare_catalogs(old, new)
    click.echo(render_json(changes) if fmt == "json" else render_text(changes, markdown=fmt == "markdown"), nl=False)


@click.group()
def release() -> None:
    """Cut catalog releases and print their notes."""


@release.command()
@click.argument("version")
@click.option("--date", "date_", default=None, help="Release date YYYY-MM-DD (default: today or SOURCE_DATE_EPOCH).")
@catalog_option
@reports_user_errors
def cut(version: str, date_: str | None, catalog_dir: Path) -> None:
    """Record release VERSION: changes since the previous release's tag, new catalog version and date."""
    from exodossier.authoring.diff import compare_catalogs, render_text
    from exodossier.authoring.release import (
        check_release_date,
        check_version,
        previous_release,
        release_from_diff,
        set_catalog_version,
        tag_for,
        write_release,
    )
    from exodossier.catalog.checks import load_valid_catalog
    from exodossier.outputs import build_datetime

    check_version(version)
    if date_ is not None:
        check_release_date(date_)
    catalog = load_valid_catalog(catalog_dir)
    date = date_ or build_datetime().date().isoformat()
    before = previous_release(catalog)
    with ExitStack() as stack:
        old = _load(_catalog_source(stack, tag_for(before.version), catalog_dir), tag_for(before.version)) \
            if before else None
        changes = compare_catalogs(old, catalog) if old else compare_catalogs(_empty_like(catalog), catalog)
    record = release_from_diff(changes, version, date, before.version if before else None)
    path = write_release(catalog, record)
    set_catalog_version(catalog, version, date)
    click.echo(render_text(changes, markdown=True), nl=False)
    click.echo(f"\nwrote {path}; commit it, then tag the commit: git tag {tag_for(version)}")


def _empty_like(catalog: Catalog) -> Catalog:
    return replace(catalog, requirements={}, sources={}, releases={})


@release.command()
@click.argument("version")
@catalog_option
@reports_user_errors
def notes(version: str, catalog_dir: Path) -> None:
    """Print the Markdown release notes recorded for VERSION."""
    from exodossier.catalog.checks import load_valid_catalog
    from exodossier.errors import UserError, did_you_mean, error

    catalog = load_valid_catalog(catalog_dir)
    record = catalog.releases.get(version)
    if record is None:
        raise UserError([error("<command line>", 0, 0, "unknown-release", f"no release {version}",
                               hint=did_you_mean(version, catalog.releases))])
    click.echo(f"# Release {record.version} ({record.date})\n")
    for heading, changes in (("Requirements", record.requirements), ("Sources", record.sources)):
        if changes:
            click.echo(f"## {heading}\n")
            for change in changes:
                fields = f" ({', '.join(change.fields)})" if change.fields else ""
                click.echo(f"- {change.id}: {change.kind.value}{fields}")
            click.echo("")


@click.group()
def new() -> None:
    """Create a new requirement or source file with every field stubbed."""


@new.command("requirement")
@click.option("--category", required=True, help="Category id, e.g. RM.")
@click.option("--title", required=True, help="Title of the requirement.")
@catalog_option
@reports_user_errors
def new_requirement_command(category: str, title: str, catalog_dir: Path) -> None:
    """Write requirements/<category>/EXO-<CAT>-NNN.yaml with the next free id."""
    from exodossier.authoring.new import new_requirement
    from exodossier.catalog.checks import load_valid_catalog

    click.echo(new_requirement(load_valid_catalog(catalog_dir), category, title))


@new.command("source")
@click.option("--id", "source_id", required=True, help="Source id, e.g. ICH-Q5A-R2.")
@click.option("--title", required=True, help="Exact title of the document.")
@catalog_option
@reports_user_errors
def new_source_command(source_id: str, title: str, catalog_dir: Path) -> None:
    """Write sources/<ID>.yaml, unverified until someone checks it."""
    from exodossier.authoring.new import check_source_id, new_source
    from exodossier.catalog.checks import load_valid_catalog

    check_source_id(source_id)

    click.echo(new_source(load_valid_catalog(catalog_dir), source_id, title))


@click.command()
@click.option("--check", is_flag=True, help="Exit 1 if any file needs formatting; change nothing.")
@catalog_option
@reports_user_errors
def fmt(check: bool, catalog_dir: Path) -> None:
    """Normalise key order and layout of catalog files, keeping comments."""
    import sys

    from exodossier.authoring.fmt import catalog_files, format_file
    from exodossier.catalog.loader import TAXONOMY_FILE, display_path
    from exodossier.errors import UserError, error
    from exodossier.outputs import write_atomic

    if not (catalog_dir / TAXONOMY_FILE).is_file():
        raise UserError([error(display_path(catalog_dir / TAXONOMY_FILE), 0, 0, "no-catalog",
                               f"no catalog here: {TAXONOMY_FILE} is missing",
                               hint="pass --catalog DIR pointing at a folder with taxonomy.yaml")])
    untidy: list[str] = []
    problems: list[Diagnostic] = []
    rewrites: list[tuple[Path, str]] = []
    for path, model in catalog_files(catalog_dir):
        new_text, found = format_file(path, model)
        problems += found
        if new_text is not None:
            untidy.append(display_path(path))
            rewrites.append((path, new_text))
    if problems:  # nothing is written while any file has a problem
        raise UserError(problems)
    if not check:
        for path, new_text in rewrites:
            write_atomic(path, new_text)
    verb = "would reformat" if check else "reformatted"
    for shown in untidy:
        click.echo(f"{verb} {shown}")
    click.echo(f"{len(untidy)} file(s) {verb}" if untidy else "all catalog files are tidy")
    if check and untidy:
        sys.exit(1)


@click.command()
@click.argument("requirement_id")
@click.option("--to", "target", type=click.Choice(["draft", "under_review", "adopted", "retired"]), required=True,
              help="The new review state.")
@click.option("--by", "reviewer", default=None, help="Who decided (default: git config user.name).")
@click.option("--reason", default=None, help="Why; required when retiring.")
@catalog_option
@reports_user_errors
def status(requirement_id: str, target: str, reviewer: str | None, reason: str | None, catalog_dir: Path) -> None:
    """Move REQUIREMENT_ID to a new review state and record who and when in its history."""
    from exodossier.authoring.review import today_stamp
    from exodossier.authoring.status import change_status
    from exodossier.catalog.checks import load_valid_catalog
    from exodossier.catalog.models import RequirementStatus

    stamp = today_stamp(reviewer)
    wanted = RequirementStatus(target)
    catalog = _catalog_for_draft(catalog_dir) if wanted is RequirementStatus.DRAFT else load_valid_catalog(catalog_dir)
    path = change_status(catalog, requirement_id, wanted, stamp, reason)
    click.echo(f"{path}: {requirement_id} is now {target} ({stamp.reviewer}, {stamp.on})")


def _catalog_for_draft(catalog_dir: Path) -> Catalog:
    """Moving back to draft is how a premature adoption is undone, so the catalog's other errors
    (often that very adoption's) must not block it; only a catalog that does not load at all does."""
    from exodossier.catalog.checks import validate_catalog
    from exodossier.errors import Severity, UserError

    result = validate_catalog(catalog_dir)
    if result.catalog is None:
        raise UserError([d for d in result.diagnostics if d.severity is Severity.ERROR])
    return result.catalog


@click.command()
@click.argument("requirement_id")
@click.option("--reviewer", default=None, help="Who reviewed (default: git config user.name).")
@catalog_option
@reports_user_errors
def review(requirement_id: str, reviewer: str | None, catalog_dir: Path) -> None:
    """Record that REQUIREMENT_ID's citations were re-reviewed against the current source versions."""
    from exodossier.authoring.review import review_requirement, today_stamp
    from exodossier.catalog.checks import load_valid_catalog

    stamp = today_stamp(reviewer)
    path, stamped, newer = review_requirement(load_valid_catalog(catalog_dir), requirement_id, stamp)
    click.echo(f"{path}: {stamped} citation(s) stamped as reviewed by {stamp.reviewer} on {stamp.on}; "
               f"{newer} of them now against a newer source version")


@click.command()
@click.argument("directory", type=click.Path(path_type=Path, file_okay=False))
@reports_user_errors
def init(directory: Path) -> None:
    """Create a new catalog repository in DIRECTORY: taxonomy, an example requirement and source,
    the JSON Schemas, a guideline chapter, mkdocs.yml, pre-commit hooks and a GitHub workflow.

    It validates and builds as written (`exodossier validate`, `mkdocs build --strict`); edit the
    examples into your own. DIRECTORY must be new or empty: nothing is ever overwritten.
    """
    from exodossier.authoring.scaffold import scaffold
    from exodossier.catalog.schema import render_schemas
    from exodossier.cli.catalog import all_schema_models

    schemas = {f"requirements_catalog/schema/{name}": text for name, text in render_schemas(all_schema_models()).items()}
    written = scaffold(directory, schemas)
    click.echo(f"wrote {len(written)} files to {directory}; next:\n"
               f"  cd {directory} && git init\n"
               f"  exodossier validate                 # check the catalog\n"
               f"  mkdocs build --strict               # the guideline site (needs: pip install 'exodossier[site]')\n"
               f"  pre-commit install                  # check every commit")
