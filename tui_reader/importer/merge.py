"""Adding a plan's annotations to the store: each document matched by id, else by
path (placed in the text its file holds now), duplicates skipped, a later edit of a
stored annotation taken, all in one all-or-nothing write.

Pure core: no Textual.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from typing import Any

from .. import formats
from ..annotations import Annotation
from ..errors import ItemProblems
from .links import remapped
from .place import QuotePlacer, document_at, section_finder
from .report import DocumentOutcome, ImportFileError, ImportPlan, ImportReport, PlannedDocument, placement_notes

_CONTENT_SKIPS = frozenset({"created", "modified", "document"})


def import_plan(store, plan: ImportPlan) -> ImportReport:
    """Add the plan's annotations to ``store``, all or nothing; see the module doc.

    Holds the store's lock from matching to writing, so a concurrent writer
    cannot slip a duplicate in between. Raises ImportFileError when a document
    cannot be matched safely, StoreError when the store cannot be read or written;
    either way nothing was added."""
    from ..store import StoreError

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
        existing: dict[str, tuple[dict[str, Annotation], dict[tuple[int, int, str], str]]] = {}
        placed: Counter[str] = Counter()
        outcomes = []
        added = skipped = updated = 0
        stored_as: dict[str, dict[str, str]] = {}  # per document, file id -> stored id of the same span
        sources: dict[str, dict[str, str]] = {}  # the file's source records for documents that have none
        for doc in plan.documents:
            if doc.id in by_id or store.has_document(doc.id):
                target, matched, anns = doc.id, "id", list(doc.annotations)
                title, path = doc.title, doc.path
                if not formats.get(plan.format).carries_sections:
                    anns = _sections_from_catalogue(by_id.get(doc.id), doc.id, anns)
            elif doc.path and doc.path in by_path:
                current = _placed_in_file(plan, doc, by_path[doc.path], placed)
                target, matched, anns = current.id, "path", current.annotations
                title, path = current.title, current.path
            else:
                target, matched, anns = doc.id, "new", list(doc.annotations)
                title, path = doc.title, doc.path
            # a new record gets them; an existing one only where its fields are empty
            # (e.g. after the catalogue was rebuilt), so a second import writes nothing
            new_records.setdefault(target, {"path": path, "title": title})
            if target not in existing:
                stored = store.annotations(target)  # a damaged file: StoreError, nothing added
                existing[target] = ({a.id: a for a in stored}, {(a.start, a.end, a.tag): a.id for a in stored})
            ids, spans = existing[target]
            doc_added = doc_skipped = doc_updated = 0
            for ann in anns:
                span = (ann.start, ann.end, ann.tag)
                old = ids.get(ann.id)
                if old is not None:
                    newer = _later_edit(ann, old)
                    if newer is None or spans.get(span, ann.id) != ann.id:
                        doc_skipped += 1  # the same, or not newer, or its span is another's
                        continue
                    del spans[(old.start, old.end, old.tag)]
                    ann = newer
                    doc_updated += 1
                elif span in spans:
                    doc_skipped += 1
                    stored_as.setdefault(target, {})[ann.id] = spans[span]  # links to it go to the stored one
                    continue
                else:
                    doc_added += 1
                ids[ann.id] = ann
                spans[span] = ann.id
                adds.setdefault(target, []).append(ann)
            if doc.source and target not in sources and not store.source(target):
                sources[target] = doc.source
            outcomes.append(DocumentOutcome(doc.index, doc.id, target, matched, doc_added, doc_skipped, doc_updated))
            added += doc_added
            skipped += doc_skipped
            updated += doc_updated
        if adds or new_records:
            # an annotation with a stored id replaces the stored one (Store.apply)
            changes = {doc_id: (remapped(anns, stored_as.get(doc_id, {})), []) for doc_id, anns in adds.items()}
            store.apply_many(changes, records=new_records)
        # a separate write after the annotations (a killed import leaves the source to the
        # next import of the file, which adds nothing else); only where none is stored
        for doc_id, record in sources.items():
            store.set_source(doc_id, record)
    notes = plan.notes() + placement_notes(dict(placed))
    return ImportReport(
        added=added, skipped_duplicates=skipped, documents=len(adds), outcomes=tuple(outcomes), notes=tuple(notes),
        updated=updated, links=sum(len(a.links) for anns in adds.values() for a in anns),
    )


def _later_edit(ann: Annotation, old: Annotation) -> Annotation | None:
    """``ann`` as the new version of the stored ``old`` (same id and creation time), if
    it was modified later and differs in content; else None.

    The creation times must agree: a format that carries no times (brat, a W3C
    annotation without ``created``) gets the time of the import, which says nothing
    about when its content was edited, so it never replaces a stored annotation."""
    if _time(ann.created) != _time(old.created) or not _time(ann.modified) > _time(old.modified):
        return None
    mine, theirs = ann.to_dict(), old.to_dict()
    if all(mine[k] == theirs[k] for k in mine if k not in _CONTENT_SKIPS):
        return None
    return replace(ann, document=old.document)


def _time(stamp: str):
    """A stamp as an aware datetime for comparing (the earliest possible one if it
    cannot be read: such a copy never wins)."""
    from datetime import datetime, timezone

    try:
        when = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except (ValueError, AttributeError):
        return datetime.min.replace(tzinfo=timezone.utc)
    return when if when.tzinfo else when.replace(tzinfo=timezone.utc)


def _sections_from_catalogue(record: dict | None, doc_id: str, anns: list[Annotation]) -> list[Annotation]:
    """brat carries no sections, and its .txt is plain text: a Markdown document's
    headings are not headings there. When the store knows the document and its file
    still holds that text, the sections are that file's."""
    document = document_at((record or {}).get("path") or "", doc_id)
    if document is None:
        return anns
    return [replace(a, section=document.section_at(a.start).title) if not a.orphaned else a for a in anns]


@dataclass(frozen=True)
class _InFile:
    id: str
    path: str
    title: str
    annotations: list[Annotation]


def _placed_in_file(plan: ImportPlan, doc: PlannedDocument, record: dict, counts: Counter[str]) -> _InFile:
    """A document unknown by id at the path of a catalogued one: its annotations
    placed in the text the file there holds now (re-anchored where it changed),
    for the document that text is. ImportFileError if the file cannot be read or an
    annotation has no place in it (unless the plan keeps orphans)."""
    from ..document import DocumentError, load_document

    name = f"{doc.name} ({doc.title or doc.id[:12]!r})" if doc.name else "the document"
    other = f"the file at {doc.path} (catalogued as document {record['id'][:12]}…)"
    try:
        current = load_document(doc.path)
    except DocumentError as exc:
        raise ImportFileError(
            plan.source, [f"{name}: its id is not in this store and {other} cannot be read: {exc}"]
        ) from None
    problems: list[str] = []
    placer = QuotePlacer(current.text, section_finder(current), plan.keep_orphans, counts, same_text=False)
    places = doc.places or tuple(f"{name}.annotations[{i}]" for i in range(len(doc.annotations)))
    out: list[Annotation] = []
    for ann, where in zip(doc.annotations, places):
        fail = ItemProblems(problems.append)
        values = ann.to_dict()
        if not ann.orphaned:
            values = placer.place(values, where, fail)
        if not fail.found:
            out.append(Annotation.from_dict({**values, "document": current.id}))
    if problems:
        problems.insert(0, f"{name}: its id is not in this store, and {other} is a different text")
        raise ImportFileError(plan.source, problems)
    return _InFile(current.id, current.path, current.title, out)
