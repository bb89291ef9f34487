"""The journal: a change to several files made all-or-nothing, and the recovery of
what a killed writer left.

Every new file is first written to a fsynced temp file next to its target; then
``journal.json`` (the temp -> target replacements, and the change logs folded into
those targets, to delete) is written and renamed into place: that rename is the
commit point. Only then are the temps renamed over their targets, the logs deleted
and the journal deleted. A process killed before the commit leaves temp files that
the next Store deletes; one killed after it leaves a journal that the next Store (or
the next write, or a read that sees it) rolls forward.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..annotations import utc_now
from ..fsutil import fsync_dir, temp_path, write_new
from .atomic import AtomicJSONStorage, StagedFile
from .errors import DamagedFile, StoreError, os_error_text
from .layout import TEMP_NAME, StoreLayout

Replacement = tuple[Path, Path]  # (temp file, target)


class Journal:
    """The journal of one data folder."""

    def __init__(self, layout: StoreLayout) -> None:
        self.layout = layout
        self.path = layout.journal_path
        #: A committed change is not in place yet (put in place under the lock next).
        self.unfinished = False

    def leftovers(self) -> bool:
        """Whether a killed writer left a journal or temp files (no lock taken)."""
        return os.path.lexists(self.path) or any(True for _ in self.layout.temp_files())

    def commit(self, writes: list[tuple[AtomicJSONStorage, dict[str, Any], bytes]], drops: Iterable[Path] = ()) -> None:
        """Replace the files of ``writes`` (storage, its new data, their bytes) and delete
        the change logs in ``drops``, as one change (lock held)."""
        data_dir = self.layout.data_dir
        drops = list(drops)
        staged: list[tuple[AtomicJSONStorage, dict[str, Any], StagedFile]] = []
        journal_tmp: Path | None = None
        try:
            for storage, data, payload in writes:
                staged.append((storage, data, storage.stage(payload)))
            # the temp files' names must be on disk before the journal points at them
            for folder in {s.tmp.parent for _, _, s in staged}:
                fsync_dir(folder)
            if any(s.new_folder for _, _, s in staged):
                fsync_dir(data_dir)
            journal: dict[str, Any] = {
                "format": "tui-reader-journal",
                "version": 1,
                "pid": os.getpid(),
                "created": utc_now(),
                "replace": [
                    [s.tmp.relative_to(data_dir).as_posix(), storage.path.relative_to(data_dir).as_posix()]
                    for storage, _, s in staged
                ],
            }
            if drops:
                journal["drop"] = [p.relative_to(data_dir).as_posix() for p in drops]
            journal_tmp = temp_path(self.path)
            write_new(journal_tmp, json.dumps(journal, ensure_ascii=False).encode("utf-8"))
            os.replace(journal_tmp, self.path)  # the commit point
            journal_tmp = None
        except BaseException as exc:
            for storage, _, s in staged:
                try:
                    os.unlink(s.tmp)
                except OSError:
                    pass
                storage.forget()
            if journal_tmp is not None:
                try:
                    os.unlink(journal_tmp)
                except OSError:
                    pass
            if isinstance(exc, OSError):
                raise StoreError(
                    f"cannot save the change to {len(writes)} files in {data_dir}: {os_error_text(exc)}"
                ) from exc
            raise
        fsync_dir(data_dir)
        try:
            self.roll_forward([(s.tmp, storage.path) for storage, _, s in staged], drops)
        except OSError as exc:
            for storage, _, _ in staged:
                storage.forget()
            self.unfinished = True
            raise StoreError(
                f"the change was saved in {self.path} but could not be put in place "
                f"({os_error_text(exc)}); it will be when the store is next opened or written"
            ) from exc
        for storage, data, s in staged:
            storage.mark_replaced(data, s)

    def pending(self) -> tuple[list[Replacement], list[Path]]:
        """What a committed change still has to do: the replacements to make, then the
        change logs to delete. DamagedFile if the journal cannot be trusted."""
        path = self.path
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            return [], []
        except OSError as exc:
            raise StoreError(f"cannot read {path}: {os_error_text(exc)}") from exc
        try:
            data = json.loads(raw.decode("utf-8"))
        except (ValueError, RecursionError):  # not UTF-8, not JSON, a number too long
            raise DamagedFile(path, "not a readable journal (not JSON)") from None
        moves = data.get("replace") if isinstance(data, dict) else None
        if not isinstance(moves, list):
            raise DamagedFile(path, "not a journal of file replacements")
        pairs = []
        for item in moves:
            if not (isinstance(item, list) and len(item) == 2 and all(isinstance(p, str) for p in item)):
                raise DamagedFile(path, f"journal entry {item!r} is not a pair of file names")
            tmp_rel, target_rel = item
            target = self.layout.inside(target_rel, ".json")
            tmp = self.layout.data_dir / tmp_rel
            m = TEMP_NAME.fullmatch(Path(tmp_rel).name)
            if target is None or tmp.parent != target.parent or not m or m.group("name") != target.name:
                raise DamagedFile(path, f"journal entry {item!r} names files outside the store")
            pairs.append((tmp, target))
        drops = data.get("drop", [])
        if not isinstance(drops, list):
            raise DamagedFile(path, "its list of change logs to delete is not a list")
        logs = []
        for item in drops:
            log = self.layout.inside(item, ".log") if isinstance(item, str) else None
            if log is None:
                raise DamagedFile(path, f"journal entry {item!r} is not a change log of the store")
            logs.append(log)
        return pairs, logs

    def roll_forward(self, pairs: list[Replacement], drops: Iterable[Path] = ()) -> None:
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
            fsync_dir(folder)
        try:
            os.unlink(self.path)
        except FileNotFoundError:
            pass
        fsync_dir(self.layout.data_dir)

    def finish(self) -> None:
        """Finish a committed change and delete every temp file (lock held).
        DamagedFile if the journal cannot be trusted (nothing is then done)."""
        pairs, drops = self.pending()
        try:
            if pairs or os.path.lexists(self.path):
                self.roll_forward(pairs, drops)
            for tmp in self.layout.temp_files():
                try:
                    os.unlink(tmp)
                except FileNotFoundError:
                    pass
        except OSError as exc:
            raise StoreError(
                f"cannot finish a change interrupted in {self.layout.data_dir}: {os_error_text(exc)}"
            ) from exc
        self.unfinished = False
