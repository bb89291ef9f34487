"""The help screen: every key of the reader in force, grouped by task, from the keymap."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from ..keymap import DEFAULT_KEYMAP, READER, Keymap
from ..tagset import DEFAULT_TAGS, TagSet
from ..widgets.bindings import bindings

MOUSE = ("mouse", "Click places the cursor, drag selects, click a section to open it")


def key_rows(keymap: Keymap = DEFAULT_KEYMAP) -> list[tuple[str, list[tuple[str, str]]]]:
    """(task, [(keys, what they do)]) for every key of the reading screen and of the
    ledger, the keys in force."""
    groups = []
    for title, entries in keymap.groups(READER + ("ledger",)):
        # a list's moves are the reading pane's keys: said once, unless remapped apart
        entries = [e for e in entries if not e.id.startswith("list.") or e.id == "list.open" or e.id in keymap.overrides]
        rows = [(keymap.label(e.id), e.description) for e in entries]
        if title == "Read":
            rows.append(MOUSE)
        groups.append((title, rows))
    return groups


class HelpScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 90; max-width: 95%; height: 90%;
        border: thick $accent; background: $panel; padding: 0 1;
    }
    """
    BINDINGS = bindings("help")

    def __init__(self, keymap: Keymap = DEFAULT_KEYMAP, tags: TagSet = DEFAULT_TAGS, only: str = "") -> None:
        super().__init__()
        self.keymap = keymap
        self.tags = tags
        self.only = only  # one task's keys (the ledger's, from the ledger), else every key

    def compose(self) -> ComposeResult:
        table = Table(box=None, expand=True, show_header=False)
        table.add_column("Key", style="bold", no_wrap=True)
        table.add_column("Action")
        groups = [(task, rows) for task, rows in key_rows(self.keymap) if not self.only or task == self.only]
        for number, (task, rows) in enumerate(groups):
            if number:
                table.add_row("", "")
            table.add_row(Text(task, style="bold underline"), "")
            for keys, description in rows:
                table.add_row(keys, description)
        with VerticalScroll() as scroll:
            scroll.border_title = f"Keys · {self.keymap.label('help.close', first=True)} closes"
            yield Static(Text(f"tui-reader: read closely, tag spans as {self.tags.listing()}.\n", style="italic"))
            yield Static(table)

    def action_close(self) -> None:
        self.dismiss(None)
