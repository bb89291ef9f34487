"""Export formats: the native JSON, W3C Web Annotation, JSONL, brat standoff and CSV.

One entry point for the command line and the app: :func:`gather` collects the
documents to export from the store, :func:`render` turns them into the text of a
format (for stdout), :func:`write` writes them to a file (or, for brat, a folder),
each returning an :class:`ExportResult` that says what was written and what was
left out (orphaned annotations, documents whose text cannot be found).

Offsets are code points into the normalized text. A format that gives offsets into
the current text (jsonl, brat) leaves out orphaned annotations: their offsets are
where they were in a text that has since changed. The native json and the csv keep
them with their status; w3c keeps them with a TextQuoteSelector only.

Pure core: no Textual.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ..annotations import Annotation
from ..errors import UserError
from ..export import ExportError

FORMATS: tuple[str, ...] = ("json", "w3c", "jsonl", "brat", "csv")
DESCRIPTIONS = {
    "json": "native tui-reader JSON (everything; tui-reader import reads it)",
    "w3c": "W3C Web Annotation JSON-LD (tui-reader import reads it)",
    "jsonl": "one line per document: text + spans (spaCy, prodigy) + label (doccano)",
    "brat": "brat standoff: a folder of NAME.txt + NAME.ann (tui-reader import reads the .ann)",
    "csv": "one row per annotation, for spreadsheets",
}
# what the proposed file name ends with; brat writes a folder
ENDINGS = {"json": ".json", "w3c": ".jsonld", "jsonl": ".jsonl", "brat": "-brat", "csv": ".csv"}
NEEDS_TEXT = frozenset({"jsonl", "brat"})  # formats that carry the document's text


class TextUnavailable(UserError):
    """The text of a stored document cannot be read back as it was annotated."""


@dataclass(frozen=True)
class ExportDocument:
    """A document and its annotations, with its normalized text where a format needs it."""

    id: str
    path: str
    title: str
    annotations: tuple[Annotation, ...]
    text: str | None = None

    def sorted(self) -> list[Annotation]:
        return sorted(self.annotations, key=lambda a: (a.start, a.end, a.created, a.id))


@dataclass
class ExportResult:
    """What an export wrote and what it left out."""

    format: str
    out: Path | None = None
    written: int = 0  # annotations written
    orphaned: int = 0  # left out: no place in the current text
    unplaceable: int = 0  # left out: brat cannot show a span of line breaks only

    def summary(self) -> str:
        """"Exported 5 annotations to out.jsonl; skipped 2 orphaned annotations"."""
        text = f"Exported {counted(self.written, 'annotation')}"
        if self.out is not None:
            text += f" to {self.out}"
        skipped = []
        if self.orphaned:
            skipped.append(f"{counted(self.orphaned, 'orphaned annotation')} (no place in the current text)")
        if self.unplaceable:
            skipped.append(f"{counted(self.unplaceable, 'annotation')} of line breaks only")
        if skipped:
            text += "; skipped " + " and ".join(skipped)
        return text


def counted(n: int, word: str) -> str:
    """"1 annotation", "2 annotations"."""
    return f"{n} {word}{'s' if n != 1 else ''}"


def placed(doc: ExportDocument, result: ExportResult) -> list[Annotation]:
    """The document's annotations that have a place in its current text, in order;
    the others are counted in ``result.orphaned``. With the text at hand, an
    annotation whose quote is not at its offsets counts as orphaned too: a format
    of offsets must never write wrong ones."""
    out = []
    text = doc.text
    for ann in doc.sorted():
        if ann.orphaned or (text is not None and text[ann.start : ann.end] != ann.quote):
            result.orphaned += 1
        else:
            out.append(ann)
    return out


def check_format(fmt: str) -> str:
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return fmt


def export_path_for(path: str, fmt: str) -> str:
    """``path`` with the ending of ``fmt`` in place of another format's ending:
    "notes-annotations.json" -> "notes-annotations.csv" for csv."""
    check_format(fmt)
    for ending in sorted(ENDINGS.values(), key=len, reverse=True):
        if path.endswith(ending) and len(path) > len(ending):
            path = path[: -len(ending)]
            break
    return path + ENDINGS[fmt]


# -- collecting what to export ------------------------------------------------------------


def document_text(record: dict) -> str:
    """The normalized text of a catalogued document, read from its file and checked
    against its id (the sha256 of that text); TextUnavailable says why not."""
    from ..document import DocumentError, load_document

    name = f"document “{record.get('title') or record['id'][:12]}” ({record['id'][:12]}…)"
    path = record.get("path") or ""
    if not path:
        raise TextUnavailable(f"{name}: its file is not known (open it once in the app)")
    try:
        doc = load_document(path)
    except DocumentError as exc:
        raise TextUnavailable(f"{name}: its text cannot be read: {exc}") from None
    if doc.id != record["id"]:
        raise TextUnavailable(f"{name}: the file {path} has changed since it was annotated")
    return doc.text


def gather(store, path: str | os.PathLike | None = None, need_text: bool = False) -> tuple[list[ExportDocument], list[str]]:
    """The documents to export: PATH's, or every catalogued one; and notices for
    those left out. With ``need_text``, all-document exports leave out documents
    with no annotations and those whose file is missing or changed (each named in a
    notice); PATH's document is always exported, with the text just read."""
    if path:
        from ..workspace import open_path

        ws = open_path(path, store)  # re-attaches an earlier version's annotations, as the app does
        doc = ws.document
        notices = ws.notices()
        return [ExportDocument(doc.id, doc.path, doc.title, tuple(ws.all_annotations), doc.text)], notices
    docs: list[ExportDocument] = []
    notices: list[str] = []
    for record in store.documents():
        anns = tuple(store.annotations(record["id"]))
        text = None
        if need_text:
            if not anns:
                continue
            try:
                text = document_text(record)
            except TextUnavailable as exc:
                notices.append(f"skipped {exc} ({counted(len(anns), 'annotation')} not exported)")
                continue
        docs.append(ExportDocument(record["id"], record.get("path") or "", record.get("title") or "", anns, text))
    return docs, notices


