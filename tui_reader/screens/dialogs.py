"""Small modal dialogs: each returns its answer through ``dismiss()``."""

from __future__ import annotations

from typing import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, RadioButton, RadioSet, Static, TextArea

from ..keymap import Keymap
from ..widgets.bindings import bind_tags, bindings


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
    BINDINGS = bindings("dialog")

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
        self.query_one("#answer").focus()

    def show_error(self, text: str) -> None:
        self.query_one("#error", Static).update(Text(text))  # plain: a note or path may hold "["

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.submit(event.value)

    def submit(self, value: str) -> None:
        """The answer: dismiss with it (subclasses check it first)."""
        self.dismiss(value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class TagChoice(RadioSet, inherit_bindings=False):
    """The tag of a new annotation, in a row: a tag's key picks it (a, c or d by default;
    bound per instance from the tag set), ← → move."""

    DEFAULT_CSS = """
    TagChoice { layout: horizontal; width: 100%; margin-top: 1; }
    TagChoice > RadioButton { width: auto; margin-right: 2; }
    """
    BINDINGS = bindings("note", only=("note.choose_next", "note.choose_previous"))

    def __init__(self, *buttons, keymap: Keymap, **kwargs) -> None:
        super().__init__(*buttons, **kwargs)
        bind_tags(self, "note", keymap)

    def action_choose(self, step: int) -> None:
        if self.pressed_button is not None:  # nothing chosen yet: the first key picks the one shown
            if step > 0:
                self.action_next_button()
            else:
                self.action_previous_button()
        self.action_toggle_button()

    def action_pick(self, index: int) -> None:
        self._selected = index
        self.action_toggle_button()


class NoteArea(TextArea):
    """The note being written: as many lines as it needs, wrapped at the dialog's width
    (up to a dozen, then it scrolls). The note.save key (enter) is left to the dialog;
    ctrl+j, or shift+enter where the terminal tells it apart, starts a new line."""

    DEFAULT_CSS = """
    NoteArea { height: auto; min-height: 3; max-height: 14; border: tall $border-blurred; }
    NoteArea:focus { border: tall $border; }
    """

    def __init__(self, text: str, placeholder: str = "", id: str | None = None) -> None:
        super().__init__(text, soft_wrap=True, tab_behavior="focus", show_line_numbers=False,
                         placeholder=placeholder, id=id)

    @property
    def value(self) -> str:
        return self.text

    def on_resize(self) -> None:
        # the lines are wrapped once the width is known: the height follows them
        self.call_after_refresh(self.refresh, layout=True)

    def on_text_area_changed(self) -> None:
        self.refresh(layout=True)  # a line more or less

    NEWLINE_HINT = "ctrl+j: new line"

    async def _on_key(self, event) -> None:
        if event.key in ("ctrl+j", "shift+enter"):
            event.stop()
            event.prevent_default()
            self._replace_via_keyboard("\n", *self.selection)
        elif event.key in self.app.keymap.keys("note.save"):
            event.prevent_default()  # not a new line: the dialog's binding saves


class NoteDialog(_Prompt):
    """Write or edit a note (the cursor at its end: typing adds to it). On an annotation: its note. On words with no annotation
    (``ask_tag``): the note of a new annotation, whose tag the dialog asks for too. On
    nothing (``quote`` None): the note is kept to attach later. Whatever is typed after
    e lands here, never in the reading pane."""

    def __init__(self, quote: str | None, note: str = "", *, ask_tag: bool = False, held: bool = False) -> None:
        self.ask_tag = ask_tag and quote is not None
        self.base = None  # the annotation as the editor found it, when editing one
        keys = self.app.key  # the keys in force, to name them in the hint
        if quote is None:
            title = "Note: nothing under the cursor to attach it to"
            hint = (
                f"{keys('note.save')} keeps the note: select words ({keys('reader.select')}) and press "
                f"{keys('annotation.note')} to attach it · {keys('dialog.cancel')} discards it"
            )
        else:
            quote = " ".join(quote.split())
            if len(quote) > 70:
                quote = quote[:69] + "…"
            if self.ask_tag:
                title = f"Note on “{quote}” (no annotation yet: choose its tag)"
                hint = (
                    f"tab, then {self._tag_keys()} (or ← →): the tag · {keys('note.save')} saves both · "
                    f"{NoteArea.NEWLINE_HINT} · {keys('dialog.cancel')} discards"
                )
            else:
                title = f"Note on “{quote}”"
                hint = (
                    f"{keys('note.save')} saves · {NoteArea.NEWLINE_HINT} · {keys('dialog.cancel')} cancels · "
                    "an empty note removes it"
                )
        if held:
            hint += " · the note you kept is in the field"
        super().__init__(title, value=note, hint=hint, placeholder="What should you remember about this?")
        self._nowhere = quote is None

    BINDINGS = bindings("note", only=("note.save",))

    def _tag_keys(self) -> str:
        """The keys that pick a tag in the tag row, as in force: "a c d"."""
        return self.app.keymap.tag_keys(self.app.tags, "note.tag.")

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self._title)
            yield NoteArea(self._value, placeholder=self._placeholder, id="answer")
            if self.ask_tag:
                buttons = (RadioButton(t, id=f"tag-{t}") for t in self.app.tags.names)
                yield TagChoice(*buttons, keymap=self.app.keymap, id="tag")
            yield Static(
                "There is no word or selection here." if self._nowhere else "", classes="error", id="error"
            )
            yield Static(self._hint, classes="hint")

    @property
    def tag(self) -> str | None:
        """The tag chosen for a new annotation (None until one is)."""
        if not self.ask_tag:
            return None
        index = self.query_one(TagChoice).pressed_index
        return self.app.tags.names[index] if index >= 0 else None

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        event.stop()
        self.show_error("")

    def on_mount(self) -> None:
        area = self.query_one(NoteArea)
        area.move_cursor(area.document.end)  # typing adds to the note

    def action_save(self) -> None:  # enter, in the note or on the tag row
        self.submit(self.query_one(NoteArea).text)

    def submit(self, value: str) -> None:
        if self.ask_tag and self.tag is None:
            self.show_error(f"Choose the tag of the new annotation: tab, then {self._tag_keys()}.")
            return
        self.dismiss(value)


