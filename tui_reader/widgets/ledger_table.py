"""The ledger's table: a header line and a row per claim (or entity), drawn line by line.

A Line-API list like the contents: only the visible rows are drawn, and the columns are
measured once per set of rows (by length, over every row), so opening, sorting or
filtering 10,000 claims costs what the list comprehension costs. Cells that do not fit
are cut with an ellipsis; the first column takes the room the others leave.
"""

from __future__ import annotations

from typing import Sequence

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.geometry import Size
from textual.message import Message
from textual.strip import Strip

from ..ledger_rows import UNATTRIBUTED, Row
from .bindings import bindings
from .panels import LineList

#: the ledger's keys that move its cursor: bound here, where they beat ScrollView's own
#: scrolling keys, and on the screen too (for while the filter line has the focus)
MOVES = ("ledger.down", "ledger.up", "ledger.page_down", "ledger.page_up", "ledger.first", "ledger.last")

#: how wide a column may grow (cells), and how narrow it may shrink, by column name
LIMITS = {
    "claim": (12, 90), "said by": (8, 28), "when": (10, 34), "section": (6, 24),
    "verdict": (11, 12), "note": (6, 40), "document": (8, 28),
    "entity": (10, 36), "mentions": (10, 60), "claims": (10, 90),
}
#: how a verdict's cell is drawn (the rest: the row's own style)
VERDICT_STYLES = {
    "true": Style(color="green", bold=True), "mostly-true": Style(color="green"),
    "misleading": Style(color="yellow", bold=True), "false": Style(color="red", bold=True),
    "unsupported": Style(color="magenta"), "unverified": Style(dim=True),
}
UNATTRIBUTED_STYLE = Style(italic=True, dim=True)


#: the columns that give up cells first where the line is short (then the first column)
SECONDARY = ("section", "note", "document", "mentions")


