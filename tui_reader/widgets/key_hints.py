"""The one-line bars of the reading screen: the title, the status line and the key hints."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.widgets import Static

from ..keymap import DEFAULT_KEYMAP, Keymap
from .steady import ReusesLastLines


class Bar(ReusesLastLines, Static):
    """A one-line bar (the title and the status line): it changes only when it is updated."""


class KeyHints(ReusesLastLines, Static):
    """The key hints at the foot of the screen, drawn from the bindings.

    Textual's Footer rebuilds a widget per key whenever the bindings signal a change
    (nine times while the reader starts); the reader's keys do not change with focus,
    so one line of text says the same for a fraction of the start-up time. Where the line
    is too narrow for every hint, the least important go first; help, quit and the
    palette (every action by name) always stay."""

    COMPONENT_CLASSES = {"keyhints--key"}
    DEFAULT_CSS = """
    KeyHints { height: 1; background: $footer-background; color: $footer-foreground; }
    KeyHints > .keyhints--key { color: $footer-key-foreground; text-style: bold; }
    """
    def __init__(self, keymap: Keymap = DEFAULT_KEYMAP) -> None:
        super().__init__("")
        self.keymap = keymap
        #: (binding id, key, what it does), in their order on the line; the keys in force
        self.hints: list[tuple[str, str, str]] = [
            (e.id, keymap.label(e.id, first=True).replace("ctrl+", "^"), e.hint) for e in keymap.hints()
        ]
        self.hints.append(("palette", keymap.label("app.palette", first=True).replace("ctrl+", "^"), "palette"))
        self.shown: list[tuple[str, str, str]] = []
        self.promoted: set[str] = set()

    def _rank(self, hint_id: str) -> float:
        if hint_id == "palette":
            return -1
        if hint_id in self.promoted:
            return 0.5  # right after the tags
        return self.keymap.hint_rank(hint_id)

    def fit(self, width: int) -> list[tuple[str, str, str]]:
        """The hints that fit ``width`` cells, in their order: help, quit and the palette,
        then the others by importance, each one that still fits."""
        used = 0
        chosen = set()
        for hint in sorted(self.hints, key=lambda h: self._rank(h[0])):
            cells = cell_len(f" {hint[1]} {hint[2]} ")
            if used + cells <= width or self._rank(hint[0]) < 0:
                chosen.add(hint)
                used += cells
        return [hint for hint in self.hints if hint in chosen]

    def promote(self, *hint_ids: str) -> None:
        """Rank these hints just after the tag keys (the annotation panel's key while the
        panel is hidden), or none."""
        self.promoted = set(hint_ids)
        self._draw(self.size.width or self.app.size.width)

    def on_resize(self, event: events.Resize) -> None:
        self._draw(event.size.width)

    def on_mount(self) -> None:
        self._draw(self.size.width or self.app.size.width)

    def _draw(self, width: int) -> None:
        shown = self.fit(width)
        if shown == self.shown:
            return
        self.shown = shown
        key_style = self.get_component_rich_style("keyhints--key", partial=True)
        line = Text(no_wrap=True, overflow="ellipsis")
        for _, key, description in shown:
            line.append(f" {key} ", style=key_style)
            line.append(f"{description} ")
        self.update(line, layout=False)