# -- writing ------------------------------------------------------------------------------


def render(fmt: str, docs: list[ExportDocument], *, exported: str | None = None) -> tuple[str, ExportResult]:
    """The export of ``docs`` in ``fmt`` as text (for stdout); brat is a folder and
    has no single text."""
    check_format(fmt)
    result = ExportResult(fmt)
    if fmt == "json":
        from ..export import dumps, native_export

        data = native_export(
            [{"id": d.id, "path": d.path, "title": d.title, "annotations": d.annotations} for d in docs],
            exported=exported,
        )
        result.written = sum(len(d["annotations"]) for d in data["documents"])
        return dumps(data), result
    if fmt == "w3c":
        from .w3c import dumps, to_w3c

        data = to_w3c(docs, result)
        return dumps(data), result
    if fmt == "jsonl":
        from .jsonl import to_jsonl

        return to_jsonl(docs, result), result
    if fmt == "csv":
        from .csvfile import to_csv

        return to_csv(docs, result), result
    raise ExportError("brat writes a folder of files: give one with -o FOLDER")


def output_files(fmt: str, out: str | os.PathLike, docs: list[ExportDocument]) -> list[Path]:
    """The files an export to ``out`` writes (to ask before replacing them)."""
    out = Path(out).expanduser()
    if fmt != "brat":
        return [out]
    from .brat import file_names

    return [out / f"{name}{ext}" for name in file_names(docs) for ext in (".txt", ".ann")]


def write(fmt: str, docs: list[ExportDocument], out: str | os.PathLike, *, exported: str | None = None) -> ExportResult:
    """Write the export of ``docs`` in ``fmt`` to ``out`` atomically (each file through
    a temp file and a rename); brat writes a folder, made if missing (its parent must exist)."""
    from ..export import write_text

    out = Path(out).expanduser()
    if fmt == "brat":
        from .brat import write_brat

        result = ExportResult(fmt)
        write_brat(docs, out, result)
        result.out = out
        return result
    text, result = render(fmt, docs, exported=exported)
    # a spreadsheet needs the BOM to take the file for UTF-8 (Excel reads it as ANSI otherwise)
    result.out = write_text(text, out, encoding="utf-8-sig" if fmt == "csv" else "utf-8")
    return result
