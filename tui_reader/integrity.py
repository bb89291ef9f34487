"""Checks of data read from outside: what a record of the store must hold, and JSON
whose numbers are too long to read.

Every annotation record read from a store file is checked here; one that breaks an
invariant makes its file damaged (never written over; ``tui-reader repair`` moves it
aside), so that a damaged record is never shown or exported as if it were sound.

Pure core: no Textual.
"""

from __future__ import annotations

import json

from .annotations import ANCHORED, ORPHANED, STATUSES
from .document import MAX_BYTES

# no document is longer than this many code points (each is at least one byte)
MAX_OFFSET = MAX_BYTES

# the text fields of an annotation record
_TEXT_FIELDS = (
    "id", "document", "quote", "prefix", "suffix", "tag", "note", "section", "created", "modified",
    "annotator", "status", "old_quote", "verdict", "value", "name",
)
_BLANKS = ("",) * len(_TEXT_FIELDS)  # a missing field is checked elsewhere (Annotation's own fields)
_STATUSES = frozenset(STATUSES)
# the catalogue record's fields, where present
_CATALOGUE_TEXT = ("path", "title", "opened")
_CATALOGUE_COUNTS = ("sections", "annotations")


def is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def json_problem(exc: ValueError) -> str:
    """A few words on why ``json.loads`` failed: its own message, or the number too
    long to convert (Python refuses integers of more than 4,300 digits, and says so with
    a plain ValueError that is not a JSONDecodeError)."""
    if isinstance(exc, json.JSONDecodeError):
        return f"not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})"
    if "digits" in str(exc):
        return "not readable JSON (a number with too many digits)"
    return f"not readable JSON ({str(exc).splitlines()[0] if str(exc) else type(exc).__name__})"


def annotation_problem(record: dict, doc_id: str | None = None) -> str | None:
    """What is wrong with an annotation record of the store, in a few words; None if it
    keeps every invariant: text fields are text, a known status, whole-number offsets
    with 0 <= start < end, a quote as long as its span, and (given ``doc_id``) the
    document of the file that holds it. (Every record of every file read goes through
    here: the common case is one expression of C-level checks.)"""
    get = record.get
    start, end, quote = get("start"), get("end"), get("quote", "")
    try:
        "".join(map(get, _TEXT_FIELDS, _BLANKS))  # TypeError unless every one is text
    except TypeError:
        pass
    else:
        if (
            type(start) is int
            and type(end) is int
            and 0 <= start < end <= MAX_OFFSET
            and len(quote) == end - start
            and get("status", ANCHORED) in _STATUSES
            and (doc_id is None or get("document") == doc_id)
            and not get("links")
        ):
            return None
    for name in _TEXT_FIELDS:
        if name in record and not isinstance(record[name], str):
            return f"its {name} is not text"
    if not (is_int(start) and is_int(end)):
        return "it has non-integer offsets"
    if not 0 <= start < end:
        return f"its span {start}..{end} is not 0 <= start < end"
    if end > MAX_OFFSET:
        return f"its span ends past the end of any document ({MAX_OFFSET} characters)"
    if len(quote) != end - start:
        return f"its quote is {len(quote)} characters long but its span {start}..{end} is {end - start}"
    if record.get("status", ANCHORED) not in STATUSES:
        return f"its status {str(record.get('status'))[:20]!r} is unknown"
    if doc_id is not None and record.get("document") != doc_id:
        return "it names another document than its file's"
    return links_problem(record.get("links", []), record.get("id"))


def links_problem(links: object, own_id: object) -> str | None:
    """What is wrong with an annotation's links (a list of {id, type, target, ...}), or None."""
    if not isinstance(links, (list, tuple)):
        return "its links are not a list"
    seen = set()
    for link in links:
        if isinstance(link, dict):
            fields = (link.get("id"), link.get("type"), link.get("target"))
            extra = (link.get("created", ""), link.get("annotator", ""))
        else:
            fields = (getattr(link, "id", None), getattr(link, "type", None), getattr(link, "target", None))
            extra = (getattr(link, "created", ""), getattr(link, "annotator", ""))
        if not all(isinstance(v, str) and v for v in fields) or not all(isinstance(v, str) for v in extra):
            return "a link of it is not {id, type, target} as text"
        if fields[2] == own_id:
            return "it links to itself"
        if fields[0] in seen:
            return f"link id {fields[0]} appears twice"
        seen.add(fields[0])
    return None


def text_problem(annotations, length: int) -> str | None:
    """The first annotation attached to the text (not orphaned) that ends past the
    text's ``length``, said in a few words; None if there is none."""
    for ann in annotations:
        if ann.status != ORPHANED and ann.end > length:
            return f"annotation {ann.id} ends at {ann.end}, past the end of the text ({length})"
    return None


def catalogue_problem(record: dict) -> str | None:
    """What is wrong with a catalogue record's fields other than its id; None if nothing."""
    for name in _CATALOGUE_TEXT:
        if name in record and not isinstance(record[name], str):
            return f"its {name} is not text"
    for name in _CATALOGUE_COUNTS:
        if name in record and not (is_int(record[name]) and record[name] >= 0):
            return f"its {name} is not a count"
    paths = record.get("paths", [])
    if not (isinstance(paths, list) and all(isinstance(p, str) for p in paths)):
        return "its paths are not a list of paths"
    return None
