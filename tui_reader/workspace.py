"""One open document with its annotations: the actions a reader takes, with undo.

Pure core: no Textual. The UI turns a key into one call here; every call that changes
annotations returns only after the change is durable in the store, so what the screen
shows as saved is saved.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from .annotations import TAGS, Annotation
from .document import Document
from .errors import UserError
from .store import Store


class WorkspaceError(UserError):
    """An action that cannot be done; str() is one line for the status bar."""


@dataclass
class Change:
    """One undoable step: annotations removed and added, as a single store write."""

    description: str
    removed: list[Annotation] = field(default_factory=list)
    added: list[Annotation] = field(default_factory=list)

    def inverse(self) -> "Change":
        return Change(self.description, removed=list(self.added), added=list(self.removed))


def trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink a span so that it neither starts nor ends with white space."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


class Workspace:
    def __init__(self, document: Document, store: Store) -> None:
        self.document = document
        self.store = store
        store.remember_document(document.id, document.path, document.title, len(document.sections))
        self._set_annotations(store.annotations(document.id))
        self._undo: list[Change] = []
        self._redo: list[Change] = []

    # -- reading --------------------------------------------------------------
    def get(self, ann_id: str) -> Annotation | None:
        return next((a for a in self.annotations if a.id == ann_id), None)

    def at(self, offset: int) -> list[Annotation]:
        """Annotations covering ``offset``, innermost (shortest) first."""
        hits = self.between(offset, offset + 1)
        return sorted(hits, key=lambda a: (a.end - a.start, a.start))

    def between(self, start: int, end: int) -> list[Annotation]:
        """Annotations that overlap [start, end), in document order. Called for every
        drawn row, so it looks only at annotations that can reach the span."""
        lo = bisect_left(self._starts, start - self._longest)
        hi = bisect_right(self._starts, end - 1)
        return [a for a in self.annotations[lo:hi] if a.end > start]

    def _set_annotations(self, annotations) -> None:
        self.annotations = sorted(annotations, key=lambda a: (a.start, a.end, a.created))
        self._starts = [a.start for a in self.annotations]
        self._longest = max((a.end - a.start for a in self.annotations), default=0)

    def section_counts(self) -> list[int]:
        counts = [0] * len(self.document.sections)
        for a in self.annotations:
            counts[self.document.section_at(a.start).index] += 1
        return counts

    # -- changing -------------------------------------------------------------
    def tag(self, start: int, end: int, tag: str) -> Annotation:
        """Tag [start, end) (trimmed of surrounding white space)."""
        if tag not in TAGS:
            raise WorkspaceError(f"unknown tag {tag!r}")
        text = self.document.text
        start, end = trim_span(text, start, end)
        if start >= end:
            raise WorkspaceError("nothing to tag here: select some text first")
        for a in self.annotations:
            if a.start == start and a.end == end and a.tag == tag:
                raise WorkspaceError(f"already tagged as {tag}")
        section = self.document.section_at(start).title
        ann = Annotation.create(text, self.document.id, start, end, tag, section=section)
        self._do(Change(f"tag {tag}", added=[ann]))
        return ann

    def delete(self, ann_id: str) -> Annotation:
        ann = self._require(ann_id)
        self._do(Change(f"delete {ann.tag}", removed=[ann]))
        return ann

    def set_note(self, ann_id: str, note: str) -> Annotation:
        ann = self._require(ann_id)
        note = note.strip()
        if note == ann.note:
            return ann
        new = ann.with_changes(note=note)
        self._do(Change("edit note", removed=[ann], added=[new]))
        return new

    def undo(self) -> Change:
        if not self._undo:
            raise WorkspaceError("nothing to undo")
        change = self._undo[-1]
        self._apply(change.inverse())
        self._redo.append(self._undo.pop())
        return change

    def redo(self) -> Change:
        if not self._redo:
            raise WorkspaceError("nothing to redo")
        change = self._redo[-1]
        self._apply(change)
        self._undo.append(self._redo.pop())
        return change

    # -- internals ------------------------------------------------------------
    def _require(self, ann_id: str) -> Annotation:
        ann = self.get(ann_id)
        if ann is None:
            raise WorkspaceError("no annotation here")
        return ann

    def _do(self, change: Change) -> None:
        self._apply(change)
        self._undo.append(change)
        self._redo.clear()

    def _apply(self, change: Change) -> None:
        # the store first: if the write fails nothing changes in memory either
        self.store.apply(
            self.document.id, add=change.added, remove=[a.id for a in change.removed]
        )
        gone = {a.id for a in change.removed}
        self._set_annotations([a for a in self.annotations if a.id not in gone] + change.added)
