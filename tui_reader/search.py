"""Search: fuzzy search over annotations, and literal find-in-text helpers.

Pure core: no Textual. Offsets are code-point offsets into the document's
normalized text, like everywhere else.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from typing import Callable, Iterable, NamedTuple, Sequence

import regex

from .annotations import Annotation
from .fold import fold
from .graphemes import clusters, widen

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


#: How much a field's score falls with its word score (see :func:`rank`).
WORD_WEIGHT = 0.25

#: A match in the section title alone scores at most this much of a match in the
#: quote, note or tag (which scores at least 50): it ranks below them all.
SECTION_WEIGHT = 0.5


def search_key(text: str) -> str:
    """``text`` as the scorer compares it: accents and case folded (see
    :mod:`tui_reader.fold`), then rapidfuzz's ``default_process`` (punctuation as
    spaces, trimmed)."""
    process = _PROCESS or _load_process()
    # default_process lowers ASCII itself: only other text needs folding first
    return process(text if text.isascii() else fold(text))


_PROCESS = None


def _load_process() -> Callable[[str], str]:
    """rapidfuzz's default_process, imported on first search, not at start-up."""
    global _PROCESS
    from rapidfuzz import utils

    _PROCESS = utils.default_process
    return _PROCESS


class Hit(NamedTuple):
    """One search result. (A named tuple: a listing of 100,000 is built in a
    fraction of the time frozen dataclasses take.)"""

    annotation: Annotation
    score: float
    document_title: str = ""


def _fields(ann: Annotation) -> tuple[str, ...]:
    return (ann.quote, ann.note, ann.tag, ann.section)


_SECTION = 3  # the position of the section title in _fields


