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
MAX_BYTES = 4096  # a record is ~150 bytes: anything larger is not ours


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
        return max(0, min(offset, len(document.text) - 1))

    def save(self, document: Document, offset: int, *, durable: bool = False) -> bool:
        """Record ``offset`` for ``document`` (atomically: a temp file renamed over the
        old record; ``durable`` also fsyncs, for the last write of a session). False if
        it could not be written."""
        target = self.path_of(document)
        payload = json.dumps({"path": document.path, "document": document.id, "offset": int(offset)}).encode()
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
