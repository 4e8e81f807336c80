"""The mkdocs plugin and mkdocs.yml: strict builds of fixture catalogs, failures, determinism, offline."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
import yaml

from exodossier.catalog.checks import load_valid_catalog
from exodossier.site.exports import catalog_json
from tests.conftest import FIXTURES, SMALL_CATALOG
from tests.site_project import CHAPTERS, JA_CHAPTERS, MKDOCS, REPO, build, build_both, make_project


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small fixture catalog built once with the repository's mkdocs.yml."""
    folder = tmp_path_factory.mktemp("small-site")
    config = make_project(folder, SMALL_CATALOG)
    result = build_both(config, folder / "site")
    assert result.returncode == 0, result.stderr
    return folder


def all_files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_strict_build_publishes_pages_downloads_and_stylesheet(built: Path) -> None:
    site = built / "site"
    for page in ("catalog/index.html", "catalog/categories/safety/index.html", "catalog/requirements/EXO-RM-001/index.html",
                 "catalog/sources/SRC-NEW/index.html", "catalog/traceability/index.html", "catalog/graph/index.html",
                 "catalog/downloads/index.html", "catalog/tags/index.html", "catalog/sources/index.html"):
        assert (site / page).is_file(), page
    assert (site / "catalog" / "catalog.json").read_text(encoding="utf-8") == \
        catalog_json(load_valid_catalog(SMALL_CATALOG))
    assert (site / "catalog" / "catalog.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert (site / "catalog" / "schema" / "requirement.schema.json").is_file()
    page = (site / "catalog" / "requirements" / "EXO-RM-001" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../../assets/exodossier.css"' in page


def test_nothing_is_written_into_the_docs_folder(built: Path) -> None:
    assert sorted(p.name for p in (built / "docs").iterdir()) == sorted(
        ["ja", *(f"{name}.md" for name in ("index", "how-to-read", "regulatory-landscape", "model-case", "phases",
                                          "glossary"))])
    assert sorted(p.name for p in (built / "docs" / "ja").iterdir()) == sorted(f"{name}.md" for name in JA_CHAPTERS)


def test_navigation_lists_categories_and_never_a_requirement(built: Path) -> None:
    page = (built / "site" / "catalog" / "index.html").read_text(encoding="utf-8")
    nav = re.findall(r'<a href="([^"#]+)" class="md-(?:nav|tabs)__link', page)
    assert "categories/raw-materials/" in nav and "categories/safety/" in nav and "../how-to-read/" in nav
    assert [link for link in nav if "requirements/EXO-" in link] == []
    assert "requirements/EXO-RM-001/" in page  # reached from the category tables instead


def test_tags_link_requirements_to_the_tags_index(built: Path) -> None:
    tags = (built / "site" / "catalog" / "tags" / "index.html").read_text(encoding="utf-8")
    assert "Viral safety" in tags and "../requirements/EXO-SF-002/" in tags


def test_the_built_site_references_no_other_host(built: Path) -> None:
    for path in (built / "site").rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        loaded = re.findall(r'<(?:script|link|img|iframe|source)\b[^>]*?(?:src|href)="([^"]+)"', text)
        external = [u for u in loaded if re.match(r"(https?:)?//", u)]
        assert external == [], f"{path}: {external}"
        assert "fonts.googleapis" not in text and "cdn.jsdelivr" not in text and "unpkg.com" not in text


def test_two_builds_of_the_same_inputs_are_byte_identical(built: Path, tmp_path: Path) -> None:
    # Same project, second build into another folder; SOURCE_DATE_EPOCH fixes sitemap dates and gzip times.
    result = build_both(built / "mkdocs.yml", tmp_path / "again")
    assert result.returncode == 0, result.stderr
    assert any(name.startswith("ja/") for name in all_files(tmp_path / "again"))
    first, second = all_files(built / "site"), all_files(tmp_path / "again")
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []


# --------------------------------------------------------------------------- the two editions


def page(built: Path, path: str) -> str:
    return (built / "site" / path / "index.html").read_text(encoding="utf-8")


def test_the_japanese_edition_is_built_beside_the_english_one(built: Path) -> None:
    english, japanese = page(built, "catalog/requirements/EXO-RM-002"), page(built, "ja/catalog/requirements/EXO-RM-002")
    assert '<html lang="en"' in english and '<html lang="ja"' in japanese
    assert "<h1 id=\"exo-rm-002-animal-derived-media-components\">EXO-RM-002 Animal-derived media components" in english
    assert ">EXO-RM-002 動物由来培地成分" in japanese and "要件本文" in japanese and "開発段階別に求められる水準" in japanese
    assert "Expectations by development stage" not in japanese


def test_the_language_selector_links_each_page_to_its_counterpart(built: Path) -> None:
    english, japanese = page(built, "catalog/requirements/EXO-RM-002"), page(built, "ja/catalog/requirements/EXO-RM-002")
    assert 'href="../../../ja/catalog/requirements/EXO-RM-002/" hreflang="ja"' in english
    assert 'href="../../../../catalog/requirements/EXO-RM-002/" hreflang="en"' in japanese
    assert 'rel="alternate" href' not in english  # Material's script would send the selector to the home page
    assert 'href="./ja/" hreflang="ja"' in page(built, "")


def test_a_translated_chapter_is_used_and_a_missing_one_falls_back_to_english_with_a_note(built: Path) -> None:
    home = page(built, "ja")
    assert "章の索引" in home and "カタログの入口" in home
    fallback = page(built, "ja/how-to-read")
    assert "この章はまだ翻訳されていない" in fallback and "Stub text for how-to-read" in fallback


def test_ids_in_chapters_link_to_their_pages(built: Path) -> None:
    assert re.search(r'<a [^>]*href="catalog/sources/SRC-NEW/"[^>]*>SRC-NEW</a>', page(built, ""))
    assert re.search(r'<a [^>]*href="catalog/requirements/EXO-RM-002/"[^>]*>EXO-RM-002</a>', page(built, "ja"))


def test_the_home_page_offers_entry_points_with_counts(built: Path) -> None:
    home = page(built, "")
    assert "Find your way into the catalog" in home
    assert "4 requirements in 2 categories" in home and 'href="catalog/ctd-sections/"' in home


def test_the_footer_names_committee_version_date_and_licence(built: Path) -> None:
    footer = page(built, "catalog").split('class="md-copyright"')[1].split("</div>")[0]
    assert "Catalog 1.0.0" in footer and "2026-01-15" in footer and "CC BY 4.0" in footer and "Apache-2.0" in footer
    assert "カタログ 1.0.0" in page(built, "ja/catalog").split('class="md-copyright"')[1]


def test_requirement_pages_link_their_yaml_when_the_repository_is_configured(tmp_path: Path) -> None:
    config = make_project(tmp_path, SMALL_CATALOG)
    config.write_text(config.read_text(encoding="utf-8")
                      + "repo_url: https://git.example.org/committee/guideline\nedit_uri: edit/main/docs/\n",
                      encoding="utf-8")
    result = build(config, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "site" / "catalog" / "requirements" / "EXO-RM-002" / "index.html").read_text(encoding="utf-8")
    assert ('href="https://git.example.org/committee/guideline/edit/main/catalog/requirements/raw-materials/'
            'EXO-RM-002.yaml"') in html


def test_no_edit_link_without_a_repository(built: Path) -> None:
    assert "exo-edit\"" not in page(built, "catalog/requirements/EXO-RM-002")


def test_catalog_error_fails_the_build_with_validate_diagnostics(tmp_path: Path) -> None:
    config = make_project(tmp_path, SMALL_CATALOG)
    path = tmp_path / "catalog" / "requirements" / "safety" / "EXO-SF-002.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("criticality: low", "criticality: lowest"), encoding="utf-8")
    result = build(config, tmp_path / "site")
    assert result.returncode == 1
    assert "EXO-SF-002.yaml:7:1: error: invalid value 'lowest' for 'criticality'" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "site" / "catalog").exists()


def test_a_catalog_page_on_disk_is_refused_rather_than_silently_shadowed(tmp_path: Path) -> None:
    config = make_project(tmp_path, SMALL_CATALOG)
    (tmp_path / "docs" / "catalog").mkdir()
    (tmp_path / "docs" / "catalog" / "index.md").write_text("# Stale\n", encoding="utf-8")
    result = build(config, tmp_path / "site")
    assert result.returncode == 1
    assert "catalog/index.md exists on disk" in result.stderr


def test_serve_watches_the_catalog_folder(tmp_path: Path) -> None:
    from mkdocs.config import load_config

    config = load_config(str(make_project(tmp_path, SMALL_CATALOG)))
    config = config.plugins.on_config(config)
    assert str((tmp_path / "catalog").resolve()) in config.watch
    assert "assets/exodossier.css" in config.extra_css


def test_hostile_catalog_builds_strict_and_escapes_titles_in_templates(tmp_path: Path) -> None:
    config = make_project(tmp_path, FIXTURES / "catalogs" / "hostile")
    result = build(config, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    for path in (tmp_path / "site").rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert "<script>window.__pwned" not in text, path
        assert re.search(r"<img[^>]*onerror", text) is None, path
        assert "<i>Cell</i>" not in text, path
    page = (tmp_path / "site" / "catalog" / "requirements" / "EXO-RM-001" / "index.html").read_text(encoding="utf-8")
    assert "<title>EXO-RM-001 Cell bank &lt;/title&gt;&lt;script&gt;" in page


# --------------------------------------------------------------------------- the repository's configuration


@pytest.fixture(scope="module")
def mkdocs_yml() -> dict:
    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: suffix)
    Loader.add_constructor("!ENV", lambda loader, node: {"!ENV": loader.construct_sequence(node)})
    return yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)  # noqa: S506 - SafeLoader subclass


