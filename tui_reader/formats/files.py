"""Writing an export's files: atomically, keeping an existing file's permissions, and
every failure one line for the user.

Pure core: no Textual.
"""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

from ..errors import UserError
from ..fsutil import fsync_dir


class ExportError(UserError):
    """An export that could not be written; str() is one line for the user."""


def write_text(text: str, out: str | os.PathLike, encoding: str = "utf-8") -> Path:
    """Write ``text`` to ``out``, atomically, and return the path.

    A reader of ``out`` sees the old file or the new one, never half of one:
    the text goes to a temporary file in the same folder, is synced to disk, then
    renamed over ``out``. The folder must exist: a typo in a path is reported, not
    turned into new folders.
    """
    path = Path(out).expanduser()
    if not path.parent.exists():
        raise ExportError(f"cannot write {path}: the folder {path.parent} does not exist")
    if not path.parent.is_dir():
        raise ExportError(f"cannot write {path}: {path.parent} is a file, not a folder")
    tmp: str | None = None
    try:
        if path.is_dir():
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
        mode = _mode_for(path)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "w", encoding=encoding, newline="") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
        tmp = None
        fsync_dir(path.parent)
    except OSError as exc:
        raise ExportError(f"cannot write {path}: {_reason(exc)}") from exc
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
    return path


def make_folder(folder: Path, name: str) -> None:
    """Make the folder a format of several files writes into (its parent must exist);
    one that is there already is used as it is."""
    if folder.exists() and not folder.is_dir():
        raise ExportError(f"cannot write {folder}: {name} writes a folder, and this is a file")
    if not folder.exists():
        if not folder.parent.is_dir():
            raise ExportError(f"cannot write {folder}: the folder {folder.parent} does not exist")
        try:
            folder.mkdir()
        except OSError as exc:
            raise ExportError(f"cannot write {folder}: {exc.strerror or exc}") from None


def _mode_for(path: Path) -> int:
    """Keep an existing file's permissions; a new file gets the usual 0o644
    (mkstemp would leave it 0o600, readable by its owner only)."""
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        return 0o644


def _reason(exc: OSError) -> str:
    reason = exc.strerror or str(exc) or type(exc).__name__
    return " ".join(reason.split())
