"""The schema of the store's TinyDB files: the tables, the checks every record read
passes, and the upgrade of an older file (schema 0: plain TinyDB, an early tui-reader;
schema 1: annotations without links, verdicts, values or a source), which keeps a copy
of the original as ``<name>.schema<N>.bak`` (``.schema<N>.1.bak`` ...)."""

from __future__ import annotations

import os
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

from ..annotations import Annotation
from ..fsutil import fsync_dir, temp_path, write_new
from ..integrity import annotation_problem, catalogue_problem
from .atomic import AtomicJSONStorage
from .errors import DamagedFile, StoreError, os_error_text
from .layout import is_document_id

SCHEMA_VERSION = 2  # 2: links, verdicts, values, names on annotations; the source table
DOCUMENTS_TABLE = "documents"
ANNOTATIONS_TABLE = "annotations"
META_TABLE = "meta"
SOURCE_TABLE = "source"  # a document file's one record of where its text was published
SUGGESTIONS_TABLE = "suggestions"  # its one record of the suggestions the reader rejected

Tables = dict[str, dict[str, Any]]


def schema_version(data: dict[str, dict[str, Any]] | None, path: Path) -> int:
    """The file's schema: 0 when it has none (plain TinyDB, an early version).
    A newer schema than ours is refused, so such a file is never written."""
    if not data:
        return SCHEMA_VERSION  # a new, empty file: nothing to migrate
    for record in data.get(META_TABLE, {}).values():
        if "schema" in record:
            version = record["schema"]
            if not isinstance(version, int) or isinstance(version, bool) or version < 0:
                raise DamagedFile(path, f"schema version {version!r} is not a number")
            if version > SCHEMA_VERSION:
                raise DamagedFile(
                    path,
                    f"written by a newer tui-reader (schema {version}; this version reads "
                    f"schema {SCHEMA_VERSION})",
                    f"{path} was written by a newer tui-reader (schema {version}; this version "
                    f"reads schema {SCHEMA_VERSION}); it was left untouched",
                )
            return version
    return 0


def index_annotations(
    data: dict[str, dict[str, Any]] | None, path: Path
) -> tuple[int, dict[str, str], dict[str, Annotation], int]:
    """Validate a document file: (schema, id -> record key, id -> Annotation, next key).
    Every record must keep the invariants of :func:`integrity.annotation_problem`."""
    schema = schema_version(data, path)
    doc_id = path.name[: -len(".json")] if path.name.endswith(".json") else None
    table = (data or {}).get(ANNOTATIONS_TABLE, {})
    keys: dict[str, str] = {}
    by_id: dict[str, Annotation] = {}
    for key, record in table.items():
        ann = annotation_from_record(record, path, f"annotation record {key}", doc_id)
        if ann.id in keys:
            raise DamagedFile(path, f"annotation id {ann.id} appears twice")
        keys[ann.id] = key
        by_id[ann.id] = ann
    source_record(data, path)
    rejected_record(data, path)
    return schema, keys, by_id, next_record_key(table)


SOURCE_FIELDS = ("title", "url", "outlet", "author", "published")


def source_record(data: dict[str, dict[str, Any]] | None, path: Path) -> dict[str, str]:
    """The document file's source record ({} when it has none), or DamagedFile when it
    is not one record of text fields."""
    table = (data or {}).get(SOURCE_TABLE) or {}
    if not isinstance(table, dict) or len(table) > 1:
        raise DamagedFile(path, "its source table is not one record")
    for record in table.values():
        if not isinstance(record, dict) or not all(
            isinstance(record.get(name, ""), str) and len(record.get(name, "")) <= 2000 for name in SOURCE_FIELDS
        ):
            raise DamagedFile(path, "its source record is not text (title, url, outlet, author, published)")
        return {name: record[name] for name in SOURCE_FIELDS if record.get(name)}
    return {}


def rejected_record(data: dict[str, dict[str, Any]] | None, path: Path) -> list[list]:
    """The document file's rejected suggestions, [tag, start, end, quote] each ([] when
    none), or DamagedFile when the record is not that."""
    table = (data or {}).get(SUGGESTIONS_TABLE) or {}
    if not isinstance(table, dict) or len(table) > 1:
        raise DamagedFile(path, "its suggestions table is not one record")
    for record in table.values():
        rejected = record.get("rejected", []) if isinstance(record, dict) else None
        if not isinstance(rejected, list) or not all(
            isinstance(r, list) and len(r) == 4 and isinstance(r[0], str) and isinstance(r[3], str)
            and type(r[1]) is int and type(r[2]) is int
            for r in rejected
        ):
            raise DamagedFile(path, "its rejected suggestions are not [tag, start, end, quote] lists")
        return rejected
    return []


