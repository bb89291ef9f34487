"""The reading pane: one section at a time, soft-wrapped, drawn line by line.

A Line-API ScrollView over the pure ``layout.Layout``: only the visible rows are ever
rendered, so a 10 MB book costs what a 2 KB article does. All positions the widget
exposes are document offsets; rows and cells stay inside this file and layout.py.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from rich.style import Style
from textual import events
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ..cursor import Cursor, Motion
from ..layout import Layout, uses_blank_line_paragraphs
from .bindings import bindings
from .section_drawing import SectionDrawing

if TYPE_CHECKING:
    from ..workspace import Workspace



class ReaderView(SectionDrawing, ScrollView, can_focus=True):
    """Shows ``workspace.document``'s current section with annotations, cursor and
    selection. The cursor and selection are a ``cursor.Cursor`` over the section's
    layout: the keys map to its moves, and this widget draws what they leave."""

    COMPONENT_CLASSES = {
        "reader--overlap",
        "reader--cursor",
        "reader--selection",
        "reader--match",
        "reader--heading",
    }

    DEFAULT_CSS = """
    ReaderView {
        scrollbar-gutter: stable;
        overflow-x: hidden;
        padding: 0 1;
        background: $surface;
    }
    ReaderView > .reader--overlap { text-style: bold underline; }
    ReaderView > .reader--cursor { text-style: reverse; }
    ReaderView > .reader--selection { background: $accent 55%; color: $text; }
    ReaderView > .reader--match { text-style: underline; color: $warning; }
    ReaderView > .reader--heading { text-style: bold; color: $primary-lighten-2; }
    """

    BINDINGS = bindings("view")

    class SectionChanged(Message):
        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    class Notice(Message):
        """Something the user should be told (section edges, wrap-around...)."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def __init__(
        self, workspace: "Workspace", *, on_cursor: Callable[[int], None] | None = None, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self._on_cursor = on_cursor
        self.workspace = workspace
        self.document = workspace.document
        self.section_index = 0
        self._caret = Cursor()
        self.matches: list[tuple[int, int]] = []
        self._match_starts: list[int] = []
        self._layout: Layout | None = None
        self._layout_key: tuple[int, int] | None = None
        self._heading_rows: set[int] = set()
        self._drag_from: int | None = None
        self._styles: dict[str, Style] = {}
        self._line_cache: dict[int, Strip] = {}
        self.measure = 0  # the widest the text runs, in cells (0: the pane's width)
        # hard-wrapped prose (Markdown, most books) is reflowed to the pane's width
        self.reflow = uses_blank_line_paragraphs(self.document.text[:200_000])  # a sample decides

    # -- layout ---------------------------------------------------------------
    @property
    def section(self):
        return self.document.sections[self.section_index]

    @property
    def text_layout(self) -> Layout:
        width = max(1, self.scrollable_content_region.width or self.size.width or 80)
        if self.measure:
            width = min(width, self.measure)
        key = (self.section_index, width)
        if self._layout is None or self._layout_key != key:
            sec = self.section
            self._layout = Layout(
                self.document.text[sec.start : sec.end],
                width,
                base=sec.start,
                reflow=self.reflow,
                keep=self._heading_ends(),
                markdown=self.document.markdown,
            )
            self._layout_key = key
            last = len(self.document.sections) - 1
            self._caret.use(self._layout, has_previous=self.section_index > 0, has_next=self.section_index < last)
            self._line_cache.clear()
            self._heading_rows = self._layout.rows_showing(self.section.heading_lines)
            self.virtual_size = Size(width, self._layout.height)
        return self._layout

    def _heading_ends(self) -> set[int]:
        """Where the section's heading lines end (offsets into its text): reflowing never
        joins a heading to the paragraph under it."""
        base = self.section.start
        return {end - base for _, end in self.section.heading_lines}

    @property
    def words(self) -> list[tuple[int, int]]:
        """The section's words (see textnav.words)."""
        return self.caret.words

    @property
    def sentences(self) -> list[tuple[int, int]]:
        """The section's sentences as the reader sees its paragraphs (see Cursor.sentences)."""
        return self.caret.sentences

    @property
    def caret(self) -> Cursor:
        """The cursor and selection, over the layout of the section and width shown now."""
        _ = self.text_layout
        return self._caret

    def on_resize(self, event: events.Resize) -> None:
        _ = self.text_layout  # re-wraps only if the width changed
        self.scroll_to_cursor()
        self._redraw()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles.clear()
        self._line_cache.clear()

    def _redraw(self, rows: list[int] | None = None) -> None:
        """Redraw some rows (by index in the layout), or all; drawn rows are cached
        until something they show changes."""
        if rows is None:
            self._line_cache.clear()
            self.refresh()
            return
        for row in rows:
            self._line_cache.pop(row, None)
            self.refresh_line(row)

    def component_style(self, name: str) -> Style:
        """A component class's full style (cached until the theme or CSS changes)."""
        key = "full:" + name
        style = self._styles.get(key)
        if style is None:
            style = self._styles[key] = self.get_component_rich_style(name)
        return style

    def _tag_style(self, tag: str) -> Style:
        """A tag's style from the app's tag palette (a neutral one for a tag not in the
        set), cached like the component styles until the theme or CSS changes."""
        key = "tag:" + tag
        style = self._styles.get(key)
        if style is None:
            style = self._styles[key] = self.app.tag_palette.refresh(self.app).style(tag)
        return style

    def _style(self, name: str) -> Style:
        style = self._styles.get(name)
        if style is None:
            style = self._styles[name] = self.get_component_rich_style(name, partial=True)
        return style

    # -- public API (document offsets) ----------------------------------------
    @property
    def cursor(self) -> int:
        """The offset of the cluster the cursor is on."""
        return self._caret.offset

    @property
    def mark(self) -> int | None:
        """Where the selection began; None when nothing is selected."""
        return self._caret.mark

    @mark.setter
    def mark(self, offset: int | None) -> None:
        self._caret.mark = offset

    @property
    def selection(self) -> tuple[int, int] | None:
        """The selected span [start, end), cursor cluster included, or None."""
        if self._caret.mark is None:  # no layout needed (none is built before the pane's width is known)
            return None
        return self.caret.selection

    def show_section(self, index: int, offset: int | None = None) -> None:
        index = max(0, min(index, len(self.document.sections) - 1))
        changed = index != self.section_index
        if changed:
            self.section_index = index
            self._layout_key = None
            self.mark = None
        sec = self.section
        self._set_cursor(sec.start if offset is None else offset, keep_goal=False)
        if changed:
            self.scroll_to(y=0, animate=False)
            self.scroll_to_cursor()
            self._redraw()
            self.post_message(self.SectionChanged(index))

    def go_to(self, offset: int, select_to: int | None = None) -> None:
        """Show the section holding ``offset`` with the cursor there; with
        ``select_to``, select [offset, select_to), else clear any selection (an old
        mark must never stretch to a new place)."""
        sec = self.document.section_at(offset)
        self.mark = None
        self.show_section(sec.index, offset)
        if select_to is not None and select_to > offset:
            old = self.cursor
            self.caret.select(offset, select_to)
            self._cursor_moved(old)
        self._redraw()

    def clear_selection(self) -> None:
        if self.mark is not None:
            self.mark = None
            self._redraw()
            self._cursor_changed()

    def set_matches(self, matches: list[tuple[int, int]]) -> None:
        """Find hits to underline: all of them, sorted; only visible ones are looked at."""
        self.matches = matches
        self._match_starts = [m[0] for m in matches]
        self._redraw()

    def _matches_between(self, start: int, end: int) -> list[tuple[int, int]]:
        from bisect import bisect_left

        # a match is short, so one that overlaps [start, end) starts after start - 4096
        i = bisect_left(self._match_starts, start - 4096)
        out = []
        for m in self.matches[i:]:
            if m[0] >= end:
                break
            if m[1] > start:
                out.append(m)
        return out

    def annotations_changed(self) -> None:
        self._redraw()

    # -- cursor mechanics -----------------------------------------------------
    def _cursor_changed(self) -> None:
        # a direct call, not a message: the listener (the status line) is then drawn in
        # the same frame as the cursor, not one frame later
        if self._on_cursor is not None:
            self._on_cursor(self.cursor)

    def _set_cursor(self, offset: int, keep_goal: bool = False) -> None:
        old = self.cursor
        self.caret.set(offset, keep_goal)
        self._cursor_moved(old)

    def _cursor_moved(self, old: int) -> None:
        """Redraw what the cursor left and reached (everything while selecting), scroll
        to it, tell the listener."""
        layout = self.text_layout
        old_row = layout.row_of(old) if layout.start <= old < layout.end else None
        new_row = layout.row_of(self.cursor)
        if self.mark is not None:
            self._redraw()  # the selection may span many rows
        else:
            if old_row is not None:
                self._redraw([old_row])
            self._redraw([new_row])
        self.scroll_to_cursor()
        self._cursor_changed()

    def _apply(self, motion: Motion, old: int) -> None:
        """Show what a move of the cursor did."""
        if motion.notice:
            self.post_message(self.Notice(motion.notice))
        if motion.leave < 0:
            self.show_section(self.section_index - 1)
            spans = self.sentences if motion.unit == "sentence" else None
            self._set_cursor(spans[-1][0] if spans else self.text_layout.last())
        elif motion.leave > 0:
            self.show_section(self.section_index + 1)
            spans = self.sentences if motion.unit == "sentence" else None
            if spans:
                self._set_cursor(spans[0][0])
        elif motion.moved:
            if motion.scroll:
                self.scroll_to(y=max(0, round(self.scroll_y) + motion.scroll), animate=False)
            self._cursor_moved(old)

    def _do(self, move: Callable[..., Motion], *args: int) -> None:
        """Make a move of the cursor and show it."""
        old = self.cursor
        self._apply(move(*args), old)

    def scroll_to_cursor(self) -> None:
        if not self.size.height:
            return
        y, _ = self.text_layout.point(self.cursor)
        top = round(self.scroll_y)
        height = self.scrollable_content_region.height or self.size.height
        if y < top:
            self.scroll_to(y=y, animate=False)
        elif y >= top + height:
            self.scroll_to(y=y - height + 1, animate=False)

    # -- actions --------------------------------------------------------------
    def action_move(self, delta: int) -> None:
        self._do(self.caret.step, delta)

    def action_move_row(self, delta: int) -> None:
        self._do(self.caret.rows, delta)

    def action_page(self, delta: int) -> None:
        height = self.scrollable_content_region.height or self.size.height
        rows_per_page = max(1, height - 1)
        end_in_view = bool(height) and round(self.scroll_y) + height >= self.text_layout.height
        self._do(self.caret.page, delta, rows_per_page, end_in_view)

    def action_word(self, delta: int) -> None:
        self._do(self.caret.word, delta)

    def action_sentence(self, delta: int) -> None:
        self._do(self.caret.sentence, delta)

    def action_section_edge(self, end: int) -> None:
        self._do(self.caret.edge, end)

    def action_toggle_selection(self) -> None:
        self.caret.toggle_selection()
        self._redraw()
        self._cursor_changed()

    def action_select_sentence(self) -> None:
        self._do(self.caret.select_sentence)

    def action_extend(self, delta: int) -> None:
        self._do(self.caret.extend, delta)

    def action_extend_row(self, delta: int) -> None:
        self._do(self.caret.extend_rows, delta)

    def action_clear_selection(self) -> None:
        back_to = self.caret.escape()
        self.clear_selection()
        if back_to is not None:
            self._set_cursor(back_to)

    def action_toggle_reflow(self) -> None:
        self.reflow = not self.reflow
        self._layout_key = None
        _ = self.text_layout  # the cursor's sentences follow the new paragraphs
        self.scroll_to_cursor()
        self._redraw()
        self.post_message(self.Notice("Reflowing paragraphs" if self.reflow else "Showing the file's own line breaks"))

    # -- mouse ----------------------------------------------------------------
    def _offset_at_mouse(self, event: events.MouseEvent) -> int:
        # the capture variant: a drag may leave the pane and still extend the selection
        at = event.get_content_offset_capture(self)
        return self.text_layout.offset_at(at.y + round(self.scroll_y), at.x + round(self.scroll_x))

    def on_mouse_down(self, event: events.MouseDown) -> None:
        if event.button != 1:
            return
        self.focus()
        offset = self._offset_at_mouse(event)
        self._drag_from = offset
        self._do(self.caret.click, offset)
        self.capture_mouse()
        self._redraw()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        if self._drag_from is None or not event.button:
            return
        self._do(self.caret.drag, self._drag_from, self._offset_at_mouse(event))

    def on_mouse_up(self, event: events.MouseUp) -> None:
        if self._drag_from is not None:
            self._drag_from = None
            self.release_mouse()
