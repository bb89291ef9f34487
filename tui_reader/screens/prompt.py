"""The frame of the dialogs that ask for one line or a choice and return it through ``dismiss()``."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from ..widgets.bindings import bindings


class Prompt(ModalScreen[str | None]):
    """One line of input: enter answers, escape cancels (dismisses with None)."""

    DEFAULT_CSS = """
    Prompt { align: center middle; }
    Prompt > Vertical {
        width: 80%; max-width: 100; height: auto;
        border: thick $accent; background: $panel; padding: 1 2;
    }
    Prompt Label { width: 100%; }
    Prompt .hint { color: $text-muted; margin-top: 1; }
    Prompt .error { color: $error; }
    """
    BINDINGS = bindings("dialog")

    def __init__(self, title: str, value: str = "", hint: str = "", placeholder: str = "", check=None) -> None:
        super().__init__()
        #: check(answer): None to take it, or what is wrong (said under it; the prompt stays)
        self._check = check
        self._title = title
        self._value = value
        self._hint = hint
        self._placeholder = placeholder

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self._title)
            yield Input(self._value, placeholder=self._placeholder, id="answer")
            yield Static("", classes="error", id="error")
            yield Static(self._hint, classes="hint")

    def on_mount(self) -> None:
        self.query_one("#answer").focus()

    def show_error(self, text: str) -> None:
        self.query_one("#error", Static).update(Text(text))  # plain: a note or path may hold "["

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.submit(event.value)

    def submit(self, value: str) -> None:
        """The answer: dismiss with it (subclasses check it first)."""
        problem = self._check(value) if self._check else None
        if problem:
            self.show_error(problem)
        else:
            self.dismiss(value)

    def action_cancel(self) -> None:
        self.dismiss(None)
