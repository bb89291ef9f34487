"""Who is annotating: --annotator, the config file, the login name; and the app's start."""

from __future__ import annotations

import pytest

import tui_reader.cli as cli
from tui_reader import config
from tui_reader.config import ConfigError, resolve_annotator


@pytest.fixture
def config_dir(tmp_path, monkeypatch):
    folder = tmp_path / "config"
    folder.mkdir()
    monkeypatch.setenv("TUI_READER_CONFIG_DIR", str(folder))
    monkeypatch.setattr(config.getpass, "getuser", lambda: "login-name")
    return folder


def test_the_order_is_option_then_config_then_login(config_dir):
    assert resolve_annotator() == "login-name"
    (config_dir / "config.toml").write_text('annotator = "Ana Pérez"\n', "utf-8")
    assert resolve_annotator() == "Ana Pérez"
    assert resolve_annotator("  ben ") == "ben"
    assert resolve_annotator("") == ""  # explicitly nobody


def test_no_login_name_is_no_annotator(config_dir, monkeypatch):
    def fail():
        raise OSError("no user")

    monkeypatch.setattr(config.getpass, "getuser", fail)
    assert resolve_annotator() == ""


@pytest.mark.parametrize(
    "content, expected",
    [
        (b'annotator = "unterminated\n', "not valid TOML"),
        (b"annotator = 3\n", "annotator must be text, found int"),
        (b'annotator = "a\\nb"\n', "one line of printable text"),
        (b'annotator = "\xff"\n', "not UTF-8 text"),
    ],
)
def test_a_damaged_config_is_one_clear_error(config_dir, content, expected):
    path = config_dir / "config.toml"
    path.write_bytes(content)
    with pytest.raises(ConfigError) as info:
        resolve_annotator()
    message = str(info.value)
    assert message.startswith(f"config file {path}: ") and expected in message and "\n" not in message


def test_the_app_records_the_annotator_and_a_damaged_config_stops_it(config_dir, tmp_path, monkeypatch, capsys):
    started = []
    import tui_reader.app as app_module

    monkeypatch.setattr(app_module.ReaderApp, "run", lambda self: started.append(self.workspace))
    data = str(tmp_path / "data")
    assert cli.main(["--annotator", "ana", "--data-dir", data]) == 0
    assert started[-1].annotator == "ana"
    assert cli.main([f"--data-dir={data}", "--annotator=ben"]) == 0
    assert started[-1].annotator == "ben"
    (config_dir / "config.toml").write_text('annotator = "carl"\n', "utf-8")
    assert cli.main(["--data-dir", data]) == 0
    assert started[-1].annotator == "carl"

    (config_dir / "config.toml").write_text("annotator = [", "utf-8")
    count = len(started)
    assert cli.main(["--data-dir", data]) == 2
    err = capsys.readouterr().err
    assert err.startswith("tui-reader: config file ") and "not valid TOML" in err and err.count("\n") == 1
    assert len(started) == count  # the app did not start
    assert cli.main(["--data-dir", data, "--annotator"]) == 2
    assert "--annotator needs a name" in capsys.readouterr().err


def test_annotator_is_accepted_after_a_subcommand(config_dir, tmp_path, capsys):
    code = cli.main(["list", "--annotator", "ana", "--data-dir", str(tmp_path / "d")])
    assert code == 0 and capsys.readouterr().out == "No annotations yet.\n"


def test_the_reading_measure_comes_from_the_config(config_dir):
    assert config.resolve_text_width() == config.DEFAULT_TEXT_WIDTH
    (config_dir / "config.toml").write_text("text_width = 72\n", "utf-8")
    assert config.resolve_text_width() == 72
    (config_dir / "config.toml").write_text("text_width = 0\n", "utf-8")
    assert config.resolve_text_width() == 0  # no cap: the text fills the pane


@pytest.mark.parametrize(
    "content, expected",
    [
        ('text_width = "wide"\n', "text_width must be a whole number of cells, found str"),
        ("text_width = 5\n", "between 20 and 1000"),
        ("text_width = true\n", "found bool"),
    ],
)
def test_a_bad_reading_measure_is_one_clear_error(config_dir, content, expected):
    (config_dir / "config.toml").write_text(content, "utf-8")
    with pytest.raises(ConfigError) as info:
        config.resolve_text_width()
    assert expected in str(info.value)
