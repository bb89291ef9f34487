"""Fuzzy search over annotations: results update on every key, enter jumps."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from rich.style import Style
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from ..doclabels import short_paths
from ..search import Hit, search_annotations
from ..store import StoreError
from ..widgets.bindings import bindings
from ..widgets.labels import short, tag_label

if TYPE_CHECKING:
    from ..workspace import Workspace


SHOWN = 200  # results listed at most; the best first


class ResultPrompt:
    """One search result: the tag and quote on the first line, then the section and the
    note indented under it (a long note wraps at that indent). str() is the plain text."""

    def __init__(self, head: Text, where: str, note: str) -> None:
        self.head, self.where, self.note = head, where, note

    def __str__(self) -> str:
        return "\n".join(filter(None, [self.head.plain, self.where, self.note]))

    def __rich_console__(self, console, options):
        from rich.padding import Padding

        head = self.head.copy()
        head.no_wrap, head.overflow = True, "ellipsis"
        yield head
        where = Text(self.where, style="dim", no_wrap=True, overflow="ellipsis")
        yield Padding(where, (0, 0, 0, 3))
        if self.note:
            yield Padding(Text("✎ " + self.note, style="italic dim"), (0, 0, 0, 3))


class SearchScreen(ModalScreen[tuple[str, str] | None]):
    """Answers (document id, annotation id) of the chosen result, or None."""

    DEFAULT_CSS = """
    SearchScreen { align: center top; }
    SearchScreen > Vertical {
        width: 90%; max-width: 130; height: auto; max-height: 85%; margin-top: 2;
        border: thick $accent; background: $panel; padding: 0 1;
    }
    SearchScreen #scope { color: $text-muted; }
    SearchScreen OptionList { height: auto; max-height: 70vh; border: none; }
    """
    BINDINGS = bindings("search")

    def __init__(self, workspace: "Workspace", styles: dict[str, Style], query: str = "") -> None:
        super().__init__()
        self.workspace = workspace
        self.tag_styles = styles
        self.keymap = self.app.keymap  # the keys in force, for the line that names them
        self.query_text = query
        self.all_documents = False
        self._titles: dict[str, str] = {}
        # each document's file name (a longer end of its path where two share a name),
        # so that a copy of a document at another path is told apart
        self._places: dict[str, str] = {}
        self.hits: list[Hit] = []
        self._shown: tuple[str, bool] | None = None  # the query the listed results answer

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Search annotations"
            names = self.app.tags.names
            example = f"tag:{names[min(1, len(names) - 1)]}"  # a tag of the set in force
            yield Input(self.query_text, placeholder=f"words from a quote, note or section · {example}", id="query")
            yield Label("", id="scope")
            yield OptionList(id="results")

    def on_mount(self) -> None:
        self.query_one(Input).focus()
        # start building the library's index now, so ctrl+t answers at once
        self.run_worker(self._build_index, thread=True, group="index", exclusive=True)

    def _build_index(self) -> None:
        try:
            self.workspace.library_index()
        except StoreError:
            pass  # said when the user searches all documents
        self._read_places()
        self._update_scope_label()
        self.run_search(self.query_text)

    def _read_places(self) -> None:
        """Each stored document's file name, or as much of its path as tells it apart."""
        try:
            records = self.workspace.store.documents(errors=[])
        except StoreError:
            records = []
        paths = {r["id"]: r["path"] for r in records if r.get("path")}
        paths[self.workspace.document.id] = self.workspace.document.path
        tails = short_paths([p for p in paths.values() if p])
        self._places = {doc_id: tails[p] for doc_id, p in paths.items() if p}

    def _update_scope_label(self, count: int | None = None) -> None:
        keys = self.keymap
        scope = "all documents" if self.all_documents else "this document"
        found = "" if count is None else f" · {count} result{'s' if count != 1 else ''}"
        self.query_one("#scope", Label).update(
            f"Searching {scope}{found} · {keys.label('search.scope', first=True)}: search "
            f"{'this document' if self.all_documents else 'all documents'} · enter jumps · "
            f"{keys.label('search.close', first=True)} closes"
        )

    def on_input_changed(self, event: Input.Changed) -> None:
        self.query_text = event.value
        self.run_search(event.value)

    @work(exclusive=True, group="search")
    async def run_search(self, query: str) -> None:
        """A newer key cancels this query (exclusive worker); the UI never waits."""
        self.show_hits(await self._search(query), query)

    async def _search(self, query: str) -> list[Hit]:
        if self.all_documents:
            # the library's index: built once (in a thread) and kept current by the workspace
            try:
                index, titles = await asyncio.to_thread(self.workspace.library_index)
            except StoreError as exc:  # e.g. the store's folder cannot be read
                self.notify(str(exc), severity="error", timeout=6)
                return []
            if not self._places:  # ctrl+t came before the index was built
                await asyncio.to_thread(self._read_places)
            return await asyncio.to_thread(index.search, query, SHOWN, titles)
        else:
            pool = self.workspace.annotations
            self._titles = {self.workspace.document.id: self.workspace.document.title}
        return await asyncio.to_thread(search_annotations, query, pool, SHOWN, self._titles)

    def show_hits(self, hits: list[Hit], query: str) -> None:
        self.hits = hits
        self._shown = (query, self.all_documents)
        results = self.query_one("#results", OptionList)
        results.clear_options()
        options = []
        for hit in hits[:SHOWN]:
            ann = hit.annotation
            label = tag_label(ann.tag, self.tag_styles.get(ann.tag))
            if ann.orphaned:
                label.append(" [orphaned]", style="bold")
            label.append(" " + short(ann.quote, 300))
            where = f"§ {ann.section}"
            if self.all_documents:
                place = self._places.get(ann.document)
                where = " · ".join(filter(None, (hit.document_title, place, where)))
            prompt = ResultPrompt(label, where, short(ann.note, 400) if ann.note else "")
            options.append(Option(prompt, id=f"{ann.document}:{ann.id}"))
        results.add_options(options)
        if options:
            results.highlighted = 0
        self._update_scope_label(len(hits))
        if len(hits) > SHOWN:
            results.add_option(Option(Text(f"… and {len(hits) - SHOWN} more: type to narrow", style="dim"), disabled=True))

    def action_cursor(self, delta: int) -> None:
        results = self.query_one("#results", OptionList)
        if results.option_count:
            current = results.highlighted or 0
            results.highlighted = max(0, min(results.option_count - 1, current + delta))

    def action_toggle_scope(self) -> None:
        self.all_documents = not self.all_documents
        self._update_scope_label()
        self.run_search(self.query_text)

    def _choose(self, option_id: str | None) -> None:
        if option_id:
            doc_id, ann_id = option_id.split(":", 1)
            self.dismiss((doc_id, ann_id))

    async def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self._shown != (event.value, self.all_documents):
            # enter came before the results of the last keys: answer the whole query
            self.workers.cancel_group(self, "search")
            self.show_hits(await self._search(event.value), event.value)
        results = self.query_one("#results", OptionList)
        if results.highlighted is not None and results.option_count:
            self._choose(results.get_option_at_index(results.highlighted).id)
        else:
            self.notify("No result to jump to", severity="warning")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._choose(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
