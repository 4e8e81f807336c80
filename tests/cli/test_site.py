"""`exodossier site pages`: the plugin's files on disk, for engines that cannot run our plugin."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from exodossier.catalog.checks import load_valid_catalog
from exodossier.cli.main import main
from exodossier.graph.build import build_graph
from exodossier.site.idlinks import IdLinks
from exodossier.site.ready import publish_files
from exodossier.site.render import render_site_files


def test_pages_writes_both_editions_exactly_as_the_plugin_publishes_them(runner: CliRunner, small_catalog: Path,
                                                                         tmp_path: Path) -> None:
    out = tmp_path / "staging"
    result = runner.invoke(main, ["site", "pages", "--out", str(out), "--catalog", str(small_catalog)])
    assert result.exit_code == 0, result.output
    catalog = load_valid_catalog(small_catalog)
    links = IdLinks(list(catalog.requirements), list(catalog.sources))
    english = publish_files(render_site_files(catalog, build_graph(catalog), language="en"), links)
    japanese = publish_files(render_site_files(catalog, build_graph(catalog), language="ja"), links)
    expected = {**english, **{f"ja/{path}": content for path, content in japanese.items()}}
    written = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert written == expected
    assert '<h1 id="カタログの概要">カタログの概要' in written["ja/catalog/index.md"].decode()
    pages = sum(1 for name in expected if name.endswith(".md"))
    assert f"wrote {len(expected)} files ({pages} pages, 2 editions) to {out}" in result.output


def test_a_catalog_error_exits_1_with_validate_diagnostics(runner: CliRunner, small_catalog: Path,
                                                            tmp_path: Path) -> None:
    path = small_catalog / "requirements" / "safety" / "EXO-SF-002.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("criticality: low", "criticality: lowest"), encoding="utf-8")
    result = runner.invoke(main, ["site", "pages", "--out", str(tmp_path / "out"), "--catalog", str(small_catalog)])
    assert result.exit_code == 1
    assert "EXO-SF-002.yaml:7:1: error: invalid value 'lowest' for 'criticality'" in result.output
    assert not (tmp_path / "out").exists()


def test_files_left_from_an_earlier_run_are_reported_not_deleted(runner: CliRunner, small_catalog: Path,
                                                                 tmp_path: Path) -> None:
    stale = tmp_path / "out" / "catalog" / "requirements" / "EXO-XX-999.md"
    stale.parent.mkdir(parents=True)
    stale.write_text("# gone\n", encoding="utf-8")
    result = runner.invoke(main, ["site", "pages", "--out", str(tmp_path / "out"), "--catalog", str(small_catalog)])
    assert result.exit_code == 0
    assert "1 stale file(s)" in result.output and "catalog/requirements/EXO-XX-999.md" in result.output
    assert stale.exists()


def test_an_output_folder_inside_a_file_is_a_message_not_a_traceback(runner: CliRunner, small_catalog: Path,
                                                                     tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    result = runner.invoke(main, ["site", "pages", "--out", str(blocker / "out"), "--catalog", str(small_catalog)])
    assert result.exit_code == 1
    assert "cannot create folder" in result.output and "Traceback" not in result.output
