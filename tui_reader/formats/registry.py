"""The export formats as data: one entry per format, which the command line, the export
dialog and import look up instead of naming formats in code.

Import finds the format that reads a file with :func:`reader_for`: formats that are
for other tools are refused by their ending, then brat by its files, W3C by its JSON,
and the native format takes any other JSON.

Pure core: no Textual.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Sequence

from .files import ExportError, write_text
from .model import ExportDocument, ExportResult
from .reading import ExportFile, Problems, Read, ReadError

if TYPE_CHECKING:  # the modules _module loads (named here for readers and the import graph)
    from . import brat, csvfile, jsonl, native, w3c  # noqa: F401


def _module(name: str) -> ModuleType:
    """The format module ``name`` of this package, imported on first use: the command
    line's help and choices need only the registry's names, and an export only its
    own format's module."""
    return import_module(f"{__package__}.{name}")


@dataclass(frozen=True)
class Format:
    """One export format: what it is called and ends with, whether it carries the
    documents' text, and the module that writes it and, if import reads it, reads it.

    A format's module has ``render(docs, result, exported) -> str`` (the export as one
    text), or for a folder of files ``write_folder(docs, folder, result)`` and
    ``output_files(folder, docs)``; a format that import reads has
    ``recognizes(file) -> bool`` and ``read(file, problems) -> Read``."""

    name: str
    ending: str  # what a proposed file name ends with (brat's "-brat": a folder)
    needs_text: bool  # it carries the text: each document's file must still hold it
    description: str  # "what it is (what reads it)"
    module: str  # its module in tui_reader.formats
    writes_folder: bool = False  # a folder of files, not one text
    encoding: str = "utf-8"  # of its text in a file
    importable: bool = False  # import reads it (the others are for other tools: they do not carry everything)
    carries_sections: bool = True  # False: import takes the sections from the document's file

    @property
    def summary(self) -> str:
        """What it is, without what reads it: "native tui-reader JSON"."""
        return self.description.split(" (")[0]

    def text(self, docs: Sequence[ExportDocument], *, exported: str | None = None) -> tuple[str, ExportResult]:
        """The export of ``docs`` as text (for stdout); a folder format has none."""
        if self.writes_folder:
            raise ExportError(f"{self.name} writes a folder of files: give one with -o FOLDER")
        result = ExportResult(self.name)
        return _module(self.module).render(docs, result, exported), result

    def write(self, docs: Sequence[ExportDocument], out: str | os.PathLike, *, exported: str | None = None) -> ExportResult:
        """Write the export of ``docs`` to ``out`` atomically (each file through a temp
        file and a rename); a folder format makes the folder if missing (its parent must exist)."""
        out = Path(out).expanduser()
        if self.writes_folder:
            result = ExportResult(self.name)
            _module(self.module).write_folder(docs, out, result)
            result.out = out
            return result
        text, result = self.text(docs, exported=exported)
        result.out = write_text(text, out, encoding=self.encoding)
        return result

    def files(self, out: str | os.PathLike, docs: Sequence[ExportDocument]) -> list[Path]:
        """The files a write to ``out`` writes (to ask before replacing them)."""
        out = Path(out).expanduser()
        return _module(self.module).output_files(out, docs) if self.writes_folder else [out]

    def recognizes(self, file: ExportFile) -> bool:
        """Whether ``file`` is in this format (False for one import does not read)."""
        return self.importable and _module(self.module).recognizes(file)

    def read(self, file: ExportFile, problems: Problems) -> Read:
        """The documents and records of ``file``, each problem given to ``problems``;
        ReadError for a file that is not this format at all."""
        return _module(self.module).read(file, problems)


REGISTRY: tuple[Format, ...] = (
    Format(
        "json", ".json", False, "native tui-reader JSON (everything; tui-reader import reads it)", "native",
        importable=True,
    ),
    Format("w3c", ".jsonld", False, "W3C Web Annotation JSON-LD (tui-reader import reads it)", "w3c", importable=True),
    Format(
        "jsonl", ".jsonl", True,
        "one line per document: text, spans, labels and relations (spaCy, prodigy, doccano; tui-reader import reads it)",
        "jsonl", importable=True, carries_sections=False,
    ),
    Format(
        "brat", "-brat", True, "brat standoff: a folder of NAME.txt + NAME.ann (tui-reader import reads the .ann)", "brat",
        writes_folder=True, importable=True, carries_sections=False,
    ),
    # a spreadsheet needs the BOM to take the file for UTF-8 (Excel reads it as ANSI otherwise)
    Format("csv", ".csv", False, "one row per annotation, for spreadsheets", "csvfile", encoding="utf-8-sig"),
)
BY_NAME = {f.name: f for f in REGISTRY}
FORMATS: tuple[str, ...] = tuple(BY_NAME)
READABLE: tuple[str, ...] = tuple(f.name for f in REGISTRY if f.importable)
# the order in which import tries them: by the file first, then by its JSON; ours last
_READ_ORDER = ("jsonl", "brat", "w3c", "json")


def get(name: str) -> Format:
    """The format called ``name``; ExportError naming the choices if there is none."""
    try:
        return BY_NAME[name]
    except (KeyError, TypeError):
        raise ExportError(f"unknown format {name!r}; choose one of {', '.join(FORMATS)}") from None


def render(fmt: str, docs: Sequence[ExportDocument], *, exported: str | None = None) -> tuple[str, ExportResult]:
    """The export of ``docs`` in ``fmt`` as text (for stdout); brat is a folder and
    has no single text."""
    return get(fmt).text(docs, exported=exported)


def write(fmt: str, docs: Sequence[ExportDocument], out: str | os.PathLike, *, exported: str | None = None) -> ExportResult:
    """Write the export of ``docs`` in ``fmt`` to ``out`` (see :meth:`Format.write`)."""
    return get(fmt).write(docs, out, exported=exported)


def output_files(fmt: str, out: str | os.PathLike, docs: Sequence[ExportDocument]) -> list[Path]:
    """The files an export to ``out`` writes (to ask before replacing them)."""
    return get(fmt).files(out, docs)


def export_path_for(path: str, fmt: str) -> str:
    """``path`` with the ending of ``fmt`` in place of another format's ending:
    "notes-annotations.json" -> "notes-annotations.csv" for csv."""
    ending = get(fmt).ending
    for other in sorted((f.ending for f in REGISTRY), key=len, reverse=True):
        if path.endswith(other) and len(path) > len(other):
            path = path[: -len(other)]
            break
    return path + ending


def reader_for(file: ExportFile) -> Format:
    """The format that reads ``file``; ReadError for an export that import does not read
    (a csv or jsonl file: for other tools) or a file that is not readable at all."""
    if file.path is not None:
        for fmt in REGISTRY:
            if not fmt.importable and file.path.suffix.lower() == fmt.ending and file.path.is_file():
                raise ReadError([
                    f"a {fmt.name} export is for other tools and cannot be imported (it does not carry "
                    f"everything); import a {listing(READABLE)} export"
                ])
    for name in _READ_ORDER:
        fmt = BY_NAME[name]
        if fmt.recognizes(file):
            return fmt
    raise ReadError(["not an export this tool reads"])  # not reached: the native format takes any JSON


def listing(names: Sequence[str]) -> str:
    """"json, w3c or brat"."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"
