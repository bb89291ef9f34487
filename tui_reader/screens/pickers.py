"""A picker: a line to type in over a list of choices that the typing filters; enter
takes the highlighted one. The link picker (l) and the verdict chooser (!) are pickers."""

from __future__ import annotations

from typing import Callable, Generic, Sequence, TypeVar

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from ..widgets.bindings import bindings

T = TypeVar("T")
SHOWN = 200  # choices listed at most, the best first


class OneLine:
    """A choice's row kept to one line, cut with an ellipsis (an OptionList wraps text)."""

    def __init__(self, text: Text) -> None:
        self.text = text

    @property
    def plain(self) -> str:
        return self.text.plain

    def __rich_console__(self, console, options):
        line = self.text.copy()
        line.no_wrap, line.overflow = True, "ellipsis"
        line.truncate(options.max_width, overflow="ellipsis")
        yield line


class Picker(ModalScreen, Generic[T]):
    """Choose one of ``choices`` ((value, row) pairs); ``narrow(query)`` gives the indices
    of those that match, best first. Dismisses with the value, or None (escape)."""

    DEFAULT_CSS = """
    Picker { align: center top; }
    Picker > Vertical {
        width: 90%; max-width: 120; height: auto; max-height: 85%; margin-top: 2;
        border: thick $accent; background: $panel; padding: 0 1;
    }
    Picker #hint { color: $text-muted; width: 100%; }
    Picker OptionList { height: auto; max-height: 70vh; border: none; }
    """
    BINDINGS = [*bindings("picker"), *bindings("dialog")]

    def __init__(
        self,
        title: str,
        choices: Sequence[tuple[T, Text]],
        narrow: Callable[[str], list[int]],
        hint: str,
        placeholder: str = "type to narrow",
        highlight: int = 0,
    ) -> None:
        super().__init__()
        self._title = title
        self.choices = list(choices)
        self._narrow = narrow
        self._hint = hint
        self._placeholder = placeholder
        self._first_highlight = highlight
        self.shown: list[int] = []  # indices into choices, as listed

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = self._title
            yield Input(placeholder=self._placeholder, id="query")
            yield Label(self._hint, id="hint")
            yield OptionList(id="choices")

    def on_mount(self) -> None:
        self.query_one(Input).focus()
        self._show(list(range(len(self.choices))), self._first_highlight)

    def _show(self, indices: list[int], highlight: int = 0) -> None:
        self.shown = indices[:SHOWN]
        listed = self.query_one(OptionList)
        listed.clear_options()
        listed.add_options([Option(OneLine(self.choices[i][1])) for i in self.shown])
        if len(indices) > SHOWN:
            listed.add_option(Option(Text(f"… and {len(indices) - SHOWN} more: type to narrow", style="dim"), disabled=True))
        if not self.shown:
            listed.add_option(Option(Text("nothing matches", style="dim"), disabled=True))
        else:
            listed.highlighted = max(0, min(highlight, len(self.shown) - 1))

    def on_input_changed(self, event: Input.Changed) -> None:
        query = event.value.strip()
        self._show(self._narrow(query) if query else list(range(len(self.choices))))

    def action_cursor(self, delta: int) -> None:
        listed = self.query_one(OptionList)
        if self.shown:
            listed.highlighted = max(0, min(len(self.shown) - 1, (listed.highlighted or 0) + delta))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        listed = self.query_one(OptionList)
        if self.shown and listed.highlighted is not None and listed.highlighted < len(self.shown):
            self.dismiss(self.choices[self.shown[listed.highlighted]][0])
        else:
            self.notify("Nothing to choose: type less, or escape", severity="warning", timeout=3)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_index < len(self.shown):
            self.dismiss(self.choices[self.shown[event.option_index]][0])

    def action_cancel(self) -> None:
        self.dismiss(None)


def narrow_words(words: Sequence[str]) -> Callable[[str], list[int]]:
    """A ``narrow`` for a list of words (verdicts): ignoring case and accents, those that
    contain the query first, then those rapidfuzz finds close to it (a typo), in list order."""
    from ..search import SCORE_CUTOFF, search_key

    keys = [search_key(w.replace("-", " ").replace("_", " ")) for w in words]

    def narrow(query: str) -> list[int]:
        needle = search_key(query.replace("-", " ").replace("_", " "))
        if not needle:
            return list(range(len(words)))
        exact = [i for i, k in enumerate(keys) if needle in k]
        from rapidfuzz import fuzz

        close = [i for i, k in enumerate(keys) if i not in exact and fuzz.partial_ratio(needle, k) >= SCORE_CUTOFF]
        return exact + close

    return narrow
