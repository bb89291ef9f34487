"""The persistent annotation store: TinyDB JSON files, written atomically.

Layout under the data directory::

    catalog.json          table "documents": one record per document (catalogue.py)
    docs/<doc_id>.json    table "annotations": one record per annotation (document_file.py)
    docs/<doc_id>.log     changes not yet folded into <doc_id>.json (changelog.py)
    .lock                 serialises writers across processes (lock.py)
    journal.json          only while a change to several files is put in place (journal.py)

Every file carries a table "meta" holding ``{"schema": 1}`` (schema.py). TinyDB's own
machinery is not used for writing: its JSONStorage rewrites a file in place (a crash
mid-write can leave it unreadable; atomic.py never does), its CachingMiddleware loses
confirmed writes and its Table caches the next record id per process. The files stay
plain TinyDB files that ``TinyDB(path)`` reads, once the store is closed.

Several processes: every change takes an exclusive ``flock`` on ``.lock`` for the
length of that one change, reads what changed on disk and applies the change to what
is there; nobody holds the lock between changes.

Part of the pure core: it must never import Textual.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..annotations import Annotation
from .annotation_files import AnnotationFiles
from .atomic import AtomicJSONStorage
from .catalogue import MAX_PATHS, Catalogue
from .errors import AnnotationNotFound, Damage, DamagedFile, StoreBusy, StoreError
from .journal import Journal
from .layout import ENV_DATA_DIR, StoreLayout, is_document_id, resolve_data_dir
from .lock import DEFAULT_LOCK_TIMEOUT, ProcessLock
from .repair import Inspector, move_aside
from .schema import SCHEMA_VERSION
from .records import DocumentRecords

__all__ = [
    "AnnotationNotFound",
    "AtomicJSONStorage",
    "Damage",
    "DamagedFile",
    "ENV_DATA_DIR",
    "MAX_PATHS",
    "SCHEMA_VERSION",
    "Store",
    "StoreBusy",
    "StoreError",
    "is_document_id",
    "resolve_data_dir",
]


class Store(DocumentRecords):
    """Annotations and the document catalogue, persisted under ``data_dir``.

    Every mutating call returns only once its change is fsynced to disk. Each
    call is atomic: a failure raises :class:`StoreError` and leaves the files
    (and what this Store reports) as they were. :meth:`apply_many` extends that
    to a change over several documents.

    Opening a Store creates nothing. If the data folder holds what a killed
    process left (a committed ``journal.json``, temp files), it is finished or
    cleaned up first, under the lock.
    """

    def __init__(
        self,
        data_dir: str | os.PathLike[str] | None = None,
        *,
        lock_timeout: float | None = DEFAULT_LOCK_TIMEOUT,
    ) -> None:
        self.data_dir: Path = resolve_data_dir(data_dir)
        self._layout = layout = StoreLayout(self.data_dir)
        self.catalog_path, self.journal_path = layout.catalog_path, layout.journal_path
        self.lock_path, self.docs_dir = layout.lock_path, layout.docs_dir
        self._mutex = threading.RLock()
        self._lock = ProcessLock(self.data_dir, self.lock_path, lock_timeout, self._mutex)
        self._journal = Journal(layout)
        self._files = AnnotationFiles(layout, self.locked, self._lock, self._journal)
        self._catalogue = Catalogue(
            self.catalog_path, self.locked, self._lock, self._files.stored_count, layout.document_ids_on_disk
        )
        self._files.catalogue = self._catalogue
        self._inspector = Inspector(layout, self._journal, self.locked, self._lock)
        self._closed = False
        #: Set when a journal left by a killed process cannot be read: writes are
        #: refused until ``repair`` moves it aside.
        self.journal_error: StoreError | None = None
        self._recover_on_open()

    def __repr__(self) -> str:
        return f"Store({str(self.data_dir)!r})"

    @property
    def lock_timeout(self) -> float | None:
        """Seconds a write waits for another process's lock before StoreBusy;
        None waits as long as it takes."""
        return self._lock.timeout

    @lock_timeout.setter
    def lock_timeout(self, value: float | None) -> None:
        self._lock.timeout = value

    @property
    def catalog_error(self) -> StoreError | None:
        """Set when annotations were saved but the catalogue could not be written
        (the annotation files are the truth; the count heals on the next change)."""
        return self._catalogue.error

    # -- lifecycle ---------------------------------------------------------

    def close(self) -> None:
        """Fold the change logs into their files (so that TinyDB alone reads every
        annotation) and write the catalogue counts that are behind."""
        with self._mutex:
            if not self._closed:
                for finish in (self._files.fold_logs, self._catalogue.flush_counts):
                    try:
                        finish()
                    except StoreError:
                        pass  # the logs stay and the counts are recounted: nothing is lost
            self._lock.close()
            self._files.close()
            self._catalogue.forget()
            self._closed = True

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _check_open(self) -> None:
        if self._closed:
            raise StoreError(f"the annotation store at {self.data_dir} is closed")

    # -- the lock and recovery -------------------------------------------------

    @contextmanager
    def locked(self, *, recover: bool = True) -> Iterator[None]:
        """Hold the store's lock: no other process (or Store) changes it meanwhile.

        Re-entrant. Writers use it for one change at a time; a caller may hold it
        around several calls (a read, then a change based on it). On entry, what
        a killed writer left is finished first (unless ``recover`` is false)."""
        with self._mutex:
            self._check_open()
            with self._lock.held(self._recover if recover else None):
                yield

    def lock_holder(self) -> tuple[int, str] | None:
        """(pid, command) of the process holding the lock, when it can be told."""
        return self._lock.holder()

    def _recover(self) -> None:
        """Finish what a killed writer left, if anything (lock just taken)."""
        if not (self._journal.unfinished or os.path.lexists(self.journal_path)):
            return
        try:
            self._journal.finish()
        except DamagedFile as exc:
            self.journal_error = exc
            raise
        self._files.forget_all()
        self._catalogue.forget()
        self.journal_error = None

    def _recover_on_open(self) -> None:
        if not self.data_dir.is_dir() or not self._journal.leftovers():
            return
        self._journal.unfinished = True
        try:
            with self.locked():
                pass
        except DamagedFile as exc:
            self.journal_error = exc
        except StoreError:
            pass  # busy or read-only: the next write tries again

    def _finish_pending_change(self) -> None:
        """Before a read: if a multi-file change is half in place, finish it first."""
        if os.path.lexists(self.journal_path):
            try:
                with self.locked():
                    pass
            except StoreError:
                pass  # damaged journal or busy: read what is there; writes will say

    # -- paths -------------------------------------------------------------

    def document_path(self, doc_id: str) -> Path:
        """The annotation file of ``doc_id`` (which may not exist yet)."""
        return self._layout.document_path(doc_id)

    def log_path(self, doc_id: str) -> Path:
        """The change log of ``doc_id`` (changes not yet folded into its file)."""
        return self._layout.log_path(doc_id)

    def document_files_state(self, doc_id: str) -> tuple:
        """(inode, mtime, size) of the document's file and of its log (None where
        absent): it changes whenever the stored annotations may have."""
        return self._layout.files_state(doc_id)

    # -- annotations -----------------------------------------------------------

    def annotations(self, doc_id: str) -> list[Annotation]:
        """The document's annotations sorted by (start, end, created)."""
        with self._mutex:
            self._check_open()
            self._finish_pending_change()
            return self._files.annotations(doc_id)

    def all_annotations(self, errors: list[StoreError] | None = None) -> Iterator[Annotation]:
        """Every stored annotation, document by document.

        Documents in the catalogue come first (most recently opened first), then
        any annotation file the catalogue does not know. A damaged file raises
        StoreError, unless ``errors`` is given: then it is appended there and skipped.
        """
        with self._mutex:
            self._check_open()
            self._finish_pending_change()
            try:
                order = [r["id"] for r in self.documents() if isinstance(r.get("id"), str)]
            except StoreError as exc:  # the catalogue only sets the order here
                if errors is not None:
                    errors.append(exc)
                order = []
            names = self._layout.document_ids_on_disk()
        on_disk = set(names)
        for doc_id in dict.fromkeys([d for d in order if d in on_disk] + names):
            try:
                with self._mutex:
                    self._check_open()
                    anns = self._files.annotations(doc_id, keep=False)
            except StoreError as exc:
                if errors is None:
                    raise
                errors.append(exc)
                continue
            yield from anns

    def add(self, ann: Annotation) -> None:
        """Store a new annotation; its id must not be stored yet."""
        self._files.change(ann.document, (), [ann], mode="add")

    def update(self, ann: Annotation) -> None:
        """Replace the stored annotation with the same id (AnnotationNotFound if none)."""
        self._files.change(ann.document, (), [ann], mode="update")

    def delete(self, doc_id: str, ann_id: str) -> None:
        """Remove one annotation (AnnotationNotFound if it is not stored)."""
        self._files.change(doc_id, [ann_id], (), mode="apply")

    def apply(self, doc_id: str, add: Iterable[Annotation] = (), remove: Iterable[str] = ()) -> None:
        """Change one document in a single atomic write: all or nothing.

        Ids in ``remove`` are removed first (each must be stored, else
        AnnotationNotFound and nothing changes); then each annotation in ``add``
        is stored, replacing one with the same id. So undoing an edit is
        ``apply(doc, add=[before])`` and undoing a batch of adds is
        ``apply(doc, remove=[ids])``.
        """
        self._files.change(doc_id, list(remove), list(add), mode="apply")

    def apply_many(
        self,
        changes: Mapping[str, tuple[Iterable[Annotation], Iterable[str]]],
        records: Mapping[str, Mapping[str, Any]] | None = None,
    ) -> None:
        """Change several documents all-or-nothing: ``{doc_id: (add, remove_ids)}``,
        each as in :meth:`apply`, through the journal (see journal.py).

        ``records`` gives catalogue fields (path, title, sections) for documents
        the catalogue lacks, or whose record has them empty; they are written in
        the same transaction, with the new counts."""
        items = [self._files.checked(doc_id, remove, add) for doc_id, (add, remove) in changes.items()]
        fields = {k: dict(v) for k, v in (records or {}).items()}
        for doc_id in fields:
            self.document_path(doc_id)
        self._files.change_many(items, fields)

    # -- the catalogue -----------------------------------------------------------

    def documents(self, errors: list[StoreError] | None = None) -> list[dict]:
        """Catalogue records, most recently opened first.

        A damaged catalogue raises StoreError, unless ``errors`` is given: then the
        error is appended there and the records are derived from the annotation
        files (id and count; no path or title)."""
        self._catalogue.flush_counts()
        with self._mutex:
            self._check_open()
            self._finish_pending_change()
            try:
                return self._catalogue.records()
            except StoreError as exc:
                if errors is None:
                    raise
                errors.append(exc)
                return self._catalogue.derived_records()

    def document_record(self, doc_id: str) -> dict | None:
        self._catalogue.flush_counts()
        with self._mutex:
            self._check_open()
            self._finish_pending_change()
            return self._catalogue.record(doc_id)

    def has_document(self, doc_id: str) -> bool:
        """Whether the store knows ``doc_id``: a catalogue record or an annotation file."""
        if self.document_path(doc_id).exists():
            return True
        try:
            return self.document_record(doc_id) is not None
        except StoreError:
            return False

    def remember_document(self, doc_id: str, path: str, title: str, sections: int) -> None:
        """Record (or refresh) a document in the catalogue and mark it opened now."""
        self.document_path(doc_id)  # validates the id
        with self.locked():
            self._catalogue.record_opened(doc_id, path, title, sections)

    def rebuild_catalog(self) -> int:
        """Make the catalogue agree with the annotation files; returns its size.

        Records it has keep their path and title; counts come from the files; a
        document with a file and no record gets one with no path or title. A
        damaged catalogue is refused: :meth:`repair` moves it aside first."""
        with self.locked():
            return self._catalogue.rebuild()

    # -- damage ------------------------------------------------------------------

    def check(self, lengths: Mapping[str, int] | None = None) -> list[Damage]:
        """Every damaged store file (journal, catalogue, annotation files and their
        change logs), with why; ``lengths`` gives the text length of documents whose
        text is at hand.

        Reads every file afresh and changes nothing. Files of an older schema are
        not damaged (they are upgraded when read); a newer schema is listed."""
        lengths = lengths or {}
        with self._mutex:
            self._check_open()
            found = []
            for path in self._inspector.files():
                reason = self._inspector.problem(path, lengths.get(path.stem) if path.parent == self.docs_dir else None)
                if reason is not None:
                    found.append(Damage(path, reason))
            return found

    def repair(self, path: str | os.PathLike[str], length: int | None = None) -> Path:
        """Move ONE damaged store file aside to ``<name>.damaged-<UTC time>.json``
        next to it and return that path. Nothing is deleted.

        Afterwards a document starts again with no annotations (and its
        catalogue count follows); its change log, made on the moved file, is moved
        aside with it. Given a document whose file is sound but whose change log is
        damaged, the log is moved aside: the document keeps what its file holds. A
        moved catalogue is rebuilt from the annotation files (no paths or titles
        until each document is opened again). A file that is not damaged is refused;
        ``length``, the length of the document's text when it is at hand, is part of
        that check."""
        kind, doc_id = self._layout.classify(path)
        if kind in ("doc", "log"):
            target = self.log_path(doc_id) if kind == "log" else self.document_path(doc_id)
        else:
            target = self.catalog_path if kind == "catalog" else self.journal_path
        with self.locked(recover=kind != "journal"):
            reason = self._inspector.problem(target, length if kind in ("doc", "log") else None)
            if reason is None and kind == "doc":
                log = self.log_path(doc_id)
                reason = self._inspector.problem(log, length)
                if reason is not None:
                    kind, target = "log", log
            if reason is None:
                if not os.path.lexists(target):
                    raise StoreError(f"{target} does not exist; nothing to repair")
                raise StoreError(f"{target} is not damaged; nothing to repair")
            backup = move_aside(target)
            if kind in ("doc", "log"):
                if kind == "doc" and os.path.lexists(self.log_path(doc_id)):
                    move_aside(self.log_path(doc_id))
                self._files.drop(doc_id)
                self._catalogue.sync_count(doc_id, self._files.stored_count(doc_id, keep=False) or 0)
            elif kind == "catalog":
                self._catalogue.forget()
                self._catalogue.rebuild()
            else:
                self.journal_error = None
                self._journal.unfinished = True  # its temp files are no longer committed
            return backup
