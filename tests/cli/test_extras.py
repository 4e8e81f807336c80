"""A missing extra is a message naming the pip command, never an ImportError traceback; the core
commands need no extra at all.

A missing library is simulated the way Python sees one: `sys.modules[name] = None` makes every
`import name` raise ModuleNotFoundError, in a child process so this test process is untouched.
"""

from __future__ import annotations

import importlib
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
from click.testing import CliRunner

from exodossier.cli import main as cli_main
from exodossier.cli.extras import OPTIONAL_MODULES

REPO = Path(__file__).parent.parent.parent
PROFILE = REPO / "tests" / "fixtures" / "profiles" / "small-inhaled.yaml"
VIEW_LIBRARIES = sorted(OPTIONAL_MODULES)


def run_without(modules: list[str], *args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    """`exodossier ARGS` in a child Python where `modules` cannot be imported."""
    prelude = "import sys\n" + "".join(f"sys.modules[{name!r}] = None\n" for name in modules)
    code = prelude + "from exodossier.cli.main import main\nmain(sys.argv[1:], prog_name='exodossier')\n"
    return subprocess.run([sys.executable, "-c", code, *args], cwd=cwd, capture_output=True, text=True)


def test_gap_report_without_python_docx_names_the_report_extra(tmp_path: Path, small_catalog: Path) -> None:
    out = tmp_path / "report.docx"
    process = run_without(["docx"], "gap", str(PROFILE), "--catalog", str(small_catalog), "-o", str(out))
    assert process.returncode == 1
    assert "Traceback" not in process.stderr
    assert "'exodossier gap' needs python-docx, which is not installed" in process.stderr
    assert "pip install 'exodossier[report]'" in process.stderr
    assert not out.exists()


def test_core_commands_run_with_no_view_library_installed(tmp_path: Path, small_catalog: Path) -> None:
    for args in (["validate"], ["fmt", "--check"], ["graph", "stats"], ["diff", str(small_catalog)],
                 ["graph", "export", "--format", "dot", "-o", str(tmp_path / "g.dot")]):
        process = run_without(VIEW_LIBRARIES, *args, "--catalog", str(small_catalog))
        assert process.returncode == 0, (args, process.stderr)
        assert "Traceback" not in process.stderr
    assert (tmp_path / "g.dot").read_text(encoding="utf-8").startswith(("digraph", "strict digraph"))
    scaffolded = run_without(VIEW_LIBRARIES, "init", str(tmp_path / "new-repo"))
    assert scaffolded.returncode == 0, scaffolded.stderr
    assert run_without(VIEW_LIBRARIES, "validate", cwd=tmp_path / "new-repo").returncode == 0


def test_help_still_lists_every_command_without_the_extras() -> None:
    process = run_without(VIEW_LIBRARIES, "--help")
    assert process.returncode == 0, process.stderr
    for command in ("validate", "gap", "site", "fmt", "graph", "diff"):
        assert f"  {command} " in process.stdout


def test_command_whose_module_cannot_load_explains_itself(monkeypatch: pytest.MonkeyPatch) -> None:
    """A command module that imports an extra's library at the top: listed, and says what to install."""
    real_import = importlib.import_module

    def import_module(name: str) -> ModuleType:
        if name == "exodossier.cli.site":
            raise ModuleNotFoundError("No module named 'mkdocs'", name="mkdocs")
        return real_import(name)

    monkeypatch.setattr(cli_main.importlib, "import_module", import_module)
    runner = CliRunner()
    assert "pip install 'exodossier[site]'" in runner.invoke(cli_main.main, ["--help"]).output
    result = runner.invoke(cli_main.main, ["site", "pages", "--out", "x"])
    assert result.exit_code == 1
    assert "'exodossier site' needs mkdocs, which is not installed" in result.output
    assert "pip install 'exodossier[site]'" in result.output


def test_a_missing_module_that_is_no_extra_is_a_bug_and_still_raises(monkeypatch: pytest.MonkeyPatch) -> None:
    real_import = importlib.import_module

    def import_module(name: str) -> ModuleType:
        if name == "exodossier.cli.graph":
            raise ModuleNotFoundError("No module named 'exodossier.graph.nowhere'", name="exodossier.graph.nowhere")
        return real_import(name)

    monkeypatch.setattr(cli_main.importlib, "import_module", import_module)
    with pytest.raises(ModuleNotFoundError):
        CliRunner().invoke(cli_main.main, ["graph", "stats"], catch_exceptions=False)


def test_version_is_the_package_version() -> None:
    from exodossier.version import __version__

    result = CliRunner().invoke(cli_main.main, ["--version"])
    assert result.exit_code == 0
    assert result.output.strip() == f"exodossier, version {__version__}"
