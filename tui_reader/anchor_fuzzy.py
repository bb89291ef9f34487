"""The approximate search of re-anchoring: where a quote that changed a little (a typo fixed)
stands now, near its old place or near its context's seeds, with its boundaries carried
over by a Levenshtein alignment.

Pure core: no Textual.
"""

from __future__ import annotations

from bisect import bisect_left
from itertools import compress, repeat

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from .anchor_rules import (
    FUZZY_EDITS_SHARE, FUZZY_MIN_QUOTE, candidate_score, context_supports_elsewhere, digits_of, edges_ok,
    names_of, side_scores, snap_to_clusters,
)
from .annotations import CONTEXT_CHARS, FUZZY, ORPHANED, Annotation
from .quote_index import index_for

_WINDOW = 3000  # characters each side of where a fuzzy match is first looked for
_SEED = 12  # characters of context looked up exactly to find a moved, edited quote
_MAX_SEEDS = 8
_MAX_PAIRED = 600  # occurrences of a seed past which it is not checked for the other seed
_SCREEN = 64  # characters of a quote screened for in a window before aligning (rapidfuzz is exact up to 64)


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


def fuzzy_candidates(ann: Annotation, text: str, expected: int) -> list[tuple[float, int, int, str]]:
    """Step 3: places where quote plus context are found approximately, as
    (score, start, end, status); each passed FUZZY_EDITS_* and the context rule. A place
    whose words change a name, an initial or a number has status ORPHANED: it is a rival
    that is never taken."""
    if len(ann.quote) < FUZZY_MIN_QUOTE:
        return []
    needle = ann.prefix + ann.quote + ann.suffix
    span, size = len(needle), len(text)
    reach = span + CONTEXT_CHARS  # each side of a seed's place
    windows = [(max(0, expected - _WINDOW), min(size, expected + span + _WINDOW))]
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
                shift, width = (gap if rarer == 0 else -gap) - k, 2 * k + _SEED
                # the other seed looked for in [pos + shift, pos + shift + width) of each
                # (found is ascending: the ranges that start before the text come first)
                cut = bisect_left(found, -shift)
                paired = [pos for pos in found[:cut] if pos + shift + width > 0 and text.find(other, 0, pos + shift + width) >= 0]
                rest = found[cut:]
                hits = map(text.find, repeat(other), map(shift.__add__, rest), map((shift + width).__add__, rest))
                paired += compress(rest, map((-1).__lt__, hits))
                windows += [(max(0, pos - reach), min(size, pos + reach)) for pos in paired]
    for seed, found in zip(seeds, every):
        if seed:
            first = found[:_MAX_SEEDS] if found is not None else index.occurrences(seed, False, False, _MAX_SEEDS)
            windows += [(max(0, pos - reach), min(size, pos + reach)) for pos in first]
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
    find = text.find
    for lo, hi in _merge(windows):
        for piece in pieces:
            if find(piece, lo, hi) >= 0:
                break
        else:
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
    start, end = snap_to_clusters(text, start, end)
    if end <= start:
        return None
    new_quote = text[start:end]
    if not edges_ok(ann, text, start, end) or digits_of(new_quote) != digits_of(ann.quote):
        return None
    allowed = max(1, int(FUZZY_EDITS_SHARE * len(ann.quote)))
    edits = Levenshtein.distance(ann.quote, new_quote, score_cutoff=allowed)
    if edits > allowed:
        return None
    quote_score = 100.0 * (1 - edits / max(len(ann.quote), len(new_quote)))
    pre, suf = side_scores(ann, text, start, end)
    if not context_supports_elsewhere(pre, suf, len(ann.quote)):
        return None
    # another name or initial ("Francis X." for "Francis L."): other words, never taken;
    # but it competes, so that the same name elsewhere is not taken for it either
    status = ORPHANED if names_of(new_quote) != names_of(ann.quote) else FUZZY
    return (candidate_score(quote_score, pre, suf), start, end, status)


def _merge(windows: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for lo, hi in sorted(windows):
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out


# -- the whole set --------------------------------------------------------------------
