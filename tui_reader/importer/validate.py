"""Checking each imported annotation record: its fields and types, its span, a known
status and tag (or what to do with an unknown one), its id unique in the file; placed
in its document's text first where that text is at hand (:mod:`.place`).

Pure core: no Textual.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..annotations import ORPHANED, STATUSES, Annotation
from ..errors import ItemProblems
from ..formats.reading import kind, show
from ..integrity import MAX_OFFSET, is_int
from ..tagset import DEFAULT_TAGS, TagSet, foreign_tag_problem
from .place import QuotePlacer

_REQUIRED_TEXT = ("id", "document", "quote", "prefix", "suffix", "tag", "created")
_OPTIONAL_TEXT = ("note", "section", "modified", "annotator", "status", "old_quote")
_NON_EMPTY = ("id", "quote", "created")


@dataclass
class UnknownTags:
    """What to do with a tag that is not one of ours."""

    mapping: str | None  # map every unknown tag to this one...
    keep: bool = False  # ...or let it through (agree, which stores nothing)...
    mapped: list[int] = field(default_factory=lambda: [0])  # ...counting the mapped ones
    known: TagSet = DEFAULT_TAGS
    one_word: bool = False  # a kept tag must be one word (it is stored and exported as it is)


def check_annotation(
    record: Any,
    where: str,
    doc_id: str | None,
    seen: dict[str, str],
    add,
    placer: QuotePlacer | None = None,
    tags: UnknownTags | None = None,
    annotator: str | None = None,
) -> Annotation | None:
    """``record`` (found at ``where`` in the file) as an Annotation of document ``doc_id``,
    placed by ``placer`` where the text is at hand; None, with each problem given to
    ``add``, if it is not sound. ``seen`` gathers the ids met so far in the file."""
    if not isinstance(record, dict):
        add(f"{where}: expected an object, found {kind(record)}")
        return None
    fail = ItemProblems(add)

    if record.get("status") != ORPHANED:
        if placer is not None:
            record = placer.place(record, where, fail)
        elif "start" not in record and "end" not in record and "quote" in record:
            fail(f"{where}: no offsets, and the document's text is not at hand to place its quote")
            return None
    missing = [n for n in ("id", "document", "start", "end", "quote", "prefix", "suffix", "tag", "created") if n not in record]
    if missing:
        fail(f"{where}: missing {', '.join(missing)}")
    for name in _REQUIRED_TEXT:
        if name not in record:
            continue
        elif not isinstance(record[name], str):
            fail(f"{where}.{name}: expected text, found {kind(record[name])}")
        elif name in _NON_EMPTY and not record[name]:
            fail(f"{where}.{name}: empty")
    for name in _OPTIONAL_TEXT:
        if name in record and not isinstance(record[name], str):
            fail(f"{where}.{name}: expected text, found {kind(record[name])}")
    for name in (*_REQUIRED_TEXT, *_OPTIONAL_TEXT):
        if "\0" in (record.get(name) if isinstance(record.get(name), str) else ""):
            fail(f"{where}.{name}: holds a NUL character (binary data, not text)")
    start, end = record.get("start"), record.get("end")
    for name, value in (("start", start), ("end", end)):
        if name in record and not is_int(value):
            fail(f"{where}.{name}: expected a whole number, found {show(value)}")
    offsets_ok = is_int(start) and is_int(end)
    if offsets_ok and not 0 <= start < end:
        fail(f"{where}: span {start}..{end} is not 0 <= start < end")
        offsets_ok = False
    elif offsets_ok and end > MAX_OFFSET:
        fail(f"{where}: span {start}..{end} ends past the end of any document ({MAX_OFFSET} characters)")
        offsets_ok = False
    quote = record.get("quote")
    if offsets_ok and isinstance(quote, str) and quote and len(quote) != end - start:
        fail(f"{where}.quote: {len(quote)} characters, but the span {start}..{end} is {end - start}")
    status = record.get("status")
    if isinstance(status, str) and status not in STATUSES:
        fail(f"{where}.status: unknown status {show(status)} (expected one of {', '.join(STATUSES)})")
    tag = record.get("tag")
    tags = tags or UnknownTags(None)
    if isinstance(tag, str) and tag not in tags.known:
        if tags.keep:
            if tags.one_word and foreign_tag_problem(tag):
                fail(f"{where}.tag: {show(tag)}: {foreign_tag_problem(tag)}")
        elif tags.mapping is None:
            fail(f"{where}.tag: unknown tag {show(tag)} (expected one of {tags.known.listing()})")
        else:
            record = {**record, "tag": tags.mapping}
            tags.mapped[0] += 1
    document = record.get("document")
    if doc_id is not None and isinstance(document, str) and document != doc_id:
        fail(f"{where}.document: {show(document)} is not the id of its document")
    ann_id = record.get("id")
    if isinstance(ann_id, str) and ann_id:
        if ann_id in seen:
            fail(f"{where}.id: {show(ann_id)} appears twice (also {seen[ann_id]})")
        else:
            seen[ann_id] = where
    if fail.found or doc_id is None:
        return None
    known = {name: record[name] for name in (*_REQUIRED_TEXT, *_OPTIONAL_TEXT, "start", "end") if name in record}
    if annotator and not known.get("annotator"):
        known["annotator"] = annotator
    return Annotation(**known)
