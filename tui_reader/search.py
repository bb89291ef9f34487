"""Search: fuzzy search over annotations, and literal find-in-text helpers.

Pure core: no Textual. Offsets are code-point offsets into the document's
normalized text, like everywhere else.
"""

from __future__ import annotations

import heapq
import re
import unicodedata
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import Iterable, NamedTuple, Sequence

import regex

from .annotations import Annotation

# Below this a fuzzy hit is noise: "donavan" against an unrelated sentence
# scores 30-50 with partial_ratio, a one-letter typo in a name about 85.
SCORE_CUTOFF = 75.0

_TAG_TERM = re.compile(r"(?<!\S)tag:(\S*)", re.IGNORECASE)


def parse_query(query: str) -> tuple[str, set[str]]:
    """Split ``query`` into (free text, tag names).

    ``tag:NAME`` terms are case-insensitive and may repeat (``tag:actor tag:date``)
    or list several names (``tag:actor,date``); the result is their union, in
    lower case. Unknown names are kept: they simply match nothing.
    """
    tags: set[str] = set()

    def take(m: re.Match[str]) -> str:
        tags.update(name for name in m.group(1).lower().split(",") if name)
        return " "

    text = _TAG_TERM.sub(take, query or "")
    return " ".join(text.split()), tags


@dataclass(frozen=True)
class Hit:
    annotation: Annotation
    score: float
    document_title: str = ""


def _fields(ann: Annotation) -> tuple[str, ...]:
    return (ann.quote, ann.note, ann.tag, ann.section)


def search_annotations(
    query: str,
    annotations: Iterable[Annotation],
    limit: int | None = 50,
    titles: dict[str, str] | None = None,
) -> list[Hit]:
    """Annotations matching ``query``, best first.

    The free text is matched fuzzily against each annotation's quote, note, tag
    and section title; an annotation scores its best field. ``tag:`` terms filter
    by tag. Equal scores fall back to a word-level score (a whole-word match
    beats a match inside a longer word), then to document order.

    With no free text the result is a listing, not a ranking: every annotation
    (of the given tags, if any) in document order, score 100, not cut by ``limit``.
    """
    titles = titles or {}
    text, tags = parse_query(query)

    doc_rank: dict[str, int] = {}
    pool: list[Annotation] = []
    for ann in annotations:
        if tags and ann.tag.lower() not in tags:
            continue
        doc_rank.setdefault(ann.document, len(doc_rank))
        pool.append(ann)

    def order(ann: Annotation) -> tuple[int, int, int]:
        return (doc_rank[ann.document], ann.start, ann.end)

    def hit(ann: Annotation, score: float) -> Hit:
        return Hit(ann, score, titles.get(ann.document, ""))

    if not text:
        return [hit(ann, 100.0) for ann in sorted(pool, key=order)]

    scores = _fuzzy_scores(text, pool)

    def rank(i: int) -> tuple[float, float, int, int, int]:
        score, word_score = scores[i]
        return (-score, -word_score, *order(pool[i]))

    if limit is None:
        best = sorted(scores, key=rank)
    else:
        best = heapq.nsmallest(max(0, limit), scores, key=rank)
    return [hit(pool[i], scores[i][0]) for i in best]


def _fuzzy_scores(text: str, pool: Sequence[Annotation]) -> dict[int, tuple[float, float]]:
    from rapidfuzz import fuzz, process, utils  # imported on first search, not at start-up

    """{index in pool: (score, word score)} for annotations at or above the cutoff."""
    needle = utils.default_process(text)
    if not needle:
        # Only punctuation or symbols ("§", "—", an emoji): default_process would
        # erase them, so fall back to a literal, case-insensitive substring test.
        folded = text.casefold()
        return {
            i: (100.0, 100.0)
            for i, ann in enumerate(pool)
            if any(folded in field.casefold() for field in _fields(ann))
        }

    # Each field is processed once here instead of once per scorer call.
    # partial_ratio aligns the shorter string inside the longer one, so a field
    # shorter than the query (a tag, a terse note) would score 100 whenever the
    # query merely contains it ("update" vs tag "date"): score those whole.
    longer: dict[int, str] = {}
    shorter: dict[int, str] = {}
    owner: list[int] = []
    process_field = utils.default_process
    size = len(needle)
    for i, ann in enumerate(pool):
        for field in (ann.quote, ann.note, ann.tag, ann.section):
            if field and (processed := process_field(field)):
                (longer if len(processed) >= size else shorter)[len(owner)] = processed
                owner.append(i)

    best: dict[int, tuple[float, str]] = {}
    for choices, scorer in ((longer, fuzz.partial_ratio), (shorter, fuzz.ratio)):
        for processed, score, key in process.extract(
            needle, choices, scorer=scorer, limit=None, score_cutoff=SCORE_CUTOFF
        ):
            i = owner[key]
            if i not in best or score > best[i][0]:
                best[i] = (score, processed)

    return {i: (score, _word_score(needle, field)) for i, (score, field) in best.items()}


def _word_score(needle: str, field: str) -> float:
    from rapidfuzz import fuzz, process
    """How well ``needle`` matches whole words of ``field`` (both processed).

    partial_ratio gives "donavan" the same score against "donovan" and against
    "dona ana"; comparing with runs of as many whole words as the query has
    tells them apart.
    """
    words = field.split()
    n = len(needle.split())
    if n == 1:
        if needle in words:
            return 100.0
        best = process.extractOne(needle, words, scorer=fuzz.ratio)
    elif len(words) <= n:
        return fuzz.ratio(needle, field)
    else:
        windows = [" ".join(words[j : j + n]) for j in range(len(words) - n + 1)]
        best = process.extractOne(needle, windows, scorer=fuzz.ratio)
    return best[1] if best else 0.0


