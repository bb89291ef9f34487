"""The native format: every document's annotations as one JSON file, all of their fields.

What ``tui-reader export`` writes by default and ``tui-reader import`` reads back without
loss; ``tui-reader list --json`` prints the same fields per annotation. Keep it stable
and versioned::

    {"format": "tui-reader", "version": 1, "exported": "2026-11-28T15:00:00.000Z",
     "documents": [{"id": ..., "path": ..., "title": ..., "annotations": [{...}, ...]}]}

Pure core: no Textual.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Sequence

from ..annotations import utc_now
from .files import write_text
from .model import ExportDocument, ExportResult

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
