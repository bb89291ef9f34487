"""Grapheme clusters: the one place that segments text into user-perceived characters.

A *cluster* is an extended grapheme cluster (UAX #29, the ``regex`` module's ``\\X``): an
accented letter written as two code points, an emoji family or a flag is one cluster.
The cursor moves by clusters, and no span the program makes (a selection, a find match,
a re-anchored quote, a section cut, an agreement token) ever splits one.

Pure core: no Textual. The patterns compile on first use (see lazyre), and text whose
code points are clusters on their own (ASCII, most Latin text) is never segmented at
all, so opening an ordinary article does not import ``regex``.
"""

from __future__ import annotations

from typing import Sequence

from .lazyre import LazyPattern

__all__ = [
    "CLUSTER",
    "SINGLETON_CLUSTERS",
    "certain_break",
    "cluster_end",
    "clusters",
    "last_boundary",
    "only_singletons",
    "simple_boundary",
    "tokens",
    "widen",
]

CLUSTER = LazyPattern(r"(?s)\X")
_CLUSTER_RUN = LazyPattern(r"(?s)(\X)*")
# a run of letters, digits and combining marks, or one other cluster that is not white space
_TOKEN = LazyPattern(r"(?:\w|\p{M})+|(?!\s)\X")

# Code points that form a grapheme cluster on their own next to any other of them
# (Unicode grapheme break property Other, Control or LF; CR is left out, since CR LF is
# one cluster): Latin, Latin-1, IPA and spacing modifiers, and the general punctuation
# block (curly quotes, dashes, ellipsis). Tests check every one of them against the
# regex module's own property tables.
SINGLETON_CLUSTERS = frozenset(map(chr, [*range(0x0300), *range(0x2010, 0x2070)])) - {"\r"}

# The grapheme cluster rules that can forbid a break between two code points look only
# at these classes on either side: where neither side is one of them, a break is certain,
# so cluster boundaries can be settled locally.
_STICKY_BEFORE = LazyPattern(
    r"[\p{GCB=CR}\p{GCB=Prepend}\p{GCB=ZWJ}\p{GCB=Extend}\p{GCB=RI}"
    r"\p{GCB=L}\p{GCB=V}\p{GCB=T}\p{GCB=LV}\p{GCB=LVT}]"
)
_STICKY_AFTER = LazyPattern(r"[\p{GCB=LF}\p{GCB=Extend}\p{GCB=ZWJ}\p{GCB=SpacingMark}]")
# A code point after which a break is certain unless the next one joins it (searched
# backwards: the last such place before a limit).
_CLEAN_BREAK_BEFORE = LazyPattern(
    r"(?r)[\p{GCB=Other}\p{GCB=Control}\p{GCB=LF}](?![\p{GCB=Extend}\p{GCB=ZWJ}\p{GCB=SpacingMark}])"
)
_JOINS_PREVIOUS = LazyPattern(r"[\p{GCB=Extend}\p{GCB=ZWJ}\p{GCB=SpacingMark}]")
_ENDS_CLUSTER = LazyPattern(r"[\p{GCB=Other}\p{GCB=Control}\p{GCB=LF}]")

# How far back to look for a certain break; only a pathological run of combining marks
# or flags is longer than this.
_MAX_SCAN = 512


def only_singletons(text: str) -> bool:
    """True if every code point of ``text`` is a cluster on its own (no segmentation needed)."""
    if text.isascii():
        return "\r" not in text
    return SINGLETON_CLUSTERS.issuperset(text)


def clusters(text: str) -> Sequence[str]:
    """The clusters of ``text`` in order: ``text`` itself when each code point is one
    (iterating it gives the clusters), else the list of them."""
    if only_singletons(text):
        return text
    return CLUSTER.findall(text)


def tokens(text: str) -> list[tuple[int, int]]:
    """(start, end) of each token: a run of letters, digits and combining marks ("Pérez"
    whether its é is one code point or two), or one other cluster that is not white
    space (an emoji family, a flag, a punctuation mark)."""
    return [m.span() for m in _TOKEN.finditer(text)]


def cluster_end(text: str, pos: int, endpos: int | None = None) -> int:
    """The offset just past the cluster that starts at ``pos`` (``pos`` itself at the end)."""
    m = CLUSTER.match(text, pos) if endpos is None else CLUSTER.match(text, pos, endpos)
    return m.end() if m else pos


def certain_break(text: str, i: int) -> bool:
    """True if there is surely a cluster boundary at ``i``, judged from its neighbours
    alone (False may still be a boundary: segment from an earlier one to know)."""
    if i <= 0 or i >= len(text):
        return True
    before, after = text[i - 1], text[i]
    if before < "\x80" and after < "\x80":  # ASCII: only CR LF sticks
        return not (before == "\r" and after == "\n")
    if before in SINGLETON_CLUSTERS and after in SINGLETON_CLUSTERS:
        return True  # no rule joins these (and the regex module stays unloaded)
    return not (_STICKY_BEFORE.match(text, i - 1) or _STICKY_AFTER.match(text, i))


def _last_break(text: str, i: int, floor: int) -> int:
    """The nearest certain break at or before ``i`` (not before ``floor``)."""
    floor = max(floor, i - _MAX_SCAN)
    while i > floor and not certain_break(text, i):
        i -= 1
    return i


def widen(text: str, start: int, end: int) -> tuple[int, int]:
    """The smallest span of whole clusters that covers ``start``..``end``."""
    if not certain_break(text, start):
        # segment from a known break up to the cluster that holds ``start``
        pos = _last_break(text, start, 0)
        while (m := CLUSTER.match(text, pos)) and m.end() <= start:
            pos = m.end()
        start = pos
    if not certain_break(text, end):
        pos = _last_break(text, end - 1, start)
        while (m := CLUSTER.match(text, pos)) and m.end() < end:
            pos = m.end()
        end = max(end, m.end()) if m else end
    return start, end


def simple_boundary(text: str, i: int) -> bool:
    """True if ``i`` is a cluster boundary because ``text[i - 1]`` is white space,
    punctuation or a letter that no rule joins to what follows (Other, Control, LF) and
    ``text[i]`` does not join it (Extend, ZWJ, SpacingMark). False rather than guess."""
    if i >= len(text) or i <= 0:
        return True
    return _ENDS_CLUSTER.match(text, i - 1) is not None and _JOINS_PREVIOUS.match(text, i) is None


def last_boundary(text: str, pos: int, hi: int, end: int) -> int:
    """A cluster boundary in (pos, hi], the last one that can be told cheaply; beyond
    ``hi`` only when one cluster from ``pos`` runs past it (it is kept whole). ``pos``
    must be a boundary, ``end`` is where the text may be read up to."""
    # Fast: the last place whose neighbours alone prove a boundary (nearly always
    # within a few characters of ``hi``).
    top = hi
    while top > pos:
        m = _CLEAN_BREAK_BEFORE.search(text, pos, top)
        if m is None:
            break
        c = m.end()
        if c > pos and simple_boundary(text, c):
            return c
        top = m.start()
    # Slow but exact (runs of flags, Hangul jamo ...): walk the clusters from ``pos``.
    m = _CLUSTER_RUN.match(text, pos=pos, endpos=hi)
    starts = m.starts(1)
    if starts:
        last = starts[-1]
        # Clusters before the last were seen whole; the last may be cut short by endpos.
        if cluster_end(text, last, end) == hi:
            return hi
        if last > pos:
            return last
    # One cluster longer than the limit: keep it whole.
    return cluster_end(text, pos, end)
