"""Generated pages as ready HTML: mkdocs publishes them without Python-Markdown, with the same toc, anchors and links."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from exodossier.site.markup import READY_MARKER, heading
from exodossier.site.ready import HeadingStyle, finish, headings, resolve_links
from tests.conftest import SMALL_CATALOG
from tests.site_project import build, make_project

# A hook that runs after the exodossier plugin and records the Markdown mkdocs is about to convert.
RECORDER = '''
import json
from pathlib import Path

seen = {}

def on_page_markdown(markdown, page, **kwargs):
    seen[page.file.src_uri] = markdown

def on_post_build(config, **kwargs):
    Path(config.config_file_path).with_name("markdown.json").write_text(json.dumps(seen), encoding="utf-8")
'''

# A hook that takes one generated source page away after the plugin has added it.
REMOVER = '''
def on_files(files, config, **kwargs):
    files.remove(files.get_file_from_path("catalog/sources/SRC-OLD.md"))
    return files
'''


def _with_hook(config: Path, name: str, code: str, extra: str = "") -> None:
    (config.parent / name).write_text(code, encoding="utf-8")
    config.write_text(config.read_text(encoding="utf-8") + f"hooks:\n  - {name}\n{extra}", encoding="utf-8")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small catalog's English edition, strict, with the Markdown recorder."""
    folder = tmp_path_factory.mktemp("ready-site")
    config = make_project(folder, SMALL_CATALOG)
    _with_hook(config, "recorder.py", RECORDER)
    result = build(config, folder / "site")
    assert result.returncode == 0, result.stderr
    return folder


def _page(folder: Path, path: str) -> str:
    return (folder / "site" / path).read_text(encoding="utf-8")


def test_generated_pages_are_not_converted_by_markdown(built: Path) -> None:
    seen = json.loads((built / "markdown.json").read_text(encoding="utf-8"))
    assert seen["catalog/requirements/EXO-RM-002.md"] == ""
    assert seen["catalog/sources/SRC-NEW.md"] == "" and seen["catalog/index.md"] == ""
    assert seen["how-to-read.md"].startswith("# Chapter how-to-read")  # chapters stay Markdown
    assert "<!-- material/tags -->" in seen["catalog/tags.md"]  # Material's tags listing is a Markdown directive
    page = _page(built, "catalog/requirements/EXO-RM-002/index.html")
    assert READY_MARKER not in page and '<p class="admonition-title">Statement</p>' in page


def test_generated_page_toc_lists_its_sections(built: Path) -> None:
    page = _page(built, "catalog/requirements/EXO-RM-002/index.html")
    toc = page.split('<nav class="md-nav md-nav--secondary"')[1].split("</nav>")[0]
    assert re.findall(r'href="#([^"]+)"', toc)[:3] == ["rationale", "expectations-by-development-stage",
                                                      "applicability"]
    assert 'href="#backlinks"' in toc
    assert ('<h2 id="rationale">Rationale<a class="headerlink" href="#rationale" title="Permanent link">&para;</a>'
            '</h2>') in page


def test_links_between_generated_pages_become_urls_and_ids_in_text_link(built: Path) -> None:
    page = _page(built, "catalog/requirements/EXO-RM-002/index.html")
    assert '<a href="../../sources/SRC-NEW/#clause-1-1">§1.1 Scope</a>' in page
    assert '<a href="../../categories/raw-materials/">Raw materials</a>' in page
    assert ".md\"" not in page and ".md#" not in page
    source = _page(built, "catalog/sources/SRC-PAPER/index.html")
    assert 'href="../../requirements/EXO-SF-001/"' in source
    home = _page(built, "index.html")  # the chapter's entry points are raw HTML: resolved the same way
    assert '<a href="catalog/"><strong>By category</strong></a>' in home


def test_link_to_missing_page_fails_strict_build(tmp_path: Path) -> None:
    config = make_project(tmp_path, SMALL_CATALOG)
    _with_hook(config, "remover.py", REMOVER)
    result = build(config, tmp_path / "site")
    assert result.returncode != 0
    assert ("Doc file 'catalog/sources/SRC-NEW.md' contains a link 'SRC-OLD.md', but the target "
            "'catalog/sources/SRC-OLD.md' is not found among documentation files.") in result.stderr


def test_links_follow_use_directory_urls_off(tmp_path: Path) -> None:
    config = make_project(tmp_path, SMALL_CATALOG)
    config.write_text(config.read_text(encoding="utf-8") + "use_directory_urls: false\n", encoding="utf-8")
    result = build(config, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "site" / "catalog" / "requirements" / "EXO-RM-002.html").read_text(encoding="utf-8")
    assert '<a href="../sources/SRC-NEW.html#clause-1-1">§1.1 Scope</a>' in page


def test_headings_get_unique_ids_as_the_toc_extension_gives_them() -> None:
    body = "\n".join(heading(2, "Notes") + heading(2, "Notes") + heading(3, "Kept", "mine") + heading(2, "R&#38;D"))
    finished, tokens = headings(body, HeadingStyle())
    assert re.findall(r'<h\d id="([^"]+)"', finished) == ["notes", "notes_1", "mine", "rd"]
    assert [(t["id"], [c["id"] for c in t["children"]]) for t in tokens] == [("notes", []), ("notes_1", ["mine"]),
                                                                             ("rd", [])]


def test_external_and_same_page_links_are_left_alone() -> None:
    body = '<a href="https://example.org/x.md">x</a> <a href="#here">h</a> <a href="../b.md#c">b</a>'
    seen: list[tuple[str, str, str]] = []

    def resolve(target: str, anchor: str, href: str) -> str:
        seen.append((target, anchor, href))
        return "B/#c"

    assert resolve_links(body, "catalog/a/x.md", resolve) == \
        '<a href="https://example.org/x.md">x</a> <a href="#here">h</a> <a href="B/#c">b</a>'
    assert seen == [("catalog/b.md", "c", "../b.md#c")]


def test_finish_collects_the_ids_present_for_anchor_validation() -> None:
    body = READY_MARKER + "\n" + "\n".join(heading(1, "Title") + ['<p><span id="c001"></span>C001</p>'])
    finished = finish(body, "catalog/x.md", HeadingStyle(), lambda target, anchor, href: None)
    assert finished.anchors == {"title", "c001"}
    assert not finished.html.startswith(READY_MARKER)
