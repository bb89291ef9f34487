"""The annotation panel's items: each annotation's row (tag, quote, a claim's verdict, a
date's value, the old quote, the note's start), its links under it, one row each, and
the orphans after the section's annotations."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from rich.text import Text

from ..annotations import Annotation
from .labels import short, tag_label

if TYPE_CHECKING:
    from .link_rows import Facts, LinkRow


class PanelItem(NamedTuple):
    id: str | None  # the annotation the row belongs to; None: not an annotation (a hint, a heading)
    prompt: Text
    link: "LinkRow | None" = None  # a link row: the link it shows (x removes it, enter goes to its other end)


def _head(ann: Annotation, styles, facts: "Facts | None", quote: str) -> Text:
    label = tag_label(ann.tag, styles.get(ann.tag))
    verdict = facts.verdict(ann) if facts else None
    if verdict and verdict != facts.tags.verdicts[0]:  # the default is not worth a row's room
        label.append(f" [{verdict}]", style="bold")
    label.append(quote)
    return label


def _links(ann: Annotation, facts: "Facts | None") -> list[PanelItem]:
    items = []
    for row in facts.links(ann) if facts else ():
        line = Text("  ", style="dim" if row.waiting else "")
        line.append_text(row.text(60))
        items.append(PanelItem(ann.id, line, row))
    return items


def annotation_items(
    annotations: list[Annotation], styles, orphans: list[Annotation], hint: str, facts: "Facts | None" = None
) -> list[PanelItem]:
    """The panel's items for a section's ``annotations`` and the document's ``orphans``;
    ``hint`` names the tag keys for an empty section."""
    items = []
    for ann in annotations:
        label = _head(ann, styles, facts, " " + short(ann.quote, 80))
        value = facts.value(ann) if facts else None
        if value:
            label.append(f" = {value}", style="dim")
        if ann.status == "fuzzy" and ann.old_quote:
            label.append("\n  ≈ was “" + short(ann.old_quote, 70) + "”", style="dim")
        if ann.note:
            label.append("\n  ✎ " + short(ann.note, 80), style="italic dim")
        items.append(PanelItem(ann.id, label))
        items += _links(ann, facts)
    if not items:
        items.append(PanelItem(None, Text(f"No annotations in this section.\nSelect (v), then tag: {hint}", style="dim")))
    if orphans:
        header = Text(f"\nOrphaned ({len(orphans)})", style="bold")
        header.append("\nwords no longer in the text", style="dim")
        items.append(PanelItem(None, header))
        for ann in orphans:
            label = _head(ann, styles, facts, "")
            label.append(" “" + short(ann.quote, 76) + "”", style="strike")
            label.append("\n  r: attach here · x: delete", style="dim")
            if ann.note:
                label.append("\n  ✎ " + short(ann.note, 80), style="italic dim")
            items.append(PanelItem(ann.id, label))
            items += _links(ann, facts)
    return items
