"""The catalogue (``catalog.json``): one record per document (id, path and the paths
its text was opened at, title, sections, count, when it was last opened).

A document's count follows its annotations: a new record is written at once (so that
the catalogue lists every annotated document), an existing record's count when the
catalogue is next read or written, or the store closes, not on every tag (which would
cost a second fsynced rewrite per tag). The annotation files are the truth: a count
that cannot be written is not an error of the change that moved it."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

from ..annotations import utc_now
from .atomic import AtomicJSONStorage
from .errors import StoreError
from .lock import ProcessLock
from .schema import DOCUMENTS_TABLE, SCHEMA_VERSION, Tables, next_record_key, upgrade_schema, validate_catalogue, with_table

MAX_PATHS = 20  # paths a catalogue record remembers for one text
_NOTHING = object()


def blank_record(doc_id: str, count: int) -> dict[str, Any]:
    """The record of a document known only by its annotation file."""
    return {"id": doc_id, "path": "", "title": "", "sections": 0, "annotations": count, "opened": ""}


def record_key(table: dict[str, Any], doc_id: str) -> str | None:
    """The TinyDB key of ``doc_id``'s record in the documents table, if it has one."""
    for key, record in table.items():
        if record.get("id") == doc_id:
            return key
    return None


class Catalogue:
    """The catalogue file, checked once per version read, and the counts behind it."""

    def __init__(
        self,
        path: Path,
        locked: Callable[[], AbstractContextManager[None]],
        lock: ProcessLock,
        count_of: Callable[[str, bool], int | None],
        document_ids: Callable[[], list[str]],
    ) -> None:
        self.path = path
        self.storage = AtomicJSONStorage(path, label="the document catalogue")
        self._locked = locked
        self._lock = lock
        self._count_of = count_of  # (doc id, keep it cached) -> its annotations, None if unreadable
        self._document_ids = document_ids
        self._checked: object = _NOTHING  # the data object last validated
        self._counts_due: dict[str, int] = {}  # doc id -> count at its last change
        #: Set when annotations were saved but the catalogue could not be written.
        self.error: StoreError | None = None

    def forget(self) -> None:
        """Read the file afresh next time."""
        self.storage.close()
        self._checked = _NOTHING

    def data(self) -> Tables | None:
        """The catalogue's tables, validated (and upgraded from schema 0)."""
        data = self.storage.read()
        if data is not self._checked:
            schema = validate_catalogue(data, self.path)
            if data is not None and schema < SCHEMA_VERSION:
                # not marked as checked: the next call validates what is then on disk
                # (and retries the upgrade if a read could not do it)
                return upgrade_schema(self.storage, self._reload, data, self._locked, self._lock.depth > 0)
            self._checked = data
        return data

    def _reload(self) -> tuple[Tables | None, int]:
        data = self.storage.read()
        return data, validate_catalogue(data, self.path)

    def write(self, data: Tables) -> None:
        self.storage.write(data)
        self._checked = data  # valid by construction: no need to check it again
        self.error = None

    def records(self) -> list[dict[str, Any]]:
        """Every record, most recently opened first (ties: the later record)."""
        table = (self.data() or {}).get(DOCUMENTS_TABLE, {})
        order = sorted(table, key=lambda k: (str(table[k].get("opened", "")), int(k)), reverse=True)
        return [dict(table[k]) for k in order]

    def derived_records(self) -> list[dict[str, Any]]:
        """Records made from the annotation files alone (id and count)."""
        records = []
        for doc_id in self._document_ids():
            count = self._count_of(doc_id, False)
            if count is not None:
                records.append(blank_record(doc_id, count))
        return records

    def record(self, doc_id: str) -> dict[str, Any] | None:
        table = (self.data() or {}).get(DOCUMENTS_TABLE, {})
        key = record_key(table, doc_id)
        if key is None:
            return None
        record = dict(table[key])
        # the count from the document's own file where it can be read: another
        # process may have changed it and not written its count yet
        live = self._count_of(doc_id, True)
        if live is not None:
            record["annotations"] = live
        return record

    def record_opened(self, doc_id: str, path: str, title: str, sections: int) -> None:
        """Write (or refresh) ``doc_id``'s record, marked opened now (lock held)."""
        self.flush_counts()
        count = self._count_of(doc_id, True)
        data = self.data()
        table = dict((data or {}).get(DOCUMENTS_TABLE, {}))
        key = record_key(table, doc_id)
        old = table.get(key, {}) if key is not None else {}
        if count is None:
            count = old.get("annotations", 0)
        # every path this text was opened at (the latest first): a copy opened and
        # edited elsewhere must not take the annotations of a file still holding it
        paths = [str(path), old.get("path"), *(old.get("paths") or ())]
        record = {
            **old,
            "id": doc_id,
            "path": str(path),
            "paths": [p for p in dict.fromkeys(paths) if p][:MAX_PATHS],
            "title": title,
            "sections": int(sections),
            "annotations": count,
            "opened": utc_now(),
        }
        table[key if key is not None else str(next_record_key(table))] = record
        self.write(with_table(data, DOCUMENTS_TABLE, table))

    def count_changed(self, doc_id: str, count: int) -> None:
        """A document's count changed (lock held)."""
        try:
            table = (self.data() or {}).get(DOCUMENTS_TABLE, {})
            known = record_key(table, doc_id) is not None
        except StoreError as exc:
            self.error = exc
            return
        if known:
            self._counts_due[doc_id] = count
        else:
            self.sync_count(doc_id, count)

    def flush_counts(self) -> None:
        """Write the counts that are behind, from the files themselves where they can
        be read (another process may have changed a document since)."""
        if not self._counts_due:
            return
        with self._locked():
            due, self._counts_due = self._counts_due, {}
            for doc_id, count in sorted(due.items()):
                live = self._count_of(doc_id, True)
                self.sync_count(doc_id, count if live is None else live)

    def sync_count(self, doc_id: str, count: int) -> None:
        """Bring the catalogue count in line; never fails the caller's change."""
        try:
            data = self.data()
            table = (data or {}).get(DOCUMENTS_TABLE, {})
            key = record_key(table, doc_id)
            if key is not None and table[key].get("annotations") == count:
                self.error = None
                return
            table = dict(table)
            if key is None:
                key = str(next_record_key(table))
                record = blank_record(doc_id, count)
            else:
                record = dict(table[key])
            record["annotations"] = count
            table[key] = record
            self.write(with_table(data, DOCUMENTS_TABLE, table))
        except StoreError as exc:
            self.error = exc

    def rebuild(self) -> int:
        """Make the catalogue agree with the annotation files (lock held); its size."""
        data = self.data()
        table = dict((data or {}).get(DOCUMENTS_TABLE, {}))
        on_disk = self._document_ids()
        for doc_id in on_disk:
            count = self._count_of(doc_id, False)
            if count is None:
                continue  # damaged: it gets its record back once repaired
            key = record_key(table, doc_id)
            if key is None:
                table[str(next_record_key(table))] = blank_record(doc_id, count)
            elif table[key].get("annotations") != count:
                table[key] = {**table[key], "annotations": count}
        present = set(on_disk)
        for key, record in list(table.items()):
            if record.get("id") not in present and record.get("annotations"):
                table[key] = {**record, "annotations": 0}
        if data is None or table != data.get(DOCUMENTS_TABLE, {}):
            self.write(with_table(data, DOCUMENTS_TABLE, table))
        self.error = None
        return len(table)

    def with_changes(self, counts: dict[str, int], records: dict[str, dict[str, Any]]) -> Tables | None:
        """The catalogue with new counts and records, for a change to several documents;
        None if nothing changes (or it cannot be read: ``error`` says why)."""
        try:
            data = self.data()
        except StoreError as exc:
            self.error = exc
            return None
        table = dict((data or {}).get(DOCUMENTS_TABLE, {}))
        changed = False
        for doc_id in list(counts) + [d for d in records if d not in counts]:
            given = records.get(doc_id, {})
            key = record_key(table, doc_id)
            if key is None:
                count = counts.get(doc_id)
                if count is None:
                    count = self._count_of(doc_id, False) or 0
                record = blank_record(doc_id, count)
                record.update(
                    path=str(given.get("path") or ""),
                    title=str(given.get("title") or ""),
                    sections=int(given.get("sections") or 0),
                )
                table[str(next_record_key(table))] = record
                changed = True
                continue
            record = dict(table[key])
            for name in ("path", "title", "sections"):
                if not record.get(name) and given.get(name):
                    record[name] = given[name]
            if doc_id in counts:
                record["annotations"] = counts[doc_id]
            if record != table[key]:
                table[key] = record
                changed = True
        return with_table(data, DOCUMENTS_TABLE, table) if changed else None

    def written(self, data: Tables) -> None:
        """``data`` was written to the file by a change to several files."""
        self._checked = data
        self.error = None
