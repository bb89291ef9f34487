"""One open document with its annotations: the actions a reader takes, with undo.

Pure core: no Textual. The UI turns a key into one call here; every call that changes
annotations returns only after the change is durable in the store, so what the screen
shows as saved is saved.
"""

from __future__ import annotations

import threading
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .annotations import ANCHORED, Annotation, anchor_fields
from .document import Document, load_document
from .tagset import DEFAULT_TAGS, TagSet
from .errors import UserError
from .integrity import text_problem
from .earlier_versions import EarlierVersions
from .accepting import Accepting
from .linking import Linking
from .store import DamagedFile, Store, StoreError

if TYPE_CHECKING:
    from .anchoring import ReanchorReport
    from .versions import Elsewhere
    from .search_index import SearchIndex


class WorkspaceError(UserError):
    """An action that cannot be done; str() is one line for the status bar."""


class ConflictError(WorkspaceError):
    """Another tui-reader changed the same annotations first: nothing was saved."""


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


class Workspace(EarlierVersions, Linking, Accepting):
    """The open document and its annotations.

    A damaged annotation file does not stop the reader: the document opens read-only
    (``damage_error`` says why) until the file is moved aside with the user's consent."""

    def __init__(
        self,
        document: Document,
        store: Store,
        annotator: str = "",
        *,
        reanchor: bool = True,
        defer_catalogue: bool = False,
        tags: TagSet = DEFAULT_TAGS,
    ) -> None:
        self.document = document
        self.store = store
        self.annotator = annotator  # recorded on every annotation made here
        self.tags = tags  # the tags that can be made here (others already made are kept)
        self.damage_error: StoreError | None = None
        self.warnings: list[str] = []
        self._remember_due = True
        if not defer_catalogue:
            self.write_catalogue_record()
        #: what re-attaching annotations made on an earlier text of this document did
        #: (None when there were none): see :meth:`reattach_earlier_versions`
        self.reanchored: ReanchorReport | None = None
        #: other documents whose annotations can be copied here (never moved): the
        #: original of a copy, still at its path; another document of this title
        self.elsewhere: list[Elsewhere] = []
        try:
            self._set_annotations(self._stored())
        except StoreError as exc:
            self.damage_error = exc
            self._set_annotations([])
        #: the earlier versions' annotations are still to be re-attached (``reanchor``
        #: false: the app does it on a thread after its first frame)
        self.reattach_pending = self.damage_error is None and not reanchor
        if self.damage_error is None and reanchor:
            try:
                self.reattach_earlier_versions()
            except StoreError as exc:  # the annotations stay where they are; nothing is lost
                self.warnings.append(f"annotations of an earlier version were not re-attached: {exc}")
        self._seen = self._file_state()
        self._undo: list[Change] = []
        self._redo: list[Change] = []
        self._library: tuple[SearchIndex, dict[str, str]] | None = None
        self._library_lock = threading.Lock()

    def library_index(self) -> "tuple[SearchIndex, dict[str, str]]":
        """The search index over every stored document's annotations, and their titles.
        Built on first use (seconds at 100,000 annotations: call it from a thread), then
        kept current by every change made here."""
        with self._library_lock:
            if self._library is not None:
                return self._library
        # built without the lock, so that a tag on the UI thread never waits for it
        from .search_index import SearchIndex

        index = SearchIndex(self.store.all_annotations(errors=[]))
        titles = {d["id"]: d.get("title", "") for d in self.store.documents(errors=[])}
        titles[self.document.id] = self.document.title
        with self._library_lock:
            if self._library is None:
                # changes made here while it was being built: this document as it is now
                mine = {a.id for a in self.annotations}
                for ann in index.annotations():
                    if ann.document == self.document.id and ann.id not in mine:
                        index.remove(ann.id)
                for ann in self.annotations:
                    index.add(ann)
                self._library = (index, titles)
            return self._library

    @property
    def annotation_file(self):
        return self.store.document_path(self.document.id)

    def _file_state(self) -> tuple:
        return self.store.document_files_state(self.document.id)

    def reload_if_changed(self) -> bool:
        """Pick up changes another tui-reader made to this document's file; True if any."""
        state = self._file_state()
        if state == self._seen:
            return False
        self._seen = state
        try:
            fresh = self._stored()
        except StoreError as exc:
            self.damage_error = exc
            return True
        self.damage_error = None
        if {(a.id, a.modified) for a in fresh} == {(a.id, a.modified) for a in self.annotations}:
            return False
        self._set_annotations(fresh)
        return True

    def repair(self):
        """With the user's consent: move the damaged annotation file aside to a named
        backup (nothing is deleted) and start this document's annotations afresh."""
        if self.damage_error is None:
            raise WorkspaceError("nothing to repair: the annotation file is fine")
        backup = self.store.repair(self.annotation_file, length=len(self.document.text))
        self.damage_error = None
        self._set_annotations(self.store.annotations(self.document.id))
        self._seen = self._file_state()
        return backup

    def _stored(self) -> list[Annotation]:
        """This document's stored annotations; with the text at hand, one attached past
        its end makes the file damaged (DamagedFile), as a record of the wrong shape does."""
        anns = self.store.annotations(self.document.id)
        problem = text_problem(anns, len(self.document.text))
        if problem is not None:
            raise DamagedFile(self.annotation_file, problem)
        return anns

    # -- reading --------------------------------------------------------------
    def get(self, ann_id: str) -> Annotation | None:
        """The annotation with this id, attached or orphaned."""
        return next((a for a in (*self.annotations, *self.orphans) if a.id == ann_id), None)

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

    def count_between(self, start: int, end: int) -> int:
        """How many annotations overlap [start, end) (cached: the status line asks on
        every key)."""
        key = (start, end, self._version)
        if self._count_key != key:
            self._count_key, self._count = key, len(self.between(start, end))
        return self._count

    def _set_annotations(self, annotations) -> None:
        self._version = getattr(self, "_version", 0) + 1
        self._count_key: tuple[int, int, int] | None = None
        self._count = 0
        annotations = list(annotations)
        #: annotations whose words are gone from this text: kept, attached to nothing,
        #: listed apart (their offsets are into the text they were made on)
        self.orphans = sorted((a for a in annotations if a.orphaned), key=lambda a: (a.created, a.id))
        if self.orphans:
            annotations = [a for a in annotations if not a.orphaned]
        #: the annotations attached to this text, in document order
        self.annotations = sorted(annotations, key=lambda a: (a.start, a.end, a.created))
        self._starts = [a.start for a in self.annotations]
        self._longest = max((a.end - a.start for a in self.annotations), default=0)

    def section_counts(self) -> list[int]:
        counts = [0] * len(self.document.sections)
        for a in self.annotations:
            counts[self.document.section_at(a.start).index] += 1
        return counts

    # -- changing -------------------------------------------------------------
    def tag(self, start: int, end: int, tag: str, note: str = "") -> Annotation:
        """Tag [start, end) (trimmed of surrounding white space), with ``note`` if given:
        one undoable change either way."""
        if tag not in self.tags:
            raise WorkspaceError(f"unknown tag {tag!r} (the tags are {self.tags.listing()})")
        text = self.document.text
        start, end = trim_span(text, start, end)
        if start >= end:
            raise WorkspaceError("nothing to tag here: select some text first")
        for a in self.annotations:
            if a.start == start and a.end == end and a.tag == tag:
                raise WorkspaceError(f"already tagged as {tag}")
        section = self.document.section_at(start).title
        note = note.strip()
        ann = Annotation.create(
            text, self.document.id, start, end, tag, note=note, section=section, annotator=self.annotator
        )
        self._do(Change(f"tag {tag} with a note" if note else f"tag {tag}", added=[ann]))
        return ann

    def delete(self, ann_id: str) -> Annotation:
        """Delete an annotation and the links to it, as one undoable change."""
        ann = self._require(ann_id)
        holders, unlinked = self.without_links_to(ann_id)
        self._do(Change(f"delete {ann.tag}", removed=[ann, *holders], added=unlinked))
        return ann

    def set_note(self, ann_id: str, note: str, base: Annotation | None = None) -> Annotation:
        """Set the note of ``ann_id``. ``base`` is the annotation as the note's editor
        found it: if another tui-reader deleted or changed it since, ConflictError, and
        the note is the caller's to keep (nothing is written over their change)."""
        if base is not None:
            self.reload_if_changed()
            current = self.get(ann_id)
            if current is None:
                raise ConflictError("deleted in another tui-reader meanwhile; nothing was saved")
            if current != base:
                raise ConflictError("changed in another tui-reader meanwhile; nothing was saved")
        ann = self._require(ann_id)
        note = note.strip()
        if note == ann.note:
            return ann
        new = ann.with_changes(note=note)
        self._do(Change("edit note", removed=[ann], added=[new]))
        return new

    def put_back(self, ann: Annotation, note: str) -> Annotation:
        """Re-create ``ann`` (deleted in another tui-reader) with ``note``: same id, tag
        and words, as one undoable change."""
        if self.get(ann.id) is not None:
            raise ConflictError("it is back already: edit its note instead")
        new = ann.with_changes(note=note.strip())
        self._do(Change("put back with a note", added=[new]))
        return new

    def reattach(self, ann_id: str, start: int, end: int) -> Annotation:
        """Attach an annotation (an orphan, usually) to [start, end) of this text, which
        the reader chose: its quote and context become those words; the words first
        marked stay in ``old_quote`` when they differ."""
        ann = self._require(ann_id)
        text = self.document.text
        start, end = trim_span(text, start, end)
        if start >= end:
            raise WorkspaceError("select the words to attach it to first")
        first_quote = ann.old_quote or ann.quote
        place = anchor_fields(text, start, end)
        new = ann.with_changes(
            **place,
            section=self.document.section_at(start).title,
            status=ANCHORED,
            old_quote="" if first_quote == place["quote"] else first_quote,
        )
        self._do(Change("re-attach", removed=[ann], added=[new]))
        return new

    def copy_from(self, doc_id: str) -> "tuple[list[Annotation], ReanchorReport, int]":
        """Copy the annotations of document ``doc_id`` (another text: the original of a
        copy, say) into this one, placed by the re-anchoring rules; the original keeps
        its own. One undoable, durable step. Returns (the copies, what placing them did,
        how many were here already)."""
        from .versions import copies

        if doc_id == self.document.id:
            raise WorkspaceError("that is this document's own text: its annotations are already here")
        source = self.store.annotations(doc_id)
        section_of = lambda offset: self.document.section_at(offset).title  # noqa: E731
        added, report, skipped = copies(source, self.document, self.all_annotations, section_of)
        if added:
            self._do(Change(f"copy {len(added)} annotation{'s' if len(added) != 1 else ''}", added=added))
        return added, report, skipped

    def write_catalogue_record(self) -> None:
        """Record this document (path, title, when it was opened) in the store's
        catalogue, once. The app puts it off until its first frame is out (a catalogue
        write ends in two fsyncs); any change to the annotations does it first, and so
        does closing the app."""
        if not self._remember_due:
            return
        self._remember_due = False
        doc = self.document
        try:
            self.store.remember_document(doc.id, doc.path, doc.title, len(doc.sections))
        except StoreError as exc:  # a damaged catalogue: the annotations still work
            self.warnings.append(str(exc))

    @property
    def all_annotations(self) -> list[Annotation]:
        """The attached annotations in document order, then the orphans."""
        return [*self.annotations, *self.orphans]

    def notices(self) -> list[str]:
        """What opening had to say, a line each: what re-attaching the annotations of an
        earlier text did, and anything that went wrong (for the headless commands)."""
        lines = list(self.warnings)
        if self.reanchored is not None:
            lines.append(f"{self.document.title}: the text changed since it was annotated: {self.reanchored.summary()}")
        return lines

    def undo(self) -> Change:
        if not self._undo:
            raise WorkspaceError("nothing to undo")
        change = self._undo[-1]
        try:
            self._apply(change.inverse())
        except ConflictError as exc:
            self._undo.pop()  # it can never apply now; older steps stay undoable
            raise ConflictError(f"cannot undo {change.description}: {exc}") from None
        self._redo.append(self._undo.pop())
        return change

    def redo(self) -> Change:
        if not self._redo:
            raise WorkspaceError("nothing to redo")
        change = self._redo[-1]
        try:
            self._apply(change)
        except ConflictError as exc:
            self._redo.pop()
            raise ConflictError(f"cannot redo {change.description}: {exc}") from None
        self._undo.append(self._redo.pop())
        return change

    # -- internals ------------------------------------------------------------
    _error = WorkspaceError
    _change = Change

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
        self.write_catalogue_record()  # the catalogue knows the document before it has annotations
        if self.damage_error is not None:
            raise WorkspaceError(
                f"read-only: {self.damage_error} Move it aside (tui-reader repair) to annotate again"
            )
        # under the store's lock: what this change replaces must be what is stored now,
        # or another tui-reader changed it first and this change would undo theirs
        with self.store.locked():
            current = {a.id: a for a in self.store.annotations(self.document.id)}
            replaced = {a.id for a in change.removed}
            stale = [a for a in change.removed if current.get(a.id) != a]
            clash = [a for a in change.added if a.id in current and a.id not in replaced]
            if stale or clash:
                self._set_annotations(current.values())
                self._seen = self._file_state()
                raise ConflictError(
                    "changed in another tui-reader meanwhile; reloaded, nothing was saved"
                )
            # the store first: if the write fails nothing changes in memory either
            self.store.apply(
                self.document.id, add=change.added, remove=[a.id for a in change.removed]
            )
        # what the store now holds, from the read above: another tui-reader on the same
        # data folder may have added annotations since we loaded, and they must show
        kept = [a for a in current.values() if a.id not in replaced]
        self._set_annotations(kept + change.added)
        self._seen = self._file_state()
        with self._library_lock:
            if self._library is not None:
                index = self._library[0]
                for ann in change.removed:
                    index.remove(ann.id)
                for ann in change.added:
                    index.add(ann)


def open_path(path, store: Store) -> Workspace:
    """PATH's document opened as the app opens it (for the headless commands): annotations
    made on an earlier version of the file are re-attached first. A damaged annotation
    file raises its StoreError (the app opens it read-only instead)."""
    workspace = Workspace(load_document(path), store)
    if workspace.damage_error is not None:
        raise workspace.damage_error
    return workspace
