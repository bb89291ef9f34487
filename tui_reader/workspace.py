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
from .store import DamagedFile, Store, StoreError

if TYPE_CHECKING:
    from .anchoring import Progress, ReanchorReport
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


class Workspace:
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
        ann = self._require(ann_id)
        self._do(Change(f"delete {ann.tag}", removed=[ann]))
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

    def reattach_earlier_versions(self, progress: "Progress | None" = None) -> "ReanchorReport | None":
        """Re-attach the annotations made on earlier texts of this document.

        An earlier version is a catalogued document with another id (text hash) that
        has annotations, and whose paths include this document's path, or whose title
        is this document's title, while its text is at none of its paths any more (a
        file edited, or moved and edited): an original whose file still holds its text
        keeps its annotations, whatever copy of it is opened and edited elsewhere
        (:attr:`elsewhere` lists it; :meth:`copy_from` copies them). A title alone is
        weak evidence (two "notes.txt" files are both titled "notes"): a title that is
        only the file's name never matches, and a version found by title alone is taken
        only if at least half of its annotations find their words here; otherwise it
        is left where it is.

        The annotations (orphans included: their words may be back) are placed in this
        text by :func:`anchoring.reanchor` and moved to this document in one
        all-or-nothing store transaction; the earlier version's record stays in the
        catalogue with no annotations. An earlier version whose file is damaged is left
        alone and named in ``warnings``. None if there was nothing to do. A CRLF copy of
        the same text has the same id: nothing happens. ``progress(done, total)`` is
        called as annotations are placed (see :meth:`place_earlier_versions`)."""
        outcome = self.place_earlier_versions(progress)
        if outcome is None:
            return None
        return self.take_placed(*outcome)

    def place_earlier_versions(
        self, progress: "Progress | None" = None
    ) -> "tuple[ReanchorReport | None, list[Annotation]] | None":
        """The work of :meth:`reattach_earlier_versions` that may run on a thread while
        the reader reads: the annotations are placed with no lock held, then moved to
        this document under the store's lock, checked against what is stored then (a
        change made meanwhile, here or in another tui-reader, is kept: a version that
        changed is placed again). Nothing in memory changes: give the outcome to
        :meth:`take_placed` on the thread that owns this workspace. None if there was
        nothing to do."""
        earlier = self._earlier_versions()
        if not earlier:
            self._note_elsewhere(self.all_annotations)
            return None
        from .anchoring import ReanchorReport, reanchor

        section_of = lambda offset: self.document.section_at(offset).title  # noqa: E731
        read: list[tuple[str, bool, list[Annotation]]] = []
        for doc_id, by_title in earlier:
            try:
                read.append((doc_id, by_title, self.store.annotations(doc_id)))
            except StoreError as exc:
                self.warnings.append(f"an earlier version's annotations were not re-attached: {exc}")
        known = {a.id for a in self.store.annotations(self.document.id)}
        total_count = sum(len(anns) for _, _, anns in read)
        done = 0

        def place(anns: list[Annotation], known: set[str]):
            nonlocal done
            incoming = [a.with_changes(document=self.document.id) for a in anns if a.id not in known]
            step = (lambda n, _total: progress(done + n, total_count)) if progress else None  # noqa: E731
            placed, report = reanchor(incoming, self.document.text, section_of, step)
            done += len(anns)
            return placed, report

        plans = [(doc_id, by_title, anns, *place(anns, known)) for doc_id, by_title, anns in read]
        with self.store.locked():
            mine = self.store.annotations(self.document.id)
            known = {a.id for a in mine}
            changes: dict[str, tuple[list[Annotation], list[str]]] = {}
            adds: list[Annotation] = []
            total = ReanchorReport()
            for doc_id, by_title, anns, placed, report in plans:
                try:
                    now = self.store.annotations(doc_id)
                except StoreError as exc:
                    self.warnings.append(f"an earlier version's annotations were not re-attached: {exc}")
                    continue
                if now != anns or any(a.id in known for a in placed):  # changed meanwhile
                    anns = now
                    placed, report = place(anns, known)
                if not placed:
                    continue
                if by_title and report.orphaned * 2 > report.total:
                    continue  # most of its words are not here: another document of that title
                changes[doc_id] = ([], [a.id for a in anns])
                adds.extend(placed)
                known.update(a.id for a in placed)
                for name, value in report.to_dict().items():
                    setattr(total, name, getattr(total, name) + value)
            if changes:
                changes[self.document.id] = (adds, [])
                self.store.apply_many(changes)
            # what the store holds now (another tui-reader may have moved them first)
            stored = self.store.annotations(self.document.id)
        self._note_elsewhere(stored)
        return (total if total.total else None), stored

    def take_placed(self, report: "ReanchorReport | None", annotations: list[Annotation]) -> "ReanchorReport | None":
        """Show what :meth:`place_earlier_versions` stored: the document's annotations as
        the store held them then, and its report in ``reanchored``."""
        self._set_annotations(annotations)
        self._seen = self._file_state()
        self.reanchored = report
        return report

    def _note_elsewhere(self, annotations: list[Annotation]) -> None:
        """Say where this text's annotations are when it has none and another file holds them."""
        if self.elsewhere and not annotations:
            self.warnings.append(self._elsewhere_notice())

    def _elsewhere_notice(self) -> str:
        first = self.elsewhere[0]
        more = f" (and {len(self.elsewhere) - 1} more)" if len(self.elsewhere) > 1 else ""
        return (
            f"{first.count} annotation{'s' if first.count != 1 else ''} of this text's earlier version stay with "
            f"{first.path}, which still holds it{more}; to copy them here: ctrl+p “Copy annotations from "
            f"{first.name}” in the reader, or tui-reader copy-annotations {first.path} {self.document.path}"
        )

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

    def _earlier_versions(self) -> list[tuple[str, bool]]:
        """(id, found by title alone) of the earlier versions of this document to take
        over; living ones (their text still at a path of theirs) go to ``elsewhere``."""
        from .versions import find_versions

        take, self.elsewhere = find_versions(self.store, self.document, self.warnings)
        return take

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
