"""The W3C Web Annotation Data Model (JSON-LD): write an AnnotationCollection, read one back.

An annotation becomes::

    {"@context": "http://www.w3.org/ns/anno.jsonld",
     "id": "urn:uuid:0d4c0b6e-2f7a-4c7f-9c1f-5b1e8a2d3c4b", "type": "Annotation", "motivation": "tagging",
     "created": "2026-11-28T14:21:07.058Z", "modified": "2026-11-28T14:21:07.058Z",
     "creator": {"type": "Person", "name": "ana"},
     "body": [{"type": "TextualBody", "purpose": "tagging", "value": "actor"},
              {"type": "TextualBody", "purpose": "commenting", "value": "the commander", "format": "text/plain"}],
     "target": {"type": "SpecificResource", "source": "urn:sha256:<document id>",
                "scope": "file:///home/me/article.txt",
                "selector": [{"type": "TextQuoteSelector", "exact": "…", "prefix": "…", "suffix": "…"},
                             {"type": "TextPositionSelector", "start": 3650, "end": 3668}]},
     "tui:section": "…"}

What the model has no term for (the section, the anchoring status, an orphan's old
offsets, the document titles) is under the ``tui:`` prefix, which the collection's
``@context`` defines. An orphaned annotation has only its TextQuoteSelector (its old
quote). Links, verdicts, values and the source: :mod:`.w3c_links`.

Pure core: no Textual.
"""

from __future__ import annotations

import json
import uuid
from typing import Any, Sequence

from ..annotations import ANCHORED, ORPHANED, utc_now
from ..errors import ItemProblems
from .model import ExportDocument, ExportResult
from .reading import ExportFile, Problems, Read, ReadDocument, show
from .w3c_links import (
    PURPOSE_FIELDS, RESOLVED, attach, creator, finding_bodies, is_link, link_items, read_link, read_source, source_entry,
)
from .w3c_terms import (
    COLLECTION_CONTEXT, CONTEXT, NAMESPACE, TYPES, annotation_id, annotation_iri, document_id, file_iri, file_path,
    source_iri, utc,
)


# -- writing -------------------------------------------------------------------------------


def render(docs: Sequence[ExportDocument], result: ExportResult, exported: str | None = None) -> str:
    """The AnnotationCollection as text (``exported`` is not recorded: each annotation has its times)."""
    return dumps(to_w3c(docs, result))


def to_w3c(docs: Sequence[ExportDocument], result: ExportResult) -> dict[str, Any]:
    """An AnnotationCollection of every annotation of ``docs``, in one embedded page."""
    items = []
    for doc in docs:
        bodies = finding_bodies(doc)
        spans = [_item(ann, doc, bodies(ann)) for ann in doc.sorted()]
        result.written += len(spans)
        items.extend(spans)
        items.extend(link_items(doc))
    seed = "\n".join(item["id"] for item in items) or "empty"
    collection_id = f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, NAMESPACE + 'collection:' + seed)}"
    titles = [d.title for d in docs if d.title]
    label = f"Annotations of {titles[0]}" if len(docs) == 1 and titles else f"Annotations of {len(docs)} documents"
    data: dict[str, Any] = {
        "@context": COLLECTION_CONTEXT,
        "id": collection_id,
        "type": "AnnotationCollection",
        "label": label,
        "total": len(items),
        # tui: keys throughout, so that a JSON-LD processor keeps them (it drops undefined terms)
        "tui:documents": [
            {"source": source_iri(d.id), "tui:path": d.path, "tui:title": d.title, **source_entry(d)} for d in docs
        ],
    }
    if items:  # a page MUST have items: an empty collection has no page
        data["first"] = {
            "id": f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, collection_id + '#page-1')}",
            "type": "AnnotationPage",
            "partOf": collection_id,
            "startIndex": 0,
            "items": items,
        }
    return data


