"""The ledger as CSV: a row per claim, for a spreadsheet.

Columns: document (its title), claim, said_by (the entities' names; empty when
unattributed), when (each date's quote with its resolved value: “Tuesday (2025-03-04)”),
section, verdict, note, then the claim's id and its document's id to find it again.
Cells that a spreadsheet would take for a formula are neutralized as the csv export does.
Pure core: no Textual.
"""

from __future__ import annotations

import csv
import io
from typing import Sequence

from ..formats.csvfile import neutralize
from .model import LedgerDocument, one_line, when_text

COLUMNS = ("document", "claim", "said_by", "when", "section", "verdict", "note", "id", "document_id")


def rows(docs: Sequence[LedgerDocument]) -> list[list[str]]:
    out = []
    for doc in docs:
        for row in doc.ledger.claims:
            claim = row.claim
            out.append([
                doc.headline, one_line(claim.quote), row.entity_names, when_text(row), claim.section,
                row.verdict, claim.note, claim.id, doc.id,
            ])
    return out


def render(docs: Sequence[LedgerDocument], **_options) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for cells in rows(docs):
        writer.writerow([neutralize(cell) for cell in cells])
    return buffer.getvalue()
