"""One document's annotations: its TinyDB file, the change log beside it, and an
index of what both give (the file's records with the log replayed over them)."""

from __future__ import annotations

import bisect
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..annotations import Annotation
from . import changelog
from .atomic import AtomicJSONStorage
from .errors import DamagedFile, StoreError, os_error_text
from .schema import ANNOTATIONS_TABLE, SCHEMA_VERSION, annotation_from_record, index_annotations

_NOTHING = object()


def encode_record(key: str, record: dict[str, Any]) -> bytes:
    return f"{json.dumps(key, ensure_ascii=False)}: {json.dumps(record, ensure_ascii=False)}".encode("utf-8")


def encode_tables(data: dict[str, dict[str, Any]], name: str, fragments: dict[str, bytes]) -> bytes:
    """UTF-8 JSON of ``data`` (exactly ``json.dumps``'s) reusing, and filling in, the
    encoded records of table ``name``: records never change in place, so a write of a
    big file encodes only what changed and joins the rest as bytes."""
    table = data.get(name, {})
    if len(fragments) < len(table) // 2:  # mostly unencoded (a fold after a load): one C-speed dumps
        return json.dumps(data, ensure_ascii=False).encode("utf-8")
    parts = []
    for table_name, table in data.items():
        if table_name == name:
            items = []
            for key, record in table.items():
                chunk = fragments.get(key)
                if chunk is None:
                    chunk = fragments[key] = encode_record(key, record)
                items.append(chunk)
            body = b"{" + b", ".join(items) + b"}"
        else:
            body = json.dumps(table, ensure_ascii=False).encode("utf-8")
        parts.append(json.dumps(table_name, ensure_ascii=False).encode("utf-8") + b": " + body)
    return b"{" + b", ".join(parts) + b"}"


def sort_key(ann: Annotation) -> tuple:
    return (ann.start, ann.end, ann.created, ann.id)


