"""The ledger as rows of a table: a row per claim (or per entity), each cell one line of
text, with what sorting and filtering need computed once, so that a sort or a filter
keystroke over 10,000 claims is a list comprehension, not a rebuild.

Also gathers the ledgers of every stored document (the ledger screen's "all documents").
Pure core: no Textual.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import Iterable

from .annotations import Annotation
from .fold import fold
from .ledger import Ledger, build_ledger
from .oneline import note_line, one_line
from .store import StoreError
from .tagset import TagSet

UNATTRIBUTED = "unattributed"
CLAIM_COLUMNS = ("claim", "said by", "when", "section", "verdict", "note")  # the cells, in order
ENTITY_COLUMNS = ("entity", "mentions", "claims")
DOCUMENT_COLUMN = "document"  # added last in the all-documents view
LAST = "\U0010ffff"  # sorts an empty cell after every other


@dataclass(slots=True)
class Row:
    """One row of the ledger's table: its cells, its place in document order, what the
    filters and the sort need, and what enter needs to find the annotation. The folded
    text the typed filter looks in is made on the first filter, not for every open."""

    cells: tuple[str, ...]
    order: int  # in document order (documents by title in the all-documents view)
    document: str  # the document's id
    ann_id: str  # the claim's id (an entity's first mention's)
    verdict: str = ""
    entities: tuple[str, ...] = ()  # the claim's entity names; () when unattributed
    orphaned: bool = False
    extra: tuple = ()  # claims: (earliest date value, verdict rank); entities: (mentions, claims)
    _hay: str | None = None

    @property
    def hay(self) -> str:
        if self._hay is None:
            self._hay = fold("\t".join(self.cells))
        return self._hay


@dataclass
class DocumentLedger:
    """One document's ledger and what the rows say about the document."""

    id: str
    title: str
    ledger: Ledger
    published: date | None = None


def _line(text: str) -> str:
    """A quote or note on one line (most are already)."""
    return text.strip() if text.isprintable() else one_line(text).strip()


def _when(row_dated) -> tuple[str, str]:
    """The "when" cell (each date's value, "?" when unresolved, then its quote: a cut cell
    keeps the value) and its sort key (the earliest value; a claim with no resolved
    date last)."""
    if not row_dated:
        return "", LAST
    parts, values = [], []
    for dating in row_dated:
        quote = " ".join(dating.date.quote.split())
        parts.append(f"{dating.value} “{quote}”" if dating.value else f"? “{quote}”")
        if dating.value:
            values.append(dating.value)
    return "; ".join(parts), (min(values) if values else LAST)


def claim_rows(docs: Iterable[DocumentLedger], verdicts: tuple[str, ...], with_document: bool = False) -> list[Row]:
    """The claims of ``docs`` as rows, in document order (orphaned claims last)."""
    rank = {v: i for i, v in enumerate(verdicts)}
    rows: list[Row] = []
    for doc in docs:
        for claim_row in doc.ledger.claims:
            claim = claim_row.claim
            said_by = claim_row.said_by
            if len(said_by) == 1:
                names: tuple[str, ...] = (said_by[0][1].name,)
            else:
                names = tuple(dict.fromkeys(entity.name for _, entity in said_by))
            quote = _line(claim.quote)
            when, when_key = _when(claim_row.dated)
            note = claim.note and (claim.note if claim.note.isprintable() else note_line(claim.note))
            cells = (
                f"[orphaned] {quote}" if claim.orphaned else quote,
                ", ".join(names) if names else UNATTRIBUTED,
                when,
                claim.section,
                claim_row.verdict,
                note,
            )
            if with_document:
                cells += (doc.title,)
            rows.append(Row(cells, len(rows), claim.document, claim.id, claim_row.verdict, names, claim.orphaned,
                            (when_key, rank.get(claim_row.verdict, len(rank)))))
    return rows


def entity_rows(docs: Iterable[DocumentLedger], with_document: bool = False) -> list[Row]:
    """The entities of ``docs`` as rows: the name, its mentions, the claims said by it."""
    rows: list[Row] = []
    for doc in docs:
        claims_of: dict[str, list[str]] = {}
        for claim_row in doc.ledger.claims:
            for entity_id in dict.fromkeys(entity.id for _, entity in claim_row.said_by):
                claims_of.setdefault(entity_id, []).append(_line(claim_row.claim.quote))
        for entity in doc.ledger.entities:
            quotes = list(dict.fromkeys(" ".join(m.quote.split()) for m in entity.mentions))
            claims = claims_of.get(entity.id, [])
            mentions = f"{len(entity.mentions)}: " + " · ".join(quotes)
            said = f"{len(claims)}: " + " · ".join(f"“{c}”" for c in claims) if claims else "0"
            cells: tuple[str, ...] = (entity.name, mentions, said)
            if with_document:
                cells += (doc.title,)
            rows.append(Row(cells, len(rows), doc.id, entity.id, entities=(entity.name,),
                            extra=(len(entity.mentions), len(claims))))
    return rows


