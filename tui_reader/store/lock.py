"""The process lock: an exclusive ``flock`` on ``.lock`` held for one change (or a
caller's read-then-change), and the holder record written into it, so that a writer
that gives up waiting can say who holds it."""

from __future__ import annotations

import errno
import json
import os
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from ..annotations import utc_now
from ..integrity import is_int
from .errors import StoreBusy, StoreError, os_error_text

try:  # POSIX advisory locks; without them writers in one process are still serialised.
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

DEFAULT_LOCK_TIMEOUT = 10.0
_HOLDER_RECORD_SIZE = 512  # the holder's record is padded to this, written in one pwrite


class ProcessLock:
    """The store's lock, re-entrant within a process (``mutex`` serialises threads)."""

    def __init__(self, data_dir: Path, path: Path, timeout: float | None, mutex: threading.RLock) -> None:
        self.data_dir = data_dir
        self.path = path
        #: Seconds to wait for another process before StoreBusy; None waits as long as it takes.
        self.timeout = timeout
        self.mutex = mutex
        self.depth = 0  # how many `held` blocks this process is inside
        self._fd: int | None = None

    @contextmanager
    def held(self, on_acquire: Callable[[], None] | None = None) -> Iterator[None]:
        """Hold the lock; ``on_acquire`` runs when it is first taken (before the block)."""
        with self.mutex:
            outer = self.depth == 0
            if outer:
                self._acquire()
                try:
                    if on_acquire is not None:
                        on_acquire()
                except BaseException:
                    self._release()
                    raise
            self.depth += 1
            try:
                yield
            finally:
                self.depth -= 1
                if outer:
                    self._release()

    def _file(self) -> int:
        if self._fd is None:
            try:
                self.data_dir.mkdir(parents=True, exist_ok=True)
                self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o666)
            except OSError as exc:
                raise StoreError(f"cannot save to {self.data_dir}: {os_error_text(exc)}") from exc
        return self._fd

    def _acquire(self) -> None:
        fd = self._file()
        if fcntl is None:  # pragma: no cover - Windows
            return
        if self.timeout is None:
            fcntl.flock(fd, fcntl.LOCK_EX)
        else:
            deadline = time.monotonic() + max(0.0, self.timeout)
            delay = 0.0005
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except OSError as exc:
                    if exc.errno not in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                        raise StoreError(f"cannot lock {self.path}: {os_error_text(exc)}") from exc
                left = deadline - time.monotonic()
                if left <= 0:
                    raise StoreBusy(self.busy_message())
                time.sleep(min(delay, left))
                delay = min(delay * 2, 0.01)
        record = json.dumps(
            {"pid": os.getpid(), "command": _command_name(sys.argv), "since": utc_now()}
        ).encode("utf-8")[: _HOLDER_RECORD_SIZE - 1]
        try:
            os.pwrite(fd, record.ljust(_HOLDER_RECORD_SIZE - 1) + b"\n", 0)
        except OSError:
            pass  # only informative

    def _release(self) -> None:
        if fcntl is not None and self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def holder(self) -> tuple[int, str] | None:
        """(pid, command) of the process holding the lock, when it can be told."""
        try:
            with open(self.path, "rb") as fh:
                st = os.fstat(fh.fileno())
                raw = fh.read(_HOLDER_RECORD_SIZE)
        except OSError:
            return None
        try:
            recorded = json.loads(raw.decode("utf-8") or "{}")
        except (ValueError, RecursionError):  # written by something else, or being written
            recorded = None
        if not isinstance(recorded, dict):
            recorded = {}
        rec_pid = recorded.get("pid")
        rec_pid = rec_pid if is_int(rec_pid) and 0 < rec_pid < 2**31 else None
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

    def busy_message(self) -> str:
        holder = self.holder()
        who = f"{holder[1]} (pid {holder[0]})" if holder else "another process"
        return f"the store at {self.data_dir} is busy: {who} is writing; try again"


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
