"""Damage: what is wrong with a store file, and moving one aside (never deleting it)
to ``<name>.damaged-<UTC time>.<ending>`` next to it."""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import datetime, timezone
from pathlib import Path

from ..fsutil import fsync_dir
from ..integrity import text_problem
from .atomic import parse_tables
from .document_file import DocumentFile
from .errors import DamagedFile, StoreError, os_error_text
from .journal import Journal
from .layout import StoreLayout
from .lock import ProcessLock
from .schema import index_annotations, validate_catalogue


def utc_stamp() -> str:
    return datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")


class Inspector:
    """Finds what is wrong with the store's files, reading each afresh."""

    def __init__(
        self,
        layout: StoreLayout,
        journal: Journal,
        locked: Callable[[], AbstractContextManager[None]],
        lock: ProcessLock,
    ) -> None:
        self.layout = layout
        self.journal = journal
        self._locked = locked
        self._lock = lock

    def files(self) -> list[Path]:
        """Every store file: the journal, the catalogue, each document's file and log."""
        layout = self.layout
        files = [layout.journal_path, layout.catalog_path]
        for doc_id in layout.document_ids_on_disk():
            files.append(layout.document_path(doc_id))
            if os.path.lexists(layout.log_path(doc_id)):
                files.append(layout.log_path(doc_id))
        return files

    def problem(self, path: Path, length: int | None = None) -> str | None:
        """What is wrong with one store file, or None if it is usable (or absent);
        ``length``: its document's text length, when the text is at hand."""
        if path == self.layout.journal_path:
            try:
                self.journal.pending()
            except DamagedFile as exc:
                return exc.reason
            return None
        if path.suffix == ".log":
            return self.log_problem(path, length)
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            return f"cannot be read ({os_error_text(exc)})"
        if not raw:
            return None
        try:
            data = parse_tables(raw, path)
            if path == self.layout.catalog_path:
                validate_catalogue(data, path)
            else:
                anns = index_annotations(data, path)[2].values()
                if length is not None:
                    return text_problem(anns, length)
        except DamagedFile as exc:
            return exc.reason
        return None

    def log_problem(self, path: Path, length: int | None = None) -> str | None:
        """What is wrong with a change log (replayed over its file, as a read does);
        damage of the file itself is the file's, not the log's. With the text's
        ``length``: an annotation the log put there must end inside the text."""
        probe = DocumentFile(path.stem, path.with_suffix(".json"))
        try:
            data = probe.load()
        except DamagedFile as exc:
            if exc.path != path:
                return None
            if self._lock.depth == 0:  # a fold in progress looks like this: look again under the lock
                try:
                    with self._locked():
                        return self.log_problem(path, length)
                except StoreError:
                    pass
            return exc.reason
        except StoreError as exc:
            return str(exc)
        if length is None or probe.log is None:
            return None
        in_file = index_annotations(data, probe.path)[2]
        return text_problem([a for i, a in probe.by_id.items() if in_file.get(i) != a], length)


def move_aside(path: Path) -> Path:
    """Move ``path`` to ``<stem>.damaged-<UTC time>[-N]<ending>`` beside it; never
    over another file."""
    stamp = utc_stamp()
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
            raise StoreError(f"cannot move {path} aside: {os_error_text(exc)}") from exc
        fsync_dir(path.parent)
        return backup