class NoteRescue(ModalScreen[str]):
    """A note that could not be saved where it was meant to go (another tui-reader
    deleted or changed its annotation, the store refused it): the reader says what to
    do with the text. Dismisses with "again", "hold", "copy" or "discard"."""

    DEFAULT_CSS = """
    NoteRescue { align: center middle; }
    NoteRescue > Vertical {
        width: 80%; max-width: 100; height: auto;
        border: thick $warning; background: $panel; padding: 1 2;
    }
    NoteRescue #note, NoteRescue #theirs { color: $text; text-style: italic; }
    NoteRescue .notebox { height: auto; max-height: 35vh; margin: 1 0; }
    NoteRescue #theirs-box { margin: 1 0 0 2; }
    NoteRescue .hint { color: $text-muted; }
    """
    BINDINGS = bindings("rescue")

    def __init__(self, reason: str, note: str, again: str | None, theirs: str = "") -> None:
        super().__init__()
        self._reason = reason
        self._note = note
        self._again = again  # what "attach again" does here, or None when it cannot
        self._theirs = theirs  # the note another window left there, whole

    def compose(self) -> ComposeResult:
        keys = self.app.key
        choices = [f"{keys('rescue.again', every=True)}: {self._again}"] if self._again else []
        choices += [
            f"{keys('rescue.hold', every=True)}: keep it, select other words and press "
            f"{keys('annotation.note')} to attach it there",
            f"{keys('rescue.copy', every=True)}: copy it to the clipboard",
            f"{keys('rescue.discard', every=True)}: discard it",
        ]
        with Vertical():
            yield Static(f"Your note was not saved: {self._reason}")
            # each note whole, wrapped; a very long one scrolls, so the choices stay in view
            if self._theirs:
                with VerticalScroll(classes="notebox", id="theirs-box", can_focus=False):
                    yield Static(Text(f"“{self._theirs}”"), id="theirs")
            with VerticalScroll(classes="notebox", can_focus=False):
                yield Static(Text(f"{'Yours: ' if self._theirs else ''}“{self._note}”"), id="note")
            yield Static("\n".join(choices), classes="hint")

    def action_answer(self, choice: str) -> None:
        if choice == "again" and not self._again:
            return
        self.dismiss(choice)


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


class ExportDialog(_Prompt):
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
