"""Headings in plain text: the title line, chapter markers and headlines. Part of the core.

A heading stands on its own: never a line of a paragraph. Where the text separates its
paragraphs by blank lines (most books, anything hard-wrapped), a line with no blank line
before it belongs to the paragraph above, and a line that the next one continues without
a blank line is the first line of a paragraph; where each line is a paragraph (a news
article pasted as text), a headline is a title-like line between sentences.

In a book with chapter markers ("Chapter 12", "CHAPTER XII", "Part Two", "Book I"), the
chapters are the sections: the headlines inside a chapter are not (a book of 300
chapters has 300 entries in its contents, each cut into parts when long).
"""

from __future__ import annotations

from ..lazyre import LazyPattern
from .common import Heading, has_content, line_offsets, one_line

MAX_HEADLINE_CHARS = 90
MAX_HEADLINE_WORDS = 14
MAX_CAPS_HEADLINE_WORDS = 8  # an all-caps line longer than this is a legal sentence
MAX_TITLE_LINE_CHARS = 120
MAX_TITLE_LINE_WORDS = 20
MAX_TITLE_BLOCK_LINES = 3  # a title with a subtitle or a byline under it, then a blank line

# "By Jane Doe", "By Carlos M. Ruiz and Ana Lima": a byline under a title, not a headline.
_BYLINE = LazyPattern(r"(?:By|BY)\s+(?:[A-Z][\w.'’-]*\s*)+(?:(?:and|&)\s+(?:[A-Z][\w.'’-]*\s*)+)?$", "re")

_NUMBER_WORDS = (
    "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    "sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred"
)
_NUMBER_WORD_LIST = tuple(_NUMBER_WORDS.split("|"))
# "Chapter 12", "CHAPTER XII.", "Part Two", "Book I", "Chapter 3: The Road", "ACT I, SCENE 2"
_MARKER_WORDS = (
    "Chapter", "CHAPTER", "Part", "PART", "Book", "BOOK", "Volume", "VOLUME", "Act", "ACT", "Scene", "SCENE",
    "Section", "SECTION", "Canto", "CANTO", "Letter", "LETTER", "Episode", "EPISODE", "Appendix", "APPENDIX",
)
_MARKER = LazyPattern(
    r"(?P<kw>" + "|".join(_MARKER_WORDS) + ")"
    r"\s+(?:\d{1,4}(?:\.\d{1,3})*|[IVXLCDM]{1,8}|[A-Z]|(?i:(?:" + _NUMBER_WORDS + r")(?:[- ](?:" + _NUMBER_WORDS + r"))?))"
    r"(?:\s*[.:,]|\s*[-–—])?(?:\s+(?P<rest>\S.*?))?\s*$",
    "re",
)
# Chapters with no number, kept with the chapters: "Prologue", "EPILOGUE.", "Preface: On Ships"
_UNNUMBERED_WORDS = (
    "Prologue", "PROLOGUE", "Epilogue", "EPILOGUE", "Preface", "PREFACE", "Foreword", "FOREWORD",
    "Afterword", "AFTERWORD", "Interlude", "INTERLUDE", "Introduction", "INTRODUCTION",
)
_UNNUMBERED = LazyPattern(
    r"(?P<kw>" + "|".join(_UNNUMBERED_WORDS) + r")(?:\s*[.:]|\s*[-–—])?(?:\s+(?P<rest>\S.*?))?\s*$",
    "re",
)
_MARKER_START = frozenset("CPBVASLEIF")
# "3. Results", "2.1 Data Sources", "0. Definitions." (a numbered heading may end in a stop)
_NUMBERED = LazyPattern(r"\d{1,3}(?:\.\d{1,3})*[.)]?\s+(\S.*)", "re")
_INNER_STOP = LazyPattern(r"[.!?]\s", "re")

_SENTENCE_END = frozenset(".!?…。！？")
_NO_HEADLINE_END = frozenset(".!?…。！？:;,：；，、-–—/\\&")
_CLOSERS = "\"'”’»)]}」』›"
_OPENERS = "\"'“‘«([{「『‹"
_STRIP_WORD = "\"'“”‘’«»()[]{}「」『』‹›.,;:!?…*_"
_SMALL_WORDS = frozenset(
    """a an the and but or nor for so yet as at by in of off on per to up via vs vs. with
    from into onto over upon than that about after under amid among like near past till
    until since while when""".split()
)


