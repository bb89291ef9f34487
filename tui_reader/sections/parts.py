"""Cutting sections longer than the limit into numbered parts, at paragraph, line,
sentence or space boundaries, never inside a grapheme cluster. Part of the core."""

from __future__ import annotations

from ..lazyre import LazyPattern
from .common import Raw, Section

# (compiled on first use: only a section too long for one screen needs them)
_JOINS_PREVIOUS = LazyPattern(r"[\p{GCB=Extend}\p{GCB=ZWJ}\p{GCB=SpacingMark}]")
_ENDS_CLUSTER = LazyPattern(r"[\p{GCB=Other}\p{GCB=Control}\p{GCB=LF}]")
# A character after which a break is certain unless the next one joins it.
_CLEAN_BREAK_BEFORE = LazyPattern(
    r"(?r)[\p{GCB=Other}\p{GCB=Control}\p{GCB=LF}](?![\p{GCB=Extend}\p{GCB=ZWJ}\p{GCB=SpacingMark}])"
)
_CLUSTERS = LazyPattern(r"(?s)(\X)*")
_ONE_CLUSTER = LazyPattern(r"(?s)\X")
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
                if _is_simple_boundary(text, c):
                    return c
                # The run is followed by a combining mark (or the like), which
                # belongs to the last space: cut before that space instead.
                if pattern is _SPACE_RUN and c - 1 > max(m.start(), pos) and _is_simple_boundary(text, c - 1):
                    return c - 1
                top = m.start()
    return cluster_cut(text, pos, hi, end)


def _is_simple_boundary(text: str, i: int) -> bool:
    """True if ``i`` is a grapheme boundary judged from its two neighbours alone.

    Safe when ``text[i - 1]`` is whitespace or punctuation ("Other" or "Control"):
    no rule joins such a character to the next one except GB9/9a (Extend, ZWJ,
    SpacingMark). Returns False rather than guess otherwise.
    """
    if i >= len(text) or i <= 0:
        return True
    return _ENDS_CLUSTER.match(text, i - 1) is not None and _JOINS_PREVIOUS.match(text, i) is None


def cluster_cut(text: str, pos: int, hi: int, end: int) -> int:
    """The last grapheme boundary in (pos, hi]; ``pos`` must be a boundary."""
    # Fast: the last place whose neighbours alone prove a boundary (nearly always
    # within a few characters of ``hi``).
    top = hi
    while top > pos:
        m = _CLEAN_BREAK_BEFORE.search(text, pos, top)
        if m is None:
            break
        c = m.end()
        if c > pos and _is_simple_boundary(text, c):
            return c
        top = m.start()
    # Slow but exact (runs of flags, Hangul jamo ...): walk the clusters from ``pos``.
    m = _CLUSTERS.match(text, pos=pos, endpos=hi)
    starts = m.starts(1)
    if starts:
        last = starts[-1]
        # Clusters before the last were seen whole; the last may be cut short by endpos.
        if _ONE_CLUSTER.match(text, pos=last, endpos=end).end() == hi:
            return hi
        if last > pos:
            return last
    # One cluster longer than the limit: keep it whole.
    return _ONE_CLUSTER.match(text, pos=pos, endpos=end).end()
