"""Re-attaching annotations to a text that changed since they were made.

An annotation keeps what it was made on: its offsets, its quote and 32 characters of
context each side. When its document's text changes (a copy-edit, a moved paragraph,
a new version of the file), :func:`reanchor` finds its words again, in this order:

1. **kept** (status ``anchored``): the quote is still at its offsets and the context
   agrees.
2. **moved** (``reanchored``): the exact quote elsewhere. Every occurrence is scored by
   how well the text around it agrees with the stored context; the occurrence where
   the neighbouring annotations say it should be (their shift) is checked first. An
   occurrence is taken only if its context supports it (or the quote is long enough
   to be unmistakable and occurs once), and only if it is clearly better than any
   other occurrence: a quote that now appears twice in equally good context is not
   guessed at.
3. **fuzzy** (``fuzzy``): quote plus context found approximately (rapidfuzz), e.g. a
   typo fixed inside the quote. Accepted only when the new words are at most
   a few character edits from the old quote (``FUZZY_EDITS_*``), none of them in a
   capitalised word, an initial or a number, the context agrees
   on at least one side, and no second place scores within ``MARGIN`` of the best. The new words
   become the quote; the words first marked stay in ``old_quote``.
4. **orphaned** (``orphaned``): none of the above. The annotation is kept as it was
   (offsets into the old text, old quote), attached to nothing, and tried again the
   next time the text changes. It is never deleted and never attached to other words.

The rule throughout: never attach to the wrong words; when unsure, orphan. The
benchmark (``benchmarks/reanchor_bench.py``) measures both sides of that trade.

Similarities are rapidfuzz ratios (0-100, normalized Indel distance). Pure core: no
Textual.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from .annotations import ANCHORED, CONTEXT_CHARS, FUZZY, ORPHANED, REANCHORED, Annotation, anchor_fields
from .graphemes import widen
from .lazyre import LazyPattern
from .quote_index import index_for

__all__ = [
    "CONTEXT_MIN",
    "CONTEXT_OTHER",
    "CONTEXT_STRONG",
    "LONG_QUOTE",
    "DISTINCTIVE_QUOTE",
    "FUZZY_MIN_QUOTE",
    "INTACT",
    "FUZZY_EDITS_SHARE",
    "MARGIN",
    "NEAR",
    "Placement",
    "Progress",
    "ReanchorReport",
    "locate",
    "place",
    "reanchor",
]

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
_WINDOW = 3000  # characters each side of where a fuzzy match is first looked for
_SEED = 12  # characters of context looked up exactly to find a moved, edited quote
_MAX_SEEDS = 8
_MAX_PAIRED = 600  # occurrences of a seed past which it is not checked for the other seed
_SCREEN = 64  # characters of a quote screened for in a window before aligning (rapidfuzz is exact up to 64)


@dataclass(frozen=True)
class Placement:
    """Where :func:`locate` put an annotation: a span of the new text, or nowhere."""

    status: str
    start: int = -1
    end: int = -1


@dataclass
class ReanchorReport:
    kept: int = 0
    moved: int = 0
    fuzzy: int = 0
    orphaned: int = 0

    @property
    def total(self) -> int:
        return self.kept + self.moved + self.fuzzy + self.orphaned

    def count(self, status: str) -> None:
        name = {ANCHORED: "kept", REANCHORED: "moved", FUZZY: "fuzzy", ORPHANED: "orphaned"}[status]
        setattr(self, name, getattr(self, name) + 1)

    def summary(self) -> str:
        """"41 kept, 3 moved, 1 fuzzy, 1 orphaned"."""
        return f"{self.kept} kept, {self.moved} moved, {self.fuzzy} fuzzy, {self.orphaned} orphaned"

    def to_dict(self) -> dict[str, int]:
        return {"kept": self.kept, "moved": self.moved, "fuzzy": self.fuzzy, "orphaned": self.orphaned}


# -- scoring ---------------------------------------------------------------------------


def _side_scores(ann: Annotation, text: str, start: int, end: int) -> tuple[float, float]:
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


def _supported(pre: float, suf: float) -> bool:
    return max(pre, suf) >= CONTEXT_MIN


def _supported_elsewhere(pre: float, suf: float, quote_length: int) -> bool:
    best, other = max(pre, suf), min(pre, suf)
    if quote_length >= LONG_QUOTE:
        return best >= CONTEXT_MIN
    # a short phrase ("According to the") recurs with one side the same: the other side
    # must not be unrelated text either
    return best >= CONTEXT_STRONG and other >= CONTEXT_OTHER


def _edges_ok(ann: Annotation, text: str, start: int, end: int) -> bool:
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


def _near_ok(ann: Annotation, text: str, start: int, end: int) -> bool:
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


def _digits(s: str) -> str:
    return "".join(c for c in s if c.isdigit())


_WORD = LazyPattern(r"[^\W_]+", engine="re")  # a run of str.isalnum() characters


def _names(s: str) -> list[str]:
    """The words of ``s`` that a fuzzy placement may not change: capitalised words and
    initials ("Francis", "L", "iPhone"), and words with digits ("42", "F-16"'s "16")."""
    # (a run of alphanumerics that is not all letters holds a digit)
    return [w for w in _WORD.findall(s) if not w.isalpha() or w.lower() != w]


def _names_here(ann: Annotation, text: str) -> bool:
    """Whether every name, initial and number that is a whole word of the quote occurs
    in ``text`` as a whole word (words cut at the quote's ends may be longer there)."""
    index = index_for(text)
    inner = index.whole_words(ann.quote, False, False)  # bounded inside the quote
    return all(index.has_word(word) for word in _names(" ".join(inner)))


def _snap(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen [start, end) to whole grapheme clusters, then drop white space at its ends."""
    return _trim(text, *widen(text, start, end))


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


# -- the steps ------------------------------------------------------------------------


def _score(quote_similarity: float, pre: float, suf: float) -> float:
    """How good a candidate is: its words' similarity to the quote plus the mean of its
    context's (0-200). Candidates are compared with this; MARGIN applies to it."""
    return quote_similarity + (pre + suf) / 2


def _in_place(ann: Annotation, text: str, expected: int) -> tuple[Placement, float, bool] | None:
    """Steps 1 and 2a: the exact quote where it was, or where its neighbours' shift puts
    it, with its context agreeing: (placement, score, context intact on both sides)."""
    quote, n = ann.quote, len(ann.quote)
    for pos in (ann.start, expected):
        if 0 <= pos <= len(text) - n and text.startswith(quote, pos) and _edges_ok(ann, text, pos, pos + n):
            pre, suf = _side_scores(ann, text, pos, pos + n)
            if _supported(pre, suf) and _near_ok(ann, text, pos, pos + n):
                kept = pos == ann.start and not ann.orphaned
                placed = Placement(ANCHORED if kept else REANCHORED, pos, pos + n)
                return placed, _score(100.0, pre, suf), min(pre, suf) >= INTACT
    return None


class _Occurrences:
    """The exact occurrences of an annotation's quote at word edges like the marked
    words' (the MAX_EXACT nearest ``expected`` when more), with their contexts. Only
    the occurrences a rule can take are scored one by one: rapidfuzz's own loop with a
    cut-off screens the contexts of the others (a common word occurs thousands of times)."""

    def __init__(self, ann: Annotation, text: str, expected: int) -> None:
        self.ann, self.text = ann, text
        quote = ann.quote
        left = quote[0].isalnum() and not (ann.prefix and ann.prefix[-1].isalnum())
        right = quote[-1].isalnum() and not (ann.suffix and ann.suffix[0].isalnum())
        index = index_for(text)
        lo, hi = index.window(quote, left, right, expected, MAX_EXACT)
        every = index.occurrences(quote, left, right)
        #: more occurrences than can be judged: the nearest are scored (for rivals)
        self.too_many = len(every) > MAX_EXACT
        self.positions = every[lo:hi]
        self._pres, self._sufs = index.contexts(quote, left, right, len(ann.prefix), len(ann.suffix), lo, hi)

    def __len__(self) -> int:
        return len(self.positions)

    def sides(self, i: int) -> tuple[float, float]:
        """(prefix score, suffix score) of occurrence i, as :func:`_side_scores`."""
        ann, p = self.ann, self.positions[i]
        pre = fuzz.ratio(ann.prefix, self._pres[i]) if ann.prefix else (100.0 if p == 0 else 0.0)
        if ann.suffix:
            suf = fuzz.ratio(ann.suffix, self._sufs[i])
        else:
            suf = 100.0 if p + len(ann.quote) == len(self.text) else 0.0
        return pre, suf

    def reaching(self, cutoff: float) -> list[int]:
        """The occurrences with a side of their context at least ``cutoff`` similar
        (a superset is fine: callers score these one by one)."""
        ann, found = self.ann, set()
        for stored, choices, at_end in ((ann.prefix, self._pres, False), (ann.suffix, self._sufs, True)):
            if stored:
                found.update(i for _, _, i in process.extract(
                    stored, choices, scorer=fuzz.ratio, limit=None, score_cutoff=max(0.0, cutoff)))
            else:
                found.update(range(len(self.positions)))  # an empty side: cheap, take all
        return sorted(found)

    def supported(self) -> list[tuple[float, int, int, str, float, float]]:
        """Step 2b: the occurrences that their context supports (or the one occurrence
        of an unmistakably long quote), as (score, start, end, status, pre, suf)."""
        n = len(self.ann.quote)
        only = len(self.positions) == 1 and n >= DISTINCTIVE_QUOTE
        todo = [0] if only else self.reaching(CONTEXT_MIN if n >= LONG_QUOTE else CONTEXT_STRONG)
        out = []
        for i in todo:
            pre, suf = self.sides(i)
            if only or _supported_elsewhere(pre, suf, n):
                p = self.positions[i]
                out.append((_score(100.0, pre, suf), p, p + n, REANCHORED, pre, suf))
        return out

    def rival(self, score: float, exclude: int) -> bool:
        """Whether an occurrence other than at ``exclude`` scores within MARGIN of
        ``score`` (its context need not support it, only be as good)."""
        floor = score - MARGIN  # a rival's score must be above this
        mean = floor - 100.0  # ...so the mean of its sides above this, and one side too
        for i in self.reaching(mean):
            if self.positions[i] != exclude and _score(100.0, *self.sides(i)) > floor:
                return True
        return False


def _map_offset(opcodes, p: int, at_end: bool) -> int:
    """Map a position of the source string of ``opcodes`` into the destination."""
    if at_end:  # the position just past character p - 1
        if p == 0:
            return 0
        return _map_offset(opcodes, p - 1, False) + 1
    for tag, s1, s2, d1, d2 in opcodes:
        if s1 <= p < s2:
            if tag == "equal":
                return d1 + (p - s1)
            if tag == "replace":
                return d1 + min(p - s1, max(0, d2 - d1 - 1))
            return d1  # deleted: where the deletion happened
    return opcodes[-1][4] if opcodes else 0


def _fuzzy(ann: Annotation, text: str, expected: int) -> list[tuple[float, int, int, str]]:
    """Step 3: places where quote plus context are found approximately, as
    (score, start, end, status); each passed FUZZY_EDITS_* and the context rule. A place
    whose words change a name, an initial or a number has status ORPHANED: it is a rival
    that is never taken."""
    if len(ann.quote) < FUZZY_MIN_QUOTE:
        return []
    needle = ann.prefix + ann.quote + ann.suffix
    span = len(needle)
    windows = [(max(0, expected - _WINDOW), min(len(text), expected + span + _WINDOW))]
    # a moved paragraph: look where the context itself is found exactly (the first few
    # places of each side's seed), and wherever both seeds stand the quote's length
    # apart, give or take its edits: the marked words, edited, in a paragraph that moved
    # (a common seed, "by one count). ", occurs hundreds of times)
    index = index_for(text)
    seeds = [seed if len(seed) == _SEED else "" for seed in (ann.prefix[-_SEED:], ann.suffix[:_SEED])]
    every: list[list[int] | None] = [None, None]
    if all(seeds):
        bounds = [index.at_most(seed) for seed in seeds]
        rarer = min(range(2), key=lambda i: bounds[i])
        if bounds[rarer] <= _MAX_PAIRED:
            every[rarer] = found = index.occurrences(seeds[rarer], False, False)
            if len(found) > _MAX_SEEDS:
                k = max(1, int(FUZZY_EDITS_SHARE * len(ann.quote)))
                gap = _SEED + len(ann.quote)  # from the prefix seed's start to the suffix seed's
                other = seeds[1 - rarer]
                find, shift, width = text.find, (gap if rarer == 0 else -gap) - k, 2 * k + _SEED
                for pos in found:
                    lo = pos + shift
                    if lo + width > 0 and find(other, lo if lo > 0 else 0, lo + width) >= 0:
                        windows.append((max(0, pos - span - CONTEXT_CHARS), min(len(text), pos + span + CONTEXT_CHARS)))
    for seed, found in zip(seeds, every):
        if seed:
            first = found[:_MAX_SEEDS] if found is not None else index.occurrences(seed, False, False, _MAX_SEEDS)
            for pos in first:
                windows.append((max(0, pos - span - CONTEXT_CHARS), min(len(text), pos + span + CONTEXT_CHARS)))
    # pigeonhole: words within k edits of the quote contain one of k + 1 pieces of it
    # exactly, so a window holding none of them cannot hold the words (a cheap find
    # spares the costly alignment: most windows of a replaced text are skipped)
    k = max(1, int(FUZZY_EDITS_SHARE * len(ann.quote)))
    q = ann.quote
    step = len(q) // (k + 1)
    pieces = [q[i * step : (i + 1) * step if i < k else len(q)] for i in range(k + 1)] if step else [q]
    # and the words within k edits of the quote score at least `floor` against a
    # window that holds them (its first _SCREEN characters against as many, each edit
    # costing an insertion and a deletion, and the length differing by k at most): a
    # window where nothing scores that is spared the alignment of the whole needle
    head = q[:_SCREEN]
    floor = 100.0 * (1 - 3 * k / (2 * len(head))) - 1.0
    regions: list[tuple[float, int, int]] = []  # (needle score, start, end) in text
    for lo, hi in _merge(windows):
        if not any(text.find(piece, lo, hi) >= 0 for piece in pieces):
            continue
        if floor > 0:
            # (the quote's words may lie up to a context's length past the window)
            around = text[max(0, lo - 2 * CONTEXT_CHARS) : hi + 2 * CONTEXT_CHARS]
            if len(around) >= len(head) and not fuzz.partial_ratio(head, around, score_cutoff=floor):
                continue
        hay = text[lo:hi]
        for _ in range(2):  # the best place in this window, and the next best
            res = fuzz.partial_ratio_alignment(needle, hay, score_cutoff=60)
            if res is None:
                break
            a, b = lo + res.dest_start, lo + res.dest_end
            if not any(a < y and x < b for _, x, y in regions):
                regions.append((res.score, a, b))
            hay = hay[: res.dest_start] + "\0" * (res.dest_end - res.dest_start) + hay[res.dest_end :]
    regions.sort(reverse=True)
    out = []
    for _, a, b in regions[:4]:
        placed = _refine(ann, text, needle, a, b)
        if placed is not None:
            out.append(placed)
    return out


def _refine(ann: Annotation, text: str, needle: str, a: int, b: int) -> tuple[float, int, int, str] | None:
    """The quote's own span inside the region [a, b) that matched the needle, with its
    score (quote and context similarity together), or None if it does not qualify."""
    lo, hi = max(0, a - CONTEXT_CHARS), min(len(text), b + CONTEXT_CHARS)
    region = text[lo:hi]
    ops = Levenshtein.opcodes(needle, region)
    qs = len(ann.prefix)
    qe = qs + len(ann.quote)
    start = lo + _map_offset(ops, qs, False)
    end = lo + _map_offset(ops, qe, True)
    if end <= start:
        return None
    start, end = _snap(text, start, end)
    if end <= start:
        return None
    new_quote = text[start:end]
    if not _edges_ok(ann, text, start, end) or _digits(new_quote) != _digits(ann.quote):
        return None
    allowed = max(1, int(FUZZY_EDITS_SHARE * len(ann.quote)))
    edits = Levenshtein.distance(ann.quote, new_quote, score_cutoff=allowed)
    if edits > allowed:
        return None
    quote_score = 100.0 * (1 - edits / max(len(ann.quote), len(new_quote)))
    pre, suf = _side_scores(ann, text, start, end)
    if not _supported_elsewhere(pre, suf, len(ann.quote)):
        return None
    # another name or initial ("Francis X." for "Francis L."): other words, never taken;
    # but it competes, so that the same name elsewhere is not taken for it either
    status = ORPHANED if _names(new_quote) != _names(ann.quote) else FUZZY
    return (_score(quote_score, pre, suf), start, end, status)


def _merge(windows: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for lo, hi in sorted(windows):
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out


# -- the whole set --------------------------------------------------------------------


def locate(ann: Annotation, text: str, expected: int | None = None) -> Placement:
    """Where ``ann`` (made on an earlier text) belongs in ``text``. ``expected`` is where
    its neighbours' shift puts its start (default: its old start)."""
    if not ann.quote:
        return Placement(ORPHANED)
    placed = _locate(ann, text, expected)
    if placed.status == ORPHANED:
        # places that fit about equally may still differ in the very characters around
        # the words (a book whose chapters repeat a passage under another number)
        return _by_whole_context(ann, text) or placed
    return placed


def _by_whole_context(ann: Annotation, text: str) -> Placement | None:
    """The one place where the quote stands with its whole recorded context, prefix and
    suffix character for character (a selector of DISTINCTIVE_QUOTE characters or more),
    when there is exactly one: nothing else in the text fits as well."""
    prefix, quote, suffix = ann.prefix, ann.quote, ann.suffix
    if len(prefix) + len(quote) + len(suffix) < DISTINCTIVE_QUOTE:
        return None
    index = index_for(text)
    if index.at_most(quote) > MAX_WHOLE_CONTEXT:
        return None
    found = None
    for p in index.occurrences(quote, False, False):
        if p >= len(prefix) and text.startswith(prefix, p - len(prefix)) and text.startswith(suffix, p + len(quote)):
            if found is not None:
                return None  # twice: still two places
            found = p
    if found is None:
        return None
    return Placement(ANCHORED if found == ann.start and not ann.orphaned else REANCHORED, found, found + len(quote))


def _locate(ann: Annotation, text: str, expected: int | None) -> Placement:
    if expected is None:
        expected = ann.start
    found = _in_place(ann, text, expected)
    if found is not None:
        placed, score, intact = found
        if intact:
            return placed
        # the context changed on a side: the same words elsewhere in as good a context
        # (a list of "voted no" lines, one of them deleted) mean this may not be them;
        # a rival need not be supported, only as good
        if not _Occurrences(ann, text, expected).rival(score, placed.start):
            return placed
        return Placement(ORPHANED)
    # every candidate, exact or approximate, competes: an exact copy of the quote in
    # a similar context elsewhere must not win over the marked words with a typo fixed
    occurrences = _Occurrences(ann, text, expected)
    if occurrences.too_many:
        # a word that occurs hundreds of times: the one judged best among the nearest
        # may not be the best of all (a moved paragraph takes it far away), and the
        # approximate search looks only near its context: not re-found elsewhere
        return Placement(ORPHANED)
    exact = occurrences.supported()
    candidates = [c[:4] for c in exact]
    if candidates:
        # the very words in their very context (a moved paragraph): no approximate
        # search can do better, and it is most of the time spent on a reordered text
        best = max(exact)
        rivals = [c[0] for c in exact if c is not best]
        if min(best[4], best[5]) >= INTACT and (not rivals or best[0] - max(rivals) >= MARGIN):
            return Placement(best[3], best[1], best[2])
    if not candidates and not _names_here(ann, text):
        # a fuzzy match keeps every name, initial and number of the quote: one of them
        # is nowhere in this text (a replaced file), so no place can hold the words
        return Placement(ORPHANED)
    for fuzzy in _fuzzy(ann, text, expected):
        if not any(fuzzy[1] < e and s < fuzzy[2] for _, s, e, _ in candidates):
            candidates.append(fuzzy)
    if not candidates:
        return Placement(ORPHANED)
    candidates.sort(reverse=True)
    best = candidates[0]
    if len(candidates) > 1 and best[0] - candidates[1][0] < MARGIN:
        return Placement(ORPHANED)  # two places fit about equally well: do not guess
    if best[3] == ORPHANED:  # the best place holds other words (a changed name)
        return Placement(ORPHANED)
    if occurrences.rival(best[0], best[1]):
        # the very words elsewhere, in a context as good though too weak to be taken
        # (a paragraph moved away from the words before it): do not guess either
        return Placement(ORPHANED)
    return Placement(best[3], best[1], best[2])


Progress = Callable[[int, int], None]
"""Told (annotations placed so far, annotations in all) as re-anchoring goes; it may
raise to stop it (nothing is changed then)."""


def reanchor(
    annotations: Iterable[Annotation],
    text: str,
    section_of: Callable[[int], str] | None = None,
    progress: Progress | None = None,
) -> tuple[list[Annotation], ReanchorReport]:
    """Every annotation placed in ``text``: re-attached ones with their new offsets,
    quote, context and section (``section_of(start)``), orphans unchanged but for their
    status. Returns them in the input's order, with the counts."""
    report = ReanchorReport()
    anns = list(annotations)
    if len(anns) > 64:
        index_for(text).prepare()
    out: list[Annotation | None] = [None] * len(anns)
    shift = 0
    for done, i in enumerate(sorted(range(len(anns)), key=lambda k: (anns[k].start, anns[k].end))):
        if progress is not None and done % 50 == 0:
            progress(done, len(anns))
        ann = anns[i]
        placed = locate(ann, text, ann.start + shift)
        if placed.status == ORPHANED:
            out[i] = ann if ann.orphaned else ann.with_changes(status=ORPHANED)
            report.count(ORPHANED)
            continue
        shift = placed.start - ann.start
        out[i] = place(ann, text, placed, section_of)
        report.count(out[i].status)  # what is stored: a kept one whose words were re-chosen stays fuzzy
    if progress is not None:
        progress(len(anns), len(anns))
    return [a for a in out if a is not None], report


def place(
    ann: Annotation, text: str, placed: Placement, section_of: Callable[[int], str] | None = None
) -> Annotation:
    """``ann`` attached where ``placed`` says: its offsets, quote, context, section and
    status follow; when its words differ from those first marked, ``old_quote`` keeps
    them. (Orphan placements are not for this: an orphan keeps everything.)"""
    start, end = placed.start, placed.end
    quote = text[start:end]
    status = placed.status
    old_quote = ann.old_quote
    if quote != ann.quote:
        status = FUZZY
        old_quote = ann.old_quote or ann.quote
    elif old_quote and old_quote != quote:
        status = FUZZY  # still not the words first marked
    else:
        old_quote = ""
        if status == FUZZY:  # found approximately, but the very words: an exact placement
            status = ANCHORED if start == ann.start and not ann.orphaned else REANCHORED
    changes = dict(anchor_fields(text, start, end), status=status, old_quote=old_quote)
    if section_of is not None:
        changes["section"] = section_of(start)
    if all(getattr(ann, k) == v for k, v in changes.items()):
        return ann
    return ann.with_changes(**changes)