def test_only_plugins_zensical_also_implements_plus_ours(mkdocs_yml: dict) -> None:
    names = [next(iter(p)) if isinstance(p, dict) else p for p in mkdocs_yml["plugins"]]
    assert names == ["search", "tags", "exodossier"]
    assert "hooks" not in mkdocs_yml


def test_theme_is_offline_material_with_japanese_search(mkdocs_yml: dict) -> None:
    theme = mkdocs_yml["theme"]
    assert theme["name"] == "material" and theme["font"] is False and theme["language"] == "en"
    assert {"navigation.tabs", "navigation.sections", "navigation.instant"} <= set(theme["features"])
    assert {p["scheme"] for p in theme["palette"]} == {"default", "slate"}
    search = mkdocs_yml["plugins"][0]["search"]
    assert "ja" in search["lang"] and "、" in search["separator"]
    assert mkdocs_yml["watch"] == ["requirements_catalog"] and mkdocs_yml["docs_dir"] == "guideline"
    assert mkdocs_yml["site_url"] == {"!ENV": ["SITE_URL"]}  # never a guessed canonical address


def test_the_japanese_configuration_inherits_and_changes_only_the_edition() -> None:
    text = (REPO / "mkdocs.ja.yml").read_text(encoding="utf-8")
    config = yaml.safe_load(text)
    assert config["INHERIT"] == "mkdocs.yml" and config["theme"] == {"language": "ja"}
    assert config["docs_dir"] == "guideline/ja" and config["site_dir"] == "site/ja"
    plugin = next(p["exodossier"] for p in config["plugins"] if isinstance(p, dict) and "exodossier" in p)
    assert plugin["language"] == "ja" and plugin["fallback_docs"] == "guideline"


