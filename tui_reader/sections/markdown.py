"""Markdown headings (ATX and setext, outside fenced code) and front matter. Part of the core."""

from __future__ import annotations

from itertools import islice

from ..graphemes import last_boundary
from ..lazyre import LazyPattern
from ..markdown_lines import (
    ATX,
    ATX_CLOSE,
    BLOCK_START,
    HTML_START,
    LIST_OR_QUOTE,
    SETEXT_UNDERLINE,
    SPECIAL_START,
    TABLE_DELIMITER,
    THEMATIC_BREAK,
    fence_closes,
    fence_opening,
)
from .common import Heading, line_offsets, one_line

MAX_SETEXT_TITLE_CHARS = 200

# compiled on first use: only a Markdown heading with inline marks needs them
_MD_INLINE = LazyPattern(r"[*_`\[\\]", "re")
_MD_LINK = LazyPattern(r"!?\[([^\]]*)\]\([^)]*\)", "re")
_MD_STRONG = LazyPattern(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1", "re")
_MD_EM = LazyPattern(r"(?<![\w*])([*_])(?=\S)(.+?)(?<=\S)\1(?![\w*])", "re")
_MD_CODE = LazyPattern(r"(`+)(.+?)\1", "re")
_MD_ESCAPE = LazyPattern(r"\\([!-/:-@\[-`{-~])", "re")


def _markdown_title(s: str) -> str:
    """Heading text as a reader would see it: links, emphasis and code marks removed."""
    raw = one_line(s)
    if not _MD_INLINE.search(raw):
        return raw
    t = _MD_CODE.sub(lambda m: m.group(2).strip(), raw)
    t = _MD_LINK.sub(r"\1", t)
    t = _MD_STRONG.sub(r"\2", t)
    t = _MD_EM.sub(r"\2", t)
    t = _MD_ESCAPE.sub(r"\1", t)
    return one_line(t) or raw


_FRONT_MATTER_KEY = LazyPattern(r"\s*(?:$|#|[\w\"'-][^:=]*[:=])", "re")
_FRONT_MATTER_OPEN = {"---": ("---", "..."), "+++": ("+++",)}


def markdown_headings(text: str) -> tuple[list[Heading], int]:
    """ATX and setext headings outside fenced code; also the end of any front matter.

    A CommonMark subset: enough to find headings the way a renderer would, without
    parsing inline content. Setext headings need the paragraph above them, so the
    current paragraph (its first line, and whether it may be a heading) is tracked.
    """
    # the compiled patterns, looked up once (they are compiled on first use)
    atx_re, atx_close_re = ATX.compiled(), ATX_CLOSE.compiled()
    setext_underline_re, thematic_break_re = SETEXT_UNDERLINE.compiled(), THEMATIC_BREAK.compiled()
    list_or_quote_re, html_start_re = LIST_OR_QUOTE.compiled(), HTML_START.compiled()
    table_delimiter_re = TABLE_DELIMITER.compiled()
    lines = text.split("\n")
    totals = line_offsets(lines)

    def heading(first: int, last: int, level: int, title: str) -> Heading:
        return Heading(totals[first] + first, min(totals[last + 1] + last + 1, len(text)), level, title)

    first = front_matter_end(lines)
    headings: list[Heading] = []
    fence_char = ""  # "`" or "~" while inside a fenced code block
    fence_len = 0
    para = -1  # first line of the current paragraph, or -1 between paragraphs
    para_ok = False  # whether that paragraph may become a setext heading
    special = SPECIAL_START
    for i, line in enumerate(islice(lines, first, None), first):
        if not line:
            para = -1
            continue
        c = line[0]
        if fence_char:
            if fence_closes(line, fence_char, fence_len):
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
            fence = fence_opening(line)
            if fence is not None:
                fence_char, fence_len = fence
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
            para_ok = c not in BLOCK_START or not (
                list_or_quote_re.match(line) or html_start_re.match(line) or table_delimiter_re.match(line)
            )
        elif para_ok and c in BLOCK_START and (list_or_quote_re.match(line) or table_delimiter_re.match(line)):
            para_ok = False
    return headings, (totals[first] + first if first else 0)


def front_matter_end(lines: list[str]) -> int:
    """The index of the first line after YAML/TOML front matter, or 0 if there is none
    (also the rule doc_source reads the front matter by)."""
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
        cut = last_boundary(s, 0, limit, len(s))
    return s[:cut].rstrip() + "…"
