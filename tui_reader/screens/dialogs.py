"""Small modal dialogs: each returns its answer through ``dismiss()``."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from ..widgets.bindings import bindings
from .prompt import Prompt


class FindDialog(Prompt):
    """Text to find in the whole document."""

    DEFAULT_CSS = """
    FindDialog { align: center bottom; }
    FindDialog > Vertical { margin-bottom: 2; }
    """

    def __init__(self, query: str = "") -> None:
        super().__init__(
            "Find in the document",
            value=query,
            hint="enter jumps to the next match after the cursor and selects it · n / N: next / previous",
            placeholder="text to find (case-insensitive)",
        )


class ConfirmDialog(ModalScreen[bool]):
    """A yes/no question: y or enter answers yes, n or escape no."""

    DEFAULT_CSS = """
    ConfirmDialog { align: center middle; }
    ConfirmDialog > Vertical {
        width: 80%; max-width: 100; height: auto;
        border: thick $error; background: $panel; padding: 1 2;
    }
    ConfirmDialog .hint { color: $text-muted; margin-top: 1; }
    """
    BINDINGS = bindings("confirm")

    def __init__(self, question: str, hint: str = "y: yes · n or escape: no") -> None:
        super().__init__()
        self._question = question
        self._hint = hint

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self._question)
            yield Static(self._hint, classes="hint")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