def _item(ann, doc: ExportDocument, findings: list[dict[str, Any]]) -> dict[str, Any]:
    # the model asks for one motivation (SHOULD): a tag with, at most, a comment on it
    item: dict[str, Any] = {
        "@context": CONTEXT, "id": annotation_iri(ann.id), "type": "Annotation", "motivation": "tagging",
    }
    for name in ("created", "modified"):
        stamp = utc(getattr(ann, name))
        if stamp:
            item[name] = stamp
    if ann.annotator:
        # another tool's creator given as an IRI (an agent's id) goes back as that IRI
        item["creator"] = creator(ann.annotator)
    body = [{"type": "TextualBody", "purpose": "tagging", "value": ann.tag}]
    if ann.note:
        body.append({"type": "TextualBody", "purpose": "commenting", "value": ann.note, "format": "text/plain"})
    item["body"] = body + findings
    # prefix and suffix are written even when empty (a quote at the very start or end of
    # the text): the model says a TextQuoteSelector SHOULD have them.
    quote_selector: dict[str, Any] = {
        "type": "TextQuoteSelector", "exact": ann.quote, "prefix": ann.prefix, "suffix": ann.suffix,
    }
    selectors = [quote_selector]
    if not ann.orphaned:
        selectors.append({"type": "TextPositionSelector", "start": ann.start, "end": ann.end})
    target: dict[str, Any] = {"type": "SpecificResource", "source": source_iri(doc.id)}
    scope = file_iri(doc.path)
    if scope:
        target["scope"] = scope
    target["selector"] = selectors
    item["target"] = target
    if ann.section:
        item["tui:section"] = ann.section
    if ann.status != ANCHORED:
        item["tui:status"] = ann.status
    if ann.old_quote:
        item["tui:oldQuote"] = ann.old_quote
    if ann.orphaned:
        item["tui:oldStart"] = ann.start
        item["tui:oldEnd"] = ann.end
    return item


def dumps(data: dict[str, Any]) -> str:
    """Indented, except that each annotation stands on one line (readable in a diff,
    quick to write); still one JSON document."""
    page = data.get("first")
    if not page:
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    head = json.dumps({k: v for k, v in data.items() if k != "first"}, ensure_ascii=False, indent=2)
    page_head = json.dumps({k: v for k, v in page.items() if k != "items"}, ensure_ascii=False, indent=2)
    encode = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": ")).encode
    items = ",\n      ".join(encode(item) for item in page["items"])
    page_text = page_head[:-2].replace("\n", "\n  ") + f',\n    "items": [\n      {items}\n    ]\n  }}'
    return head[:-2] + f',\n  "first": {page_text}\n}}\n'


# -- reading -------------------------------------------------------------------------------


def is_w3c(data: Any) -> bool:
    """Whether parsed JSON looks like Web Annotation JSON-LD rather than our native format."""
    if isinstance(data, list):
        return bool(data) and all(isinstance(d, dict) for d in data) and is_w3c(data[0])
    if not isinstance(data, dict) or "format" in data:
        return False
    types = data.get("type")
    types = types if isinstance(types, list) else [types]
    if any(t in TYPES for t in types):
        return True
    context = data.get("@context")
    contexts = context if isinstance(context, list) else [context]
    return CONTEXT in contexts


def recognizes(file: ExportFile) -> bool:
    return is_w3c(file.json())


def read(file: ExportFile, add: Problems) -> Read:
    """The annotations of W3C JSON-LD by document (their target source): a urn:sha256
    source is our document of that id; a file:// source is read, and its annotations are
    checked against its text."""
    from ..document import DocumentError, load_document
    from ..store import is_document_id

    docs, records, found = documents_of(file.json())
    for problem in found:
        add(problem)
    by_source: dict[str, ReadDocument] = {}
    for where, record, source in records:
        src = by_source.get(source)
        if src is None:
            info = docs.get(source, {"path": "", "title": ""})
            doc_id, document, path = document_id(source), None, info["path"]
            local = file_path(source)
            if local is not None:  # the annotation names the file: read it
                try:
                    document = load_document(local)
                except DocumentError as exc:
                    add(f"{where}.target.source: {exc}")
                    continue
                doc_id, path = document.id, document.path
            elif not is_document_id(doc_id):
                add(
                    f"{where}.target.source: {show(source, 60)} is not a document this tool knows "
                    "(expected urn:sha256:<id> or a file:// IRI)"
                )
                continue
            src = by_source[source] = ReadDocument(0, doc_id, path, info["title"], [], document, source=info.get("source"))
        record["document"] = src.id
        src.records.append((where, record))
    return Read(list(by_source.values()))


