"""Load a file into a Document: normalized text, title, sections and a stable id."""

from __future__ import annotations

import hashlib
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .errors import UserError
from .sections import Section, find_sections

MAX_BYTES = 32 * 1024 * 1024  # 32 MiB: a long book is 2-5 MB; see the README
MARKDOWN_SUFFIXES = {".md", ".markdown", ".mdown", ".mkd"}


class DocumentError(UserError):
    """A file that cannot be opened as a document; str() is one line for the user."""


def normalize(text: str) -> str:
    """Drop a BOM and turn CRLF and lone CR into LF."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:  # one scan; most files need no copy
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def document_id(text: str) -> str:
    """The id of a document is the sha256 of its normalized text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Document:
    text: str
    title: str
    sections: tuple[Section, ...]
    id: str
    path: str = ""
    markdown: bool = False
    _starts: tuple[int, ...] = field(default=(), repr=False, compare=False)

    @classmethod
    def from_text(
        cls,
        text: str,
        path: str = "",
        markdown: bool | None = None,
        known_id: "Callable[[], str] | None" = None,
    ) -> "Document":
        """A Document of ``text``; ``known_id`` may give its id (the sha256 of the
        normalized text) when the caller computes it on the side."""
        text = normalize(text)
        if markdown is None:
            markdown = Path(path).suffix.lower() in MARKDOWN_SUFFIXES
        fallback = Path(path).stem if path else "Untitled"
        if not text or text.isspace():  # isspace() stops at the first letter; strip() copies
            raise DocumentError(f"{path or 'the text'}: the file is empty")
        title, sections = find_sections(text, markdown, fallback_title=fallback)
        return cls(
            text=text,
            title=title,
            sections=tuple(sections),
            id=known_id() if known_id is not None else document_id(text),
            path=path,
            markdown=markdown,
            _starts=tuple(s.start for s in sections),
        )

    def section_at(self, offset: int) -> Section:
        """The section that holds ``offset`` (the last one for the end of the text)."""
        from bisect import bisect_right

        i = bisect_right(self._starts, offset) - 1
        return self.sections[max(0, min(i, len(self.sections) - 1))]

    def section_text(self, section: Section) -> str:
        return self.text[section.start : section.end]


def read_text(path: str | os.PathLike) -> str:
    """Read a file as UTF-8 text, or raise DocumentError with one clear line."""
    return _read(path)[1]


def _read(path: str | os.PathLike) -> tuple[bytes, str]:
    """The file's bytes and its text, or DocumentError."""
    p = Path(path)
    try:
        if not p.exists():
            raise DocumentError(f"{p}: no such file")
        if p.is_dir():
            raise DocumentError(f"{p}: is a folder, not a text file")
        if not p.is_file():
            # a pipe or a device would block or never end
            raise DocumentError(f"{p}: is not a regular file")
        size = p.stat().st_size
        if size > MAX_BYTES:
            raise DocumentError(
                f"{p}: {size / 1048576:.1f} MiB is over the {MAX_BYTES / 1048576:g} MiB limit for one document; split it into parts"
            )
        data = p.read_bytes()
    except PermissionError:
        raise DocumentError(f"{p}: permission denied") from None
    except OSError as exc:
        raise DocumentError(f"{p}: cannot be read ({exc.strerror or exc})") from None
    if not data or data.isspace():
        raise DocumentError(f"{p}: the file is empty")
    for bom, encoding in ((b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            raise DocumentError(
                f"{p}: is {encoding.upper()} text; convert it to UTF-8 first, e.g. iconv -f {encoding} -t utf-8 '{p}' > converted.txt"
            )
    if b"\x00" in data:
        raise DocumentError(f"{p}: looks like a binary file, not text (it contains NUL bytes)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DocumentError(
            f"{p}: not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            f"convert it first, e.g. iconv -f latin1 -t utf-8 '{p}' > converted.txt"
        ) from None
    body = text.lstrip("\ufeff")
    if not body or body.isspace():
        raise DocumentError(f"{p}: the file is empty")
    return data, text


def load_document(path: str | os.PathLike) -> Document:
    """Load ``path`` into a Document, or raise DocumentError."""
    data, text = _read(path)
    known_id = None
    if not data.startswith(b"\xef\xbb\xbf") and b"\r" not in data:
        # the file's bytes are already the normalized text's UTF-8: hash them on a thread
        # (hashlib lets go of the GIL) while the text is cut into sections
        result: list[str] = []
        worker = threading.Thread(target=lambda: result.append(hashlib.sha256(data).hexdigest()))
        worker.start()

        def known_id() -> str:
            worker.join()
            return result[0]

    return Document.from_text(text, path=str(Path(path).resolve()), known_id=known_id)
