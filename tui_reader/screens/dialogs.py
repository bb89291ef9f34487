"""Small modal dialogs: each returns its answer through ``dismiss()``."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, RadioButton, RadioSet, Static


class _Prompt(ModalScreen[str | None]):
    """One line of input: enter answers, escape cancels (dismisses with None)."""

    DEFAULT_CSS = """
    _Prompt { align: center middle; }
    _Prompt > Vertical {
        width: 80%; max-width: 100; height: auto;
        border: thick $accent; background: $panel; padding: 1 2;
    }
    _Prompt Label { width: 100%; }
    _Prompt .hint { color: $text-muted; margin-top: 1; }
    _Prompt .error { color: $error; }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="dialog.cancel")]

    def __init__(self, title: str, value: str = "", hint: str = "", placeholder: str = "") -> None:
        super().__init__()
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
        self.query_one(Input).focus()

    def show_error(self, text: str) -> None:
        self.query_one("#error", Static).update(text)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.submit(event.value)

    def submit(self, value: str) -> None:
        """The answer: dismiss with it (subclasses check it first)."""
        self.dismiss(value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class NoteDialog(_Prompt):
    """Write or edit the note of an annotation."""

    def __init__(self, quote: str, note: str = "") -> None:
        quote = " ".join(quote.split())
        if len(quote) > 70:
            quote = quote[:69] + "…"
        super().__init__(
            f"Note on “{quote}”",
            value=note,
            hint="enter saves · escape cancels · an empty note removes it",
            placeholder="What should you remember about this?",
        )


class FindDialog(_Prompt):
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


class FormatChoice(RadioSet, inherit_bindings=False):
    """The export format, in a row: the arrows choose (as in any radio group), so that
    enter, which this widget leaves to the dialog, exports at once."""

    DEFAULT_CSS = """
    FormatChoice { layout: horizontal; width: 100%; margin-top: 1; }
    FormatChoice > RadioButton { width: auto; margin-right: 2; }
    """
    BINDINGS = [
        Binding("right,down", "choose(1)", "Next choice", show=False, id="export.choice.next"),
        Binding("left,up", "choose(-1)", "Previous choice", show=False, id="export.choice.previous"),
    ]

    def action_choose(self, step: int) -> None:
        if step > 0:
            self.action_next_button()
        else:
            self.action_previous_button()
        self.action_toggle_button()


class ScopeChoice(FormatChoice):
    """What to export, in a row like the formats: this document, or every document."""


SCOPES = ("document", "all")


class ExportDialog(_Prompt):
    """Where and how to export: a path, proposed, a format (its ending follows the
    format) and the scope (this document or all); an existing file needs a second
    enter. Dismisses with (path, format, scope)."""

    BINDINGS = [Binding("enter", "export", "Export", show=False, id="export.submit")]

    def __init__(self, proposed: str, count: int, title: str = "", all_count: int | None = None) -> None:
        self._count = count
        self._all_count = count if all_count is None else all_count
        self._document_title = title
        self._format = "json"
        self._scope = "document"
        super().__init__(
            self._heading(),
            value=proposed,
            hint="enter exports · tab, then ← →: format, scope · escape cancels",
        )
        self._confirmed_overwrite: str | None = None

    def _heading(self) -> str:
        from ..formats import DESCRIPTIONS

        what = DESCRIPTIONS[self._format].split(" (")[0]
        if self._scope == "all":
            n = self._all_count
            return f"Export {n} annotation{'s' if n != 1 else ''} of all documents as {what}"
        n = self._count
        return f"Export {n} annotation{'s' if n != 1 else ''} of this document as {what}"

    def compose(self) -> ComposeResult:
        from ..formats import FORMATS

        with Vertical():
            yield Label(self._title, id="heading")
            yield Input(self._value, id="answer")
            yield FormatChoice(*(RadioButton(f, value=f == "json", id=f"format-{f}") for f in FORMATS), id="format")
            yield ScopeChoice(
                RadioButton("this document", value=True, id="scope-document"),
                RadioButton("all documents", id="scope-all"),
                id="scope",
            )
            yield Static("", classes="error", id="error")
            yield Static(self._hint, classes="hint")

    @property
    def format(self) -> str:
        return self._format

    @property
    def scope(self) -> str:
        return self._scope

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        from ..formats import FORMATS, export_path_for

        event.stop()
        if isinstance(event.radio_set, ScopeChoice):
            self._scope = SCOPES[event.index]
            answer = self.query_one(Input)
            # the proposed name follows the scope, unless the reader typed their own
            from pathlib import Path

            from ..export import default_export_name

            names = {
                "document": export_path_for(default_export_name(self._document_title), self._format),
                "all": export_path_for("all-documents-annotations.json", self._format),
            }
            current = Path(answer.value)
            if current.name in names.values():
                answer.value = str(current.with_name(names[self._scope]))
        else:
            self._format = FORMATS[event.index]
            answer = self.query_one(Input)
            answer.value = export_path_for(answer.value, self._format)
        self.query_one("#heading", Label).update(self._heading())
        self.show_error("")
        self._confirmed_overwrite = None

    def action_export(self) -> None:
        self.submit(self.query_one(Input).value)

    def submit(self, value: str) -> None:
        from pathlib import Path

        from ..formats import ExportDocument, output_files

        try:
            path = Path(value).expanduser()
        except RuntimeError as exc:  # "~nosuchuser/..."
            self.show_error(str(exc))
            return
        if not value.strip():
            self.show_error("Give a file name.")
            return
        brat = self._format == "brat"
        if path.is_dir() and not brat:
            self.show_error(f"{path} is a folder: add a file name.")
            return
        if brat and path.exists() and not path.is_dir():
            self.show_error(f"{path} is a file: brat writes a folder of files.")
            return
        there = [p for p in output_files(self._format, path, [ExportDocument("", "", self._document_title, ())]) if p.exists()]
        if there and self._confirmed_overwrite != value:
            self._confirmed_overwrite = value
            self.show_error(f"{there[0] if brat else path} exists: press enter again to replace it.")
            return
        self.dismiss((value, self._format, self._scope))


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
    BINDINGS = [
        Binding("y,enter", "answer(True)", "Yes", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm.no"),
    ]

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
