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

from .anchor_fuzzy import fuzzy_candidates
from .anchor_rules import (
    CONTEXT_MIN, CONTEXT_OTHER, CONTEXT_STRONG, DISTINCTIVE_QUOTE, FUZZY_EDITS_SHARE, FUZZY_MIN_QUOTE, INTACT,
    LONG_QUOTE, MARGIN, MAX_EXACT, MAX_WHOLE_CONTEXT, NEAR, candidate_score, context_supports,
    context_supports_elsewhere, edges_ok, names_all_here, near_ok, side_scores,
)
from .annotations import ANCHORED, FUZZY, ORPHANED, REANCHORED, Annotation, anchor_fields
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


def _in_place(ann: Annotation, text: str, expected: int) -> tuple[Placement, float, bool] | None:
    """Steps 1 and 2a: the exact quote where it was, or where its neighbours' shift puts
    it, with its context agreeing: (placement, score, context intact on both sides)."""
    quote, n = ann.quote, len(ann.quote)
    for pos in (ann.start, expected):
        if 0 <= pos <= len(text) - n and text.startswith(quote, pos) and edges_ok(ann, text, pos, pos + n):
            pre, suf = side_scores(ann, text, pos, pos + n)
            if context_supports(pre, suf) and near_ok(ann, text, pos, pos + n):
                kept = pos == ann.start and not ann.orphaned
                placed = Placement(ANCHORED if kept else REANCHORED, pos, pos + n)
                return placed, candidate_score(100.0, pre, suf), min(pre, suf) >= INTACT
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
        """(prefix score, suffix score) of occurrence i, as :func:`side_scores`."""
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
            if only or context_supports_elsewhere(pre, suf, n):
                p = self.positions[i]
                out.append((candidate_score(100.0, pre, suf), p, p + n, REANCHORED, pre, suf))
        return out

    def rival(self, score: float, exclude: int) -> bool:
        """Whether an occurrence other than at ``exclude`` scores within MARGIN of
        ``score`` (its context need not support it, only be as good)."""
        floor = score - MARGIN  # a rival's score must be above this
        mean = floor - 100.0  # ...so the mean of its sides above this, and one side too
        for i in self.reaching(mean):
            if self.positions[i] != exclude and candidate_score(100.0, *self.sides(i)) > floor:
                return True
        return False


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
    # the quote with its whole context is one string: found through its rarest word
    hits = index.occurrences(prefix + quote + suffix, False, False, 2)
    if len(hits) != 1:
        return None  # nowhere, or twice: still two places
    found = hits[0] + len(prefix)
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
    if not candidates and not names_all_here(ann, text):
        # a fuzzy match keeps every name, initial and number of the quote: one of them
        # is nowhere in this text (a replaced file), so no place can hold the words
        return Placement(ORPHANED)
    for fuzzy in fuzzy_candidates(ann, text, expected):
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
