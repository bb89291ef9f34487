"""What the section finders share: the Section record, a found heading, small helpers.

Part of the core: no Textual.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import accumulate
from typing import NamedTuple


@dataclass(frozen=True)
class Section:
    index: int  # 0-based position in the document
    title: str
    start: int  # offset of the section's first character (its heading line, if any)
    end: int  # exclusive
    #: (start, end) of each heading line in the section (the title line, its own heading,
    #: headings with no body merged into it); end is the offset of the line's break
    heading_lines: tuple[tuple[int, int], ...] = ()


class Heading(NamedTuple):
    start: int  # offset of the heading's first line
    body: int  # offset just after the heading's last line (underline, for setext)
    level: int  # 1..6 for Markdown; 0 for a plain-text title line, 2 for a headline
    title: str
    kind: str = ""  # a plain-text chapter marker's word ("chapter", "part", ...)


class Raw(NamedTuple):
    start: int
    end: int
    title: str  # "" for text with no headings: its parts are "Part 1", "Part 2", ...
    heading_lines: tuple[tuple[int, int], ...] = ()


def one_line(s: str) -> str:
    """Collapse all whitespace (including line and paragraph separators) to single spaces."""
    return " ".join(s.split())


def line_offsets(lines: list[str]) -> list[int]:
    """Running totals of line lengths: line ``i`` starts at ``totals[i] + i``."""
    return list(accumulate(map(len, lines), initial=0))


_NON_SPACE = re.compile(r"\S")


def has_content(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` holds anything but white space."""
    return start < end and _NON_SPACE.search(text, start, end) is not None
