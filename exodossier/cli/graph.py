"""`exodossier graph ...`: what hangs on what, and the graph for other tools."""

from __future__ import annotations

import json
from pathlib import Path

import click

from exodossier.cli.options import catalog_option, reports_user_errors


@click.group()
def graph() -> None:
    """Query and export the catalog's knowledge graph."""


@graph.command()
@click.argument("source_id")
@click.option("--clause", default=None, help="Limit to one clause of the source.")
@click.option("--format", "fmt", type=click.Choice(["human", "json"]), default="human", show_default=True)
@catalog_option
@reports_user_errors
def impact(source_id: str, clause: str | None, fmt: str, catalog_dir: Path) -> None:
    """Requirements to re-review when SOURCE_ID (or one clause) changes, with the path that explains why."""
    from exodossier.catalog.checks import load_valid_catalog
    from exodossier.errors import UserError, did_you_mean, error
    from exodossier.graph.build import build_graph
    from exodossier.graph.queries import impact as find_impact

    catalog = load_valid_catalog(catalog_dir)
    source = catalog.sources.get(source_id)
    if source is None:
        raise UserError([error("<command line>", 0, 0, "unknown-reference", f"no source '{source_id}'",
                               hint=did_you_mean(source_id, catalog.sources))])
    clauses = [c.id for c in source.clauses]
    if clause and clause not in clauses:
        raise UserError([error("<command line>", 0, 0, "unknown-reference", f"no clause '{clause}' in {source_id}",
                               hint=did_you_mean(clause, clauses))])
    found = find_impact(build_graph(catalog), source_id, clause)
    if fmt == "json":
        click.echo(json.dumps([{"requirement": i.requirement, "direct": i.direct, "path": list(i.path)} for i in found],
                              indent=2))
        return
    click.echo(f"{len(found)} requirement(s) affected by {source_id}{' clause ' + clause if clause else ''}")
    for item in found:
        title = catalog.requirements[item.requirement].title
        kind = "direct  " if item.direct else "indirect"
        click.echo(f"  {item.requirement}  {kind}  {title}\n      via {' -> '.join(item.path)}")


@graph.command()
@catalog_option
@reports_user_errors
def stats(catalog_dir: Path) -> None:
    """Node and edge counts by type, and coverage findings."""
    from exodossier.catalog.checks import load_valid_catalog
    from exodossier.graph.build import build_graph
    from exodossier.graph.queries import coverage
    from exodossier.graph.queries import stats as graph_stats

    built = build_graph(load_valid_catalog(catalog_dir))
    counts = graph_stats(built)
    for group in ("nodes", "edges"):
        click.echo(f"{group}: " + ", ".join(f"{k} {v}" for k, v in counts[group].items()))
    found = coverage(built)
    click.echo(f"uncited sources: {', '.join(found.uncited_sources) or 'none'}")
    click.echo(f"uncited clauses: {len(found.uncited_clauses)}")
    click.echo(f"adopted requirements citing nothing: {', '.join(found.adopted_without_citation) or 'none'}")
    click.echo(f"CTD sections with no requirement: {', '.join(found.unmapped_ctd_sections) or 'none'}")
    small = ", ".join(f"{c} ({n})" for c, n in found.small_categories)
    click.echo(f"categories with few requirements: {small or 'none'}")


@graph.command()
@click.option("--format", "export_format", type=click.Choice(["graphml", "json", "dot", "mermaid"]), required=True)
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None, help="File to write (default: stdout).")
@catalog_option
@reports_user_errors
def export(export_format: str, output: Path | None, catalog_dir: Path) -> None:
    """Export the graph as GraphML, node-link JSON, DOT or Mermaid."""
    from exodossier.catalog.checks import load_valid_catalog
    from exodossier.graph.build import build_graph
    from exodossier.graph.export import EXPORTERS
    from exodossier.outputs import write_atomic

    from exodossier.outputs import check_format_matches_extension, refuse_input_as_output

    check_format_matches_extension(output, export_format, ["graphml", "json", "dot", "mermaid"])
    if output is not None:
        refuse_input_as_output(output, [catalog_dir])
    # Not named `fmt`: reports_user_errors reads `fmt` as the diagnostics format.
    text = EXPORTERS[export_format](build_graph(load_valid_catalog(catalog_dir)))
    if output is None:
        click.echo(text, nl=False)
    else:
        write_atomic(output, text)
