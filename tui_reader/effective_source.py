"""A document's effective source: what its Markdown front matter says, overridden field by
field by what the reader stored (``tui-reader meta``, the app's ``i`` editor).

One function for every caller (the ledger and its reports, the source editor, citations,
exports), so that they all show the same title, URL, outlet, author and publication date.
A stored field that is empty does not hide the front matter's: clearing a field gives the
front matter's value back. Pure core: no Textual.
"""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from .doc_source import Source, source_from_front_matter

SOURCE_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Source))
STORED = "stored"
FRONT_MATTER = "front matter"


def front_matter_source(document: Any) -> Source:
    """The source a document's front matter names: ``document`` is a Document (read only
    when it is Markdown), the raw text of a Markdown file, or None (no front matter)."""
    if document is None:
        return Source()
    if isinstance(document, str):
        return source_from_front_matter(document)
    if not getattr(document, "markdown", False):
        return Source()
    return source_from_front_matter(document.text)


def _as_source(stored: Any) -> Source:
    if isinstance(stored, Source):
        return stored
    return Source.from_dict(stored or {})


def effective_source(document: Any, stored: dict[str, str] | Source | None) -> Source:
    """The source to show and export: the front matter's fields, each replaced by the
    stored one where that is not empty. ``document`` as for :func:`front_matter_source`;
    ``stored`` is ``Store.source(doc_id)`` (a dict) or a Source."""
    base = front_matter_source(document)
    mine = _as_source(stored)
    return Source(**{name: getattr(mine, name) or getattr(base, name) for name in SOURCE_FIELDS})


def source_origins(document: Any, stored: dict[str, str] | Source | None) -> dict[str, str]:
    """Where each field of :func:`effective_source` comes from: ``"stored"``,
    ``"front matter"`` or ``""`` (unknown)."""
    base = front_matter_source(document)
    mine = _as_source(stored)
    return {
        name: STORED if getattr(mine, name) else FRONT_MATTER if getattr(base, name) else ""
        for name in SOURCE_FIELDS
    }
