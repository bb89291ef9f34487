"""Tags as data: each tag's name, key, colour and what it is for.

The default set is actor / claim / date on a / c / d. ``[[tags]]`` entries in
config.toml, when present, are the tag set instead (see ``tags_from_config``). Every
place that knows tags (tagging keys, colours, validation on tag and on import, agree's
rows, the CLI help) takes them from a ``TagSet``; an annotation whose tag is not in the
current set is kept and shown in a neutral style, never dropped.

Pure core: no Textual. Colours are checked by a function the UI passes in.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterator

from .errors import UserError
from .keynames import check_key_name, key_name
from .linktypes import DEFAULT_LINK_TYPES, DEFAULT_VERDICTS, NAME_SHAPE, LinkType

MAX_TAGS = 20  # one key and one colour each: more would not fit the key hints or memory
MAX_DESCRIPTION = 200
FIELDS = ("name", "key", "color", "description")


class TagSetError(UserError):
    """A bad ``[[tags]]`` entry; one line naming the config file and the entry."""


@dataclass(frozen=True)
class Tag:
    name: str
    key: str  # the key that tags with it (a Textual key name: "a", "p", "ctrl+t")
    color: str  # a colour or theme variable, with an optional opacity: "#d08770", "$primary 45%"
    description: str = ""


@dataclass(frozen=True)
class TagSet:
    """The tags, and the link types and verdicts that go with them (all from config)."""

    tags: tuple[Tag, ...]
    link_types: tuple[LinkType, ...] = DEFAULT_LINK_TYPES
    verdicts: tuple[str, ...] = DEFAULT_VERDICTS

    def link_type(self, name: str) -> LinkType | None:
        return next((t for t in self.link_types if t.name == name), None)

    def link_types_between(self, source_tag: str, target_tag: str) -> tuple[LinkType, ...]:
        """The link types that may join an annotation tagged ``source_tag`` to one tagged ``target_tag``."""
        return tuple(t for t in self.link_types if t.fits(source_tag, target_tag))

    def verdict_of(self, verdict: str) -> str:
        """A stored verdict as shown: "" is the first (default) verdict."""
        return verdict or self.verdicts[0]

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(t.name for t in self.tags)

    def __contains__(self, name: object) -> bool:
        return any(t.name == name for t in self.tags)

    def __iter__(self) -> Iterator[Tag]:
        return iter(self.tags)

    def __len__(self) -> int:
        return len(self.tags)

    def get(self, name: str) -> Tag | None:
        return next((t for t in self.tags if t.name == name), None)

    def listing(self) -> str:
        """The names for a message: "actor, claim, date"."""
        return ", ".join(self.names)


def a_tag(name: str) -> str:
    """A tag's name with its article, as messages say it: "an actor", "a claim"."""
    return ("an " if name[:1].lower() in "aeiou" else "a ") + name


def foreign_tag_problem(name: str) -> str | None:
    """What keeps a tag from outside the set (kept on import) from being stored and
    exported as it is, or None: it must be one word of printable text."""
    if not name or len(name) > 64:
        return "a tag must be 1 to 64 characters"
    if any(ch.isspace() or not ch.isprintable() or ch in ",:" for ch in name):
        return "a tag must be one word (no spaces, commas or colons)"
    return None


DEFAULT_TAGS = TagSet(
    (
        Tag("actor", "a", "$primary 45%", "who acts or speaks: a person, a group, an institution"),
        Tag("claim", "c", "$error 40%", "a statement to check"),
        Tag("date", "d", "$success 40%", "when something happened or will"),
    )
)


def parse_tags(
    entries: object,
    where: str,
    check_color: Callable[[str], str | None] | None = None,
) -> TagSet:
    """The tag set of ``[[tags]]`` entries (a list of tables), or TagSetError naming
    ``where`` (the config file) and the entry. ``check_color`` returns what is wrong
    with a colour, or None; without it colours are only checked to be text. Keys are
    checked against each other here and against every other binding in keymap.py."""
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise TagSetError(f"{where}: tags must be [[tags]] entries (tables with name, key and color)")
    if not entries:
        raise TagSetError(f"{where}: [[tags]] holds no tag")
    if len(entries) > MAX_TAGS:
        raise TagSetError(f"{where}: {len(entries)} [[tags]] entries; at most {MAX_TAGS}")
    tags: list[Tag] = []
    for number, entry in enumerate(entries, 1):
        name = entry.get("name")
        label = f"[[tags]] entry {number}" + (f" ({name!r})" if isinstance(name, str) else "")

        def fail(problem: str) -> None:
            raise TagSetError(f"{where}: {label}: {problem}")

        unknown = [k for k in entry if k not in FIELDS]
        if unknown:
            fail(f"unknown field {unknown[0]!r} (a tag has {', '.join(FIELDS)})")
        for field_name in ("name", "key", "color"):
            if field_name not in entry:
                fail(f"no {field_name}")
            if not isinstance(entry[field_name], str):
                fail(f"{field_name} must be text, found {type(entry[field_name]).__name__}")
        if not NAME_SHAPE.match(name):
            fail(
                "the name must be a lowercase letter, then up to 31 lowercase letters, digits, - or _ "
                f"(found {name!r})"
            )
        raw_key = entry["key"] if entry["key"] == " " else entry["key"].strip()
        problem = check_key_name(raw_key) or (None if "," not in raw_key[1:] else "one key per tag")
        if problem:
            fail(f"key {entry['key']!r}: {problem}")
        color = entry["color"].strip()
        problem = check_color(color) if check_color else (None if color else "empty")
        if problem:
            fail(f"color {entry['color']!r}: {problem}")
        description = entry.get("description", "")
        if not isinstance(description, str):
            fail(f"description must be text, found {type(description).__name__}")
        description = " ".join(description.split())
        if len(description) > MAX_DESCRIPTION:
            fail(f"the description is over {MAX_DESCRIPTION} characters")
        key = key_name(raw_key)
        for other in tags:
            if other.name == name:
                fail(f"the name {name!r} is already entry {tags.index(other) + 1}'s")
            if other.key == key:
                fail(f"key {entry['key']!r} already tags {other.name}")
        tags.append(Tag(name, key, color, description))
    return TagSet(tuple(tags))
