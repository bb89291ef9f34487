"""The native format: every document's annotations as one JSON file, all of their fields.

What ``tui-reader export`` writes by default and ``tui-reader import`` reads back without
loss (:func:`read` gives each document's records as found; the importer validates them); ``tui-reader list --json`` prints the same fields per annotation. Keep it stable
and versioned::

    {"format": "tui-reader", "version": 1, "exported": "2026-11-28T15:00:00.000Z",
     "documents": [{"id": ..., "path": ..., "title": ..., "annotations": [{...}, ...]}]}

Pure core: no Textual.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Sequence

from ..annotations import utc_now
from ..integrity import is_int
from .files import write_text
from .model import ExportDocument, ExportResult
from .reading import ExportFile, Problems, Read, ReadDocument, ReadError, kind, show

FORMAT = "tui-reader"
VERSION = 1


def native_export(documents: list[dict], exported: str | None = None) -> dict:
    """The native export of ``documents``.

    Each input is ``{"id", "path", "title", "annotations": [Annotation, ...]}``;
    annotations come out as ``Annotation.to_dict()`` in document order. ``exported``
    (a UTC time) defaults to now.
    """
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported": exported or utc_now(),
        "documents": [
            {
                "id": doc["id"],
                "path": str(doc.get("path") or ""),
                "title": doc.get("title") or "",
                "annotations": [
                    ann.to_dict()
                    for ann in sorted(doc.get("annotations", ()), key=lambda a: (a.start, a.end))
                ],
            }
            for doc in documents
        ],
    }


def dumps(data: dict) -> str:
    """JSON text for ``data``: indented, except that each annotation of the native format
    stands on one compact line. Still one JSON document that any parser reads; readable
    in an editor or a diff; and quicker to write than ``indent=2`` all the way down
    (Python's indenting encoder is pure Python)."""
    documents = data.get("documents")
    if not isinstance(documents, list) or not all(
        isinstance(d, dict) and isinstance(d.get("annotations"), list) for d in documents
    ):
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    dump = json.dumps
    # one encoder for every annotation: json.dumps with options builds a new one per call
    encode = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": ")).encode
    head = {k: v for k, v in data.items() if k != "documents"}
    parts = ["{\n"]
    for key, value in head.items():
        parts.append(f"  {dump(key)}: {dump(value, ensure_ascii=False)},\n")
    parts.append('  "documents": [')
    for i, doc in enumerate(documents):
        parts.append(",\n    {\n" if i else "\n    {\n")
        for key, value in doc.items():
            if key != "annotations":
                parts.append(f"      {dump(key)}: {dump(value, ensure_ascii=False)},\n")
        lines = [encode(a) for a in doc["annotations"]]
        if lines:
            parts.append('      "annotations": [\n        ' + ",\n        ".join(lines) + "\n      ]\n    }")
        else:
            parts.append('      "annotations": []\n    }')
    parts.append("\n  ]\n}\n" if documents else "]\n}\n")
    return "".join(parts)


def write_json(data: dict, out: str | os.PathLike) -> Path:
    """Write ``data`` as UTF-8 JSON to ``out``, atomically (see :func:`.files.write_text`)."""
    return write_text(dumps(data), out)


# -- writing (the registry's entry) ---------------------------------------------------------


def render(docs: Sequence[ExportDocument], result: ExportResult, exported: str | None = None) -> str:
    """The native export of ``docs`` as text; ``exported`` (a UTC time) defaults to now."""
    data = native_export(
        [{"id": d.id, "path": d.path, "title": d.title, "annotations": d.annotations} for d in docs],
        exported=exported,
    )
    result.written = sum(len(d["annotations"]) for d in data["documents"])
    return dumps(data)


# -- reading --------------------------------------------------------------------------------


def recognizes(file: ExportFile) -> bool:
    """Any JSON that no other format claims is read as ours (and refused naming what is
    not ours in it): the native format is the last one tried."""
    return True


def read(file: ExportFile, add: Problems) -> Read:
    """The documents of a native export, each with its annotation records as found.
    Whether the file is this format at all is checked first: if not, ReadError names
    what is wrong with its head alone (the rest would only be noise)."""
    from ..store import is_document_id  # the ids the store accepts as file names

    data: Any = file.json()
    if not isinstance(data, dict) or data.get("format") != FORMAT and "documents" not in data:
        from ..unknown_file import describe  # none of our formats: say so in words

        raise ReadError([describe(data)])
    problems: list[str] = []
    if data.get("format") != FORMAT:
        problems.append(f"format: expected {FORMAT!r}, found {show(data.get('format'))}")
    version = data.get("version")
    if not (is_int(version) and version == VERSION):
        problems.append(f"version: expected {VERSION}, found {show(version)}")
    documents = data.get("documents")
    if not isinstance(documents, list):
        problems.append(f"documents: expected a list, found {kind(documents)}")
    if problems:
        raise ReadError(problems)

    out: list[ReadDocument] = []
    doc_seen: dict[str, int] = {}
    for i, doc in enumerate(documents):
        where = f"documents[{i}]"
        if not isinstance(doc, dict):
            add(f"{where}: expected an object, found {kind(doc)}")
            continue
        doc_id = doc.get("id")
        if not is_document_id(doc_id):
            add(f"{where}.id: expected a document id, found {show(doc_id)}")
            doc_id = None
        elif doc_id in doc_seen:
            add(f"{where}.id: document {doc_id[:12]}… appears twice (also documents[{doc_seen[doc_id]}])")
        else:
            doc_seen[doc_id] = i
        for name in ("path", "title"):
            if name in doc and not isinstance(doc[name], str):
                add(f"{where}.{name}: expected text, found {kind(doc[name])}")
        anns = doc.get("annotations")
        if not isinstance(anns, list):
            add(f"{where}.annotations: expected a list, found {kind(anns)}")
            continue
        path = doc.get("path") if isinstance(doc.get("path"), str) else ""
        title = doc.get("title") if isinstance(doc.get("title"), str) else ""
        records = [(f"{where}.annotations[{j}]", record) for j, record in enumerate(anns)]
        out.append(ReadDocument(i, doc_id, path, title, records, name=where))
    return Read(out)
