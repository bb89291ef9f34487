"""The baseline for benchmarks/run.py: a bare Textual app that shows one line of text.

Its only widget is a Static. Each cursor key the reader's benchmark presses changes the
Static's text, so one key press costs the framework's minimum: one refresh, one frame.
``q`` quits, as in tui-reader.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Static

LINE = "The quick brown fox jumps over the lazy dog: a bare Textual app."
MARKER = "quick brown fox jumps"  # what benchmarks/run.py looks for to call it painted

CURSOR_KEYS = ("j", "k", "l", "h", "w", "b", "up", "down", "left", "right")


class BareApp(App):
    BINDINGS = [Binding("q", "quit", "Quit")] + [
        Binding(key, f"moved('{key}')", key, show=False) for key in CURSOR_KEYS
    ]

    def __init__(self) -> None:
        super().__init__()
        self.presses = 0

    def compose(self) -> ComposeResult:
        yield Static(LINE, id="line")

    def action_moved(self, key: str) -> None:
        self.presses += 1
        self.query_one("#line", Static).update(f"{LINE} [{self.presses}: {key}]")


if __name__ == "__main__":
    BareApp().run()