def annotation_from_record(record: dict[str, Any], path: Path, what: str, doc_id: str | None) -> Annotation:
    """A stored record of document ``doc_id`` as an Annotation, or DamagedFile naming
    ``path`` and ``what`` (the record must keep :func:`integrity.annotation_problem`'s invariants)."""
    ann_id = record.get("id")
    if not isinstance(ann_id, str) or not ann_id:
        raise DamagedFile(path, f"{what} has no id")
    try:
        ann = Annotation.from_dict(record)
    except (TypeError, ValueError) as exc:
        raise DamagedFile(path, f"{what} is invalid ({exc})") from None
    problem = annotation_problem(record, doc_id)
    if problem is not None:
        raise DamagedFile(path, f"{what} is invalid: {problem}")
    return ann


def validate_catalogue(data: dict[str, dict[str, Any]] | None, path: Path) -> int:
    schema = schema_version(data, path)
    for key, record in (data or {}).get(DOCUMENTS_TABLE, {}).items():
        doc_id = record.get("id")
        if not is_document_id(doc_id):
            raise DamagedFile(path, f"document record {key} has no valid id")
        problem = catalogue_problem(record)
        if problem is not None:
            raise DamagedFile(path, f"document record {key} is invalid: {problem}")
    return schema


def with_table(
    data: dict[str, dict[str, Any]] | None, name: str, table: dict[str, Any]
) -> dict[str, dict[str, Any]]:
    """A new top-level dict with ``table`` under ``name`` and the schema stamp."""
    new = dict(data or {})
    new[name] = table
    meta = new.get(META_TABLE)
    if not meta or not any("schema" in r for r in meta.values()):
        new[META_TABLE] = {**(meta or {}), str(next_record_key(meta or {})): {"schema": SCHEMA_VERSION}}
    return new


def next_record_key(table: dict[str, Any]) -> int:
    """The TinyDB record key after the highest in ``table``."""
    return max((int(k) for k in table), default=0) + 1


def upgrade_schema(
    storage: AtomicJSONStorage,
    reload: Callable[[], tuple[Tables | None, int]],
    data: Tables | None,
    locked: Callable[[], AbstractContextManager[None]],
    in_write: bool,
) -> Tables | None:
    """Bring an older file to the current schema under the lock, keeping a copy of the
    original; ``reload`` reads it again, (data, schema). Older records need no rewriting:
    the fields added since have defaults.

    In a write (``in_write``) a failure propagates: the write must not go over an
    unmigrated file. In a read it is retried next time and the data is used as is."""
    try:
        with locked():
            data, schema = reload()
            if data is None or schema >= SCHEMA_VERSION:
                return data
            try:
                raw = storage.path.read_bytes()
            except OSError as exc:
                raise StoreError(f"cannot read {storage.path}: {os_error_text(exc)}") from exc
            keep_old_copy(storage.path, raw, schema)
            new = dict(data)
            meta = {k: r for k, r in new.get(META_TABLE, {}).items() if "schema" not in r}
            meta[str(next_record_key(new.get(META_TABLE, {})))] = {"schema": SCHEMA_VERSION}
            new[META_TABLE] = meta
            storage.write(new)
            data, _ = reload()
            return data
    except StoreError:
        if in_write:
            raise
        return data


def keep_old_copy(path: Path, raw: bytes, schema: int) -> Path:
    """Write ``raw`` to ``<name>.schema<N>.bak`` (or .schema<N>.<n>.bak), never over a file."""
    n = 0
    while True:
        stem = f"{path.name}.schema{schema}"
        backup = path.with_name(f"{stem}.bak" if n == 0 else f"{stem}.{n}.bak")
        if not os.path.lexists(backup):
            tmp = temp_path(backup)
            try:
                write_new(tmp, raw)
                try:
                    os.link(tmp, backup)  # fails if it exists: a backup is never replaced
                finally:
                    os.unlink(tmp)
            except FileExistsError:
                pass
            except OSError as exc:
                raise StoreError(f"cannot keep a copy of {path} before upgrading it: {os_error_text(exc)}") from exc
            else:
                fsync_dir(path.parent)
                return backup
        n += 1
