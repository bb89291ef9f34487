"""Where the reader left each document, so that reopening it goes back there.

Pure core: no Textual. One small JSON file per document path under the data folder's
``positions/`` (per path, not per text: an edited file reopens near where the reader
was; per file, not one shared file: two windows never write over each other's record).
The store's files are untouched. A position is a convenience: a missing, damaged or
hostile file is ignored, and a failed write loses nothing but the position.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from .document import Document
from .fsutil import fsync_dir

POSITIONS_DIR = "positions"
MAX_BYTES = 4096  # a record is ~150-800 bytes: anything larger is not ours
CONTEXT = 32  # characters kept on each side of the position, as an annotation's prefix/suffix


def _key(document: Document) -> str:
    """The file name of a document's record: its path's hash (its text's id when it has
    no path)."""
    if not document.path:
        return document.id
    return hashlib.sha256(document.path.encode("utf-8", "surrogatepass")).hexdigest()[:32]


class ReadingPositions:
    """The reading positions kept in ``data_dir``."""

    def __init__(self, data_dir: str | os.PathLike[str]) -> None:
        self.folder = Path(data_dir) / POSITIONS_DIR

    def path_of(self, document: Document) -> Path:
        return self.folder / f"{_key(document)}.json"

    def load(self, document: Document) -> int | None:
        """The offset where the reader left ``document`` (clamped into its text), or
        None when there is none or the record cannot be read."""
        try:
            with open(self.path_of(document), "rb") as f:
                raw = f.read(MAX_BYTES + 1)
        except OSError:
            return None
        if len(raw) > MAX_BYTES:
            return None
        try:
            record = json.loads(raw)
        except (ValueError, RecursionError):  # not JSON, not UTF-8, a 5,000-digit number
            return None
        if not isinstance(record, dict) or record.get("path", "") != document.path:
            return None
        offset = record.get("offset")
        if type(offset) is not int or not document.text:
            return None
        if record.get("document") != document.id:  # the file was edited since
            found = _find_context(document.text, offset, record.get("prefix"), record.get("suffix"))
            if found is not None:
                return found
        return max(0, min(offset, len(document.text) - 1))

    def save(self, document: Document, offset: int, *, durable: bool = False) -> bool:
        """Record ``offset`` for ``document`` (atomically: a temp file renamed over the
        old record; ``durable`` also fsyncs, for the last write of a session). False if
        it could not be written."""
        target = self.path_of(document)
        text, offset = document.text, int(offset)
        payload = json.dumps({
            "path": document.path, "document": document.id, "offset": offset,
            # the words around it, to find the place again in an edited file
            "prefix": text[max(0, offset - CONTEXT) : offset], "suffix": text[offset : offset + CONTEXT],
        }).encode()
        temp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            with open(temp, "wb") as f:
                f.write(payload)
                if durable:
                    f.flush()
                    os.fsync(f.fileno())
            os.replace(temp, target)
        except OSError:
            try:
                temp.unlink()
            except OSError:
                pass
            return False
        if durable:
            fsync_dir(self.folder)
        return True


def _nearest(text: str, needle: str, around: int) -> int | None:
    """Where ``needle`` starts in ``text`` nearest to ``around`` (exact match), or None."""
    after = text.find(needle, max(0, around))
    before = text.rfind(needle, 0, max(0, around) + len(needle) - 1) if around > 0 else -1
    found = [i for i in (after, before) if i >= 0]
    return min(found, key=lambda i: abs(i - around)) if found else None


def _find_context(text: str, offset: int, prefix, suffix) -> int | None:
    """The position in an edited ``text`` that has the saved words around it: the words
    before and after together, else those after, else those before; each found exactly,
    the occurrence nearest the old offset taken. None when none is found (or the record
    holds no context)."""
    if not isinstance(prefix, str) or not isinstance(suffix, str):
        return None
    if len(prefix) > CONTEXT or len(suffix) > CONTEXT:
        return None
    tries = [(prefix + suffix, len(prefix)), (suffix, 0), (prefix, len(prefix))]
    for needle, shift in tries:
        if len(needle.strip()) < 8:  # too little to tell one place from another
            continue
        at = _nearest(text, needle, offset - shift)
        if at is not None:
            return min(at + shift, len(text) - 1)
    return None
