"""`exodossier site ...`: the guideline site's catalog pages outside mkdocs.

The mkdocs plugin publishes the pages in memory; this command writes the very same
files to a folder, so another engine (Zensical, ProperDocs, a plain Markdown reader)
can publish the catalog without our plugin.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Mapping

import click

from exodossier.cli.options import catalog_option, configured, reports_user_errors


@click.group()
def site() -> None:
    """Publish the catalog as guideline pages, English and Japanese (the mkdocs plugin does this during `mkdocs build`)."""


@site.command()
@click.option("--out", "out_dir", type=click.Path(path_type=Path, file_okay=False), default=None,
              callback=configured("site", "out", required=True),
              help="Folder to write into (a docs folder or a staging copy of one); created if missing.  "
                   "[default: the 'site.out' setting]")
@click.option("--consultation", "consultation_dir", type=click.Path(path_type=Path), default=Path("consultation"),
              show_default=True, help="Public-consultation folder; its closed rounds get pages.")
@click.option("--repo-url", help="The catalog's GitHub repository (https://github.com/OWNER/REPO): requirement pages "
                                 "then link to its comment issue form, as with mkdocs' repo_url.")
@click.option("--directory-urls/--no-directory-urls", default=True, show_default=True,
              help="Link pages as the engine will publish them: page/ (mkdocs' use_directory_urls, its default) "
                   "or page.html.")
@catalog_option
@reports_user_errors
def pages(out_dir: Path, consultation_dir: Path, repo_url: str | None, directory_urls: bool, catalog_dir: Path) -> None:
    """Write the catalog pages, downloads and stylesheet of both editions as files under OUT.

    The files are those the mkdocs plugin publishes: the English edition under OUT (catalog/ with
    pages, catalog.json, catalog.csv and JSON Schemas; assets/exodossier.css) and the Japanese
    edition under OUT/ja/, the layout of guideline/ and guideline/ja/. Each page is its front
    matter and finished HTML (ids linked, headings with ids, links as the engine's URLs), which
    any Markdown engine publishes as it is. Existing files are overwritten; files under the
    catalog/ folders that this run did not write are listed as stale and left alone.
    """
    from exodossier.catalog.checks import load_valid_catalog
    from exodossier.errors import Severity, UserError
    from exodossier.graph.build import build_graph
    from exodossier.i18n.messages import LANGUAGES
    from exodossier.outputs import refuse_folder_overlap, write_atomic
    from exodossier.site.paths import CATALOG_DIR
    from exodossier.site.idlinks import IdLinks
    from exodossier.site.pages.consultation import load_consultation
    from exodossier.site.ready import publish_files
    from exodossier.site.render import render_site_files

    # Each edition's OUT/<edition>/catalog is replaced whole: it must not be, hold, or lie inside the catalog.
    editions = [CATALOG_DIR, *(f"{language}/{CATALOG_DIR}" for language in LANGUAGES if language != "en")]
    for edition in editions:
        refuse_folder_overlap(out_dir / edition, [catalog_dir])
    catalog = load_valid_catalog(catalog_dir)
    graph = build_graph(catalog)
    files: dict[str, bytes] = {}
    links = IdLinks(list(catalog.requirements), list(catalog.sources))
    for language in LANGUAGES:  # the consultation's pages and labels are written in each edition's language
        consultation, problems = load_consultation(consultation_dir, catalog, repo_url, language)
        if any(d.severity is Severity.ERROR for d in problems):
            raise UserError(problems)
        prefix = "" if language == "en" else f"{language}/"
        files.update({prefix + path: content for path, content in
                      publish_files(render_site_files(catalog, graph, consultation, language=language), links,
                                    directory_urls=directory_urls).items()})
    _make_folder(out_dir)
    swapped: set[str] = set()
    for edition in editions:
        inside = {name[len(edition) + 1:]: content for name, content in files.items() if name.startswith(f"{edition}/")}
        _make_folder((out_dir / edition).parent)
        swap_in_folder(out_dir / edition, inside)
        swapped.update(f"{edition}/{name}" for name in inside)
    for relative, content in files.items():
        if relative not in swapped:
            _make_folder((out_dir / relative).parent)
            write_atomic(out_dir / relative, content)
    pages_written = sum(1 for name in files if name.endswith(".md"))
    click.echo(f"wrote {len(files)} files ({pages_written} pages, {len(LANGUAGES)} editions) to {out_dir}")
    folders = [out_dir / CATALOG_DIR, *(out_dir / language / CATALOG_DIR for language in LANGUAGES if language != "en")]
    stale = sorted(p.relative_to(out_dir).as_posix() for folder in folders for p in folder.rglob("*")
                   if p.is_file() and p.relative_to(out_dir).as_posix() not in files)
    if stale:
        click.echo(f"warning: {len(stale)} stale file(s) under {out_dir} not written by this run "
                   f"(delete them if they came from an earlier run): {', '.join(stale[:10])}"
                   + (" ..." if len(stale) > 10 else ""), err=True)


def _make_folder(folder: Path) -> None:
    from exodossier.errors import UserError, error

    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError([error(str(folder), 0, 0, "output-not-writable", f"cannot create folder '{folder}': {exc.strerror}",
                               hint="choose an output folder that is not inside a file and is writable")]) from None


def swap_in_folder(target: Path, files: Mapping[str, str | bytes]) -> None:
    """Write `files` (paths relative to `target`) into a staging copy of `target`, then swap it in.

    A failure half-way (a full disk, Ctrl-C) leaves the old pages whole; files an earlier run
    left in `target` are carried over, so they are still listed as stale rather than lost.
    """
    import shutil
    import tempfile

    from exodossier.errors import UserError, error

    parent = target.parent
    try:
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.staging-", dir=parent))
    except OSError as exc:
        raise UserError([error(str(parent), 0, 0, "output-not-writable", f"cannot write in '{parent}': {exc.strerror}",
                               hint="choose a writable output folder")]) from None
    backup = parent / f".{target.name}.old-{staging.name.rsplit('-', 1)[-1]}"
    try:
        if target.is_dir():
            shutil.copytree(target, staging, dirs_exist_ok=True, symlinks=True)
        for relative, content in files.items():
            path = staging / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        staging.chmod(0o755)
        if target.exists():
            os.rename(target, backup)
        os.rename(staging, target)
    except OSError as exc:
        raise UserError([error(str(target), 0, 0, "output-not-writable", f"cannot write '{target}': {exc.strerror}",
                               hint="the previous pages are left as they were")]) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        shutil.rmtree(backup, ignore_errors=True)
