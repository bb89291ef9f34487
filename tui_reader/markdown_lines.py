"""Markdown's line rules: what a line is (a fence, a heading, a list item, a quote, a rule,
a table row), in one place for the section finder (headings outside code), the layout
(which line breaks reflow as spaces) and the sentence finder (a line's leading marks),
so that all three see the same structure. A CommonMark subset, judged line by line.

Pure core: no Textual. Patterns compile on first use (see lazyre).
"""

from __future__ import annotations

from .lazyre import LazyPattern

__all__ = [
    "ATX",
    "ATX_CLOSE",
    "BLOCK_START",
    "HTML_START",
    "LATER_ITEM",
    "LINE_MARKS",
    "LIST_ITEM",
    "LIST_OR_QUOTE",
    "SETEXT_UNDERLINE",
    "SPECIAL_START",
    "STANDS_ALONE",
    "TABLE_DELIMITER",
    "THEMATIC_BREAK",
    "fence_closes",
    "fence_opening",
]

_BULLET = r"[-*+]"
_NUMBER = r"\d{1,9}[.)]"

_FENCE = LazyPattern(r" {0,3}(`{3,}|~{3,})(.*)", "re")
_FENCE_CHARS = frozenset("`~")
#: an ATX heading: its hashes (the level) and its text
ATX = LazyPattern(r" {0,3}(#{1,6})(?:[ \t]+(.*))?$", "re")
#: the optional closing hashes of an ATX heading
ATX_CLOSE = LazyPattern(r"(?:^|[ \t])#+[ \t]*$", "re")
#: the line under a setext heading (= for level 1, - for level 2)
SETEXT_UNDERLINE = LazyPattern(r" {0,3}(=+|-+)[ \t]*$", "re")
THEMATIC_BREAK = LazyPattern(r" {0,3}(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$", "re")
#: the start of a list item or a block quote
LIST_OR_QUOTE = LazyPattern(rf" {{0,3}}(?:{_BULLET}(?:[ \t]|$)|{_NUMBER}(?:[ \t]|$)|>)", "re")
HTML_START = LazyPattern(r" {0,3}<", "re")
TABLE_DELIMITER = LazyPattern(r" {0,3}\|?(?:[ \t]*:?-+:?[ \t]*\|)+(?:[ \t]*:?-+:?[ \t]*)?$", "re")
#: a list item whose text may go on, hard-wrapped, on the next lines (not "- - -", a rule)
LIST_ITEM = LazyPattern(rf" {{0,3}}(?:{_BULLET}|{_NUMBER})[ \t]+(?![-*_ \t]*$)\S", "re")
#: a numbered item that cannot interrupt a paragraph (only "1." can), so a wrapped line
#: starting "7.  This requirement" goes on with the sentence above it
LATER_ITEM = LazyPattern(r" {0,3}(?:\d{2,9}|[02-9])[.)][ \t]", "re")
#: a line that stands on its own, never joined to the line before or after it: blank, a
#: heading, list item, quote, table row, fence, setext underline or rule, indented code
STANDS_ALONE = LazyPattern(
    rf"\s*$|\s*(?:#|{_BULLET}\s|[>|]|{_NUMBER}\s|```|~~~|={{3,}}|-{{3,}})|    |\t", "re"
)
#: the marks a line starts with that are not part of its sentence: a heading's hashes, a
#: list item's bullet or number, a quote's ">"
LINE_MARKS = LazyPattern(rf"(?:(?:#{{1,6}}|[-*+>]|{_NUMBER})[ \t]+)+")

#: a line starting with anything else is paragraph text (or blank)
SPECIAL_START = frozenset(" \t`~#=-*_+>|<0123456789")
#: first characters of the lines that may open a list, quote, HTML block or table
BLOCK_START = frozenset("-+*>|:<0123456789")


def fence_opening(line: str) -> tuple[str, int] | None:
    """(the fence character, how many) if ``line`` opens fenced code (three or more
    backticks or tildes, at most three spaces in; a backtick fence's info string has no
    backtick), else None."""
    if line[:4].lstrip(" ")[:1] not in _FENCE_CHARS:
        return None
    m = _FENCE.compiled().match(line)
    if m is None:
        return None
    run = m.group(1)
    if run[0] == "`" and "`" in m.group(2):
        return None
    return run[0], len(run)


def fence_closes(line: str, char: str, length: int) -> bool:
    """Whether ``line`` closes fenced code opened with ``length`` of ``char``: as many or
    more of them, nothing after, at most three spaces in."""
    c = line[:1]
    if not (c == char or (c == " " and line.lstrip(" ")[:1] == char)):
        return False
    stripped = line.strip()
    run = len(stripped) - len(stripped.lstrip(char))
    return run >= length and not stripped[run:].strip() and len(line) - len(line.lstrip(" ")) <= 3
