"""The bad-input corpus: every case in tests/bad_inputs/ runs the real CLI and must fail cleanly.

A case folder holds only what differs from a base (the small fixture catalog as
`catalog/`, and for profile cases the small fixture profile as `profile.yaml`) plus an
`expected.yaml` naming the command, the exit code and every error exactly: file
(relative to the case), line, column and a fragment of the message. Inputs too big or
too odd to commit (a 50 MB file, 100,000 nested brackets) are generated at test time.

Every failing case must also print no traceback and leave the case folder exactly as it
was: no partial output, no temporary file, no edited input. Cases that must succeed
(hostile text that is legal) name the outputs to check instead.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Callable

import pytest
import yaml

from tests.conftest import FIXTURES, REPO

CORPUS = Path(__file__).parent / "bad_inputs"
MANIFEST = "expected.yaml"
BASE_PROFILE = FIXTURES / "profiles" / "small-inhaled.yaml"
# The site's Markdown extensions (mkdocs.yml), and tags that text must never become.
SITE_EXTENSIONS = ["admonition", "attr_list", "tables", "toc", "pymdownx.details", "pymdownx.superfences",
                   "pymdownx.tabbed"]
ACTIVE_TAGS = {"script", "iframe", "img", "object", "embed", "style", "form", "b", "i", "pre", "code", "hr"}
# `file:line:col: error: ...`, or `file: error: ...` when there is no line to name (line and column read as 0).
DIAGNOSTIC_LINE = re.compile(r"^(?P<file>.+?)(?::(?P<line>\d+):(?P<column>\d+))?: (?P<severity>error|warning): "
                             r"(?P<message>.*)$")
MANIFEST_KEYS = {"about", "base", "profile", "remove", "generate", "command", "env", "exit", "errors", "warnings",
                 "stderr", "outputs"}


# --------------------------------------------------------------------------- generated inputs


def _huge(path: Path, megabytes: int = 50) -> None:
    """A plausible-looking source file far beyond any real catalog item."""
    line = b"  - {id: '1.1', title: padding that makes the file enormous}\n"
    with path.open("wb") as stream:
        stream.write(b"id: SRC-HUGE\nclauses:\n")
        for _ in range(megabytes * 1024 * 1024 // len(line) + 1):
            stream.write(line)


def _long_line(path: Path, characters: int = 1_500_000) -> None:
    """A single 1.5 MB line (under the size limit) whose syntax error sits at its far end."""
    path.write_text("id: SRC-LONG\ntitle: " + "x" * characters + " : extra\n", encoding="utf-8")


def _deep_flow(path: Path, depth: int = 100_000) -> None:
    path.write_text("id: SRC-DEEP\nclauses: " + "[" * depth + "]" * depth + "\n", encoding="utf-8")


def _deep_block(path: Path, depth: int = 60) -> None:
    lines = ["id: SRC-DEEP"] + [f"{'  ' * level}k{level}:" for level in range(depth)] + [f"{'  ' * depth}leaf"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


GENERATORS: dict[str, Callable[..., None]] = {
    "huge": _huge, "long_line": _long_line, "deep_flow": _deep_flow, "deep_block": _deep_block,
}


# --------------------------------------------------------------------------- output checks


def _check_docx(path: Path, contains: list[str]) -> None:
    """The report opens in python-docx, and the hostile text survived into it."""
    import docx

    document = docx.Document(str(path))
    texts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            texts.extend(cell.text for cell in row.cells)
    body = "\n".join(texts)
    for fragment in contains:
        assert fragment in body, f"{fragment!r} missing from {path.name}"


class _Rendered(HTMLParser):
    """Tags, attributes and visible text of a rendered page."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.attributes: list[tuple[str, str]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attributes += [(name, value or "") for name, value in attrs]

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _check_markdown(path: Path, contains: list[str], absent: list[str]) -> None:
    """A site page renders (with the site's Markdown extensions) to no active markup from the text,
    and shows the hostile text as the characters typed.

    The front matter is YAML that templates read (and escape again), never Markdown; an
    HTML tag there must still arrive entity-escaped.
    """
    import markdown

    text = path.read_text(encoding="utf-8")
    front, _, body = text[4:].partition("\n---\n") if text.startswith("---\n") else ("", "", text)
    assert "<" not in front, f"raw '<' in the front matter of {path}"
    rendered = _Rendered()
    rendered.feed(markdown.markdown(body, extensions=SITE_EXTENSIONS))
    assert not rendered.tags & ACTIVE_TAGS, f"active tags {rendered.tags & ACTIVE_TAGS} in {path}"
    assert not [n for n, _ in rendered.attributes if n.startswith("on")], f"event handler attribute in {path}"
    links = [v for n, v in rendered.attributes if n in ("href", "src", "xlink:href")]
    assert not [v for v in links if v.strip().lower().startswith(("javascript:", "data:")) or "evil.example" in v], links
    visible = " ".join("".join(rendered.text).split())
    for fragment in contains:
        assert " ".join(fragment.split()) in visible, f"{fragment!r} not shown as typed on {path}"
    for fragment in absent:
        assert fragment not in visible, f"{fragment!r} must not be shown on {path}"


