"""The persistent annotation store: TinyDB JSON files, written atomically.

Layout under the data directory::

    catalog.json          table "documents": one record per document
    docs/<doc_id>.json    table "annotations": one record per annotation
    docs/<doc_id>.log     changes not yet folded into <doc_id>.json (see changelog.py)
    .lock                 serialises writers across processes (POSIX flock);
                          holds the pid and command of the last writer
    journal.json          only while a change to several files is being
                          put in place (see :meth:`Store.apply_many`)

Every file also carries a table "meta" holding ``{"schema": 1}``. A file with
no schema record is schema 0 (plain TinyDB, or an early tui-reader): it is
migrated when first read, after a copy of it is kept as
``<name>.schema0.bak`` (``<name>.schema0.1.bak`` ... if that exists).

Why not TinyDB's own machinery:

* Its JSONStorage rewrites a file in place; a crash mid-write can leave it
  unreadable. :class:`AtomicJSONStorage` writes a temp file, fsyncs it and
  ``os.replace``-s it over the target, then fsyncs the folder.
* Its CachingMiddleware loses confirmed writes, and its Table caches the next
  document id per process. The store therefore reads and writes whole files
  through the storage and keys annotations by their own ``id``; the files stay
  plain TinyDB files that ``TinyDB(path)`` can open.
* One file per document keeps a change O(size of that document), not of the
  whole library; a change is appended to the document's change log, so its cost
  does not grow with the document either. The log is folded into the file on
  close and once it outgrows it; every read replays it.

Several processes: every change takes an exclusive ``flock`` on ``.lock`` for
the length of that one change, re-reads the file if it changed on disk and
applies the change to what is there; nobody holds the lock between changes.
A writer that cannot get the lock within ``lock_timeout`` seconds raises
:class:`StoreBusy` naming the holder.

This module is part of the pure core: it must never import Textual.
"""

from __future__ import annotations

import bisect
import errno
import json
import os
import re
import stat
import sys
import threading
import time
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import platformdirs
from tinydb.storages import Storage

from . import changelog
from .annotations import Annotation, utc_now
from .errors import UserError
from .fsutil import fsync_dir
from .integrity import annotation_problem, catalogue_problem, json_problem, text_problem
from .fsutil import temp_path as _temp_path
from .fsutil import write_new as _write_new

try:  # POSIX advisory locks; without them writers in one process are still serialised.
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

__all__ = [
    "AnnotationNotFound",
    "AtomicJSONStorage",
    "Damage",
    "DamagedFile",
    "ENV_DATA_DIR",
    "SCHEMA_VERSION",
    "Store",
    "StoreBusy",
    "StoreError",
    "resolve_data_dir",
]

SCHEMA_VERSION = 1
ENV_DATA_DIR = "TUI_READER_DATA_DIR"
APP_NAME = "tui-reader"

CATALOG_FILE = "catalog.json"
JOURNAL_FILE = "journal.json"
DOCS_DIR = "docs"
LOCK_FILE = ".lock"
DOCUMENTS_TABLE = "documents"
ANNOTATIONS_TABLE = "annotations"
META_TABLE = "meta"

DEFAULT_LOCK_TIMEOUT = 10.0
MAX_PATHS = 20  # paths a catalogue record remembers for one text
_LOCK_INFO_SIZE = 512  # the holder's record is padded to this, written in one pwrite

# Doc ids become file names: allow only what cannot escape the docs folder.
_DOC_ID_RE = re.compile(r"[A-Za-z0-9_-]{1,128}")
# Our temp files: ".<target name>.<pid>.<12 hex>.tmp", next to the target.
_TMP_RE = re.compile(r"\.(?P<name>.+)\.(?P<pid>[0-9]+)\.(?P<token>[0-9a-f]{12})\.tmp")
# Targets our temp files may stand for, per folder.
_DATA_TARGET_RE = re.compile(r"(?:catalog|journal)\.json(?:\.schema0(?:\.[0-9]+)?\.bak)?")
_DOCS_TARGET_RE = re.compile(r"[A-Za-z0-9_-]{1,128}(?:\.json(?:\.schema0(?:\.[0-9]+)?\.bak)?|\.log)")


class StoreError(UserError):
    """A storage problem, with a one-line message fit to show the user."""

    def __str__(self) -> str:  # KeyError subclasses would otherwise quote it
        return str(self.args[0]) if self.args else ""


class AnnotationNotFound(StoreError, KeyError):
    """An update, delete or batch removal named an annotation that is not stored."""


class StoreBusy(StoreError):
    """Another process held the store's lock for longer than ``lock_timeout``."""


class DamagedFile(StoreError):
    """A store file that cannot be used as it is; it is never written over.

    ``path`` is the file and ``reason`` says what is wrong with it, in a few words."""

    def __init__(self, path: Path, reason: str, message: str | None = None) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(
            message
            or f"{path} is damaged: {reason} (the file was left untouched; "
            "tui-reader repair moves it aside)"
        )


@dataclass(frozen=True)
class Damage:
    """One damaged store file, as :meth:`Store.check` reports it."""

    path: Path
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


def resolve_data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """Where the store lives: ``explicit``, else $TUI_READER_DATA_DIR, else the
    platform's user data folder. Nothing is created here."""
    if explicit is not None and str(explicit) != "":
        return Path(explicit).expanduser()
    env = os.environ.get(ENV_DATA_DIR)
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME))


def _reason(exc: OSError) -> str:
    reason = exc.strerror or str(exc) or type(exc).__name__
    return " ".join(reason.split())


_fsync_dir = fsync_dir


def _utc_stamp() -> str:
    return datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")


# -- reading and validating files -------------------------------------------------


