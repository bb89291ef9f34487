"""A search index over a whole library of annotations (100,000 and more).

Pure core: no Textual. :func:`tui_reader.search.search_annotations` scores every
annotation with rapidfuzz, which takes about 150 ms for 100,000 of them. The
index answers the same query from a few candidates, ranked by exactly the same
scorer and tie-breaks, so what it finds is what brute force finds whenever the
best matches are among the candidates (the unit tests measure how often).

How candidates are found:

* Every word of an annotation's quote and note (as :func:`~tui_reader.search.search_key`
  leaves it: accents dropped, lower case, punctuation as spaces) has a posting
  list of the annotations that hold it. Tags and section titles repeat across
  many annotations, so they are indexed once per distinct value instead.
* A query word is expanded to the words of the vocabulary that it matches the
  way the scorer would: a partial match inside a longer word ("comm" ->
  "commander", "donavan" -> "donovan"), or a whole-word ratio against a shorter
  one. Vocabulary words to try come from shared character bigrams, so a typo
  costs at most two of them.
* Each annotation counts the query words it matches. The rarest query words are
  counted first and the most common ones ("the") only while a budget allows;
  the annotations with the highest counts (earlier documents first on a tie)
  are the candidates that the full scorer ranks.

Changes are incremental: :meth:`SearchIndex.add` and :meth:`SearchIndex.remove`
cost about as much as indexing one annotation, so the app never rebuilds after a tag.
The index is safe to use from several threads (one lock; a search holds it for
the few milliseconds it runs).
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from itertools import chain

from .annotations import Annotation
from .search import SCORE_CUTOFF, Hit, parse_query, rank, search_key

__all__ = ["SearchIndex"]

#: How many candidates the full scorer ranks at most. Scoring one costs about
#: 1.5 microseconds per field, so this bounds a query at a few milliseconds.
CANDIDATES = 2000

#: A query word is matched to a vocabulary word at or above this rapidfuzz score
#: (partial_ratio if the word is at least as long as the query word, else ratio).
#: One typo in a four-letter word scores 75; this is a little below the cutoff of
#: the whole query so that a typo in a short word does not hide its annotation.
WORD_CUTOFF = 70.0

#: Posting entries the counting of one query may touch, beyond its rarest word.
COUNT_BUDGET = 100_000

_TAG = 0
_SECTION = 1


def _bigrams(word: str) -> set[str]:
    return {word[i : i + 2] for i in range(len(word) - 1)}


class SearchIndex:
    """A candidate index over annotations for :meth:`search`.

    ``SearchIndex(store.all_annotations())`` indexes every annotation; building
    100,000 takes a fraction of a second. Document order (the last tie-break of
    the ranking) is the order in which the index first saw each document.
    """

    def __init__(self, annotations: Iterable[Annotation] = (), candidates: int = CANDIDATES) -> None:
        #: how many annotations a query scores at most (see CANDIDATES)
        self.candidates = max(1, candidates)
        self._process = search_key
        self._lock = threading.RLock()
        self._reset()
        with _collector_paused():
            self._add_many(annotations)

    def _reset(self) -> None:
        self._anns: list[Annotation | None] = []  # slot -> annotation, None once removed
        self._slot_of: dict[str, int] = {}  # annotation id -> slot
        self._doc_rank: dict[str, int] = {}
        self._dead = 0
        # slot -> (quote, note) as search_key leaves them; tag and section
        # titles repeat, so theirs are kept once per distinct value
        self._texts: list[tuple[str, str] | None] = []
        self._group_text: dict[str, str] = {}
        # word -> slots whose quote or note holds it (a slot may repeat; dead slots stay
        # until the next compaction)
        self._postings: dict[str, list[int]] = {}
        # tag -> slots and section title -> slots: they repeat, so their words are
        # indexed once per distinct value
        self._tags: dict[str, list[int]] = {}
        self._sections: dict[str, list[int]] = {}
        self._group_words: dict[str, list[tuple[int, str]]] = {}  # word -> (kind, value) holding it
        self._vocab_bigrams: dict[str, list[str]] = {}  # bigram -> vocabulary words holding it
        self._vocab: set[str] = set()
        self._expansions: dict[str, tuple[list[str], list[str]]] = {}  # query word -> (exact, fuzzy) vocabulary words

    # -- changing --------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._slot_of)

    def __contains__(self, ann_id: object) -> bool:
        return ann_id in self._slot_of

    def annotations(self) -> list[Annotation]:
        """The indexed annotations, in the order they were indexed."""
        with self._lock:
            return [a for a in self._anns if a is not None]

    def add(self, ann: Annotation) -> None:
        """Index ``ann``; an annotation with the same id is replaced (an edit)."""
        with self._lock:
            if ann.id in self._slot_of:
                self._remove(ann.id)
            self._add_many((ann,))

    def update(self, ann: Annotation) -> None:
        """Same as :meth:`add`: replace the indexed annotation with this id."""
        self.add(ann)

    def remove(self, ann_id: str) -> bool:
        """Forget the annotation with this id; False if it was not indexed.

        A removed annotation leaves a stale entry in the postings, skipped by every
        search; once stale entries outnumber live ones (a bulk delete) the index is
        rebuilt from what is left, inside this call.
        """
        with self._lock:
            if ann_id not in self._slot_of:
                return False
            self._remove(ann_id)
            if self._dead > 1000 and self._dead > len(self._slot_of):
                self._compact()
            return True

    def _remove(self, ann_id: str) -> None:
        slot = self._slot_of.pop(ann_id)
        self._anns[slot] = None
        self._texts[slot] = None
        self._dead += 1

    def _compact(self) -> None:
        live = [a for a in self._anns if a is not None]
        doc_rank = self._doc_rank
        self._reset()
        self._doc_rank = doc_rank
        self._add_many(live)

    def _add_many(self, annotations: Iterable[Annotation]) -> None:
        process = self._process
        anns = self._anns
        slot_of = self._slot_of
        doc_rank = self._doc_rank
        texts = self._texts
        postings = self._postings
        tags = self._tags
        sections = self._sections
        new_words: list[str] = []
        slot = len(anns)
        for ann in annotations:
            if ann.id in slot_of:  # a repeated id: the later one wins, as in add()
                self._remove(ann.id)
            anns.append(ann)
            slot_of[ann.id] = slot
            if ann.document not in doc_rank:
                doc_rank[ann.document] = len(doc_rank)
            quote = process(ann.quote)
            note = process(ann.note) if ann.note else ""
            texts.append((quote, note))
            for word in (quote + " " + note).split() if note else quote.split():
                posting = postings.get(word)
                if posting is None:
                    postings[word] = [slot]
                    new_words.append(word)
                else:
                    posting.append(slot)
            members = tags.get(ann.tag)
            if members is None:
                tags[ann.tag] = [slot]
                self._index_group(_TAG, ann.tag, new_words)
            else:
                members.append(slot)
            members = sections.get(ann.section)
            if members is None:
                sections[ann.section] = [slot]
                self._index_group(_SECTION, ann.section, new_words)
            else:
                members.append(slot)
            slot += 1

        if new_words:
            vocab = self._vocab
            bigrams = self._vocab_bigrams
            for word in new_words:
                if word in vocab:
                    continue
                vocab.add(word)
                for gram in _bigrams(word) if len(word) > 1 else (word,):
                    holders = bigrams.get(gram)
                    if holders is None:
                        bigrams[gram] = [word]
                    else:
                        holders.append(word)
            self._expansions.clear()

    def _index_group(self, kind: int, value: str, new_words: list[str]) -> None:
        text = self._group_text[value] = self._process(value) if value else ""
        for word in set(text.split()):
            self._group_words.setdefault(word, []).append((kind, value))
            new_words.append(word)

    # -- searching -------------------------------------------------------------

    def search(
        self,
        query: str,
        limit: int | None = 50,
        titles: dict[str, str] | None = None,
    ) -> list[Hit]:
        """Like :func:`~tui_reader.search.search_annotations` over the indexed
        annotations: the same query syntax, scores, order and listing."""
        titles = titles or {}
        text, tags = parse_query(query)
        with self._lock:
            anns = self._anns
            allowed: set[int] | None = None
            if tags:
                allowed = set(chain.from_iterable(
                    slots for tag, slots in self._tags.items() if tag.lower() in tags))
            if not text:  # a listing in document order, as search_annotations gives
                doc_rank = self._doc_rank
                with _collector_paused():
                    rows = [
                        (doc_rank[a.document], a.start, a.end, s)
                        for s, a in (enumerate(anns) if allowed is None else ((s, anns[s]) for s in allowed))
                        if a is not None
                    ]
                    rows.sort()
                    return [Hit(a, 100.0, titles.get(a.document, "")) for a in (anns[row[3]] for row in rows)]  # type: ignore[union-attr]

            needle = self._process(text)
            if needle and len(self._slot_of) > self.candidates:
                slots = self._candidates(needle, allowed)
            else:  # few enough to score them all (or punctuation only: a literal scan)
                slots = [s for s, a in enumerate(anns) if a is not None and (allowed is None or s in allowed)]
            pool = [anns[s] for s in slots]
            doc_rank = self._doc_rank

            def order(i: int) -> tuple[int, int, int, int]:
                ann = pool[i]
                return (doc_rank[ann.document], ann.start, ann.end, slots[i])  # type: ignore[union-attr]

            if not needle:
                ranked = rank(text, pool, order, limit)  # type: ignore[arg-type]
                return [Hit(pool[i], score, titles.get(pool[i].document, "")) for i, score in ranked]  # type: ignore[union-attr]
            texts = self._texts
            quotes = [texts[s][0] for s in slots]  # type: ignore[index]
            notes = [texts[s][1] for s in slots]  # type: ignore[index]
            one = [(i,) for i in range(len(slots))]
            group_text = self._group_text
            columns = [(quotes, one), (notes, one)]
            for values in ([a.tag for a in pool], [a.section for a in pool]):  # type: ignore[union-attr]
                holders: dict[str, list[int]] = {}
                for i, value in enumerate(values):
                    same = holders.get(value)
                    if same is None:
                        holders[value] = [i]
                    else:
                        same.append(i)
                columns.append(([group_text[v] for v in holders], list(holders.values())))
            ranked = rank(text, pool, order, limit, columns)  # type: ignore[arg-type]
        return [Hit(pool[i], score, titles.get(pool[i].document, "")) for i, score in ranked]  # type: ignore[union-attr]

    def _candidates(self, needle: str, allowed: set[int] | None) -> list[int]:
        """Slots worth scoring for ``needle`` (processed), at most ``self.candidates``.

        Each query word matches a set of annotations (through its expansion), and
        within it a subset that holds it exactly (as a word or inside one). The
        annotations matching every word come first, then those one word short (a
        typo the expansion missed); within each, those holding every word exactly,
        then all but one (the misspelt word), then the rest; earlier documents first.
        """
        words = list(dict.fromkeys(needle.split()))
        # One- and two-letter words ("a", "of", "by") sit inside a good part of the
        # vocabulary and tell little, unless the query has nothing longer.
        informative = [w for w in words if len(w) > 2] or [w for w in words if len(w) > 1] or words
        sized = []
        for word in informative:
            exact, fuzzy = self._expand(word)
            exact_lists = self._holders(exact)
            lists = exact_lists + self._holders(fuzzy)
            sized.append((sum(map(len, lists)), lists, exact_lists))
        sized.sort(key=lambda t: t[0])

        sets: list[set[int]] = []
        exact_sets: list[set[int]] = []
        spent = 0
        for size, lists, exact_lists in sized:
            if sets and spent + size > COUNT_BUDGET:
                break  # the commonest words would cost more than they tell
            spent += size
            found = set(chain.from_iterable(lists))
            exact = set(chain.from_iterable(exact_lists))
            if allowed is not None:
                found &= allowed
                exact &= allowed
            sets.append(found)
            exact_sets.append(exact)
        if not sets:
            return []

        anns = self._anns
        limit = self.candidates
        out: list[int] = []

        def take(group: set[int]) -> bool:
            for s in sorted(group):
                if anns[s] is not None:
                    out.append(s)
                    if len(out) >= limit:
                        return True
            return False

        everything, near = _layers(None, sets)
        for layer in (everything, near):
            for part in (_layers(layer, exact_sets) + [layer]):
                part -= set(out)
                if take(part):
                    return out
        if not out:  # the rarest words never meet: any of them will do
            take(set().union(*sets))
        return out

    def _holders(self, words: list[str]) -> list[list[int]]:
        """The slot lists of annotations holding any of ``words`` (in the quote or
        note, or in the tag or section title)."""
        postings = self._postings
        lists = [postings[v] for v in words if v in postings]
        keys = {k for v in words for k in self._group_words.get(v, ())}
        lists += [(self._tags if kind == _TAG else self._sections)[value] for kind, value in keys]
        return lists

    def _expand(self, word: str) -> tuple[list[str], list[str]]:
        """Vocabulary words that ``word`` (from a query) matches as the scorer
        would: (those holding it exactly, those matching it fuzzily)."""
        cached = self._expansions.get(word)
        if cached is not None:
            return cached
        from rapidfuzz import fuzz, process

        bigrams = self._vocab_bigrams
        fuzzy: list[str] = []
        if len(word) < 2:
            exact = [v for v in self._vocab if word in v]
        elif len(word) == 2:
            exact = list(bigrams.get(word, ()))
        else:
            # A typo breaks at most two of the word's bigrams, so a vocabulary word
            # that matches it shares all but two; by pigeonhole it then holds at least
            # one of the word's three rarest bigrams. (A shorter vocabulary word must
            # be over half as long to reach the cutoff with ratio.)
            lists = sorted((bigrams.get(g, ()) for g in _bigrams(word)), key=len)
            size = len(word)
            floor = size // 2
            candidates = {v for v in chain.from_iterable(lists[:3]) if len(v) > floor}
            longer = [v for v in candidates if len(v) >= size]
            shorter = [v for v in candidates if len(v) < size]
            exact = []
            for choices, scorer in ((longer, fuzz.partial_ratio), (shorter, fuzz.ratio)):
                for v, score, _ in process.extract(
                    word, choices, scorer=scorer, limit=None, score_cutoff=WORD_CUTOFF
                ):
                    (exact if score >= 100 else fuzzy).append(v)
        if len(self._expansions) > 4096:
            self._expansions.clear()
        self._expansions[word] = (exact, fuzzy)
        return exact, fuzzy


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a bulk of acyclic objects is
    made: with a library in memory each full collection walks every annotation,
    and allocating 100,000 rows would set off several (a listing of 100,000 took
    twice as long with them)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _layers(base: set[int] | None, sets: list[set[int]]) -> list[set[int]]:
    """[members of every set, members of all sets but one] among ``base`` (None:
    among all members of the sets)."""
    if not sets:
        return [set(base or ()), set()]
    if base is None:
        full = set.intersection(*sets)
    else:
        full = base.intersection(*sets)
    if len(sets) == 1:
        return [full, set()]
    near: set[int] = set()
    for j in range(len(sets)):
        others = [s for i, s in enumerate(sets) if i != j]
        near |= (base.intersection(*others) if base is not None else set.intersection(*others))
    return [full, near - full]


# Keep the cutoff in view: a candidate below it is never listed, whatever its count.
assert WORD_CUTOFF <= SCORE_CUTOFF
