"""The document's source (i): title, URL, outlet, author, publication date in one small
form. Enter saves from any field; a bad URL or date is said under its field and the form
stays open; escape with changes asks before dropping them."""

from __future__ import annotations

from typing import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from ..widgets.bindings import bindings

FIELDS = (
    ("title", "Title", "the headline as published"),
    ("url", "URL", "https://…"),
    ("outlet", "Outlet", "the newspaper, site or broadcaster"),
    ("author", "Author", "who wrote it"),
    ("published", "Published", "YYYY-MM-DD: weekdays and “last month” resolve against it"),
)


class SourceDialog(ModalScreen[dict | None]):
    """``save(record)`` stores the record and returns None, or says in one line what is
    wrong (the form stays open with everything typed)."""

    DEFAULT_CSS = """
    SourceDialog { align: center middle; }
    SourceDialog > Vertical {
        width: 80%; max-width: 100; height: auto;
        border: thick $accent; background: $panel; padding: 1 2;
    }
    SourceDialog Horizontal { height: auto; }
    SourceDialog Horizontal > Label { width: 11; padding: 1 0; }
    SourceDialog Input { width: 1fr; }
    SourceDialog .error { color: $error; padding-left: 11; }
    SourceDialog .error.-empty { display: none; }
    SourceDialog .hint { color: $text-muted; margin-top: 1; }
    SourceDialog.-short Horizontal > Label { padding: 0; }
    SourceDialog.-short Input { border: none; height: 1; padding: 0 1; background: $boost; }
    SourceDialog.-short Input:focus { background: $accent 30%; }
    """
    BINDINGS = bindings("dialog")

    def __init__(self, title: str, record: dict[str, str], save: Callable[[dict[str, str]], str | None], hint: str) -> None:
        super().__init__()
        self._title = title
        self.initial = {name: record.get(name, "") for name, _, _ in FIELDS}
        self._save = save
        self._hint = hint

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = self._title
            for name, label, placeholder in FIELDS:
                with Horizontal():
                    yield Label(label)
                    yield Input(self.initial[name], placeholder=placeholder, id=f"source-{name}")
                yield Static("", classes="error -empty", id=f"error-{name}")
            yield Static(self._hint, classes="hint")

    def on_mount(self) -> None:
        inputs = list(self.query(Input))
        for field in inputs:  # each shows its start (a long title its first words)
            field.cursor_position = 0
        # the first field left to fill (the title is often known already)
        next((f for f in inputs if not f.value), inputs[0]).focus()

    @property
    def record(self) -> dict[str, str]:
        """What the form holds now, each field trimmed."""
        return {name: self.query_one(f"#source-{name}", Input).value.strip() for name, _, _ in FIELDS}

    def show_error(self, text: str) -> None:
        """Say ``text`` under the field it names ("url: …"), else under the last one, and
        put the cursor in that field."""
        name = text.split(":", 1)[0] if text.split(":", 1)[0] in self.initial else FIELDS[-1][0]
        for other, _, _ in FIELDS:
            error = self.query_one(f"#error-{other}", Static)
            error.update(Text(text if other == name else ""))
            error.set_class(other != name, "-empty")
        self.query_one(f"#source-{name}", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        problem = self._save(self.record)
        if problem:
            self.show_error(problem)
        else:
            self.dismiss(self.record)

    def action_cancel(self) -> None:
        if self.record == self.initial:
            self.dismiss(None)
            return
        from .dialogs import ConfirmDialog

        def answered(drop: bool | None) -> None:
            if drop:
                self.dismiss(None)

        self.app.push_screen(
            ConfirmDialog("Drop your changes to the source?", hint="y: drop them · n or escape: back to the form"),
            answered,
        )
