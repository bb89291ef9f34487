"""Re-attaching the annotations of a document's earlier versions (its file edited, or moved
and edited) when it is opened: found, placed by the re-anchoring rules, moved over.

Pure core: no Textual. A part of :class:`workspace.Workspace`, apart because placing can run
on a thread while the reader reads.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .annotations import Annotation
from .store import StoreError

if TYPE_CHECKING:
    from .anchoring import Progress, ReanchorReport


class EarlierVersions:
    """Mixed into Workspace: uses its store, document, warnings, elsewhere,
    all_annotations, _set_annotations and _file_state."""

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

    def _earlier_versions(self) -> list[tuple[str, bool]]:
        """(id, found by title alone) of the earlier versions of this document to take
        over; living ones (their text still at a path of theirs) go to ``elsewhere``."""
        from .versions import find_versions

        take, self.elsewhere = find_versions(self.store, self.document, self.warnings)
        return take