def uses_blank_line_paragraphs(text: str, sample: int = 200_000) -> bool:
    """True for text laid out as paragraphs separated by blank lines (Markdown, most books),
    where single line breaks are only the author's hard wrapping. A sample decides."""
    text = text[:sample]
    return text.count("\n\n") >= 2 or (text.count("\n\n") >= 1 and text.count("\n") <= 40)


def _capitalized(word: str) -> bool:
    for ch in word:
        if ch.isalnum():
            return ch.isupper() or ch.istitle() or ch.isdigit()
    return False


def _headline_words(s: str) -> int:
    """How many words ``s`` has if it is shaped like a headline, else 0.

    Shaped like a headline: short, starts with a capital or a digit, does not end
    like a sentence or clause, and most of its longer words are capitalized.
    """
    if len(s) > MAX_HEADLINE_CHARS:
        return 0
    head = s.lstrip(_OPENERS)
    if not head or not (head[0].isupper() or head[0].istitle() or head[0].isdigit()):
        return 0
    tail = s.rstrip(_CLOSERS)
    if not tail or tail[-1] in _NO_HEADLINE_END:
        return 0
    words = s.split()
    if len(words) > MAX_HEADLINE_WORDS:
        return 0
    if len(words) > MAX_CAPS_HEADLINE_WORDS and s.upper() == s:
        return 0  # "HOLDERS AND/OR OTHER PARTIES PROVIDE THE PROGRAM "AS IS" WITHOUT WARRANTY"
    if s[:2] in ("By", "BY") and _BYLINE.match(s):
        return 0
    long_words = long_caps = short_words = 0
    letters = digits = 0  # roughly: characters of words starting with a letter / a digit
    small = _SMALL_WORDS
    for w in words:
        alpha = w.isalpha()
        if not alpha:
            w = w.strip(_STRIP_WORD)
            if not w:
                continue
        f = w[0]
        if f.isdigit():
            digits += len(w)
            cap = True
        else:
            letters += len(w)
            if f.isupper():
                cap = True
            elif f.islower():
                cap = False
            else:
                cap = _capitalized(w)
        if (w.lower() if cap else w) in small:
            continue
        if len(w) >= 4 and (alpha or sum(map(str.isalpha, w)) >= 4):
            long_words += 1
            long_caps += cap
        elif cap:
            short_words += 1
        else:
            return 0  # "Were th", "Review of it": short words stay lowercase only in sentences
    if letters <= digits:
        return 0  # a date or a figure ("March 3, 2024", "1999"), not a headline
    if long_words:
        return len(words) if long_caps * 2 > long_words else 0
    return len(words) if short_words else 0


def _numbered_heading(s: str) -> bool:
    """"0. Definitions.", "4. Conveying Verbatim Copies.": a number and a few title-case
    words, ended by a full stop."""
    m = _NUMBERED.fullmatch(s)
    if not m:
        return False
    rest = m.group(1).rstrip(".")
    return len(rest.split()) <= MAX_CAPS_HEADLINE_WORDS and "." not in rest and _headline_words(rest) > 0


def _may_be_numbered_marker(s: str) -> bool:
    """False only where ``_MARKER`` cannot match the stripped line ``s``: its first word is
    no marker word, or the next one starts with no number ("Part of the plan"). Most
    lines stop here, so the first frame of a text with none does not compile it."""
    parts = s.split(None, 1)
    if len(parts) < 2 or parts[0] not in _MARKER_WORDS:
        return False
    after = parts[1]
    c = after[0]
    # (?i:...) also matches some non-ASCII letters to ASCII ones: leave those to the pattern
    return c.isdigit() or "A" <= c <= "Z" or not after.isascii() or after.lower().startswith(_NUMBER_WORD_LIST)


def chapter_marker(s: str) -> tuple[str, bool] | None:
    """(kind, whether it carries its own title) if the stripped line ``s`` is a chapter
    marker ("Chapter 12", "CHAPTER I. Loomings", "Prologue"), else None. The kind is the
    marker's word, lowercased, with "*" added for the unnumbered ones ("prologue*")."""
    if not s or s[0] not in _MARKER_START or len(s) > MAX_HEADLINE_CHARS:
        return None
    m = _MARKER.match(s) if _may_be_numbered_marker(s) else None
    star = ""
    if m is None:
        m = _UNNUMBERED.match(s) if s.startswith(_UNNUMBERED_WORDS) else None
        star = "*"
        if m is None:
            return None
    rest = m.group("rest")
    if rest is not None:
        # a title after the number, "The Carpet-Bag." — not a sentence ("Part Two of the plan")
        first = rest.lstrip(_OPENERS)[:1]
        if not (first.isupper() or first.isdigit()) or len(rest.split()) > 12 or _INNER_STOP.search(rest):
            return None
        if rest.rstrip(_CLOSERS)[-1:] in ",;-–—/\\&":
            return None
    return m.group("kw").lower() + star, rest is not None