def _check_text(path: Path, contains: list[str], absent: list[str]) -> None:
    text = path.read_text(encoding="utf-8")
    for fragment in contains:
        assert fragment in text, f"{fragment!r} missing from {path}"
    for fragment in absent:
        assert fragment not in text, f"{fragment!r} must not appear in {path}"


# --------------------------------------------------------------------------- the runner


@dataclass(frozen=True)
class Expected:
    file: str
    line: int
    column: int
    message: str


@dataclass
class Case:
    name: str
    folder: Path
    manifest: dict[str, Any] = field(default_factory=dict)

    @property
    def command(self) -> list[str]:
        return [str(part) for part in self.manifest.get("command", ["validate", "--catalog", "catalog"])]

    def expected(self, key: str) -> list[Expected]:
        return [Expected(e["file"], int(e["line"]), int(e["column"]), str(e["message"]))
                for e in self.manifest.get(key) or []]


def _cases() -> list[Case]:
    cases = []
    for manifest in sorted(CORPUS.glob(f"*/{MANIFEST}")):
        with manifest.open(encoding="utf-8") as stream:
            cases.append(Case(manifest.parent.name, manifest.parent, yaml.safe_load(stream)))
    return cases


CASES = _cases()


def prepare(case: Case, workdir: Path) -> None:
    """Base files, then the case's own files over them, then removals and generated files."""
    workdir.mkdir(parents=True)
    if case.manifest.get("base", "small") == "small":
        shutil.copytree(FIXTURES / "catalogs" / "small", workdir / "catalog")
    if case.manifest.get("profile"):
        shutil.copyfile(BASE_PROFILE, workdir / "profile.yaml")
    for source in sorted(case.folder.rglob("*")):
        if source.is_file() and source.name != MANIFEST:
            target = workdir / source.relative_to(case.folder)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
    for relative in case.manifest.get("remove", []):
        (workdir / relative).unlink()
    for spec in case.manifest.get("generate", []):
        spec = dict(spec)
        target = workdir / spec.pop("path")
        target.parent.mkdir(parents=True, exist_ok=True)
        GENERATORS[spec.pop("kind")](target, **spec)


