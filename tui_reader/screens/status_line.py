"""The reading screen's status line: what is going on (a re-attachment, suggestions being
made, a kept note, the last change), the selection, and the suggestion or the annotation
under the cursor (with its verdict, value, entity and links); else where the reader is in
the document."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from ..widgets.labels import short


class StatusLine:
    """Mixed into ReaderScreen: uses its view, workspace, document, keymap, facts,
    tag_styles, _progress, _held_note, _flash and _status_shown, and the suggestions'
    (suggest_actions.py) progress, the one under the cursor and their count."""

    def _update_status(self) -> None:
        view = self.view
        status = Text()
        for progress in (self._progress, self._suggest_progress):
            if progress:
                status.append(f"{progress}  ", style="bold")
        if self._held_note:
            status.append(" NOTE KEPT ", style="reverse bold")
            status.append(f" “{short(self._held_note, 30)}”: select words, e attaches it  ")
        if self._flash and self._flash[1] == view.cursor:
            status.append(f"✓ {self._flash[0]}  ", style="bold")
        else:
            self._flash = None
        sel = view.selection
        if sel:
            status.append(" SELECT ", style="reverse bold")
            n = sel[1] - sel[0]
            keys = self.keymap
            tag, copy = keys.tag_keys(self.app.tags), keys.label("clipboard.copy", first=True)
            if self.size.width >= 80:
                hint = f"{tag} to tag, {copy} to copy, {keys.label('reader.clear', first=True)} to clear"
            else:
                hint = f"{tag} tag · {copy} copy"
            status.append(f" {n} character{'' if n == 1 else 's'} · {hint}  ")
        anns = self.workspace.at(view.cursor)
        suggested = None if sel else self.suggestion_here(anns)
        if suggested is not None:
            self.describe_suggestion(status, suggested)
        elif anns:
            styles = self.tag_styles
            for ann in anns[:2]:
                status.append(f" {ann.tag} ", style=styles.get(ann.tag))
                status.append(f" “{short(ann.quote, 40)}”")
                self._describe(status, ann)
                if ann.status == "fuzzy" and ann.old_quote:
                    status.append(f" · re-attached, was “{short(ann.old_quote, 30)}”", style="italic")
                status.append(f" · note: {short(ann.note, 50)}  " if ann.note else f" · no note ({self.app.key('annotation.note')} to add)  ")
            if len(anns) > 2:
                status.append(f"+{len(anns) - 2} more")
        elif not sel:
            # the same text on every plain move, so most keys redraw nothing here
            sec = view.section
            n = self.workspace.count_between(sec.start, sec.end)
            share = 100 * sec.start // max(1, len(self.document.text))
            status.append(
                f"§ {sec.index + 1} of {len(self.document.sections)} · {share}% into the document · "
                f"{n or 'no'} annotation{'' if n == 1 else 's'} in this section{self.suggestion_summary()}",
                style="dim",
            )
        if status != self._status_shown:  # most keys leave the status line as it was
            self._status_shown = status
            self.query_one("#status", Static).update(status, layout=False)

    def _describe(self, status: Text, ann) -> None:
        """A claim's verdict, a date's value (`= 2025-03-04`), an actor's entity when it is
        not the mention itself, then its links."""
        facts = self.facts
        key = self.app.key
        verdict = facts.verdict(ann)
        if verdict is not None:
            status.append(f" · {verdict}", style="bold")
            if verdict == facts.tags.verdicts[0]:
                status.append(f" ({key('verdict.open')} sets)", style="dim")
        value = facts.value(ann)
        if value is not None:
            status.append(f" = {value}" if value else f" = ? ({key('annotation.value')} sets)", style="bold")
        entity = facts.entity(ann)
        if entity and entity != " ".join(ann.quote.split()):
            status.append(f" · entity “{short(entity, 30)}”")
        rows = facts.links(ann)
        for row in rows[:3]:
            status.append(" · ")
            status.append_text(row.text(24))
        if len(rows) > 3:
            status.append(f" · +{len(rows) - 3} links")
