"""The export formats as data: one entry per format, which the command line, the export
dialog and import look up instead of naming formats in code.

Pure core: no Textual.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

from . import brat, csvfile, jsonl, native, w3c
from .files import ExportError, write_text
from .model import ExportDocument, ExportResult

Render = Callable[[Sequence[ExportDocument], ExportResult, "str | None"], str]


@dataclass(frozen=True)
class Format:
    """One export format: what it is called and ends with, whether it carries the
    documents' text, and how it is written (one text, or a folder of files)."""

    name: str
    ending: str  # what a proposed file name ends with (brat's "-brat": a folder)
    needs_text: bool  # it carries the text: each document's file must still hold it
    description: str  # "what it is (what reads it)"
    render: Render | None = None  # the export as one text; None for a folder of files
    encoding: str = "utf-8"  # of that text in a file
    # a folder of files instead: (docs, folder, result) writes them, (folder, docs) names them
    write_folder: Callable[[Sequence[ExportDocument], Path, ExportResult], None] | None = None
    folder_files: Callable[[Path, Sequence[ExportDocument]], list[Path]] | None = None

    @property
    def summary(self) -> str:
        """What it is, without what reads it: "native tui-reader JSON"."""
        return self.description.split(" (")[0]

    @property
    def writes_folder(self) -> bool:
        return self.render is None

    def text(self, docs: Sequence[ExportDocument], *, exported: str | None = None) -> tuple[str, ExportResult]:
        """The export of ``docs`` as text (for stdout); a folder format has none."""
        if self.render is None:
            raise ExportError(f"{self.name} writes a folder of files: give one with -o FOLDER")
        result = ExportResult(self.name)
        return self.render(docs, result, exported), result

    def write(self, docs: Sequence[ExportDocument], out: str | os.PathLike, *, exported: str | None = None) -> ExportResult:
        """Write the export of ``docs`` to ``out`` atomically (each file through a temp
        file and a rename); a folder format makes the folder if missing (its parent must exist)."""
        out = Path(out).expanduser()
        if self.write_folder is not None:
            result = ExportResult(self.name)
            self.write_folder(docs, out, result)
            result.out = out
            return result
        text, result = self.text(docs, exported=exported)
        result.out = write_text(text, out, encoding=self.encoding)
        return result

    def files(self, out: str | os.PathLike, docs: Sequence[ExportDocument]) -> list[Path]:
        """The files a write to ``out`` writes (to ask before replacing them)."""
        out = Path(out).expanduser()
        return self.folder_files(out, docs) if self.folder_files is not None else [out]


REGISTRY: tuple[Format, ...] = (
    Format(
        "json", ".json", False, "native tui-reader JSON (everything; tui-reader import reads it)",
        render=native.render,
    ),
    Format(
        "w3c", ".jsonld", False, "W3C Web Annotation JSON-LD (tui-reader import reads it)",
        render=w3c.render,
    ),
    Format(
        "jsonl", ".jsonl", True, "one line per document: text + spans (spaCy, prodigy) + label (doccano)",
        render=jsonl.render,
    ),
    Format(
        "brat", "-brat", True, "brat standoff: a folder of NAME.txt + NAME.ann (tui-reader import reads the .ann)",
        write_folder=brat.write_brat, folder_files=brat.output_files,
    ),
    # a spreadsheet needs the BOM to take the file for UTF-8 (Excel reads it as ANSI otherwise)
    Format("csv", ".csv", False, "one row per annotation, for spreadsheets", render=csvfile.render, encoding="utf-8-sig"),
)
BY_NAME = {f.name: f for f in REGISTRY}
FORMATS: tuple[str, ...] = tuple(BY_NAME)


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
