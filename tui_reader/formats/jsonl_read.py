"""Reading a jsonl export back: each line a document with its text, its ``spans`` (or
doccano's ``entities`` where there are none) as annotation records over that text, and
its ``relations`` as links of the span they start from.

Pure core: no Textual.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from ..annotations import utc_now
from ..integrity import is_int, json_problem
from .reading import ExportFile, Problems, Read, ReadDocument, ReadError, kind, read_text, show

_SPAN_FIELDS = {"id": "id", "annotator": "annotator", "note": "note", "created": "created", "modified": "modified",
                "verdict": "verdict", "name": "name"}


def read_lines(file: ExportFile, add: Problems) -> Read:
    from ..document import Document

    assert file.path is not None
    out = []
    for number, raw in enumerate(read_text(file.path).lstrip("\ufeff").split("\n"), 1):
        if not raw.strip():
            continue
        where = f"line {number}"
        try:
            data = json.loads(raw)
        except ValueError as exc:
            raise ReadError([f"{where}: {json_problem(exc)}"], file.source) from None
        if not isinstance(data, dict) or not isinstance(data.get("text"), str) or not data["text"]:
            add(f"{where}: expected an object with the document's text")
            continue
        meta = data.get("meta") if isinstance(data.get("meta"), dict) else {}
        path = meta.get("path") if isinstance(meta.get("path"), str) else ""
        doc = Document.from_text(data["text"], path=path)
        if doc.text != data["text"]:
            add(f"{where}.text: not a normalized text (line ends, BOM): its offsets cannot be trusted")
            continue
        if isinstance(meta.get("id"), str) and meta["id"] != doc.id:
            add(f"{where}.meta.id: {show(meta['id'])} is not the id of this text ({doc.id[:12]}…)")
            continue
        title = meta.get("title") if isinstance(meta.get("title"), str) and meta.get("title") else doc.title
        source = meta.get("source")
        published = source.get("published") if isinstance(source, dict) else None
        records = _records(data, doc, where, add, bool(published))
        out.append(ReadDocument(number - 1, doc.id, path, title, records, doc, where, source))
    return Read(out)


def _records(data: dict, doc, where: str, add, published: bool) -> list[tuple[str, Any]]:
    spans, key = (data["spans"], "spans") if "spans" in data else (data.get("entities", []), "entities")
    if not isinstance(spans, list):
        add(f"{where}.{key}: expected a list, found {kind(spans)}")
        return []
    records: list[tuple[str, Any]] = []
    for i, span in enumerate(spans):
        at = f"{where}.{key}[{i}]"
        if not isinstance(span, dict):
            add(f"{at}: expected an object, found {kind(span)}")
            records.append((at, None))
            continue
        start = span.get("start", span.get("start_offset"))
        end = span.get("end", span.get("end_offset"))
        record: dict[str, Any] = {"document": doc.id, "start": start, "end": end, "tag": span.get("label")}
        if is_int(start) and is_int(end) and 0 <= start < end <= len(doc.text):
            record["quote"] = doc.text[start:end]
            record["section"] = doc.section_at(start).title
        else:
            add(f"{at}: span {show(start)}..{show(end)} is not within the text (0..{len(doc.text)})")
        for theirs, ours in _SPAN_FIELDS.items():
            if theirs in span and key == "spans":
                record[ours] = span[theirs]
        if "value" in span and (not span.get("value_resolved") or not published):
            record["value"] = span["value"]  # a resolved one is resolved again from the publication date
        if not isinstance(record.get("id"), str):  # doccano's entity ids are numbers: one of ours from the span
            record["id"] = uuid.uuid5(uuid.NAMESPACE_URL, f"urn:tui-reader:jsonl:{doc.id}:{start}:{end}:{record['tag']}").hex
        record.setdefault("created", utc_now())
        records.append((at, record))
    _relations(data.get("relations", []), spans, records, key, where, add)
    return [(at, r) for at, r in records if r is not None]


def _relations(found: Any, spans: list, records: list[tuple[str, Any]], key: str, where: str, add) -> None:
    """Each relation onto the record of its ``from_id`` as a link to its ``to_id``'s."""
    if not isinstance(found, list):
        add(f"{where}.relations: expected a list, found {kind(found)}")
        return
    # an entity id is its position in spans (our export) or the entity's own id (doccano's)
    by_number: dict[Any, dict] = {}
    for i, (_, record) in enumerate(records):
        own = spans[i].get("id") if key == "entities" and isinstance(spans[i], dict) else i
        if record is not None:
            by_number[own] = record
    for j, rel in enumerate(found):
        at = f"{where}.relations[{j}]"
        if not isinstance(rel, dict):
            add(f"{at}: expected an object, found {kind(rel)}")
            continue
        ends = [by_number.get(rel.get(name)) if is_int(rel.get(name)) else None for name in ("from_id", "to_id")]
        missing = [name for name, end in zip(("from_id", "to_id"), ends) if end is None]
        if missing:
            add(f"{at}.{missing[0]}: {show(rel.get(missing[0]))} is not an entity of this line")
            continue
        source, target = ends
        kind_ = rel.get("type")
        link_id = rel.get("link_id")
        if not isinstance(link_id, str) or not link_id:
            link_id = uuid.uuid5(uuid.NAMESPACE_URL, f"urn:tui-reader:jsonl:{source['id']}:{kind_}:{target['id']}").hex
        link = {"id": link_id, "type": kind_, "target": target["id"], "where": at}
        for name in ("created", "annotator"):
            if name in rel:
                link[name] = rel[name]
        source["links"] = [*source.get("links", []), link]
