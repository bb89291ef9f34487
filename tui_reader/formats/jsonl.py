"""JSONL: one line per document, for NLP tools.

    {"text": "...",
     "spans": [{"start": 3650, "end": 3668, "label": "actor", "id": ..., "annotator": ..., "note": ...}],
     "label": [[3650, 3668, "actor"]],
     "entities": [{"id": 0, "start_offset": 3650, "end_offset": 3668, "label": "actor"}],
     "relations": [{"id": 0, "from_id": 4, "to_id": 0, "type": "said_by"}],
     "meta": {"id": ..., "title": ..., "path": ..., "source": {...}}}

``spans`` is what spaCy users (``doc.char_span(start, end, label=label)``) and
prodigy read, with what a fact-checker adds (verdict, a date's value, an entity
name); ``label`` is doccano's sequence-labelling import (``[start, end, LABEL]``);
``entities`` and ``relations`` its relation-extraction import (the shape of doccano
1.8's ``RelationExtractionDataset``: whole-number entity ids, relations
``from_id``/``to_id``/``type``). ``entities[i]`` is ``spans[i]``, and its id is ``i``.
Offsets are code points into the normalized text, which is ``text``. Orphaned
annotations are left out, and links from or to them. Spans may overlap (a claim
holding an actor): put them in ``doc.spans[...]``, not ``doc.ents``.

Reading (``tui-reader import``): each line is a document (its text, so quotes are
checked there); ``spans`` are its annotations, or doccano's ``entities`` where there
are no spans; ``relations`` their links.

Pure core: no Textual.
"""

from __future__ import annotations

import json
from typing import Sequence

from .model import ExportDocument, ExportResult, date_values, placed
from .reading import ExportFile, Problems, Read

# characters that str.splitlines() takes for line ends but JSON leaves unescaped
_LINE_BREAKS = {"\u2028": "\\u2028", "\u2029": "\\u2029", "\x85": "\\u0085"}


def line(doc: ExportDocument, result: ExportResult) -> str:
    if doc.text is None:
        raise ValueError(f"the text of document {doc.id} is needed for jsonl")
    anns = placed(doc, result)
    result.written += len(anns)
    values = date_values(doc)
    number = {a.id: i for i, a in enumerate(anns)}
    relations = []
    for ann in anns:
        for link in ann.links:
            if link.target not in number:
                result.links_left_out += 1
                continue
            relations.append({
                "id": len(relations), "from_id": number[ann.id], "to_id": number[link.target], "type": link.type,
                "link_id": link.id, "created": link.created, "annotator": link.annotator,
            })
    result.links_left_out += sum(1 for a in doc.annotations if a.id not in number for _ in a.links)
    data = {
        "text": doc.text,
        "spans": [_span(a, values) for a in anns],
        "label": [[a.start, a.end, a.tag] for a in anns],
        "entities": [{"id": i, "start_offset": a.start, "end_offset": a.end, "label": a.tag} for i, a in enumerate(anns)],
        "relations": relations,
        "meta": {"id": doc.id, "title": doc.title, "path": doc.path, "source": dict(doc.source)},
    }
    text = json.dumps(data, ensure_ascii=False)
    for char, escape in _LINE_BREAKS.items():
        if char in text:
            text = text.replace(char, escape)
    return text


def _span(a, values: dict[str, tuple[str, bool]]) -> dict:
    span = {"start": a.start, "end": a.end, "label": a.tag, "id": a.id, "annotator": a.annotator, "note": a.note,
            "created": a.created, "modified": a.modified}
    if a.verdict:
        span["verdict"] = a.verdict
    if a.id in values:  # the value as tools want it; "value_resolved": from the publication date
        span["value"], resolved = values[a.id]
        if resolved:
            span["value_resolved"] = True
    if a.name:
        span["name"] = a.name
    return span


def render(docs: Sequence[ExportDocument], result: ExportResult, exported: str | None = None) -> str:
    """One line per document (``exported`` is not recorded: the format has no place for it)."""
    return "".join(line(doc, result) + "\n" for doc in docs)


# -- reading -------------------------------------------------------------------------------


def recognizes(file: ExportFile) -> bool:
    return file.path is not None and file.path.suffix.lower() == ".jsonl"


def read(file: ExportFile, add: Problems) -> Read:
    """A document per line, its records over its text (see :mod:`.jsonl_read`)."""
    from .jsonl_read import read_lines

    return read_lines(file, add)
