"""The reading screen: contents, the reading pane, the annotation panel and a status line.

It turns keys into one call on the Workspace (core) each, and shows the result.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Static

from ..store import StoreError
from ..workspace import ConflictError, Workspace, WorkspaceError
from ..widgets.key_hints import Bar, KeyHints
from ..widgets.labels import short
from ..widgets.panels import AnnotationPanel, TableOfContents
from ..widgets.bindings import bind_tags, bindings
from ..widgets.reader_view import ReaderView
from .arrangement import PanelArrangement
from .find_actions import FindActions
from .link_actions import LinkActions
from .share_actions import ShareActions
from .notes import NoteActions
from .reattach import Reattaching
from .status_line import StatusLine
from .repair_actions import RepairActions
from .suggest_actions import SuggestActions

# Dialogs, the search screen, find and the clipboard load on first use: none of them is
# needed to draw the first frame, and start-up is what a reader waits for.


class ReaderScreen(
    SuggestActions, FindActions, ShareActions, LinkActions, StatusLine, PanelArrangement, NoteActions, Reattaching,
    RepairActions, Screen,
):
    # the reading pane takes the focus when the screen is shown (Textual's default, the
    # first focusable widget, is the contents: focusing it and then the pane restyled it
    # twice before the first frame)
    AUTO_FOCUS = "ReaderView"
    # the app's breakpoint classes are for the dialogs; this screen arranges itself in
    # _arrange, and a class change would restyle every widget on it at start-up
    HORIZONTAL_BREAKPOINTS = VERTICAL_BREAKPOINTS = []
    # the tags' own bindings follow the tag set: bound per screen in __init__
    BINDINGS = bindings("screen")

    DEFAULT_CSS = """
    ReaderScreen #main { height: 1fr; }
    ReaderScreen ReaderView { width: 1fr; border: round $panel; border-title-color: $text-muted; }
    ReaderScreen ReaderView:focus { border: round $accent; border-title-color: $text; }
    ReaderScreen #status { height: 1; padding: 0 1; background: $boost; color: $text; }
    ReaderScreen #title { height: 1; padding: 0 1; background: $panel; color: $foreground; }
    """

    def __init__(self, workspace: Workspace, select: str | None = None) -> None:
        super().__init__()
        self.keymap = self.app.keymap
        bind_tags(self, "screen", self.keymap)
        self.workspace = workspace
        self._select_on_mount = select
        self.document = workspace.document
        self.find_query = ""
        self.find_matches: list[tuple[int, int]] = []
        self._flash: tuple[str, int] | None = None
        self._saved_offset = 0  # the reading position last written (see save_position)
        self._reader_view: ReaderView | None = None
        self._status_shown: Text | None = None
        # a side panel shown in place of the text (the screen is too narrow for it beside)
        self.in_place: str | None = None

    # -- composition ----------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Bar("", id="title")
        with Horizontal(id="main"):
            yield TableOfContents(
                [s.title for s in self.document.sections], self.workspace.section_counts(), id="toc"
            )
            self._reader_view = ReaderView(self.workspace, on_cursor=lambda _offset: self._update_status(), id="reader")
            yield self._reader_view
            yield AnnotationPanel(id="annotations")
        yield Bar("", id="status")
        yield KeyHints(self.keymap)

    @property
    def view(self) -> ReaderView:
        return self.query_one(ReaderView)

    def on_mount(self) -> None:
        self.title = self.document.title  # (the pane has the focus: AUTO_FOCUS)
        if self._select_on_mount:
            self.select_annotation(self._select_on_mount)
        else:  # where the reader left this document last time
            offset = self.positions.load(self.document)
            if offset:
                self.view.go_to(offset)
        self._saved_offset = self.view.cursor
        self._section_changed(self.view.section_index)
        self._update_status()
        for warning in self.workspace.warnings:
            self.notify(warning, severity="warning", timeout=8)
        self._report_reanchored()
        if self.workspace.damage_error is not None:
            self._report_damage()
        self.start_reattaching()
        # another tui-reader on the same data folder may annotate this document too
        self.set_interval(2.0, self._pick_up_outside_changes)

    @property
    def positions(self):
        from ..positions import ReadingPositions

        return ReadingPositions(self.workspace.store.data_dir)

    def save_position(self, durable: bool = False) -> None:
        """Remember where the reader is in this document (when it moved since the last
        time): every 2 seconds while reading, durably when the screen goes."""
        view = self._reader_view  # (no query: on unmount the DOM may be going)
        if view is None:
            return
        offset = view.cursor
        if offset != self._saved_offset:
            if self.positions.save(self.document, offset, durable=durable):
                self._saved_offset = offset

    def on_unmount(self) -> None:
        self.save_position(durable=True)

    def _pick_up_outside_changes(self) -> None:
        self.save_position()
        if self.workspace.reattach_pending:  # its own store write is not another window's
            return
        if self.workspace.reload_if_changed():
            self._annotations_changed()
            if self.workspace.damage_error is not None:
                self._report_damage()
            else:
                self.notify("Annotations changed in another tui-reader: reloaded", timeout=3)
                self._warn_note_editor()

    @property
    def tag_styles(self):
        """Each tag's style in the current theme (the app's one palette; a tag not in
        the set gets the neutral style)."""
        return self.app.tag_palette.refresh(self.app)

    # -- keeping the panels in step -------------------------------------------
    def _section_changed(self, index: int) -> None:
        sec = self.document.sections[index]
        self.sub_title = f"section {index + 1} / {len(self.document.sections)} · {sec.title}"
        header = Text(no_wrap=True, overflow="ellipsis", justify="center")
        header.append(self.document.title, style="bold")
        header.append(f" — {self.sub_title}", style="dim")
        self.query_one("#title", Static).update(header, layout=False)
        self.view.border_title = sec.title
        self.query_one(TableOfContents).show_current(index)
        self._refresh_panel()

    def _refresh_panel(self) -> None:
        sec = self.view.section
        self.query_one(AnnotationPanel).show(
            self.workspace.between(sec.start, sec.end),
            self.tag_styles,
            self.workspace.orphans,
            hint=self.keymap.tag_keys(self.app.tags),
            facts=self.facts,
        )

    def _annotations_changed(self, confirm: str | None = None) -> None:
        """Redraw what shows annotations; ``confirm`` says what changed in the status
        line (until the next move): no toast piles up over the text while the reader
        works through a section."""
        self.view.annotations_changed()
        self._refresh_panel()
        self.query_one(TableOfContents).update_counts(self.workspace.section_counts())
        if confirm:
            self._flash = (confirm, self.view.cursor)
        self._update_status()

    @on(ReaderView.SectionChanged)
    def _on_section_changed(self, event: ReaderView.SectionChanged) -> None:
        self._section_changed(event.index)

    @on(ReaderView.Notice)
    def _notice(self, event: ReaderView.Notice) -> None:
        self.notify(event.text, timeout=3)

    @on(TableOfContents.Opened)
    def _open_section(self, event: TableOfContents.Opened) -> None:
        self.view.show_section(event.index)
        self.action_close_panel()

    @on(AnnotationPanel.Chosen)
    def _annotation_chosen(self, event: AnnotationPanel.Chosen) -> None:
        self.select_annotation(event.annotation_id)
        ann = self.workspace.get(event.annotation_id)
        if ann is not None and not ann.orphaned:
            self.action_close_panel()

    def select_annotation(self, ann_id: str) -> None:
        ann = self.workspace.get(ann_id)
        if ann is None:
            return
        if ann.orphaned:  # nowhere in the text to go: show it in the panel and say what to do
            panel = self.query_one(AnnotationPanel)
            panel.highlight(ann_id)
            self.notify(
                f"Orphaned {ann.tag} “{short(ann.quote, 50)}”: its words are no longer in the text. "
                f"Select the words it belongs to and press {self.app.key('annotation.reattach')} to attach it, "
                f"or {self.app.key('annotation.delete')} in the panel to delete it.",
                timeout=8,
            )
            return
        self._show_text()
        self.view.go_to(ann.start, ann.end)
        self._update_status()

    def _fail(self, exc: Exception) -> None:
        self.notify(str(exc), severity="error", timeout=6)
        if isinstance(exc, ConflictError):  # the workspace reloaded: show what is stored
            self._annotations_changed()

    # -- annotation actions ---------------------------------------------------
    def _target_span(self, tell: bool = True) -> tuple[int, int] | None:
        """The selection, else the word under the cursor (see Cursor.target); None,
        after telling the user why there is nothing to take (if ``tell``)."""
        span, reason = self.view.caret.target()
        if span is None and tell:
            self.notify(reason, severity="warning")
        return span

    def action_tag(self, tag: str) -> None:
        if self.accept_suggestion_as(tag):  # on a suggestion: accept it as this tag
            return
        span = self._target_span()
        if span is None:
            return
        try:
            ann = self.workspace.tag(span[0], span[1], tag)
        except (WorkspaceError, StoreError) as exc:
            self._fail(exc)
            return
        self.view.clear_selection()
        self._annotations_changed(f"Tagged “{short(ann.quote, 50)}” as {tag}")

    def _under_cursor(self):
        anns = self.workspace.at(self.view.cursor)
        if not anns:
            self.notify("No annotation under the cursor", severity="warning", timeout=2)
            return None
        return anns[0]

    def _chosen(self):
        """The annotation a key acts on: in the annotation panel, the row it is on (an
        orphan too); in the text, the one under the cursor."""
        panel = self.query_one(AnnotationPanel)
        if self.focused is panel and panel.highlighted_id:
            ann = self.workspace.get(panel.highlighted_id)
            if ann is not None:
                return ann
        return self._under_cursor()

    def action_delete(self) -> None:
        if self.unlink_highlighted():  # on a link row of the panel: the link
            return
        ann = self._chosen()
        if ann is None:
            return
        links = len(ann.links) + len(self.workspace.links_to(ann.id))  # they go with it
        try:
            self.workspace.delete(ann.id)
        except (WorkspaceError, StoreError) as exc:
            self._fail(exc)
            return
        also = "" if not links else " and its link" if links == 1 else f" and its {links} links"
        self._annotations_changed(f"Deleted {ann.tag} “{short(ann.quote, 40)}”{also} (u undoes)")

    def action_copy_annotations(self, doc_id: str) -> None:
        """Copy the annotations of another document (the original of this copy, still at
        its path) into this one; the original keeps its own (ctrl+p offers it)."""
        try:
            added, report, skipped = self.workspace.copy_from(doc_id)
        except (WorkspaceError, StoreError) as exc:
            self._fail(exc)
            return
        already = f"; {skipped} already here" if skipped else ""
        placed = f" ({report.summary()})" if added else ""
        self.notify(f"Copied {len(added)} annotation{'s' if len(added) != 1 else ''}{placed}{already} (u undoes)", timeout=8)
        self._annotations_changed()

    def action_reattach(self) -> None:
        """Attach the orphan highlighted in the annotation panel (or the only one) to the
        selection, or to the word under the cursor."""
        orphans = self.workspace.orphans
        if not orphans:
            self.notify("No orphaned annotations in this document", severity="warning", timeout=3)
            return
        panel = self.query_one(AnnotationPanel)
        ann_id = panel.highlighted_id if panel.highlighted_id in panel.orphan_ids else None
        if ann_id is None and len(orphans) == 1:
            ann_id = orphans[0].id
        if ann_id is None:
            self.notify(
                f"Choose the orphan first: {self.app.key('panel.annotations')} opens the annotation panel; move to it, "
                f"{self.app.key('panel.close')}, then select the words and press {self.app.key('annotation.reattach')}",
                severity="warning",
                timeout=6,
            )
            return
        span = self._target_span()
        if span is None:
            return
        orphan = self.workspace.get(ann_id)
        try:
            ann = self.workspace.reattach(ann_id, *span)
        except (WorkspaceError, StoreError) as exc:
            self._fail(exc)
            return
        self.view.clear_selection()
        self._annotations_changed(
            f"Attached the orphaned {ann.tag} “{short(orphan.quote, 30)}” to “{short(ann.quote, 40)}” (u undoes)"
        )

    def _history(self, step) -> None:
        try:
            change = step()
        except (WorkspaceError, StoreError) as exc:
            if isinstance(exc, ConflictError):
                self._fail(exc)
            else:
                self.notify(str(exc), severity="warning" if isinstance(exc, WorkspaceError) else "error", timeout=3)
            return
        touched = change.added + change.removed
        if touched:
            self.view.go_to(min(a.start for a in touched))
        verb = "Undid" if step == self.workspace.undo else "Redid"
        self._annotations_changed(f"{verb}: {change.description}")

    def action_undo(self) -> None:
        self._history(self.workspace.undo)

    def action_redo(self) -> None:
        self._history(self.workspace.redo)

    # -- sections, help -------------------------------------------------------
    def action_section(self, delta: int) -> None:
        target = self.view.section_index + delta
        if not 0 <= target < len(self.document.sections):
            self.notify("This is the " + ("last" if delta > 0 else "first") + " section", timeout=2)
            return
        self.view.show_section(target)

    def action_help(self) -> None:
        from .help import HelpScreen

        self.app.push_screen(HelpScreen(self.keymap, self.app.tags))
