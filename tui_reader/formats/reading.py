"""What every reader of an export shares: the file to read, its text and JSON read
with one clear problem for what is not an export, and what a reader returns (each
document's records as found, for the importer to validate and place).

Pure core: no Textual.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from ..integrity import json_problem

Problems = Callable[[str], None]  # where a reader reports a problem ("item: what")


class ReadError(Exception):
    """A file that is not a readable export; ``problems`` say why, each ``item: what``.
    ``source`` names the file at fault when it is not the one given (brat's .ann)."""

    def __init__(self, problems: list[str], source: str | None = None) -> None:
        super().__init__("; ".join(problems))
        self.problems = list(problems)
        self.source = source


@dataclass
class ReadDocument:
    """One document's worth of records as read from an export, before validation."""

    index: int  # its position in the file's documents (0 where there is one)
    id: str | None  # None: the file names it wrongly (its records are still checked)
    path: str
    title: str
    records: list[tuple[str, Any]]  # (where in the file, the record as found)
    document: Any = None  # the Document, when the export came with its text
    name: str = ""  # how a problem names it ("documents[2]"); "" where there is one
    source: Any = None  # the document's source record as found (title, url, ... published), if any


@dataclass
class Read:
    """What a reader found: the documents, and lines it had no use for, counted by kind."""

    documents: list[ReadDocument]
    ignored: dict[str, int] = field(default_factory=dict)


_UNREAD = object()


class ExportFile:
    """An export to read: a file at ``path``, or JSON already parsed (``data``)."""

    def __init__(self, path: Path | None = None, data: Any = _UNREAD) -> None:
        self.path = path
        self.source = str(path) if path is not None else "the import"
        self._data = data

    def json(self) -> Any:
        """The file's JSON, read once; ReadError if it is not JSON."""
        if self._data is _UNREAD:
            assert self.path is not None
            self._data = read_json(self.path)
        return self._data


def read_text(path: Path) -> str:
    """The file's text (a BOM kept), or ReadError; an empty file is an error."""
    source = str(path)
    try:
        if path.is_dir():
            raise ReadError(["is a folder, not an export file (for brat, give the .ann file)"], source)
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ReadError(["no such file"], source) from None
    except OSError as exc:
        raise ReadError([f"cannot be read ({exc.strerror or exc})"], source) from None
    if b"\x00" in raw:
        raise ReadError(["looks like a binary file, not an export (it contains NUL bytes)"], source)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ReadError([f"not UTF-8 text (bad byte at offset {exc.start})"], source) from None
    if not text.lstrip("\ufeff").strip():
        raise ReadError(["the file is empty"], source)
    return text


def read_json(path: Path) -> Any:
    """The file's JSON (a BOM allowed), or ReadError."""
    text = read_text(path).lstrip("\ufeff")
    try:
        return json.loads(text)
    except ValueError as exc:  # a JSONDecodeError, or a number too long to convert
        raise ReadError([json_problem(exc)], str(path)) from None
    except RecursionError:
        raise ReadError(["JSON nested too deeply"], str(path)) from None


def show(value: Any, limit: int = 40) -> str:
    """``value`` as a problem quotes it: its repr, cut to ``limit`` characters."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def kind(value: Any) -> str:
    """What a JSON value is, in words: "an object", "a list", "text"..."""
    if value is None:
        return "null"
    return {dict: "an object", list: "a list", str: "text", bool: "true/false", int: "a number", float: "a number"}.get(
        type(value), type(value).__name__
    )
