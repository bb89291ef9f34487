"""The ledger: every claim of the document (or of every stored document), who said it,
when, in which section, its verdict and note, as a table that sorts, filters and jumps to
the claim in the text; and a second view of the entities with their mentions and claims.

It answers (document id, annotation id) of the claim chosen with enter, or None.
"""

from __future__ import annotations

from functools import partial

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Input, Static

from ..ledger_rows import (
    CLAIM_COLUMNS, DOCUMENT_COLUMN, ENTITY_COLUMNS, DocumentLedger, Row,
    claim_rows, collector_paused, entity_rows, filter_rows, library_ledgers, narrows, sort_rows, warm_up,
)
from ..store import StoreError
from ..widgets.bindings import bindings
from ..widgets.ledger_table import LedgerTable
from ..widgets.key_hints import Bar
from ..widgets.labels import short

#: the keys named on the hint line, in their order; where the line is too narrow, the
#: last go first, but help and close always stay
HINTS = ("ledger.jump", "ledger.filter", "ledger.sort", "ledger.verdict", "ledger.entity", "ledger.view",
         "ledger.scope", "ledger.reverse")
KEPT = ("ledger.help", "ledger.close")


class LedgerScreen(Screen[tuple[str, str] | None]):
    AUTO_FOCUS = "LedgerTable"
    BINDINGS = bindings("ledger")
    DEFAULT_CSS = """
    LedgerScreen #title { height: 1; padding: 0 1; background: $panel; color: $foreground; }
    LedgerScreen #state { height: 1; padding: 0 1; background: $boost; }
    LedgerScreen #filter { height: 1; border: none; padding: 0 1; background: $surface; }
    LedgerScreen #filter:focus { background: $boost; }
    LedgerScreen #keys { height: 1; padding: 0 1; background: $footer-background; color: $footer-foreground; }
    LedgerScreen LedgerTable { border: round $panel; }
    LedgerScreen LedgerTable:focus { border: round $accent; }
    """

    def __init__(self, here: DocumentLedger, store, tags) -> None:
        super().__init__()
        self.here = here  # the open document's ledger
        self.store = store
        self.tags = tags
        self.keymap = self.app.keymap
        self.all_documents = False
        self.view_name = "claims"  # or "entities"
        self.filter_text = ""
        self.verdict: str | None = None
        self.entity: str | None = None  # an entity's name, UNATTRIBUTED, or None: any
        self.sorts = {"claims": (None, False), "entities": (None, False)}
        self._library: list[DocumentLedger] | None = None
        self._rows: dict[tuple[str, bool], list[Row]] = {}  # (view, all documents) -> rows
        self._kept: tuple[tuple, list[Row]] | None = None  # the last filter and the rows it kept

    def compose(self) -> ComposeResult:
        yield Bar("", id="title")
        yield Static("", id="state")
        yield Input(placeholder=f"{self.keymap.label('ledger.filter', first=True)} filters: words from any column",
                    id="filter")
        yield LedgerTable(id="table")
        yield Static(self._hints(), id="keys")

    def on_mount(self) -> None:
        self._show(measure=True)
        # the first filter keystroke would fold every row (and build the fold's tables)
        self.run_worker(partial(warm_up, self._all_rows()), thread=True, group="warm-up")

    @property
    def table(self) -> LedgerTable:
        return self.query_one(LedgerTable)

    # -- what is shown -----------------------------------------------------------
    def _documents(self) -> list[DocumentLedger]:
        return (self._library or [self.here]) if self.all_documents else [self.here]

    def _columns(self) -> tuple[str, ...]:
        columns = CLAIM_COLUMNS if self.view_name == "claims" else ENTITY_COLUMNS
        return columns + (DOCUMENT_COLUMN,) if self.all_documents else columns

    def _all_rows(self, view: str | None = None) -> list[Row]:
        """Every row of a view (the one shown), in document order; built once."""
        key = (view or self.view_name, self.all_documents)
        if key not in self._rows:
            docs = self._documents()
            with collector_paused():
                if key[0] == "claims":
                    self._rows[key] = claim_rows(docs, self.tags.verdicts, self.all_documents)
                else:
                    self._rows[key] = entity_rows(docs, self.all_documents)
        return self._rows[key]

    def _show(self, measure: bool = False) -> None:
        """Filter and sort the view's rows and show them, the cursor kept on its row."""
        table = self.table
        current = table.current
        keep = (current.document, current.ann_id) if current is not None else None
        every = self._all_rows()
        claims = self.view_name == "claims"
        scope = (self.view_name, self.all_documents, self.verdict if claims else None, self.entity if claims else None)
        pool = every
        if self._kept is not None and self._kept[0][:-1] == scope and narrows(self._kept[0][-1], self.filter_text):
            pool = self._kept[1]  # a keystroke that adds to the filter: only the rows it left
        rows = filter_rows(pool, self.filter_text, *scope[2:])
        self._kept = (scope + (self.filter_text,), rows)
        column, descending = self.sorts[self.view_name]
        table.sort = (column, descending)
        columns = self._columns()
        table.show(columns, sort_rows(rows, columns, column, descending), every if measure else None, keep)
        table.border_title = f"{'Claims' if claims else 'Entities'} · {len(rows):,} of {len(every):,}"
        self._update_lines()

    def _update_lines(self) -> None:
        if self.all_documents:
            where = f"all documents ({len(self._documents())} with claims)"
        else:
            where = f"“{self.here.title}”"
            if self.here.published is None:
                where += " · no publication date: relative dates stay unresolved"
        self.query_one("#title", Bar).update(Text.assemble(("Ledger", "bold"), f" · {where}"), layout=False)
        state = Text(no_wrap=True, overflow="ellipsis")
        column, descending = self.sorts[self.view_name]
        order = "document order" if column is None else f"{self._columns()[column]} {'▼' if descending else '▲'}"
        state.append("sort: ", style="dim")
        state.append(order)
        if self.view_name == "claims":
            for name, value in (("verdict", self.verdict), ("entity", self.entity)):
                state.append(f" · {name}: ", style="dim")
                state.append(value or "any", style="bold" if value else "")
        if self.filter_text:
            state.append(" · filter: ", style="dim")
            state.append(f"“{short(self.filter_text, 30)}”", style="bold")
        if not self._all_rows():
            state.append(" · none yet: tag a claim, then link it to who said it and when" if self.view_name == "claims"
                         else " · none yet: an entity is an actor a claim is linked to", style="italic")
        self.query_one("#state", Static).update(state, layout=False)

    def _hints(self, width: int = 0) -> Text:
        """The key hints that fit ``width`` cells (0: all of them)."""
        def hint(binding_id: str) -> tuple[str, str]:
            return self.keymap.label(binding_id, first=True).replace("ctrl+", "^"), self.keymap.get(binding_id).hint

        kept = [hint(b) for b in KEPT]
        room = (width or 10_000) - 2 - sum(len(k) + len(h) + 3 for k, h in kept)
        shown = []
        for key, what in (hint(b) for b in HINTS):
            room -= len(key) + len(what) + 3
            if room < 0:
                break
            shown.append((key, what))
        text = Text(no_wrap=True, overflow="ellipsis")
        for key, what in shown + kept:
            text.append(f" {key}", style="bold")
            text.append(f" {what} ")
        return text

    def on_resize(self, event) -> None:
        self.query_one("#keys", Static).update(self._hints(event.size.width), layout=False)

    # -- keys ----------------------------------------------------------------------
    def action_move(self, delta: int) -> None:  # (while the filter line has the focus)
        self.table.move(delta)

    def action_page(self, direction: int) -> None:
        self.table.page(direction)

    def action_edge(self, end: int) -> None:
        self.table.action_edge(end)

    def action_filter(self) -> None:
        self.query_one("#filter", Input).focus()

    def action_sort(self) -> None:
        """The next column, ascending; after the last, document order again."""
        column, _ = self.sorts[self.view_name]
        nxt = 0 if column is None else column + 1
        self.sorts[self.view_name] = (nxt if nxt < len(self._columns()) else None, False)
        self._show()

    def action_reverse(self) -> None:
        column, descending = self.sorts[self.view_name]
        self.sorts[self.view_name] = (column, not descending)
        self._show()

    @on(LedgerTable.HeaderClicked)
    def _header_clicked(self, event: LedgerTable.HeaderClicked) -> None:
        column, descending = self.sorts[self.view_name]
        self.sorts[self.view_name] = (event.column, not descending if column == event.column else False)
        self._show()

    def action_verdict(self, step: int) -> None:
        """Show only the claims of the next (or previous) verdict; after the last, all."""
        choices = [None, *self.tags.verdicts]
        at = choices.index(self.verdict) if self.verdict in choices else 0
        self.verdict = choices[(at + step) % len(choices)]
        if self.view_name != "claims":
            self.view_name = "claims"
        self._show()

    def action_entity(self) -> None:
        from .entity_picker import EntityPicker

        names: dict[str, int] = {}
        for row in self._all_rows("claims"):
            for name in row.entities:
                names[name] = names.get(name, 0) + 1
        unattributed = sum(1 for row in self._all_rows("claims") if not row.entities)

        def picked(choice: str | None | bool) -> None:
            if choice is False:  # escape: nothing changes
                return
            self.entity = choice  # type: ignore[assignment]
            self.view_name = "claims"
            self._show()

        self.app.push_screen(EntityPicker(names, unattributed, self.entity), picked)

    def action_switch_view(self) -> None:
        self.view_name = "entities" if self.view_name == "claims" else "claims"
        self._show(measure=True)
        self.table.focus()

    def action_toggle_scope(self) -> None:
        if self.all_documents:
            self.all_documents = False
            self._show(measure=True)
            return
        if self._library is not None:
            self.all_documents = True
            self._show(measure=True)
            return
        self.query_one("#title", Bar).update(Text("Ledger · reading every document's claims…", style="bold"))
        self._read_library()

    @work(thread=True, exclusive=True, group="library")
    def _read_library(self) -> None:
        try:
            docs, problems = library_ledgers(self.store, self.tags, self.here)
        except StoreError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error", timeout=6)
            self.app.call_from_thread(self._update_lines)
            return
        self.app.call_from_thread(self._library_read, docs, problems)

    def _library_read(self, docs: list[DocumentLedger], problems: list[str]) -> None:
        self._library = docs
        self.all_documents = True
        for problem in problems[:3]:
            self.notify(problem, severity="warning", timeout=8)
        self._show(measure=True)

    def action_jump(self) -> None:
        self.table.choose()

    @on(LedgerTable.Chosen)
    def _chosen(self, event: LedgerTable.Chosen) -> None:
        row = event.row
        if self.view_name == "entities":  # an entity: its claims
            self.entity = row.entities[0]
            self.view_name = "claims"
            self._show(measure=True)
            return
        self.dismiss((row.document, row.ann_id))

    def action_help(self) -> None:
        from .help import HelpScreen

        self.app.push_screen(HelpScreen(self.keymap, self.tags, only="The ledger"))

    def action_close(self) -> None:
        box = self.query_one("#filter", Input)
        if self.focused is box:  # escape in the filter: clear it, back to the rows
            box.value = ""
            self.table.focus()
            return
        self.dismiss(None)

    # -- the filter line -----------------------------------------------------------
    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.filter_text = event.value
        self._show()

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.table.focus()


def ledger_rows_for(workspace, tags) -> DocumentLedger:
    """The open document's ledger, with its publication date from the store."""
    from ..ledger_rows import document_ledger

    doc = workspace.document
    published = workspace.published()
    with collector_paused():
        return document_ledger(doc.id, doc.title, workspace.all_annotations, tags, published)
