"""Opening the ledger from the reading screen (L), and going where it points: a claim of
this document (the cursor at its start, its words selected), or another stored document
opened at the claim, or a line saying why it cannot be."""

from __future__ import annotations

from ..store import StoreError


def open_ledger(app) -> None:
    from .ledger import LedgerScreen, ledger_rows_for
    from .reader import ReaderScreen

    reader = app.screen
    if not isinstance(reader, ReaderScreen):
        return
    workspace = reader.workspace
    try:
        here = ledger_rows_for(workspace, app.tags)
    except StoreError as exc:
        app.notify(str(exc), severity="error", timeout=6)
        return

    def chosen(target: tuple[str, str] | None) -> None:
        if target is None:
            return
        doc_id, ann_id = target
        if doc_id == workspace.document.id:
            reader.select_annotation(ann_id)
        else:
            app.open_stored_document(doc_id, ann_id)

    app.push_screen(LedgerScreen(here, workspace.store, app.tags), chosen)
