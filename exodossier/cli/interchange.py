"""`exodossier export ...`: the catalog for other requirement tools (ReqIF) and for reviewers in Excel."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from exodossier.cli.options import catalog_option, language_option, reports_user_errors, working

if TYPE_CHECKING:
    from exodossier.catalog.loader import Catalog


@click.group()
def export() -> None:
    """Export the whole catalog for other tools: ReqIF 1.2 (DOORS, Polarion, Jama, StrictDoc) or Excel."""


def _valid_catalog(catalog_dir: Path) -> Catalog:
    from exodossier.catalog.checks import load_valid_catalog

    with working(f"reading {catalog_dir}"):
        return load_valid_catalog(catalog_dir)


@export.command()
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), required=True,
              help="The .reqif file to write (atomically).")
@catalog_option
@reports_user_errors
def reqif(output: Path, catalog_dir: Path) -> None:
    """Write the catalog as ReqIF 1.2: requirements, sources and clauses, typed relations and citations.

    Identifiers come from the catalog's ids, so importing a newer export updates the same objects.
    The same catalog and SOURCE_DATE_EPOCH give the same bytes. Nothing is written when the
    catalog has errors.
    """
    from exodossier.interchange.reqif import catalog_reqif
    from exodossier.outputs import build_datetime, refuse_input_as_output, require_suffix, write_atomic

    require_suffix(output, ".reqif")
    refuse_input_as_output(output, [catalog_dir])
    catalog = _valid_catalog(catalog_dir)
    with working(f"writing {output}"):
        write_atomic(output, catalog_reqif(catalog, build_datetime()))
    click.echo(f"wrote {output}: {len(catalog.requirements)} requirements, {len(catalog.sources)} sources (ReqIF 1.2)")


@export.command()
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), required=True,
              help="The .xlsx file to write (atomically).")
@language_option("Language of the headers and list texts (both languages' titles and statements are always there).")
@catalog_option
@reports_user_errors
def xlsx(output: Path, language: str, catalog_dir: Path) -> None:
    """Write the catalog as an Excel workbook: one sheet per category, and one of sources.

    Header rows are frozen and filtered; text that starts with = stays text. A reading copy for
    reviewers: the YAML files stay the catalog.
    """
    from exodossier.i18n.messages import check_language
    from exodossier.interchange.workbook import catalog_workbook
    from exodossier.outputs import build_datetime, refuse_input_as_output, require_suffix, write_atomic

    require_suffix(output, ".xlsx")
    refuse_input_as_output(output, [catalog_dir])
    catalog = _valid_catalog(catalog_dir)
    with working(f"writing {output}"):
        write_atomic(output, catalog_workbook(catalog, build_datetime(), check_language(language)))
    click.echo(f"wrote {output}: {len(catalog.requirements)} requirements in "
               f"{len(catalog.taxonomy.categories)} sheets, and {len(catalog.sources)} sources")
