"""The entities named so far in a text, so that a later mention ("Donovan", "Penrose", "the
ministry", "He", "SEN. JUNE") can be said to stand for the first named one.

Each entity is its first named mention, its kind (person or organisation) and the short
names it goes by (a person's surname, an organisation's first word when that is a name).
"""

from __future__ import annotations

from bisect import bisect_left, insort
from dataclasses import dataclass, field

from .actors import Mention
from .mentions import BUSINESS_HEADS, GROUP_HEADS
from .lexicon import COMPANY_WORDS, ORGANISATION_WORDS

_ORG_WORDS = frozenset(ORGANISATION_WORDS)
_COMPANY = frozenset(COMPANY_WORDS)
_GROUP_WORDS = ("Coalition", "Group", "Association", "Foundation", "Alliance", "League", "Network", "Union")


@dataclass
class Entity:
    first: Mention
    kind: str  # "person" or "organisation"
    name: str  # its first named mention's words
    keys: set[str] = field(default_factory=set)  # short names: "Donovan", "Penrose"
    last_seen: int = 0
    seen: list[int] = field(default_factory=list)  # where each of its mentions starts, in order

    def seen_before(self, at: int) -> int:
        """Where its last mention before ``at`` starts; -1 when none is."""
        i = bisect_left(self.seen, at)
        return self.seen[i - 1] if i else -1

    def saw(self, at: int) -> None:
        insort(self.seen, at)
        self.last_seen = max(self.last_seen, at)

    def names(self) -> list[str]:
        """What a headline may call it: its name, the last two or more words of it, a short name."""
        if not hasattr(self, "_names"):
            words = self.name.split()
            self._names = [self.name, *(" ".join(words[i:]) for i in range(1, len(words) - 1)), *sorted(self.keys)]
        return self._names


class Entities:
    """What a text has named so far, in reading order."""

    def __init__(self, places: frozenset[str] = frozenset()) -> None:
        self.places = places  # words the text uses as places ("at Varnholm"): no short names
        self.all: list[Entity] = []
        self.last_speaker: Entity | None = None
        self._keys: set[str] = set()

    def keys(self) -> set[str]:
        return self._keys

    def _key_added(self, entity: "Entity") -> None:
        self._keys |= entity.keys

    def remember(self, mention: Mention, name: str) -> Entity | None:
        """Record a named mention; the entity it is a later mention of, or None when it
        is the first."""
        words = [w.rstrip(".,’'s") for w in name.split()]
        for entity in reversed(self.all):
            same = (
                name == entity.name
                or (entity.kind == "person" and mention.kind == "person" and mention.key in entity.keys)
                or (entity.kind == "organisation" and mention.kind == "organisation" and len(words) > 1 and name in entity.name)
                or (len(words) == 1 and words[0] in entity.keys)
            )
            if same:
                entity.saw(mention.start)
                return entity
        keys = set()
        if mention.kind == "person":
            keys.add(mention.key)
        elif mention.key == words[0] and mention.key not in _ORG_WORDS | _COMPANY | self.places:
            keys.add(mention.key)  # "Penrose" for Penrose Polymers (not "Varnholm" for its port)
        self.all.append(Entity(mention, mention.kind, name, keys, mention.start, [mention.start]))
        self._key_added(self.all[-1])
        return None

    def by_key(self, key: str, at: int) -> Entity | None:
        """The entity a short name (a surname, an organisation's first word) stands for."""
        found = [e for e in self.all if key in e.keys]
        entity = max(found, key=lambda e: e.seen_before(at), default=None)
        if entity is not None:
            entity.saw(at)
        return entity

    def for_pronoun(self, pronoun: str, at: int) -> Entity | None:
        """The person (he/she) or organisation (it/they) mentioned last before ``at``; one
        first named after it is never the one meant."""
        kind = "person" if pronoun in ("he", "she") else "organisation"
        fits = [(e.seen_before(at), e) for e in self.all if e.kind == kind]
        fits = [(p, e) for p, e in fits if p >= 0]
        return max(fits, key=lambda pe: pe[0])[1] if fits else None

    def for_description(self, head: str, at: int) -> Entity | None:
        """The entity a description stands for ("the company", "the judge"), or None: the
        latest one whose name holds the head word, or of the head's kind."""
        if head == "statement":
            return self.last_speaker
        if head == "judge":
            fits = [e for e in self.all if e.kind == "person" and e.name.startswith("Judge")]
        elif head == "senator":
            fits = [e for e in self.all if e.kind == "person" and e.name.startswith(("Sen.", "Senator"))]
        elif head in BUSINESS_HEADS:
            fits = [e for e in self.all if e.kind == "organisation" and any(w.rstrip(".,") in _COMPANY for w in e.name.split())]
            if not any(e.seen_before(at) >= 0 for e in fits):  # a firm known by one word ("Lumenwell")
                fits = [e for e in self.all if e.first.rule == "actor:name-alone"]
        else:
            fits = [e for e in self.all if e.kind == "organisation" and head in e.name.lower().split()]
            if not fits and head in GROUP_HEADS:
                fits = [e for e in self.all if e.kind == "organisation" and any(w in e.name for w in _GROUP_WORDS)]
        fits = [e for e in fits if e.seen_before(at) >= 0]
        entity = max(fits, key=lambda e: e.seen_before(at), default=None)
        if entity is not None:
            entity.saw(at)
        return entity
