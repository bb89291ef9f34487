"""Native export: every document's annotations as one JSON file.

Pure core: no Textual. The native format is what ``tui-reader export`` writes and
``tui-reader list --json`` prints per annotation; keep it stable and versioned.
"""

from __future__ import annotations

import errno
import json
import os
import re
import tempfile
import unicodedata
from pathlib import Path

from .annotations import utc_now
from .errors import UserError
from .fsutil import fsync_dir

FORMAT = "tui-reader"
VERSION = 1

_NAME_SUFFIX = "-annotations.json"
_FALLBACK_NAME = "annotations.json"
_MAX_NAME = 64  # characters, suffix included


class ExportError(UserError):
    """An export that could not be written; str() is one line for the user."""


def native_export(documents: list[dict], exported: str | None = None) -> dict:
    """The native export of ``documents``.

    Each input is ``{"id", "path", "title", "annotations": [Annotation, ...]}``;
    annotations come out as ``Annotation.to_dict()`` in document order. ``exported``
    (a UTC time) defaults to now.
    """
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported": exported or utc_now(),
        "documents": [
            {
                "id": doc["id"],
                "path": str(doc.get("path") or ""),
                "title": doc.get("title") or "",
                "annotations": [
                    ann.to_dict()
                    for ann in sorted(doc.get("annotations", ()), key=lambda a: (a.start, a.end))
                ],
            }
            for doc in documents
        ],
    }


def dumps(data: dict) -> str:
    """JSON text for ``data``: indented, except that each annotation of the native format
    stands on one compact line. Still one JSON document that any parser reads; readable
    in an editor or a diff; and about three times faster to write than ``indent=2`` all
    the way down (Python's indenting encoder is pure Python)."""
    documents = data.get("documents")
    if not isinstance(documents, list) or not all(
        isinstance(d, dict) and isinstance(d.get("annotations"), list) for d in documents
    ):
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    dump = json.dumps
    # one encoder for every annotation: json.dumps with options builds a new one per call
    encode = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": ")).encode
    head = {k: v for k, v in data.items() if k != "documents"}
    parts = ["{\n"]
    for key, value in head.items():
        parts.append(f"  {dump(key)}: {dump(value, ensure_ascii=False)},\n")
    parts.append('  "documents": [')
    for i, doc in enumerate(documents):
        parts.append(",\n    {\n" if i else "\n    {\n")
        for key, value in doc.items():
            if key != "annotations":
                parts.append(f"      {dump(key)}: {dump(value, ensure_ascii=False)},\n")
        lines = [encode(a) for a in doc["annotations"]]
        if lines:
            parts.append('      "annotations": [\n        ' + ",\n        ".join(lines) + "\n      ]\n    }")
        else:
            parts.append('      "annotations": []\n    }')
    parts.append("\n  ]\n}\n" if documents else "]\n}\n")
    return "".join(parts)


def write_json(data: dict, out: str | os.PathLike) -> Path:
    """Write ``data`` as UTF-8 JSON to ``out``, atomically (see :func:`write_text`)."""
    return write_text(dumps(data), out)


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
        _fsync_dir(path.parent)
    except OSError as exc:
        raise ExportError(f"cannot write {path}: {_reason(exc)}") from exc
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
    return path


def _mode_for(path: Path) -> int:
    """Keep an existing file's permissions; a new file gets the usual 0o644
    (mkstemp would leave it 0o600, readable by its owner only)."""
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        return 0o644


_fsync_dir = fsync_dir


def _reason(exc: OSError) -> str:
    reason = exc.strerror or str(exc) or type(exc).__name__
    return " ".join(reason.split())


def default_export_name(title: str) -> str:
    """A safe file name for exporting ``title``'s annotations.

    "U.S. Military Begins Joint Operations" -> "us-military-begins-joint-operations-annotations.json".
    Accents are folded to ASCII where they can be; letters with no ASCII form
    (CJK, Cyrillic...) are kept. At most 64 characters, cut at a word boundary.
    """
    slug = short_slug(title, _MAX_NAME - len(_NAME_SUFFIX))
    return f"{slug}{_NAME_SUFFIX}" if slug else _FALLBACK_NAME


def short_slug(title: str, room: int) -> str:
    """``title`` as a file-name slug of at most ``room`` characters, cut at a word
    boundary (and not on "with" or "of"); "" when nothing of it is usable."""
    slug = _slug(title or "")
    if len(slug) > room:
        cut = slug[: room + 1].rfind("-")
        slug = slug[:cut] if cut > 0 else slug[:room]
        # A cut name should not end on "with" or "of".
        slug = re.sub(r"(?:-(?:a|an|and|at|by|for|from|in|of|on|or|the|to|with))+$", "", slug)
        slug = slug.strip("-")
    return slug


def _slug(title: str) -> str:
    # "U.S." -> "us", "Ecuador's" -> "ecuadors": marks inside a word don't split it.
    title = re.sub(r"(?<=\w)[.'’](?=\w)", "", title)
    chars = []
    for ch in unicodedata.normalize("NFKC", title):
        folded = "".join(
            c for c in unicodedata.normalize("NFKD", ch.casefold()) if not unicodedata.combining(c)
        )
        if folded.isascii():
            chars.append(folded)
        elif ch.isalnum():
            chars.append(ch)
        else:
            chars.append(" ")
    text = "".join(chars).lower()
    return re.sub(r"[^\w]+|_+", "-", text, flags=re.UNICODE).strip("-")
