"""The export dialog: a path, a format and a scope; it exports while open and keeps a wrong path."""

from __future__ import annotations

from typing import Callable

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label, RadioButton, RadioSet, Static

from ..widgets.bindings import bindings
from .prompt import Prompt


class FormatChoice(RadioSet, inherit_bindings=False):
    """The export format, in a row: the arrows choose (as in any radio group), so that
    enter, which this widget leaves to the dialog, exports at once."""

    DEFAULT_CSS = """
    FormatChoice { layout: horizontal; width: 100%; margin-top: 1; }
    FormatChoice > RadioButton { width: auto; margin-right: 2; }
    """
    BINDINGS = [
        *bindings("exporting", only=("export.choice.next", "export.choice.previous")),
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


class ExportDialog(Prompt):
    """Where and how to export: a path, proposed, a format (its ending follows the
    format) and the scope (this document or all); an existing file needs a second
    enter. With ``run``, the dialog exports through it (it returns what went wrong, or
    None) and stays open, path and all, until the export is written. Dismisses with
    (path, format, scope)."""

    BINDINGS = bindings("exporting", only=("export.submit",))

    def __init__(
        self,
        proposed: str,
        count: int,
        title: str = "",
        all_count: int | None = None,
        run: "Callable[[str, str, str], str | None] | None" = None,
    ) -> None:
        self._run = run
        self._count = count
        self._all_count = count if all_count is None else all_count
        self._document_title = title
        self._format = "json"
        self._scope = "document"
        super().__init__(
            self._heading(),
            value=proposed,
            hint=f"{self.app.key('export.submit')} exports · tab, then ← →: format, scope · "
            f"{self.app.key('dialog.cancel')} cancels",
        )
        self._confirmed_overwrite: str | None = None

    def _heading(self) -> str:
        from ..formats import get

        what = get(self._format).summary
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

            from ..formats import default_export_name

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

        from ..formats import ExportDocument, get

        try:
            path = Path(value).expanduser()
        except RuntimeError as exc:  # "~nosuchuser/..."
            self.show_error(str(exc))
            return
        if not value.strip():
            self.show_error("Give a file name.")
            return
        fmt = get(self._format)
        folder = fmt.writes_folder
        if path.is_dir() and not folder:
            self.show_error(f"{path} is a folder: add a file name.")
            return
        if folder and path.exists() and not path.is_dir():
            self.show_error(f"{path} is a file: {fmt.name} writes a folder of files.")
            return
        there = [p for p in fmt.files(path, [ExportDocument("", "", self._document_title, ())]) if p.exists()]
        if there and self._confirmed_overwrite != value:
            self._confirmed_overwrite = value
            self.show_error(f"{there[0] if folder else path} exists: press {self.app.key('export.submit')} again to replace it.")
            return
        if self._run is not None:
            problem = self._run(value, self._format, self._scope)
            if problem:  # the dialog stays, with the path as typed
                self._confirmed_overwrite = None
                self.show_error(problem)
                return
        self.dismiss((value, self._format, self._scope))
