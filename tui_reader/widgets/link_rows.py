"""What the annotation panel and the status line say of an annotation beyond its words:
its links (both ways), a claim's verdict, a date's value and an actor's entity.

Built once per change of the annotations (``Facts.of`` keeps one per workspace state), so
the status line, asked on every cursor move, does not walk the document's annotations.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Callable

from rich.text import Text

from ..annotations import Annotation, Link
from .labels import short

if TYPE_CHECKING:
    from ..workspace import Workspace


@dataclass(frozen=True)
class LinkRow:
    """One link as seen from one of its ends."""

    holder: str  # the annotation that holds the link (its source)
    link: Link
    other: Annotation | None  # the annotation at the other end; None: gone
    outgoing: bool  # seen from its source
    label: str  # the link type as shown ("said by")

    @property
    def waiting(self) -> str:
        """Why the link does not work now ("" when it does): its other end is orphaned
        (it works again once re-attached) or gone (deleted in another window)."""
        if self.other is None:
            return "its annotation is gone"
        return "orphaned" if self.other.orphaned else ""

    def text(self, limit: int = 60, style: str = "") -> Text:
        """``← said by “General Francis L. Donovan”`` (from the claim), ``→ claim, said
        by: “Donovan described…”`` (from the actor: the type before the quote, which a
        narrow panel cuts); a waiting link says why."""
        line = Text(style=style)
        if self.outgoing:
            line.append(f"← {self.label} ")
            line.append(f"“{short(self.other.quote, limit)}”" if self.other else "?")
        else:
            line.append(f"→ {self.other.tag if self.other else '?'}, {self.label}: ")
            line.append(f"“{short(self.other.quote, limit)}”" if self.other else "?")
        if self.waiting:
            line.append(f" · waiting: {self.waiting}", style="italic dim")
        return line


class Facts:
    """Links, verdicts, values and entities of one workspace state."""

    def __init__(self, workspace: "Workspace", published: Callable[[], date | None]) -> None:
        self.tags = workspace.tags
        self._published = published  # asked on the first date's value: the source is read then
        anns = workspace.all_annotations
        self._by_id = {a.id: a for a in anns}
        self._incoming: dict[str, list[tuple[Annotation, Link]]] = {}
        for ann in anns:
            for link in ann.links:
                self._incoming.setdefault(link.target, []).append((ann, link))
        from ..ledger import role_tags

        self.claim_tags, self.actor_tags, self.date_tags = role_tags(self.tags)
        self._anns = anns
        self._entity_of: dict | None = None

    @property
    def published(self) -> date | None:
        """The document's publication date, which relative dates resolve against."""
        if callable(self._published):
            self._published = self._published()
        return self._published

    @classmethod
    def of(cls, workspace: "Workspace", published: Callable[[], date | None], source: object, kept: "Facts | None") -> "Facts":
        """``kept`` if it still describes ``workspace`` (same annotations, the same reading
        of the source), else anew."""
        key = (id(workspace), getattr(workspace, "_version", None), source)
        if kept is not None and getattr(kept, "_key", None) == key:
            return kept
        facts = cls(workspace, published)
        facts._key = key
        return facts

    def get(self, ann_id: str) -> Annotation | None:
        return self._by_id.get(ann_id)

    def _label(self, link: Link) -> str:
        kind = self.tags.link_type(link.type)
        return kind.shown if kind else link.type.replace("_", " ")

    def links(self, ann: Annotation) -> list[LinkRow]:
        """Its own links (in the order made), then those pointing at it."""
        rows = [LinkRow(ann.id, link, self._by_id.get(link.target), True, self._label(link)) for link in ann.links]
        rows += [LinkRow(holder.id, link, holder, False, self._label(link)) for holder, link in self._incoming.get(ann.id, ())]
        return rows

    def is_claim(self, ann: Annotation) -> bool:
        return ann.tag in self.claim_tags

    def verdict(self, ann: Annotation) -> str | None:
        """A claim's verdict as shown (the default one too); None for other tags."""
        return self.tags.verdict_of(ann.verdict) if ann.tag in self.claim_tags else None

    def value(self, ann: Annotation) -> str | None:
        """A date's value: the reader's, else the resolved one, else "" (unresolved);
        None for other tags."""
        if ann.tag not in self.date_tags:
            return None
        from ..ledger import date_value

        return date_value(ann, self.published)

    def entity(self, ann: Annotation) -> str | None:
        """An actor's entity name (the chosen one, else its longest mention); None for
        other tags."""
        if ann.tag not in self.actor_tags:
            return None
        if self._entity_of is None:
            from ..ledger import entities

            self._entity_of = entities(self._anns, self.actor_tags)[1]
        found = self._entity_of.get(ann.id)
        return found.name if found else ann.name or ann.quote
