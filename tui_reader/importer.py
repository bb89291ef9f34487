"""Import into the store: the native format, W3C Web Annotation JSON-LD and brat standoff.

Two steps, so that nothing is written unless everything is right:

* :func:`plan_import` reads the file, detects its format (a ``.ann`` file, or a
  ``.txt`` with a ``.ann`` beside it, is brat; JSON is W3C when it is an
  AnnotationCollection, AnnotationPage, Annotation or a list of them, else the
  native format), validates all of it and returns an :class:`ImportPlan`, or
  raises :class:`ImportFileError` naming the first few items at fault
  (``documents[0].annotations[3].tag: unknown tag 'person'``, ``items[2].target.source: …``,
  ``notes.ann line 7 (T3): …``).
* :func:`import_plan` matches the plan's documents to the store and adds the
  annotations it does not hold yet, in one all-or-nothing
  :meth:`Store.apply_many <tui_reader.store.Store.apply_many>`.

Where the document's text is at hand (the brat ``.txt``; a ``file://`` W3C source;
or the file at the document's path, when it still has the document's id), every
quote is checked against the text at its offsets. A quote that is not there is
reported (see :func:`_reanchor`, where re-anchoring plugs in). Orphaned
annotations are not checked: their offsets are in a text that has changed.

Documents are matched by id (the sha256 of the normalized text). A document
whose id the store does not know, but whose path a catalogue record has, goes
to that record's document only if the file there still holds every quote at its
offsets; otherwise the import is refused. Anything else becomes a new document.
An annotation is a duplicate (skipped) when the target document already has its
id, or an annotation with the same start, end and tag.

Tags are fixed (actor, claim, date: the keys a, c, d and the colours are bound to
them), so an unknown tag is refused, or with ``unknown_tags="map:TAG"`` mapped to TAG.

Pure core: no Textual.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .annotations import CONTEXT_CHARS, ORPHANED, STATUSES, TAGS, Annotation, utc_now
from .errors import Faults, UserError
from .export import FORMAT, VERSION

__all__ = [
    "ImportFileError",
    "ImportPlan",
    "ImportReport",
    "PlannedDocument",
    "import_plan",
    "plan_import",
    "tag_mapping",
]

MAX_PROBLEMS = 5  # shown in the message; all are counted

_REQUIRED_TEXT = ("id", "document", "quote", "prefix", "suffix", "tag", "created")
_OPTIONAL_TEXT = ("note", "section", "modified", "annotator", "status", "old_quote")
_NON_EMPTY = ("id", "quote", "created")


class ImportFileError(UserError):
    """A file that cannot be imported, or an import that was refused; one line.

    ``problems`` lists every problem found, each as ``item: what``."""

    def __init__(self, source: str, problems: list[str]) -> None:
        self.source = source
        self.problems = list(problems)
        shown = "; ".join(self.problems[:MAX_PROBLEMS])
        more = len(self.problems) - MAX_PROBLEMS
        tail = f" (and {more} more problem{'s' if more != 1 else ''})" if more > 0 else ""
        super().__init__(f"{source}: cannot import: {shown}{tail}; nothing was imported")


class ImportOptionError(UserError):
    """A bad import option (``--unknown-tags``); one line."""


@dataclass(frozen=True)
class PlannedDocument:
    """One document of the file, validated."""

    index: int  # its position in the file's "documents" (0 for W3C and brat)
    id: str
    path: str
    title: str
    annotations: tuple[Annotation, ...]
    text: str | None = field(default=None, repr=False, compare=False)  # when it was at hand


@dataclass(frozen=True)
class ImportPlan:
    """A validated export, ready for :func:`import_plan`."""

    source: str
    documents: tuple[PlannedDocument, ...]
    format: str = "json"  # "json", "w3c" or "brat"
    mapped_tags: int = 0  # unknown tags mapped by unknown_tags="map:TAG"...
    mapped_to: str = ""  # ...to this tag
    ignored: tuple[tuple[str, int], ...] = ()  # brat lines with no place here, by kind

    @property
    def annotation_count(self) -> int:
        return sum(len(d.annotations) for d in self.documents)

    def notes(self) -> list[str]:
        """What the summary should add: tags mapped, lines ignored."""
        out = []
        if self.mapped_tags:
            out.append(f"{self.mapped_tags} unknown tag{'s' if self.mapped_tags != 1 else ''} mapped to {self.mapped_to}")
        for kind, n in self.ignored:
            out.append(f"ignored {n} {kind} line{'s' if n != 1 else ''}")
        return out


@dataclass(frozen=True)
class DocumentOutcome:
    """What an import did with one document of the file."""

    index: int
    source_id: str
    target_id: str
    matched: str  # "id", "path" (a catalogued file at the same path) or "new"
    added: int
    skipped: int


@dataclass(frozen=True)
class ImportReport:
    added: int
    skipped_duplicates: int
    documents: int  # documents that received at least one annotation
    outcomes: tuple[DocumentOutcome, ...] = field(default=())
    notes: tuple[str, ...] = ()  # from the plan: tags mapped, lines ignored

    def summary(self) -> str:
        """"Imported 12 annotations into 2 documents (3 already there)"."""
        text = (
            f"Imported {self.added} annotation{'s' if self.added != 1 else ''} into "
            f"{self.documents} document{'s' if self.documents != 1 else ''}"
        )
        if self.skipped_duplicates:
            text += f" ({self.skipped_duplicates} already there)"
        if self.notes:
            text += "; " + "; ".join(self.notes)
        return text

    def to_dict(self) -> dict[str, Any]:
        return {
            "added": self.added,
            "skipped_duplicates": self.skipped_duplicates,
            "documents": self.documents,
            "notes": list(self.notes),
            "details": [
                {
                    "index": o.index,
                    "id": o.source_id,
                    "stored_as": o.target_id,
                    "matched": o.matched,
                    "added": o.added,
                    "skipped_duplicates": o.skipped,
                }
                for o in self.outcomes
            ],
        }


def tag_mapping(option: str | None) -> str | None:
    """``--unknown-tags``: "refuse" (None) or "map:TAG" (TAG, one of the tags)."""
    if option in (None, "", "refuse"):
        return None
    if option.startswith("map:") and option[4:] in TAGS:
        return option[4:]
    raise ImportOptionError(
        f"--unknown-tags: expected 'refuse' or 'map:TAG' with TAG one of {', '.join(TAGS)}, found {option!r}"
    )


def _show(value: Any, limit: int = 40) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    return {dict: "an object", list: "a list", str: "text", bool: "true/false", int: "a number", float: "a number"}.get(
        type(value), type(value).__name__
    )


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _read_bytes(path: Path) -> str:
    """The file's text (a BOM kept), or ImportFileError."""
    source = str(path)
    try:
        if path.is_dir():
            raise ImportFileError(source, ["is a folder, not an export file (for brat, give the .ann file)"])
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ImportFileError(source, ["no such file"]) from None
    except OSError as exc:
        raise ImportFileError(source, [f"cannot be read ({exc.strerror or exc})"]) from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ImportFileError(source, [f"not UTF-8 text (bad byte at offset {exc.start})"]) from None


