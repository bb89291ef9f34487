"""What the link picker (l) offers: each link one annotation can make, either way.

From a claim: its actors and dates (said by, dated); from an actor: the other actors (same
as) and the claims it may have said (said by, from that claim); from a date: the claims it
may date. One choice per link type, so a row always says which link enter makes. This
section's annotations first, then the others, nearest in the text first; links already
made are left out. Pure core: no Textual.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from .annotations import Annotation
from .linktypes import LinkType

if TYPE_CHECKING:
    from .workspace import Workspace


class LinkChoice(NamedTuple):
    other: Annotation  # the annotation at the other end
    type: LinkType
    outgoing: bool  # True: the chosen annotation is the link's source

    def ends(self, chosen_id: str) -> tuple[str, str]:
        """(source id, target id) of the link this choice makes."""
        return (chosen_id, self.other.id) if self.outgoing else (self.other.id, chosen_id)


def link_choices(workspace: "Workspace", ann_id: str) -> list[LinkChoice]:
    """The links ``ann_id`` may take part in, as source or as target, not made yet."""
    chosen = workspace.get(ann_id)
    if chosen is None:
        return []
    out: list[tuple[tuple, LinkChoice]] = []
    for other, types in workspace.link_candidates(ann_id):
        back = {link.type for link in other.links if link.target == chosen.id}
        for kind in types:
            if kind.name in back:  # made the other way already (same as)
                continue
            out.append(((other.id, kind.name), LinkChoice(other, kind, True)))
    made = {key for key, _ in out}
    for other in workspace.all_annotations:
        if other.id == chosen.id:
            continue
        have = {link.type for link in other.links if link.target == chosen.id}
        mine = {link.type for link in chosen.links if link.target == other.id}
        for kind in workspace.tags.link_types_between(other.tag, chosen.tag):
            # a same_as one way is the same link as the other way: offered once
            if kind.name in have or kind.name in mine or (other.id, kind.name) in made:
                continue
            out.append(((other.id, kind.name), LinkChoice(other, kind, False)))

    near = workspace.nearness(chosen)
    out.sort(key=lambda item: (*near(item[1].other), not item[1].outgoing))
    return [choice for _, choice in out]


def narrow_link_choices(query: str, choices: list[LinkChoice]) -> list[int]:
    """The choices that match ``query``, best first, ranked as annotation search ranks
    (quote, note, tag, section; ``tag:NAME`` narrows to a tag); equal scores keep the
    picker's order (this section, nearest)."""
    from .search import parse_query, rank

    text, tags = parse_query(query)
    kept = [i for i, c in enumerate(choices) if not tags or c.other.tag.lower() in tags]
    if not text:
        return kept
    pool = [choices[i].other for i in kept]
    return [kept[j] for j, _ in rank(text, pool, lambda j: (j,), None)]
