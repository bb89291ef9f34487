"""Section detection: Markdown headings, plain-text headlines, and fallback parts.

``find_sections`` cuts a document's normalized text into sections that tile it
exactly: the first starts at 0, each ends where the next starts, the last ends at
``len(text)``. Cuts fall on line starts, or for an over-long line on whitespace or
at least on a grapheme-cluster boundary, so a section never splits an emoji family
or an accented letter.

The work is done line by line (Markdown) or with cheap string tests before any
regex (plain text), so a 10 MB book is sectioned in a fraction of a second. This
module is part of the core: it must not import Textual.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import accumulate, islice
from typing import NamedTuple

from .lazyre import LazyPattern

MAX_SECTION_CHARS = 12_000
"""Sections longer than this are split into numbered parts (see ``find_sections``)."""

MAX_HEADLINE_CHARS = 90
MAX_HEADLINE_WORDS = 14
MAX_TITLE_LINE_CHARS = 120
MAX_TITLE_LINE_WORDS = 20
MAX_SETEXT_TITLE_CHARS = 200


@dataclass(frozen=True)
class Section:
    index: int  # 0-based position in the document
    title: str
    start: int  # offset of the section's first character (its heading line, if any)
    end: int  # exclusive


def find_sections(
    text: str,
    markdown: bool,
    fallback_title: str = "",
    *,
    max_chars: int = MAX_SECTION_CHARS,
) -> tuple[str, list[Section]]:
    """Return (document title, sections) for normalized ``text``. Sections tile the text.

    ``markdown`` selects ATX/setext headings (outside fenced code) over plain-text
    headline detection. A heading with no body of its own is merged into the section
    after it; text with content before the first heading becomes its own section.
    Sections longer than ``max_chars`` are split into parts "Title (1/3)" ...; text
    with no headings at all becomes "Part 1", "Part 2" ...

    Empty text has no sections. A part is longer than ``max_chars`` only if a single
    grapheme cluster is.
    """
    if max_chars < 1:
        raise ValueError("max_chars must be at least 1")
    fallback = _one_line(fallback_title)
    if not text:
        return fallback, []

    if markdown:
        headings, content_start = _markdown_headings(text)
        doc_title = next((h.title for h in headings if h.level == 1), "")
        if not doc_title:
            doc_title = headings[0].title if headings else fallback
    else:
        headings, doc_title = _plain_headings(text, fallback)
        content_start = 0

    raw = _assemble(text, headings, doc_title, content_start)
    return doc_title, _split_long(text, raw, max_chars)


# ---------------------------------------------------------------------------
# Assembly: headings -> tiling sections, merging headings with empty bodies


class _Heading(NamedTuple):
    start: int  # offset of the heading's first line
    body: int  # offset just after the heading's last line (underline, for setext)
    level: int  # 1..6 for Markdown; 0 for a plain-text title line, 2 for a headline
    title: str


class _Raw(NamedTuple):
    start: int
    end: int
    title: str  # "" for text with no headings: its parts are "Part 1", "Part 2", ...


_NON_SPACE = re.compile(r"\S")


def _has_content(text: str, start: int, end: int) -> bool:
    return start < end and _NON_SPACE.search(text, start, end) is not None


def _assemble(text: str, headings: list[_Heading], doc_title: str, content_start: int) -> list[_Raw]:
    n = len(text)
    if not headings:
        return [_Raw(0, n, "")]
    out: list[_Raw] = []
    first = headings[0].start
    # Front matter (content_start > 0) is metadata, not reading matter: alone it
    # does not make a preamble.
    if _has_content(text, content_start, first):
        out.append(_Raw(0, first, doc_title or "Beginning"))
        pending = None
    else:
        pending = 0
    for i, h in enumerate(headings):
        end = headings[i + 1].start if i + 1 < len(headings) else n
        start = h.start if pending is None else pending
        if i + 1 < len(headings) and not _has_content(text, h.body, end):
            if pending is None:
                pending = start
            continue
        out.append(_Raw(start, end, h.title))
        pending = None
    return out


# ---------------------------------------------------------------------------
# Splitting long sections into parts


# (compiled on first use: only a section too long for one screen needs them)
_JOINS_PREVIOUS = LazyPattern(r"[\p{GCB=Extend}\p{GCB=ZWJ}\p{GCB=SpacingMark}]")
_ENDS_CLUSTER = LazyPattern(r"[\p{GCB=Other}\p{GCB=Control}\p{GCB=LF}]")
# A character after which a break is certain unless the next one joins it.
_CLEAN_BREAK_BEFORE = LazyPattern(
    r"(?r)[\p{GCB=Other}\p{GCB=Control}\p{GCB=LF}](?![\p{GCB=Extend}\p{GCB=ZWJ}\p{GCB=SpacingMark}])"
)
_CLUSTERS = LazyPattern(r"(?s)(\X)*")
_ONE_CLUSTER = LazyPattern(r"(?s)\X")
_SENTENCE_GAP = LazyPattern(r"(?r)[.!?…][\"'”’»)\]]*\s+|[。！？][\"'”’」』)\]]*")
_SPACE_RUN = LazyPattern(r"(?r)\s+")


def _split_long(text: str, raw: list[_Raw], max_chars: int) -> list[Section]:
    sections: list[Section] = []
    for r in raw:
        cuts = [r.start]
        pos = r.start
        while r.end - pos > max_chars:
            pos = _cut(text, pos, pos + max_chars, r.end)
            if pos >= r.end:
                break  # the rest is one grapheme cluster longer than the limit
            cuts.append(pos)
        cuts.append(r.end)
        count = len(cuts) - 1
        for k in range(count):
            if not r.title:
                title = f"Part {k + 1}"
            elif count == 1:
                title = r.title
            else:
                title = f"{r.title} ({k + 1}/{count})"
            sections.append(Section(len(sections), title, cuts[k], cuts[k + 1]))
    return sections


def _cut(text: str, pos: int, hi: int, end: int) -> int:
    """A cut in (pos, hi] (beyond hi only for one huge cluster), preferring the top half."""
    half = pos + (hi - pos) // 2
    # Near the limit first, then anywhere: a paragraph, a line, a sentence, a space.
    for lo, top_limit in ((half, hi), (pos, min(hi, half + 2))):
        # After a blank line: the next part starts at a paragraph.
        i = text.rfind("\n\n", lo, top_limit)
        if i >= 0:
            return i + 2
        # After a newline (always a cluster boundary: GB4).
        i = text.rfind("\n", lo, top_limit)
        if i >= 0:
            return i + 1
        # After a sentence, then after any whitespace, if that is a cluster boundary.
        for pattern in (_SENTENCE_GAP, _SPACE_RUN):
            top = top_limit
            while top > lo:
                m = pattern.search(text, lo, top)
                if m is None:
                    break
                c = m.end()
                if _is_simple_boundary(text, c):
                    return c
                # The run is followed by a combining mark (or the like), which
                # belongs to the last space: cut before that space instead.
                if pattern is _SPACE_RUN and c - 1 > max(m.start(), pos) and _is_simple_boundary(text, c - 1):
                    return c - 1
                top = m.start()
    return _cluster_cut(text, pos, hi, end)


def _is_simple_boundary(text: str, i: int) -> bool:
    """True if ``i`` is a grapheme boundary judged from its two neighbours alone.

    Safe when ``text[i - 1]`` is whitespace or punctuation ("Other" or "Control"):
    no rule joins such a character to the next one except GB9/9a (Extend, ZWJ,
    SpacingMark). Returns False rather than guess otherwise.
    """
    if i >= len(text) or i <= 0:
        return True
    return _ENDS_CLUSTER.match(text, i - 1) is not None and _JOINS_PREVIOUS.match(text, i) is None


def _cluster_cut(text: str, pos: int, hi: int, end: int) -> int:
    """The last grapheme boundary in (pos, hi]; ``pos`` must be a boundary."""
    # Fast: the last place whose neighbours alone prove a boundary (nearly always
    # within a few characters of ``hi``).
    top = hi
    while top > pos:
        m = _CLEAN_BREAK_BEFORE.search(text, pos, top)
        if m is None:
            break
        c = m.end()
        if c > pos and _is_simple_boundary(text, c):
            return c
        top = m.start()
    # Slow but exact (runs of flags, Hangul jamo ...): walk the clusters from ``pos``.
    m = _CLUSTERS.match(text, pos=pos, endpos=hi)
    starts = m.starts(1)
    if starts:
        last = starts[-1]
        # Clusters before the last were seen whole; the last may be cut short by endpos.
        if _ONE_CLUSTER.match(text, pos=last, endpos=end).end() == hi:
            return hi
        if last > pos:
            return last
    # One cluster longer than the limit: keep it whole.
    return _ONE_CLUSTER.match(text, pos=pos, endpos=end).end()


# ---------------------------------------------------------------------------
# Titles


def _one_line(s: str) -> str:
    """Collapse all whitespace (including line and paragraph separators) to single spaces."""
    return " ".join(s.split())


# compiled on first use: only a Markdown heading with inline marks needs them
_MD_INLINE = LazyPattern(r"[*_`\[\\]", "re")
_MD_LINK = LazyPattern(r"!?\[([^\]]*)\]\([^)]*\)", "re")
_MD_STRONG = LazyPattern(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1", "re")
_MD_EM = LazyPattern(r"(?<![\w*])([*_])(?=\S)(.+?)(?<=\S)\1(?![\w*])", "re")
_MD_CODE = LazyPattern(r"(`+)(.+?)\1", "re")
_MD_ESCAPE = LazyPattern(r"\\([!-/:-@\[-`{-~])", "re")


def _markdown_title(s: str) -> str:
    """Heading text as a reader would see it: links, emphasis and code marks removed."""
    raw = _one_line(s)
    if not _MD_INLINE.search(raw):
        return raw
    t = _MD_CODE.sub(lambda m: m.group(2).strip(), raw)
    t = _MD_LINK.sub(r"\1", t)
    t = _MD_STRONG.sub(r"\2", t)
    t = _MD_EM.sub(r"\2", t)
    t = _MD_ESCAPE.sub(r"\1", t)
    return _one_line(t) or raw


# ---------------------------------------------------------------------------
# Markdown


# Markdown only (compiled on first use: a plain-text article never needs them)
_FENCE = LazyPattern(r" {0,3}(`{3,}|~{3,})(.*)", "re")
_ATX = LazyPattern(r" {0,3}(#{1,6})(?:[ \t]+(.*))?$", "re")
_ATX_CLOSE = LazyPattern(r"(?:^|[ \t])#+[ \t]*$", "re")
_SETEXT_UNDERLINE = LazyPattern(r" {0,3}(=+|-+)[ \t]*$", "re")
_THEMATIC_BREAK = LazyPattern(r" {0,3}(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$", "re")
_LIST_OR_QUOTE = LazyPattern(r" {0,3}(?:[-+*](?:[ \t]|$)|\d{1,9}[.)](?:[ \t]|$)|>)", "re")
_HTML_START = LazyPattern(r" {0,3}<", "re")
_TABLE_DELIMITER = LazyPattern(r" {0,3}\|?(?:[ \t]*:?-+:?[ \t]*\|)+(?:[ \t]*:?-+:?[ \t]*)?$", "re")
_FRONT_MATTER_KEY = LazyPattern(r"\s*(?:$|#|[\w\"'-][^:=]*[:=])", "re")
# Lines starting with anything else are plain paragraph text (or blank).
_MD_SPECIAL_START = frozenset(" \t`~#=-*_+>|<0123456789")
_MD_BLOCK_START = frozenset("-+*>|:<0123456789")
_FRONT_MATTER_OPEN = {"---": ("---", "..."), "+++": ("+++",)}


def _markdown_headings(text: str) -> tuple[list[_Heading], int]:
    """ATX and setext headings outside fenced code; also the end of any front matter.

    A CommonMark subset: enough to find headings the way a renderer would, without
    parsing inline content. Setext headings need the paragraph above them, so the
    current paragraph (its first line, and whether it may be a heading) is tracked.
    """
    # the compiled patterns, looked up once (they are compiled on first use)
    fence_re, atx_re, atx_close_re = _FENCE.compiled(), _ATX.compiled(), _ATX_CLOSE.compiled()
    setext_underline_re, thematic_break_re = _SETEXT_UNDERLINE.compiled(), _THEMATIC_BREAK.compiled()
    list_or_quote_re, html_start_re = _LIST_OR_QUOTE.compiled(), _HTML_START.compiled()
    table_delimiter_re = _TABLE_DELIMITER.compiled()
    lines = text.split("\n")
    totals = _line_offsets(lines)

    def heading(first: int, last: int, level: int, title: str) -> _Heading:
        return _Heading(totals[first] + first, min(totals[last + 1] + last + 1, len(text)), level, title)

    first = _front_matter_end(lines)
    headings: list[_Heading] = []
    fence_char = ""  # "`" or "~" while inside a fenced code block
    fence_len = 0
    para = -1  # first line of the current paragraph, or -1 between paragraphs
    para_ok = False  # whether that paragraph may become a setext heading
    special = _MD_SPECIAL_START
    for i, line in enumerate(islice(lines, first, None), first):
        if not line:
            para = -1
            continue
        c = line[0]
        if fence_char:
            if c == fence_char or (c == " " and line.lstrip(" ")[:1] == fence_char):
                stripped = line.strip()
                run = len(stripped) - len(stripped.lstrip(fence_char))
                if run >= fence_len and not stripped[run:].strip() and len(line) - len(line.lstrip(" ")) <= 3:
                    fence_char = ""
            continue
        if c not in special:
            # The common case: a line of prose.
            if para < 0:
                para = i
                para_ok = True
            continue
        stripped = line.strip()
        if not stripped:
            para = -1
            continue
        indent = len(line) - len(line.lstrip(" "))
        if indent >= 4 or "\t" in line[: indent + 1]:
            continue  # indented code, or a paragraph's continuation line
        c = stripped[0]
        if c in "`~":
            m = fence_re.match(line)
            if m and not (c == "`" and "`" in m.group(2)):
                fence_char, fence_len = c, len(m.group(1))
                para = -1
                continue
        elif c == "#":
            m = atx_re.match(line)
            if m:
                content = (m.group(2) or "").strip()
                if content.endswith("#"):
                    content = atx_close_re.sub("", content).strip()
                title = _markdown_title(content) if content else ""
                if title:
                    headings.append(heading(i, i, len(m.group(1)), title))
                para = -1
                continue
        elif c in "=-" and setext_underline_re.match(line):
            if para >= 0 and para_ok:
                title = _markdown_title(" ".join(lines[para:i]))
                if len(title) > MAX_SETEXT_TITLE_CHARS:
                    title = _shorten(title, MAX_SETEXT_TITLE_CHARS)
                if title:
                    headings.append(heading(para, i, 1 if c == "=" else 2, title))
                    para = -1
                    continue
            if c == "-":
                para = -1  # a thematic break
                continue
        if c in "*-_" and thematic_break_re.match(line):
            para = -1
            continue
        # A list, quote, HTML block or table: a "---" below it is not an underline.
        if para < 0:
            para = i
            para_ok = c not in _MD_BLOCK_START or not (
                list_or_quote_re.match(line) or html_start_re.match(line) or table_delimiter_re.match(line)
            )
        elif para_ok and c in _MD_BLOCK_START and (list_or_quote_re.match(line) or table_delimiter_re.match(line)):
            para_ok = False
    return headings, (totals[first] + first if first else 0)


def _front_matter_end(lines: list[str]) -> int:
    """The index of the first line after YAML/TOML front matter, or 0 if there is none."""
    closers = _FRONT_MATTER_OPEN.get(lines[0].rstrip()) if len(lines) > 1 else None
    if not closers or not _FRONT_MATTER_KEY.match(lines[1]):
        return 0
    for i in range(1, min(len(lines), 200)):
        if lines[i].rstrip() in closers:
            return i + 1
    return 0


def _shorten(s: str, limit: int) -> str:
    cut = s.rfind(" ", 0, limit)
    if cut <= 0:
        cut = _cluster_cut(s, 0, limit, len(s))
    return s[:cut].rstrip() + "…"


# ---------------------------------------------------------------------------
# Plain text


# "By Jane Doe", "By Carlos M. Ruiz and Ana Lima": a byline under a title, not a headline.
_BYLINE = LazyPattern(r"(?:By|BY)\s+(?:[A-Z][\w.'’-]*\s*)+(?:(?:and|&)\s+(?:[A-Z][\w.'’-]*\s*)+)?$", "re")
# A chapter marker may end with a full stop: "CHAPTER I.", "Book Two.", "PART 3:".
_CHAPTER = LazyPattern(
    r"(?:CHAPTER|Chapter|PART|Part|BOOK|Book|VOLUME|Volume|SECTION|Section|ACT|Act|SCENE|Scene)"
    r"\s+(?:[IVXLCDM]+|\d+|[A-Z][a-z]+(?:-[a-z]+)?)[.:]$",
    "re",
)
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


def _ends_sentence(line: str) -> bool:
    s = line.rstrip().rstrip(_CLOSERS)
    return bool(s) and s[-1] in _SENTENCE_END


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


def _title_line(s: str) -> bool:
    """Whether the first non-blank line of a plain text reads as the document's title."""
    if len(s) > MAX_TITLE_LINE_CHARS or len(s.split()) > MAX_TITLE_LINE_WORDS:
        return False
    tail = s.rstrip(_CLOSERS)
    if not tail or tail[-1] in _NO_HEADLINE_END:
        return False
    return any(ch.isalnum() for ch in s)