def _read(path: Path) -> Any:
    source = str(path)
    text = _read_bytes(path).lstrip("\ufeff")
    if not text.strip():
        raise ImportFileError(source, ["the file is empty"])
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportFileError(
            source, [f"not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})"]
        ) from None
    except RecursionError:
        raise ImportFileError(source, ["JSON nested too deeply"]) from None


@dataclass
class _Source:
    """One document's worth of records as read from a file, before validation."""

    index: int
    id: str | None
    path: str
    title: str
    records: list[tuple[str, Any]]
    text: str | None = None  # the normalized text, when the file came with it


def plan_import(
    path_or_data: str | os.PathLike[str] | dict | list,
    *,
    unknown_tags: str | None = None,
    annotator: str | None = None,
) -> ImportPlan:
    """Read and validate an export (a file, or its already parsed JSON).

    Checks everything before anything is written: the format, each document and
    each annotation's fields and types (id, offsets with 0 <= start < end, a quote
    as long as its span and, where the text is at hand, the quote at its offsets,
    a known tag or one mapped by ``unknown_tags``, a known status...). ``annotator``
    is recorded on annotations that name none. Raises ImportFileError listing the
    items at fault."""
    tag_map = tag_mapping(unknown_tags)
    problems: list[str] = []
    ignored: dict[str, int] = {}
    if isinstance(path_or_data, (dict, list)):
        source, fmt = "the import", "json"
        data = path_or_data
        path = None
    else:
        path = Path(path_or_data).expanduser()
        source = str(path)
        fmt = "brat" if _brat_pair(path) else "json"
        data = None if fmt == "brat" else _read(path)
    if fmt == "brat":
        sources = _from_brat(path, problems, ignored)
    else:
        from .formats.w3c import is_w3c

        if is_w3c(data):
            fmt = "w3c"
            sources = _from_w3c(data, problems)
        else:
            sources = _from_native(data, source, problems)
    if problems:
        raise ImportFileError(source, problems)

    planned: list[PlannedDocument] = []
    seen: dict[str, str] = {}
    mapped = [0]
    for src in sources:
        text = src.text if src.text is not None else _text_at(src.path, src.id)
        good: list[Annotation] = []
        for where, record in src.records:
            ann = _check_annotation(record, where, src.id, seen, problems.append, text, tag_map, mapped, annotator)
            if ann is not None:
                good.append(ann)
        if src.id is not None:
            planned.append(PlannedDocument(src.index, src.id, src.path, src.title, tuple(good), text))
    if problems:
        raise ImportFileError(source, problems)
    return ImportPlan(source, tuple(planned), fmt, mapped[0], tag_map or "", tuple(sorted(ignored.items())))


