"""The suggester: dates, actors and claims with their speakers, section by section,
remembering the entities named so far so that a later "Donovan", "the ministry" or
"He" refers to the first named mention.

Pure core: no Textual. Nothing here is stored: the reader accepts or rejects.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from datetime import date

import regex

from .actors import Mention, find_actors, is_headline
from .claims import ClaimHit, find_claims, speaker_after, speaker_before
from .dates import find_dates
from .entities import Entities, Entity
from .lexicon import NOT_NAMES
from .mentions import descriptions, headline_lines, national_institutions, speaker_labels

NOT_NAMES_SET = frozenset(NOT_NAMES)

_PRONOUN = regex.compile(r"\b(He|She|he|she|It|it|They|they)\b")
# a capitalised word alone after a preposition of place: "in Varnholm", "from Ostmark"
_PLACE_USE = regex.compile(r"\b(?:in|at|from|near|across|outside|into|throughout)\s+(\p{Lu}[\p{L}’'\-]+)\b(?!\s+\p{Lu})")
_STATEMENT = regex.compile(r"\b(?:[Tt]he|[Ii]ts|[Tt]his)\s+statement\b")
_CAPITAL_WORD = regex.compile(r"\b\p{Lu}[\p{L}\p{M}’'\-]+\b")
_WORD_BEFORE = regex.compile(r"(\S+)\s+\Z")
_WORD_AFTER = regex.compile(r"\s+(\S+)")


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


class Suggester:
    """Suggestions for one text, asked section by section in reading order (a later
    section's "Donovan" needs the earlier "General Francis L. Donovan")."""

    def __init__(self, text: str, published: date | None = None, soft: frozenset[int] = frozenset()) -> None:
        self.text = text
        self.published = published
        self._soft = sorted(soft)  # line breaks inside paragraphs (hard wrapping)
        self._bare_names = _bare_names(text)
        self._values: dict[str, str] = {}  # a date's value by its quote
        self.entities = Entities(frozenset(_PLACE_USE.findall(text)) - self._bare_names)

    def section(self, start: int, end: int) -> list[Suggestion]:
        """The suggestions of ``text[start:end]``, in text order."""
        from ..textnav import sentences

        text = self.text
        lo, hi = bisect_left(self._soft, start), bisect_left(self._soft, end)
        soft = {i - start for i in self._soft[lo:hi] if not self._after_headline(i)}
        spans = sentences(text[start:end], start, soft)
        out: list[Suggestion] = []
        dates = list(find_dates(text, start, end))
        for s, e, rule in dates:
            out.append(Suggestion(s, e, text[s:e], "date", rule, self._value(text[s:e])))
        mentions, refers = self._actors(start, end, {s for s, _ in spans}, dates)
        for m in mentions:
            out.append(Suggestion(m.start, m.end, text[m.start : m.end], "actor", m.rule, refers_to=refers.get(m.start)))
        labels = [m for m in mentions if m.rule == "actor:speaker-label"]
        spans = _after_labels(text, spans, labels)
        hits = {(h.start, h.end): h for h in find_claims(text, spans)}
        for s, e in spans:
            hit = hits.get((s, e))
            label = _turn_of(text, s, labels)
            if hit is None and label is not None and _a_statement(text[s:e]):
                hit = ClaimHit(s, e, "claim:transcript-turn", s, s)
            if hit is None:
                continue
            local = [m for m in mentions if hit.start <= m.start < hit.end]
            speaker, ref = self._speaker(hit, local, refers) if hit.rule != "claim:transcript-turn" else (None, None)
            if speaker is None and label is not None:
                speaker, ref = label, refers.get(label.start)
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
        value = self._values.get(quote)
        if value is None:
            from ..date_values import resolve_date

            value = self._values[quote] = resolve_date(quote, self.published) or ""
        return value

    # -- actors --------------------------------------------------------------------------

    def _actors(self, start: int, end: int, starts: set[int], dates) -> tuple[list[Mention], dict[int, Ref | None]]:
        """The actor mentions of a section, and for each later mention the first named one.
        Named mentions, short names and descriptions are taken in text order, so that each
        is judged by what was named before it."""
        text = self.text
        named = _without_overlaps(
            find_actors(text, start, end, starts) + national_institutions(text, start, end) + speaker_labels(text, start, end)
        )
        taken = _Spans([(m.start, m.end) for m in named] + [(s, e) for s, e, _ in dates])
        candidates: list[tuple[int, str, object]] = [(m.start, "named", m) for m in named]
        possible = self.entities.keys() | {m.key for m in named} | self._bare_names  # what a short name can be
        for m in _CAPITAL_WORD.finditer(text, start, end):
            word = m.group().removesuffix("’s").removesuffix("'s")
            if word in possible and m.start() not in taken and _alone(text, m.start(), m.end()):
                candidates.append((m.start(), "short", m))
        for mention, head in descriptions(text, start, end):
            if head != "statement" and mention.start not in taken:
                candidates.append((mention.start, "description", (mention, head)))
        candidates.sort(key=lambda c: c[0])
        mentions: list[Mention] = []
        refers: dict[int, Ref | None] = {}
        for at, kind, item in candidates:
            if kind == "named":
                mention = item
                entity = self.entities.remember(mention, text[mention.start : mention.end])
                if mention.rule == "actor:speaker-label" and entity is None:
                    entity = self.entities.by_key(mention.key, at)  # "SEN. JUNE" for Sen. Harold June
            elif kind == "short":
                word = item.group().removesuffix("’s").removesuffix("'s")
                entity = self.entities.by_key(word, at) if word in self.entities.keys() else None
                if entity is None and word in self._bare_names:  # "Lumenwell said": a name alone
                    mention = Mention(at, at + len(word), "actor:name-alone", word, "organisation", words=[word])
                    entity = self.entities.remember(mention, word)
                elif entity is None:
                    continue
                else:
                    mention = Mention(at, at + len(word), "actor:short-name", word, entity.kind, words=[word])
            else:
                mention, head = item
                entity = self.entities.for_description(head, at)
                if entity is None:
                    continue
            mentions.append(mention)
            refers[mention.start] = self._ref(entity) if entity is not None and entity.first is not mention else None
        for hs, he in headline_lines(text, start, end):
            for mention, entity in self._in_headline(hs, he, _Spans((m.start, m.end) for m in mentions)):
                mentions.append(mention)
                refers[mention.start] = self._ref(entity)
        mentions.sort(key=lambda m: m.start)
        return mentions, refers

    def _ref(self, entity: Entity) -> Ref:
        first = entity.first
        return Ref(first.start, first.end, self.text[first.start : first.end])

    def _in_headline(self, start: int, end: int, taken: list[tuple[int, int]]):
        """Entities named before, found again in a headline: by their whole name, the last
        two or more words of an organisation's name, or a short name."""
        line = self.text[start:end]
        for entity in self.entities.all:
            for name in entity.names():
                i = line.find(name)
                if i >= 0 and start + i not in taken and _whole_word(line, i, i + len(name)):
                    s = start + i
                    taken.add(s, s + len(name))
                    yield Mention(s, s + len(name), "actor:headline", name, entity.kind, words=name.split()), entity
                    break

    def _after_headline(self, newline: int) -> bool:
        """Whether the line that ends at ``newline`` is a headline (its break is no soft wrap)."""
        return is_headline(self.text[self.text.rfind("\n", 0, newline) + 1 : newline])

    # -- speakers ------------------------------------------------------------------------

    def _speaker(self, hit, local: list[Mention], refers: dict[int, Ref | None]):
        """(the speaker's mention, the entity's first mention it refers to) of a claim."""
        text = self.text
        if hit.rule == "claim:according-to":
            speaker = speaker_after(text, hit.verb_end, hit.end, local) or self._anaphor_after(hit.verb_end, hit.end)
        else:
            speaker = speaker_before(text, hit.start, hit.verb_start, local + self._anaphors(hit.start, hit.verb_start))
            if speaker is None:
                speaker = speaker_after(text, hit.verb_end, hit.end, local) or self._anaphor_after(hit.verb_end, hit.end)
        if speaker is None:
            return None, None
        if speaker.rule.startswith("actor:anaphor"):
            key = speaker.key
            entity = self.entities.for_description(key, speaker.start) if key == "statement" else self.entities.for_pronoun(key, speaker.start)
            if entity is None:
                return None, None  # "It said" with nothing to stand for: no speaker invented
            self.entities.last_speaker = entity
            return speaker, self._ref(entity)
        ref = refers.get(speaker.start)
        first_start = ref.start if ref is not None else speaker.start
        self.entities.last_speaker = next((e for e in self.entities.all if e.first.start == first_start), None)
        return speaker, ref

    def _anaphors(self, start: int, end: int) -> list[Mention]:
        """Pronouns and "the statement": speakers that stand for an entity named before."""
        out = []
        for m in _PRONOUN.finditer(self.text, start, end):
            out.append(Mention(m.start(), m.end(), "actor:anaphor:pronoun", m.group().lower(), "pronoun", words=[m.group()]))
        for m in _STATEMENT.finditer(self.text, start, end):
            out.append(Mention(m.start(), m.end(), "actor:anaphor:statement", "statement", "description", words=m.group().split()))
        return out

    def _anaphor_after(self, start: int, end: int) -> Mention | None:
        found = self._anaphors(start, min(end, start + 40))
        return found[0] if found and self.text[start : found[0].start].strip().lower() in ("", "the", "a") else None


_PROCEDURE = regex.compile(
    r"(?i)^(?:thank|let me|i want to|that said|briefly|good morning|good afternoon|welcome)\b|"
    r"come to order|you may begin|taking testimony|in recess|will stay open|yield back|the chair recognizes"
)


def _a_statement(sentence: str) -> bool:
    """A sentence of a transcript's turn that states something (not a question, not the
    chair's procedure, not a courtesy)."""
    sentence = sentence.strip()
    return not sentence.endswith("?") and len(sentence.split()) >= 5 and not _PROCEDURE.search(sentence)


def _after_labels(text: str, spans: list[tuple[int, int]], labels: list[Mention]) -> list[tuple[int, int]]:
    """The sentences with a turn's speaker label cut off their start."""
    if not labels:
        return spans
    out = []
    for s, e in spans:
        for label in labels:
            if s <= label.start < e:
                s = label.end + 1
                while s < e and text[s].isspace():
                    s += 1
        if s < e:
            out.append((s, e))
    return out


def _turn_of(text: str, offset: int, labels: list[Mention]) -> Mention | None:
    """The speaker label of the transcript line that holds ``offset``, or None."""
    line_start = text.rfind("\n", 0, offset) + 1
    return next((m for m in labels if m.start == line_start), None)


_SUBJECT = regex.compile(
    r"(?<!\b(?:of|in|from|at|to|for|near|by|with)\s)\b(\p{Lu}\p{Ll}[\p{L}’'\-]*)\s+(?:(?:has|have|had|also|did\s+not|would|will|has\s+not)\s+)?"
    r"(?:said|says|confirmed|announced|denied|stated|told|added|warned|argued|insisted|acknowledged|"
    r"admitted|disputed|disclosed|estimated|declined)\b"
)


def _bare_names(text: str) -> frozenset[str]:
    """Capitalised words that are the subject of a reporting verb somewhere in the text
    and occur more than once ("Lumenwell said"): names that need no title or second word
    (and are no places, whatever preposition comes before them elsewhere)."""
    from .actors import NOT_NAME_WORDS

    words = {m.group(1).removesuffix("’s").removesuffix("'s") for m in _SUBJECT.finditer(text)}
    return frozenset(w for w in words - NOT_NAME_WORDS if text.count(w) > 1)


def _alone(text: str, start: int, end: int) -> bool:
    """Whether the capitalised word at [start, end) stands alone, not inside a run of
    names: the word before and the word after are not names ("Later August said")."""
    before = _WORD_BEFORE.search(text, max(0, start - 40), start)
    if before and before.group(1)[:1].isupper() and not before.group(1).endswith((".", ":", ",", ";", "”", '"')) and before.group(1) not in NOT_NAMES_SET:
        return False
    after = _WORD_AFTER.match(text, end, min(len(text), end + 40))
    return not (after and after.group(1)[:1].isupper() and text[end : after.start(1)].strip() == "")


def _without_overlaps(mentions: list[Mention]) -> list[Mention]:
    """The mentions in text order, each dropped that overlaps one found before it."""
    out: list[Mention] = []
    for m in sorted(mentions, key=lambda m: (m.start, -(m.end - m.start))):
        if not out or m.start >= out[-1].end:
            out.append(m)
    return out


class _Spans:
    """Spans taken by earlier findings, asked whether an offset falls inside one."""

    def __init__(self, spans) -> None:
        self.spans = sorted(spans)
        self.starts = [s for s, _ in self.spans]

    def add(self, start: int, end: int) -> None:
        i = bisect_left(self.starts, start)
        self.starts.insert(i, start)
        self.spans.insert(i, (start, end))

    def __contains__(self, offset: int) -> bool:
        i = bisect_right(self.starts, offset)
        return any(s <= offset < e for s, e in self.spans[max(0, i - 3) : i])


def _whole_word(line: str, i: int, j: int) -> bool:
    return (i == 0 or not line[i - 1].isalnum()) and (j == len(line) or not line[j].isalnum())


def suggest_document(document, published: date | None = None) -> list[Suggestion]:
    """Every suggestion for a loaded Document, section by section (the reading screen
    makes the same ones a section at a time: by_section.SectionSuggestions)."""
    from ..layout import soft_breaks

    soft = frozenset(soft_breaks(document.text, markdown=document.markdown))
    suggester = Suggester(document.text, published, soft)
    body = _body_start(document.text) if document.markdown else 0
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
