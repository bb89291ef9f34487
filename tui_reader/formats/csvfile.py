"""CSV: one row per annotation, for a spreadsheet.

UTF-8 with a header row (and, in a file, a byte-order mark, so that Excel reads it
as UTF-8). A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return would be taken for a formula by a spreadsheet: it is written with a ``'``
in front (in the csv only; the stored annotation is unchanged). Orphaned
annotations are kept, with the status ``orphaned`` and no offsets.

What a fact-checker adds is in the last columns: ``verdict`` (a claim's; empty is the
default, unverified), ``value`` (a date's, the one the reader set or, with
``value_source`` ``resolved``, the one resolved from the publication date), ``name``
(an actor's entity name, if chosen), ``links`` (``said_by “Donovan”; dated “Tuesday”``,
for reading) and ``link_ids`` (``said_by:<id> dated:<id>``, the targets' ids), and the
document's ``url`` and ``published`` date. Import does not read csv: it has no
context or text to place quotes by.

Pure core: no Textual.
"""

from __future__ import annotations

import csv
import io
from typing import Sequence

from .model import ExportDocument, ExportResult, date_values

COLUMNS = (
    "document", "section", "tag", "quote", "note", "start", "end", "created",
    "modified", "annotator", "status", "id", "document_id",
    "verdict", "value", "value_source", "name", "links", "link_ids", "url", "published",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralize(value: str) -> str:
    """A cell a spreadsheet will show as text, never evaluate (a NUL, which no
    spreadsheet keeps and Python 3.10's csv cannot write, becomes U+FFFD)."""
    if "\0" in value:
        value = value.replace("\0", "\ufffd")
    return "'" + value if value.startswith(_FORMULA_START) else value


def render(docs: Sequence[ExportDocument], result: ExportResult, exported: str | None = None) -> str:
    """The header and a row per annotation (``exported`` is not recorded)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for doc in docs:
        values = date_values(doc)
        quotes = {a.id: a.quote for a in doc.annotations}
        for a in doc.sorted():
            start, end = ("", "") if a.orphaned else (a.start, a.end)
            value, resolved = values.get(a.id, ("", False))
            links = "; ".join(f"{link.type} “{' '.join(quotes.get(link.target, '?').split())}”" for link in a.links)
            link_ids = " ".join(f"{link.type}:{link.target}" for link in a.links)
            row = [doc.title, a.section, a.tag, a.quote, a.note, start, end, a.created,
                   a.modified, a.annotator, a.status, a.id, doc.id,
                   a.verdict, value, ("resolved" if resolved else "set") if value else "", a.name, links, link_ids,
                   doc.source.get("url", ""), doc.source.get("published", "")]
            writer.writerow([neutralize(v) if isinstance(v, str) else v for v in row])
            result.written += 1
    return buffer.getvalue()
