"""What an export holds: the documents to export from the store, with their texts
where the format carries them. How each format writes them is :mod:`tui_reader.formats`'.

Pure core: no Textual.
"""

from __future__ import annotations

import os
from pathlib import Path

from .doc_source import Source
from .effective_source import effective_source
from .errors import UserError
from .formats import ExportDocument, counted


class TextUnavailable(UserError):
    """The text of a stored document cannot be read back as it was annotated."""


def document_text(record: dict) -> str:
    """The normalized text of a catalogued document, read from its file and checked
    against its id (the sha256 of that text); TextUnavailable says why not."""
    from .document import DocumentError, load_document

    name = f"document “{record.get('title') or record['id'][:12]}” ({record['id'][:12]}…)"
    path = record.get("path") or ""
    if not path:
        raise TextUnavailable(f"{name}: its file is not known (open it once in the app)")
    try:
        doc = load_document(path)
    except DocumentError as exc:
        raise TextUnavailable(f"{name}: its text cannot be read: {exc}") from None
    if doc.id != record["id"]:
        raise TextUnavailable(f"{name}: the file {path} has changed since it was annotated")
    return doc.text


def gather(store, path: str | os.PathLike | None = None, need_text: bool = False) -> tuple[list[ExportDocument], list[str]]:
    """The documents to export: PATH's, or every catalogued one; and notices for
    those left out. With ``need_text``, all-document exports leave out documents
    with no annotations and those whose file is missing or changed (each named in a
    notice); PATH's document is always exported, with the text just read."""
    if path:
        from .workspace import open_path

        ws = open_path(path, store)  # re-attaches an earlier version's annotations, as the app does
        doc = ws.document
        notices = ws.notices()
        source = _set_fields(effective_source(doc, ws.store.source(doc.id)))
        return [ExportDocument(doc.id, doc.path, doc.title, tuple(ws.all_annotations), doc.text, source)], notices
    docs: list[ExportDocument] = []
    notices: list[str] = []
    for record in store.documents():
        anns = tuple(store.annotations(record["id"]))
        text = None
        if need_text:
            if not anns:
                continue
            try:
                text = document_text(record)
            except TextUnavailable as exc:
                notices.append(f"skipped {exc} ({counted(len(anns), 'annotation')} not exported)")
                continue
        source = _set_fields(record_source(store, record, text)) if anns else {}
        docs.append(ExportDocument(record["id"], record.get("path") or "", record.get("title") or "", anns, text, source))
    return docs, notices


def record_source(store, record: dict, text: str | None = None) -> Source:
    """A catalogued document's effective source: its Markdown front matter (from ``text``,
    else from its file when that still holds the annotated text), each field overridden by
    what the reader stored. A damaged document file gives the front matter's alone."""
    from .document import MARKDOWN_SUFFIXES
    from .store import StoreError

    try:
        stored = store.source(record["id"])
    except StoreError:
        stored = {}
    if Path(record.get("path") or "").suffix.lower() not in MARKDOWN_SUFFIXES:
        return effective_source(None, stored)
    if text is None:
        try:
            text = document_text(record)
        except TextUnavailable:
            pass
    return effective_source(text, stored)


def _set_fields(source: Source) -> dict[str, str]:
    return {k: v for k, v in source.to_dict().items() if v}
