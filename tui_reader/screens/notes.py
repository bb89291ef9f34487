"""The note editor's side of the reading screen: e always opens an editor, and a note
that cannot go where it was meant to is offered back to the reader, never dropped."""

from __future__ import annotations

from ..store import StoreError
from ..workspace import ConflictError, WorkspaceError
from ..widgets.labels import short
from ..widgets.panels import AnnotationPanel


class NoteActions:
    """Mixed into ReaderScreen: uses its view, workspace, _target_span,
    _annotations_changed, _fail and _update_status."""

    #: a note typed with nowhere to go yet, for the next e on words
    _held_note: str | None = None

    def _note_target(self):
        """What e writes a note on: an annotation (the panel's row, the one the selection
        covers exactly, or the one under the cursor), else the span of new words (the
        selection, or the word under the cursor), else None."""
        panel = self.query_one(AnnotationPanel)
        if self.focused is panel and panel.highlighted_id:
            ann = self.workspace.get(panel.highlighted_id)
            if ann is not None:
                return ann
        sel = self.view.selection
        if sel:
            from ..workspace import trim_span

            span = trim_span(self.document.text, *sel)
            same = [a for a in self.workspace.between(*span) if (a.start, a.end) == span]
            return same[0] if same else span
        anns = self.workspace.at(self.view.cursor)
        return anns[0] if anns else self._target_span(tell=False)  # no word: the editor says so

    def action_note(self) -> None:
        """Open the note editor, always (what is typed next is a note, never commands):
        on an annotation, its note; on new words, a new annotation's note and tag; on
        nothing, a note kept until the reader selects words for it."""
        from ..annotations import Annotation
        from .note_dialogs import NoteDialog

        target = self._note_target()
        held = self._held_note
        if isinstance(target, Annotation):
            note = target.note if not held else " ".join(filter(None, (target.note, held)))
            dialog = NoteDialog(target.quote, note, held=bool(held))
            dialog.base = target
        elif target is not None:
            dialog = NoteDialog(self.document.text[target[0] : target[1]], held or "", ask_tag=True, held=bool(held))
        else:
            dialog = NoteDialog(None, held or "", held=bool(held))

        def done(note: str | None) -> None:
            if note is None:  # escape: the reader discards it
                if held:
                    self._set_held_note(None, "Discarded the note you kept")
                return
            if target is None:
                if note.strip():
                    self._set_held_note(note.strip(), f"Note kept: select words and press {self.app.key('annotation.note')} to attach it")
                elif held:
                    self._set_held_note(None, "Cleared the note you kept")
                return
            self._save_note(target, note, dialog.tag)

        self.app.push_screen(dialog, done)

    def _save_note(self, target, note: str, tag: str | None) -> None:
        """Save ``note`` on ``target`` (an annotation as the editor found it, or a span
        with the tag of a new annotation); if it cannot be, the note goes to the reader
        (NoteRescue), never away."""
        from ..annotations import Annotation

        try:
            if isinstance(target, Annotation):
                self.workspace.set_note(target.id, note, base=target)
                message = "Note saved" if note.strip() else "Note removed"
            else:
                ann = self.workspace.tag(target[0], target[1], tag, note=note)
                self.view.clear_selection()
                message = f"Tagged “{short(ann.quote, 40)}” as {tag} with a note" if ann.note else f"Tagged “{short(ann.quote, 40)}” as {tag}"
        except (WorkspaceError, StoreError) as exc:
            self._annotations_changed()  # what is stored now (a conflict reloaded it)
            if note.strip():
                self._rescue_note(target, note.strip(), exc, tag)
            else:
                self._fail(exc)
            return
        if self._held_note:
            self._held_note = None
        self._annotations_changed(message)

    def _rescue_note(self, target, note: str, exc: Exception, tag: str | None) -> None:
        """Ask what to do with a note that was not saved: attach it again (re-create a
        deleted annotation, or save it over the annotation as it is now), keep it for a
        new selection, copy it, or discard it."""
        from ..annotations import Annotation
        from .note_dialogs import NoteRescue

        again = None
        reason = str(exc)
        theirs = ""  # the other window's note, shown whole: what "again" would replace
        if self.workspace.damage_error is None and isinstance(target, Annotation):
            current = self.workspace.get(target.id)
            if current is None:
                reason = f"the {target.tag} “{short(target.quote, 40)}” was deleted in another tui-reader."
                again = f"put the {target.tag} “{short(target.quote, 30)}” back with your note"
            else:
                theirs = current.note
                now = "; its note is now:" if theirs else "."
                reason = f"the {target.tag} “{short(target.quote, 40)}” was changed in another tui-reader{now}"
                again = "save your note on it as it is now" + (", in place of theirs" if current.note else "")
        elif self.workspace.damage_error is None and isinstance(exc, ConflictError):
            again = "try again"

        def chosen(choice: str | None) -> None:
            if choice == "again":
                self._note_again(target, note, tag)
            elif choice == "copy":
                from ..clipboard import ClipboardError, copy

                try:
                    method = copy(note, osc52=self.app.copy_to_clipboard)
                except ClipboardError as err:
                    self._set_held_note(note, f"{err}; the note is kept: select words and press {self.app.key('annotation.note')} to attach it")
                    return
                self.notify(f"Copied your note to the {method}", timeout=4)
            elif choice == "discard":
                self.notify("Discarded your note", timeout=3)
            else:
                self._set_held_note(note, f"Note kept: select words and press {self.app.key('annotation.note')} to attach it")

        self.app.push_screen(NoteRescue(reason, note, again, theirs=theirs), chosen)

    def _note_again(self, target, note: str, tag: str | None) -> None:
        from ..annotations import Annotation

        if not isinstance(target, Annotation):
            self._save_note(target, note, tag)
            return
        current = self.workspace.get(target.id)
        if current is not None:
            self._save_note(current, note, None)
            return
        try:
            ann = self.workspace.put_back(target, note)
        except (WorkspaceError, StoreError) as exc:
            self._annotations_changed()
            self._rescue_note(target, note, exc, tag)
            return
        self._annotations_changed(f"Put the {ann.tag} “{short(ann.quote, 40)}” back with your note (u undoes)")

    def _set_held_note(self, note: str | None, message: str) -> None:
        """Keep a note that has no annotation yet (None: none), shown on the status line."""
        self._held_note = note
        self.notify(message, timeout=5)
        self._status_shown = None
        self._update_status()

    def _warn_note_editor(self) -> None:
        """Another tui-reader changed the annotations: tell the open note editor if its
        annotation was deleted or changed (enter then asks where the note goes)."""
        from .note_dialogs import NoteDialog

        dialog = self.app.screen
        if not isinstance(dialog, NoteDialog) or dialog.base is None:
            return
        current = self.workspace.get(dialog.base.id)
        if current is None:
            dialog.show_error("Deleted in another tui-reader meanwhile: enter offers to put it back with your note.")
        elif current != dialog.base:
            theirs = f" (its note is now “{current.note}”)" if current.note != dialog.base.note else ""
            dialog.show_error(f"Changed in another tui-reader meanwhile{theirs}: enter asks before saving yours.")
