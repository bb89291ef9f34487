"""The help screen: every key of the reader, built from the bindings themselves."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static


def key_rows() -> list[tuple[str, str]]:
    """(keys, what they do) for every reader binding, in the order they are declared."""
    from ..widgets.reader_view import ReaderView
    from .names import ACTION_NAMES
    from .reader import ReaderScreen

    rows: list[tuple[str, str]] = []
    for owner in (ReaderView, ReaderScreen):
        for b in owner.BINDINGS:
            if isinstance(b, Binding):
                keys = b.key_display or " / ".join(k.strip() for k in b.key.split(","))
                rows.append((keys, ACTION_NAMES.get(b.id or "", b.description)))
    rows.append(("tab / shift+tab", "Move focus: contents, text, annotations"))
    rows.append(("ctrl+p", "Command palette: every action by name"))
    rows.append(("mouse", "Click places the cursor, drag selects, click a section to open it"))
    return rows


class HelpScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 90; max-width: 95%; height: 90%;
        border: thick $accent; background: $panel; padding: 0 1;
    }
    """
    BINDINGS = [
        Binding("escape,q,question_mark", "close", "Close", id="help.close"),
    ]

    def compose(self) -> ComposeResult:
        table = Table(box=None, expand=True, show_header=True, header_style="bold")
        table.add_column("Key", style="bold", no_wrap=True)
        table.add_column("Action")
        for keys, description in key_rows():
            table.add_row(keys, description)
        with VerticalScroll() as scroll:
            scroll.border_title = "Keys · escape closes"
            yield Static(Text("tui-reader: read closely, tag actors, claims and dates.\n", style="italic"))
            yield Static(table)

    def action_close(self) -> None:
        self.dismiss(None)
