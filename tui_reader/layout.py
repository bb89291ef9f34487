"""Wrap a text to a width in terminal cells, by grapheme cluster; map offsets to cells.

Pure core: no Textual. The reading pane lays out one section at a time, so the cost of
a layout is bounded by the section size (see sections.MAX_SECTION_CHARS), never by the
size of the book.

Terms:
- a *cluster* is one user-perceived character (an extended grapheme cluster, see
  graphemes.py); the cursor and selections move from cluster to cluster;
- a *row* is one screen line of the wrapped text;
- a *cell* is one terminal column. Widths come from Rich's cell table (the one Textual
  renders with), so what we measure is what is drawn.

Every offset is a code-point offset into the text given to the layout plus ``base``, so
callers can lay out ``doc.text[section.start:section.end]`` with ``base=section.start``
and speak document offsets throughout.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from typing import Collection

from rich.cells import cell_len

from .graphemes import clusters
from .markdown_lines import LATER_ITEM, LIST_ITEM, STANDS_ALONE, fence_closes, fence_opening
from .sections.markdown import front_matter_end
from .sections.plain import uses_blank_line_paragraphs  # noqa: F401  (the reading pane asks here)

TAB_SIZE = 4

_NEWLINE = re.compile("\n")
_INDENT = re.compile(r"(?: {4,}|\t)(?=\S)")  # plain text: an indented line


def soft_breaks(text: str, keep: Collection[int] = (), markdown: bool = True) -> set[int]:
    """Offsets of the line breaks inside paragraphs (hard-wrapped prose), which a reader
    reflows as spaces: where paragraphs are separated by blank lines, a break between two
    lines of prose joins them, and so does one between a list item and the prose line that
    continues it. Breaks around headings, list items, quotes, tables, code and Markdown hard
    breaks (two trailing spaces or a backslash) stay, as do those at the offsets in ``keep``
    (the ends of a plain-text heading's lines). In plain text (``markdown`` False) indented
    lines are prose too: two lines with the same indentation join."""
    soft: set[int] = set()
    lines = text.split("\n")
    offset = 0
    fence: tuple[str, int] | None = None  # (character, length) of the open code fence
    in_item = False  # since the last blank line, a list item began
    structural, list_item, later_item = STANDS_ALONE.match, LIST_ITEM.match, LATER_ITEM.match
    for i, line in enumerate(lines[:-1]):
        nxt = lines[i + 1]
        if fence is None:
            if "`" in line or "~" in line:
                fence = fence_opening(line)
        elif fence_closes(line, *fence):
            fence = None
        end = offset + len(line)
        offset = end + 1
        if not line.strip():
            in_item = False
            continue
        item = list_item(line)
        in_item = in_item or bool(item)
        if fence is not None or line.endswith(("  ", "\\")) or end in keep:
            continue
        if not structural(line) or item:
            if not structural(nxt) or (not in_item and not item and later_item(nxt)):
                soft.add(end)
        elif not markdown:
            indent = _INDENT.match(line)
            if indent and nxt.startswith(indent.group()) and not nxt[len(indent.group())].isspace():
                soft.add(end)
    return soft


def _front_matter_breaks(text: str) -> list[int]:
    """The line breaks of a Markdown file's front matter (key: value lines, not prose)."""
    lines = text.split("\n", 200)[:200]
    ends, offset = [], 0
    for line in lines[: front_matter_end(lines)]:
        offset += len(line)
        ends.append(offset)
        offset += 1
    return ends


def cluster_width(cluster: str) -> int:
    """Cells a cluster takes on screen; never 0, so that the cursor can sit on it."""
    if cluster.isascii() and cluster.isprintable():
        return len(cluster)
    if unicodedata.category(cluster[0]) == "Cc":
        return 1
    return max(1, cell_len(cluster))


def display(cluster: str) -> str:
    """What to draw for a cluster: control and zero-width characters become visible
    one-cell marks, so that the text never shifts under the cursor."""
    if cluster.isascii() and cluster.isprintable():
        return cluster
    if cluster == "\n":
        return " "
    if unicodedata.category(cluster[0]) == "Cc":
        return "\ufffd"
    if cell_len(cluster) == 0:
        return "\u00b7"
    return cluster


@dataclass
class Row:
    """One screen row: the clusters on it as parallel lists."""

    offsets: list[int]  # start offset of each cluster
    cells: list[int]  # x of each cluster
    widths: list[int]  # cells taken by each cluster (tabs expanded)
    texts: list[str]  # what to draw for each cluster ("\t" for a tab: draw spaces)
    end: int  # offset just past the row's last cluster

    @property
    def start(self) -> int:
        return self.offsets[0] if self.offsets else self.end

    @property
    def cell_width(self) -> int:
        return self.cells[-1] + self.widths[-1] if self.cells else 0


class Layout:
    """``text`` wrapped to ``width`` cells, word by word, never splitting a cluster."""

    def __init__(
        self,
        text: str,
        width: int,
        base: int = 0,
        tab_size: int = TAB_SIZE,
        reflow: bool = False,
        keep: Collection[int] = (),
        markdown: bool = True,
    ) -> None:
        self.text = text
        self.width = max(1, width)
        self.base = base
        self.tab_size = tab_size
        self.reflow = reflow
        if markdown and base == 0:
            keep = {*keep, *_front_matter_breaks(text)}
        self.keep = keep  #: line breaks never reflowed (the ends of heading and front matter lines)
        self.markdown = markdown
        #: the line breaks shown as spaces (offsets into ``text``): with ``reflow``, those
        #: inside paragraphs (see soft_breaks), except the ones at the offsets in ``keep``
        self.soft: set[int] = soft_breaks(text, keep, markdown) if reflow else set()
        self.rows: list[Row] = []
        self._wrap()
        self._row_starts = [row.start for row in self.rows]
        self.cluster_starts: list[int] = [o for row in self.rows for o in row.offsets]

    # -- building -------------------------------------------------------------
    def _wrap(self) -> None:
        width, tab = self.width, self.tab_size
        offset = self.base
        soft = self.soft
        cuts = [m.start() for m in _NEWLINE.finditer(self.text) if m.start() not in soft] if soft else None
        if cuts is None:
            lines = self.text.split("\n")
        else:
            # split at hard breaks only; a soft break stays inside its line as a space
            lines, prev = [], 0
            for cut in cuts:
                lines.append(self.text[prev:cut])
                prev = cut + 1
            lines.append(self.text[prev:])
        if len(lines) > 1 and lines[-1] == "":
            lines.pop()  # the text's final newline ends the last line; no empty row after it
        for line in lines:
            row = Row([], [], [], [], offset)
            x = 0
            last_break = -1  # index in row after which we may break (after whitespace)
            ascii_line = line.isascii()
            # in ASCII every character is a cluster (CR LF cannot occur: text is normalized)
            parts = line if ascii_line else clusters(line)
            for cl in parts:
                is_tab = cl == "\t"
                if is_tab:
                    w, shown = tab - (x % tab), "\t"
                elif ascii_line and " " <= cl <= "~":
                    w, shown = 1, cl
                else:
                    w, shown = cluster_width(cl), display(cl)
                # the last cell of a row is kept for a space (or the cursor at a line's
                # end), so a word never needs to move just because a space follows it
                limit = width if cl in (" ", "\n") or width < 2 else width - 1
                while x + w > limit and row.offsets:
                    if 0 <= last_break < len(row.offsets) - 1:
                        # carry the word after the last break over to a new row
                        cut = last_break + 1
                        new = Row(row.offsets[cut:], [], row.widths[cut:], row.texts[cut:], row.end)
                        row.end = new.offsets[0]
                        del row.offsets[cut:], row.cells[cut:], row.widths[cut:], row.texts[cut:]
                    else:
                        new = Row([], [], [], [], offset)
                        row.end = offset
                    self.rows.append(row)
                    row, x, last_break = new, 0, -1
                    for i, t in enumerate(row.texts):
                        if t == "\t":  # tabs re-expand at their new x
                            row.widths[i] = tab - (x % tab)
                        row.cells.append(x)
                        x += row.widths[i]
                    if is_tab:
                        w = tab - (x % tab)
                row.offsets.append(offset)
                row.cells.append(x)
                row.widths.append(w)
                row.texts.append(shown)
                x += w
                offset += len(cl)
                row.end = offset
                if cl.isspace():
                    last_break = len(row.offsets) - 1
            # the newline itself is a cluster: the cursor can rest at the end of a line
            if offset < self.base + len(self.text):
                if x + 1 > width and row.offsets:
                    self.rows.append(row)
                    row, x = Row([], [], [], [], offset), 0
                row.offsets.append(offset)
                row.cells.append(x)
                row.widths.append(1)
                row.texts.append(" ")
                offset += 1
                row.end = offset
            self.rows.append(row)
        if not self.rows:
            self.rows.append(Row([], [], [], [], self.base))

    # -- queries --------------------------------------------------------------
    @property
    def height(self) -> int:
        return len(self.rows)

    @property
    def start(self) -> int:
        return self.base

    @property
    def end(self) -> int:
        return self.base + len(self.text)

    def row_of(self, offset: int) -> int:
        """The row that shows the cluster at ``offset``."""
        i = bisect_right(self._row_starts, offset) - 1
        i = max(0, min(i, len(self.rows) - 1))
        # empty rows share a start with the next row's first cluster only at the end
        while i > 0 and not self.rows[i].offsets and self.rows[i].start >= offset:
            i -= 1
        return i

    def rows_showing(self, spans: Collection[tuple[int, int]]) -> set[int]:
        """The rows that show some of the (start, end) spans (a section's heading lines,
        drawn in bold: found from their offsets, whatever their text)."""
        rows: set[int] = set()
        for start, end in spans:
            if start < end:
                rows.update(range(self.row_of(start), self.row_of(end - 1) + 1))
        return rows

    def point(self, offset: int) -> tuple[int, int]:
        """(row, cell) of the cluster that holds ``offset``."""
        y = self.row_of(offset)
        row = self.rows[y]
        if not row.offsets:
            return y, 0
        i = bisect_right(row.offsets, offset) - 1
        if i < 0:
            return y, 0
        return y, row.cells[i]

    def offset_at(self, y: int, x: int) -> int:
        """The cluster shown at row ``y``, cell ``x`` (any cell of a wide character);
        past the end of a row, its last cluster."""
        y = max(0, min(y, len(self.rows) - 1))
        row = self.rows[y]
        if not row.offsets:
            return row.start
        i = bisect_right(row.cells, max(0, x)) - 1
        return row.offsets[max(0, i)]

    def snap(self, offset: int) -> int:
        """The start of the cluster that holds ``offset`` (clamped to the text)."""
        starts = self.cluster_starts
        if not starts:
            return self.base
        i = bisect_right(starts, offset) - 1
        return starts[max(0, min(i, len(starts) - 1))]

    def cluster_end(self, offset: int) -> int:
        """The offset just past the cluster that starts at (or holds) ``offset``."""
        starts = self.cluster_starts
        i = bisect_right(starts, offset)
        return starts[i] if i < len(starts) else self.end

    def step(self, offset: int, delta: int) -> int:
        """Move ``delta`` clusters from ``offset``, clamped to the text."""
        starts = self.cluster_starts
        if not starts:
            return self.base
        i = bisect_right(starts, offset) - 1 + delta
        return starts[max(0, min(i, len(starts) - 1))]

    def first(self) -> int:
        return self.cluster_starts[0] if self.cluster_starts else self.base

    def last(self) -> int:
        return self.cluster_starts[-1] if self.cluster_starts else self.base
