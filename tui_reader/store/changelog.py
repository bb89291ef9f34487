"""One document's change log: changes appended beside its TinyDB file.

``docs/<doc_id>.log`` holds a header line, then one line of JSON per change
(``{"remove": [ids], "put": [records]}``), each appended and fsynced on its own, so
that a durable change costs the same in a document of 20,000 annotations as in one
of 100. The header names the TinyDB file's content the changes apply to (its
SHA-256), so a log is never replayed over a file that has since been replaced. The
store folds the log into the TinyDB file (which stays the canonical store) on close
and once the log outgrows it; until then every reader replays it.

A last line without its newline is a change a killed writer did not finish: it is
ignored, and cut off by the next append. Anything else that is not a change is damage.

Part of the pure core: no Textual.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..fsutil import fsync_dir, temp_path, write_new

FORMAT = "tui-reader-changes"
VERSION = 1
# A log is folded once it is larger than its TinyDB file and at least this size.
FOLD_MIN_BYTES = 1 << 20
_HEADER_MAX = 4096


class LogDamage(Exception):
    """The log cannot be used; ``reason`` says why in a few words. ``newer``: it is
    not damaged but written by a newer tui-reader (so it must not be moved aside)."""

    def __init__(self, reason: str, newer: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.newer = newer


@dataclass(frozen=True)
class LogPosition:
    """How far one reader has read a log: the log (inode, token), the base file
    content it applies to, the end of its last complete change and their number."""

    ino: int
    token: str
    base: str
    offset: int
    changes: int


@dataclass(frozen=True)
class LogRead:
    """Changes read from a log: ``(remove ids, put records)`` each, in order.
    ``from_start``: they are the whole log (it is not the one ``since`` was in)."""

    position: LogPosition
    changes: list[tuple[list[str], list[dict[str, Any]]]]
    from_start: bool


def encode_change(remove: list[str], put: list[dict[str, Any]]) -> bytes:
    """One change as a log line (JSON escapes newlines, so it is one line)."""
    body = json.dumps({"remove": remove, "put": put}, ensure_ascii=False, separators=(",", ":"))
    return body.encode("utf-8") + b"\n"


def _parse_header(line: bytes) -> tuple[str, str]:
    try:
        header = json.loads(line.decode("utf-8"))
    except (ValueError, RecursionError):
        raise LogDamage("its first line is not a change log's header") from None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise LogDamage("its first line is not a change log's header")
    version = header.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise LogDamage(f"log version {version!r} is not a number")
    if version > VERSION:
        raise LogDamage(f"written by a newer tui-reader (log version {version}; this version reads {VERSION})", newer=True)
    token, base = header.get("token"), header.get("base")
    if not (isinstance(token, str) and token and isinstance(base, str) and base):
        raise LogDamage("its header names no base file")
    return token, base


def _parse_change(line: bytes, number: int) -> tuple[list[str], list[dict[str, Any]]]:
    try:
        change = json.loads(line.decode("utf-8"))
    except (ValueError, RecursionError):
        raise LogDamage(f"change {number} is not valid JSON") from None
    if not isinstance(change, dict) or set(change) != {"remove", "put"}:
        raise LogDamage(f"change {number} is not a change")
    remove, put = change["remove"], change["put"]
    if not (isinstance(remove, list) and all(isinstance(i, str) and i for i in remove)):
        raise LogDamage(f"change {number} removes something that is not an annotation id")
    if not (isinstance(put, list) and all(isinstance(r, dict) for r in put)):
        raise LogDamage(f"change {number} stores something that is not a record")
    return remove, put


def _read_from(fd: int, offset: int) -> bytes:
    parts = []
    while True:
        chunk = os.pread(fd, 1 << 20, offset)
        if not chunk:
            return b"".join(parts)
        parts.append(chunk)
        offset += len(chunk)


def read(path: Path, since: LogPosition | None = None) -> LogRead | None:
    """The complete changes of the log at ``path`` after ``since`` (all of them if
    the log is not the one ``since`` was in); None if there is no log.
    Raises LogDamage, or OSError if it cannot be read."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except FileNotFoundError:
        return None
    try:
        st = os.fstat(fd)
        head = os.pread(fd, _HEADER_MAX, 0)
        end_of_header = head.find(b"\n")
        if end_of_header < 0:
            raise LogDamage("it is empty" if not head else "its header line is cut short")
        token, base = _parse_header(head[:end_of_header])
        if since is not None and (since.ino, since.token) == (st.st_ino, token) and st.st_size >= since.offset:
            offset, count, from_start = since.offset, since.changes, False
        else:
            offset, count, from_start = end_of_header + 1, 0, True
        raw = _read_from(fd, offset)
    finally:
        os.close(fd)
    complete = raw.rfind(b"\n") + 1  # past that: a change being written, or one a kill cut short
    changes = []
    for line in raw[:complete].split(b"\n")[:-1]:
        count += 1
        changes.append(_parse_change(line, count))
    return LogRead(LogPosition(st.st_ino, token, base, offset + complete, count), changes, from_start)


def create(path: Path, base: str, line: bytes) -> LogPosition:
    """A new log holding ``line``, on the TinyDB file whose digest is ``base``: written
    to a temp file, fsynced and renamed into place."""
    token = os.urandom(8).hex()
    header = json.dumps({"format": FORMAT, "version": VERSION, "base": base, "token": token}).encode("utf-8")
    payload = header + b"\n" + line
    tmp = temp_path(path)
    st = write_new(tmp, payload)
    try:
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    fsync_dir(path.parent)
    return LogPosition(st.st_ino, token, base, len(payload), 1)


def append(path: Path, position: LogPosition, line: bytes) -> LogPosition:
    """Append ``line`` after the last complete change (cutting off one a kill left
    unfinished) and fsync. On failure the log is cut back to where it was."""
    fd = os.open(path, os.O_RDWR)
    try:
        st = os.fstat(fd)
        if st.st_ino != position.ino or st.st_size < position.offset:
            raise LogDamage("it was replaced or cut short while the store's lock was held")
        try:
            if st.st_size != position.offset:
                os.ftruncate(fd, position.offset)
            view, at = memoryview(line), position.offset
            while view:
                written = os.pwrite(fd, view, at)
                view, at = view[written:], at + written
            os.fsync(fd)
        except BaseException:
            try:
                os.ftruncate(fd, position.offset)
            except OSError:
                pass
            raise
    finally:
        os.close(fd)
    return replace(position, offset=position.offset + len(line), changes=position.changes + 1)