def _text_at(path: str, doc_id: str | None) -> str | None:
    """The document's normalized text, if the file at ``path`` still is that document."""
    if not path or doc_id is None:
        return None
    from .document import DocumentError, load_document

    try:
        doc = load_document(path)
    except DocumentError:
        return None
    return doc.text if doc.id == doc_id else None


def _from_native(data: Any, source: str, problems: list[str]) -> list[_Source]:
    from .store import _DOC_ID_RE  # the ids the store accepts as file names

    add = problems.append
    if not isinstance(data, dict):
        raise ImportFileError(source, [f"expected a JSON object, found {_kind(data)}"])
    if data.get("format") != FORMAT:
        add(f"format: expected {FORMAT!r}, found {_show(data.get('format'))}")
    version = data.get("version")
    if not (_is_int(version) and version == VERSION):
        add(f"version: expected {VERSION}, found {_show(version)}")
    documents = data.get("documents")
    if not isinstance(documents, list):
        add(f"documents: expected a list, found {_kind(documents)}")
        raise ImportFileError(source, problems)
    if problems:  # not our format: the rest would only be noise
        raise ImportFileError(source, problems)

    sources: list[_Source] = []
    doc_seen: dict[str, int] = {}
    for i, doc in enumerate(documents):
        where = f"documents[{i}]"
        if not isinstance(doc, dict):
            add(f"{where}: expected an object, found {_kind(doc)}")
            continue
        doc_id = doc.get("id")
        if not isinstance(doc_id, str) or not _DOC_ID_RE.fullmatch(doc_id):
            add(f"{where}.id: expected a document id, found {_show(doc_id)}")
            doc_id = None
        elif doc_id in doc_seen:
            add(f"{where}.id: document {doc_id[:12]}… appears twice (also documents[{doc_seen[doc_id]}])")
        else:
            doc_seen[doc_id] = i
        for name in ("path", "title"):
            if name in doc and not isinstance(doc[name], str):
                add(f"{where}.{name}: expected text, found {_kind(doc[name])}")
        anns = doc.get("annotations")
        if not isinstance(anns, list):
            add(f"{where}.annotations: expected a list, found {_kind(anns)}")
            continue
        path = doc.get("path") if isinstance(doc.get("path"), str) else ""
        title = doc.get("title") if isinstance(doc.get("title"), str) else ""
        records = [(f"{where}.annotations[{j}]", record) for j, record in enumerate(anns)]
        sources.append(_Source(i, doc_id, path, title, records))
    return sources


