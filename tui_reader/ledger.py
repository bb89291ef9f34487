"""The claim ledger: who claimed what, when, and the verdict, built from annotations and
their links; and the entities (actors joined by ``same_as``) that claims are said by.

Which tags are claims, actors and dates is read from the link types (the sources of
``said_by`` are claims, its targets actors, the targets of ``dated`` dates), so a tag set
that renames them still has a ledger. Pure core: no Textual.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Iterable

from .annotations import Annotation
from .linktypes import DATED, SAID_BY, SAME_AS
from .tagset import TagSet


@dataclass
class Entity:
    """Mentions of one actor: the annotations joined by ``same_as`` links."""

    id: str  # its first mention's id, in document order
    name: str  # the chosen name, else the longest mention
    mentions: list[Annotation] = field(default_factory=list)


@dataclass
class Dating:
    date: Annotation
    value: str  # ISO 8601, or "" when it cannot be resolved


@dataclass
class ClaimRow:
    claim: Annotation
    verdict: str  # as shown: "" is the default verdict
    said_by: list[tuple[Annotation, Entity]] = field(default_factory=list)
    dated: list[Dating] = field(default_factory=list)

    @property
    def attributed(self) -> bool:
        return bool(self.said_by)

    @property
    def entity_names(self) -> str:
        return ", ".join(dict.fromkeys(entity.name for _, entity in self.said_by))


@dataclass
class Ledger:
    claims: list[ClaimRow]
    entities: list[Entity]


def role_tags(tags: TagSet) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(claim tags, actor tags, date tags) as the link types define them."""
    said_by, dated = tags.link_type(SAID_BY), tags.link_type(DATED)
    claims = frozenset(said_by.sources if said_by else ("claim",))
    actors = frozenset(said_by.targets if said_by else ("actor",))
    dates = frozenset(dated.targets if dated else ("date",))
    return claims, actors, dates


def date_value(ann: Annotation, published: date | None) -> str:
    """A date annotation's value: the one the reader set, else the one resolved from its
    quote and the publication date, else ""."""
    if ann.value:
        return ann.value
    return _resolved(ann.quote, published)


@lru_cache(maxsize=4096)
def _resolved(quote: str, published: date | None) -> str:
    """resolve_date, remembered: a ledger of thousands of claims repeats its date
    expressions ("Tuesday", "last year"), and each resolution runs a dozen patterns."""
    from .date_values import resolve_date

    return resolve_date(quote, published) or ""


def entities(annotations: Iterable[Annotation], actor_tags: frozenset[str]) -> tuple[list[Entity], dict[str, Entity]]:
    """The entities of one document's actors, in order of first mention, and each
    mention's entity by annotation id. ``same_as`` links join mentions whichever way
    they point; a link to an annotation that is not an actor is ignored."""
    actors = sorted((a for a in annotations if a.tag in actor_tags), key=lambda a: (a.orphaned, a.start, a.end))
    parent = {a.id: a.id for a in actors}

    def root(ann_id: str) -> str:
        while parent[ann_id] != ann_id:
            parent[ann_id] = parent[parent[ann_id]]
            ann_id = parent[ann_id]
        return ann_id

    for ann in actors:
        for link in ann.links:
            if link.type == SAME_AS and link.target in parent:
                a, b = root(ann.id), root(link.target)
                if a != b:
                    parent[b] = a
    groups: dict[str, list[Annotation]] = {}
    for ann in actors:
        groups.setdefault(root(ann.id), []).append(ann)
    out, of = [], {}
    for mentions in groups.values():
        named = [m for m in mentions if m.name]
        if named:
            name = max(named, key=lambda m: m.modified).name
        else:
            name = max(enumerate(mentions), key=lambda im: (len(im[1].quote), -im[0]))[1].quote
        entity = Entity(mentions[0].id, " ".join(name.split()), mentions)
        out.append(entity)
        for mention in mentions:
            of[mention.id] = entity
    return out, of


def build_ledger(annotations: Iterable[Annotation], tags: TagSet, published: date | None = None) -> Ledger:
    """The ledger of one document's annotations: a row per claim in document order
    (orphaned claims last), unattributed ones included."""
    annotations = list(annotations)
    claim_tags, actor_tags, date_tags = role_tags(tags)
    by_id = {a.id: a for a in annotations}
    found, entity_of = entities(annotations, actor_tags)
    rows = []
    for ann in sorted((a for a in annotations if a.tag in claim_tags), key=lambda a: (a.orphaned, a.start, a.end)):
        row = ClaimRow(ann, tags.verdict_of(ann.verdict))
        for link in ann.links:
            target = by_id.get(link.target)
            if target is None:
                continue  # its target was deleted in another window: nothing to show
            if link.type == SAID_BY and target.id in entity_of:
                row.said_by.append((target, entity_of[target.id]))
            elif link.type == DATED and target.tag in date_tags:
                row.dated.append(Dating(target, date_value(target, published)))
        rows.append(row)
    return Ledger(rows, found)


def ledger_json(ledger: Ledger) -> dict:
    """The ledger as ``tui-reader ledger --format json`` prints it (one document's part)."""
    return {
        "claims": [
            {
                "id": row.claim.id,
                "document": row.claim.document,
                "start": row.claim.start,
                "end": row.claim.end,
                "quote": row.claim.quote,
                "section": row.claim.section,
                "verdict": row.verdict,
                "note": row.claim.note,
                "said_by": [{"id": a.id, "quote": a.quote, "entity": e.name} for a, e in row.said_by],
                "dated": [{"id": d.date.id, "quote": d.date.quote, "value": d.value} for d in row.dated],
            }
            for row in ledger.claims
        ],
        "entities": [
            {"name": e.name, "mentions": [{"id": m.id, "quote": m.quote} for m in e.mentions]}
            for e in ledger.entities
        ],
    }