def column_widths(names: Sequence[str], natural: Sequence[int], width: int, gap: int) -> list[int]:
    """Each column's width in ``width`` cells: its natural width within its limits. Where
    they do not fit, cells are given up in turns, the widest column of a turn first: the
    first column (the claim) down to half the line; the section and the note down to a
    third of their range; the claim down to two fifths; the others down to a third; then
    every column down to its least. Where room is left, the first column takes it."""
    limits = [LIMITS.get(n, (6, 30)) for n in names]
    widths = [max(lo, min(hi, max(nat, cell_len(name)))) for (lo, hi), nat, name in zip(limits, natural, names)]
    room = width - gap * (len(names) - 1)
    comfort = [lo + (hi - lo) // 3 for lo, hi in limits]
    least = [lo for lo, _ in limits]

    def turn(first: int, secondary: bool, others: bool) -> list[int]:
        return [max(least[0], min(widths[0], first))] + [
            comfort[i] if (secondary if name in SECONDARY else others) else widths[i]
            for i, name in enumerate(names) if i
        ]

    turns = (turn(room // 2, False, False), turn(room // 2, True, False), turn(room * 2 // 5, True, False),
             turn(room * 2 // 5, True, True), least)
    excess = sum(widths) - room
    for floor in turns:
        while excess > 0:
            shrinkable = [i for i, w in enumerate(widths) if w > floor[i]]
            if not shrinkable:
                break
            i = max(shrinkable, key=lambda i: widths[i] - floor[i])
            widths[i] -= 1
            excess -= 1
    if excess < 0:
        widths[0] -= excess  # the claim (or the entity) takes the rest of the line
    while sum(widths) + gap * (len(names) - 1) > width and any(widths):  # a very narrow screen
        i = max(range(len(widths)), key=lambda i: widths[i])
        widths[i] -= 1
    return widths


def fit(text: str, width: int) -> str:
    """``text`` in exactly ``width`` cells: cut with an ellipsis, or padded."""
    if width <= 0:
        return ""
    size = len(text) if text.isascii() else cell_len(text)
    if size <= width:
        return text + " " * (width - size)
    return set_cell_size(text, width - 1) + "…"


class LedgerTable(LineList):
    """The rows shown (filtered and sorted by the screen), a cursor row, a header that
    names the sort column; enter or a click on the cursor row chooses it."""

    BINDINGS = bindings("ledger", only=MOVES)
    COMPONENT_CLASSES = {"ledger-table--header", "ledger-table--cursor", "ledger-table--sorted"}
    DEFAULT_CSS = """
    LedgerTable { height: 1fr; }
    LedgerTable > .ledger-table--header { text-style: bold; color: $text-muted; }
    LedgerTable > .ledger-table--sorted { text-style: bold underline; color: $text; }
    LedgerTable > .ledger-table--cursor { background: $block-cursor-blurred-background; }
    LedgerTable:focus > .ledger-table--cursor { background: $block-cursor-background; color: $block-cursor-foreground; }
    """

    class Chosen(Message):
        def __init__(self, row: Row) -> None:
            super().__init__()
            self.row = row

    class HeaderClicked(Message):
        def __init__(self, column: int) -> None:
            super().__init__()
            self.column = column

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.columns: tuple[str, ...] = ()
        self.rows: list[Row] = []
        self.cursor = 0
        self.sort: tuple[int | None, bool] = (None, False)
        self._natural: list[int] = []
        self._layout: tuple[int, list[int], int] | None = None  # (width, widths, gap)
        self._strips: dict[tuple[int, bool], Strip] = {}  # drawn rows: (index, under the cursor)

    # -- what is shown -----------------------------------------------------------
    def show(self, columns: tuple[str, ...], rows: list[Row], measure: Sequence[Row] | None = None,
             keep: tuple[str, str] | None = None) -> None:
        """Show ``rows`` under ``columns``; the columns are measured over ``measure`` (all
        the rows of the view, so that they do not jump while a filter narrows them). The
        cursor stays on the row ``keep`` (document, annotation id) if it is shown."""
        if measure is not None or columns != self.columns:
            pool = rows if measure is None else measure
            self._natural = [max((len(r.cells[i]) for r in pool), default=0) for i in range(len(columns))]
            self._layout = None
        self.columns = columns
        self.rows = rows
        self.cursor = 0
        if keep is not None:
            for i, row in enumerate(rows):
                if (row.document, row.ann_id) == keep:
                    self.cursor = i
                    break
        self.virtual_size = Size(0, len(rows) + 1)
        self._strips.clear()
        self.refresh()
        if self.scrollable_content_region.height >= 2:
            self._follow()  # in this frame: the rows and the scroll drawn at once
        else:  # not laid out yet
            self.call_after_refresh(self._follow)

    def _set_dirty(self, *regions) -> None:
        if not regions:  # a refresh of the whole: the styles or the size may have changed
            self._strips.clear()
        super()._set_dirty(*regions)

    def notify_style_update(self) -> None:
        self._strips.clear()
        super().notify_style_update()

    @property
    def current(self) -> Row | None:
        return self.rows[self.cursor] if 0 <= self.cursor < len(self.rows) else None

    def column_layout(self) -> tuple[list[int], int]:
        """The columns' widths at the current width, and the gap between them."""
        width = self.scrollable_content_region.width or self.size.width
        if self._layout is None or self._layout[0] != width:
            gap = 2 if width >= 100 else 1
            self._layout = (width, column_widths(self.columns, self._natural, width, gap), gap)
            self._strips.clear()
        return self._layout[1], self._layout[2]

    # -- moving ------------------------------------------------------------------
    def move(self, delta: int) -> None:
        if not self.rows:
            return
        target = max(0, min(len(self.rows) - 1, self.cursor + delta))
        if target != self.cursor:
            old, self.cursor = self.cursor, target
            if not self._follow():  # no scroll: only the two rows change
                self.refresh_line(old + 1)
                self.refresh_line(target + 1)

    def page(self, direction: int) -> None:
        self.move(direction * max(1, self.scrollable_content_region.height - 2))

    def action_move(self, delta: int) -> None:
        self.move(delta)

    def action_page(self, direction: int) -> None:
        self.page(direction)

    def action_edge(self, end: int) -> None:
        self.move(len(self.rows) if end else -len(self.rows))

    def _follow(self) -> bool:
        """Scroll so that the cursor row is below the header, inside the list; whether
        it scrolled."""
        height = self.scrollable_content_region.height
        if height < 2:
            return False
        top = round(self.scroll_y)
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False)
        elif self.cursor > top + height - 2:
            self.scroll_to(y=self.cursor - height + 2, animate=False)
        else:
            return False
        self.refresh()
        return True

    # -- drawing -----------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        widths, gap = self.column_layout()
        width = self.scrollable_content_region.width or self.size.width
        if y == 0:
            return self._header(widths, gap, width)
        index = round(self.scroll_y) + y - 1
        if index >= len(self.rows):
            return self.blank_strip()
        at_cursor = index == self.cursor
        strip = self._strips.get((index, at_cursor))
        if strip is None:
            if len(self._strips) > 400:  # a few screens' worth: scrolling through 10,000 rows keeps no more
                self._strips.clear()
            strip = self._strips[(index, at_cursor)] = self._row_strip(self.rows[index], at_cursor, widths, gap, width)
        return strip

    def _row_strip(self, row: Row, at_cursor: bool, widths: list[int], gap: int, width: int) -> Strip:
        base = self.base_style
        style = base + self.component_style("ledger-table--cursor") if at_cursor else base
        segments = []
        space = Segment(" " * gap, style)
        for i, (name, w) in enumerate(zip(self.columns, widths)):
            if i:
                segments.append(space)
            text = row.cells[i]
            cell_style = style
            if name == "verdict":  # (on the cursor's row only bold: a colour on its background is hard to read)
                cell_style = style + (Style(bold=True) if at_cursor else VERDICT_STYLES.get(text, Style()))
            elif name == "said by" and text == UNATTRIBUTED and not row.entities:
                cell_style = style + UNATTRIBUTED_STYLE
            segments.append(Segment(fit(text, w), cell_style))
        return Strip(segments).extend_cell_length(width, style).crop(0, width)

    def _header(self, widths: list[int], gap: int, width: int) -> Strip:
        base = self.base_style
        header = base + self.component_style("ledger-table--header")
        sorted_style = base + self.component_style("ledger-table--sorted")
        column, descending = self.sort
        segments = []
        for i, (name, w) in enumerate(zip(self.columns, widths)):
            if i:
                segments.append(Segment(" " * gap, header))
            label = name + ((" ▼" if descending else " ▲") if i == column else "")
            segments.append(Segment(fit(label, w), sorted_style if i == column else header))
        return Strip(segments).extend_cell_length(width, header).crop(0, width)

    # -- the mouse ---------------------------------------------------------------
    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        if offset.y == 0:  # the header: sort by the column clicked
            widths, gap = self.column_layout()
            x = 0
            for i, w in enumerate(widths):
                if x <= offset.x < x + w + gap:
                    self.post_message(self.HeaderClicked(i))
                    return
                x += w + gap
            return
        index = round(self.scroll_y) + offset.y - 1
        if 0 <= index < len(self.rows):
            if index == self.cursor and event.chain >= 2:
                self.post_message(self.Chosen(self.rows[index]))
            self.move(index - self.cursor)

    def choose(self) -> None:
        if self.current is not None:
            self.post_message(self.Chosen(self.current))
