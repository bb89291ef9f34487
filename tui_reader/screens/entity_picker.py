"""The ledger's entity chooser: any entity, the unattributed claims, or one entity by
name (most claims first); typing narrows the list, enter chooses."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from ..fold import fold
from ..ledger_rows import UNATTRIBUTED
from ..widgets.bindings import bindings

ANY = "\x00any"


class EntityPicker(ModalScreen[str | None | bool]):
    """Answers an entity's name, UNATTRIBUTED, None (any entity) or False (escape)."""

    DEFAULT_CSS = """
    EntityPicker { align: center middle; }
    EntityPicker > Vertical {
        width: 60; max-width: 95%; height: auto; max-height: 80%;
        border: thick $accent; background: $panel; padding: 0 1;
    }
    EntityPicker #narrow { height: 1; border: none; padding: 0; background: $surface; }
    EntityPicker OptionList { height: auto; max-height: 60vh; border: none; }
    """
    BINDINGS = bindings("entities")

    def __init__(self, claims_by_name: dict[str, int], unattributed: int, current: str | None) -> None:
        super().__init__()
        self.choices = [(ANY, "any entity"), (UNATTRIBUTED, f"unattributed ({unattributed})")]
        ranked = sorted(claims_by_name.items(), key=lambda item: (-item[1], item[0].casefold()))
        self.choices += [(name, f"{name} ({count})") for name, count in ranked]
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Claims said by"
            yield Input(placeholder="type to narrow", id="narrow")
            yield OptionList(id="entities")

    def on_mount(self) -> None:
        self._list("")
        self.query_one(Input).focus()

    def _list(self, text: str) -> None:
        words = fold(text).split()
        options = self.query_one("#entities", OptionList)
        options.clear_options()
        shown = [Option(label, id=key) for key, label in self.choices if all(w in fold(label) for w in words)]
        options.add_options(shown)
        if shown:
            current = self.current if self.current is not None else ANY
            ids = [o.id for o in shown]
            options.highlighted = ids.index(current) if current in ids and not words else 0

    @on(Input.Changed)
    def _narrow(self, event: Input.Changed) -> None:
        self._list(event.value)

    def action_cursor(self, delta: int) -> None:
        options = self.query_one("#entities", OptionList)
        if options.option_count:
            options.highlighted = max(0, min(options.option_count - 1, (options.highlighted or 0) + delta))

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        options = self.query_one("#entities", OptionList)
        if options.highlighted is None or not options.option_count:
            self.notify("No entity of that name", severity="warning", timeout=3)
            return
        self._choose(options.get_option_at_index(options.highlighted).id)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._choose(event.option.id)

    def _choose(self, key: str | None) -> None:
        self.dismiss(None if key == ANY else key)

    def action_cancel(self) -> None:
        self.dismiss(False)
