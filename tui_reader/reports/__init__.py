"""Reports of the claim ledger: who claimed what, when, and the verdict, written for a
script (json), a spreadsheet (csv), an editor (md, html) or the fact-checking world
(claimreview: schema.org ClaimReview JSON-LD).

:mod:`.model` gathers the documents (each with its effective source and its ledger);
one module per format renders them to text. Formats never open the store: the command
line gathers, then renders. Pure core: no Textual.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any, Sequence

if TYPE_CHECKING:  # named for readers and the import graph; loaded only when used
    from . import claimreview, csv_report, html_report, json_report, markdown_report  # noqa: F401
    from .model import LedgerDocument

#: format name -> (module, what it is for)
REPORTS: dict[str, tuple[str, str]] = {
    "json": ("json_report", "the ledger as data: claims with their actors, dates and verdicts; entities"),
    "csv": ("csv_report", "a row per claim, for a spreadsheet"),
    "md": ("markdown_report", "a Markdown report an editor can read"),
    "html": ("html_report", "a self-contained HTML report (no external files; works offline)"),
    "claimreview": ("claimreview", "schema.org ClaimReview JSON-LD, one per claim with a verdict"),
}
REPORT_FORMATS: tuple[str, ...] = tuple(REPORTS)


def render(fmt: str, docs: Sequence["LedgerDocument"], **options: Any) -> str:
    """The report of ``docs`` in ``fmt`` as text (``options`` are the format's own)."""
    module = import_module(f".{REPORTS[fmt][0]}", __name__)
    return module.render(docs, **options)