# ---------------------------------------------------------------------------
# Find in text

_GRAPHEME = regex.compile(r"\X")
# Grapheme cluster rules (UAX #29) that can forbid a break between two code
# points look only at these classes on either side. Where neither side is one of
# them a break is certain, and cluster boundaries can be settled locally.
_STICKY_BEFORE = regex.compile(
    r"[\p{GCB=CR}\p{GCB=Prepend}\p{GCB=ZWJ}\p{GCB=Extend}\p{GCB=RI}"
    r"\p{GCB=L}\p{GCB=V}\p{GCB=T}\p{GCB=LV}\p{GCB=LVT}]"
)
_STICKY_AFTER = regex.compile(r"[\p{GCB=LF}\p{GCB=Extend}\p{GCB=ZWJ}\p{GCB=SpacingMark}]")
# How far to look for a certain break; only a pathological run of combining
# marks or flags is longer than this.
_MAX_CLUSTER_SCAN = 512


def _certain_break(text: str, i: int) -> bool:
    if i <= 0 or i >= len(text):
        return True
    if text[i - 1] < "\x80" and text[i] < "\x80":  # ASCII: only CR LF sticks
        return not (text[i - 1] == "\r" and text[i] == "\n")
    return not (_STICKY_BEFORE.match(text, i - 1) or _STICKY_AFTER.match(text, i))


def _last_break(text: str, i: int, floor: int) -> int:
    """The nearest certain cluster break at or before ``i`` (not before ``floor``)."""
    floor = max(floor, i - _MAX_CLUSTER_SCAN)
    while i > floor and not _certain_break(text, i):
        i -= 1
    return i


def _widen_to_clusters(text: str, start: int, end: int) -> tuple[int, int]:
    """The smallest span of whole grapheme clusters that covers start..end."""
    if not _certain_break(text, start):
        # Segment from a known break up to the cluster that holds ``start``.
        pos = _last_break(text, start, 0)
        while (m := _GRAPHEME.match(text, pos)) and m.end() <= start:
            pos = m.end()
        start = pos
    if not _certain_break(text, end):
        pos = _last_break(text, end - 1, start)
        while (m := _GRAPHEME.match(text, pos)) and m.end() < end:
            pos = m.end()
        end = max(end, m.end()) if m else end
    return start, end


def _equivalence_pattern(needle: str) -> str:
    """A pattern for ``needle`` in which each accented letter also matches its other
    Unicode spelling: "é" as one code point (NFC) or as "e" + U+0301 (NFD)."""
    if needle.isascii():
        return regex.escape(needle)
    parts = []
    for cluster in _GRAPHEME.findall(needle):
        forms = {cluster, unicodedata.normalize("NFC", cluster), unicodedata.normalize("NFD", cluster)}
        if len(forms) == 1:
            parts.append(regex.escape(cluster))
        else:
            parts.append("(?:" + "|".join(regex.escape(f) for f in sorted(forms, key=len, reverse=True)) + ")")
    return "".join(parts)


def find_all(text: str, needle: str) -> list[tuple[int, int]]:
    """Every case-insensitive occurrence of ``needle`` in ``text``, as (start, end).

    Offsets are code points into ``text`` itself (full case folding is done by
    the regex engine, so "İ" or "ß" before a match do not shift it, and
    "strasse" finds "Straße"). Each match is widened to whole grapheme clusters,
    so it never splits an accented letter or an emoji sequence. Matches do not
    overlap and come in text order.
    """
    if not needle or not text:
        return []
    pattern = regex.compile(_equivalence_pattern(needle), regex.IGNORECASE | regex.FULLCASE)
    spans = [m.span() for m in pattern.finditer(text)]
    if not spans or (text.isascii() and "\r" not in text):
        return spans  # every position of such a text is a cluster boundary
    out: list[tuple[int, int]] = []
    for start, end in spans:
        start, end = _widen_to_clusters(text, start, end)
        if out and start < out[-1][1]:  # two matches inside one cluster
            out[-1] = (out[-1][0], max(end, out[-1][1]))
        else:
            out.append((start, end))
    return out


class MatchStep(NamedTuple):
    """Where a find-next / find-previous lands: the match, its index, and
    whether the search wrapped past the end (or the beginning) of the text."""

    index: int
    match: tuple[int, int]
    wrapped: bool


def next_match(
    matches: Sequence[tuple[int, int]], offset: int, backwards: bool = False
) -> MatchStep | None:
    """The first match starting strictly after ``offset`` (strictly before it if
    ``backwards``), wrapping around the text; None when there are no matches.

    ``matches`` must be sorted by start, as ``find_all`` returns them.
    """
    if not matches:
        return None
    if backwards:
        i = bisect_left(matches, offset, key=lambda m: m[0]) - 1
        if i < 0:
            return MatchStep(len(matches) - 1, matches[-1], True)
        return MatchStep(i, matches[i], False)
    i = bisect_right(matches, offset, key=lambda m: m[0])
    if i >= len(matches):
        return MatchStep(0, matches[0], True)
    return MatchStep(i, matches[i], False)


def prev_match(matches: Sequence[tuple[int, int]], offset: int) -> MatchStep | None:
    """The last match starting strictly before ``offset``, wrapping around."""
    return next_match(matches, offset, backwards=True)
