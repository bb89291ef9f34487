"""Finding text (/, n, N) and searching annotations (s) on the reading screen."""

from __future__ import annotations

import asyncio

from textual import work


class FindActions:
    """Mixed into ReaderScreen: uses its document, workspace, view, find_query,
    find_matches, tag_styles, select_annotation, _show_text and _update_status."""

    # -- find -----------------------------------------------------------------
    def action_find(self) -> None:
        def found(query: str | None) -> None:
            if query:
                self.find_query = query
                self.run_find(query)

        from .dialogs import FindDialog

        self.app.push_screen(FindDialog(self.find_query), found)
        self._prepare_find()

    @work(thread=True, exclusive=True, group="prepare-find")
    def _prepare_find(self) -> None:
        """Fold the text for an accent-blind find while the query is being typed."""
        from ..fold import folded_text

        folded_text(self.document.text)

    @work(exclusive=True, group="find")
    async def run_find(self, query: str) -> None:
        """Find every match in the whole document, off the UI thread (a 10 MB book full
        of matches takes a second), then jump to the first one after the cursor."""
        from ..search import find_all

        matches = await asyncio.to_thread(find_all, self.document.text, query)
        if query != self.find_query:
            return
        self.find_matches = matches
        self.view.set_matches(matches)
        if not matches:
            self.notify(f"“{query}” is not in this document", severity="warning", timeout=3)
            return
        self.action_find_next(1)

    def action_find_next(self, direction: int) -> None:
        if not self.find_matches:
            self.notify("Nothing to repeat: press / to find text", severity="warning", timeout=2)
            return
        # from a selected match, N goes to the one before it, not to itself
        sel = self.view.selection
        origin = sel[0] if sel and direction < 0 else self.view.cursor
        from ..search import next_match

        step = next_match(self.find_matches, origin, backwards=direction < 0)
        if step is None:
            return
        start, end = step.match
        self._show_text()
        self.view.go_to(start, end)
        self._update_status()
        where = f"match {step.index + 1} of {len(self.find_matches)}"
        if step.wrapped:
            edge = "end" if direction > 0 else "start"
            self.notify(f"Search wrapped past the {edge} of the document · {where}", timeout=3)
        else:
            self.notify(where, timeout=1.5)

    def action_search(self) -> None:
        def chosen(result: tuple[str, str] | None) -> None:
            if result is None:
                return
            doc_id, ann_id = result
            if doc_id == self.document.id:
                self.select_annotation(ann_id)
                self.view.focus()
            else:
                self.app.open_stored_document(doc_id, ann_id)

        from .search import SearchScreen

        self.app.push_screen(SearchScreen(self.workspace, self.tag_styles), chosen)
