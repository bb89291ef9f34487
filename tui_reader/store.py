"""The persistent annotation store: TinyDB JSON files, written atomically.

Layout under the data directory::

    catalog.json          table "documents": one record per document
    docs/<doc_id>.json    table "annotations": one record per annotation
    .lock                 serialises writers across processes (POSIX)

Every file also carries a table "meta" holding ``{"schema": 1}``.

Why not TinyDB's own machinery:

* Its JSONStorage rewrites a file in place; a crash mid-write can leave it
  unreadable. :class:`AtomicJSONStorage` writes a temp file, fsyncs it and
  ``os.replace``-s it over the target, then fsyncs the folder.
* Its CachingMiddleware loses confirmed writes, and its Table caches the next
  document id per process. The store therefore reads and writes whole files
  through the storage and keys annotations by their own ``id``; the files stay
  plain TinyDB files that ``TinyDB(path)`` can open.
* One file per document keeps a change O(size of that document), not of the
  whole library.

This module is part of the pure core: it must never import Textual.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import stat
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import platformdirs
from tinydb.storages import Storage

from .annotations import Annotation, utc_now
from .errors import UserError

try:  # POSIX advisory locks; without them writers in one process are still serialised.
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

__all__ = [
    "AnnotationNotFound",
    "AtomicJSONStorage",
    "ENV_DATA_DIR",
    "SCHEMA_VERSION",
    "Store",
    "StoreError",
    "resolve_data_dir",
]

SCHEMA_VERSION = 1
ENV_DATA_DIR = "TUI_READER_DATA_DIR"
APP_NAME = "tui-reader"

CATALOG_FILE = "catalog.json"
DOCS_DIR = "docs"
LOCK_FILE = ".lock"
DOCUMENTS_TABLE = "documents"
ANNOTATIONS_TABLE = "annotations"
META_TABLE = "meta"

# Doc ids become file names: allow only what cannot escape the docs folder.
_DOC_ID_RE = re.compile(r"[A-Za-z0-9_-]{1,128}")


class StoreError(UserError):
    """A storage problem, with a one-line message fit to show the user."""

    def __str__(self) -> str:  # KeyError subclasses would otherwise quote it
        return str(self.args[0]) if self.args else ""


class AnnotationNotFound(StoreError, KeyError):
    """An update, delete or batch removal named an annotation that is not stored."""


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
    return exc.strerror or str(exc) or type(exc).__name__


def _fsync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` durable; a no-op where folders can't be fsynced."""
    flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0)
    try:
        fd = os.open(folder, flags)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _damaged(path: Path, what: str) -> StoreError:
    return StoreError(f"{path} is damaged: {what} (the file was left untouched)")


