"""Reading and changing the documents' annotations: a change to one document is
appended to its change log (the file is written whole only when it has none yet);
a change to several goes through the journal, as does folding a log into its file."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from typing import Any

from ..annotations import Annotation
from .catalogue import Catalogue
from .document_file import DocumentFile, PendingWrite, encode_record, encode_tables
from .errors import AnnotationNotFound, DamagedFile, StoreBusy, StoreError
from .journal import Journal
from .layout import StoreLayout
from .lock import ProcessLock
from .schema import ANNOTATIONS_TABLE, SCHEMA_VERSION, Tables, rejected_record, source_record, upgrade_schema, with_table

Change = tuple[str, list[str], list[Annotation]]  # (document id, ids to remove, annotations to store)


class AnnotationFiles:
    """The documents' files this Store has read, and every change to them."""

    def __init__(
        self,
        layout: StoreLayout,
        locked: Callable[[], AbstractContextManager[None]],
        lock: ProcessLock,
        journal: Journal,
    ) -> None:
        self.layout = layout
        self._locked = locked
        self._lock = lock
        self._journal = journal
        self.catalogue: Catalogue | None = None  # set by the Store once both exist
        self.open: dict[str, DocumentFile] = {}  # documents kept read, by id

    def get(self, doc_id: str) -> DocumentFile:
        """The document, kept read from now on."""
        doc = self.open.get(doc_id)
        if doc is None:
            doc = self.open[doc_id] = DocumentFile(doc_id, self.layout.document_path(doc_id))
        return doc

    def peek(self, doc_id: str) -> DocumentFile:
        """The document as kept, or read without keeping it."""
        return self.open.get(doc_id) or DocumentFile(doc_id, self.layout.document_path(doc_id))

    def forget_all(self) -> None:
        for doc in self.open.values():
            doc.forget()

    def drop(self, doc_id: str) -> None:
        doc = self.open.pop(doc_id, None)
        if doc is not None:
            doc.storage.close()

    def close(self) -> None:
        for doc in self.open.values():
            doc.storage.close()
        self.open.clear()

    # -- reading ---------------------------------------------------------------

    def load(self, doc: DocumentFile) -> Tables | None:
        """Bring ``doc`` up to date with its file and log (upgrading a schema-0 file)."""
        try:
            data = doc.load()
        except DamagedFile as exc:
            if exc.path != doc.log_path or self._lock.depth > 0:
                raise
            # Without the lock this may be another process folding the log in
            # (the file replaced, the log not yet deleted): under it, it is damage.
            try:
                with self._locked():
                    data = doc.load()
            except StoreBusy:
                raise
            except StoreError as again:
                if isinstance(again, DamagedFile) and again.path != self.layout.journal_path:
                    raise
                raise exc from None  # no lock to be had here (read-only, damaged journal)
        if data is not None and doc.schema < SCHEMA_VERSION:
            data = upgrade_schema(doc.storage, lambda: (doc.load(), doc.schema), data, self._locked, self._lock.depth > 0)
        return data

    def annotations(self, doc_id: str, keep: bool = True) -> list[Annotation]:
        """The document's annotations sorted by (start, end, created)."""
        doc = self.get(doc_id) if keep else self.peek(doc_id)
        self.load(doc)
        return list(doc.sorted())

    def source(self, doc_id: str) -> dict[str, str]:
        """The document's source record (title, url, outlet, author, published), or {}."""
        doc = self.get(doc_id)
        return source_record(self.load(doc), doc.path)

    def rejected(self, doc_id: str) -> list[list]:
        """The suggestions the reader rejected in this document: [tag, start, end, quote] each."""
        doc = self.get(doc_id)
        return rejected_record(self.load(doc), doc.path)

    def set_record(self, doc_id: str, table: str, record: dict[str, Any]) -> None:
        """Replace the one record of the document's ``table`` ({} clears it): the file is
        written whole, with any change log folded in, through the journal (all or nothing)."""
        self.layout.document_path(doc_id)  # validates the id
        with self._locked():
            doc = self.get(doc_id)
            data = self.load(doc)
            new = with_table(data, ANNOTATIONS_TABLE, dict(doc.table))
            new[table] = {"1": dict(record)} if record else {}
            source_record(new, doc.path)  # never write a record we would refuse to read
            rejected_record(new, doc.path)
            payload = encode_tables(new, ANNOTATIONS_TABLE, doc.fragments)
            self._journal.commit([(doc.storage, new, payload)], drops=[doc.log_path])
            doc.folded(new)

    def stored_count(self, doc_id: str, keep: bool = True) -> int | None:
        """The number of annotations the document's file and log hold; None if unreadable."""
        doc = self.get(doc_id) if keep else self.peek(doc_id)
        try:
            doc.load()
        except StoreError:
            return None
        return len(doc.by_id)

    # -- changing --------------------------------------------------------------

    def checked(self, doc_id: str, remove: Iterable[str], upsert: Iterable[Annotation]) -> Change:
        """The change with its arguments checked (the id, each annotation's document)."""
        self.layout.document_path(doc_id)  # validates the id
        upsert = list(upsert)
        for ann in upsert:
            if not isinstance(ann, Annotation):
                raise TypeError(f"expected an Annotation, got {type(ann).__name__}")
            if ann.document != doc_id:
                raise ValueError(f"annotation {ann.id} belongs to document {ann.document}, not {doc_id}")
        return doc_id, list(dict.fromkeys(remove)), upsert

    @staticmethod
    def _refuse_impossible(doc: DocumentFile, remove: list[str], upsert: list[Annotation], mode: str) -> None:
        for ann_id in remove:
            if ann_id not in doc.keys:
                raise AnnotationNotFound(f"annotation {ann_id} is not stored for document {doc.doc_id}")
        for ann in upsert:
            if mode == "add" and ann.id in doc.keys:
                raise StoreError(f"annotation {ann.id} already exists in document {doc.doc_id}")
            if mode == "update" and ann.id not in doc.keys:
                raise AnnotationNotFound(f"annotation {ann.id} is not stored for document {doc.doc_id}")

    def change(self, doc_id: str, remove: Iterable[str], upsert: Iterable[Annotation], mode: str) -> None:
        """One document's change, all or nothing: "add" (new ids only), "update"
        (stored ids only) or "apply" (removals, then stores replacing by id)."""
        doc_id, remove, upsert = self.checked(doc_id, remove, upsert)
        if not remove and not upsert:
            return
        with self._locked():
            doc = self.get(doc_id)
            if self.load(doc) is None:  # no file yet: it starts with this change
                pending = self._whole_file(doc_id, remove, upsert, mode)
                pending.doc.storage.write_encoded(pending.data, pending.payload)  # StoreError: nothing changed
                pending.index_written()
            else:
                self._refuse_impossible(doc, remove, upsert, mode)
                doc.append(remove, upsert)  # StoreError: nothing changed
                if doc.log_outgrew_file():
                    self.fold(doc)
            assert self.catalogue is not None
            self.catalogue.count_changed(doc_id, len(doc.keys))

    def _whole_file(self, doc_id: str, remove: list[str], upsert: list[Annotation], mode: str) -> PendingWrite:
        """The new content of one document's file after the change (lock held)."""
        doc = self.get(doc_id)
        data = self.load(doc)
        self._refuse_impossible(doc, remove, upsert, mode)
        keys, table, fragments = dict(doc.keys), dict(doc.table), dict(doc.fragments)
        for ann_id in remove:
            key = keys.pop(ann_id)
            del table[key]
            fragments.pop(key, None)
        next_key = doc.next_key
        for ann in upsert:
            key = keys.get(ann.id)
            if key is None:
                key = keys[ann.id] = str(next_key)
                next_key += 1
            record = ann.to_dict()
            table[key] = record
            fragments[key] = encode_record(key, record)
        new = with_table(data, ANNOTATIONS_TABLE, table)
        payload = encode_tables(new, ANNOTATIONS_TABLE, fragments)
        return PendingWrite(doc, new, payload, keys, remove, upsert, next_key, fragments)

    def change_many(self, changes: list[Change], records: dict[str, dict[str, Any]]) -> None:
        """Several documents' changes (each as "apply") and catalogue records, through
        the journal: all or nothing (see journal.py)."""
        assert self.catalogue is not None
        with self._locked():
            pending = [self._whole_file(d, r, u, "apply") for d, r, u in changes if r or u]
            counts = {p.doc.doc_id: len(p.keys) for p in pending}
            catalog = self.catalogue.with_changes(counts, records)
            if not pending and catalog is None:
                return
            writes = [(p.doc.storage, p.data, p.payload) for p in pending]
            if catalog is not None:
                payload = json.dumps(catalog, ensure_ascii=False).encode("utf-8")
                writes.append((self.catalogue.storage, catalog, payload))
            self._journal.commit(writes, drops=[p.doc.log_path for p in pending if p.doc.log is not None])
            for p in pending:
                p.index_written()
            if catalog is not None:
                self.catalogue.written(catalog)

    def fold(self, doc: DocumentFile) -> None:
        """Write the document's file from its index and delete its log, as one change
        through the journal (lock held). A failure leaves the log in use: nothing is lost."""
        data = doc.storage.read()
        new = with_table(data, ANNOTATIONS_TABLE, dict(doc.table))
        payload = encode_tables(new, ANNOTATIONS_TABLE, doc.fragments)
        try:
            self._journal.commit([(doc.storage, new, payload)], drops=[doc.log_path])
        except StoreError:
            doc.forget()
            return
        doc.folded(new)

    def fold_logs(self) -> None:
        """Fold the logs of the documents kept read into their files."""
        due = [doc for doc in self.open.values() if doc.log is not None]
        if not due:
            return
        with self._locked():
            for doc in due:
                try:
                    self.load(doc)
                except StoreError:
                    continue  # damaged: left as it is
                if doc.log is not None:
                    self.fold(doc)