def _types(value: Any) -> list:
    return value if isinstance(value, list) else [value]


def _items(data: Any, add) -> list[tuple[str, Any]]:
    """(where, item) for every annotation of a collection, a page, a list or one annotation."""
    if isinstance(data, list):
        return [(f"[{i}]", item) for i, item in enumerate(data)]
    types = _types(data.get("type"))
    if "Annotation" in types:
        return [("the annotation", data)]
    out: list[tuple[str, Any]] = []
    if "AnnotationCollection" in types:
        page, where = data.get("first"), "first"
        if page is None:
            total = data.get("total", 0)
            if total:
                add(f"first: missing, but total is {total}")
            return out
    else:
        page, where = data, ""
    seen = 0
    while page is not None:
        if isinstance(page, str):
            add(f"{where}: the page {page!r} is a link; give a collection with its pages embedded")
            break
        if not isinstance(page, dict):
            add(f"{where}: expected an AnnotationPage object")
            break
        items = page.get("items")
        if not isinstance(items, list):
            add(f"{where + '.' if where else ''}items: expected a list")
            break
        for item in items:
            out.append((f"items[{seen}]", item))
            seen += 1
        page, where = page.get("next"), "next"
    return out


def documents_of(data: Any) -> tuple[dict[str, dict[str, str]], list[tuple[str, dict[str, Any], str]], list[str]]:
    """Read W3C JSON-LD into our terms.

    Returns (documents by source IRI: {"path", "title"}, [(where, record, source IRI)],
    problems). Each record has the native format's fields; those the annotation
    does not give are left out (start/end without a TextPositionSelector, the
    quote without a TextQuoteSelector) for the importer to fill from the text or
    report."""
    problems: list[str] = []
    add = problems.append
    docs: dict[str, dict[str, str]] = {}
    if isinstance(data, dict):
        listed = data.get("tui:documents")
        if isinstance(listed, list):
            for d in listed:
                if isinstance(d, dict) and isinstance(d.get("source"), str):
                    path, title = d.get("tui:path", d.get("path")), d.get("tui:title", d.get("title"))
                    docs[d["source"]] = {
                        "path": path if isinstance(path, str) else "",
                        "title": title if isinstance(title, str) else "",
                        "source": read_source(d),
                    }
    records = []
    links: list[tuple[str, str, dict[str, Any]]] = []
    for where, item in _items(data, add):
        if is_link(item):
            found = read_link(item, where, add)
            if found is not None:
                links.append((where, *found))
            continue
        converted = _record(item, where, add)
        if converted is not None:
            record, source, scope = converted
            entry = docs.setdefault(source, {"path": "", "title": ""})
            if scope and not entry["path"]:
                entry["path"] = scope
            records.append((where, record, source))
    attach(records, links, docs, add)
    return docs, records, problems


def _one(value: Any) -> Any:
    return value[0] if isinstance(value, list) and len(value) == 1 else value