def search_annotations(
    query: str,
    annotations: Iterable[Annotation],
    limit: int | None = 50,
    titles: dict[str, str] | None = None,
) -> list[Hit]:
    """Annotations matching ``query``, best first.

    The free text is matched fuzzily against each annotation's quote, note, tag
    and section title, ignoring accents and case; an annotation scores its best
    field (see :func:`rank`). ``tag:`` terms filter by tag. Equal scores fall back
    to the word-level score, then to document order.

    With no free text the result is a listing, not a ranking: every annotation
    (of the given tags, if any) in document order, score 100, not cut by ``limit``.

    This scores every annotation: right for one document or a few thousand
    annotations. For a whole library, build a :class:`~tui_reader.search_index.SearchIndex`
    once and ask it instead; it answers the same way from a few candidates.
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

    def order(i: int) -> tuple[int, int, int, int]:
        ann = pool[i]
        return (doc_rank[ann.document], ann.start, ann.end, i)

    if not text:
        return [Hit(pool[i], 100.0, titles.get(pool[i].document, "")) for i in sorted(range(len(pool)), key=order)]
    return [Hit(pool[i], score, titles.get(pool[i].document, "")) for i, score in rank(text, pool, order, limit)]


def rank(
    text: str,
    pool: Sequence[Annotation],
    order: Callable[[int], tuple],
    limit: int | None,
    columns: Sequence[tuple[Sequence[str], Sequence[Sequence[int]]]] | None = None,
) -> list[tuple[int, float]]:
    """(index in ``pool``, score) of the best matches for the free ``text``, best first.

    A field matches when rapidfuzz scores it at least :data:`SCORE_CUTOFF`
    (``partial_ratio``: the query may be part of it). Its score then falls by
    :data:`WORD_WEIGHT` of the amount by which the query matches whole words there
    (:func:`_word_score`) less well, and is never less than 50: a whole-word match
    scores 100, a match inside a longer word less ("ministry" in "administration",
    81.5). A match in the section title alone scores :data:`SECTION_WEIGHT` of
    that (50 at most), below every match in the quote, note or tag.

    ``order(i)`` is the tie-break after the score and the word score (document
    order). ``columns``, if given, are the pool's fields already processed, as
    :func:`score_columns` takes them. This is the ranking of
    :func:`search_annotations`, shared with the index so both answer alike: the
    index only chooses a smaller ``pool``.
    """
    needle = search_key(text)
    if not needle:
        # Only punctuation or symbols ("§", "—", an emoji): default_process would
        # erase them, so fall back to a literal, case-insensitive substring test.
        folded = text.casefold()
        found = [
            i for i, ann in enumerate(pool) if any(folded in field.casefold() for field in _fields(ann))
        ]
        found.sort(key=order)
        return [(i, 100.0) for i in (found if limit is None else found[: max(0, limit)])]
    if columns is None:
        processed = [tuple(search_key(f) if f else "" for f in _fields(ann)) for ann in pool]
        best = _fuzzy_scores(needle, processed)
    else:
        best = score_columns(needle, columns)
    return _top(needle, best, order, limit)


def _top(
    needle: str,
    best: dict[int, tuple[float, str, bool]],
    order: Callable[[int], tuple],
    limit: int | None,
) -> list[tuple[int, float]]:
    """The ``limit`` best of ``best`` by (score, word score, order), best first, with
    the scores of :func:`rank`.

    Word scores cost a rapidfuzz call each, so they are computed in order of the
    most an annotation can score (its field's score, halved for a section title),
    and only until nothing left can enter the first ``limit``: within a group that
    can reach a score, once enough annotations reach it with a whole-word match
    (nothing later in document order can beat them), and across groups once the
    ``limit``-th best scores more than the next group can reach.
    """
    keys = {i: order(i) for i in best}

    def ceiling(i: int) -> float:
        score, _, primary = best[i]
        return score if primary else score * SECTION_WEIGHT

    by_ceiling = sorted(best, key=lambda i: (-ceiling(i), keys[i]))
    if limit is None:
        limit = len(by_ceiling)
    if limit <= 0:
        return []
    done: list[tuple[float, float, tuple, int]] = []  # (-score, -word score, order, index)
    pos, n = 0, len(by_ceiling)
    while pos < n:
        top = ceiling(by_ceiling[pos])
        if len(done) >= limit:
            done.sort()
            del done[limit:]
            if -done[-1][0] > top:
                break  # nothing left can reach the last score taken
        above = sum(1 for d in done if -d[0] > top)
        perfect = 0
        end = pos
        while end < n and ceiling(by_ceiling[end]) == top:
            i = by_ceiling[end]
            end += 1
            if above + perfect >= limit:
                continue  # the rest of this group cannot enter
            field_score, field, primary = best[i]
            word = _word_score(needle, field)
            score = max(50.0, field_score - WORD_WEIGHT * max(0.0, field_score - word))
            if not primary:
                score *= SECTION_WEIGHT
            done.append((-score, -word, keys[i], i))
            if score >= top and word >= 100.0:
                perfect += 1
        pos = end
    done.sort()
    return [(i, -neg) for neg, _, _, i in done[:limit]]


def _fuzzy_scores(needle: str, processed: Sequence[tuple[str, ...]]) -> dict[int, tuple[float, str, bool]]:
    """{index: (score, processed field that scored it, whether that field is not the
    section title)} for annotations at or above the cutoff; ``needle`` is processed and not empty, ``processed[i]`` holds
    the processed fields of annotation i (quote, note, tag, section)."""
    return score_columns(needle, columns_of(processed))


def columns_of(processed: Sequence[tuple[str, ...]]) -> list[tuple[list[str], list[list[int]]]]:
    """The columns :func:`score_columns` takes, from each annotation's processed
    fields. Each distinct text is kept (and scored) once: tags and section titles
    repeat a lot."""
    columns = []
    for position in range(len(processed[0]) if processed else 0):
        holders: dict[str, list[int]] = {}
        for i, fields in enumerate(processed):
            text = fields[position]
            if text:
                same = holders.get(text)
                if same is None:
                    holders[text] = [i]
                else:
                    same.append(i)
        columns.append((list(holders), list(holders.values())))
    return columns


def score_columns(
    needle: str, columns: Sequence[tuple[Sequence[str], Sequence[Sequence[int]]]]
) -> dict[int, tuple[float, str, bool]]:
    """{index: (score, processed field that scored it, whether that field is not the
    section title)} for annotations at or above the cutoff. ``columns`` holds one (texts, holders) pair per field, in the order
    quote, note, tag, section: the processed texts of that field and, for each,
    the indices of the annotations that have it."""
    from rapidfuzz import fuzz, process

    # partial_ratio aligns the shorter string inside the longer one, so a field
    # shorter than the query (a tag, a terse note) would score 100 whenever the
    # query merely contains it ("update" vs tag "date"): score those whole.
    size = len(needle)
    found: dict[int, list[tuple[bool, int, float, str]]] = {}
    for position, (texts, holders) in enumerate(columns):
        longer = [k for k, text in enumerate(texts) if text and len(text) >= size]
        shorter = [k for k, text in enumerate(texts) if text and len(text) < size]
        for keys, scorer, is_shorter in ((longer, fuzz.partial_ratio, False), (shorter, fuzz.ratio, True)):
            if not keys:
                continue
            choices = [texts[k] for k in keys]
            for text, score, j in process.extract(
                needle, choices, scorer=scorer, limit=None, score_cutoff=SCORE_CUTOFF
            ):
                entry = (is_shorter, position, score, text)
                for i in holders[keys[j]]:
                    scored = found.get(i)
                    if scored is None:
                        found[i] = [entry]
                    else:
                        scored.append(entry)

    # An annotation scores its best field, the quote, note and tag before the section
    # title. On a tie the first of the fields at least as long as the query (in the
    # order quote, note, tag, section) names the field that the word score looks at;
    # a shorter field only if it scores higher.
    best: dict[int, tuple[float, str, bool]] = {}
    for i, scored in found.items():
        primary = [entry for entry in scored if entry[1] != _SECTION]
        scored = primary or scored
        if len(scored) > 1:
            scored.sort()
        _, _, score, text = scored[0]
        for _, _, other, other_text in scored[1:]:
            if other > score:
                score, text = other, other_text
        best[i] = (score, text, bool(primary))
    return best


_RAPIDFUZZ: tuple = ()


def _rapidfuzz() -> tuple:
    """(fuzz, process), imported on first search, not at start-up."""
    global _RAPIDFUZZ
    if not _RAPIDFUZZ:
        from rapidfuzz import fuzz, process

        _RAPIDFUZZ = (fuzz, process)
    return _RAPIDFUZZ


def _word_score(needle: str, field: str) -> float:
    """How well ``needle`` matches whole words of ``field`` (both processed).

    partial_ratio gives "donavan" the same score against "donovan" and against
    "dona ana"; comparing with runs of as many whole words as the query has
    tells them apart.
    """
    fuzz, process = _rapidfuzz()
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

def _equivalence_pattern(needle: str) -> str:
    """A pattern for ``needle`` in which each accented letter also matches its other
    Unicode spelling: "é" as one code point (NFC) or as "e" + U+0301 (NFD)."""
    if needle.isascii():
        return regex.escape(needle)
    parts = []
    for cluster in clusters(needle):
        forms = {cluster, unicodedata.normalize("NFC", cluster), unicodedata.normalize("NFD", cluster)}
        if len(forms) == 1:
            parts.append(regex.escape(cluster))
        else:
            parts.append("(?:" + "|".join(regex.escape(f) for f in sorted(forms, key=len, reverse=True)) + ")")
    return "".join(parts)


def find_all(text: str, needle: str) -> list[tuple[int, int]]:
    """Every accent- and case-insensitive occurrence of ``needle`` in ``text``, as
    (start, end).

    "baez" finds "Báez", "jose" finds "José" spelt with a precomposed or a
    decomposed é, "strasse" finds "Straße" (see :mod:`tui_reader.fold`). Offsets
    are code points into ``text`` itself, covering exactly the characters that
    match. Each match is widened to whole grapheme clusters, so it never splits an
    accented letter or an emoji sequence. Matches do not overlap and come in text
    order. A needle of combining marks only (which folds to nothing) is matched
    literally, ignoring case.
    """
    if not needle or not text:
        return []
    from .fold import fold, folded_text

    if fold(needle):
        spans = folded_text(text).find_all(needle)
    else:
        pattern = regex.compile(_equivalence_pattern(needle), regex.IGNORECASE | regex.FULLCASE)
        spans = [m.span() for m in pattern.finditer(text)]
    if not spans or (text.isascii() and "\r" not in text):
        return spans  # every position of such a text is a cluster boundary
    out: list[tuple[int, int]] = []
    for start, end in spans:
        start, end = widen(text, start, end)
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