def _parse(raw: bytes, path: Path) -> dict[str, dict[str, Any]]:
    """Bytes of a TinyDB file -> its tables, or DamagedFile naming what is wrong."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DamagedFile(path, f"not UTF-8 text (bad byte at offset {exc.start})") from None
    try:
        data = json.loads(text)
    except ValueError as exc:  # a JSONDecodeError, or a number too long to convert
        raise DamagedFile(path, json_problem(exc)) from None
    except RecursionError:
        raise DamagedFile(path, "JSON nested too deeply") from None
    if not isinstance(data, dict):
        raise DamagedFile(path, f"expected an object of tables, found {type(data).__name__}")
    for name, table in data.items():
        if not isinstance(table, dict):
            raise DamagedFile(path, f"table {name!r} is not an object")
        for key, record in table.items():
            if not (key.isascii() and key.isdigit() and len(key) <= 18):
                raise DamagedFile(path, f"table {name[:40]!r} has a non-numeric record id {key[:40]!r}")
            if not isinstance(record, dict):
                raise DamagedFile(path, f"record {key} in table {name!r} is not an object")
    return data


def _schema_version(data: dict[str, dict[str, Any]] | None, path: Path) -> int:
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


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _index_annotations(
    data: dict[str, dict[str, Any]] | None, path: Path
) -> tuple[int, dict[str, str], dict[str, Annotation], int]:
    """Validate a document file: (schema, id -> record key, id -> Annotation, next key).
    Every record must keep the invariants of :func:`integrity.annotation_problem`."""
    schema = _schema_version(data, path)
    doc_id = path.name[: -len(".json")] if path.name.endswith(".json") else None
    table = (data or {}).get(ANNOTATIONS_TABLE, {})
    keys: dict[str, str] = {}
    by_id: dict[str, Annotation] = {}
    for key, record in table.items():
        ann = _annotation_from_record(record, path, f"annotation record {key}", doc_id)
        if ann.id in keys:
            raise DamagedFile(path, f"annotation id {ann.id} appears twice")
        keys[ann.id] = key
        by_id[ann.id] = ann
    return schema, keys, by_id, _next_key(table)


def _annotation_from_record(record: dict[str, Any], path: Path, what: str, doc_id: str | None) -> Annotation:
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


def _validate_catalog(data: dict[str, dict[str, Any]] | None, path: Path) -> int:
    schema = _schema_version(data, path)
    for key, record in (data or {}).get(DOCUMENTS_TABLE, {}).items():
        doc_id = record.get("id")
        if not isinstance(doc_id, str) or not _DOC_ID_RE.fullmatch(doc_id):
            raise DamagedFile(path, f"document record {key} has no valid id")
        problem = catalogue_problem(record)
        if problem is not None:
            raise DamagedFile(path, f"document record {key} is invalid: {problem}")
    return schema


# -- the storage ----------------------------------------------------------------------


@dataclass(frozen=True)
class _Staged:
    """A temp file written and fsynced, waiting to replace its target."""

    tmp: Path
    key: tuple[int, int, int]
    new_folder: bool
    digest: str


class AtomicJSONStorage(Storage):
    """A TinyDB storage that never rewrites a file in place.

    ``write`` goes to ``.<name>.<pid>.<random>.tmp`` in the same folder, is
    fsynced, replaces the target with ``os.replace`` and then fsyncs the folder.
    ``read`` keeps the parsed data keyed by the file's (inode, mtime_ns, size)
    and only re-parses when that changes. The returned dict is the cache itself:
    it may only be changed on the way to a ``write`` (as TinyDB's Table does),
    and a failed write drops the cache so the next read comes from disk.

    A damaged file (not UTF-8, not JSON, not a dict of tables) raises
    :class:`DamagedFile` on read, and this storage refuses to write over it.

    Usable directly by TinyDB: ``TinyDB(path, storage=AtomicJSONStorage)``.
    """

    def __init__(self, path: str | os.PathLike[str], label: str = "data") -> None:
        super().__init__()
        self.path = Path(path)
        self.label = label
        self._key: tuple[int, int, int] | None = None
        self._data: dict[str, dict[str, Any]] | None = None
        #: changelog.digest of the cached file's bytes (None: no file), once asked for
        self.digest: str | None = None
        self._digested = False

    def __repr__(self) -> str:
        return f"{type(self).__name__}({str(self.path)!r})"

    def _forget(self) -> None:
        self._key = None
        self._data = None
        self.digest = None
        self._digested = False

    def read(self, digest: bool = False) -> dict[str, dict[str, Any]] | None:
        """The file's tables (None: no file, or empty); with ``digest``, also sets
        :attr:`digest` (reading the bytes again, not re-parsing, if they are cached)."""
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            self._forget()
            self._digested = True
            return None
        except OSError as exc:
            self._forget()
            raise StoreError(f"cannot read {self.path}: {_reason(exc)}") from exc
        if self._key is not None and self._key == (st.st_ino, st.st_mtime_ns, st.st_size):
            if not digest or self._digested or self._digest_cached():
                return self._data
        return self._load(digest)

    def _raw(self) -> tuple[os.stat_result, bytes] | None:
        try:
            with open(self.path, "rb") as fh:
                return os.fstat(fh.fileno()), fh.read()
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise StoreError(f"cannot read {self.path}: {_reason(exc)}") from exc

    def _digest_cached(self) -> bool:
        """Digest the bytes of the cached version, if that is still what is on disk."""
        got = self._raw()
        if got is None or (got[0].st_ino, got[0].st_mtime_ns, got[0].st_size) != self._key:
            return False
        self.digest, self._digested = changelog.digest(got[1]), True
        return True

    def _load(self, digest: bool = False) -> dict[str, dict[str, Any]] | None:
        self._forget()
        got = self._raw()
        if got is None:
            self._digested = True
            return None
        st, raw = got
        data = _parse(raw, self.path) if raw else None
        self._key = (st.st_ino, st.st_mtime_ns, st.st_size)
        self._data = data
        if digest:
            self.digest, self._digested = changelog.digest(raw), True
        return data

    def unchanged(self) -> bool:
        """Whether the file on disk is still the version last read or written."""
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            return self._key is None
        except OSError:
            return True  # a read would fail the same way: nothing new to see
        return self._key == (st.st_ino, st.st_mtime_ns, st.st_size)

    def _error(self, exc: OSError) -> StoreError:
        return StoreError(f"cannot save {self.label} to {self.path}: {_reason(exc)}")

    def stage(self, payload: bytes) -> _Staged:
        """Write ``payload`` to a fsynced temp file next to the target; nothing is
        replaced yet. A damaged target is refused (never written over)."""
        path = self.path
        mode: int | None = None
        try:
            st = os.stat(path)
        except FileNotFoundError:
            pass
        except OSError as exc:
            raise self._error(exc) from exc
        else:
            mode = stat.S_IMODE(st.st_mode)
            if self._key != (st.st_ino, st.st_mtime_ns, st.st_size):
                # Never seen this version of the file: validate it before
                # replacing it, so a damaged file is never overwritten.
                self._load()
        folder = path.parent
        tmp = _temp_path(path)
        new_folder = False
        try:
            try:
                st = _write_new(tmp, payload, mode)
            except FileNotFoundError:  # first write: create the folder now, not before
                folder.mkdir(parents=True, exist_ok=True)
                new_folder = True
                st = _write_new(tmp, payload, mode)
        except OSError as exc:
            self._forget()
            raise self._error(exc) from exc
        return _Staged(tmp, (st.st_ino, st.st_mtime_ns, st.st_size), new_folder, changelog.digest(payload))

    def adopt_staged(self, data: dict[str, dict[str, Any]], staged: _Staged) -> None:
        """The staged file now is the target: cache ``data`` as its content."""
        self._key = staged.key
        self._data = data
        self.digest, self._digested = staged.digest, True

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        self.write_encoded(data, json.dumps(data, ensure_ascii=False).encode("utf-8"))

    def write_encoded(self, data: dict[str, dict[str, Any]], payload: bytes) -> None:
        """Write ``payload``, the caller's JSON encoding of ``data`` (which is
        what later reads return from the cache)."""
        staged = self.stage(payload)
        try:
            os.replace(staged.tmp, self.path)
        except BaseException as exc:
            try:
                os.unlink(staged.tmp)
            except OSError:
                pass
            # The target was not replaced; the cache may no longer match what
            # callers think they wrote, so the next read goes back to disk.
            self._forget()
            if isinstance(exc, OSError):
                raise self._error(exc) from exc
            raise
        self.adopt_staged(data, staged)
        _fsync_dir(self.path.parent)
        if staged.new_folder:
            _fsync_dir(self.path.parent.parent)

    def close(self) -> None:
        self._forget()


def _with_table(
    data: dict[str, dict[str, Any]] | None, name: str, table: dict[str, Any]
) -> dict[str, dict[str, Any]]:
    """A new top-level dict with ``table`` under ``name`` and the schema stamp."""
    new = dict(data or {})
    new[name] = table
    meta = new.get(META_TABLE)
    if not meta or not any("schema" in r for r in meta.values()):
        new[META_TABLE] = {**(meta or {}), str(_next_key(meta or {})): {"schema": SCHEMA_VERSION}}
    return new


def _encode_item(key: str, record: dict[str, Any]) -> bytes:
    return f"{json.dumps(key, ensure_ascii=False)}: {json.dumps(record, ensure_ascii=False)}".encode("utf-8")


def _encode(data: dict[str, dict[str, Any]], name: str, fragments: dict[str, bytes]) -> bytes:
    """UTF-8 JSON of ``data`` reusing (and filling in) the encoded records of table ``name``.

    The records are kept as UTF-8 bytes and joined as bytes: one copy of the file's bytes,
    where joining text and then encoding it copied it three times, at two bytes a character
    as soon as one record holds a curly quote (four with an emoji), and encoded it again:
    about 4 ms of a 500 kB file's write."""
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
                    chunk = fragments[key] = _encode_item(key, record)
                items.append(chunk)
            body = b"{" + b", ".join(items) + b"}"
        else:
            body = json.dumps(table, ensure_ascii=False).encode("utf-8")
        parts.append(json.dumps(table_name, ensure_ascii=False).encode("utf-8") + b": " + body)
    return b"{" + b", ".join(parts) + b"}"


