"""Section detection: Markdown headings, plain-text headlines, and fallback parts."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    index: int  # 0-based position in the document
    title: str
    start: int  # offset of the section's first character (its heading line, if any)
    end: int  # exclusive


def find_sections(text: str, markdown: bool, fallback_title: str = "") -> tuple[str, list[Section]]:
    """Return (document title, sections) for normalized ``text``. Sections tile the text."""
    raise NotImplementedError
