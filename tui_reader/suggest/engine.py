"""The suggester: dates, actors and claims with their speakers, section by section,
remembering the entities named so far so that a later "Donovan", "the ministry" or
"He" refers to the first named mention.

Pure core: no Textual. Nothing here is stored: the reader accepts or rejects.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from datetime import date

import regex

from .actors import Mention, find_actors
from .claims import find_claims, speaker_after, speaker_before
from .dates import find_dates
from .lexicon import DESCRIPTION_HEADS

_PRONOUN = regex.compile(r"\b(He|She|he|she|It|it|They|they)\b")
_DESCRIPTION = regex.compile(
    r"\b(?:[Tt]he|[Ii]ts|[Tt]his)\s+(" + "|".join(sorted(map(regex.escape, DESCRIPTION_HEADS), key=len, reverse=True)) + r")\b"
)
_CAPITAL_WORD = regex.compile(r"\b\p{Lu}[\p{L}\p{M}’'\-]+\b")


@dataclass(frozen=True)
class Ref:
    """A span of the text another suggestion points at (a speaker, a first mention)."""

    start: int
    end: int
    quote: str
    refers_to: "Ref | None" = None

    def to_dict(self) -> dict:
        data: dict = {"start": self.start, "end": self.end, "quote": self.quote}
        if self.refers_to is not None:
            data["refers_to"] = self.refers_to.to_dict()
        return data


@dataclass(frozen=True)
class Suggestion:
    start: int
    end: int
    quote: str
    tag: str  # actor, claim or date
    rule: str  # the rule that made it: "date:weekday", "actor:title", "claim:verb:said"
    value: str = ""  # a date's resolved value
    said_by: Ref | None = None  # a claim's speaker
    refers_to: Ref | None = None  # a later mention's (or pronoun's) first named mention

    def to_dict(self) -> dict:
        data: dict = {"start": self.start, "end": self.end, "quote": self.quote, "tag": self.tag, "rule": self.rule}
        if self.value:
            data["value"] = self.value
        if self.said_by is not None:
            data["said_by"] = self.said_by.to_dict()
        if self.refers_to is not None:
            data["refers_to"] = self.refers_to.to_dict()
        return data


@dataclass
class _Entity:
    first: Mention
    kind: str
    keys: set[str] = field(default_factory=set)  # surname, words of the name
    last_seen: int = 0


class Suggester:
    """Suggestions for one text, asked section by section in reading order (a later
    section's "Donovan" needs the earlier "General Francis L. Donovan")."""

    def __init__(self, text: str, published: date | None = None, soft: frozenset[int] = frozenset()) -> None:
        self.text = text
        self.published = published
        self._soft = sorted(soft)  # line breaks inside paragraphs (hard wrapping)
        self.entities: list[_Entity] = []
        self._last_speaker: _Entity | None = None

    def section(self, start: int, end: int) -> list[Suggestion]:
        """The suggestions of ``text[start:end]``, in text order."""
        from ..textnav import sentences

        text = self.text
        lo, hi = bisect_left(self._soft, start), bisect_left(self._soft, end)
        soft = {i - start for i in self._soft[lo:hi] if not self._after_headline(i)}
        spans = sentences(text[start:end], start, soft)
        starts = {s for s, _ in spans}
        out: list[Suggestion] = []
        for s, e, rule in find_dates(text, start, end):
            out.append(Suggestion(s, e, text[s:e], "date", rule, self._value(text[s:e])))
        mentions = find_actors(text, start, end, starts)
        mentions += self._surnames(start, end, mentions)
        mentions.sort(key=lambda m: m.start)
        refers: dict[int, Ref | None] = {}
        for mention in mentions:
            refers[mention.start] = self._remember(mention)
            out.append(Suggestion(mention.start, mention.end, text[mention.start : mention.end], "actor", mention.rule, refers_to=refers[mention.start]))
        for hit in find_claims(text, spans):
            local = [m for m in mentions if hit.start <= m.start < hit.end]
            speaker, ref = self._speaker(hit, local, refers)
            said_by = None
            if speaker is not None:
                said_by = Ref(speaker.start, speaker.end, text[speaker.start : speaker.end], ref)
                if speaker.rule.startswith("actor:anaphor") and ref is not None:
                    out.append(Suggestion(speaker.start, speaker.end, said_by.quote, "actor", speaker.rule, refers_to=ref))
            out.append(Suggestion(hit.start, hit.end, text[hit.start : hit.end], "claim", hit.rule, said_by=said_by))
        out.sort(key=lambda g: (g.start, g.end, g.tag))
        return out

    # -- dates -------------------------------------------------------------------------

    def _value(self, quote: str) -> str:
        try:
            from ..date_values import resolve_date
        except ImportError:  # pragma: no cover - the module ships with the package
            return ""
        return resolve_date(quote, self.published) or ""

    # -- entities ------------------------------------------------------------------------

    def _remember(self, mention: Mention) -> Ref | None:
        """Record ``mention``; the first named mention of its entity when it is a later one."""
        words = [w.rstrip(".,’'s") for w in mention.words]
        name = " ".join(mention.words)
        for entity in reversed(self.entities):
            first = entity.first
            first_name = self.text[first.start : first.end]
            same = (
                name == first_name
                or (entity.kind == "person" and mention.kind == "person" and mention.key == first.key)
                or (entity.kind == "organisation" and len(words) > 1 and name in first_name)
                or (len(words) == 1 and words[0] in entity.keys)
            )
            if same:
                entity.last_seen = mention.start
                if first is mention:
                    return None
                return Ref(first.start, first.end, first_name)
        keys = {mention.key} if mention.kind == "person" else set()
        self.entities.append(_Entity(mention, mention.kind, keys, mention.start))
        return None

    def _surnames(self, start: int, end: int, named: list[Mention]) -> list[Mention]:
        """Single capitalised words that are the surname of a person named before them
        (in an earlier section or earlier in this one)."""
        known = {k for e in self.entities if e.kind == "person" for k in e.keys}
        first_here: dict[str, int] = {}
        for m in named:
            if m.kind == "person":
                first_here.setdefault(m.key, m.start)
        out = []
        for m in _CAPITAL_WORD.finditer(self.text, start, end):
            word = m.group().removesuffix("’s").removesuffix("'s")
            if word in known or first_here.get(word, end) < m.start():
                if not any(n.start <= m.start() < n.end for n in named):
                    out.append(Mention(m.start(), m.start() + len(word), "actor:surname", word, "person", words=[word]))
        return out

    def _after_headline(self, newline: int) -> bool:
        """Whether the line that ends at ``newline`` is a headline (its break is no soft wrap)."""
        from .actors import is_headline

        return is_headline(self.text[self.text.rfind("\n", 0, newline) + 1 : newline])

    def _speaker(self, hit, local: list[Mention], refers: dict[int, Ref | None]):
        """(the speaker's mention, the entity's first mention it refers to) of a claim."""
        text = self.text
        if hit.rule == "claim:according-to":
            speaker = speaker_after(text, hit.verb_end, hit.end, local) or self._anaphor(hit.verb_end, hit.end, after=True)
        else:
            speaker = speaker_before(text, hit.start, hit.verb_start, local + self._anaphors(hit.start, hit.verb_start))
            if speaker is None:
                speaker = speaker_after(text, hit.verb_end, hit.end, local) or self._anaphor(hit.verb_end, hit.end, after=True)
        if speaker is None:
            return None, None
        if speaker.rule.startswith("actor:anaphor"):
            entity = self._resolve(speaker)
            if entity is None:
                return None, None  # "It said" with nothing to stand for: no speaker invented
            self._last_speaker = entity
            first = entity.first
            return speaker, Ref(first.start, first.end, text[first.start : first.end])
        self._last_speaker = next((e for e in self.entities if e.first.start == speaker.start or refers.get(speaker.start) and e.first.start == refers[speaker.start].start), None)
        return speaker, refers.get(speaker.start)

    def _anaphors(self, start: int, end: int) -> list[Mention]:
        out = []
        for m in _PRONOUN.finditer(self.text, start, end):
            out.append(Mention(m.start(), m.end(), "actor:anaphor:pronoun", m.group().lower(), "pronoun", words=[m.group()]))
        for m in _DESCRIPTION.finditer(self.text, start, end):
            out.append(Mention(m.start(), m.end(), "actor:anaphor:description", m.group(1).lower(), "description", words=m.group().split()))
        return out

    def _anaphor(self, start: int, end: int, after: bool) -> Mention | None:
        found = self._anaphors(start, min(end, start + 40))
        return found[0] if found and self.text[start : found[0].start].strip().lower() in ("", "the", "a") else None

    def _resolve(self, mention: Mention) -> _Entity | None:
        """The entity a pronoun or a description stands for: the latest person for he/she,
        the latest organisation for it/they or a description whose head it shares."""
        key = mention.key
        if key in ("he", "she"):
            people = [e for e in self.entities if e.kind == "person"]
            return max(people, key=lambda e: e.last_seen, default=None)
        if key == "statement":
            return self._last_speaker
        orgs = [e for e in self.entities if e.kind == "organisation"]
        if key in ("it", "they"):
            return max(orgs, key=lambda e: e.last_seen, default=None)
        head = key.split()[-1]
        fits = [e for e in orgs if head in self.text[e.first.start : e.first.end].lower()]
        return max(fits, key=lambda e: e.last_seen, default=None)


def suggest_document(document, published: date | None = None) -> list[Suggestion]:
    """Every suggestion for a loaded Document, section by section."""
    from ..layout import soft_breaks

    markdown = document.path.lower().endswith((".md", ".markdown")) if document.path else False
    soft = frozenset(soft_breaks(document.text, markdown=markdown))
    suggester = Suggester(document.text, published, soft)
    body = _body_start(document.text) if markdown else 0
    out: list[Suggestion] = []
    for section in document.sections:
        if section.end > body:
            out.extend(suggester.section(max(section.start, body), section.end))
    return out


def _body_start(text: str) -> int:
    """Where a Markdown text's body starts: after its front matter (data, not prose)."""
    from ..sections.markdown import front_matter_end

    lines = text[:20000].split("\n")
    end = front_matter_end(lines)
    return sum(len(line) + 1 for line in lines[:end]) if end else 0
