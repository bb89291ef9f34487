"""Import of the native format (what ``tui-reader export`` writes) into the store.

Two steps, so that nothing is written unless everything is right:

* :func:`plan_import` reads and validates the whole file and returns an
  :class:`ImportPlan`, or raises :class:`ImportFileError` naming the first few
  items at fault (``documents[0].annotations[3].tag: unknown tag 'person'``).
* :func:`import_plan` matches the plan's documents to the store and adds the
  annotations it does not hold yet, in one all-or-nothing
  :meth:`Store.apply_many <tui_reader.store.Store.apply_many>`.

Documents are matched by id (the sha256 of the normalized text). A document
whose id the store does not know, but whose path a catalogue record has, goes
to that record's document only if the file there still holds every quote at its
offsets; otherwise the import is refused. Anything else becomes a new document.
An annotation is a duplicate (skipped) when the target document already has its
id, or an annotation with the same start, end and tag.

Pure core: no Textual.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .annotations import TAGS, Annotation
from .errors import UserError
from .export import FORMAT, VERSION

__all__ = [
    "ImportFileError",
    "ImportPlan",
    "ImportReport",
    "PlannedDocument",
    "import_plan",
    "plan_import",
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


@dataclass(frozen=True)
class PlannedDocument:
    """One document of the file, validated."""

    index: int  # its position in the file's "documents"
    id: str
    path: str
    title: str
    annotations: tuple[Annotation, ...]


@dataclass(frozen=True)
class ImportPlan:
    """A validated native export, ready for :func:`import_plan`."""

    source: str
    documents: tuple[PlannedDocument, ...]

    @property
    def annotation_count(self) -> int:
        return sum(len(d.annotations) for d in self.documents)


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

    def summary(self) -> str:
        """"Imported 12 annotations into 2 documents (3 already there)"."""
        text = (
            f"Imported {self.added} annotation{'s' if self.added != 1 else ''} into "
            f"{self.documents} document{'s' if self.documents != 1 else ''}"
        )
        if self.skipped_duplicates:
            text += f" ({self.skipped_duplicates} already there)"
        return text

    def to_dict(self) -> dict[str, Any]:
        return {
            "added": self.added,
            "skipped_duplicates": self.skipped_duplicates,
            "documents": self.documents,
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


def _read(path: Path) -> Any:
    source = str(path)
    try:
        if path.is_dir():
            raise ImportFileError(source, ["is a folder, not an export file"])
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ImportFileError(source, ["no such file"]) from None
    except OSError as exc:
        raise ImportFileError(source, [f"cannot be read ({exc.strerror or exc})"]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFileError(source, [f"not UTF-8 text (bad byte at offset {exc.start})"]) from None
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


def plan_import(path_or_data: str | os.PathLike[str] | dict) -> ImportPlan:
    """Read and validate a native export (a file, or its already parsed JSON).

    Checks everything before anything is written: the format and version, each
    document (id, path, title, annotations) and each annotation's fields and types
    (id, offsets with 0 <= start < end, a quote as long as its span, a known tag,
    created/modified text...). Raises ImportFileError listing the items at fault."""
    if isinstance(path_or_data, dict):
        source, data = "the import", path_or_data
    else:
        path = Path(path_or_data).expanduser()
        source, data = str(path), _read(path)
    from .store import _DOC_ID_RE  # the ids the store accepts as file names

    problems: list[str] = []
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

    planned: list[PlannedDocument] = []
    doc_seen: dict[str, int] = {}
    ann_seen: dict[str, str] = {}
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
        good: list[Annotation] = []
        for j, record in enumerate(anns):
            ann = _check_annotation(record, f"{where}.annotations[{j}]", doc_id, ann_seen, add)
            if ann is not None:
                good.append(ann)
        if doc_id is not None:
            planned.append(
                PlannedDocument(
                    index=i,
                    id=doc_id,
                    path=doc.get("path") if isinstance(doc.get("path"), str) else "",
                    title=doc.get("title") if isinstance(doc.get("title"), str) else "",
                    annotations=tuple(good),
                )
            )
    if problems:
        raise ImportFileError(source, problems)
    return ImportPlan(source=source, documents=tuple(planned))


def _check_annotation(record: Any, where: str, doc_id: str | None, seen: dict[str, str], add) -> Annotation | None:
    if not isinstance(record, dict):
        add(f"{where}: expected an object, found {_kind(record)}")
        return None
    bad = False

    def fail(message: str) -> None:
        nonlocal bad
        bad = True
        add(message)

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
    tag = record.get("tag")
    if isinstance(tag, str) and tag not in TAGS:
        fail(f"{where}.tag: unknown tag {_show(tag)} (expected one of {', '.join(TAGS)})")
    document = record.get("document")
    if doc_id is not None and isinstance(document, str) and document != doc_id:
        fail(f"{where}.document: {_show(document)} is not the id of its document")
    ann_id = record.get("id")
    if isinstance(ann_id, str) and ann_id:
        if ann_id in seen:
            fail(f"{where}.id: {_show(ann_id)} appears twice (also {seen[ann_id]})")
        else:
            seen[ann_id] = where
    if bad or doc_id is None:
        return None
    known = {name: record[name] for name in (*_REQUIRED_TEXT, *_OPTIONAL_TEXT, "start", "end") if name in record}
    return Annotation(**known)


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
    return ImportReport(added=added, skipped_duplicates=skipped, documents=len(adds), outcomes=tuple(outcomes))


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
