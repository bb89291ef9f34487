"""The table of contents and the annotation panel beside the reading pane."""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size
from rich.style import Style
from rich.text import Text
from textual import events
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ..annotations import Annotation
from .bindings import bindings
from .panel_rows import PanelItem, annotation_items
from .steady import ReusesLastLines


class LineList(ReusesLastLines, ScrollView, can_focus=True):
    """A list drawn line by line (the Line API): only the visible rows are rendered, so
    a list of 20,000 entries costs what a list of 20 does. Subclasses draw a row with
    ``text_strip``."""

    DEFAULT_CSS = """
    LineList {
        height: 1fr; border: round $panel; overflow-x: hidden;
        border-title-color: $text-muted; border-subtitle-color: $text-muted;
    }
    LineList:focus { border: round $accent; border-title-color: $text; }
    """

    _base_style: Style | None = None
    _row_styles: dict[tuple[str, bool], Style] | None = None

    @property
    def base_style(self) -> Style:
        """The list's own style (Textual's ``rich_style`` walks every ancestor each time it
        is read; a row is drawn with it): kept until the styles change."""
        if self._base_style is None:
            self._base_style = self.rich_style
        return self._base_style

    def component_style(self, name: str, partial: bool = False) -> Style:
        """A component class's style, computed once per style change rather than for
        every drawn row (each lookup resolves the CSS anew)."""
        if self._row_styles is None:
            self._row_styles = {}
        key = (name, partial)
        style = self._row_styles.get(key)
        if style is None:
            style = self._row_styles[key] = self.get_component_rich_style(name, partial=partial)
        return style

    def notify_style_update(self) -> None:
        self._base_style = None
        self._row_styles = None
        super().notify_style_update()

    def clicked_row(self, event: events.MouseEvent) -> int | None:
        """The row (in the whole list) under the mouse, or None on the border."""
        offset = event.get_content_offset(self)
        return None if offset is None else offset.y + round(self.scroll_y)

    def scroll_to_rows(self, first: int, count: int = 1) -> None:
        self.scroll_to_region(Region(0, first, 1, count), animate=False)

    def text_strip(self, text: Text, style: Style) -> Strip:
        """One row: ``text`` on one line, cut with an ellipsis or padded to the width."""
        width = self.scrollable_content_region.width or self.size.width
        text.no_wrap, text.overflow, text.end = True, "ellipsis", ""
        text.truncate(width, overflow="ellipsis")
        segments = list(text.render(self.app.console))
        return Strip(segments).extend_cell_length(width, style).crop(0, width)

    def blank_strip(self) -> Strip:
        return Strip.blank(self.scrollable_content_region.width or self.size.width, self.base_style)


