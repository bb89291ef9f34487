"""The native format: every document's annotations as one JSON file, all of their fields.

What ``tui-reader export`` writes by default and ``tui-reader import`` reads back without
loss (:func:`read` gives each document's records as found; the importer validates them); ``tui-reader list --json`` prints the same fields per annotation. Keep it stable
and versioned::

    {"format": "tui-reader", "version": 2, "exported": "2026-11-28T15:00:00.000Z",
     "documents": [{"id": ..., "path": ..., "title": ..., "source": {"url": ..., "published": ...},
                    "annotations": [{...}, ...],
                    "relations": [{"id", "type", "source", "target", "created", "annotator"}]}]}

Version 2 lists each document's links as ``relations`` (an annotation's ``links``
field is left out: the relation names its ``source``), and carries the document's
source record. A date's ``value`` is the one the reader set ("" when it is resolved
from the quote and ``source.published``, which any reader can do again). Version 1
files (no relations, links if any on the annotations) are still read.

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
VERSION = 2
READS = (1, 2)  # the versions :func:`read` takes
RELATION_FIELDS = ("id", "type", "source", "target", "created", "annotator")


def native_export(documents: list[dict], exported: str | None = None) -> dict:
    """The native export of ``documents``.

    Each input is ``{"id", "path", "title", "source", "annotations": [Annotation, ...]}``;
    annotations come out as ``Annotation.to_dict()`` without their links, in document
    order, and their links as the document's ``relations``. ``exported`` (a UTC time)
    defaults to now.
    """
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported": exported or utc_now(),
        "documents": [_document(doc) for doc in documents],
    }


def _document(doc: dict) -> dict:
    anns = sorted(doc.get("annotations", ()), key=lambda a: (a.start, a.end))
    records = []
    for ann in anns:
        record = ann.to_dict()
        del record["links"]
        records.append(record)
    return {
        "id": doc["id"],
        "path": str(doc.get("path") or ""),
        "title": doc.get("title") or "",
        "source": dict(doc.get("source") or {}),
        "annotations": records,
        "relations": [
            {"id": link.id, "type": link.type, "source": ann.id, "target": link.target,
             "created": link.created, "annotator": link.annotator}
            for ann in anns for link in ann.links
        ],
    }


def dumps(data: dict) -> str:
    """JSON text for ``data``: indented, except that each annotation of the native format
    stands on one compact line. Still one JSON document that any parser reads; readable
    in an editor or a diff; and quicker to write than ``indent=2`` all the way down
    (Python's indenting encoder is pure Python)."""
    documents = data.get("documents")
    if not isinstance(documents, list) or not all(
        isinstance(d, dict) and isinstance(d.get("annotations"), list) and isinstance(d.get("relations", []), list)
        for d in documents
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
            if key not in ("annotations", "relations"):
                parts.append(f"      {dump(key)}: {dump(value, ensure_ascii=False)},\n")
        lists = [key for key in ("annotations", "relations") if key in doc]
        for n, key in enumerate(lists):
            lines = [encode(a) for a in doc[key]]
            end = "\n    }" if n == len(lists) - 1 else ",\n"
            if lines:
                parts.append(f'      "{key}": [\n        ' + ",\n        ".join(lines) + "\n      ]" + end)
            else:
                parts.append(f'      "{key}": []' + end)
    parts.append("\n  ]\n}\n" if documents else "]\n}\n")
    return "".join(parts)


def write_json(data: dict, out: str | os.PathLike) -> Path:
    """Write ``data`` as UTF-8 JSON to ``out``, atomically (see :func:`.files.write_text`)."""
    return write_text(dumps(data), out)


# -- writing (the registry's entry) ---------------------------------------------------------


def render(docs: Sequence[ExportDocument], result: ExportResult, exported: str | None = None) -> str:
    """The native export of ``docs`` as text; ``exported`` (a UTC time) defaults to now."""
    data = native_export(
        [{"id": d.id, "path": d.path, "title": d.title, "source": d.source, "annotations": d.annotations} for d in docs],
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
    if not (is_int(version) and version in READS):
        problems.append(f"version: expected {' or '.join(map(str, READS))}, found {show(version)}")
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
        relations(doc.get("relations", []), records, f"{where}.relations", add)
        source = doc.get("source", {})
        out.append(ReadDocument(i, doc_id, path, title, records, name=where, source=source))
    return Read(out)


def relations(found: Any, records: list[tuple[str, Any]], where: str, add: Problems) -> None:
    """Each relation ``{"id", "type", "source", "target", "created", "annotator"}`` put
    on its source record as a link (with ``where`` it stands, for later problems); one
    whose source is not an annotation of the document is a problem."""
    if not isinstance(found, list):
        add(f"{where}: expected a list, found {kind(found)}")
        return
    by_id = {r["id"]: r for _, r in records if isinstance(r, dict) and isinstance(r.get("id"), str)}
    for j, rel in enumerate(found):
        at = f"{where}[{j}]"
        if not isinstance(rel, dict):
            add(f"{at}: expected an object, found {kind(rel)}")
            continue
        unknown = [k for k in rel if k not in RELATION_FIELDS]
        if unknown:
            add(f"{at}: unknown field {unknown[0]!r} (a relation has {', '.join(RELATION_FIELDS)})")
            continue
        source = rel.get("source")
        record = by_id.get(source) if isinstance(source, str) else None
        if record is None:
            add(f"{at}.source: {show(source)} is not an annotation of this document in the file")
            continue
        link = {k: v for k, v in rel.items() if k != "source"}
        link["where"] = at
        record.setdefault("links", [])
        if isinstance(record["links"], list):
            record["links"] = [*record["links"], link]