class DocumentFile:
    """One document: its TinyDB file, the change log beside it, and an index of
    the annotations both give (the file's records with the log replayed over them)."""

    def __init__(self, doc_id: str, path: Path) -> None:
        self.doc_id = doc_id
        self.storage = AtomicJSONStorage(path, label="annotations")
        self.log_path = path.with_suffix(".log")
        self._seen: object = _NOTHING  # the file's data object the index was built from
        self.log: changelog.LogPosition | None = None  # how far the log is replayed
        self.schema = SCHEMA_VERSION
        # the annotations table as the file and the log make it (record key -> record);
        # the file's own table object until a logged change is applied (then a copy)
        self.table: dict[str, Any] = {}
        self._own_table = False
        self.keys: dict[str, str] = {}  # annotation id -> TinyDB record key
        self.by_id: dict[str, Annotation] = {}
        self.next_key = 1
        self._sorted: list[Annotation] | None = None
        # record key -> b'"key": {record JSON}' (UTF-8): records never change in place, so a
        # write only encodes what changed and joins the rest.
        self.fragments: dict[str, bytes] = {}

    @property
    def path(self) -> Path:
        return self.storage.path

    def load(self) -> dict[str, dict[str, Any]] | None:
        """Bring the index up to date with the file and its log; returns the file's data.

        The file is checked again after the log is read: a log belongs to the file it
        was written on, and another process may fold it in meanwhile. Log damage raises
        DamagedFile naming the log (without the lock it may be a fold in progress: the
        store then reads again under the lock)."""
        want_digest = os.path.lexists(self.log_path)
        for _ in range(50):
            data = self.storage.read(digest=want_digest)
            if data is not self._seen:
                self._index(data)
            try:
                got = changelog.read(self.log_path, self.log)
            except changelog.LogDamage as exc:
                if not self.storage.unchanged():
                    continue
                raise log_damage(self.log_path, exc) from None
            except OSError as exc:
                raise StoreError(f"cannot read {self.log_path}: {os_error_text(exc)}") from exc
            if got is not None and not self.storage.has_digest:
                want_digest = True
                continue
            if self.storage.unchanged():
                self._replay(data, got)
                return data
        raise StoreError(f"{self.path} kept changing while it was read; try again")

    def _replay(self, data: dict[str, dict[str, Any]] | None, got: changelog.LogRead | None) -> None:
        if got is None or got.from_start:
            if self.log is not None:  # a log replayed before is gone or replaced
                self._index(data)
            if got is None:
                return
        if got.position.base != self.storage.digest:
            name = self.path.name
            raise DamagedFile(
                self.log_path,
                f"its changes were made to another version of {name}"
                if self.storage.digest
                else f"its changes were made to {name}, which is missing",
            )
        try:
            for n, (remove, put) in enumerate(got.changes, got.position.changes - len(got.changes) + 1):
                anns = [annotation_from_record(r, self.log_path, f"change {n}", self.doc_id) for r in put]
                self.apply(remove, anns, put)
        except DamagedFile:
            self._seen, self.log = _NOTHING, None  # next time: the file, then the log again
            raise
        self.log = got.position

    def _index(self, data: dict[str, dict[str, Any]] | None) -> None:
        self._seen = _NOTHING
        self.log = None
        self.schema, self.keys, self.by_id, self.next_key = index_annotations(data, self.path)
        self.table = (data or {}).get(ANNOTATIONS_TABLE, {})
        self._own_table = False
        self.fragments = {}
        self._sorted = None
        self._seen = data

    def forget(self) -> None:
        """Read everything from disk again next time."""
        self.storage.forget()
        self._seen = _NOTHING
        self.log = None

    def apply(self, remove: Iterable[str], upsert: list[Annotation], records: list[dict[str, Any]]) -> None:
        """Apply one change to the index (removals first, as in Store.apply)."""
        if not self._own_table:
            self.table = dict(self.table)
            self._own_table = True
        for ann_id in remove:
            key = self.keys.pop(ann_id, None)
            if key is not None:
                del self.table[key]
                self.fragments.pop(key, None)
                self._unsort(self.by_id.pop(ann_id))
        for ann, record in zip(upsert, records):
            key = self.keys.get(ann.id)
            if key is None:
                key = self.keys[ann.id] = str(self.next_key)
                self.next_key += 1
            else:
                self._unsort(self.by_id[ann.id])
            self.table[key] = record
            self.fragments.pop(key, None)
            self.by_id[ann.id] = ann
            if self._sorted is not None:
                bisect.insort(self._sorted, ann, key=sort_key)

    def _unsort(self, ann: Annotation) -> None:
        if self._sorted is not None:
            i = bisect.bisect_left(self._sorted, sort_key(ann), key=sort_key)
            if i < len(self._sorted) and self._sorted[i].id == ann.id:
                del self._sorted[i]
            else:  # pragma: no cover - the index and the list disagree: sort again
                self._sorted = None

    def append(self, remove: list[str], upsert: list[Annotation]) -> None:
        """Log one change durably, then apply it to the index (lock held, index fresh)."""
        records = [a.to_dict() for a in upsert]
        line = changelog.encode_change(remove, records)
        try:
            if self.log is None:
                self.storage.read(digest=True)
                assert self.storage.digest is not None  # a log is only started on a file
                position = changelog.create(self.log_path, self.storage.digest, line)
            else:
                position = changelog.append(self.log_path, self.log, line)
        except changelog.LogDamage as exc:
            self.forget()
            raise log_damage(self.log_path, exc) from None
        except OSError as exc:
            self.forget()  # the log is as it was, unless cutting it back failed too
            raise StoreError(f"cannot save annotations to {self.log_path}: {os_error_text(exc)}") from exc
        self.apply(remove, upsert, records)
        self.log = position

    def log_outgrew_file(self) -> bool:
        """Whether the log is due to be folded into the file."""
        size = self.storage.size
        return self.log is not None and self.log.offset > max(changelog.FOLD_MIN_BYTES, size)

    def index_written(
        self,
        data: dict[str, dict[str, Any]],
        keys: dict[str, str],
        removed: Iterable[str],
        upserted: Iterable[Annotation],
        next_key: int,
        fragments: dict[str, bytes],
    ) -> None:
        """Update the index after this process wrote ``data`` (no re-parse); any log
        was folded into it."""
        self.fragments = fragments
        for ann_id in removed:
            self.by_id.pop(ann_id, None)
        for ann in upserted:
            self.by_id[ann.id] = ann
        self.keys = keys
        self.next_key = next_key
        self.schema = SCHEMA_VERSION
        self._sorted = None
        self.folded(data)

    def folded(self, data: dict[str, dict[str, Any]]) -> None:
        """This process wrote ``data``, the index's content, to the file; the log is gone."""
        self.table = data.get(ANNOTATIONS_TABLE, {})
        self._own_table = False
        self.log = None
        self._seen = data

    def sorted(self) -> list[Annotation]:
        if self._sorted is None:
            self._sorted = sorted(self.by_id.values(), key=sort_key)
        return self._sorted


def log_damage(path: Path, exc: changelog.LogDamage) -> DamagedFile:
    if exc.newer:
        return DamagedFile(path, exc.reason, f"{path} was {exc.reason}; it was left untouched")
    return DamagedFile(path, exc.reason)


@dataclass
class PendingWrite:
    """A prepared change to one document file, not yet written."""

    doc: DocumentFile
    data: dict[str, dict[str, Any]]
    payload: bytes
    keys: dict[str, str]
    removed: list[str]
    upserted: list[Annotation]
    next_key: int
    fragments: dict[str, bytes]

    def index_written(self) -> None:
        """The write was made: the document's index follows it."""
        self.doc.index_written(self.data, self.keys, self.removed, self.upserted, self.next_key, self.fragments)


