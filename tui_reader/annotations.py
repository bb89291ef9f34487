"""Annotations: a tagged span of a document, anchored by offsets and by its quote,
with what a fact-checker adds to it: links to other annotations, a verdict, a value.

Offsets are code-point offsets into the document's normalized text, so that
``text[start:end] == quote`` always holds for an anchored annotation.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, fields, replace
from datetime import datetime, timezone

CONTEXT_CHARS = 32

# How an annotation is attached to the document's current text (see anchoring.py):
ANCHORED = "anchored"  # made on this text, or position and quote still agree
REANCHORED = "reanchored"  # the exact quote, found at another position
FUZZY = "fuzzy"  # the quote changed: ``quote`` is the new text, ``old_quote`` the one marked
ORPHANED = "orphaned"  # its words are gone: kept with its old quote, attached to nothing
STATUSES: tuple[str, ...] = (ANCHORED, REANCHORED, FUZZY, ORPHANED)


def utc_now() -> str:
    """Now, in UTC, ISO 8601 with a Z and millisecond precision."""
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def new_id() -> str:
    return uuid.uuid4().hex


def anchor_fields(text: str, start: int, end: int) -> dict:
    """What an annotation over ``text[start:end]`` stores of its place: the offsets, the
    quote, and ``CONTEXT_CHARS`` of context on each side."""
    return {
        "start": start,
        "end": end,
        "quote": text[start:end],
        "prefix": text[max(0, start - CONTEXT_CHARS) : start],
        "suffix": text[end : end + CONTEXT_CHARS],
    }


@dataclass(frozen=True)
class Link:
    """A typed link from the annotation that holds it to another of the same document
    (``said_by``: claim -> actor). Kept on its source, so that linking is a change of one
    annotation and every guarantee of the store (atomic, undo, two windows) holds for it."""

    id: str
    type: str
    target: str
    created: str = ""
    annotator: str = ""

    @classmethod
    def create(cls, link_type: str, target: str, annotator: str = "") -> "Link":
        return cls(new_id(), link_type, target, utc_now(), annotator)

    def to_dict(self) -> dict:
        return dict(self.__dict__)


@dataclass(frozen=True)
class Annotation:
    id: str
    document: str
    start: int
    end: int
    quote: str
    prefix: str
    suffix: str
    tag: str
    note: str = ""
    section: str = ""
    created: str = field(default_factory=utc_now)
    modified: str = ""
    annotator: str = ""
    status: str = ANCHORED
    old_quote: str = ""
    links: tuple[Link, ...] = ()  # to other annotations of the document
    verdict: str = ""  # a claim's verdict; "" is the first of the configured list (unverified)
    value: str = ""  # a date's resolved ISO 8601 value (day, month, year or interval), or ""
    name: str = ""  # an actor's chosen name for the entity it belongs to, or ""

    def __post_init__(self) -> None:
        if not self.modified:
            object.__setattr__(self, "modified", self.created)

    @classmethod
    def create(
        cls,
        text: str,
        document: str,
        start: int,
        end: int,
        tag: str,
        note: str = "",
        section: str = "",
        annotator: str = "",
    ) -> "Annotation":
        """A new annotation over ``text[start:end]`` with its quote and context. Which
        tags may be made is the tag set's to say (the workspace checks it); any tag an
        annotation already has is kept."""
        if not 0 <= start < end <= len(text):
            raise ValueError(f"span {start}..{end} is outside the text (0..{len(text)})")
        if not isinstance(tag, str) or not tag:
            raise ValueError("an annotation needs a tag")
        return cls(
            id=new_id(),
            document=document,
            **anchor_fields(text, start, end),
            tag=tag,
            note=note,
            section=section,
            annotator=annotator,
        )

    @property
    def orphaned(self) -> bool:
        """True when the annotation is attached to no words of the current text; its
        ``start``/``end`` are then where it was in the text it was made on."""
        return self.status == ORPHANED

    def with_changes(self, **changes) -> "Annotation":
        """A copy with ``changes`` applied and ``modified`` set to now."""
        return replace(self, modified=utc_now(), **changes)

    def links_of(self, link_type: str) -> tuple[Link, ...]:
        return tuple(link for link in self.links if link.type == link_type)

    def to_dict(self) -> dict:
        # the instance's own dict holds exactly the fields, in order: copying it is a C
        # loop (dataclasses.asdict deep-copies and is ~10x slower at 100,000 annotations)
        data = dict(self.__dict__)
        data["links"] = [link.to_dict() for link in self.links] if self.links else []
        return data

    @classmethod
    def from_dict(cls, data: dict) -> "Annotation":
        values = {name: data[name] for name in _FIELD_NAMES if name in data}
        links = values.get("links")
        if links:
            values["links"] = tuple(link if isinstance(link, Link) else link_from_dict(link) for link in links)
        elif links is not None:
            values["links"] = ()
        if len(values) == len(_FIELD_NAMES) and values["modified"]:
            # a complete record (what the store holds): skip the frozen __init__, which
            # sets each field through object.__setattr__; types are checked by the store
            obj = object.__new__(cls)
            obj.__dict__.update(values)
            return obj
        return cls(**values)


_FIELD_NAMES: tuple[str, ...] = tuple(f.name for f in fields(Annotation))


def link_from_dict(data: dict) -> Link:
    """A stored or imported link; TypeError or ValueError when it is not one."""
    if not isinstance(data, dict):
        raise TypeError(f"a link must be an object, found {type(data).__name__}")
    values = {name: data[name] for name in _LINK_FIELDS if name in data}
    for name in ("id", "type", "target"):
        if not isinstance(values.get(name), str) or not values[name]:
            raise ValueError(f"a link needs a text {name}")
    for name in ("created", "annotator"):
        if not isinstance(values.get(name, ""), str):
            raise ValueError(f"a link's {name} must be text")
    return Link(**values)


_LINK_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Link))
