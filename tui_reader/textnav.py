"""Words and sentences of a text, as offsets: the motions w/b, ( ) and the V selection.

Pure core: no Textual. Offsets are code-point offsets into ``text``; callers pass a
section's text with ``base`` so results are document offsets.

A paragraph is what the reader sees: the line breaks the caller names as *soft* (the
author's hard wrapping inside a paragraph, see ``layout.soft_breaks``) are white space,
every other line break ends a sentence (a blank line, a heading, a list item, code).
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_left, bisect_right
from typing import Collection

from .lazyre import LazyPattern
from .markdown_lines import LINE_MARKS

# A word: letters/digits/marks joined by inner apostrophes, hyphens or dots ("Ecuador’s",
# "Drug-Linked", "U.S."), so that `a` on a name tags the whole name-like token.
WORD = LazyPattern(r"[\w\p{M}]+(?:[’'\-.][\w\p{M}]+)*\.?")

# Scripts written without spaces between words: a run of them is not one word, and
# where its words end needs a dictionary (see word_target).
NO_SPACE_SCRIPT = LazyPattern(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Thai}\p{Lao}\p{Khmer}\p{Myanmar}\p{Tibetan}]")

# Tokens that end in a dot without ending a sentence, whatever follows: titles before a
# name, "e.g.", "vs.", months before a day.
ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "gen", "sen", "rep", "gov", "lt", "col", "capt", "sgt", "maj",
    "adm", "cmdr", "supt", "insp", "rev", "hon", "pres", "fr", "st", "mt", "ft", "vs", "e.g", "i.e",
    "cf", "viz", "approx", "ca", "dept", "fig", "figs", "vol", "pp", "ed", "eds", "op", "al",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
}
# Tokens that end in a dot and end the sentence only when a capitalised word follows
# ("Acme Inc. said" goes on; "bought Acme Inc. The deal" does not).
TRAILING_ABBREVIATIONS = {"etc", "inc", "ltd", "co", "corp", "jr", "sr", "bros", "llc", "plc"}

_CLOSERS = "'\"’”)]}»›」』）"
_OPENERS = "'\"‘“([{«‹「『（"
_CLOSER_CLASS = "[" + "".join("\\" + c for c in _CLOSERS) + "]*"
_SENTENCE_END = LazyPattern(r"[.!?…]+" + _CLOSER_CLASS + r"(?=\s)|[。！？]+" + _CLOSER_CLASS + r"|\n")
_INITIAL_NEXT = LazyPattern(r"\s+\p{Lu}\.")
_INITIALS = LazyPattern(r"(?:\p{Lu}\.)*\p{Lu}")


def words(text: str, base: int = 0) -> list[tuple[int, int]]:
    """(start, end) of every word, in order."""
    out = []
    for m in WORD.finditer(text):
        s, e = m.span()
        # a trailing dot belongs to the word only for initials and abbreviations (U.S., L.)
        if text[e - 1] == "." and not _is_abbreviation(text[s : e - 1]):
            e -= 1
        # a possessive is not part of the name: "Ecuador’s" -> "Ecuador"
        if e - s > 2 and text[e - 2] in "’'" and text[e - 1] in "sS":
            e -= 2
        out.append((base + s, base + e))
    return out


def _is_abbreviation(token: str) -> bool:
    """True for initials and dotted acronyms ("L", "U.S") and common abbreviations."""
    token = token.lstrip(_OPENERS)
    if _INITIALS.fullmatch(token):
        return True
    low = token.lower()
    return low in ABBREVIATIONS or low in TRAILING_ABBREVIATIONS or low == "no"


def sentences(text: str, base: int = 0, soft: Collection[int] = ()) -> list[tuple[int, int]]:
    """(start, end) of every sentence. A line break ends one unless its offset (into
    ``text``) is in ``soft``; . ! ? … end one unless they close an abbreviation, an
    initial or a number sign, or a lowercase word follows ("“Why?” she asked.").
    Closing quotes and brackets after the stop belong to the sentence. Spans exclude
    surrounding white space."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        if m.group() == "\n":
            if m.start() in soft:
                continue
        elif not _ends_sentence(text, m.start(), m.end()):
            continue
        _add_trimmed(text, start, m.end(), spans)
        start = m.end()
    _add_trimmed(text, start, len(text), spans)
    return [(base + s, base + e) for s, e in spans]


