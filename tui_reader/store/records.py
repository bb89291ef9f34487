"""A document file's records besides its annotations: where its text was published (the
source) and the suggestions the reader rejected. Part of the Store (mixed in): each is
read and written under the same lock and journal as the annotations."""

from __future__ import annotations

from .schema import SOURCE_TABLE, SUGGESTIONS_TABLE


class DocumentRecords:
    """Mixed into Store: uses its _mutex, _check_open, _finish_pending_change and _files."""

    def source(self, doc_id: str) -> dict[str, str]:
        """Where the document's text was published: title, url, outlet, author, published."""
        with self._mutex:
            self._check_open()
            self._finish_pending_change()
            return self._files.source(doc_id)

    def set_source(self, doc_id: str, record: dict[str, str]) -> None:
        """Replace the document's source record, durably ({} clears it)."""
        with self._mutex:
            self._check_open()
            self._files.set_record(doc_id, SOURCE_TABLE, record)

    def rejected_suggestions(self, doc_id: str) -> list[list]:
        """The suggestions rejected in the document: [tag, start, end, quote] each."""
        with self._mutex:
            self._check_open()
            self._finish_pending_change()
            return self._files.rejected(doc_id)

    def set_rejected_suggestions(self, doc_id: str, rejected: list[list]) -> None:
        """Replace the document's rejected suggestions, durably."""
        with self._mutex:
            self._check_open()
            self._files.set_record(doc_id, SUGGESTIONS_TABLE, {"rejected": rejected} if rejected else {})