def _line_offsets(lines: list[str]) -> list[int]:
    """Running totals of line lengths: line ``i`` starts at ``totals[i] + i``."""
    return list(accumulate(map(len, lines), initial=0))


def _plain_headings(text: str, fallback: str) -> tuple[list[_Heading], str]:
    """Headlines in plain text, and the document title.

    A headline stands between paragraphs: the non-blank line before it ends a
    sentence (or is the title line or another headline, or there is none), and body
    text follows it, directly or after blank lines. A one-word headline must also
    have blank lines on both sides.
    """
    lines = text.split("\n")
    n = len(lines)
    totals = _line_offsets(lines)

    def heading(i: int, level: int, title: str) -> _Heading:
        return _Heading(totals[i] + i, min(totals[i + 1] + i + 1, len(text)), level, title)

    headings: list[_Heading] = []
    doc_title = fallback
    i = 0
    while i < n and (not lines[i] or lines[i].isspace()):
        i += 1
    if i == n:
        return headings, doc_title
    s = lines[i].strip()
    if _title_line(s):
        doc_title = _one_line(s)
        headings.append(heading(i, 0, doc_title))
        i += 1
    # Whether the previous non-blank line lets a headline follow it: it ends a
    # sentence, is the title, is a headline (a chain: "Chapter 2" / "The Road"),
    # or there is none.
    prev_allows = True
    blank_before = True
    chain: list[int] = []  # candidate headlines waiting for body text to confirm them
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
        if prev_allows:
            if last not in no_headline_end:
                words = _headline_words(line.strip())
            elif last in ".:" and len(line) <= 40 and _CHAPTER.match(line.strip()):
                words = 2  # "CHAPTER I.", "Part Two:" despite the full stop
            else:
                words = 0
            if words == 1 and not (blank_before and i + 1 < n and not lines[i + 1].strip()):
                words = 0  # one word: only between blank lines ("Background")
            if words:
                chain.append(i)
                blank_before = False
                continue
        # Body text confirms the candidates waiting above it, if it starts like a
        # paragraph: a line starting in lowercase continues a hard-wrapped sentence.
        if chain:
            if not line.lstrip()[:1].islower():
                headings.extend(heading(j, 2, _one_line(lines[j])) for j in chain)
            chain.clear()
        prev_allows = last in sentence_end
        blank_before = False
    return headings, doc_title
