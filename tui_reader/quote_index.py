"""Where a quote occurs in a text, found fast when many quotes are looked up in one text.

Re-anchoring looks up every annotation's quote in the new text, and with it the
context of each occurrence. A scan of the whole text per quote (``str.find`` again and
again) costs a millisecond a megabyte plus a step per occurrence, and 1,000 quotes on
common words ("the", "said") make millions of steps. :class:`QuoteIndex` answers each
distinct quote once, and past a few scans builds a word index of the text (each word's
positions), so that a quote is found from the positions of its rarest whole word.

Occurrences honour word edges as anchoring does: where ``left`` (``right``) is asked
for, an occurrence that starts (ends) inside a longer word is left out. Pure core.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import defaultdict
from itertools import accumulate, compress, repeat

__all__ = ["QuoteIndex", "index_for"]

_WORD = re.compile(r"[^\W_]+")  # a maximal run of str.isalnum() characters
_SCANS_BEFORE_INDEX = 64  # quotes found by scanning before the word index pays for itself
_SCAN_OVER = 2000  # positions to check (in C) past which scanning the text is quicker
_CACHE_CONTEXTS_OVER = 64  # occurrences of a quote over which their contexts are kept
_CONTEXT_BUDGET = 200_000  # occurrences whose contexts are kept, in all (some 30 MB)
_EDGES_OVER = 64  # occurrences of a quote's rarest whole word past which the words it cuts are tried
_CHUNK = 64  # positions checked at a time when only the first few occurrences are asked for
_EDGES_MOST = 2000  # occurrences of those past which they are not gathered (a scan is quicker)


class QuoteIndex:
    """Occurrences of quotes in one text (immutable: built for that text only)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._cache: dict[tuple[str, bool, bool, int | None], list[int]] = {}
        self._words: dict[str, list[int]] | None = None
        self._scans = 0
        self._contexts: dict[tuple[str, bool, bool, int, int], tuple[list[str], list[str]]] = {}
        self._cached = 0
        self._anchors: dict[tuple[str, bool, bool], list[tuple[str, int]]] = {}
        self._vocab: tuple[list[str], list[int], list[str], list[int]] | None = None

    def occurrences(self, quote: str, left: bool, right: bool, limit: int | None = None) -> list[int]:
        """Every start of ``quote`` in the text, ascending (overlapping ones too); with
        ``left``, none that starts inside a word, with ``right``, none that ends in one;
        with ``limit``, the first ``limit`` of them. The list is shared: do not change it."""
        key = (quote, left, right, limit)
        found = self._cache.get(key)
        if found is None:
            found = self._lookup(quote, left, right, limit)
            self._cache[key] = found
        return found

    def whole_words(self, quote: str, left: bool, right: bool) -> list[str]:
        """The words of ``quote`` that every occurrence of it has as whole words (see
        :meth:`occurrences`): those inside it, and those at an edge that must hold."""
        return [word for word, _ in self._anchor_words(quote, left, right)]

    def prepare(self) -> None:
        """Build the word index now (many quotes are about to be looked up: scanning
        the text for the first few would only add to the time)."""
        self._index()

    def has_word(self, word: str) -> bool:
        """Whether ``word`` occurs in the text as a whole word."""
        return word in self._index()

    def at_most(self, quote: str) -> int:
        """An upper bound of the occurrences of ``quote`` (anywhere, word edges or not),
        from the word index: how many times its rarest whole word occurs (the length
        of the text when it has none)."""
        anchors = self._anchor_words(quote, False, False)
        if not anchors:
            return len(self.text)
        index = self._index()
        return min(len(index.get(word, ())) for word, _ in anchors)

    def window(self, quote: str, left: bool, right: bool, expected: int, limit: int) -> tuple[int, int]:
        """The occurrences nearest ``expected``, at most ``limit`` of them, as the range
        [lo, hi) of :meth:`occurrences` (the nearest ones on a line are consecutive)."""
        hits = self.occurrences(quote, left, right)
        if len(hits) <= limit:
            return 0, len(hits)
        lo, hi = 0, len(hits) - limit
        while lo < hi:  # the first window start whose far end is no farther than its near end
            mid = (lo + hi) // 2
            if expected - hits[mid] > hits[mid + limit] - expected:
                lo = mid + 1
            else:
                hi = mid
        return lo, lo + limit

    def contexts(self, quote: str, left: bool, right: bool, before: int, after: int,
                 lo: int, hi: int) -> tuple[list[str], list[str]]:
        """The ``before`` characters before, and the ``after`` after, occurrences
        [lo, hi) of the quote. Kept for quotes that occur often (common words are
        looked up again and again), within a budget."""
        hits = self.occurrences(quote, left, right)
        key = (quote, left, right, before, after)
        cached = self._contexts.get(key)
        if cached is None and len(hits) > _CACHE_CONTEXTS_OVER and self._cached + len(hits) <= _CONTEXT_BUDGET:
            cached = self._slices(hits, len(quote), before, after)
            self._contexts[key] = cached
            self._cached += len(hits)
        if cached is not None:
            return cached[0][lo:hi], cached[1][lo:hi]
        return self._slices(hits[lo:hi], len(quote), before, after)

    def _slices(self, hits: list[int], n: int, before: int, after: int) -> tuple[list[str], list[str]]:
        text = self.text
        return ([text[max(0, p - before) : p] for p in hits], [text[p + n : p + n + after] for p in hits])

    # -- internals ------------------------------------------------------------
    def _lookup(self, quote: str, left: bool, right: bool, limit: int | None) -> list[int]:
        if not quote:
            return []
        if self._words is None and (not self._anchor_words(quote, left, right) or self._scans < _SCANS_BEFORE_INDEX):
            self._scans += 1
            return self._scan(quote, left, right, limit)
        index = self._index()
        anchors = self._anchor_words(quote, left, right)
        rarest = len(index.get(anchors[0][0], ())) if anchors else None
        if rarest is None or rarest > _EDGES_OVER:
            # its whole words are common ("of the"): the word cut at its start or end
            # ("tariff" for "riff of the ") may be rarer
            starts = self._by_cut_words(quote, left, right, rarest)
            if starts is not None:
                return self._first(limit, starts, lambda part: self._verified(quote, left, right, part))
        if rarest is None or rarest > _SCAN_OVER:
            return self._scan(quote, left, right, limit)
        word, offset = anchors[0]
        return self._first(limit, index[word] if rarest else [],
                           lambda part: self._around(quote, left, right, word, offset, part))

    @staticmethod
    def _first(limit: int | None, candidates: list[int], check) -> list[int]:
        """``check(candidates)``; with ``limit``, only its first ``limit`` found, the
        candidates checked a chunk at a time until they are."""
        if limit is None:
            return check(candidates)
        found: list[int] = []
        for at in range(0, len(candidates), _CHUNK):
            found += check(candidates[at : at + _CHUNK])
            if len(found) >= limit:
                return found[:limit]
        return found

    def _around(self, quote: str, left: bool, right: bool, word: str, offset: int, positions: list[int]) -> list[int]:
        """The starts of ``quote`` where its whole word ``word`` (at ``offset`` in it)
        is at one of ``positions`` (ascending). The longer side of the quote from that
        word is checked first, at the word's own positions (no list of shifted starts
        for occurrences that are not there)."""
        text, n = self.text, len(word)
        head, tail = quote[: offset + n], quote[offset:]
        if len(tail) >= len(head):
            kept = compress(positions, map(text.startswith, repeat(tail), positions))
            starts = list(map((-offset).__add__, kept)) if offset else list(kept)
        else:  # the quote up to the word's end, where it would start (not before the text)
            shifted = list(map((-offset).__add__, positions[bisect_left(positions, offset) :]))
            starts = list(compress(shifted, map(text.startswith, repeat(head), shifted)))
        return self._verified(quote, left, right, starts)

    def _verified(self, quote: str, left: bool, right: bool, starts: list[int]) -> list[int]:
        """Those of ``starts`` (ascending) where ``quote`` is, word edges honoured."""
        if starts and starts[0] < 0:
            starts = starts[bisect_left(starts, 0) :]
        found = list(compress(starts, map(self.text.startswith, repeat(quote), starts)))
        return self._at_edges(quote, left, right, found) if left or right else found

    def _at_edges(self, quote: str, left: bool, right: bool, found: list[int]) -> list[int]:
        """Those of ``found`` (occurrences of ``quote``) that start (with ``left``) and end
        (with ``right``) at a word's edge: not between two letters or digits."""
        text = self.text
        if left and quote[0].isalnum():
            found = [s for s in found if not text[s - 1 : s].isalnum()]
        if right and quote[-1].isalnum():
            n = len(quote)
            found = [s for s in found if not text[s + n : s + n + 1].isalnum()]
        return found

    def _by_cut_words(self, quote: str, left: bool, right: bool, fewer_than: int | None) -> list[int] | None:
        """Where ``quote`` may start, ascending, found from the word it cuts at its start
        (the text's word there ends with the quote's first letters) or at its end (the
        word there begins with its last letters), whichever occurs less often; None
        when neither is cut, or when neither is rarer than ``fewer_than`` (or than a
        scan is quick)."""
        best: tuple[int, bool, str, int] | None = None
        if not left and quote[0].isalnum():
            cut = _WORD.match(quote).end()  # type: ignore[union-attr]
            if cut < len(quote):
                best = (self._ending_count(quote[:cut]), True, quote[:cut], cut)
        if not right and quote[-1].isalnum():
            cut = len(quote)
            while cut > 0 and quote[cut - 1].isalnum():
                cut -= 1
            if cut > 0:
                count = self._starting_count(quote[cut:])
                if best is None or count < best[0]:
                    best = (count, False, quote[cut:], cut)
        if best is None or best[0] > _EDGES_MOST or (fewer_than is not None and best[0] >= fewer_than):
            return None
        _, at_start, part, cut = best
        index, starts = self._index(), []
        if at_start:  # the word ends where the quote's first letters do
            for word in self._words_ending(part):
                starts.extend(map((len(word) - cut).__add__, index[word]))
        else:  # the word begins where the quote's last letters do
            for word in self._words_starting(part):
                starts.extend(map((-cut).__add__, index[word]))
        starts.sort()
        return starts

    def _vocabulary(self) -> tuple[list[str], list[int], list[str], list[int]]:
        """The text's words sorted, and their last-letter-first spellings sorted, each
        with the running total of their occurrences (a range of either is counted in
        two look-ups)."""
        if self._vocab is None:
            index = self._index()
            ahead = sorted(index)
            behind = sorted(w[::-1] for w in index)
            self._vocab = (
                ahead, list(accumulate((len(index[w]) for w in ahead), initial=0)),
                behind, list(accumulate((len(index[w[::-1]]) for w in behind), initial=0)),
            )
        return self._vocab

    def _starting_count(self, part: str) -> int:
        ahead, totals, _, _ = self._vocabulary()
        lo, hi = _prefixed(ahead, part)
        return totals[hi] - totals[lo]

    def _ending_count(self, part: str) -> int:
        _, _, behind, totals = self._vocabulary()
        lo, hi = _prefixed(behind, part[::-1])
        return totals[hi] - totals[lo]

    def _words_starting(self, part: str) -> list[str]:
        ahead = self._vocabulary()[0]
        lo, hi = _prefixed(ahead, part)
        return ahead[lo:hi]

    def _words_ending(self, part: str) -> list[str]:
        behind = self._vocabulary()[2]
        lo, hi = _prefixed(behind, part[::-1])
        return [w[::-1] for w in behind[lo:hi]]

    def _scan(self, quote: str, left: bool, right: bool, limit: int | None) -> list[int]:
        text, find, n = self.text, self.text.find, len(quote)
        # an edge to honour cuts a word only where the quote's own end is a letter or digit
        check_left, check_right = left and quote[0].isalnum(), right and quote[-1].isalnum()
        out: list[int] = []
        pos = find(quote)
        while pos >= 0:
            if not ((check_left and text[pos - 1 : pos].isalnum()) or (check_right and text[pos + n : pos + n + 1].isalnum())):
                out.append(pos)
                if len(out) == limit:
                    break
            pos = find(quote, pos + 1)
        return out

    def _anchor_words(self, quote: str, left: bool, right: bool) -> list[tuple[str, int]]:
        """The words of the quote that every occurrence has as whole words of the text,
        at known offsets (bounded inside the quote, or by an edge that must hold), with
        those offsets; rarest first once the index is built (else longest first)."""
        index = self._words
        key = (quote, left, right)
        if index is not None and key in self._anchors:
            return self._anchors[key]
        words = []
        for m in _WORD.finditer(quote):
            whole_left = m.start() > 0 or (left and quote[0].isalnum())
            whole_right = m.end() < len(quote) or (right and quote[-1].isalnum())
            if whole_left and whole_right:
                words.append((m.group(), m.start()))
        if index is None:
            words.sort(key=lambda w: -len(w[0]))
        else:
            words.sort(key=lambda w: len(index.get(w[0], ())))
            self._anchors[key] = words
        return words

    def _index(self) -> dict[str, list[int]]:
        if self._words is None:
            words: defaultdict[str, list[int]] = defaultdict(list)
            for m in _WORD.finditer(self.text):
                words[m.group()].append(m.start())
            self._words = dict(words)
        return self._words


def _prefixed(words: list[str], prefix: str) -> tuple[int, int]:
    """The range of the sorted ``words`` that begin with ``prefix`` (U+10FFFF, the last
    code point, is never part of a word)."""
    lo = bisect_left(words, prefix)
    return lo, bisect_left(words, prefix + "\U0010ffff", lo)


_last: QuoteIndex | None = None


def index_for(text: str) -> QuoteIndex:
    """The index of ``text``: the same one while the same text is asked about (the
    importer places its records one by one, re-anchoring a thousand at a time)."""
    global _last
    last = _last
    if last is not None and last.text is text:
        return last
    last = QuoteIndex(text)
    _last = last
    return last
