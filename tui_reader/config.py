"""Who is annotating: ``--annotator NAME``, else the config file, else the login name.

The config file is TOML, ``config.toml`` in ``platformdirs.user_config_dir("tui-reader")``
(on Linux ``~/.config/tui-reader``), or in the folder named by ``TUI_READER_CONFIG_DIR``::

    annotator = "Ana Pérez"
    text_width = 88     # the widest the text runs, in cells (0: the whole pane)

Pure core: no Textual.
"""

from __future__ import annotations

import getpass
import os
import sys
from pathlib import Path
from typing import Any

from .errors import UserError

CONFIG_NAME = "config.toml"
CONFIG_DIR_ENV = "TUI_READER_CONFIG_DIR"
MAX_NAME = 200  # characters: a name, not a paragraph
DEFAULT_TEXT_WIDTH = 88  # cells: a comfortable reading measure; the side panels get the rest
MIN_TEXT_WIDTH = 20


class ConfigError(UserError):
    """A damaged config file or a bad value; one line."""


def config_path() -> Path:
    folder = os.environ.get(CONFIG_DIR_ENV)
    if not folder:
        import platformdirs

        folder = platformdirs.user_config_dir("tui-reader")
    return Path(folder).expanduser() / CONFIG_NAME


def load_config(path: Path | None = None) -> dict[str, Any]:
    """The config as a dict; {} when there is no file. ConfigError if it cannot be read."""
    path = path or config_path()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return {}
    except IsADirectoryError:
        raise ConfigError(f"config file {path}: is a folder, not a file") from None
    except OSError as exc:
        raise ConfigError(f"config file {path}: cannot be read ({exc.strerror or exc})") from None
    # imported only when there is a file (start-up); tomli is tomllib's origin, for 3.10
    if sys.version_info >= (3, 11):
        import tomllib
    else:
        import tomli as tomllib

    try:
        return tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise ConfigError(f"config file {path}: not UTF-8 text (bad byte at offset {exc.start})") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"config file {path}: not valid TOML ({exc})") from None
    except ValueError:  # tomllib's int() of a number of more than 4,300 digits
        raise ConfigError(f"config file {path}: not readable TOML (a number with too many digits)") from None
    except RecursionError:
        raise ConfigError(f"config file {path}: not readable TOML (nested too deeply)") from None


def check_name(name: str, where: str) -> str:
    """An annotator's name: one line of printable text, surrounding spaces dropped."""
    name = name.strip()
    if any(not ch.isprintable() for ch in name):
        raise ConfigError(f"{where}: the annotator's name must be one line of printable text")
    if len(name) > MAX_NAME:
        raise ConfigError(f"{where}: the annotator's name is over {MAX_NAME} characters")
    return name


def login_name() -> str:
    """The login name, or "" where the system cannot tell (no passwd entry in a container)."""
    try:
        return getpass.getuser()
    except Exception:  # getpass raises OSError, KeyError or ImportError depending on the system
        return ""


def resolve_annotator(explicit: str | None = None) -> str:
    """The name recorded on new annotations: ``explicit`` (from ``--annotator``) if given,
    else the config's ``annotator``, else the login name."""
    if explicit is not None:
        return check_name(explicit, "--annotator")
    path = config_path()
    config = load_config(path)
    if "annotator" in config:
        value = config["annotator"]
        if not isinstance(value, str):
            raise ConfigError(f"config file {path}: annotator must be text, found {type(value).__name__}")
        return check_name(value, f"config file {path}")
    return login_name()


def resolve_text_width(config: dict[str, Any] | None = None) -> int:
    """The reading measure in cells: ``text_width`` from the config, else 88; 0 means no
    cap (the text fills the pane)."""
    path = config_path()
    if config is None:
        config = load_config(path)
    if "text_width" not in config:
        return DEFAULT_TEXT_WIDTH
    value = config["text_width"]
    if isinstance(value, bool) or not isinstance(value, int):
        raise ConfigError(f"config file {path}: text_width must be a whole number of cells, found {type(value).__name__}")
    if value != 0 and not MIN_TEXT_WIDTH <= value <= 1000:
        raise ConfigError(f"config file {path}: text_width must be 0 (no limit) or between {MIN_TEXT_WIDTH} and 1000 cells")
    return value


def tags_and_keys(config: dict[str, Any], path: Path, check_color=None):
    """The tag set (``[[tags]]``, else the default, with ``[[links]]`` and ``verdicts``) and the keymap (``[keys]`` remapping
    binding ids) that ``config`` asks for. TagSetError or KeymapError, one line naming
    the config file and the entry, when it asks for something that cannot be.
    ``check_color`` (from the UI) says what is wrong with a colour, or None."""
    from .keymap import DEFAULT_KEYMAP, build_keymap
    from .tagset import DEFAULT_TAGS, parse_tags

    where = f"config file {path}"
    tags = parse_tags(config["tags"], where, check_color) if "tags" in config else DEFAULT_TAGS
    if "links" in config or "verdicts" in config:
        from dataclasses import replace

        from .linktypes import parse_link_types, parse_verdicts

        tags = replace(
            tags,
            link_types=parse_link_types(config.get("links", []), tags.names, where),
            verdicts=parse_verdicts(config["verdicts"], where) if "verdicts" in config else tags.verdicts,
        )
    if tags is DEFAULT_TAGS and "keys" not in config:
        return tags, DEFAULT_KEYMAP  # the one built on import: no need to build and check it again
    return tags, build_keymap(tags, config.get("keys"), where)


def load_tags_and_keys(check_color=None):
    """(tag set, keymap, problem): what config.toml asks for, or, when it cannot be read
    or asks for something that cannot be, the defaults and the one line that says why
    (the stored annotations are not touched either way)."""
    from .keymap import DEFAULT_KEYMAP
    from .tagset import DEFAULT_TAGS

    path = config_path()
    try:
        tags, keymap = tags_and_keys(load_config(path), path, check_color)
    except UserError as exc:
        return DEFAULT_TAGS, DEFAULT_KEYMAP, f"{exc}; using the default tags and keys"
    return tags, keymap, None
