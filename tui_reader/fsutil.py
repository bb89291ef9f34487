"""File-system helpers shared by the store and the exporters (pure core)."""

from __future__ import annotations

import os
from pathlib import Path


def fsync_dir(folder: Path) -> None:
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


def temp_path(target: Path) -> Path:
    """A fresh temp-file name next to ``target``: ``.<name>.<pid>.<12 hex>.tmp``
    (the store recognises and cleans up exactly these names)."""
    return target.parent / f".{target.name}.{os.getpid()}.{os.urandom(6).hex()}.tmp"


def write_new(path: Path, payload: bytes, mode: int | None = None) -> os.stat_result:
    """Create ``path`` (which must not exist), write ``payload``, fsync, close.
    On failure the partial file is removed and the OSError propagates."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags, 0o666)
    try:
        if mode is not None and hasattr(os, "fchmod"):
            os.fchmod(fd, mode)
        view = memoryview(payload)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
        st = os.fstat(fd)
    except BaseException:
        os.close(fd)
        try:
            os.unlink(path)
        except OSError:
            pass
        raise
    os.close(fd)
    return st
