"""Other texts of a document: earlier versions to take over, and living ones to copy from.

A document is its text (its id is the text's sha256), so an edited file is a new
document. Its annotations are taken over from an earlier version only when that
version's text is nowhere any more: no file the store has seen it at (the catalogue
keeps every path a text was opened at) still holds it. A version whose text is still
at one of its paths is a living document (the original of a copy): its annotations
stay where they are, and are only ever copied, when the user asks.

Pure core: no Textual.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from .annotations import Annotation
from .document import Document, DocumentError, load_document
from .store import Store, StoreError

if TYPE_CHECKING:
    from .anchoring import ReanchorReport


@dataclass(frozen=True)
class Elsewhere:
    """Another document whose annotations could be copied here: a living earlier
    version of this file, or a document of the same title, still at ``path``."""

    id: str
    path: str
    title: str
    count: int  # its annotations, orphans included

    @property
    def name(self) -> str:
        return Path(self.path).name


def known_paths(record: dict) -> list[str]:
    """Every path the catalogue has seen a document's text at, the latest first."""
    paths = [record.get("path") or ""]
    extra = record.get("paths")
    if isinstance(extra, list):
        paths.extend(p for p in extra if isinstance(p, str))
    return [p for p in dict.fromkeys(paths) if p]


def still_at(record: dict, skip: str = "") -> str | None:
    """A path that still holds the text the record was catalogued with, or None;
    ``skip`` is a path known to hold another text (the file just opened)."""
    for path in known_paths(record):
        if path == skip:
            continue
        try:
            if load_document(path).id == record.get("id"):
                return path
        except DocumentError:
            continue
    return None


def _title_matches(document: Document, record: dict) -> bool:
    title = document.title
    if not title or record.get("title") != title:
        return False
    # a title made from a file's name ("notes" for notes.txt) says nothing
    names = {Path(p).stem for p in (document.path, *known_paths(record)) if p}
    return title not in names


def find_versions(
    store: Store, document: Document, warnings: list[str]
) -> tuple[list[tuple[str, bool]], list[Elsewhere]]:
    """The other documents related to ``document`` that hold annotations:
    (earlier versions to take over, as (id, found by title alone); living ones to
    leave alone). A document is related when ``document``'s path is one of its
    paths, or when it has the same title (not a file's name). It is taken over only
    when its text is at none of its paths any more (a file edited, or moved and
    edited). Their annotation files are read, not the catalogue's counts (which may
    be behind); a damaged one is listed for taking over, which names it."""
    try:
        records = store.documents()
    except StoreError as exc:
        warnings.append(f"earlier versions of this document could not be looked for: {exc}")
        return [], []
    take: list[tuple[str, bool]] = []
    living: list[Elsewhere] = []
    for record in records:
        doc_id = record.get("id")
        if doc_id == document.id or not isinstance(doc_id, str):
            continue
        by_path = bool(document.path) and document.path in known_paths(record)
        if not by_path and not _title_matches(document, record):
            continue
        if not store.document_path(doc_id).exists():
            continue
        try:
            count = len(store.annotations(doc_id))
        except StoreError:
            count = -1  # damaged: the taking over names it
        if count == 0:
            continue
        path = still_at(record, skip=document.path)
        if path is None:
            take.append((doc_id, not by_path))
        elif count > 0:
            living.append(Elsewhere(doc_id, path, str(record.get("title") or ""), count))
    return take, living


def copy_id(ann_id: str, document: str) -> str:
    """The id of the copy of annotation ``ann_id`` in ``document``: always the same,
    so that copying twice adds nothing."""
    return uuid.uuid5(uuid.NAMESPACE_URL, f"urn:tui-reader:copy:{document}:{ann_id}").hex


def copies(
    annotations: list[Annotation],
    document: Document,
    existing: list[Annotation],
    section_of: Callable[[int], str],
) -> tuple[list[Annotation], "ReanchorReport", int]:
    """Copies of ``annotations`` placed in ``document``'s text by the re-anchoring
    rules (an annotation with no place there is copied as an orphan): (the copies,
    what placing them did, how many were already here). A copy has its own id and
    keeps the original's tag, note, annotator, creation time and links (to the
    copies of their targets); one already copied,
    or whose span and tag the document already has, is left out."""
    from .anchoring import ReanchorReport, reanchor

    have_ids = {a.id for a in existing}
    have_spans = {(a.start, a.end, a.tag) for a in existing if not a.orphaned}
    fresh = [
        a.with_changes(
            id=copy_id(a.id, document.id),
            document=document.id,
            links=tuple(replace(link, target=copy_id(link.target, document.id)) for link in a.links),
        )
        for a in annotations
        if copy_id(a.id, document.id) not in have_ids
    ]
    skipped = len(annotations) - len(fresh)
    placed, _ = reanchor(fresh, document.text, section_of)
    out: list[Annotation] = []
    report = ReanchorReport()
    for ann in placed:
        if not ann.orphaned and (ann.start, ann.end, ann.tag) in have_spans:
            skipped += 1
            continue
        have_spans.add((ann.start, ann.end, ann.tag))
        out.append(ann)
        report.count(ann.status)
    return out, report, skipped