def _from_w3c(data: Any, problems: list[str]) -> list[_Source]:
    from .document import DocumentError, load_document
    from .formats.w3c import document_id, documents_of, file_path
    from .store import _DOC_ID_RE

    docs, records, found = documents_of(data)
    problems.extend(found)
    by_source: dict[str, _Source] = {}
    for where, record, source in records:
        src = by_source.get(source)
        if src is None:
            info = docs.get(source, {"path": "", "title": ""})
            doc_id, text, path = document_id(source), None, info["path"]
            local = file_path(source)
            if local is not None:  # the annotation names the file: read it
                try:
                    doc = load_document(local)
                except DocumentError as exc:
                    problems.append(f"{where}.target.source: {exc}")
                    continue
                doc_id, text, path = doc.id, doc.text, doc.path
            elif doc_id is None or not _DOC_ID_RE.fullmatch(doc_id):
                problems.append(
                    f"{where}.target.source: {_show(source, 60)} is not a document this tool knows "
                    "(expected urn:sha256:<id> or a file:// IRI)"
                )
                continue
            src = by_source[source] = _Source(0, doc_id, path, info["title"], [], text)
        record["document"] = src.id
        src.records.append((where, record))
    return list(by_source.values())


def _brat_pair(path: Path) -> bool:
    """A .ann file, or a .txt with its .ann beside it."""
    suffix = path.suffix.lower()
    return suffix == ".ann" or (suffix == ".txt" and path.with_suffix(".ann").is_file())


def _from_brat(path: Path, problems: list[str], ignored: dict[str, int]) -> list[_Source]:
    from .document import Document, DocumentError, read_text
    from .formats.brat import read_ann

    ann_path, txt_path = path.with_suffix(".ann"), path.with_suffix(".txt")
    ann = _read_bytes(ann_path)
    try:
        raw = read_text(txt_path)
        doc = Document.from_text(raw, path=str(txt_path.resolve()))
    except DocumentError as exc:
        raise ImportFileError(str(ann_path), [f"its text {txt_path.name}: {exc}"]) from None
    records, counts = read_ann(ann.lstrip("\ufeff"), raw, doc.text, doc.id, ann_path.name, problems.append)
    ignored.update(counts)
    for _, record in records:  # brat has no sections: the text's own
        if _is_int(record.get("start")):
            record.setdefault("section", doc.section_at(record["start"]).title)
    return [_Source(0, doc.id, doc.path, doc.title, records, doc.text)]


def _reanchor(record: dict[str, Any], text: str) -> dict[str, Any] | None:
    """RE-ANCHORING HOOK (issue 4). The one place an imported annotation whose quote
    is not at its offsets (or that has no offsets) would be re-attached to ``text``
    by quote, prefix and suffix (tui_reader/anchoring.py), returning the record with
    new start/end/quote and its status. Until that lands, nothing is re-anchored:
    None makes the caller report the item."""
    return None


