"""Atomic files: a TinyDB storage that never rewrites a file in place, and the
parsing of a TinyDB file's bytes into its tables (damage named, never guessed at)."""

from __future__ import annotations

import hashlib
import json
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from ..fsutil import fsync_dir, temp_path, write_new
from ..integrity import json_problem
from .errors import DamagedFile, StoreError, os_error_text


def content_digest(raw: bytes) -> str:
    """The SHA-256 of a file's bytes: how a change log names the file it applies to."""
    return hashlib.sha256(raw).hexdigest()


def parse_tables(raw: bytes, path: Path) -> dict[str, dict[str, Any]]:
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


@dataclass(frozen=True)
class StagedFile:
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

    def forget(self) -> None:
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
            self.forget()
            self._digested = True
            return None
        except OSError as exc:
            self.forget()
            raise StoreError(f"cannot read {self.path}: {os_error_text(exc)}") from exc
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
            raise StoreError(f"cannot read {self.path}: {os_error_text(exc)}") from exc

    def _digest_cached(self) -> bool:
        """Digest the bytes of the cached version, if that is still what is on disk."""
        got = self._raw()
        if got is None or (got[0].st_ino, got[0].st_mtime_ns, got[0].st_size) != self._key:
            return False
        self.digest, self._digested = content_digest(got[1]), True
        return True

    def _load(self, digest: bool = False) -> dict[str, dict[str, Any]] | None:
        self.forget()
        got = self._raw()
        if got is None:
            self._digested = True
            return None
        st, raw = got
        data = parse_tables(raw, self.path) if raw else None
        self._key = (st.st_ino, st.st_mtime_ns, st.st_size)
        self._data = data
        if digest:
            self.digest, self._digested = content_digest(raw), True
        return data

    @property
    def has_digest(self) -> bool:
        """Whether :attr:`digest` is known for the cached version."""
        return self._digested

    @property
    def size(self) -> int:
        """The cached version's size in bytes (0: none)."""
        return self._key[2] if self._key else 0

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
        return StoreError(f"cannot save {self.label} to {self.path}: {os_error_text(exc)}")

    def stage(self, payload: bytes) -> StagedFile:
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
        tmp = temp_path(path)
        new_folder = False
        try:
            try:
                st = write_new(tmp, payload, mode)
            except FileNotFoundError:  # first write: create the folder now, not before
                folder.mkdir(parents=True, exist_ok=True)
                new_folder = True
                st = write_new(tmp, payload, mode)
        except OSError as exc:
            self.forget()
            raise self._error(exc) from exc
        return StagedFile(tmp, (st.st_ino, st.st_mtime_ns, st.st_size), new_folder, content_digest(payload))

    def mark_replaced(self, data: dict[str, dict[str, Any]], staged: StagedFile) -> None:
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
            self.forget()
            if isinstance(exc, OSError):
                raise self._error(exc) from exc
            raise
        self.mark_replaced(data, staged)
        fsync_dir(self.path.parent)
        if staged.new_folder:
            fsync_dir(self.path.parent.parent)

    def close(self) -> None:
        self.forget()
