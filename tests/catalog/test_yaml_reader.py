"""The YAML loader keeps every scalar as text, rejects what can hide or multiply text, and positions errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from exodossier.errors import UserError
from exodossier.catalog import yaml_reader
from exodossier.catalog.yaml_reader import MAX_DEPTH, load_file, parse_events, parse_text


def problem(text: str) -> tuple[int, int, str, str]:
    with pytest.raises(UserError) as caught:
        parse_text(text, "f.yaml")
    (diagnostic,) = caught.value.diagnostics
    return diagnostic.line, diagnostic.column, diagnostic.code, diagnostic.message


def test_yaml_1_1_surprises_stay_text() -> None:
    data = parse_text("version: 1.10\nflag: no\nexp: 1e3\noctal: 0777\nwhen: 2024-02-30\nclause: 3.10\n", "f").data
    assert data == {"version": "1.10", "flag": "no", "exp": "1e3", "octal": "0777", "when": "2024-02-30",
                    "clause": "3.10"}


def test_positions_are_recorded_by_path() -> None:
    located = parse_text("a: 1\nlist:\n  - x: 1\n    y: 2\n", "f")
    assert located.position(("list", 0, "y")) == (4, 5)
    assert located.position(("list", 0, "missing", "deeper")) == (3, 5)


def test_duplicate_key_is_reported_with_both_lines() -> None:
    line, _, code, message = problem("title: a\nstatement: b\ntitle: c\n")
    assert (line, code) == (3, "yaml-duplicate-key")
    assert "first defined on line 1" in message


def test_alias_is_rejected() -> None:
    assert problem("a: x\nb: *x\n")[2] in ("yaml-alias", "yaml-syntax")
    assert problem("a: &x [1]\nb: *x\n")[2] == "yaml-anchor"


def test_alias_bomb_fails_fast() -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f'{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)}]' for i in range(8)]
    assert problem("\n".join(lines))[2] == "yaml-anchor"


def test_python_tags_are_rejected() -> None:
    line, column, code, _ = problem("a: !!python/object/apply:os.system ['echo hi']\n")
    assert (line, column, code) == (1, 4, "yaml-tag")


def test_deep_nesting_is_bounded() -> None:
    text = "[" * (MAX_DEPTH + 5) + "]" * (MAX_DEPTH + 5)
    assert problem(text)[2] == "yaml-too-deep"


def test_syntax_error_has_position() -> None:
    line, _, code, _ = problem("a: [1, 2\nb: 3\n")
    assert code == "yaml-syntax" and line >= 2


def test_tab_indentation_is_a_syntax_error_with_a_hint() -> None:
    with pytest.raises(UserError) as caught:
        parse_text("a:\n\t- b\n", "f.yaml")
    assert "tabs" in caught.value.diagnostics[0].hint


def test_second_document_is_rejected() -> None:
    assert problem("a: 1\n---\nb: 2\n")[2] == "yaml-multiple-documents"


def test_non_utf8_file_reports_byte_position(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("title: ok\nnote: caf\xe9\n".encode("latin-1"))
    with pytest.raises(UserError) as caught:
        load_file(path)
    diagnostic = caught.value.diagnostics[0]
    assert (diagnostic.line, diagnostic.column, diagnostic.code) == (2, 10, "encoding")


def test_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes("\ufefftitle: ok\n".encode("utf-8"))
    assert load_file(path).data == {"title": "ok"}


def test_empty_file_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "empty.yaml"
    path.write_text("# only a comment\n")
    with pytest.raises(UserError) as caught:
        load_file(path)
    assert caught.value.diagnostics[0].code == "empty-file"


def test_binary_and_oversized_files_are_refused(tmp_path: Path) -> None:
    binary = tmp_path / "b.yaml"
    binary.write_bytes(b"\x89PNG\x00\x00")
    big = tmp_path / "big.yaml"
    big.write_bytes(b"a: " + b"x" * 3_000_000)
    codes = []
    for path in (binary, big):
        with pytest.raises(UserError) as caught:
            load_file(path)
        codes.append(caught.value.diagnostics[0].code)
    assert codes == ["binary-file", "file-too-large"]


# The composed-node reader (fast) and the event builder (reference) must agree on every document:
# same data, same positions, and every document the fast reader declines gets the reference's answer.
_REPO = Path(__file__).resolve().parents[2]
_AGREEMENT_CASES = [
    "a: b\nlist:\n  - x: 1\n    y: [p, q]\n  - plain\n  - {k: v}\nblock: |\n  one\n  two\nfolded: >\n  a\n  b\n",
    "title: R&D and *emphasis* in prose\nnote: 'a & b'\n",
    "a: &x [1]\nb: *x\n", "a: [&x 1]\n", "{a: *x}\n", "- &x a\n",
    "title: a\ntitle: b\n", "<<: {a: b}\n", "? [a]\n: b\n",
    "a: null\n", "a: ~\n", "a:\n", "a: 'null'\n", "null: key\n", "~\n", "null\n", "---\n", "", "# only a comment\n",
    "a: !!int 3\n", "a: !custom x\n", "a: ! x\n", "a: !!str 3\n", "a: !!map {b: c}\n", "!!seq [a]\n",
    'a: "bell \\x07 here"\n', '"key \\x1b": v\n', 'a: "tab\\tand \\u00e9"\n',
    "a: b\n---\nc: d\n", "a: [unclosed\n", "a:\n\t- b\n", "plain scalar root\n", "- a\n- - b\n  - c\n",
    "x: " + "[" * (MAX_DEPTH + 2) + "]" * (MAX_DEPTH + 2) + "\n",
    "x: " + "[" * (MAX_DEPTH - 2) + "]" * (MAX_DEPTH - 2) + "\n",
    "".join("  " * depth + f"k{depth}:\n" for depth in range(MAX_DEPTH + 1)) + "  " * (MAX_DEPTH + 1) + "v\n",
]


def _outcome(read: object, text: str, nulls: bool = False) -> object:
    try:
        located = read(text, "f.yaml", nulls)  # type: ignore[operator]
    except UserError as exc:
        return [(d.line, d.column, d.code, d.message) for d in exc.diagnostics]
    return located.data, located.positions


@pytest.mark.parametrize("text", _AGREEMENT_CASES)
@pytest.mark.parametrize("nulls", [False, True])
def test_the_fast_reader_agrees_with_the_event_builder(text: str, nulls: bool) -> None:
    assert _outcome(parse_text, text, nulls) == _outcome(parse_events, text, nulls)


def test_the_fast_reader_agrees_on_every_catalog_and_fixture_file() -> None:
    files = [p for folder in ("requirements_catalog", "tests/fixtures", "examples")
             for p in sorted((_REPO / folder).rglob("*.y*ml")) if p.is_file()]
    assert len(files) > 300
    for file in files:
        text = file.read_text(encoding="utf-8", errors="surrogateescape")
        if not yaml_reader._SURROGATE.search(text):
            assert _outcome(parse_text, text) == _outcome(parse_events, text), file


def test_plain_documents_take_the_fast_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """Guards the speed-up itself: an ordinary catalog file never reaches the event builder."""
    def refuse(*args: object) -> None:
        raise AssertionError("the event builder was used")

    monkeypatch.setattr(yaml_reader, "parse_events", refuse)
    text = (_REPO / "tests/fixtures/catalogs/small/requirements/safety/EXO-SF-002.yaml").read_text(encoding="utf-8")
    assert parse_text(text, "f.yaml").data["id"] == "EXO-SF-002"
