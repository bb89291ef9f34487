"""ReaderApp: thin. It pushes the reading screen and offers every action by name."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Iterable

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from .config import DEFAULT_TEXT_WIDTH
from .document import DocumentError, load_document
from .store import StoreError
from .workspace import Workspace


def _settle_collector() -> None:
    """Turn the cyclic garbage collector back on once the first frames are out, after
    freezing what start-up built (it lives as long as the app), so that a full collection
    never walks it on a key press. ``cli.run_app`` turns the collector off for start-up."""
    import gc

    gc.freeze()
    gc.enable()


class ReaderApp(App):
    CSS_PATH = Path(__file__).with_name("app.tcss")
    TITLE = "tui-reader"
    BINDINGS = [Binding("ctrl+q", "quit", "Quit", show=False, priority=True)]
    # classes for app.tcss: dialogs fit a 60x20 terminal
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (90, "-roomy")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (30, "-tall")]

    def __init__(self, workspace: Workspace, text_width: int = DEFAULT_TEXT_WIDTH) -> None:
        super().__init__()
        self.workspace = workspace
        self.text_width = text_width  # the reading measure in cells (0: the whole pane)
        from .config import load_tags_and_keys
        from .widgets.tag_palette import TagPalette, check_color

        # the tag set and the keys of config.toml, or the defaults and why (said on screen)
        self.tags, self.keymap, self.config_problem = load_tags_and_keys(check_color)
        workspace.tags = self.tags
        #: every widget that draws a tag takes its style from here (resolved per theme)
        self.tag_palette = TagPalette(self.tags)

    def on_mount(self) -> None:
        if self.keymap.overrides:  # [keys]: Textual moves the bindings with these ids
            self.set_keymap(self.keymap.overrides)
        if self.config_problem:
            self.notify(self.config_problem, title="config.toml", severity="error", timeout=20)

    def key(self, binding_id: str, every: bool = False) -> str:
        """The key in force for a binding, to name it in a message ("e"; with ``every``,
        all of them: "r or enter")."""
        if every:
            return self.keymap.label(binding_id, joiner=" or ")
        return self.keymap.label(binding_id, first=True)

    def tag_style(self, tag: str):
        """The style ``tag`` is drawn in, in the current theme."""
        return self.tag_palette.refresh(self).style(tag)

    def on_ready(self) -> None:
        self.set_timer(0.05, self._warm_up)
        self.set_timer(0.5, _settle_collector)

    def _warm_up(self) -> None:
        """Work put off so that the first frame comes sooner, done while the reader takes
        in the first screen: the document's catalogue record, the regular expressions
        (and the regex module), and the current section's words and sentences, so no
        early key pays for them."""
        from . import lazyre

        known = len(self.workspace.warnings)
        self.workspace.write_catalogue_record()  # the catalogue record, put off past the first frame
        for warning in self.workspace.warnings[known:]:
            self.notify(warning, severity="warning", timeout=8)
        lazyre.warm_up()
        from .screens.reader import ReaderScreen

        from textual.app import ScreenStackError, UnknownModeError

        try:
            screen = self.screen
        except (ScreenStackError, UnknownModeError):  # the app is already closing
            return
        if isinstance(screen, ReaderScreen):
            _ = screen.view.words, screen.view.sentences

    def get_default_screen(self) -> Screen:
        # the reading screen is the first screen: no blank default screen is composed
        # and painted before it
        from .screens.reader import ReaderScreen

        return ReaderScreen(self.workspace)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        from .screens.reader import ReaderScreen
        from .widgets.reader_view import ReaderView

        if not isinstance(screen, ReaderScreen):
            return
        view = screen.query_one(ReaderView)
        targets = {"screen": screen, "view": view}
        # (app.quit is Textual's own entry; app.ledger is the app's action)
        entries = [e for e in self.keymap.entries if e.owner in targets and e.action != "app.quit"]
        # the panels first: among entries that match as well ("annot"), the first listed wins
        entries.sort(key=lambda e: not e.id.startswith("panel."))
        for e in entries:
            if e.id != "panel.close":
                action = partial(self.run_action, e.action, targets[e.owner])
                yield SystemCommand(e.description, f"key: {self.keymap.label(e.id)}", action)
        yield SystemCommand(
            "Bring back rejected suggestions",
            "Suggest again, in this document, what was rejected with x",
            partial(self.run_action, "restore_rejected_suggestions", screen),
        )
        for other in screen.workspace.elsewhere:
            yield SystemCommand(
                f"Copy annotations from {other.name}",
                f"{other.count} annotations of the text still at {other.path} (it keeps its own)",
                partial(self.run_action, f"copy_annotations({other.id!r})", screen),
            )
        if screen.workspace.damage_error is not None:
            yield SystemCommand(
                "Repair the damaged annotation file",
                "Move it aside to a dated backup and annotate this document again",
                partial(self.run_action, "repair", screen),
            )

    def deliver_screenshot(self, filename=None, path=None, time_format=None) -> str | None:
        """Save the screen as SVG in the current folder (Textual's default, ~/Downloads,
        may not exist), else in the data folder, and say where."""
        folders = [Path(path).expanduser()] if path else [Path.cwd(), self.workspace.store.data_dir]
        reason = ""
        for folder in folders:
            try:
                saved = self.save_screenshot(filename, str(folder), time_format)
            except OSError as exc:
                reason = f"{folder}: {exc.strerror or exc}"
                continue
            self.notify(f"Saved the screenshot to {saved}", title="Screenshot", timeout=8)
            return saved
        self.notify(f"Could not save the screenshot ({reason})", title="Screenshot", severity="error", timeout=8)
        return None

    def action_ledger(self) -> None:
        """The ledger of the open document (L): see screens/ledger_actions.py."""
        from .screens.ledger_actions import open_ledger

        open_ledger(self)

    def open_stored_document(self, doc_id: str, ann_id: str | None = None) -> None:
        """Open another stored document (a search result in another file) at ``ann_id``."""
        from .screens.reader import ReaderScreen

        try:
            record = self.workspace.store.document_record(doc_id)
        except StoreError as exc:  # a damaged catalogue
            self.notify(str(exc), severity="error", timeout=6)
            return
        path = (record or {}).get("path", "")
        try:
            document = load_document(path) if path else None
        except DocumentError as exc:
            self.notify(str(exc), severity="error", timeout=6)
            return
        if document is None or document.id != doc_id:
            self.notify(
                f"The file of “{(record or {}).get('title', doc_id[:12])}” has moved or changed since; open it with tui-reader PATH",
                severity="warning",
                timeout=6,
            )
            return
        # reports damage itself; re-attaches an earlier version's annotations on a thread
        self.workspace = Workspace(
            document, self.workspace.store, self.workspace.annotator, reanchor=False, tags=self.tags
        )
        screen = ReaderScreen(self.workspace, select=ann_id)
        if len(self.screen_stack) > 1:
            self.switch_screen(screen)
        else:  # the first document's screen is the base screen: it stays under the new one
            self.push_screen(screen)