def test_the_repository_site_keeps_no_generated_catalog_pages() -> None:
    assert not (REPO / "guideline" / "catalog").exists()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _poll(url: str, wanted: str, deadline: float) -> bool:
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - our own localhost server
                if wanted in response.read().decode("utf-8"):
                    return True
        except OSError:
            pass
        time.sleep(0.3)
    return False


def test_serve_rebuilds_once_when_a_catalog_file_changes(tmp_path: Path) -> None:
    config = make_project(tmp_path, SMALL_CATALOG)
    port = _free_port()
    log = tmp_path / "serve.log"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    with log.open("w") as stream:
        server = subprocess.Popen([str(MKDOCS), "serve", "--config-file", str(config), "-a", f"127.0.0.1:{port}"],
                                  cwd=tmp_path, env=env, stdout=stream, stderr=subprocess.STDOUT)
    try:
        url = f"http://127.0.0.1:{port}/catalog/requirements/EXO-SF-002/"
        assert _poll(url, "Viral safety draft", time.monotonic() + 120), log.read_text()
        path = tmp_path / "catalog" / "requirements" / "safety" / "EXO-SF-002.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace("Viral safety draft", "Viral safety revised"),
                        encoding="utf-8")
        assert _poll(url, "Viral safety revised", time.monotonic() + 120), log.read_text()
        time.sleep(3)  # a rebuild loop would show up as further rebuilds here
        assert log.read_text().count("Detected file changes") == 1, log.read_text()
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert sorted(p.name for p in (tmp_path / "docs").iterdir()) == sorted(["ja", *(f"{n}.md" for n in CHAPTERS)])


# A hook that runs after the plugin and records how many source bytes each page's File still holds.
SOURCE_SIZES = '''
import json
from pathlib import Path

sizes = {}

def on_page_content(html, page, **kwargs):
    sizes[page.file.src_uri] = len(page.file.content_bytes)

def on_post_build(config, **kwargs):
    Path(config.config_file_path).with_name("sizes.json").write_text(json.dumps(sizes), encoding="utf-8")
'''


def test_a_generated_pages_source_is_released_once_read_and_chapters_keep_theirs(tmp_path: Path) -> None:
    """At 10,000 requirements the generated pages' bytes are ~214 MB that no later step reads."""
    config = make_project(tmp_path, SMALL_CATALOG)
    (tmp_path / "sizes_hook.py").write_text(SOURCE_SIZES, encoding="utf-8")
    config.write_text(config.read_text(encoding="utf-8") + "hooks:\n  - sizes_hook.py\n", encoding="utf-8")
    result = build(config, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    sizes = json.loads((tmp_path / "sizes.json").read_text(encoding="utf-8"))
    assert sizes["catalog/requirements/EXO-RM-001.md"] == 0 and sizes["catalog/index.md"] == 0
    assert sizes["index.md"] > 0 and sizes["how-to-read.md"] > 0
    assert "EXO-RM-001" in (tmp_path / "site" / "catalog" / "requirements" / "EXO-RM-001" / "index.html").read_text(
        encoding="utf-8")


def test_the_downloads_wait_on_disk_and_nothing_is_left_behind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The JSON and CSV downloads are staged in a temporary folder until mkdocs copies them, then removed."""
    staging = tmp_path / "tmp"
    staging.mkdir()
    monkeypatch.setenv("TMPDIR", str(staging))
    config = make_project(tmp_path / "project", SMALL_CATALOG)
    result = build(config, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site" / "catalog" / "catalog.json").read_text(encoding="utf-8") == \
        catalog_json(load_valid_catalog(SMALL_CATALOG))
    assert (tmp_path / "site" / "catalog" / "catalog.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert list(staging.iterdir()) == []