def _ends_sentence(text: str, stop: int, end: int) -> bool:
    """Whether the stop at text[stop:end] (with its closers) ends a sentence."""
    if text[stop] in "。！？":
        return True
    after = _next_word(text, end)
    if after[:1].islower():
        return False  # "“Really?” he asked", "3 p.m. on Tuesday", "e.g. the"
    if text[stop:end].rstrip(_CLOSERS) != ".":
        return True
    before = _token_before(text, stop)
    token = before.lstrip(_OPENERS)
    low = token.lower()
    if low in ABBREVIATIONS:
        return False
    if low in TRAILING_ABBREVIATIONS:
        return after[:1].isupper()
    if low == "no":  # "No. 5", but "The answer was no."
        return not after[:1].isdigit()
    if _INITIALS.fullmatch(token):
        if "." in token:
            return False  # a dotted acronym: U.S., D.C.
        # a single capital is an initial after a name or before another initial
        # ("Francis L. Donovan", "and J. R. R. Tolkien"), not after a lowercase word
        # ("It was vitamin C. Then")
        if _INITIAL_NEXT.match(text, end):
            return False
        k = stop - len(before)
        while k > 0 and text[k - 1].isspace():
            k -= 1
        prev = _token_before(text, k).lstrip(_OPENERS)
        return not (prev[:1].isupper() or prev[:1].isdigit())
    return True


def _token_before(text: str, i: int) -> str:
    """The run of non-space characters that ends at ``i``."""
    j = i
    while j > 0 and not text[j - 1].isspace():
        j -= 1
    return text[j:i]


def _next_word(text: str, i: int) -> str:
    """The first characters of the word after ``i`` (opening quotes and brackets skipped)."""
    n = len(text)
    while i < n and text[i].isspace():
        i += 1
    while i < n and text[i] in _OPENERS:
        i += 1
    return text[i : i + 2]


def _add_trimmed(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    chunk = text[start:end]
    stripped = chunk.strip()
    if stripped:
        s = start + (len(chunk) - len(chunk.lstrip()))
        e = s + len(stripped)
        if s == 0 or text[s - 1] == "\n":
            # a heading's hashes, a list item's bullet or number, a quote's ">" are not
            # part of the sentence (unless they are all there is)
            m = LINE_MARKS.match(text, s, e)
            if m and m.end() < e:
                s = m.end()
        spans.append((s, e))


def span_at(spans: list[tuple[int, int]], offset: int) -> tuple[int, int] | None:
    """The span that holds ``offset``, or None."""
    i = bisect_right(spans, (offset, float("inf"))) - 1
    if i >= 0 and spans[i][0] <= offset < spans[i][1]:
        return spans[i]
    return None


def next_start(spans: list[tuple[int, int]], offset: int) -> int | None:
    """Start of the first span that begins after ``offset``."""
    i = bisect_right([s for s, _ in spans], offset)
    return spans[i][0] if i < len(spans) else None


def prev_start(spans: list[tuple[int, int]], offset: int) -> int | None:
    """Start of the last span that begins before ``offset``."""
    i = bisect_left([s for s, _ in spans], offset) - 1
    return spans[i][0] if i >= 0 else None


NO_WORD = "No word here: put the cursor on a word, or select text with v"
NO_SPACES = (
    "Words in Chinese, Japanese or Thai text have no spaces to tell where they end: "
    "select the words with v, then tag"
)


def word_target(
    text: str, word_spans: list[tuple[int, int]], offset: int, cluster_end: int, base: int = 0
) -> tuple[tuple[int, int] | None, str]:
    """What a tag key takes when nothing is selected: the word under the cursor, or a
    lone symbol such as an emoji; never punctuation or white space, and never a run of
    a script written without spaces (it would be a whole clause). Returns (span, "") or
    (None, the reason to show). ``word_spans``, ``offset`` and ``cluster_end`` are
    offsets into ``text`` plus ``base`` (a section's text with its start)."""
    word = span_at(word_spans, offset)
    if word is not None:
        if NO_SPACE_SCRIPT.search(text, word[0] - base, word[1] - base):
            return None, NO_SPACES
        return word, ""
    i = offset - base
    if i < len(text) and unicodedata.category(text[i])[0] == "S":
        return (offset, cluster_end), ""
    return None, NO_WORD
