"""JSONL: one line per document, for NLP tools.

    {"text": "...", "spans": [{"start": 3650, "end": 3668, "label": "actor", ...}],
     "label": [[3650, 3668, "actor"]], "meta": {"id": ..., "title": ..., "path": ...}}

``spans`` is what spaCy users (``doc.char_span(start, end, label=label)``) and
prodigy read; ``label`` is doccano's sequence-labelling import (``[start, end,
LABEL]``; doccano keeps the other keys as the example's metadata). Offsets are
code points into the normalized text, which is ``text``. Orphaned annotations are
left out. Spans may overlap (a claim holding an actor): put them in
``doc.spans[...]``, not ``doc.ents``.

Pure core: no Textual.
"""

from __future__ import annotations

import json
from typing import Sequence

from .model import ExportDocument, ExportResult, placed

# characters that str.splitlines() takes for line ends but JSON leaves unescaped
_LINE_BREAKS = {"\u2028": "\\u2028", "\u2029": "\\u2029", "\x85": "\\u0085"}


def line(doc: ExportDocument, result: ExportResult) -> str:
    if doc.text is None:
        raise ValueError(f"the text of document {doc.id} is needed for jsonl")
    anns = placed(doc, result)
    result.written += len(anns)
    data = {
        "text": doc.text,
        "spans": [
            {"start": a.start, "end": a.end, "label": a.tag, "id": a.id, "annotator": a.annotator, "note": a.note}
            for a in anns
        ],
        "label": [[a.start, a.end, a.tag] for a in anns],
        "meta": {"id": doc.id, "title": doc.title, "path": doc.path},
    }
    text = json.dumps(data, ensure_ascii=False)
    for char, escape in _LINE_BREAKS.items():
        if char in text:
            text = text.replace(char, escape)
    return text


def render(docs: Sequence[ExportDocument], result: ExportResult, exported: str | None = None) -> str:
    """One line per document (``exported`` is not recorded: the format has no place for it)."""
    return "".join(line(doc, result) + "\n" for doc in docs)
