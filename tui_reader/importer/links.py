"""Checking the links of an imported document as a whole: each joins two annotations of
the document in the file, with a type of the tag set that fits their tags, and none
joins an annotation to itself. One problem per bad link, naming where it stands.

Pure core: no Textual.
"""

from __future__ import annotations

from typing import Sequence

from ..annotations import Annotation
from ..formats.reading import show
from ..tagset import TagSet


def check_links(
    anns: Sequence[Annotation],
    places: Sequence[str],
    link_places: dict[tuple[str, str], str],
    tag_set: TagSet,
    add,
    lenient: bool = False,
) -> None:
    """Report every link of ``anns`` (one document's, found at ``places``) whose target
    is not one of them, whose type the tag set does not have or does not allow between
    the two tags, or that points at its own annotation. ``lenient`` (agree, which
    stores nothing and keeps any tag) takes any type between any tags."""
    by_id = {a.id: a for a in anns}
    for ann, where in zip(anns, places):
        for i, link in enumerate(ann.links):
            at = link_places.get((ann.id, link.id), f"{where}.links[{i}]")
            target = by_id.get(link.target)
            if link.target == ann.id:
                add(f"{at}: a {link.type} link from annotation {show(ann.id)} to itself")
                continue
            if target is None:
                add(f"{at}.target: {show(link.target)} is not an annotation of this document in the file")
                continue
            if lenient:
                continue
            kind = tag_set.link_type(link.type)
            if kind is None:
                names = ", ".join(t.name for t in tag_set.link_types)
                add(f"{at}.type: unknown link type {show(link.type)} (expected one of {names})")
            elif not kind.fits(ann.tag, target.tag):
                add(
                    f"{at}: a {link.type} link goes from {'/'.join(kind.sources)} to {'/'.join(kind.targets)}, "
                    f"not from {ann.tag} to {target.tag}"
                )


def remapped(anns: list[Annotation], ids: dict[str, str]) -> list[Annotation]:
    """``anns`` with each link to a key of ``ids`` pointing at its value instead: the
    file's annotation was already stored under another id (same span and tag)."""
    if not ids:
        return anns
    out = []
    for ann in anns:
        if any(link.target in ids for link in ann.links):
            from dataclasses import replace

            links = tuple(replace(link, target=ids.get(link.target, link.target)) for link in ann.links)
            ann = replace(ann, links=links)
        out.append(ann)
    return out