def _next_key(table: dict[str, Any]) -> int:
    return max((int(k) for k in table), default=0) + 1


def _sort_key(ann: Annotation) -> tuple:
    return (ann.start, ann.end, ann.created, ann.id)


class _DocFile:
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
                raise _log_damage(self.log_path, exc) from None
            except OSError as exc:
                raise StoreError(f"cannot read {self.log_path}: {_reason(exc)}") from exc
            if got is not None and not self.storage._digested:
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
                anns = [_annotation_from_record(r, self.log_path, f"change {n}", self.doc_id) for r in put]
                self.apply(remove, anns, put)
        except DamagedFile:
            self._seen, self.log = _NOTHING, None  # next time: the file, then the log again
            raise
        self.log = got.position

    def _index(self, data: dict[str, dict[str, Any]] | None) -> None:
        self._seen = _NOTHING
        self.log = None
        self.schema, self.keys, self.by_id, self.next_key = _index_annotations(data, self.path)
        self.table = (data or {}).get(ANNOTATIONS_TABLE, {})
        self._own_table = False
        self.fragments = {}
        self._sorted = None
        self._seen = data

    def forget(self) -> None:
        """Read everything from disk again next time."""
        self.storage._forget()
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
                bisect.insort(self._sorted, ann, key=_sort_key)

    def _unsort(self, ann: Annotation) -> None:
        if self._sorted is not None:
            i = bisect.bisect_left(self._sorted, _sort_key(ann), key=_sort_key)
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
            raise _log_damage(self.log_path, exc) from None
        except OSError as exc:
            self.forget()  # the log is as it was, unless cutting it back failed too
            raise StoreError(f"cannot save annotations to {self.log_path}: {_reason(exc)}") from exc
        self.apply(remove, upsert, records)
        self.log = position

    def log_outgrew_file(self) -> bool:
        """Whether the log is due to be folded into the file."""
        size = self.storage._key[2] if self.storage._key else 0
        return self.log is not None and self.log.offset > max(changelog.FOLD_MIN_BYTES, size)

    def adopt(
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
            self._sorted = sorted(self.by_id.values(), key=_sort_key)
        return self._sorted


_NOTHING = object()


def _log_damage(path: Path, exc: changelog.LogDamage) -> DamagedFile:
    if exc.newer:
        return DamagedFile(path, exc.reason, f"{path} was {exc.reason}; it was left untouched")
    return DamagedFile(path, exc.reason)


@dataclass
class _Pending:
    """A prepared change to one document file, not yet written."""

    doc: _DocFile
    data: dict[str, dict[str, Any]]
    payload: bytes
    keys: dict[str, str]
    removed: list[str]
    upserted: list[Annotation]
    next_key: int
    fragments: dict[str, bytes]

    def adopt(self) -> None:
        self.doc.adopt(self.data, self.keys, self.removed, self.upserted, self.next_key, self.fragments)


def _command_name(argv: list[str]) -> str:
    """A short name for a command line: "tui-reader", "pytest", "python"."""
    if not argv:
        return "python"
    first = Path(argv[0]).name
    if first.startswith("python") and len(argv) > 1:
        if argv[1] == "-m" and len(argv) > 2:
            return argv[2]
        if not argv[1].startswith("-"):
            first = Path(argv[1]).name
    if first in ("", "-", "-c", "-m"):
        return "python"
    if first == "__main__.py":
        return Path(argv[0]).parent.name or "python"
    return first


def _proc_flock_holders(st: os.stat_result) -> list[int] | None:
    """Pids holding a flock on the file ``st`` describes, from /proc/locks (Linux);
    None where that cannot be known."""
    try:
        with open("/proc/locks", encoding="ascii", errors="replace") as fh:
            lines = fh.read().splitlines()
    except OSError:
        return None
    pids = []
    for line in lines:
        fields = line.split()
        if len(fields) < 6 or "->" in fields or fields[1] != "FLOCK":
            continue
        try:
            major, minor, ino = fields[5].split(":")
            if int(ino) != st.st_ino:
                continue
            if (int(major, 16), int(minor, 16)) != (os.major(st.st_dev), os.minor(st.st_dev)):
                continue
            pids.append(int(fields[4]))
        except ValueError:
            continue
    return pids


def _pid_command(pid: int) -> str | None:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as fh:
            raw = fh.read()
    except OSError:
        return None
    argv = [part.decode("utf-8", "replace") for part in raw.split(b"\0") if part]
    return _command_name(argv) if argv else None


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


class Store:
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
        self.catalog_path: Path = self.data_dir / CATALOG_FILE
        self.journal_path: Path = self.data_dir / JOURNAL_FILE
        self.lock_path: Path = self.data_dir / LOCK_FILE
        self.docs_dir: Path = self.data_dir / DOCS_DIR
        #: Seconds a write waits for another process's lock before StoreBusy;
        #: None waits as long as it takes.
        self.lock_timeout = lock_timeout
        self._catalog = AtomicJSONStorage(self.catalog_path, label="the document catalogue")
        self._catalog_checked: object = _NOTHING
        self._docs: dict[str, _DocFile] = {}
        # catalogue counts behind their document's file (doc id -> count at the last
        # change): written when the catalogue is next read or written, or at close,
        # not on every tag, which would cost a second fsynced rewrite per tag
        self._counts_due: dict[str, int] = {}
        self._mutex = threading.RLock()
        self._lock_fd: int | None = None
        self._lock_depth = 0
        self._closed = False
        #: Set when annotations were saved but the catalogue count could not be
        #: (the annotation files are the truth; the count heals on the next change).
        self.catalog_error: StoreError | None = None
        #: Set when a journal left by a killed process cannot be read: writes are
        #: refused until ``repair`` moves it aside.
        self.journal_error: StoreError | None = None
        self._needs_recovery = False
        self._recover_on_open()

    def __repr__(self) -> str:
        return f"Store({str(self.data_dir)!r})"

    # -- lifecycle ---------------------------------------------------------

    def close(self) -> None:
        with self._mutex:
            if not self._closed:
                try:
                    self._fold_logs()  # so that TinyDB(path) alone reads every annotation
                except StoreError:
                    pass  # the logs stay; the next Store replays them
                try:
                    self._flush_counts()
                except StoreError:
                    pass  # counts are derived: the next open recounts
            if self._lock_fd is not None:
                os.close(self._lock_fd)
                self._lock_fd = None
            for doc in self._docs.values():
                doc.storage.close()
            self._docs.clear()
            self._catalog.close()
            self._closed = True

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _check_open(self) -> None:
        if self._closed:
            raise StoreError(f"the annotation store at {self.data_dir} is closed")

    # -- the lock ------------------------------------------------------------

    @contextmanager
    def locked(self, *, recover: bool = True) -> Iterator[None]:
        """Hold the store's lock: no other process (or Store) changes it meanwhile.

        Re-entrant. Writers use it for one change at a time; a caller may hold it
        around several calls (a read, then a change based on it). On entry, what
        a killed writer left is finished first (unless ``recover`` is false)."""
        with self._mutex:
            self._check_open()
            outer = self._lock_depth == 0
            if outer:
                self._acquire()
                try:
                    if recover and (self._needs_recovery or os.path.lexists(self.journal_path)):
                        self._recover()
                except BaseException:
                    self._release()
                    raise
            self._lock_depth += 1
            try:
                yield
            finally:
                self._lock_depth -= 1
                if outer:
                    self._release()

    _locked = locked

    def _lock_file(self) -> int:
        if self._lock_fd is None:
            try:
                self.data_dir.mkdir(parents=True, exist_ok=True)
                self._lock_fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o666)
            except OSError as exc:
                raise StoreError(f"cannot save to {self.data_dir}: {_reason(exc)}") from exc
        return self._lock_fd

    def _acquire(self) -> None:
        fd = self._lock_file()
        if fcntl is None:  # pragma: no cover - Windows
            return
        timeout = self.lock_timeout
        if timeout is None:
            fcntl.flock(fd, fcntl.LOCK_EX)
        else:
            deadline = time.monotonic() + max(0.0, timeout)
            delay = 0.0005
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except OSError as exc:
                    if exc.errno not in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                        raise StoreError(f"cannot lock {self.lock_path}: {_reason(exc)}") from exc
                left = deadline - time.monotonic()
                if left <= 0:
                    raise StoreBusy(self._busy_message())
                time.sleep(min(delay, left))
                delay = min(delay * 2, 0.01)
        # Who holds the lock, for the message of a writer that gives up waiting.
        info = json.dumps(
            {"pid": os.getpid(), "command": _command_name(sys.argv), "since": utc_now()}
        ).encode("utf-8")[: _LOCK_INFO_SIZE - 1]
        try:
            os.pwrite(fd, info.ljust(_LOCK_INFO_SIZE - 1) + b"\n", 0)
        except OSError:
            pass  # only informative

    def _release(self) -> None:
        if fcntl is not None and self._lock_fd is not None:
            fcntl.flock(self._lock_fd, fcntl.LOCK_UN)

    def lock_holder(self) -> tuple[int, str] | None:
        """(pid, command) of the process holding the lock, when it can be told."""
        try:
            with open(self.lock_path, "rb") as fh:
                st = os.fstat(fh.fileno())
                raw = fh.read(_LOCK_INFO_SIZE)
        except OSError:
            return None
        try:
            recorded = json.loads(raw.decode("utf-8") or "{}")
        except (ValueError, RecursionError):  # written by something else, or being written
            recorded = None
        if not isinstance(recorded, dict):
            recorded = {}
        rec_pid = recorded.get("pid")
        rec_pid = rec_pid if _is_int(rec_pid) and 0 < rec_pid < 2**31 else None
        rec_command = " ".join(str(recorded.get("command") or "").split())[:60] or None  # one line
        holders = _proc_flock_holders(st)
        for pid in holders or ():
            if pid == rec_pid and rec_command:
                return pid, rec_command
            return pid, _pid_command(pid) or "another process"
        # without /proc/locks, the last writer's record is the best guess
        if holders is None and rec_pid is not None and _pid_alive(rec_pid):
            return rec_pid, rec_command or "another process"
        return None

    def _busy_message(self) -> str:
        holder = self.lock_holder()
        who = f"{holder[1]} (pid {holder[0]})" if holder else "another process"
        return f"the store at {self.data_dir} is busy: {who} is writing; try again"

    # -- recovery after a kill ---------------------------------------------------

    def _leftovers(self) -> bool:
        """Whether a killed writer left a journal or temp files (no lock taken)."""
        if os.path.lexists(self.journal_path):
            return True
        return any(True for _ in self._temp_files())

    def _temp_files(self) -> Iterator[Path]:
        """Our temp files in the data folder and docs/ (only names we make)."""
        for folder, targets in ((self.data_dir, _DATA_TARGET_RE), (self.docs_dir, _DOCS_TARGET_RE)):
            try:
                entries = list(os.scandir(folder))
            except OSError:
                continue
            for entry in entries:
                m = _TMP_RE.fullmatch(entry.name)
                if m and targets.fullmatch(m.group("name")):
                    yield folder / entry.name

    def _recover_on_open(self) -> None:
        if not self.data_dir.is_dir() or not self._leftovers():
            return
        self._needs_recovery = True
        try:
            with self.locked():
                pass
        except DamagedFile as exc:
            self.journal_error = exc
        except StoreError:
            pass  # busy or read-only: the next write tries again

    def _read_journal(self) -> tuple[list[tuple[Path, Path]], list[Path]]:
        """What a committed multi-file change still has to do: the (temp, target) pairs
        to put in place, then the change logs to delete (folded into their targets)."""
        path = self.journal_path
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            return [], []
        except OSError as exc:
            raise StoreError(f"cannot read {path}: {_reason(exc)}") from exc
        try:
            data = json.loads(raw.decode("utf-8"))
        except (ValueError, RecursionError):  # not UTF-8, not JSON, a number too long
            raise DamagedFile(path, "not a readable journal (not JSON)") from None
        moves = data.get("replace") if isinstance(data, dict) else None
        if not isinstance(moves, list):
            raise DamagedFile(path, "not a journal of file replacements")
        pairs = []
        for item in moves:
            if not (
                isinstance(item, list) and len(item) == 2 and all(isinstance(p, str) for p in item)
            ):
                raise DamagedFile(path, f"journal entry {item!r} is not a pair of file names")
            tmp_rel, target_rel = item
            target = self._journal_target(target_rel)
            tmp = self.data_dir / tmp_rel
            m = _TMP_RE.fullmatch(Path(tmp_rel).name)
            if target is None or tmp.parent != target.parent or not m or m.group("name") != target.name:
                raise DamagedFile(path, f"journal entry {item!r} names files outside the store")
            pairs.append((tmp, target))
        drops = data.get("drop", [])
        if not isinstance(drops, list):
            raise DamagedFile(path, "its list of change logs to delete is not a list")
        logs = []
        for item in drops:
            log = self._journal_log(item) if isinstance(item, str) else None
            if log is None:
                raise DamagedFile(path, f"journal entry {item!r} is not a change log of the store")
            logs.append(log)
        return pairs, logs

    def _journal_log(self, rel: str) -> Path | None:
        parts = rel.split("/")
        if len(parts) == 2 and parts[0] == DOCS_DIR and parts[1].endswith(".log"):
            if _DOC_ID_RE.fullmatch(parts[1][: -len(".log")]):
                return self.docs_dir / parts[1]
        return None

    def _journal_target(self, rel: str) -> Path | None:
        if rel == CATALOG_FILE:
            return self.catalog_path
        parts = rel.split("/")
        if len(parts) == 2 and parts[0] == DOCS_DIR and parts[1].endswith(".json"):
            if _DOC_ID_RE.fullmatch(parts[1][: -len(".json")]):
                return self.docs_dir / parts[1]
        return None

    def _roll_forward(self, pairs: list[tuple[Path, Path]], drops: Iterable[Path] = ()) -> None:
        """Put every staged temp file in place, delete the folded change logs, then
        drop the journal. Idempotent."""
        folders = set()
        for tmp, target in pairs:
            try:
                os.replace(tmp, target)
            except FileNotFoundError:
                if tmp.exists():
                    raise
                continue  # put in place before the kill
            folders.add(target.parent)
        for log in drops:
            try:
                os.unlink(log)
            except FileNotFoundError:
                continue
            folders.add(log.parent)
        for folder in folders:
            _fsync_dir(folder)
        try:
            os.unlink(self.journal_path)
        except FileNotFoundError:
            pass
        _fsync_dir(self.data_dir)

    def _recover(self) -> None:
        """Finish a committed multi-file change and delete temp files (lock held)."""
        try:
            pairs, drops = self._read_journal()
        except DamagedFile as exc:
            self.journal_error = exc
            raise
        try:
            if pairs or os.path.lexists(self.journal_path):
                self._roll_forward(pairs, drops)
            for tmp in self._temp_files():
                try:
                    os.unlink(tmp)
                except FileNotFoundError:
                    pass
        except OSError as exc:
            raise StoreError(
                f"cannot finish a change interrupted in {self.data_dir}: {_reason(exc)}"
            ) from exc
        for doc in self._docs.values():
            doc.forget()
        self._catalog._forget()
        self._needs_recovery = False
        self.journal_error = None

    def _settle(self) -> None:
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
        if not isinstance(doc_id, str) or not _DOC_ID_RE.fullmatch(doc_id):
            raise ValueError(f"invalid document id {doc_id!r}")
        return self.docs_dir / f"{doc_id}.json"

    def log_path(self, doc_id: str) -> Path:
        """The change log of ``doc_id`` (changes not yet folded into its file)."""
        return self.document_path(doc_id).with_suffix(".log")

    def document_files_state(self, doc_id: str) -> tuple:
        """(inode, mtime, size) of the document's file and of its log (None where
        absent): it changes whenever the stored annotations may have."""
        state = []
        for path in (self.document_path(doc_id), self.log_path(doc_id)):
            try:
                st = path.stat()
            except OSError:
                state.append(None)
            else:
                state.append((st.st_ino, st.st_mtime_ns, st.st_size))
        return tuple(state)

    def _doc(self, doc_id: str) -> _DocFile:
        doc = self._docs.get(doc_id)
        if doc is None:
            doc = self._docs[doc_id] = _DocFile(doc_id, self.document_path(doc_id))
        return doc

    def _doc_ids_on_disk(self) -> list[str]:
        """Documents with a file or a change log in docs/."""
        try:
            names = sorted(
                {p.stem for p in self.docs_dir.iterdir() if p.suffix in (".json", ".log") and not p.name.startswith(".")}
            )
        except FileNotFoundError:
            return []
        except OSError as exc:
            raise StoreError(f"cannot read {self.docs_dir}: {_reason(exc)}") from exc
        return [n for n in names if _DOC_ID_RE.fullmatch(n)]

    # -- schema migration ------------------------------------------------------

    def _load_doc(self, doc: _DocFile) -> dict[str, dict[str, Any]] | None:
        try:
            data = doc.load()
        except DamagedFile as exc:
            if exc.path != doc.log_path or self._lock_depth > 0:
                raise
            # Without the lock this may be another process folding the log in
            # (the file replaced, the log not yet deleted): under it, it is damage.
            try:
                with self.locked():
                    data = doc.load()
            except StoreBusy:
                raise
            except StoreError as again:
                if isinstance(again, DamagedFile) and again.path != self.journal_path:
                    raise
                raise exc from None  # no lock to be had here (read-only, damaged journal)
        if data is not None and doc.schema < SCHEMA_VERSION:
            data = self._migrate(doc.storage, lambda: (doc.load(), doc.schema), data)
        return data

    def _migrate(self, storage: AtomicJSONStorage, reload, data):
        """Bring a schema-0 file to the current schema, keeping a copy of the original.

        In a write (lock held) a failure propagates: the write must not go over an
        unmigrated file. In a read it is retried next time and the data is used as is."""
        in_write = self._lock_depth > 0
        try:
            with self.locked():
                data, schema = reload()
                if data is None or schema >= SCHEMA_VERSION:
                    return data
                try:
                    raw = storage.path.read_bytes()
                except OSError as exc:
                    raise StoreError(f"cannot read {storage.path}: {_reason(exc)}") from exc
                self._keep_copy(storage.path, raw)
                new = dict(data)
                meta = dict(new.get(META_TABLE, {}))
                meta[str(_next_key(meta))] = {"schema": SCHEMA_VERSION}
                new[META_TABLE] = meta
                storage.write(new)
                data, _ = reload()
                return data
        except StoreError:
            if in_write:
                raise
            return data

    def _keep_copy(self, path: Path, raw: bytes) -> Path:
        """Write ``raw`` to ``<name>.schema0.bak`` (or .schema0.N.bak), never over a file."""
        n = 0
        while True:
            backup = path.with_name(f"{path.name}.schema0.bak" if n == 0 else f"{path.name}.schema0.{n}.bak")
            if not os.path.lexists(backup):
                tmp = _temp_path(backup)
                try:
                    _write_new(tmp, raw)
                    try:
                        os.link(tmp, backup)  # fails if it exists: a backup is never replaced
                    finally:
                        os.unlink(tmp)
                except FileExistsError:
                    pass
                except OSError as exc:
                    raise StoreError(f"cannot keep a copy of {path} before upgrading it: {_reason(exc)}") from exc
                else:
                    _fsync_dir(path.parent)
                    return backup
            n += 1

    # -- catalogue ---------------------------------------------------------

    def _catalog_data(self) -> dict[str, dict[str, Any]] | None:
        data = self._catalog.read()
        if data is not self._catalog_checked:
            schema = _validate_catalog(data, self.catalog_path)
            if data is not None and schema < SCHEMA_VERSION:
                # not marked as checked: the next call validates what is then on disk
                # (and retries the upgrade if a read could not do it)
                return self._migrate(self._catalog, self._reload_catalog, data)
            self._catalog_checked = data
        return data

    def _write_catalog(self, data: dict[str, dict[str, Any]]) -> None:
        self._catalog.write(data)
        self._catalog_checked = data  # valid by construction: no need to check it again

    def _reload_catalog(self):
        data = self._catalog.read()
        return data, _validate_catalog(data, self.catalog_path)

    @staticmethod
    def _find(table: dict[str, Any], doc_id: str) -> str | None:
        for key, record in table.items():
            if record.get("id") == doc_id:
                return key
        return None

    def documents(self, errors: list[StoreError] | None = None) -> list[dict]:
        """Catalogue records, most recently opened first.

        A damaged catalogue raises StoreError, unless ``errors`` is given: then the
        error is appended there and the records are derived from the annotation
        files (id and count; no path or title)."""
        self._flush_counts()
        with self._mutex:
            self._check_open()
            self._settle()
            try:
                data = self._catalog_data()
            except StoreError as exc:
                if errors is None:
                    raise
                errors.append(exc)
                return self._derived_records()
            table = (data or {}).get(DOCUMENTS_TABLE, {})
            # ties (same millisecond) go to the later record
            order = sorted(table, key=lambda k: (str(table[k].get("opened", "")), int(k)), reverse=True)
            return [dict(table[k]) for k in order]

    def _derived_records(self) -> list[dict]:
        records = []
        for doc_id in self._doc_ids_on_disk():
            count = self._stored_count(doc_id, keep=False)
            if count is not None:
                records.append(self._blank_record(doc_id, count))
        return records

    @staticmethod
    def _blank_record(doc_id: str, count: int) -> dict:
        return {"id": doc_id, "path": "", "title": "", "sections": 0, "annotations": count, "opened": ""}

    def document_record(self, doc_id: str) -> dict | None:
        self._flush_counts()
        with self._mutex:
            self._check_open()
            self._settle()
            table = (self._catalog_data() or {}).get(DOCUMENTS_TABLE, {})
            key = self._find(table, doc_id)
            if key is None:
                return None
            record = dict(table[key])
            # the count from the document's own file where it can be read: another
            # process may have changed it and not written its count yet
            live = self._stored_count(doc_id)
            if live is not None:
                record["annotations"] = live
            return record

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
        with self._locked():
            self._flush_counts()
            count = self._stored_count(doc_id)
            data = self._catalog_data()
            table = dict((data or {}).get(DOCUMENTS_TABLE, {}))
            key = self._find(table, doc_id)
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
            table[key if key is not None else str(_next_key(table))] = record
            self._write_catalog(_with_table(data, DOCUMENTS_TABLE, table))
            self.catalog_error = None

    def _stored_count(self, doc_id: str, keep: bool = True) -> int | None:
        """The number of annotations in the document's file; None if unreadable."""
        doc = self._docs.get(doc_id) or (self._doc(doc_id) if keep else _DocFile(doc_id, self.document_path(doc_id)))
        try:
            doc.load()
        except StoreError:
            return None
        return len(doc.by_id)

    def _count_changed(self, doc_id: str, count: int) -> None:
        """A document's count changed: a new record is written at once (so that the
        catalogue lists every annotated document), an existing record's count later."""
        try:
            table = (self._catalog_data() or {}).get(DOCUMENTS_TABLE, {})
            known = self._find(table, doc_id) is not None
        except StoreError as exc:
            self.catalog_error = exc
            return
        if known:
            self._counts_due[doc_id] = count
        else:
            self._sync_count(doc_id, count)

    def _flush_counts(self) -> None:
        """Write the counts that are behind, from the files themselves where they can
        be read (another process may have changed a document since)."""
        if not self._counts_due:
            return
        with self._locked():
            due, self._counts_due = self._counts_due, {}
            for doc_id, count in sorted(due.items()):
                live = self._stored_count(doc_id)
                self._sync_count(doc_id, count if live is None else live)

    def _sync_count(self, doc_id: str, count: int) -> None:
        """Bring the catalogue count in line; never fails the caller's change."""
        try:
            data = self._catalog_data()
            table = (data or {}).get(DOCUMENTS_TABLE, {})
            key = self._find(table, doc_id)
            if key is not None and table[key].get("annotations") == count:
                self.catalog_error = None
                return
            table = dict(table)
            if key is None:
                key = str(_next_key(table))
                record = self._blank_record(doc_id, count)
            else:
                record = dict(table[key])
            record["annotations"] = count
            table[key] = record
            self._write_catalog(_with_table(data, DOCUMENTS_TABLE, table))
            self.catalog_error = None
        except StoreError as exc:
            self.catalog_error = exc

    def rebuild_catalog(self) -> int:
        """Make the catalogue agree with the annotation files; returns its size.

        Records it has keep their path and title; counts come from the files; a
        document with a file and no record gets one with no path or title. A
        damaged catalogue is refused: :meth:`repair` moves it aside first."""
        with self._locked():
            data = self._catalog_data()
            table = dict((data or {}).get(DOCUMENTS_TABLE, {}))
            on_disk = self._doc_ids_on_disk()
            for doc_id in on_disk:
                count = self._stored_count(doc_id, keep=False)
                if count is None:
                    continue  # damaged: it gets its record back once repaired
                key = self._find(table, doc_id)
                if key is None:
                    table[str(_next_key(table))] = self._blank_record(doc_id, count)
                elif table[key].get("annotations") != count:
                    table[key] = {**table[key], "annotations": count}
            present = set(on_disk)
            for key, record in list(table.items()):
                if record.get("id") not in present and record.get("annotations"):
                    table[key] = {**record, "annotations": 0}
            if data is None or table != data.get(DOCUMENTS_TABLE, {}):
                self._write_catalog(_with_table(data, DOCUMENTS_TABLE, table))
            self.catalog_error = None
            return len(table)

    # -- damage: finding it and moving it aside --------------------------------

    def _inspect(self, path: Path, length: int | None = None) -> str | None:
        """What is wrong with one store file, or None if it is usable (or absent);
        ``length``: its document's text length, when the text is at hand."""
        if path == self.journal_path:
            try:
                self._read_journal()
            except DamagedFile as exc:
                return exc.reason
            return None
        if path.suffix == ".log":
            return self._inspect_log(path, length)
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            return f"cannot be read ({_reason(exc)})"
        if not raw:
            return None
        try:
            data = _parse(raw, path)
            if path == self.catalog_path:
                _validate_catalog(data, path)
            else:
                anns = _index_annotations(data, path)[2].values()
                if length is not None:
                    return text_problem(anns, length)
        except DamagedFile as exc:
            return exc.reason
        return None

    def _inspect_log(self, path: Path, length: int | None = None) -> str | None:
        """What is wrong with a change log (replayed over its file, as a read does);
        damage of the file itself is the file's, not the log's. With the text's
        ``length``: an annotation the log put there must end inside the text."""
        probe = _DocFile(path.stem, path.with_suffix(".json"))
        try:
            data = probe.load()
        except DamagedFile as exc:
            if exc.path != path:
                return None
            if self._lock_depth == 0:  # a fold in progress looks like this: look again under the lock
                try:
                    with self.locked():
                        return self._inspect_log(path, length)
                except StoreError:
                    pass
            return exc.reason
        except StoreError as exc:
            return str(exc)
        if length is None or probe.log is None:
            return None
        in_file = _index_annotations(data, probe.path)[2]
        return text_problem([a for i, a in probe.by_id.items() if in_file.get(i) != a], length)

    def _store_files(self) -> list[Path]:
        files = [self.journal_path, self.catalog_path]
        for doc_id in self._doc_ids_on_disk():
            files.append(self.document_path(doc_id))
            if os.path.lexists(self.log_path(doc_id)):
                files.append(self.log_path(doc_id))
        return files

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
            for path in self._store_files():
                reason = self._inspect(path, lengths.get(path.stem) if path.parent == self.docs_dir else None)
                if reason is not None:
                    found.append(Damage(path, reason))
            return found

    def _which(self, path: str | os.PathLike[str]) -> tuple[str, str | None]:
        p = Path(path)
        if not p.is_absolute():
            p = Path.cwd() / p
        for kind, known in (("catalog", self.catalog_path), ("journal", self.journal_path)):
            if os.path.abspath(p) == os.path.abspath(known):
                return kind, None
        if os.path.abspath(p.parent) == os.path.abspath(self.docs_dir) and p.suffix in (".json", ".log"):
            if _DOC_ID_RE.fullmatch(p.stem):
                return ("doc" if p.suffix == ".json" else "log"), p.stem
        raise StoreError(f"{path} is not a file of the store at {self.data_dir}")

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
        kind, doc_id = self._which(path)
        target = {"catalog": self.catalog_path, "journal": self.journal_path, "log": None}.get(kind)
        target = target or (self.log_path(doc_id) if kind == "log" else self.document_path(doc_id))
        with self.locked(recover=kind != "journal"):
            reason = self._inspect(target, length if kind in ("doc", "log") else None)
            if reason is None and kind == "doc":
                log = self.log_path(doc_id)
                reason = self._inspect(log, length)
                if reason is not None:
                    kind, target = "log", log
            if reason is None:
                if not os.path.lexists(target):
                    raise StoreError(f"{target} does not exist; nothing to repair")
                raise StoreError(f"{target} is not damaged; nothing to repair")
            backup = self._move_aside(target)
            if kind in ("doc", "log"):
                log = self.log_path(doc_id)
                if kind == "doc" and os.path.lexists(log):
                    self._move_aside(log)
                doc = self._docs.pop(doc_id, None)
                if doc is not None:
                    doc.storage.close()
                self._sync_count(doc_id, self._stored_count(doc_id, keep=False) or 0)
            elif kind == "catalog":
                self._catalog.close()
                self._catalog_checked = _NOTHING
                self.rebuild_catalog()
            else:
                self.journal_error = None
                self._needs_recovery = True  # its temp files are no longer committed
            return backup

    def _move_aside(self, path: Path) -> Path:
        stamp = _utc_stamp()
        stem, ending = path.stem, path.suffix
        n = 1
        while True:
            backup = path.with_name(f"{stem}.damaged-{stamp}{'' if n == 1 else f'-{n}'}{ending}")
            n += 1
            if os.path.lexists(backup):
                continue
            try:
                try:
                    os.link(path, backup)  # never replaces an existing file
                except FileExistsError:
                    continue
                except OSError as exc:
                    if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV):
                        raise
                    os.rename(path, backup)  # no hard links here; checked it is free above
                else:
                    os.unlink(path)
            except OSError as exc:
                raise StoreError(f"cannot move {path} aside: {_reason(exc)}") from exc
            _fsync_dir(path.parent)
            return backup

    # -- annotations: reading ------------------------------------------------

    def annotations(self, doc_id: str) -> list[Annotation]:
        """The document's annotations sorted by (start, end, created)."""
        with self._mutex:
            self._check_open()
            self._settle()
            doc = self._doc(doc_id)
            self._load_doc(doc)
            return list(doc.sorted())

    def all_annotations(self, errors: list[StoreError] | None = None) -> Iterator[Annotation]:
        """Every stored annotation, document by document.

        Documents in the catalogue come first (most recently opened first), then
        any annotation file the catalogue does not know. A damaged file raises
        StoreError, unless ``errors`` is given: then it is appended there and skipped.
        """
        with self._mutex:
            self._check_open()
            self._settle()
            try:
                order = [r["id"] for r in self.documents() if isinstance(r.get("id"), str)]
            except StoreError as exc:  # the catalogue only sets the order here
                if errors is not None:
                    errors.append(exc)
                order = []
            names = self._doc_ids_on_disk()
        on_disk = set(names)
        seen: set[str] = set()
        for doc_id in [d for d in order if d in on_disk] + names:
            if doc_id in seen:
                continue
            seen.add(doc_id)
            try:
                anns = self._read_once(doc_id)
            except StoreError as exc:
                if errors is None:
                    raise
                errors.append(exc)
                continue
            yield from anns

    def _read_once(self, doc_id: str) -> list[Annotation]:
        """Read a document without keeping it cached unless it already is."""
        with self._mutex:
            self._check_open()
            doc = self._docs.get(doc_id) or _DocFile(doc_id, self.document_path(doc_id))
            self._load_doc(doc)
            return list(doc.sorted())

    # -- annotations: changing -----------------------------------------------

    def add(self, ann: Annotation) -> None:
        """Store a new annotation; its id must not be stored yet."""
        self._change(ann.document, (), [ann], mode="add")

    def update(self, ann: Annotation) -> None:
        """Replace the stored annotation with the same id (AnnotationNotFound if none)."""
        self._change(ann.document, (), [ann], mode="update")

    def delete(self, doc_id: str, ann_id: str) -> None:
        """Remove one annotation (AnnotationNotFound if it is not stored)."""
        self._change(doc_id, [ann_id], (), mode="apply")

    def apply(
        self,
        doc_id: str,
        add: Iterable[Annotation] = (),
        remove: Iterable[str] = (),
    ) -> None:
        """Change one document in a single atomic write: all or nothing.

        Ids in ``remove`` are removed first (each must be stored, else
        AnnotationNotFound and nothing changes); then each annotation in ``add``
        is stored, replacing one with the same id. So undoing an edit is
        ``apply(doc, add=[before])`` and undoing a batch of adds is
        ``apply(doc, remove=[ids])``.
        """
        self._change(doc_id, list(remove), list(add), mode="apply")

    def apply_many(
        self,
        changes: Mapping[str, tuple[Iterable[Annotation], Iterable[str]]],
        records: Mapping[str, Mapping[str, Any]] | None = None,
    ) -> None:
        """Change several documents all-or-nothing: ``{doc_id: (add, remove_ids)}``,
        each as in :meth:`apply`.

        ``records`` gives catalogue fields (path, title, sections) for documents
        the catalogue lacks, or whose record has them empty; they are written in
        the same transaction, with the new counts.

        Every new file is first written to a fsynced temp file; then
        ``journal.json`` (the list of temp -> target replacements) is written and
        renamed into place: that rename is the commit point. Only then are the
        temp files renamed over their targets and the journal deleted. A process
        killed before the commit leaves temp files that the next Store deletes;
        one killed after it leaves a journal that the next Store (or the next
        write, or a read that sees it) rolls forward.
        """
        items = []
        for doc_id, (add, remove) in changes.items():
            items.append(self._validate_change(doc_id, list(dict.fromkeys(remove)), list(add)))
        records = {k: dict(v) for k, v in (records or {}).items()}
        for doc_id in records:
            self.document_path(doc_id)
        with self._locked():
            pending = [p for p in (self._prepare(d, r, u, "apply") for d, r, u in items) if p is not None]
            counts = {p.doc.doc_id: len(p.keys) for p in pending}
            catalog = self._prepare_catalog(counts, records)
            if not pending and catalog is None:
                return
            writes = [(p.doc.storage, p.data, p.payload) for p in pending]
            if catalog is not None:
                writes.append((self._catalog, catalog, json.dumps(catalog, ensure_ascii=False).encode("utf-8")))
            self._commit(writes, drops=[p.doc.log_path for p in pending if p.doc.log is not None])
            for p in pending:
                p.adopt()
            if catalog is not None:
                self._catalog_checked = catalog
                self.catalog_error = None

    def _prepare_catalog(
        self, counts: dict[str, int], records: dict[str, dict[str, Any]]
    ) -> dict[str, dict[str, Any]] | None:
        """The catalogue with new counts and records, or None if nothing changes
        (or it cannot be read: annotations are saved anyway, ``catalog_error`` says why)."""
        try:
            data = self._catalog_data()
        except StoreError as exc:
            self.catalog_error = exc
            return None
        table = dict((data or {}).get(DOCUMENTS_TABLE, {}))
        changed = False
        for doc_id in list(counts) + [d for d in records if d not in counts]:
            given = records.get(doc_id, {})
            key = self._find(table, doc_id)
            if key is None:
                count = counts.get(doc_id)
                if count is None:
                    count = self._stored_count(doc_id, keep=False) or 0
                record = self._blank_record(doc_id, count)
                record.update(
                    path=str(given.get("path") or ""),
                    title=str(given.get("title") or ""),
                    sections=int(given.get("sections") or 0),
                )
                table[str(_next_key(table))] = record
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
        return _with_table(data, DOCUMENTS_TABLE, table) if changed else None

    def _commit(self, writes: list[tuple[AtomicJSONStorage, dict, bytes]], drops: Iterable[Path] = ()) -> None:
        """Replace several files as one change (see :meth:`apply_many`), and delete the
        change logs in ``drops`` (folded into those files); lock held."""
        drops = list(drops)
        staged: list[tuple[AtomicJSONStorage, dict, _Staged]] = []
        journal_tmp: Path | None = None
        try:
            for storage, data, payload in writes:
                staged.append((storage, data, storage.stage(payload)))
            # the temp files' names must be on disk before the journal points at them
            for folder in {s.tmp.parent for _, _, s in staged}:
                _fsync_dir(folder)
            if any(s.new_folder for _, _, s in staged):
                _fsync_dir(self.data_dir)
            journal = {
                "format": "tui-reader-journal",
                "version": 1,
                "pid": os.getpid(),
                "created": utc_now(),
                "replace": [
                    [s.tmp.relative_to(self.data_dir).as_posix(), storage.path.relative_to(self.data_dir).as_posix()]
                    for storage, _, s in staged
                ],
            }
            if drops:
                journal["drop"] = [p.relative_to(self.data_dir).as_posix() for p in drops]
            journal_tmp = _temp_path(self.journal_path)
            _write_new(journal_tmp, json.dumps(journal, ensure_ascii=False).encode("utf-8"))
            os.replace(journal_tmp, self.journal_path)  # the commit point
            journal_tmp = None
        except BaseException as exc:
            for storage, _, s in staged:
                try:
                    os.unlink(s.tmp)
                except OSError:
                    pass
                storage._forget()
            if journal_tmp is not None:
                try:
                    os.unlink(journal_tmp)
                except OSError:
                    pass
            if isinstance(exc, OSError):
                raise StoreError(
                    f"cannot save the change to {len(writes)} files in {self.data_dir}: {_reason(exc)}"
                ) from exc
            raise
        _fsync_dir(self.data_dir)
        try:
            self._roll_forward([(s.tmp, storage.path) for storage, _, s in staged], drops)
        except OSError as exc:
            for storage, _, _ in staged:
                storage._forget()
            self._needs_recovery = True
            raise StoreError(
                f"the change was saved in {self.journal_path} but could not be put in place "
                f"({_reason(exc)}); it will be when the store is next opened or written"
            ) from exc
        for storage, data, s in staged:
            storage.adopt_staged(data, s)

    def _validate_change(
        self, doc_id: str, remove: list[str], upsert: list[Annotation]
    ) -> tuple[str, list[str], list[Annotation]]:
        self.document_path(doc_id)  # validates the id
        for ann in upsert:
            if not isinstance(ann, Annotation):
                raise TypeError(f"expected an Annotation, got {type(ann).__name__}")
            if ann.document != doc_id:
                raise ValueError(
                    f"annotation {ann.id} belongs to document {ann.document}, not {doc_id}"
                )
        return doc_id, remove, upsert

    def _prepare(
        self, doc_id: str, remove: list[str], upsert: list[Annotation], mode: str
    ) -> _Pending | None:
        """The new content of one document file after the change (lock held)."""
        if not remove and not upsert:
            return None
        doc = self._doc(doc_id)
        data = self._load_doc(doc)
        self._check_change(doc, remove, upsert, mode)
        keys = dict(doc.keys)
        table = dict(doc.table)
        fragments = dict(doc.fragments)
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
            fragments[key] = _encode_item(key, record)
        new = _with_table(data, ANNOTATIONS_TABLE, table)
        payload = _encode(new, ANNOTATIONS_TABLE, fragments)
        return _Pending(doc, new, payload, keys, remove, upsert, next_key, fragments)

    @staticmethod
    def _check_change(doc: _DocFile, remove: list[str], upsert: list[Annotation], mode: str) -> None:
        for ann_id in remove:
            if ann_id not in doc.keys:
                raise AnnotationNotFound(f"annotation {ann_id} is not stored for document {doc.doc_id}")
        for ann in upsert:
            if mode == "add" and ann.id in doc.keys:
                raise StoreError(f"annotation {ann.id} already exists in document {doc.doc_id}")
            if mode == "update" and ann.id not in doc.keys:
                raise AnnotationNotFound(f"annotation {ann.id} is not stored for document {doc.doc_id}")

    def _change(
        self,
        doc_id: str,
        remove: Iterable[str],
        upsert: Iterable[Annotation],
        mode: str,
    ) -> None:
        doc_id, remove, upsert = self._validate_change(doc_id, list(dict.fromkeys(remove)), list(upsert))
        if not remove and not upsert:
            return
        with self._locked():
            doc = self._doc(doc_id)
            if self._load_doc(doc) is None:  # no file yet: it starts with this change
                pending = self._prepare(doc_id, remove, upsert, mode)
                assert pending is not None
                pending.doc.storage.write_encoded(pending.data, pending.payload)  # StoreError: nothing changed
                pending.adopt()
            else:
                self._check_change(doc, remove, upsert, mode)
                doc.append(remove, upsert)  # StoreError: nothing changed
                if doc.log_outgrew_file():
                    self._fold(doc)
            self._count_changed(doc_id, len(doc.keys))

    def _fold(self, doc: _DocFile) -> None:
        """Write the document's file from its index and delete its log, as one change
        through the journal (lock held). A failure leaves the log in use: nothing is lost."""
        data = doc.storage.read()
        new = _with_table(data, ANNOTATIONS_TABLE, dict(doc.table))
        payload = _encode(new, ANNOTATIONS_TABLE, doc.fragments)
        try:
            self._commit([(doc.storage, new, payload)], drops=[doc.log_path])
        except StoreError:
            doc.forget()
            return
        doc.folded(new)

    def _fold_logs(self) -> None:
        """Fold the logs of the documents this Store has open into their files."""
        due = [doc for doc in self._docs.values() if doc.log is not None]
        if not due:
            return
        with self._locked():
            for doc in due:
                try:
                    self._load_doc(doc)
                except StoreError:
                    continue  # damaged: left as it is
                if doc.log is not None:
                    self._fold(doc)