def _record(item: Any, where: str, add) -> tuple[dict[str, Any], str, str] | None:
    if not isinstance(item, dict):
        add(f"{where}: expected an Annotation object")
        return None
    fail = ItemProblems(add)
    if "Annotation" not in _types(item.get("type")):
        fail(f"{where}.type: expected 'Annotation', found {item.get('type')!r}")
    record: dict[str, Any] = {}
    iri = item.get("id")
    if isinstance(iri, str) and iri:
        record["id"] = annotation_id(iri)
    else:
        fail(f"{where}.id: expected an IRI")
    for name in ("created", "modified"):
        if name in item:
            value = item[name]
            stamp = utc(value) if isinstance(value, str) else None
            if stamp is None:
                fail(f"{where}.{name}: expected a date and time, found {value!r}")
            else:
                record[name] = value
    if "created" not in record:  # optional in the model, required here
        record["created"] = record.get("modified") or utc_now()
    creator = _one(item.get("creator"))
    if isinstance(creator, dict):
        name = creator.get("name", creator.get("nickname", creator.get("id", "")))
        record["annotator"] = _one(name) if isinstance(_one(name), str) else ""
    elif isinstance(creator, str):
        record["annotator"] = creator
    tags, notes = [], []
    bodies = item.get("body", [])
    bodies = bodies if isinstance(bodies, list) else [bodies]
    for i, body in enumerate(bodies):
        at = f"{where}.body[{i}]" if isinstance(item.get("body"), list) else f"{where}.body"
        if not isinstance(body, dict) or not isinstance(body.get("value"), str):
            fail(f"{at}: expected a TextualBody with a text value")
            continue
        purpose = _one(body.get("purpose", "commenting"))
        if purpose == "tagging":
            tags.append(body["value"])
        elif purpose == "commenting":
            notes.append(body["value"])
        elif purpose in PURPOSE_FIELDS:
            if PURPOSE_FIELDS[purpose] in record:
                fail(f"{at}: a second {purpose} body (an annotation has one {PURPOSE_FIELDS[purpose]})")
            else:  # a resolved value is resolved again from the source (see documents_of)
                record["resolved_value" if body.get(RESOLVED) is True else PURPOSE_FIELDS[purpose]] = body["value"]
        else:
            fail(
                f"{at}.purpose: {purpose!r} has no place here (a tag is 'tagging', a note 'commenting', "
                "a verdict 'assessing', a value 'describing', a name 'identifying')"
            )
    if isinstance(item.get("bodyValue"), str):
        notes.append(item["bodyValue"])
    if len(tags) != 1:
        fail(f"{where}.body: expected one tagging body (the tag), found {len(tags)}")
    else:
        record["tag"] = tags[0]
    if len(notes) > 1:
        fail(f"{where}.body: expected at most one note (commenting body), found {len(notes)}")
    record["note"] = notes[0] if notes else ""
    target = _one(item.get("target"))
    if not isinstance(target, dict):
        fail(f"{where}.target: expected one SpecificResource with a source and selectors")
        return None
    source = target.get("source")
    if isinstance(source, dict):
        source = source.get("id")
    if not isinstance(source, str) or not source:
        fail(f"{where}.target.source: expected an IRI")
        return None
    scope = target.get("scope")
    scope_path = file_path(scope) if isinstance(scope, str) else None
    selectors = target.get("selector", [])
    selectors = selectors if isinstance(selectors, list) else [selectors]
    found = {}
    for i, selector in enumerate(selectors):
        if isinstance(selector, dict) and selector.get("type") in ("TextQuoteSelector", "TextPositionSelector"):
            found.setdefault(selector["type"], (i, selector))
    if "TextQuoteSelector" in found:
        i, selector = found["TextQuoteSelector"]
        for name, field_name in (("exact", "quote"), ("prefix", "prefix"), ("suffix", "suffix")):
            value = selector.get(name, "")
            if not isinstance(value, str):
                fail(f"{where}.target.selector[{i}].{name}: expected text")
            else:
                record[field_name] = value
        if "quote" in record and not record["quote"]:
            fail(f"{where}.target.selector[{i}].exact: empty")
    if "TextPositionSelector" in found:
        i, selector = found["TextPositionSelector"]
        for name in ("start", "end"):
            if name not in selector:
                fail(f"{where}.target.selector[{i}]: missing {name}")
            else:
                record[name] = selector[name]
    status = item.get("tui:status", ANCHORED)
    record["status"] = status
    if status == ORPHANED:
        for ours, theirs in (("start", "tui:oldStart"), ("end", "tui:oldEnd")):
            if theirs in item:
                record[ours] = item[theirs]
    if not found:
        fail(f"{where}.target.selector: expected a TextQuoteSelector or a TextPositionSelector")
    for ours, theirs in (("section", "tui:section"), ("old_quote", "tui:oldQuote")):
        if theirs in item:
            record[ours] = item[theirs]
    if fail.found:
        return None
    return record, source, scope_path or ""