#: how each column sorts (row, column index) -> key; ties keep document order
SORT_KEYS = {
    "said by": lambda r, i: (not r.entities, r.cells[i].casefold()),
    "when": lambda r, i: (r.extra[0], r.cells[i].casefold()),
    "section": lambda r, i: r.order,
    "document": lambda r, i: r.order,
    "verdict": lambda r, i: r.extra[1],
    "note": lambda r, i: (not r.cells[i], r.cells[i].casefold()),
    "mentions": lambda r, i: -r.extra[0],
    "claims": lambda r, i: -r.extra[1],
}


def sort_rows(rows: list[Row], columns: tuple[str, ...], column: int | None, descending: bool = False) -> list[Row]:
    """``rows`` (in document order) sorted by a column, ties in document order; or in
    document order (None)."""
    if column is None:
        return rows[::-1] if descending else list(rows)
    key = SORT_KEYS.get(columns[column], lambda r, i: r.cells[i].casefold())
    return sorted(rows, key=lambda r: key(r, column), reverse=descending)


def filter_rows(rows: Iterable[Row], text: str = "", verdict: str | None = None, entity: str | None = None) -> list[Row]:
    """The rows whose cells hold every word of ``text`` (accent- and case-blind), with
    that verdict and said by that entity (``UNATTRIBUTED``: said by no one)."""
    if verdict is not None:
        rows = [r for r in rows if r.verdict == verdict]
    if entity == UNATTRIBUTED:
        rows = [r for r in rows if not r.entities]
    elif entity is not None:
        rows = [r for r in rows if entity in r.entities]
    for word in fold(text).split():
        rows = [r for r in rows if word in r.hay]
    return list(rows)


def narrows(old: str, new: str) -> bool:
    """Whether every row the filter ``new`` keeps is one that ``old`` kept: ``new`` only
    adds to the end of ``old`` (each word of ``old`` is then in, or the start of, a word
    of ``new``), so a keystroke filters the rows the last one left, not every row."""
    return fold(new).startswith(fold(old))


def warm_up(rows: list[Row]) -> None:
    """Fold every row's text ahead of the first filter keystroke (on a thread)."""
    for row in rows:
        _ = row.hay


@contextmanager
def collector_paused():
    """The cyclic garbage collector off while a ledger's rows are built: they make a
    hundred thousand objects and no cycles, and the collections they set off walk the
    document's annotations again and again (most of the time of building them)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def published_date(store, record: dict) -> date | None:
    """A catalogued document's publication date from its effective source (export.record_source:
    its Markdown front matter's, overridden by what the reader stored), or None (its relative
    dates stay unresolved)."""
    from .export import record_source

    return record_source(store, record).published_on()


def document_ledger(doc_id: str, title: str, annotations: Iterable[Annotation], tags: TagSet, published: date | None) -> DocumentLedger:
    return DocumentLedger(doc_id, title, build_ledger(annotations, tags, published), published)


def library_ledgers(store, tags: TagSet, current: DocumentLedger | None = None) -> tuple[list[DocumentLedger], list[str]]:
    """The ledger of every stored document that has annotations (``current``, the open
    document's, as the screen has it), and a line for each document that could not be
    read. Documents without claims are left out."""
    problems: list[str] = []
    errors: list = []
    out = []
    for record in store.documents(errors=errors):
        doc_id = record.get("id", "")
        if not doc_id or (current is not None and doc_id == current.id):
            continue
        try:
            annotations = store.annotations(doc_id)
        except StoreError as exc:  # a damaged file: said, and the others still listed
            problems.append(f"{record.get('title') or doc_id[:12]}: {exc}")
            continue
        published = published_date(store, record)
        doc = document_ledger(doc_id, record.get("title") or doc_id[:12], annotations, tags, published)
        if doc.ledger.claims:
            out.append(doc)
    if current is not None and current.ledger.claims:
        out.append(current)
    problems.extend(str(e) for e in errors)
    return sorted(out, key=lambda d: (d.title.casefold(), d.id)), problems