def _title_line(s: str) -> bool:
    """Whether the first non-blank line of a plain text reads as the document's title."""
    if len(s) > MAX_TITLE_LINE_CHARS or len(s.split()) > MAX_TITLE_LINE_WORDS:
        return False
    tail = s.rstrip(_CLOSERS)
    if not tail or tail[-1] in _NO_HEADLINE_END:
        return False
    return any(ch.isalnum() for ch in s)


def _title_block_end(lines: list[str], i: int, blank_paras: bool) -> int:
    """The last line of the title that starts at line ``i``, or -1 if that line does
    not stand alone (the next line continues its sentence or its paragraph)."""
    n = len(lines)
    if i + 1 >= n or not lines[i + 1].strip():
        return i
    if lines[i + 1].lstrip()[:1].islower():
        return -1
    if not blank_paras:
        return i  # each line is a paragraph of its own
    j = i + 1
    while j < n and lines[j].strip():
        s = lines[j].strip()
        if j - i >= MAX_TITLE_BLOCK_LINES or s[:1].islower() or not _title_line(s):
            return -1
        j += 1
    return j - 1


def plain_headings(text: str, fallback: str) -> tuple[list[Heading], str]:
    """Headings in plain text, and the document title.

    The title is the first line when it reads as one and stands alone. A heading stands
    between paragraphs: the line before it ends a sentence or is blank (a heading, or
    the start of the text, too), and body text follows it, directly or after blank
    lines. Where paragraphs are separated by blank lines, a headline has a blank line
    before it and after it (or after the two or three lines of its block), and a line
    in capitals of more than 8 words is never one. A one-word headline needs blank lines
    on both sides.
    """
    lines = text.split("\n")
    n = len(lines)
    totals = line_offsets(lines)
    blank_paras = uses_blank_line_paragraphs(text)

    def heading(i: int, last: int, level: int, title: str, kind: str = "") -> Heading:
        return Heading(totals[i] + i, min(totals[last + 1] + last + 1, len(text)), level, title, kind)

    headings: list[Heading] = []
    doc_title = fallback
    i = 0
    while i < n and (not lines[i] or lines[i].isspace()):
        i += 1
    if i == n:
        return headings, doc_title
    s = lines[i].strip()
    if chapter_marker(s) is None and _title_line(s):
        last = _title_block_end(lines, i, blank_paras)
        if last >= 0:
            doc_title = one_line(s)
            headings.append(heading(i, last, 0, doc_title))
            i = last + 1
    # Whether the previous non-blank line lets a heading follow it: it ends a sentence,
    # is the title, is a heading (a chain: "Chapter 2" / "The Road"), or there is none.
    prev_allows = True
    blank_before = True
    # candidate headings waiting for body text to confirm them:
    # (line, kind or "" for a headline, marker with its own title, blank line before it)
    chain: list[tuple[int, str, bool, bool]] = []
    found: list[Heading] = []
    sentence_end = _SENTENCE_END
    no_headline_end = _NO_HEADLINE_END
    closers = _CLOSERS
    # One pass, with cheap tests first: most lines are body text ending a sentence.
    for i in range(i, n):
        line = lines[i]
        if not line or line.isspace():
            blank_before = True
            continue
        last = line[-1]
        if last in closers or last.isspace():
            tail = line.rstrip().rstrip(closers)
            last = tail[-1] if tail else ""
        after_chain = bool(chain) and chain[-1][0] == i - 1
        if prev_allows or blank_before:
            stripped = line.strip()
            marker = chapter_marker(stripped) if stripped[0] in _MARKER_START else None
            if marker is not None:
                chain.append((i, marker[0], marker[1], blank_before))
                blank_before = False
                continue
            if blank_paras:
                # a headline is a paragraph of its own (its block is at most three lines)
                allowed = after_chain or (
                    blank_before and not (i + 3 < n and lines[i + 1] and lines[i + 2] and lines[i + 3])
                )
            else:
                allowed = prev_allows
            if allowed:
                if last not in no_headline_end:
                    words = _headline_words(stripped)
                elif last == "." and stripped[0].isdigit() and _numbered_heading(stripped):
                    words = 2
                else:
                    words = 0
                if words == 1 and not (blank_before and i + 1 < n and not lines[i + 1].strip()):
                    words = 0  # one word: only between blank lines ("Background")
                if words:
                    chain.append((i, "", False, blank_before))
                    blank_before = False
                    continue
        # Body text confirms the candidates waiting above it, if it starts like a
        # paragraph: a line starting in lowercase continues a hard-wrapped sentence.
        if chain:
            if not line.lstrip()[:1].islower():
                found.extend(_confirmed(chain, blank_before, blank_paras, heading, lines))
            chain.clear()
        prev_allows = last in sentence_end
        blank_before = False
    found = _with_subtitles(text, found, lines)
    found = _without_contents_lists(text, found)
    if sum(1 for h in found if h.kind and not h.kind.endswith("*")) >= 2:
        found = [h for h in found if h.kind]  # a book: its chapters are its sections
    return headings + found, doc_title


