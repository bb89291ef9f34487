"""Copying a quote with its citation (y) and exporting annotations (ctrl+e) from the reading
screen."""

from __future__ import annotations

from pathlib import Path

from ..store import StoreError


class ShareActions:
    """Mixed into ReaderScreen: uses its document, workspace, view, app, notify and _fail."""

    def action_copy(self) -> None:
        from ..clipboard import ClipboardError, citation, copy

        view = self.view
        span = view.selection
        if span is None:
            anns = self.workspace.at(view.cursor)
            if not anns:
                self.notify("Nothing to copy: select text or put the cursor on an annotation", severity="warning")
                return
            span = (anns[0].start, anns[0].end)
        start, end = span
        sec = self.document.section_at(start)
        text = citation(
            self.document.text[start:end], self.document.title, sec.title, start, end, self.document.path,
            self._citation_source(),
        )
        try:
            method = copy(text, osc52=self.app.copy_to_clipboard)
        except ClipboardError as exc:
            self._fail(exc)
            return
        self.notify(f"Copied with citation to the {method}", timeout=3)

    def _citation_source(self) -> dict:
        """The document's source for a citation: front matter, overridden by what was stored."""
        from ..effective_source import effective_source
        from ..store import StoreError

        try:
            stored = self.workspace.store.source(self.document.id)
        except StoreError:
            stored = {}  # a damaged file: cite the front matter, the file says the rest
        return {k: v for k, v in effective_source(self.document, stored).to_dict().items() if v}

    def action_export(self) -> None:
        from .. import formats
        from ..export import gather
        from ..formats import ExportDocument, ExportError, default_export_name

        doc = self.document
        proposed = str(Path.cwd() / default_export_name(doc.title))

        def run(path: str, fmt: str, scope: str) -> str | None:
            """Export; what went wrong, for the dialog to show under the path, or None."""
            notices: list[str] = []
            try:
                if scope == "all":
                    docs, notices = gather(self.workspace.store, None, need_text=formats.get(fmt).needs_text)
                else:  # this document as the screen has it, orphans included (the format decides)
                    source = self._citation_source()  # the effective source, as the command line exports it
                    docs = [ExportDocument(doc.id, doc.path, doc.title, tuple(self.workspace.all_annotations), doc.text, source)]
                result = formats.write(fmt, docs, Path(path).expanduser())
            except (ExportError, StoreError, RuntimeError) as exc:  # RuntimeError: ~nosuchuser
                return f"{exc}"
            for notice in notices:
                self.notify(notice, severity="warning", timeout=8)
            self.notify(result.summary(), timeout=5)
            return None

        from .export_dialog import ExportDialog

        try:
            all_count = sum(int(r.get("annotations") or 0) for r in self.workspace.store.documents())
        except StoreError:
            all_count = None
        here = len(self.workspace.all_annotations)
        self.app.push_screen(ExportDialog(proposed, here, doc.title, all_count, run=run))
