"""`mkdocs serve --dirty`: a rebuild writes only the pages whose shown content changed, and never a stale one.

The builds run in this process the way `mkdocs serve` runs them (the plugin instance persists
between builds), on a throw-away project around the small fixture catalog.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from exodossier.site.plugin import ExodossierPlugin
from tests.conftest import SMALL_CATALOG
from tests.site_project import EPOCH, make_project

STATEMENT = "statement: Viral safety should be assessed for each cell bank."


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    config = make_project(tmp_path / "project", SMALL_CATALOG)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    monkeypatch.delenv("SITE_URL", raising=False)
    monkeypatch.chdir(config.parent)
    yield config


def serve_build(config: Path, site: Path, dirty: bool = True) -> ExodossierPlugin:
    """One rebuild as `mkdocs serve [--dirty]` does it: fresh configuration, persistent plugins."""
    loaded = load_config(config_file=str(config), site_dir=str(site))
    loaded.plugins.on_startup(command="serve", dirty=dirty)
    build(loaded, serve_url="http://127.0.0.1:8000/", dirty=dirty)
    plugin = loaded.plugins["exodossier"]
    assert isinstance(plugin, ExodossierPlugin)
    return plugin


def written(plugin: ExodossierPlugin, site: Path) -> list[str]:
    return plugin.plan(str(site)).written


def html_pages(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*.html"))}


def edit(config: Path, old: str, new: str) -> None:
    path = config.parent / "catalog" / "requirements" / "safety" / "EXO-SF-002.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_a_dirty_rebuild_writes_only_the_pages_that_show_the_edited_requirement(project: Path, tmp_path: Path) -> None:
    site = tmp_path / "served"
    first = serve_build(project, site)
    assert len(written(first, site)) == len(first.plan(str(site)).built)  # the first build writes all
    edit(project, STATEMENT, "statement: Viral safety must be assessed for each master cell bank.")
    second = serve_build(project, site)
    rewritten = written(second, site)
    assert "catalog/requirements/EXO-SF-002.md" in rewritten
    assert "catalog/requirements/EXO-RM-001.md" not in rewritten
    assert "how-to-read.md" not in rewritten
    assert len(rewritten) < len(second.plan(str(site)).built) / 2
    assert "master cell bank" in (site / "catalog" / "requirements" / "EXO-SF-002" / "index.html").read_text("utf-8")


def test_the_served_pages_equal_a_clean_build_after_edits(project: Path, tmp_path: Path) -> None:
    """Whatever a dirty rebuild skips, the folder it serves must match a full build of the same sources."""
    site = tmp_path / "served"
    serve_build(project, site)
    edit(project, STATEMENT, "statement: Viral safety must be assessed for each master cell bank.")
    serve_build(project, site)
    edit(project, "title: Viral safety draft", "title: Viral safety of the cell banks")
    serve_build(project, site)
    clean = tmp_path / "clean"
    serve_build(project, clean, dirty=False)
    assert html_pages(site) == html_pages(clean)


def test_a_changed_navigation_rewrites_every_page(project: Path, tmp_path: Path) -> None:
    site = tmp_path / "served"
    serve_build(project, site)
    chapter = project.parent / "docs" / "how-to-read.md"
    chapter.write_text(chapter.read_text(encoding="utf-8").replace("# Chapter how-to-read", "# Reading guide"),
                       encoding="utf-8")
    plugin = serve_build(project, site)
    assert len(written(plugin, site)) == len(plugin.plan(str(site)).built)
    assert "Reading guide" in (site / "catalog" / "requirements" / "EXO-RM-001" / "index.html").read_text("utf-8")


def test_the_page_of_a_deleted_requirement_leaves_the_served_site(project: Path, tmp_path: Path) -> None:
    site = tmp_path / "served"
    serve_build(project, site)
    page = site / "catalog" / "requirements" / "EXO-SF-002" / "index.html"
    assert page.is_file()
    (project.parent / "catalog" / "requirements" / "safety" / "EXO-SF-002.yaml").unlink()
    serve_build(project, site)
    assert not page.exists()


def test_a_missing_output_page_is_written_again(project: Path, tmp_path: Path) -> None:
    site = tmp_path / "served"
    serve_build(project, site)
    page = site / "catalog" / "requirements" / "EXO-RM-001" / "index.html"
    before = page.read_bytes()
    page.unlink()
    plugin = serve_build(project, site)
    assert written(plugin, site) == ["catalog/requirements/EXO-RM-001.md"]
    assert page.read_bytes() == before


def test_a_dirty_build_in_strict_mode_is_not_aborted_by_mkdocs_dirty_warning(project: Path, tmp_path: Path,
                                                                             caplog: pytest.LogCaptureFixture) -> None:
    """mkdocs warns that dirty builds show stale navigation; the plan prevents that, and the site is strict."""
    site = tmp_path / "served"
    with caplog.at_level(logging.INFO):
        serve_build(project, site)
        serve_build(project, site)
    messages = [f"{r.name} {r.levelname} {r.getMessage()}" for r in caplog.records]
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING], messages
    assert any("wrote 0 of" in r.getMessage() for r in caplog.records), messages


def test_a_plain_build_writes_every_page_whatever_it_remembers(project: Path, tmp_path: Path) -> None:
    site = tmp_path / "served"
    serve_build(project, site)
    page = site / "catalog" / "requirements" / "EXO-RM-001" / "index.html"
    os.utime(page, (0, 0))
    serve_build(project, site, dirty=False)
    assert page.stat().st_mtime > 0


def test_a_rebuild_finishes_again_only_the_ready_pages_whose_body_changed(project: Path, tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """Under `mkdocs serve` finished pages are kept; a page whose body and link targets are unchanged is reused."""
    from exodossier.site import ready

    finished: list[str] = []
    real_finish = ready.finish

    def counting(body: str, page: str, *args: object, **kwargs: object) -> ready.Finished:
        finished.append(page)
        return real_finish(body, page, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(ready, "finish", counting)
    site = tmp_path / "served"
    serve_build(project, site)
    first = len(finished)
    finished.clear()
    edit(project, STATEMENT, "statement: Viral safety must be assessed for each master cell bank.")
    serve_build(project, site)
    assert "catalog/requirements/EXO-SF-002.md" in finished
    assert "catalog/requirements/EXO-RM-001.md" not in finished
    assert 0 < len(finished) < first / 2


def test_templates_are_compiled_once_per_session_and_again_when_their_source_changes(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from jinja2 import DictLoader, Environment

    from exodossier.site.incremental import CompiledTemplates

    compiled: list[str] = []
    real_compile = Environment.compile

    def counting(self: Environment, source: str, *args: object, **kwargs: object) -> object:
        compiled.append(source)
        return real_compile(self, source, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(Environment, "compile", counting)
    cache, sources = CompiledTemplates(), {"page.html": "one {{ 1 + 1 }}"}
    for _rebuild in range(3):  # mkdocs makes a new environment for every build
        environment = Environment(loader=DictLoader(sources), bytecode_cache=cache)
        assert environment.get_template("page.html").render() == "one 2"
    assert len(compiled) == 1
    sources["page.html"] = "two {{ 2 + 2 }}"
    environment = Environment(loader=DictLoader(sources), bytecode_cache=cache)
    assert environment.get_template("page.html").render() == "two 4"
    assert len(compiled) == 2
