"""The cursor and the selection over one section's Layout, and the moves the keys make.

Pure core: no Textual. The reading pane maps keys and clicks to these moves and draws
what they leave; rows and cells come from the Layout, every position is a document
offset on the start of a grapheme cluster. A move that runs past the section's first or
last row says so (``Motion.leave``) and the pane shows the neighbouring section.
"""

from __future__ import annotations

from typing import NamedTuple

from .layout import Layout, soft_breaks
from .textnav import next_start, prev_start, sentences, span_at, word_target, words

__all__ = ["Cursor", "Motion"]

NO_MORE_WORDS = "No more words in this section"
NO_MORE_SENTENCES = "No more sentences in this section"
NO_SENTENCE = "No sentence here"
SELECTION_AT_EDGE = "The selection stops at the section's edge"


class Motion(NamedTuple):
    """What a move did, for the pane to show."""

    moved: bool = True  #: the cursor was set (maybe to where it was): redraw and scroll to it
    notice: str = ""  #: something to tell the reader ("No more words in this section")
    leave: int = 0  #: -1 / 1: the move runs on into the previous / next section
    scroll: int = 0  #: rows to scroll the view by before showing the cursor (a page)
    #: with ``leave``: "sentence" lands on the neighbour's first (last) sentence, not its
    #: first (last) row
    unit: str = ""


_STAY = Motion(moved=False)


