"""Markdown headings (ATX and setext, outside fenced code) and front matter. Part of the core."""

from __future__ import annotations

from itertools import islice

from ..graphemes import last_boundary
from ..lazyre import LazyPattern
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


def markdown_headings(text: str) -> tuple[list[Heading], int]:
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
    totals = line_offsets(lines)

    def heading(first: int, last: int, level: int, title: str) -> Heading:
        return Heading(totals[first] + first, min(totals[last + 1] + last + 1, len(text)), level, title)

    first = _front_matter_end(lines)
    headings: list[Heading] = []
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
        cut = last_boundary(s, 0, limit, len(s))
    return s[:cut].rstrip() + "…"