def snapshot(folder: Path) -> dict[str, str]:
    """Every file below `folder` (hidden ones too) with a digest of its bytes."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in folder.rglob("*") if p.is_file()}


def run_cli(case: Case, workdir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1767225600", "PYTHONPATH": str(REPO), "COLUMNS": "200",
           **{k: str(v) for k, v in (case.manifest.get("env") or {}).items()}}
    env.pop("CI", None)  # CI-only behaviour (none yet) must not change what a user sees
    return subprocess.run([sys.executable, "-m", "exodossier", *case.command], cwd=workdir, env=env,
                          capture_output=True, text=True, encoding="utf-8", errors="replace", timeout=300)


def parse_diagnostics(stderr: str, severity: str) -> list[tuple[str, int, int, str]]:
    found = []
    for line in stderr.splitlines():
        match = DIAGNOSTIC_LINE.match(line)
        if match and match["severity"] == severity:
            found.append((match["file"], int(match["line"] or 0), int(match["column"] or 0), match["message"]))
    return found


def assert_diagnostics(found: list[tuple[str, int, int, str]], expected: list[Expected], stderr: str) -> None:
    """Exactly one message per expected problem, at the expected place, saying the expected thing."""
    places = sorted((f, line, column) for f, line, column, _ in found)
    wanted = sorted((e.file, e.line, e.column) for e in expected)
    assert places == wanted, f"diagnostic places differ\n--- stderr ---\n{stderr}"
    for item in expected:
        messages = [m for f, line, column, m in found if (f, line, column) == (item.file, item.line, item.column)]
        assert any(item.message in m for m in messages), f"{item} not said; got {messages}\n{stderr}"


def check_outputs(case: Case, workdir: Path) -> set[str]:
    """Run the output checks of a successful case; return the paths they cover."""
    covered = set()
    for spec in case.manifest.get("outputs", []):
        path = workdir / spec["path"]
        assert path.is_file(), f"expected output {spec['path']} was not written"
        if spec["kind"] == "docx":
            _check_docx(path, spec.get("contains", []))
        elif spec["kind"] == "markdown":
            _check_markdown(path, spec.get("contains", []), spec.get("absent", []))
        else:
            _check_text(path, spec.get("contains", []), spec.get("absent", []))
        covered.add(spec["path"])
    return covered


@dataclass
class Run:
    workdir: Path
    before: dict[str, str]
    process: subprocess.CompletedProcess[str]


@pytest.fixture(scope="session")
def corpus_runs(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Run]:
    """Every selected case, prepared and run once, several at a time (each run is its own process)."""
    selected = [item.callspec.params["case"] for item in request.session.items
                if getattr(item, "originalname", "") == "test_bad_input_is_reported_cleanly"]
    root = tmp_path_factory.mktemp("bad_inputs")
    prepared = {}
    for case in selected:
        prepare(case, root / case.name)
        prepared[case.name] = (case, snapshot(root / case.name))
    with ThreadPoolExecutor(max_workers=min(8, os.cpu_count() or 1)) as pool:
        processes = dict(zip(prepared, pool.map(lambda c: run_cli(c, root / c.name), [c for c, _ in prepared.values()])))
    return {name: Run(root / name, before, processes[name]) for name, (_, before) in prepared.items()}


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input_is_reported_cleanly(case: Case, corpus_runs: dict[str, Run]) -> None:
    assert set(case.manifest) <= MANIFEST_KEYS, f"unknown manifest keys {set(case.manifest) - MANIFEST_KEYS}"
    assert case.manifest.get("about"), "every case says what it is about"
    run = corpus_runs[case.name]
    try:
        check_run(case, run.workdir, run.before, run.process)
    finally:
        shutil.rmtree(run.workdir, ignore_errors=True)  # generated giants (50 MB) are not kept by pytest


def check_run(case: Case, workdir: Path, before: dict[str, str], process: subprocess.CompletedProcess[str]) -> None:
    output = process.stdout + process.stderr
    assert "Traceback" not in output, output
    assert process.returncode == case.manifest["exit"], output
    assert_diagnostics(parse_diagnostics(process.stderr, "error"), case.expected("errors"), process.stderr)
    if "warnings" in case.manifest:
        assert_diagnostics(parse_diagnostics(process.stderr, "warning"), case.expected("warnings"), process.stderr)
    for fragment in case.manifest.get("stderr", []):
        assert fragment in process.stderr, process.stderr
    if process.returncode != 0:
        assert snapshot(workdir) == before, "a failed command changed or left files behind"
    else:
        after = snapshot(workdir)
        created = set(after) - set(before)
        assert created <= check_outputs(case, workdir) | _site_files(created), f"unexpected files {created}"
        assert {k: v for k, v in after.items() if k in before} == before, "a command changed its inputs"


def _site_files(created: set[str]) -> set[str]:
    """Files of a built site folder, which the site cases check page by page."""
    return {path for path in created if path.startswith("site/")}


def test_corpus_is_large_enough_and_every_case_is_used() -> None:
    folders = {p.name for p in CORPUS.iterdir() if p.is_dir()}
    assert folders == {c.name for c in CASES}, "a case folder has no expected.yaml"
    assert len(CASES) >= 60