class TableOfContents(LineList):
    """Sections with their annotation counts, one row each; enter or a click opens one.

    Drawn line by line like the reading pane, so a book cut into 20,000 parts opens as
    fast as an article (an OptionList builds and measures every entry up front)."""

    COMPONENT_CLASSES = {"toc--highlight", "toc--current", "toc--count", "toc--number"}
    DEFAULT_CSS = """
    TableOfContents { width: 30; }
    TableOfContents > .toc--highlight { background: $block-cursor-blurred-background; }
    TableOfContents:focus > .toc--highlight { background: $block-cursor-background; color: $block-cursor-foreground; }
    TableOfContents > .toc--current { text-style: bold; }
    TableOfContents > .toc--count { color: $accent; text-style: bold; }
    TableOfContents > .toc--number { color: $text-muted; }
    """
    BINDINGS = bindings("lists")

    class Opened(Message):
        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    def __init__(self, titles: list[str], counts: list[int], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.border_title = "Contents"
        self.titles = titles
        self.counts = counts
        self.current = 0  # the section on screen
        self.highlighted = 0  # the row the keyboard is on
        self._number_width = len(str(len(titles)))
        self._wanted: int | None = None
        self.virtual_size = Size(0, len(titles))

    @property
    def wanted_width(self) -> int:
        """The width that shows every title whole with a count of up to three digits,
        borders included. Measured on the 64 longest titles in characters: measuring
        all 20,000 of a long book's would hold up the first frame."""
        if self._wanted is None:
            from heapq import nlargest

            longest = max((cell_len(t) for t in nlargest(64, self.titles, key=len)), default=0)
            self._wanted = self._number_width + 1 + longest + 4 + 2
        return self._wanted

    def update_counts(self, counts: list[int]) -> None:
        self.counts = counts
        self.refresh()

    def show_current(self, index: int) -> None:
        self.current = self.highlighted = index
        self.scroll_to_rows(index)
        self.refresh()

    def action_move(self, delta: int) -> None:
        self.highlighted = max(0, min(len(self.titles) - 1, self.highlighted + delta))
        self.scroll_to_rows(self.highlighted)
        self.refresh()

    def action_open(self) -> None:
        self.post_message(self.Opened(self.highlighted))

    def on_click(self, event: events.Click) -> None:
        index = self.clicked_row(event)
        if index is not None and 0 <= index < len(self.titles):
            self.highlighted = index
            self.refresh()
            self.post_message(self.Opened(index))

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width or self.size.width
        index = y + round(self.scroll_y)
        if index >= len(self.titles):
            return self.blank_strip()
        style = self.base_style
        if index == self.current:
            style += self.component_style("toc--current")
        if index == self.highlighted:
            style += self.component_style("toc--highlight")
        count = self.counts[index] if index < len(self.counts) else 0
        line = Text(style=style)
        line.append(f"{index + 1:>{self._number_width}} ", self.component_style("toc--number", partial=True))
        tail = f" {count}" if count else ""
        room = max(1, width - self._number_width - 1 - len(tail))
        title = self.titles[index]
        if cell_len(title) > room:
            title = set_cell_size(title, room - 1) + "…"
        line.append(title)
        if tail:  # the count against the right edge, clear of the title
            line.append(" " * max(0, room - cell_len(title)))
            line.append(tail, self.component_style("toc--count", partial=True))
        return self.text_strip(line, style)


class AnnotationPanel(LineList):
    """The current section's annotations; enter (or a click) jumps to one.

    Drawn line by line like the contents: an OptionList cost a twentieth of a second of
    start-up, for a list that is rebuilt on every tag anyway."""

    COMPONENT_CLASSES = {"panel--highlight"}
    DEFAULT_CSS = """
    AnnotationPanel { width: 36; padding: 0 1; }
    AnnotationPanel > .panel--highlight { background: $block-cursor-blurred-background; }
    AnnotationPanel:focus > .panel--highlight { background: $block-cursor-background; color: $block-cursor-foreground; }
    """
    BINDINGS = bindings("lists", only=("list.up", "list.down", "list.open"))

    class Chosen(Message):
        def __init__(self, annotation_id: str) -> None:
            super().__init__()
            self.annotation_id = annotation_id

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.border_title = "Annotations"
        self.items: list[PanelItem] = []
        self._rows: list[tuple[int, Text]] = []  # (item index, one line of its prompt)
        self.highlighted: int | None = None
        self.orphan_ids: set[str] = set()
        self._notes: dict[str, str] = {}  # each annotation's whole note

    # OptionList-like access, for tests and callers
    @property
    def option_count(self) -> int:
        return len(self.items)

    def get_option_at_index(self, index: int) -> PanelItem:
        return self.items[index]

    def show(
        self, annotations: list[Annotation], styles, orphans: list[Annotation] = (), hint: str = "a c d", facts=None
    ) -> None:
        """The section's annotations (with their links, from ``facts``), then (from any
        section) the orphans: annotations whose words are gone from this version of the
        text. ``styles`` gives each tag's style (the app's tag palette); ``hint`` the tag
        keys in force."""
        items = annotation_items(annotations, styles, orphans, hint, facts)
        self.orphan_ids = {ann.id for ann in orphans}
        chosen, link = self.highlighted_id, self.highlighted_link
        link_id = link.link.id if link is not None else None
        self.items = items
        self._notes = {ann.id: ann.note for ann in (*annotations, *orphans) if ann.note}
        self.border_subtitle = f"{len(annotations)}" if annotations else ""
        if orphans:
            self.border_subtitle += f"{' · ' if annotations else ''}{len(orphans)} orphaned"
        # the highlight stays on the same annotation (or link), wherever its row is now (an
        # orphan chosen here must still be the chosen one after a move to another section)
        self.highlighted = next(
            (i for i, item in enumerate(items) if chosen and item.id == chosen and (item.link.link.id if item.link else None) == link_id),
            None,
        )
        if self.highlighted is None and chosen:
            self.highlighted = next((i for i, item in enumerate(items) if item.id == chosen), None)
        self._lay_out()

    def _lay_out(self) -> None:
        """The rows: each item's lines, the highlighted annotation's whole note wrapped
        under it (the other rows show a note's start only)."""
        width = self.scrollable_content_region.width or 34
        rows: list[tuple[int, Text]] = []
        for i, item in enumerate(self.items):
            note = self._notes.get(item.id) if i == self.highlighted else None
            for line in item.prompt.split("\n"):
                if note and line.plain.startswith("  ✎ "):
                    whole = Text(note, style="italic dim")
                    for k, part in enumerate(whole.wrap(self.app.console, max(8, width - 4))):
                        part.rstrip()
                        rows.append((i, Text("  ✎ " if k == 0 else "    ", style="italic dim") + part))
                else:
                    rows.append((i, line))
        self._rows = rows
        self.virtual_size = Size(0, len(rows))
        self.refresh()

    def on_resize(self) -> None:
        if self._notes:
            self._lay_out()

    @property
    def highlighted_id(self) -> str | None:
        if self.highlighted is None or self.highlighted >= len(self.items):
            return None
        return self.items[self.highlighted].id

    @property
    def highlighted_link(self):
        """The link row highlighted (a LinkRow), or None on an annotation's own row."""
        if self.highlighted is None or self.highlighted >= len(self.items):
            return None
        return self.items[self.highlighted].link

    def highlight(self, ann_id: str) -> None:
        index = next((i for i, item in enumerate(self.items) if item.id == ann_id), None)
        if index is not None:
            self._highlight_item(index)

    def highlight_one_of(self, ann_ids: list[str]) -> None:
        """Highlight the first of ``ann_ids`` listed here, else the first annotation (so
        that enter has one to act on as soon as the panel is focused)."""
        index = next((i for a in ann_ids for i, item in enumerate(self.items) if item.id == a), None)
        if index is None:
            index = next((i for i, item in enumerate(self.items) if item.id), None)
        if index is not None:
            self._highlight_item(index)

    def _highlight_item(self, index: int) -> None:
        """Highlight item ``index`` and scroll its rows into view."""
        self.highlighted = index
        self._lay_out()
        rows = [y for y, (i, _) in enumerate(self._rows) if i == index]
        if rows:
            self.scroll_to_rows(rows[0], len(rows))
        self.refresh()

    def action_move(self, delta: int) -> None:
        choosable = [i for i, item in enumerate(self.items) if item.id]
        if not choosable:
            return
        current = self.highlighted if self.highlighted is not None else (-1 if delta > 0 else len(self.items))
        # the next annotation that way, over the rows that are not one (the orphans' heading)
        if delta > 0:
            index = next((i for i in choosable if i > current), choosable[-1])
        else:
            index = next((i for i in reversed(choosable) if i < current), choosable[0])
        self._highlight_item(index)

    def action_open(self) -> None:
        """Enter: jump to the highlighted annotation (on a link row, to its other end)."""
        if self.highlighted is not None and self.items[self.highlighted].id:
            self.post_message(self.Chosen(self._goes_to(self.items[self.highlighted])))

    @staticmethod
    def _goes_to(item: PanelItem) -> str:
        link = item.link
        return link.other.id if link is not None and link.other is not None else item.id

    def on_click(self, event: events.Click) -> None:
        y = self.clicked_row(event)
        if y is not None and 0 <= y < len(self._rows):
            index = self._rows[y][0]
            if self.items[index].id:
                self.highlighted = index
                self._lay_out()
                self.post_message(self.Chosen(self._goes_to(self.items[index])))

    def render_line(self, y: int) -> Strip:
        row = y + round(self.scroll_y)
        if row >= len(self._rows):
            return self.blank_strip()
        index, line = self._rows[row]
        style = self.base_style
        text = line.copy()
        own = text.style if isinstance(text.style, Style) else Style.parse(text.style or "")
        # Text.render ignores the text's own style: give it as the first span instead
        # (the tag's colour over the panel's; the highlight over both)
        text.stylize_before(style + own)
        if index == self.highlighted:
            highlight = self.component_style("panel--highlight")
            text.stylize(highlight)
            style += highlight
        return self.text_strip(text, style)