def _parse(raw: bytes, path: Path) -> dict[str, dict[str, Any]]:
    """Bytes of a TinyDB file -> its tables, or StoreError naming what is wrong."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _damaged(path, f"not UTF-8 text (bad byte at offset {exc.start})") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise _damaged(
            path, f"not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})"
        ) from None
    except RecursionError:
        raise _damaged(path, "JSON nested too deeply") from None
    if not isinstance(data, dict):
        raise _damaged(path, f"expected an object of tables, found {type(data).__name__}")
    for name, table in data.items():
        if not isinstance(table, dict):
            raise _damaged(path, f"table {name!r} is not an object")
        for key, record in table.items():
            try:
                int(key)
            except ValueError:
                raise _damaged(path, f"table {name!r} has a non-numeric record id {key!r}") from None
            if not isinstance(record, dict):
                raise _damaged(path, f"record {key} in table {name!r} is not an object")
    return data


class AtomicJSONStorage(Storage):
    """A TinyDB storage that never rewrites a file in place.

    ``write`` goes to ``.<name>.<pid>.<random>.tmp`` in the same folder, is
    fsynced, replaces the target with ``os.replace`` and then fsyncs the folder.
    ``read`` keeps the parsed data keyed by the file's (inode, mtime_ns, size)
    and only re-parses when that changes. The returned dict is the cache itself:
    it may only be changed on the way to a ``write`` (as TinyDB's Table does),
    and a failed write drops the cache so the next read comes from disk.

    A damaged file (not UTF-8, not JSON, not a dict of tables) raises
    :class:`StoreError` on read, and this storage refuses to write over it.

    Usable directly by TinyDB: ``TinyDB(path, storage=AtomicJSONStorage)``.
    """

    def __init__(self, path: str | os.PathLike[str], label: str = "data") -> None:
        super().__init__()
        self.path = Path(path)
        self.label = label
        self._key: tuple[int, int, int] | None = None
        self._data: dict[str, dict[str, Any]] | None = None

    def __repr__(self) -> str:
        return f"{type(self).__name__}({str(self.path)!r})"

    def _forget(self) -> None:
        self._key = None
        self._data = None

    def read(self) -> dict[str, dict[str, Any]] | None:
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            self._forget()
            return None
        except OSError as exc:
            self._forget()
            raise StoreError(f"cannot read {self.path}: {_reason(exc)}") from exc
        if self._key is not None and self._key == (st.st_ino, st.st_mtime_ns, st.st_size):
            return self._data
        return self._load()

    def _load(self) -> dict[str, dict[str, Any]] | None:
        self._forget()
        try:
            with open(self.path, "rb") as fh:
                st = os.fstat(fh.fileno())
                raw = fh.read()
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise StoreError(f"cannot read {self.path}: {_reason(exc)}") from exc
        data = _parse(raw, self.path) if raw else None
        self._key = (st.st_ino, st.st_mtime_ns, st.st_size)
        self._data = data
        return data

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        self.write_encoded(data, json.dumps(data, ensure_ascii=False).encode("utf-8"))

    def write_encoded(self, data: dict[str, dict[str, Any]], payload: bytes) -> None:
        """Write ``payload``, the caller's JSON encoding of ``data`` (which is
        what later reads return from the cache)."""
        path = self.path
        mode: int | None = None
        try:
            st = os.stat(path)
        except FileNotFoundError:
            pass
        except OSError as exc:
            raise StoreError(f"cannot save {self.label} to {path}: {_reason(exc)}") from exc
        else:
            mode = stat.S_IMODE(st.st_mode)
            if self._key != (st.st_ino, st.st_mtime_ns, st.st_size):
                # Never seen this version of the file: validate it before
                # replacing it, so a damaged file is never overwritten.
                self._load()

        folder = path.parent
        tmp = folder / f".{path.name}.{os.getpid()}.{secrets.token_hex(6)}.tmp"
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
        fd: int | None = None
        created = False
        new_folder = False
        try:
            try:
                fd = os.open(tmp, flags, 0o666)
            except FileNotFoundError:  # first write: create the folder now, not before
                folder.mkdir(parents=True, exist_ok=True)
                new_folder = True
                fd = os.open(tmp, flags, 0o666)
            created = True
            if mode is not None and hasattr(os, "fchmod"):
                os.fchmod(fd, mode)
            view = memoryview(payload)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
            st = os.fstat(fd)
            os.close(fd)
            fd = None
            os.replace(tmp, path)
        except BaseException as exc:
            if fd is not None:
                try:
                    os.close(fd)
                except OSError:
                    pass
            if created:
                try:
                    os.unlink(tmp)
                except OSError:
                    pass
            # The target was not replaced; the cache may no longer match what
            # callers think they wrote, so the next read goes back to disk.
            self._forget()
            if isinstance(exc, OSError):
                raise StoreError(f"cannot save {self.label} to {path}: {_reason(exc)}") from exc
            raise
        self._key = (st.st_ino, st.st_mtime_ns, st.st_size)
        self._data = data
        _fsync_dir(folder)
        if new_folder:
            _fsync_dir(folder.parent)

    def close(self) -> None:
        self._forget()


def _schema_of(data: dict[str, dict[str, Any]] | None, path: Path) -> None:
    """Refuse files from a newer schema (and thereby never write over them)."""
    if not data:
        return
    for record in data.get(META_TABLE, {}).values():
        if "schema" in record:
            version = record["schema"]
            if not isinstance(version, int) or isinstance(version, bool):
                raise _damaged(path, f"schema version {version!r} is not a number")
            if version > SCHEMA_VERSION:
                raise StoreError(
                    f"{path} was written by a newer tui-reader (schema {version}; "
                    f"this version reads schema {SCHEMA_VERSION}); it was left untouched"
                )
            return


def _with_table(
    data: dict[str, dict[str, Any]] | None, name: str, table: dict[str, Any]
) -> dict[str, dict[str, Any]]:
    """A new top-level dict with ``table`` under ``name`` and the schema stamp."""
    new = dict(data or {})
    new[name] = table
    meta = new.get(META_TABLE)
    if not meta or not any("schema" in r for r in meta.values()):
        new[META_TABLE] = {"1": {"schema": SCHEMA_VERSION}}
    return new


def _encode_item(key: str, record: dict[str, Any]) -> str:
    return f"{json.dumps(key, ensure_ascii=False)}: {json.dumps(record, ensure_ascii=False)}"


def _encode(data: dict[str, dict[str, Any]], name: str, fragments: dict[str, str]) -> bytes:
    """JSON of ``data`` reusing (and filling in) the encoded records of table ``name``."""
    parts = []
    for table_name, table in data.items():
        if table_name == name:
            items = []
            for key, record in table.items():
                text = fragments.get(key)
                if text is None:
                    text = fragments[key] = _encode_item(key, record)
                items.append(text)
            body = "{" + ", ".join(items) + "}"
        else:
            body = json.dumps(table, ensure_ascii=False)
        parts.append(f"{json.dumps(table_name, ensure_ascii=False)}: {body}")
    return ("{" + ", ".join(parts) + "}").encode("utf-8")


def _next_key(table: dict[str, Any]) -> int:
    return max((int(k) for k in table), default=0) + 1


def _sort_key(ann: Annotation) -> tuple:
    return (ann.start, ann.end, ann.created, ann.id)


class _DocFile:
    """One document's annotation file plus an index derived from its data."""

    def __init__(self, doc_id: str, path: Path) -> None:
        self.doc_id = doc_id
        self.storage = AtomicJSONStorage(path, label="annotations")
        self._seen: object = _NOTHING  # the data object the index was built from
        self.keys: dict[str, str] = {}  # annotation id -> TinyDB record key
        self.by_id: dict[str, Annotation] = {}
        self.next_key = 1
        self._sorted: list[Annotation] | None = None
        # record key -> '"key": {record JSON}': records never change in place, so a write
        # only encodes what changed and joins the rest (json.dumps of the whole
        # table was most of the cost of adding one annotation to a big file).
        self.fragments: dict[str, str] = {}

    @property
    def path(self) -> Path:
        return self.storage.path

    def load(self) -> dict[str, dict[str, Any]] | None:
        data = self.storage.read()
        if data is not self._seen:
            self._index(data)
        return data

    def _index(self, data: dict[str, dict[str, Any]] | None) -> None:
        self._seen = _NOTHING
        path = self.path
        _schema_of(data, path)
        table = (data or {}).get(ANNOTATIONS_TABLE, {})
        keys: dict[str, str] = {}
        by_id: dict[str, Annotation] = {}
        for key, record in table.items():
            ann_id = record.get("id")
            if not isinstance(ann_id, str) or not ann_id:
                raise _damaged(path, f"annotation record {key} has no id")
            if ann_id in keys:
                raise _damaged(path, f"annotation id {ann_id} appears twice")
            try:
                ann = Annotation.from_dict(record)
            except (TypeError, ValueError) as exc:
                raise _damaged(path, f"annotation record {key} is invalid ({exc})") from None
            if not all(isinstance(v, int) and not isinstance(v, bool) for v in (ann.start, ann.end)):
                raise _damaged(path, f"annotation record {key} has non-integer offsets")
            keys[ann_id] = key
            by_id[ann_id] = ann
        self.keys, self.by_id = keys, by_id
        self.fragments = {}
        self.next_key = _next_key(table)
        self._sorted = None
        self._seen = data

    def adopt(
        self,
        data: dict[str, dict[str, Any]],
        keys: dict[str, str],
        removed: Iterable[str],
        upserted: Iterable[Annotation],
        next_key: int,
        fragments: dict[str, str],
    ) -> None:
        """Update the index after this process wrote ``data`` (no re-parse)."""
        self.fragments = fragments
        for ann_id in removed:
            self.by_id.pop(ann_id, None)
        for ann in upserted:
            self.by_id[ann.id] = ann
        self.keys = keys
        self.next_key = next_key
        self._sorted = None
        self._seen = data

    def sorted(self) -> list[Annotation]:
        if self._sorted is None:
            self._sorted = sorted(self.by_id.values(), key=_sort_key)
        return self._sorted


