"""Settings and discovery: the catalog is found from any subfolder, and a bad settings file is reported at file:line:col."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from exodossier.cli.main import main
from exodossier.config import (Config, catalog_folder, discover, find_catalog, find_settings_file, keys_table,
                               read_settings)
from exodossier.errors import UserError
from tests.conftest import SMALL_CATALOG


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    """A repository: .git, the small catalog as requirements_catalog/, and a nested working folder."""
    (tmp_path / ".git").mkdir()
    shutil.copytree(SMALL_CATALOG, tmp_path / "requirements_catalog")
    (tmp_path / "docs" / "notes").mkdir(parents=True)
    return tmp_path


def problems(path: Path) -> list[str]:
    with pytest.raises(UserError) as caught:
        read_settings(path)
    return [d.human() for d in caught.value.diagnostics]


def test_the_catalog_is_found_from_a_subfolder(repository: Path) -> None:
    assert find_catalog(repository / "docs" / "notes") == repository / "requirements_catalog"


def test_inside_the_catalog_the_catalog_itself_is_found(repository: Path) -> None:
    inside = repository / "requirements_catalog" / "requirements" / "safety"
    assert find_catalog(inside) == repository / "requirements_catalog"


def test_the_search_stops_at_the_repository_root(repository: Path) -> None:
    """A catalog above the repository (another project) is not taken for this one's."""
    nested = repository / "vendor" / "other"
    (nested / ".git").mkdir(parents=True)
    assert find_catalog(nested) is None


def test_exodossier_toml_is_found_upwards_and_wins_over_pyproject(repository: Path) -> None:
    (repository / "pyproject.toml").write_text('[tool.exodossier]\nlanguage = "ja"\n', encoding="utf-8")
    assert find_settings_file(repository / "docs") == repository / "pyproject.toml"
    (repository / "exodossier.toml").write_text('language = "en"\n', encoding="utf-8")
    assert find_settings_file(repository / "docs") == repository / "exodossier.toml"


def test_a_pyproject_without_the_tool_table_is_not_a_settings_file(repository: Path) -> None:
    (repository / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    assert find_settings_file(repository) is None
    assert discover(repository).config == Config()


def test_the_catalog_setting_is_relative_to_the_settings_file(repository: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.move(repository / "requirements_catalog", repository / "data")
    (repository / "pyproject.toml").write_text('[tool.exodossier]\ncatalog = "data"\n', encoding="utf-8")
    monkeypatch.chdir(repository / "docs" / "notes")
    assert catalog_folder(discover()).resolve() == (repository / "data").resolve()


def test_settings_are_read_from_the_tool_table(repository: Path) -> None:
    (repository / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.exodossier]\nlanguage = "ja"\n\n[tool.exodossier.diagnostics]\n'
        'ignore = ["EXO301", "suspect-citation"]\nrepeats = 1\n', encoding="utf-8")
    config = read_settings(repository / "pyproject.toml").config
    assert config.language == "ja"
    assert config.diagnostics.ignore == ["EXO301", "suspect-citation"] and config.diagnostics.repeats == 1


def test_an_unknown_key_is_reported_at_its_line_with_the_closest_key(tmp_path: Path) -> None:
    path = tmp_path / "exodossier.toml"
    path.write_text('language = "en"\n\n[diagnostics]\nselect = []\nignor = ["EXO301"]\n', encoding="utf-8")
    (found,) = problems(path)
    assert "exodossier.toml:5:1: error: unknown setting 'diagnostics.ignor'" in found
    assert "did you mean 'ignore'?" in found and "[EXO802 config-unknown-key]" in found


def test_an_unknown_key_in_the_tool_table_is_placed_in_pyproject(tmp_path: Path) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text('[project]\nname = "x"\n\n[tool.exodossier]\ncatlog = "catalog"\n', encoding="utf-8")
    (found,) = problems(path)
    assert "pyproject.toml:5:1: error: unknown setting 'catlog'" in found and "did you mean 'catalog'?" in found


def test_a_value_of_the_wrong_type_is_reported_at_its_key(tmp_path: Path) -> None:
    path = tmp_path / "exodossier.toml"
    path.write_text('[diagnostics]\n  repeats = "three"\n', encoding="utf-8")
    (found,) = problems(path)
    assert "exodossier.toml:2:3: error: invalid value for 'diagnostics.repeats'" in found


def test_an_unknown_diagnostic_code_in_the_settings_is_an_error_there(tmp_path: Path) -> None:
    path = tmp_path / "exodossier.toml"
    path.write_text('diagnostics.ignore = ["EXO301", "EXO999"]\n', encoding="utf-8")
    (found,) = problems(path)
    assert "exodossier.toml:1:1: error: invalid value for 'diagnostics.ignore': no diagnostic code matches 'EXO999'" in found


def test_a_toml_syntax_error_is_reported_at_its_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "exodossier.toml"
    path.write_text('[diagnostics]\nignore = [EXO301]\n', encoding="utf-8")
    (found,) = problems(path)
    assert "exodossier.toml:2:11: error: TOML syntax error: Invalid value [EXO801 config-syntax]" in found


def test_the_keys_table_is_generated_from_the_models() -> None:
    table = keys_table()
    for key in ("catalog", "language", "diagnostics.select", "diagnostics.ignore", "diagnostics.repeats", "site.out",
                "report.format"):
        assert f"| `{key}` |" in table
    assert "| `diagnostics` |" not in table  # sections are expanded, not listed as keys


def test_validate_from_a_subfolder_uses_the_repository_catalog_and_settings(
        repository: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    (repository / "exodossier.toml").write_text('[diagnostics]\nignore = ["EXO303"]\n', encoding="utf-8")
    monkeypatch.chdir(repository / "docs" / "notes")
    result = runner.invoke(main, ["validate"], catch_exceptions=False)
    assert result.exit_code == 0
    assert "EXO301 unverified-source" in result.stderr and "EXO303" not in result.stderr
    assert "0 error(s), 1 warning(s) (1 hidden by --select/--ignore) in 4 requirements and 3 sources" in result.stderr


def test_a_broken_settings_file_stops_the_command_with_its_place(
        repository: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    (repository / "exodossier.toml").write_text('[diagnostics]\nrepeats = -1\n', encoding="utf-8")
    monkeypatch.chdir(repository)
    result = runner.invoke(main, ["validate"], catch_exceptions=False)
    assert result.exit_code == 1
    assert "exodossier.toml:2:1: error: invalid value for 'diagnostics.repeats'" in result.stderr
    assert "Traceback" not in result.output


def test_the_config_command_names_the_file_in_force(repository: Path, runner: CliRunner,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    (repository / "exodossier.toml").write_text('language = "ja"\n', encoding="utf-8")
    monkeypatch.chdir(repository / "docs")
    result = runner.invoke(main, ["config"], catch_exceptions=False)
    assert result.exit_code == 0
    assert f"settings file: {repository / 'exodossier.toml'}" in result.output
    assert '"language": "ja"' in result.output
    assert "catalog: ../requirements_catalog" in result.output
