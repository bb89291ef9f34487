"""The ledger as rows of a table: a row per claim (or per entity), each cell one line of
text, with what sorting and filtering need computed once, so that a sort or a filter
keystroke over 10,000 claims is a list comprehension, not a rebuild.

Also gathers the ledgers of every stored document (the ledger screen's "all documents").
Pure core: no Textual.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Iterable

from .annotations import Annotation
from .fold import fold
from .ledger import Ledger, build_ledger, parse_published
from .oneline import note_line, one_line
from .store import StoreError
from .tagset import TagSet

UNATTRIBUTED = "unattributed"
CLAIM_COLUMNS = ("claim", "said by", "when", "section", "verdict", "note")
ENTITY_COLUMNS = ("entity", "mentions", "claims")
DOCUMENT_COLUMN = "document"  # added last in the all-documents view
LAST = "\U0010ffff"  # sorts an empty cell after every other


@dataclass(slots=True)
class Row:
    """One row of the ledger's table: its cells, a sort key per column, the folded text
    the filter looks in, and what enter needs to find the annotation."""

    cells: tuple[str, ...]
    keys: tuple
    hay: str
    document: str  # the document's id
    ann_id: str  # the claim's id (an entity's first mention's)
    verdict: str = ""
    entities: tuple[str, ...] = ()  # the claim's entity names; () when unattributed
    orphaned: bool = False


@dataclass
class DocumentLedger:
    """One document's ledger and what the rows say about the document."""

    id: str
    title: str
    ledger: Ledger
    published: date | None = None


def _when(row_dated) -> tuple[str, str]:
    """The "when" cell (each date's quote and its value) and its sort key (the earliest
    value; a claim with no resolved date last)."""
    parts, values = [], []
    for dating in row_dated:
        quote = " ".join(dating.date.quote.split())
        parts.append(f"{quote} → {dating.value}" if dating.value else f"{quote} (unresolved)")
        if dating.value:
            values.append(dating.value)
    return "; ".join(parts), (min(values) if values else LAST)


def claim_rows(doc: DocumentLedger, verdicts: tuple[str, ...], with_document: bool = False) -> list[Row]:
    """The claims of one document as rows, in document order (orphaned claims last)."""
    rank = {v: i for i, v in enumerate(verdicts)}
    rows = []
    title_key = doc.title.casefold()
    for n, claim_row in enumerate(doc.ledger.claims):
        claim = claim_row.claim
        quote = one_line(claim.quote).strip()
        names = tuple(dict.fromkeys(entity.name for _, entity in claim_row.said_by))
        said = ", ".join(names) if names else UNATTRIBUTED
        when, when_key = _when(claim_row.dated)
        note = note_line(claim.note)
        cells = [quote, said, when, claim.section, claim_row.verdict, note]
        order = (title_key, doc.id, n)  # document order, documents by title
        keys = [
            (quote.casefold(), order),
            (not names, said.casefold(), order),
            (when_key, when.casefold(), order),
            order,
            (rank.get(claim_row.verdict, len(rank)), order),
            (not note, note.casefold(), order),
        ]
        if with_document:
            cells.append(doc.title)
            keys.append(order)
        if claim.orphaned:
            cells[0] = f"[orphaned] {quote}"
        rows.append(
            Row(
                tuple(cells), tuple(keys), fold("\t".join(cells)), claim.document, claim.id,
                claim_row.verdict, names, claim.orphaned,
            )
        )
    return rows


def entity_rows(doc: DocumentLedger, with_document: bool = False) -> list[Row]:
    """The entities of one document as rows: the name, its mentions, the claims said by it."""
    claims_of: dict[str, list[str]] = {}
    for claim_row in doc.ledger.claims:
        for entity_id in dict.fromkeys(entity.id for _, entity in claim_row.said_by):
            claims_of.setdefault(entity_id, []).append(one_line(claim_row.claim.quote).strip())
    rows = []
    title_key = doc.title.casefold()
    for n, entity in enumerate(doc.ledger.entities):
        quotes = list(dict.fromkeys(" ".join(m.quote.split()) for m in entity.mentions))
        claims = claims_of.get(entity.id, [])
        mentions = f"{len(entity.mentions)}: " + " · ".join(quotes)
        said = f"{len(claims)}: " + " · ".join(f"“{c}”" for c in claims) if claims else "0"
        cells = [entity.name, mentions, said]
        order = (title_key, doc.id, n)
        keys = [(entity.name.casefold(), order), (-len(entity.mentions), order), (-len(claims), order)]
        if with_document:
            cells.append(doc.title)
            keys.append(order)
        rows.append(Row(tuple(cells), tuple(keys), fold("\t".join(cells)), doc.id, entity.id, entities=(entity.name,)))
    return rows


def sort_rows(rows: list[Row], column: int | None, descending: bool = False) -> list[Row]:
    """``rows`` sorted by a column (ties in document order), or as given (None)."""
    if column is None:
        return list(reversed(rows)) if descending else list(rows)
    return sorted(rows, key=lambda r: r.keys[column], reverse=descending)


def filter_rows(rows: Iterable[Row], text: str = "", verdict: str | None = None, entity: str | None = None) -> list[Row]:
    """The rows whose cells hold every word of ``text`` (accent- and case-blind), with
    that verdict and said by that entity (``UNATTRIBUTED``: said by no one)."""
    words = fold(text).split()
    out = []
    for row in rows:
        if verdict is not None and row.verdict != verdict:
            continue
        if entity is not None and (entity not in row.entities if entity != UNATTRIBUTED else row.entities):
            continue
        hay = row.hay
        if all(w in hay for w in words):
            out.append(row)
    return out


def published_date(store, doc_id: str) -> date | None:
    """A stored document's publication date, from its source record."""
    try:
        return parse_published(str(store.source(doc_id).get("published") or ""))
    except StoreError:  # a damaged file: its ledger shows with unresolved dates
        return None


def document_ledger(doc_id: str, title: str, annotations: Iterable[Annotation], tags: TagSet, published: date | None) -> DocumentLedger:
    return DocumentLedger(doc_id, title, build_ledger(annotations, tags, published), published)


def library_ledgers(store, tags: TagSet, current: DocumentLedger | None = None) -> tuple[list[DocumentLedger], list[str]]:
    """The ledger of every stored document that has annotations (``current``, the open
    document's, as the screen has it), and a line for each document that could not be
    read. Documents without claims are left out."""
    problems: list[str] = []
    errors: list = []
    out = [current] if current is not None and current.ledger.claims else []
    for record in store.documents(errors=errors):
        doc_id = record.get("id", "")
        if not doc_id or (current is not None and doc_id == current.id):
            continue
        try:
            annotations = store.annotations(doc_id)
        except StoreError as exc:  # a damaged file: said, and the others still listed
            problems.append(f"{record.get('title') or doc_id[:12]}: {exc}")
            continue
        doc = document_ledger(doc_id, record.get("title") or doc_id[:12], annotations, tags, published_date(store, doc_id))
        if doc.ledger.claims:
            out.append(doc)
    problems.extend(str(e) for e in errors)
    return out, problems
