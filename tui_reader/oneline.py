"""Text shown on one line of plain output (the command line, a list row): a quote from
hard-wrapped text or a note of several lines must not start the next line at column 0."""

from __future__ import annotations

import re

# every character str.splitlines() breaks at, with the spaces around it
_BREAK = re.compile(r"[ \t]*(?:\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029])[ \t]*")


def one_line(text: str, mark: str = " ") -> str:
    """``text`` with each line break (and the spaces around it) replaced by ``mark``: a
    space for a quote (a hard wrap is white space), " ⏎ " for a note whose lines the
    writer meant."""
    return _BREAK.sub(mark, text)


def note_line(note: str) -> str:
    """A note on one line: its own line breaks shown as ⏎."""
    return one_line(note, " ⏎ ")
