"""The rules re-anchoring judges a place by: the thresholds, how a place's context and
edges are scored, what a fuzzy match may change. Shared by anchoring.py (exact places) and
anchor_fuzzy.py (approximate ones); docs/reanchoring.md states them in words.

Pure core: no Textual.
"""

from __future__ import annotations

from rapidfuzz import fuzz

from .annotations import Annotation
from .graphemes import widen
from .lazyre import LazyPattern
from .quote_index import index_for

CONTEXT_MIN = 70.0
"""Where the quote was, or where its neighbours' shift puts it, the context must be at
least this similar to the stored context on one side (prefix or suffix). Two unrelated
32-character stretches of English score 30-55."""
CONTEXT_STRONG = 90.0
"""Anywhere else, one side of the context must agree at least this well, unless the
quote is LONG_QUOTE characters or more (then CONTEXT_MIN does): short phrases ("In
response", "” said") recur in similar context, and the benchmark's wrong attachments
under heavy editing all had one side below this."""
LONG_QUOTE = 30
CONTEXT_OTHER = 50.0
"""...and, for a quote shorter than LONG_QUOTE, the other side at least this (unrelated
text scores 30-55, an edited neighbour sentence usually more)."""
DISTINCTIVE_QUOTE = 40
"""An exact quote at least this long that occurs once needs no context."""
FUZZY_EDITS_SHARE = 0.1
FUZZY_MIN_QUOTE = 5
"""A fuzzy match's words may differ from the old quote by at most
max(1, FUZZY_EDITS_SHARE x its length) character edits (Levenshtein), and not in its
digits, capitalised words or initials: a typo fixed, a letter added or dropped in common
words ("Francis X. Donovan" is another person than "Francis L. Donovan"). A quote shorter than FUZZY_MIN_QUOTE
is found exactly or not at all ("Ana" -> "Eva", "42" -> "57" are other words), and a
changed word ("defended" for "signed") or number is not the words that were marked."""
INTACT = 95.0
"""Where the quote was (or where its neighbours' shift puts it), context this similar
on both sides means these are the words; with less, every other occurrence of the quote
competes, and a rival within MARGIN orphans it (a list of "voted no" lines)."""
MARGIN = 10.0
"""The best candidate must beat the second best by this much (same 0-100 scale)."""
MAX_EXACT = 500
"""Occurrences of a quote scored at most. A quote that occurs more often is kept where
it was (its rivals judged on the occurrences nearest it) or orphaned: among so many,
the best of those scored may not be the best of all."""
MAX_WHOLE_CONTEXT = 20_000
"""Occurrences of a quote checked at most for its whole recorded context (see
:func:`_by_whole_context`)."""


def side_scores(ann: Annotation, text: str, start: int, end: int) -> tuple[float, float]:
    """How well the text before and after [start, end) agrees with the stored prefix and
    suffix (0-100). An empty stored side (the quote was at an end of the text) agrees
    only with the same end."""
    if ann.prefix:
        pre = fuzz.ratio(ann.prefix, text[max(0, start - len(ann.prefix)) : start])
    else:
        pre = 100.0 if start == 0 else 0.0
    if ann.suffix:
        suf = fuzz.ratio(ann.suffix, text[end : end + len(ann.suffix)])
    else:
        suf = 100.0 if end == len(text) else 0.0
    return pre, suf


def context_supports(pre: float, suf: float) -> bool:
    return max(pre, suf) >= CONTEXT_MIN


def context_supports_elsewhere(pre: float, suf: float, quote_length: int) -> bool:
    best, other = max(pre, suf), min(pre, suf)
    if quote_length >= LONG_QUOTE:
        return best >= CONTEXT_MIN
    # a short phrase ("According to the") recurs with one side the same: the other side
    # must not be unrelated text either
    return best >= CONTEXT_STRONG and other >= CONTEXT_OTHER


def edges_ok(ann: Annotation, text: str, start: int, end: int) -> bool:
    """Where the marked words began (ended) at a word's edge, so must the candidate:
    "he" is not found inside "she", nor "Ann" in "Anne", nor "week" in "weekend"."""
    quote = ann.quote
    if not ann.prefix or not (quote[0].isalnum() and ann.prefix[-1].isalnum()):
        if 0 < start < len(text) and text[start - 1].isalnum() and text[start].isalnum():
            return False
    if not ann.suffix or not (quote[-1].isalnum() and ann.suffix[0].isalnum()):
        if 0 < end < len(text) and text[end - 1].isalnum() and text[end].isalnum():
            return False
    return True


NEAR = 10
"""Characters each side of a quote that must agree (one side at least) for it to be
kept where it was: the wider context can be the same while the words right next to the
quote changed ("Luis Mora: voted no." deleted from a list, "Raul Vega: voted no." now
in its place)."""


def near_ok(ann: Annotation, text: str, start: int, end: int) -> bool:
    if ann.prefix:
        near = ann.prefix[-NEAR:]
        if fuzz.ratio(near, text[max(0, start - len(near)) : start]) >= 80:
            return True
    elif start == 0:
        return True
    if ann.suffix:
        near = ann.suffix[:NEAR]
        return fuzz.ratio(near, text[end : end + len(near)]) >= 80
    return end == len(text)


def digits_of(s: str) -> str:
    return "".join(filter(str.isdigit, s))


_WORD = LazyPattern(r"[^\W_]+", engine="re")  # a run of str.isalnum() characters


def names_of(s: str) -> list[str]:
    """The words of ``s`` that a fuzzy placement may not change: capitalised words and
    initials ("Francis", "L", "iPhone"), and words with digits ("42", "F-16"'s "16")."""
    # (a run of alphanumerics that is not all letters holds a digit)
    return [w for w in _WORD.findall(s) if not w.isalpha() or w.lower() != w]


def names_all_here(ann: Annotation, text: str) -> bool:
    """Whether every name, initial and number that is a whole word of the quote occurs
    in ``text`` as a whole word (words cut at the quote's ends may be longer there)."""
    index = index_for(text)
    inner = index.whole_words(ann.quote, False, False)  # bounded inside the quote
    return all(index.has_word(word) for word in names_of(" ".join(inner)))


def snap_to_clusters(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen [start, end) to whole grapheme clusters, then drop white space at its ends."""
    return trim_spaces(text, *widen(text, start, end))


def trim_spaces(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


# -- the steps ------------------------------------------------------------------------


def candidate_score(quote_similarity: float, pre: float, suf: float) -> float:
    """How good a candidate is: its words' similarity to the quote plus the mean of its
    context's (0-200). Candidates are compared with this; MARGIN applies to it."""
    return quote_similarity + (pre + suf) / 2
