"""Checking each imported annotation record: its fields and types, its span, a known
status and tag (or what to do with an unknown one), its id unique in the file; placed
in its document's text first where that text is at hand (:mod:`.place`).

Pure core: no Textual.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..annotations import ORPHANED, STATUSES, Annotation, Link, link_from_dict
from ..errors import ItemProblems
from ..formats.reading import kind, show
from ..integrity import MAX_OFFSET, is_int
from ..tagset import DEFAULT_TAGS, TagSet, foreign_tag_problem
from .place import QuotePlacer

_REQUIRED_TEXT = ("id", "document", "quote", "prefix", "suffix", "tag", "created")
_OPTIONAL_TEXT = ("note", "section", "modified", "annotator", "status", "old_quote", "verdict", "value", "name")
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
    link_places: dict[tuple[str, str], str] | None = None,
) -> Annotation | None:
    """``record`` (found at ``where`` in the file) as an Annotation of document ``doc_id``,
    placed by ``placer`` where the text is at hand; None, with each problem given to
    ``add``, if it is not sound. ``seen`` gathers the ids met so far in the file;
    ``link_places`` where each of its links stands, by (annotation id, link id), for
    :func:`.links.check_links` to name them."""
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
    check_findings(record, where, tags, fail)
    links = read_links(record, where, fail, link_places)
    if fail.found or doc_id is None:
        return None
    known = {name: record[name] for name in (*_REQUIRED_TEXT, *_OPTIONAL_TEXT, "start", "end") if name in record}
    if annotator and not known.get("annotator"):
        known["annotator"] = annotator
    return Annotation(**known, links=links)


def check_findings(record: dict, where: str, tags: UnknownTags, fail) -> None:
    """A verdict from the tag set's list and a date value of ISO 8601's shape (agree,
    which stores nothing and keeps any tag, takes any verdict)."""
    from ..date_values import value_problem

    verdict = record.get("verdict", "")
    lenient = tags.keep and not tags.one_word
    if isinstance(verdict, str) and verdict and verdict not in tags.known.verdicts and not lenient:
        # a reader may say where the verdict stands when that is not the record's place (brat's A line)
        at = record.get("verdict_where") if isinstance(record.get("verdict_where"), str) else f"{where}.verdict"
        fail(f"{at}: unknown verdict {show(verdict)} (expected one of {', '.join(tags.known.verdicts)})")
    value = record.get("value", "")
    problem = value_problem(value) if isinstance(value, str) and value else None
    if problem:
        at = record.get("value_where") if isinstance(record.get("value_where"), str) else f"{where}.value"
        fail(f"{at}: {show(value)} {problem}")


def read_links(record: dict, where: str, fail, places: dict[tuple[str, str], str] | None) -> tuple[Link, ...]:
    """The record's links, each ``{"id", "type", "target", "created", "annotator"}``
    (a reader may add ``where`` it stands in the file); problems go to ``fail``."""
    found = record.get("links", [])
    if not isinstance(found, list):
        fail(f"{where}.links: expected a list, found {kind(found)}")
        return ()
    out = []
    seen: set[str] = set()
    for i, data in enumerate(found):
        at = data.get("where") if isinstance(data, dict) and isinstance(data.get("where"), str) else f"{where}.links[{i}]"
        try:
            link = link_from_dict(data)
        except (TypeError, ValueError) as exc:
            fail(f"{at}: {exc}")
            continue
        if link.id in seen:
            fail(f"{at}.id: {show(link.id)} appears twice on one annotation")
            continue
        seen.add(link.id)
        out.append(link)
        if places is not None and isinstance(record.get("id"), str):
            places[(record["id"], link.id)] = at
    return tuple(out)



def check_source(found: Any, where: str, add) -> dict[str, str]:
    """A document's source record as read (``None``: the file has none) as the store
    keeps it: text fields of ``SOURCE_FIELDS`` that :meth:`Source.check` passes (a web
    address, ``published`` a YYYY-MM-DD date)."""
    from ..doc_source import Source
    from ..store.schema import SOURCE_FIELDS

    if found is None:
        return {}
    if not isinstance(found, dict):
        add(f"{where}: expected an object, found {kind(found)}")
        return {}
    out = {}
    for name, value in found.items():
        if name not in SOURCE_FIELDS:
            add(f"{where}: unknown field {show(name)} (a source has {', '.join(SOURCE_FIELDS)})")
        elif not isinstance(value, str) or len(value) > 2000 or "\0" in value:
            add(f"{where}.{name}: expected text (at most 2,000 characters), found {show(value)}")
        elif value:
            out[name] = value
    problem = Source.from_dict(out).check()  # what `tui-reader meta` and the app accept
    if problem:
        add(f"{where}.{problem}")
    return out
