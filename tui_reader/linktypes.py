"""Link types and verdicts as data: what may link to what, and what a claim can be found.

The defaults answer "who claimed what, when": ``said_by`` (claim -> actor), ``dated``
(claim -> date) and ``same_as`` (actor -> actor, two mentions of one entity).
``[[links]]`` entries in config.toml add types (one with a default's name replaces it);
``verdicts = [...]`` replaces the verdict list, whose first entry is the default.

Pure core: no Textual.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import UserError

#: a tag's, link type's or verdict's name: lowercase ASCII letters, digits, - and _,
#: starting with a letter. It is a brat type, a jsonl label, a csv cell, a search term
#: and a binding id, so it holds no space, comma, colon or quote.
NAME_SHAPE = re.compile(r"[a-z][a-z0-9_-]{0,31}\Z")

SAID_BY = "said_by"
DATED = "dated"
SAME_AS = "same_as"
MAX_LINK_TYPES = 20
MAX_VERDICTS = 20
LINK_FIELDS = ("name", "from", "to", "label")


class LinkTypeError(UserError):
    """A bad ``[[links]]`` entry or verdict list; one line naming the config file."""


@dataclass(frozen=True)
class LinkType:
    name: str
    sources: tuple[str, ...]  # the tags of the annotations it may start from
    targets: tuple[str, ...]  # the tags it may point to
    label: str = ""  # how a row shows it: "said by"

    @property
    def shown(self) -> str:
        return self.label or self.name.replace("_", " ")

    def fits(self, source_tag: str, target_tag: str) -> bool:
        return source_tag in self.sources and target_tag in self.targets


DEFAULT_LINK_TYPES: tuple[LinkType, ...] = (
    LinkType(SAID_BY, ("claim",), ("actor",), "said by"),
    LinkType(DATED, ("claim",), ("date",), "dated"),
    LinkType(SAME_AS, ("actor",), ("actor",), "same as"),
)

DEFAULT_VERDICTS: tuple[str, ...] = (
    "unverified", "true", "mostly-true", "misleading", "false", "unsupported",
)


def parse_link_types(entries: object, tag_names: tuple[str, ...], where: str) -> tuple[LinkType, ...]:
    """The default link types with ``[[links]]`` entries added (or replacing a default of
    the same name); LinkTypeError naming ``where`` and the entry when one cannot be."""
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise LinkTypeError(f"{where}: links must be [[links]] entries (tables with name, from and to)")
    types = {t.name: t for t in DEFAULT_LINK_TYPES}
    for number, entry in enumerate(entries, 1):
        name = entry.get("name")
        label = f"[[links]] entry {number}" + (f" ({name!r})" if isinstance(name, str) else "")
        unknown = [k for k in entry if k not in LINK_FIELDS]
        if unknown:
            raise LinkTypeError(f"{where}: {label}: unknown field {unknown[0]!r} (a link type has {', '.join(LINK_FIELDS)})")
        if not isinstance(name, str) or not NAME_SHAPE.match(name):
            raise LinkTypeError(f"{where}: {label}: the name must be a lowercase word (letters, digits, - or _)")
        ends = []
        for end in ("from", "to"):
            value = entry.get(end)
            if isinstance(value, str):
                value = [value]
            if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
                raise LinkTypeError(f"{where}: {label}: {end} must be a tag or a list of tags")
            missing = [v for v in value if v not in tag_names]
            if missing:
                raise LinkTypeError(f"{where}: {label}: {end} names {missing[0]!r}, which is not a tag (the tags are {', '.join(tag_names)})")
            ends.append(tuple(value))
        shown = entry.get("label", "")
        if not isinstance(shown, str) or len(shown) > 40:
            raise LinkTypeError(f"{where}: {label}: label must be text of at most 40 characters")
        types[name] = LinkType(name, ends[0], ends[1], " ".join(shown.split()))
    if len(types) > MAX_LINK_TYPES:
        raise LinkTypeError(f"{where}: {len(types)} link types; at most {MAX_LINK_TYPES}")
    return tuple(types.values())


def parse_verdicts(value: object, where: str) -> tuple[str, ...]:
    """``verdicts = [...]``: words of text, no repeats; the first is a claim's default."""
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        raise LinkTypeError(f"{where}: verdicts must be a list of words, the first the default (\"unverified\")")
    if len(value) > MAX_VERDICTS:
        raise LinkTypeError(f"{where}: {len(value)} verdicts; at most {MAX_VERDICTS}")
    for verdict in value:
        if not NAME_SHAPE.match(verdict):
            raise LinkTypeError(f"{where}: verdict {verdict!r} must be a lowercase word (letters, digits, - or _)")
    if len(set(value)) != len(value):
        raise LinkTypeError(f"{where}: a verdict is listed twice")
    return tuple(value)
