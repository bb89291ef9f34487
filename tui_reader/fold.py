"""Accent- and case-insensitive matching, mapped back to the original text.

Pure core: no Textual. A reporter types "baez" for "Báez" and "jose" for "José",
whichever Unicode form the file spells it in (é as one code point, or e + U+0301).
Each character is folded on its own: NFKD, combining marks dropped, case folded,
composed again (NFC) and lower-cased, so "é", "e" + U+0301 and "É" all fold to "e",
"ß" to "ss", "ﬁ" to "fi". Folding character by character makes the fold of a text
the concatenation of the folds of its characters, so a match in the folded text
maps back to whole characters of the original.

Only accents are dropped (see ``_ACCENT_RANGES``): the marks that spell other words in
Indic scripts, Thai or Japanese (か and が) are kept.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from bisect import bisect_right

__all__ = ["fold", "FoldedText", "folded_text"]

#: The marks that are accents to a reader typing without them: the combining diacritics
#: (Latin, Greek, Cyrillic and the rest), Hebrew points and Arabic vowel signs. The marks
#: of Indic and South-East Asian scripts (viramas, vowel signs) and the kana voicing
#: marks spell other words (कि is not क, が is not か): they are kept.
_ACCENT_RANGES = (
    (0x0300, 0x036F), (0x1AB0, 0x1AFF), (0x1DC0, 0x1DFF), (0x20D0, 0x20FF), (0xFE20, 0xFE2F),
    (0x0591, 0x05C7), (0x064B, 0x065F), (0x0670, 0x0670),
)


def _is_accent(c: str) -> bool:
    code = ord(c)
    return any(lo <= code <= hi for lo, hi in _ACCENT_RANGES) and unicodedata.combining(c) != 0


def _strip(s: str) -> str:
    return "".join(c for c in s if not _is_accent(c))


def _fold_char(c: str) -> str:
    folded = _strip(unicodedata.normalize("NFKD", c)).casefold()
    # casefold can give back a letter with a mark ("İ" -> "i̇"): strip once more
    return unicodedata.normalize("NFC", _strip(unicodedata.normalize("NFKD", folded))).lower()


class _Tables:
    """What folding needs, built once on first use (about a tenth of a second).

    ``special`` maps each character of the Basic Multilingual Plane whose fold is
    not simply its ``lower()`` to its fold ("Σ" too: ``lower()`` turns it into "ς"
    at the end of a word); ``pattern`` finds those and every character beyond the
    BMP (folded on demand: a class of BMP characters is a fast bitmap for ``re``, one
    with astral ranges is not).
    """

    def __init__(self) -> None:
        special: dict[str, str] = {}
        for code in range(0x80, 0x10000):
            c = chr(code)
            if 0xD800 <= code < 0xE000:
                continue  # surrogates
            value = _fold_char(c)
            if value != c.lower():
                special[c] = value
        special["\u03a3"] = "\u03c3"
        self.special = special
        self.pattern = re.compile(f"[{_ranges(special)}]|[\U00010000-\U0010ffff]")
        self.lock = threading.Lock()

    def fold_char(self, c: str) -> str:
        value = self.special.get(c)
        if value is None:  # beyond the BMP: folded once, then remembered
            value = _fold_char(c)
            with self.lock:
                self.special[c] = value
        return value

    def fold_match(self, m: re.Match[str]) -> str:
        return self.fold_char(m.group())


def _ranges(chars) -> str:
    codes = sorted(ord(c) for c in chars)
    spans: list[list[int]] = []
    for code in codes:
        if spans and spans[-1][1] == code - 1:
            spans[-1][1] = code
        else:
            spans.append([code, code])
    return "".join(
        re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in spans
    )


_tables: _Tables | None = None
_tables_lock = threading.Lock()


def _get_tables() -> _Tables:
    global _tables
    if _tables is None:
        with _tables_lock:
            if _tables is None:
                _tables = _Tables()
    return _tables


def fold(s: str) -> str:
    """``s`` folded: accents and other combining marks dropped, case folded."""
    if s.isascii():
        return s.lower()
    tables = _get_tables()
    return tables.pattern.sub(tables.fold_match, s).lower()


class FoldedText:
    """A text's fold, and the way back from offsets in the fold to the text.

    Most characters fold to one character; the others (a combining mark folds to
    nothing, "ß" to two) are kept as breakpoints, so mapping an offset back costs
    one bisect.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        # for each character whose fold is not one character long: its offset in the
        # fold, its offset in the text, the length of its fold
        self._at: list[int] = []
        self._orig: list[int] = []
        self._size: list[int] = []
        if text.isascii():
            self.folded = text.lower()
            return
        fold_char = _get_tables().fold_char
        changes: list[tuple[int, int]] = []

        def fold_match(m: re.Match[str]) -> str:
            value = fold_char(m.group())
            if len(value) != 1:
                changes.append((m.start(), len(value)))
            return value

        self.folded = _get_tables().pattern.sub(fold_match, text).lower()
        shift = 0
        for pos, size in changes:
            self._at.append(pos + shift)
            self._orig.append(pos)
            self._size.append(size)
            shift += size - 1

    def source_of(self, i: int) -> int:
        """The offset in the text of the character whose fold holds folded character ``i``."""
        k = bisect_right(self._at, i) - 1
        if k < 0:
            return i
        at = self._at[k]
        if i < at + self._size[k]:
            return self._orig[k]
        return self._orig[k] + 1 + (i - at - self._size[k])

    def find_all(self, needle: str) -> list[tuple[int, int]]:
        """Every non-overlapping occurrence of ``needle``'s fold, as (start, end) of the
        whole characters of the text that hold it; [] when the needle folds to nothing."""
        key = fold(needle)
        if not key:
            return []
        # characters of the needle that fold to nothing (a combining mark at its start
        # or end) match such characters of the text around the fold's match
        lead = trail = 0
        while not fold(needle[lead]):
            lead += 1
        while not fold(needle[-1 - trail]):
            trail += 1
        out = []
        text, folded, source_of = self.text, self.folded, self.source_of
        pos = folded.find(key)
        size = len(key)
        while pos >= 0:
            start = source_of(pos)
            for _ in range(lead):
                if start == 0 or fold(text[start - 1]):
                    break
                start -= 1
            end = source_of(pos + size - 1) + 1
            for _ in range(trail):
                if end == len(text) or fold(text[end]):
                    break
                end += 1
            out.append((start, end))
            pos = folded.find(key, pos + size)
        return out


_cache: tuple[str, FoldedText] | None = None
_cache_lock = threading.Lock()


def folded_text(text: str) -> FoldedText:
    """The :class:`FoldedText` of ``text``, kept for the last text asked about: the
    reader finds in one document many times, and folding a 10 MB book is the costly part."""
    global _cache
    with _cache_lock:  # held while folding: a second caller waits for the first's fold
        if _cache is None or _cache[0] is not text:
            _cache = (text, FoldedText(text))
        return _cache[1]