_NOTHING = object()


class Store:
    """Annotations and the document catalogue, persisted under ``data_dir``.

    Every mutating call returns only once its change is fsynced to disk. Each
    call is atomic: a failure raises :class:`StoreError` and leaves the files
    (and what this Store reports) as they were.
    """

    def __init__(self, data_dir: str | os.PathLike[str] | None = None) -> None:
        self.data_dir: Path = resolve_data_dir(data_dir)
        self.catalog_path: Path = self.data_dir / CATALOG_FILE
        self.docs_dir: Path = self.data_dir / DOCS_DIR
        self._catalog = AtomicJSONStorage(self.catalog_path, label="the document catalogue")
        self._docs: dict[str, _DocFile] = {}
        self._mutex = threading.RLock()
        self._lock_fd: int | None = None
        self._lock_depth = 0
        self._closed = False
        #: Set when annotations were saved but the catalogue count could not be
        #: (the annotation files are the truth; the count heals on the next change).
        self.catalog_error: StoreError | None = None

    def __repr__(self) -> str:
        return f"Store({str(self.data_dir)!r})"

    # -- lifecycle ---------------------------------------------------------

    def close(self) -> None:
        with self._mutex:
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

    @contextmanager
    def _locked(self) -> Iterator[None]:
        """Serialise read-modify-write across threads and processes."""
        with self._mutex:
            self._check_open()
            if self._lock_fd is None:
                lock_path = self.data_dir / LOCK_FILE
                try:
                    self.data_dir.mkdir(parents=True, exist_ok=True)
                    self._lock_fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o666)
                except OSError as exc:
                    raise StoreError(f"cannot save to {self.data_dir}: {_reason(exc)}") from exc
            outer = self._lock_depth == 0
            if outer and fcntl is not None:
                fcntl.flock(self._lock_fd, fcntl.LOCK_EX)
            self._lock_depth += 1
            try:
                yield
            finally:
                self._lock_depth -= 1
                if outer and fcntl is not None:
                    fcntl.flock(self._lock_fd, fcntl.LOCK_UN)

    # -- paths -------------------------------------------------------------

    def document_path(self, doc_id: str) -> Path:
        """The annotation file of ``doc_id`` (which may not exist yet)."""
        if not isinstance(doc_id, str) or not _DOC_ID_RE.fullmatch(doc_id):
            raise ValueError(f"invalid document id {doc_id!r}")
        return self.docs_dir / f"{doc_id}.json"

    def _doc(self, doc_id: str) -> _DocFile:
        doc = self._docs.get(doc_id)
        if doc is None:
            doc = self._docs[doc_id] = _DocFile(doc_id, self.document_path(doc_id))
        return doc

    # -- catalogue ---------------------------------------------------------

    def _catalog_data(self) -> dict[str, dict[str, Any]] | None:
        data = self._catalog.read()
        _schema_of(data, self.catalog_path)
        return data

    @staticmethod
    def _find(table: dict[str, Any], doc_id: str) -> str | None:
        for key, record in table.items():
            if record.get("id") == doc_id:
                return key
        return None

    def documents(self) -> list[dict]:
        """Catalogue records, most recently opened first."""
        with self._mutex:
            self._check_open()
            data = self._catalog_data()
            table = (data or {}).get(DOCUMENTS_TABLE, {})
            # ties (same millisecond) go to the later record
            order = sorted(table, key=lambda k: (str(table[k].get("opened", "")), int(k)), reverse=True)
            return [dict(table[k]) for k in order]

    def document_record(self, doc_id: str) -> dict | None:
        with self._mutex:
            self._check_open()
            table = (self._catalog_data() or {}).get(DOCUMENTS_TABLE, {})
            key = self._find(table, doc_id)
            return dict(table[key]) if key is not None else None

    def remember_document(self, doc_id: str, path: str, title: str, sections: int) -> None:
        """Record (or refresh) a document in the catalogue and mark it opened now."""
        self.document_path(doc_id)  # validates the id
        with self._locked():
            count = self._stored_count(doc_id)
            data = self._catalog_data()
            table = dict((data or {}).get(DOCUMENTS_TABLE, {}))
            key = self._find(table, doc_id)
            old = table.get(key, {}) if key is not None else {}
            if count is None:
                count = old.get("annotations", 0)
            record = {
                **old,
                "id": doc_id,
                "path": str(path),
                "title": title,
                "sections": int(sections),
                "annotations": count,
                "opened": utc_now(),
            }
            table[key if key is not None else str(_next_key(table))] = record
            self._catalog.write(_with_table(data, DOCUMENTS_TABLE, table))
            self.catalog_error = None

    def _stored_count(self, doc_id: str) -> int | None:
        """The number of annotations in the document's file; None if unreadable."""
        doc = self._doc(doc_id)
        try:
            doc.load()
        except StoreError:
            return None
        return len(doc.by_id)

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
                record = {"id": doc_id, "path": "", "title": "", "sections": 0, "opened": ""}
            else:
                record = dict(table[key])
            record["annotations"] = count
            table[key] = record
            self._catalog.write(_with_table(data, DOCUMENTS_TABLE, table))
            self.catalog_error = None
        except StoreError as exc:
            self.catalog_error = exc

    # -- annotations: reading ------------------------------------------------

    def annotations(self, doc_id: str) -> list[Annotation]:
        """The document's annotations sorted by (start, end, created)."""
        with self._mutex:
            self._check_open()
            doc = self._doc(doc_id)
            doc.load()
            return list(doc.sorted())

    def all_annotations(self, errors: list[StoreError] | None = None) -> Iterator[Annotation]:
        """Every stored annotation, document by document.

        Documents in the catalogue come first (most recently opened first), then
        any annotation file the catalogue does not know. A damaged file raises
        StoreError, unless ``errors`` is given: then it is appended there and skipped.
        """
        with self._mutex:
            self._check_open()
            try:
                order = [r["id"] for r in self.documents() if isinstance(r.get("id"), str)]
            except StoreError as exc:  # the catalogue only sets the order here
                if errors is not None:
                    errors.append(exc)
                order = []
            try:
                names = sorted(
                    p.name[: -len(".json")]
                    for p in self.docs_dir.iterdir()
                    if p.suffix == ".json" and not p.name.startswith(".")
                )
            except FileNotFoundError:
                names = []
            except OSError as exc:
                raise StoreError(f"cannot read {self.docs_dir}: {_reason(exc)}") from exc
        on_disk = set(names)
        seen: set[str] = set()
        for doc_id in [d for d in order if d in on_disk] + names:
            if doc_id in seen or not _DOC_ID_RE.fullmatch(doc_id):
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
            doc.load()
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

    def _change(
        self,
        doc_id: str,
        remove: Iterable[str],
        upsert: Iterable[Annotation],
        mode: str,
    ) -> None:
        self.document_path(doc_id)  # validates the id
        remove = list(dict.fromkeys(remove))
        upsert = list(upsert)
        for ann in upsert:
            if not isinstance(ann, Annotation):
                raise TypeError(f"expected an Annotation, got {type(ann).__name__}")
            if ann.document != doc_id:
                raise ValueError(
                    f"annotation {ann.id} belongs to document {ann.document}, not {doc_id}"
                )
        if not remove and not upsert:
            return
        with self._locked():
            doc = self._doc(doc_id)
            data = doc.load()
            keys = dict(doc.keys)
            for ann_id in remove:
                if ann_id not in keys:
                    raise AnnotationNotFound(f"annotation {ann_id} is not stored for document {doc_id}")
            for ann in upsert:
                if mode == "add" and ann.id in keys:
                    raise StoreError(f"annotation {ann.id} already exists in document {doc_id}")
                if mode == "update" and ann.id not in keys:
                    raise AnnotationNotFound(f"annotation {ann.id} is not stored for document {doc_id}")
            table = dict((data or {}).get(ANNOTATIONS_TABLE, {}))
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
            doc.storage.write_encoded(new, payload)  # raises StoreError; nothing changed then
            doc.adopt(new, keys, remove, upsert, next_key, fragments)
            self._sync_count(doc_id, len(keys))
