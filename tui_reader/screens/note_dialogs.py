"""The note editor (with the tag row for a new annotation) and the dialog that rescues a note
another window's change left without its annotation."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, RadioButton, RadioSet, Static, TextArea

from ..keymap import Keymap
from ..widgets.bindings import bind_tags, bindings
from .prompt import Prompt


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


class NoteDialog(Prompt):
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
