"""Export formats: the native JSON, W3C Web Annotation, JSONL, brat standoff and CSV.

One module per format holds what it writes and, for those that import reads, how it
is read: native.py, w3c.py, jsonl.py, brat.py, csvfile.py. :mod:`.registry` lists
them as data (name, file ending, whether the text is needed, write, read); the
command line, the export dialog and import look formats up there. Shared pieces:
:mod:`.model` (the documents written, the result), :mod:`.files` (atomic writing),
:mod:`.names` (file names from titles), :mod:`.reading` (an export file read, what a
reader returns). A reader parses; the importer validates and places what it found.

Which documents to export, and reading their texts back from the store's catalogue,
is :mod:`tui_reader.export`'s: formats never open the store or the workspace.

Each write returns an :class:`ExportResult` that says what was written and what was
left out. A format that gives offsets into the current text (jsonl, brat) leaves out
orphaned annotations: their offsets are where they were in a text that has since
changed. The native json and the csv keep them with their status; w3c keeps them
with a TextQuoteSelector only.

Pure core: no Textual.
"""

from __future__ import annotations

from .files import ExportError, write_text
from .model import ExportDocument, ExportResult, counted, placed
from .names import default_export_name
from .registry import FORMATS, REGISTRY, Format, export_path_for, get, output_files, render, write

__all__ = [
    "FORMATS",
    "REGISTRY",
    "ExportDocument",
    "ExportError",
    "ExportResult",
    "Format",
    "counted",
    "default_export_name",
    "export_path_for",
    "get",
    "output_files",
    "placed",
    "render",
    "write",
    "write_text",
]
