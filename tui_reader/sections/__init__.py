"""Section detection: Markdown headings, plain-text chapters and headlines, fallback parts.

``find_sections`` cuts a document's normalized text into sections that tile it
exactly: the first starts at 0, each ends where the next starts, the last ends at
``len(text)``. Cuts fall on line starts, or for an over-long line on whitespace or
at least on a grapheme-cluster boundary, so a section never splits an emoji family
or an accented letter.

The work is done line by line (Markdown) or with cheap string tests before any
regex (plain text), so a 10 MB book is sectioned in a fraction of a second. This
package is part of the core: it must not import Textual.
"""

from __future__ import annotations

from .common import Heading, Raw, Section, has_content, one_line
from .markdown import markdown_headings
from .parts import split_long
from .plain import plain_headings, uses_blank_line_paragraphs

__all__ = ["MAX_SECTION_CHARS", "Section", "find_sections", "uses_blank_line_paragraphs"]

MAX_SECTION_CHARS = 12_000
"""Sections longer than this are split into numbered parts (see ``find_sections``)."""


def find_sections(
    text: str,
    markdown: bool,
    fallback_title: str = "",
    *,
    max_chars: int = MAX_SECTION_CHARS,
) -> tuple[str, list[Section]]:
    """Return (document title, sections) for normalized ``text``. Sections tile the text.

    ``markdown`` selects ATX/setext headings (outside fenced code) over plain-text
    chapter and headline detection. A heading with no body of its own is merged into
    the section after it; text with content before the first heading becomes its own
    section. Sections longer than ``max_chars`` are split into parts "Title (1/3)" ...;
    text with no headings at all becomes "Part 1", "Part 2" ...

    Empty text has no sections. A part is longer than ``max_chars`` only if a single
    grapheme cluster is.
    """
    if max_chars < 1:
        raise ValueError("max_chars must be at least 1")
    fallback = one_line(fallback_title)
    if not text:
        return fallback, []

    if markdown:
        headings, content_start = markdown_headings(text)
        doc_title = next((h.title for h in headings if h.level == 1), "")
        if not doc_title:
            doc_title = headings[0].title if headings else fallback
    else:
        headings, doc_title = plain_headings(text, fallback)
        content_start = 0

    raw = _assemble(text, headings, doc_title, content_start)
    return doc_title, split_long(text, raw, max_chars)


# ---------------------------------------------------------------------------
# Assembly: headings -> tiling sections, merging headings with empty bodies


def _lines_of(text: str, h: Heading) -> list[tuple[int, int]]:
    """(start, end) of each line of a heading, end at its line break."""
    out = []
    pos = h.start
    while pos < h.body:
        nl = text.find("\n", pos, h.body)
        end = nl if nl >= 0 else h.body
        out.append((pos, end))
        pos = end + 1
    return out


def _assemble(text: str, headings: list[Heading], doc_title: str, content_start: int) -> list[Raw]:
    n = len(text)
    if not headings:
        return [Raw(0, n, "")]
    out: list[Raw] = []
    first = headings[0].start
    # Front matter (content_start > 0) is metadata, not reading matter: alone it
    # does not make a preamble.
    if has_content(text, content_start, first):
        out.append(Raw(0, first, doc_title or "Beginning"))
        pending = None
    else:
        pending = 0
    lines: list[tuple[int, int]] = []  # heading lines of the section being gathered
    marker: Heading | None = None  # a chapter marker with no body of its own, waiting
    for i, h in enumerate(headings):
        end = headings[i + 1].start if i + 1 < len(headings) else n
        start = h.start if pending is None else pending
        lines.extend(_lines_of(text, h))
        if i + 1 < len(headings) and not has_content(text, h.body, end):
            if pending is None:
                pending = start
            if h.kind:
                marker = h
            continue
        title = h.title
        if marker is not None and h.kind and h.kind != marker.kind:
            title = f"{marker.title} — {title}"  # "Part Two — Chapter 5"
        out.append(Raw(start, end, title, tuple(lines)))
        pending = marker = None
        lines = []
    return out