def _confirmed(chain, body_after_blank: bool, blank_paras: bool, heading, lines) -> list[Heading]:
    """The headings a chain of candidate lines gives once body text follows it."""
    if not blank_paras:  # each line is a paragraph: every candidate is a heading
        return [_make(heading, lines, [c]) for c in chain]
    blocks: list[list[tuple[int, str, bool, bool]]] = []
    for c in chain:
        if c[3] or not blocks:
            blocks.append([c])
        else:
            blocks[-1].append(c)
    last = blocks[-1]
    if not body_after_blank and not (last[0][1] and len(last) <= 2):
        blocks.pop()  # the body goes on from these lines: they begin its paragraph
    return [_make(heading, lines, b) for b in blocks if len(b) <= MAX_TITLE_BLOCK_LINES]


def _make(heading, lines, block) -> Heading:
    """The heading a block of lines makes: its first line, and under a chapter marker
    with no title of its own, the headline right under it as that title."""
    i, kind, titled, _ = block[0]
    title = one_line(lines[i])
    if kind and not titled and len(block) > 1 and not block[1][1]:
        title = _subtitled(title, one_line(lines[block[1][0]]))
    return heading(i, block[-1][0], 1 if kind else 2, title, kind)


def _subtitled(marker: str, title: str) -> str:
    return f"{marker} {title}" if marker[-1:] in ".:" else f"{marker}: {title}"


def _with_subtitles(text: str, found: list[Heading], lines: list[str]) -> list[Heading]:
    """A chapter marker with no title yet takes the headline that follows it with
    nothing in between ("Chapter 2" and, after a blank line, "The Road")."""
    out: list[Heading] = []
    for h in found:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.kind
            and not h.kind
            and _untitled_marker(prev, lines, text)
            and not has_content(text, prev.body, h.start)
        ):
            out[-1] = prev._replace(body=h.body, title=_subtitled(prev.title, h.title))
            continue
        out.append(h)
    return out


def _untitled_marker(h: Heading, lines: list[str], text: str) -> bool:
    """Whether a marker heading is its marker alone ("Chapter 2", not "Chapter 2: The Road")."""
    end = text.find("\n", h.start)
    marker = chapter_marker(text[h.start : end if end >= 0 else len(text)].strip())
    return marker is not None and not marker[1] and h.title == one_line(text[h.start : end if end >= 0 else len(text)])


def _without_contents_lists(text: str, found: list[Heading]) -> list[Heading]:
    """Drop a table of contents: chapter markers one after the other with nothing
    between them, where a kind comes back ("Chapter 1", "Chapter 2", ...). The last of
    such a run, the one with text under it, is a real chapter and stays."""
    out: list[Heading] = []
    run: list[Heading] = []

    def flush() -> None:
        kinds = [r.kind for r in run]
        out.extend(run[-1:] if len(set(kinds)) < len(kinds) else run)
        run.clear()

    for h in found:
        if run and not (h.kind and not has_content(text, run[-1].body, h.start)):
            flush()
        if h.kind:
            run.append(h)
        else:
            out.append(h)
    flush()
    return out
