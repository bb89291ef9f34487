"""Cutting sections longer than the limit into numbered parts, at paragraph, line,
sentence or space boundaries, never inside a grapheme cluster. Part of the core."""

from __future__ import annotations

from ..graphemes import last_boundary, simple_boundary
from ..lazyre import LazyPattern
from .common import Raw, Section

# (compiled on first use: only a section too long for one screen needs them)
_SENTENCE_GAP = LazyPattern(r"(?r)[.!?…][\"'”’»)\]]*\s+|[。！？][\"'”’」』)\]]*")
_SPACE_RUN = LazyPattern(r"(?r)\s+")


def split_long(text: str, raw: list[Raw], max_chars: int) -> list[Section]:
    sections: list[Section] = []
    for r in raw:
        cuts = [r.start]
        pos = r.start
        while r.end - pos > max_chars:
            pos = _cut(text, pos, pos + max_chars, r.end)
            if pos >= r.end:
                break  # the rest is one grapheme cluster longer than the limit
            cuts.append(pos)
        cuts.append(r.end)
        count = len(cuts) - 1
        for k in range(count):
            if not r.title:
                title = f"Part {k + 1}"
            elif count == 1:
                title = r.title
            else:
                title = f"{r.title} ({k + 1}/{count})"
            lines = tuple(h for h in r.heading_lines if cuts[k] <= h[0] < cuts[k + 1])
            sections.append(Section(len(sections), title, cuts[k], cuts[k + 1], lines))
    return sections


def _cut(text: str, pos: int, hi: int, end: int) -> int:
    """A cut in (pos, hi] (beyond hi only for one huge cluster), preferring the top half."""
    half = pos + (hi - pos) // 2
    # Near the limit first, then anywhere: a paragraph, a line, a sentence, a space.
    for lo, top_limit in ((half, hi), (pos, min(hi, half + 2))):
        # After a blank line: the next part starts at a paragraph.
        i = text.rfind("\n\n", lo, top_limit)
        if i >= 0:
            return i + 2
        # After a newline (always a cluster boundary: GB4).
        i = text.rfind("\n", lo, top_limit)
        if i >= 0:
            return i + 1
        # After a sentence, then after any whitespace, if that is a cluster boundary.
        for pattern in (_SENTENCE_GAP, _SPACE_RUN):
            top = top_limit
            while top > lo:
                m = pattern.search(text, lo, top)
                if m is None:
                    break
                c = m.end()
                if simple_boundary(text, c):
                    return c
                # The run is followed by a combining mark (or the like), which
                # belongs to the last space: cut before that space instead.
                if pattern is _SPACE_RUN and c - 1 > max(m.start(), pos) and simple_boundary(text, c - 1):
                    return c - 1
                top = m.start()
    return last_boundary(text, pos, hi, end)
