"""Opening the ledger from the reading screen (L), and going where it points: a claim of
this document (the cursor at its start), or another stored document opened at the claim,
or a line saying why it cannot be."""

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
            to_start(reader, ann_id)
        else:  # opened at the claim (or a line says why it cannot be)
            app.open_stored_document(doc_id, ann_id)
            opened = app.screen
            if isinstance(opened, ReaderScreen) and opened is not reader:
                opened.call_after_refresh(to_start, opened, ann_id)

    app.push_screen(LedgerScreen(here, workspace.store, app.tags), chosen)


def to_start(reader, ann_id: str) -> None:
    """The reading screen at the claim, the cursor at its first character, where the
    reader starts reading it (an orphaned claim: the screen says where it went)."""
    ann = reader.workspace.get(ann_id)
    if ann is None:  # deleted meanwhile, in another window
        reader.notify("That claim is no longer in this document (deleted in another window?)", severity="warning")
        return
    reader.select_annotation(ann_id)
    if not ann.orphaned:
        reader.view.go_to(ann.start)
