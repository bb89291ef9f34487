"""Words and sentences of a text, as offsets: the motions w/b, ( ) and the V selection.

Pure core: no Textual. Offsets are code-point offsets into ``text``; callers pass a
section's text with ``base`` so results are document offsets.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from .lazyre import LazyPattern

# A word: letters/digits/marks joined by inner apostrophes, hyphens or dots ("Ecuador’s",
# "Drug-Linked", "U.S."), so that `a` on a name tags the whole name-like token.
WORD = LazyPattern(r"[\w\p{M}]+(?:[’'\-.][\w\p{M}]+)*\.?")

# Tokens that end in a dot without ending a sentence.
ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "gen", "sen", "rep", "gov", "lt", "col", "capt", "sgt",
    "st", "jr", "sr", "no", "vs", "etc", "e.g", "i.e", "inc", "ltd", "co", "corp", "dept",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "fig",
}
_SENTENCE_END = LazyPattern(r"""[.!?…]+['"’”)\]]*(?=\s)|\n""")
_TOKEN_BEFORE = LazyPattern(r"(\S+)$")
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
    token = token.lstrip("(\"'“‘[")
    if _INITIALS.fullmatch(token):
        return True
    return token.lower() in ABBREVIATIONS


def sentences(text: str, base: int = 0) -> list[tuple[int, int]]:
    """(start, end) of every sentence: a line break always ends one (headings, list
    items); . ! ? end one unless they close an abbreviation or an initial. Spans exclude
    surrounding white space."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        end = m.end()
        if m.group() != "\n":
            if m.group().rstrip("'\"’”)]") == ".":
                before = _TOKEN_BEFORE.search(text, 0, m.start())
                if before and _is_abbreviation(before.group(1)):
                    continue
        _add_trimmed(text, start, end, spans)
        start = end
    _add_trimmed(text, start, len(text), spans)
    return [(base + s, base + e) for s, e in spans]


def _add_trimmed(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    chunk = text[start:end]
    stripped = chunk.strip()
    if stripped:
        s = start + (len(chunk) - len(chunk.lstrip()))
        spans.append((s, s + len(stripped)))


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