class Cursor:
    """Where the cursor is, where a selection began, and the moves over ``layout``.

    ``offset`` is the cursor (the start of the cluster it is on); ``mark`` the selection's
    anchor, None when nothing is selected; the selection runs from the one to the other,
    both clusters included. ``goal_x`` is the cell an up/down run aims for, so that
    crossing a short line does not pull the cursor left for good.
    """

    def __init__(self, layout: Layout | None = None, *, has_previous: bool = False, has_next: bool = False) -> None:
        self.offset = 0
        self.mark: int | None = None
        self.goal_x: int | None = None
        #: (mark, offset) of a selection the program made (a find match, an annotation
        #: jumped to): escape on it leaves the cursor at its start, where the words begin
        self.placed: tuple[int, int] | None = None
        self.layout: Layout = layout  # type: ignore[assignment]  (set by use() before any move)
        self.has_previous = has_previous
        self.has_next = has_next
        self._words: list[tuple[int, int]] | None = None
        self._sentences: list[tuple[int, int]] | None = None
        if layout is not None:
            self.offset = layout.first()

    def use(self, layout: Layout, *, has_previous: bool = False, has_next: bool = False) -> None:
        """Move over ``layout`` from now on: another section, width or reflow. Whether a
        section lies before and after it says where up and down may run on to."""
        old = self.layout
        if old is None or (old.base, old.end) != (layout.base, layout.end):
            self._words = self._sentences = None
        elif old.reflow != layout.reflow:
            self._sentences = None
        self.layout = layout
        self.has_previous = has_previous
        self.has_next = has_next

    # -- the units moved over -----------------------------------------------------
    @property
    def words(self) -> list[tuple[int, int]]:
        if self._words is None:
            self._words = words(self.layout.text, self.layout.base)
        return self._words

    @property
    def sentences(self) -> list[tuple[int, int]]:
        """The sentences as the reader sees the paragraphs: a line break the layout reflows
        (or, in Markdown, any break inside a paragraph) is a space."""
        if self._sentences is None:
            layout = self.layout
            if layout.reflow:
                soft = layout.soft
            elif layout.markdown:
                soft = soft_breaks(layout.text, layout.keep)
            else:
                soft = set()
            self._sentences = sentences(layout.text, layout.base, soft)
        return self._sentences

    def _char(self, offset: int) -> str:
        return self.layout.text[offset - self.layout.base]

    # -- state ----------------------------------------------------------------------
    @property
    def selection(self) -> tuple[int, int] | None:
        """The selected span [start, end), the cursor's cluster included, or None."""
        if self.mark is None:
            return None
        lo, hi = sorted((self.mark, self.offset))
        return lo, self.layout.cluster_end(hi)

    def target(self) -> tuple[tuple[int, int] | None, str]:
        """What a tag key takes: the selection, else the word under the cursor (see
        textnav.word_target). Returns (span, "") or (None, the reason to show)."""
        selection = self.selection
        if selection is not None:
            return selection, ""
        layout = self.layout
        return word_target(layout.text, self.words, self.offset, layout.cluster_end(self.offset), layout.base)

    def set(self, offset: int, keep_goal: bool = False) -> Motion:
        """Put the cursor on the cluster that holds ``offset``."""
        self.offset = self.layout.snap(offset)
        if not keep_goal:
            self.goal_x = None
        return Motion()

    def select(self, start: int, end: int) -> Motion:
        """Select [start, end), as the program does for a find match or an annotation."""
        self.mark = self.layout.snap(start)
        self.set(self.layout.snap(end - 1))
        self.placed = (self.mark, self.offset)
        return Motion()

    def toggle_selection(self) -> None:
        self.mark = None if self.mark is not None else self.offset

    def escape(self) -> int | None:
        """Forget a selection the program made; returns its start if it is the one
        selected now (the cursor goes back there), else None."""
        start = self.mark
        placed = start is not None and (start, self.offset) == self.placed
        self.placed = None
        return start if placed else None

    def click(self, offset: int) -> Motion:
        self.mark = None
        return self.set(offset)

    def drag(self, origin: int, offset: int) -> Motion:
        """A drag from ``origin`` (where the button went down) to ``offset``."""
        if offset != origin:
            self.mark = origin
        return self.set(offset)

    # -- moves ----------------------------------------------------------------------
    def step(self, delta: int) -> Motion:
        """``delta`` clusters on (back if negative), within the section."""
        return self.set(self.layout.step(self.offset, delta))

    def rows(self, delta: int) -> Motion:
        """``delta`` rows down (up if negative), aiming at the same cell. Past the first or
        last row the cursor runs on into the neighbouring section, unless it is
        selecting (a selection stays in its section) or there is none."""
        layout = self.layout
        y, x = layout.point(self.offset)
        if self.goal_x is None:
            self.goal_x = x
        target = y + delta
        notice = ""
        if target < 0 or target >= layout.height:
            if self.mark is not None:
                notice = SELECTION_AT_EDGE
            elif target < 0 and self.has_previous:
                return Motion(moved=False, leave=-1)
            elif target >= layout.height and self.has_next:
                return Motion(moved=False, leave=1)
            target = max(0, min(target, layout.height - 1))
        self.set(layout.offset_at(target, self.goal_x), keep_goal=True)
        return Motion(notice=notice)

    def page(self, delta: int, rows_per_page: int, end_in_view: bool = False) -> Motion:
        """A page down (up if ``delta`` is negative): the view scrolls by a page and the
        cursor keeps its place on screen; from the last (first) row, on into the next
        (previous) section. Down with the section's last row already in view
        (``end_in_view``, a short section), on into the next section at once."""
        layout = self.layout
        y, _ = layout.point(self.offset)
        if delta > 0 and end_in_view and y < layout.height - 1:
            return self.rows(layout.height - y)
        if (delta > 0 and y >= layout.height - 1) or (delta < 0 and y == 0):
            return self.rows(delta)
        target = max(0, min(layout.height - 1, y + delta * rows_per_page))
        return self.rows(target - y)._replace(scroll=delta * rows_per_page)

    def extend(self, delta: int) -> Motion:
        """Select from here ``delta`` clusters on."""
        if self.mark is None:
            self.mark = self.offset
        return self.step(delta)

    def extend_rows(self, delta: int) -> Motion:
        if self.mark is None:
            self.mark = self.offset
        return self.rows(delta)

    def word(self, delta: int) -> Motion:
        """To the start of the next (previous) word; extending a selection forwards, to
        the last cluster of the next word, so that ``v w w`` selects whole words."""
        if self.mark is not None and self.offset >= self.mark:
            offset = self._word_end(delta)
        elif delta > 0:
            offset = next_start(self.words, self.offset)
        else:
            offset = prev_start(self.words, self.offset)
        if offset is None:
            return Motion(moved=False, notice=NO_MORE_WORDS)
        return self.set(offset)

    def _word_end(self, delta: int) -> int | None:
        """The last cluster of the next (or, backwards, the previous) word, never
        before the selection's mark."""
        layout = self.layout
        ends = [layout.snap(e - 1) for _, e in self.words]
        if delta > 0:
            return next((e for e in ends if e > self.offset), None)
        back = [e for e in ends if self.mark <= e < self.offset]  # type: ignore[operator]
        return back[-1] if back else self.mark

    def sentence(self, delta: int) -> Motion:
        """To the start of the next sentence; back, to the start of this one first (as in
        vim), then of the one before."""
        spans = self.sentences
        if delta > 0:
            offset = next_start(spans, self.offset)
        else:
            here = span_at(spans, self.offset)
            if here and here[0] < self.offset:
                offset = here[0]
            else:
                offset = prev_start(spans, self.offset)
        if offset is None:
            # on into the neighbouring section's first (last) sentence, unless selecting
            if self.mark is None and (self.has_next if delta > 0 else self.has_previous):
                return Motion(moved=False, leave=1 if delta > 0 else -1, unit="sentence")
            return Motion(moved=False, notice=SELECTION_AT_EDGE if self.mark is not None else NO_MORE_SENTENCES)
        return self.set(offset)

    def select_sentence(self) -> Motion:
        """Select the sentence under the cursor; at the end of a line the sentence it
        ends, between sentences the next one."""
        spans = self.sentences
        span = span_at(spans, self.offset)
        if span is None:
            before = [sp for sp in spans if sp[1] <= self.offset]
            if self._char(self.offset) == "\n" and before:
                span = before[-1]
            else:
                nxt = next_start(spans, self.offset)
                span = span_at(spans, nxt) if nxt is not None else None
        if span is None:
            return Motion(moved=False, notice=NO_SENTENCE)
        self.mark = self.layout.snap(span[0])
        return self.set(self.layout.snap(span[1] - 1))

    def edge(self, end: int) -> Motion:
        """To the section's first cluster, or (``end`` true) its last character (not the
        line breaks that end it)."""
        layout = self.layout
        if not end:
            return self.set(layout.first())
        last = layout.last()
        while last > layout.start and self._char(last) == "\n":
            last = layout.step(last, -1)
        return self.set(last)