def _check_annotation(
    record: Any,
    where: str,
    doc_id: str | None,
    seen: dict[str, str],
    add,
    text: str | None = None,
    tag_map: str | None = None,
    mapped: list[int] | None = None,
    annotator: str | None = None,
) -> Annotation | None:
    if not isinstance(record, dict):
        add(f"{where}: expected an object, found {_kind(record)}")
        return None
    fail = Faults(add)

    if record.get("status") != ORPHANED:
        if text is not None:
            record = _place(record, where, text, fail)
        elif "start" not in record and "end" not in record and "quote" in record:
            fail(f"{where}: no offsets, and the document's text is not at hand to place its quote")
            return None
    missing = [n for n in ("id", "document", "start", "end", "quote", "prefix", "suffix", "tag", "created") if n not in record]
    if missing:
        fail(f"{where}: missing {', '.join(missing)}")
    for name in _REQUIRED_TEXT:
        if name not in record:
            continue
        elif not isinstance(record[name], str):
            fail(f"{where}.{name}: expected text, found {_kind(record[name])}")
        elif name in _NON_EMPTY and not record[name]:
            fail(f"{where}.{name}: empty")
    for name in _OPTIONAL_TEXT:
        if name in record and not isinstance(record[name], str):
            fail(f"{where}.{name}: expected text, found {_kind(record[name])}")
    start, end = record.get("start"), record.get("end")
    for name, value in (("start", start), ("end", end)):
        if name in record and not _is_int(value):
            fail(f"{where}.{name}: expected a whole number, found {_show(value)}")
    offsets_ok = _is_int(start) and _is_int(end)
    if offsets_ok and not 0 <= start < end:
        fail(f"{where}: span {start}..{end} is not 0 <= start < end")
        offsets_ok = False
    quote = record.get("quote")
    if offsets_ok and isinstance(quote, str) and quote and len(quote) != end - start:
        fail(f"{where}.quote: {len(quote)} characters, but the span {start}..{end} is {end - start}")
    status = record.get("status")
    if isinstance(status, str) and status not in STATUSES:
        fail(f"{where}.status: unknown status {_show(status)} (expected one of {', '.join(STATUSES)})")
    tag = record.get("tag")
    if isinstance(tag, str) and tag not in TAGS:
        if tag_map is None:
            fail(f"{where}.tag: unknown tag {_show(tag)} (expected one of {', '.join(TAGS)})")
        else:
            record = {**record, "tag": tag_map}
            if mapped is not None:
                mapped[0] += 1
    document = record.get("document")
    if doc_id is not None and isinstance(document, str) and document != doc_id:
        fail(f"{where}.document: {_show(document)} is not the id of its document")
    ann_id = record.get("id")
    if isinstance(ann_id, str) and ann_id:
        if ann_id in seen:
            fail(f"{where}.id: {_show(ann_id)} appears twice (also {seen[ann_id]})")
        else:
            seen[ann_id] = where
    if fail.found or doc_id is None:
        return None
    known = {name: record[name] for name in (*_REQUIRED_TEXT, *_OPTIONAL_TEXT, "start", "end") if name in record}
    if annotator and not known.get("annotator"):
        known["annotator"] = annotator
    return Annotation(**known)


def _place(record: dict[str, Any], where: str, text: str, fail) -> dict[str, Any]:
    """Check an annotation against its document's text, and fill what a format left
    out (brat carries no prefix/suffix of ours; a W3C annotation may give only a
    quote or only offsets). Problems go to ``fail``."""
    start, end, quote = record.get("start"), record.get("end"), record.get("quote")
    has_offsets = _is_int(start) and _is_int(end)
    record = dict(record)
    stated = record.pop("stated_offsets", f"{start}..{end}")
    if has_offsets and not 0 <= start < end <= len(text):
        fail(f"{where}: span {start}..{end} is outside the text (0..{len(text)})")
        return record
    if has_offsets and "quote" not in record:
        record["quote"] = quote = text[start:end]
    if not has_offsets or text[start:end] != quote:
        placed = _reanchor(record, text)  # the one place re-anchoring plugs in
        if placed is None:
            if not has_offsets:
                fail(f"{where}: no offsets, and placing a quote by its text (re-anchoring) is not supported yet")
            else:
                fail(f"{where}: the quote {_show(quote)} is not the text at {stated} ({_show(text[start:end])})")
            return {**record, "start": 0, "end": 1, "quote": "?", "prefix": "", "suffix": ""}  # reported; no more noise
        record = placed
        start, end = record["start"], record["end"]
    record.setdefault("prefix", text[max(0, start - CONTEXT_CHARS) : start])
    record.setdefault("suffix", text[end : end + CONTEXT_CHARS])
    return record


def import_plan(store, plan: ImportPlan) -> ImportReport:
    """Add the plan's annotations to ``store``, all or nothing; see the module doc.

    Holds the store's lock from matching to writing, so a concurrent writer
    cannot slip a duplicate in between. Raises ImportFileError when a document
    cannot be matched safely, StoreError when the store cannot be read or written;
    either way nothing was added."""
    from .store import StoreError

    with store.locked():
        catalog_errors: list[StoreError] = []
        records = store.documents(errors=catalog_errors)
        by_id = {r["id"]: r for r in records}
        by_path: dict[str, dict] = {}
        for r in records:  # most recently opened first: that one wins
            if r.get("path"):
                by_path.setdefault(str(r["path"]), r)

        adds: dict[str, list[Annotation]] = {}
        new_records: dict[str, dict[str, Any]] = {}
        existing: dict[str, tuple[set[str], set[tuple[int, int, str]]]] = {}
        outcomes = []
        added = skipped = 0
        for doc in plan.documents:
            if doc.id in by_id or store.has_document(doc.id):
                target, matched, anns = doc.id, "id", list(doc.annotations)
            elif doc.path and doc.path in by_path:
                record = by_path[doc.path]
                target, matched = record["id"], "path"
                _check_same_text(plan, doc, record)
                anns = [replace(a, document=target) for a in doc.annotations]
            else:
                target, matched, anns = doc.id, "new", list(doc.annotations)
            # a new record gets them; an existing one only where its fields are empty
            # (e.g. after the catalogue was rebuilt), so a second import writes nothing
            new_records.setdefault(target, {"path": doc.path, "title": doc.title})
            if target not in existing:
                stored = store.annotations(target)  # a damaged file: StoreError, nothing added
                existing[target] = ({a.id for a in stored}, {(a.start, a.end, a.tag) for a in stored})
            ids, spans = existing[target]
            doc_added = doc_skipped = 0
            for ann in anns:
                span = (ann.start, ann.end, ann.tag)
                if ann.id in ids or span in spans:
                    doc_skipped += 1
                    continue
                ids.add(ann.id)
                spans.add(span)
                adds.setdefault(target, []).append(ann)
                doc_added += 1
            outcomes.append(DocumentOutcome(doc.index, doc.id, target, matched, doc_added, doc_skipped))
            added += doc_added
            skipped += doc_skipped
        if adds or new_records:
            store.apply_many({doc_id: (anns, []) for doc_id, anns in adds.items()}, records=new_records)
    return ImportReport(
        added=added, skipped_duplicates=skipped, documents=len(adds), outcomes=tuple(outcomes), notes=tuple(plan.notes())
    )


def _check_same_text(plan: ImportPlan, doc: PlannedDocument, record: dict) -> None:
    """A document unknown by id may join the catalogued one at its path only if
    that file, as it is now, holds every quote at its offsets."""
    from .document import DocumentError, load_document

    name = f"documents[{doc.index}] ({doc.title or doc.id[:12]!r})"
    path = doc.path
    other = f"the file at {path} (catalogued as document {record['id'][:12]}…)"
    try:
        current = load_document(path)
    except DocumentError as exc:
        raise ImportFileError(
            plan.source, [f"{name}: its id is not in this store and {other} cannot be checked: {exc}"]
        ) from None
    text = current.text
    for ann in doc.annotations:
        there = text[ann.start : ann.end]
        if there != ann.quote:
            raise ImportFileError(
                plan.source,
                [
                    f"{name}: its id is not in this store and {other} is a different text: "
                    f"annotation {ann.id} quotes {_show(ann.quote)} at {ann.start}..{ann.end}, "
                    f"the file has {_show(there)}"
                ],
            )
