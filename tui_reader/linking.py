"""Links between annotations, verdicts, date values and entity names: the part of the
workspace that answers "who claimed what, when, and does it hold".

Pure core: no Textual. A part of :class:`workspace.Workspace` (mixed in), apart so that
the workspace keeps to opening, tagging and undo. A link lives on its source annotation,
so every change here is an ordinary undoable, durable change of annotations.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .annotations import Annotation, Link
from .date_values import value_problem
from .linktypes import LinkType
from .tagset import a_tag

if TYPE_CHECKING:
    from .tagset import TagSet

MAX_NAME = 200


class Linking:
    """Mixed into Workspace: uses its tags, annotator, document, get, _require, _do,
    all_annotations and WorkspaceError (through _error)."""

    tags: "TagSet"

    def link_types_between(self, source: Annotation, target: Annotation) -> tuple[LinkType, ...]:
        """The types a link from ``source`` to ``target`` may have (none: they cannot link)."""
        if source.id == target.id:
            return ()
        return self.tags.link_types_between(source.tag, target.tag)

    def link_candidates(self, source_id: str) -> list[tuple[Annotation, tuple[LinkType, ...]]]:
        """The annotations ``source_id`` may link to, with the types each fits, not yet
        linked so: this section's first, then the others, nearest in the text first."""
        source = self._require(source_id)
        have = {(link.type, link.target) for link in source.links}
        out = []
        for ann in self.all_annotations:
            types = tuple(t for t in self.link_types_between(source, ann) if (t.name, ann.id) not in have)
            if types:
                out.append((ann, types))
        near = self.nearness(source)
        out.sort(key=lambda item: near(item[0]))
        return out

    def nearness(self, chosen: Annotation):
        """The order the link picker lists others in, seen from ``chosen``: this section's
        first, then the others (and orphans), nearest in the text first."""
        section_at = self.document.section_at
        section = section_at(chosen.start).index if not chosen.orphaned else -1
        return lambda other: (other.orphaned or section_at(other.start).index != section, abs(other.start - chosen.start))

    def link(self, source_id: str, target_id: str, link_type: str | None = None) -> Link:
        """Link ``source_id`` to ``target_id``: one undoable change. Without ``link_type``
        the one type that fits is made; when several fit the caller must say which."""
        source, target = self._require(source_id), self._require(target_id)
        types = self.link_types_between(source, target)
        if source.id == target.id:
            raise self._error("an annotation cannot link to itself")
        if link_type is None:
            if len(types) != 1:
                raise self._error(
                    f"{a_tag(source.tag)} cannot link to {a_tag(target.tag)}" if not types
                    else f"say which link: {', '.join(t.name for t in types)}"
                )
            link_type = types[0].name
        if self.tags.link_type(link_type) is None:
            raise self._error(f"unknown link type {link_type!r} (the types are {', '.join(t.name for t in self.tags.link_types)})")
        if link_type not in {t.name for t in types}:
            raise self._error(f"{link_type} cannot go from {a_tag(source.tag)} to {a_tag(target.tag)}")
        if any(link.type == link_type and link.target == target.id for link in source.links):
            raise self._error(f"already linked: {link_type}")
        if any(link.type == link_type and link.target == source.id for link in target.links) and source.tag == target.tag:
            raise self._error(f"already linked the other way: {link_type}")
        new_link = Link.create(link_type, target.id, self.annotator)
        updated = source.with_changes(links=(*source.links, new_link))
        self._do(self._change(f"link {self._shown(link_type)}", removed=[source], added=[updated]))
        return new_link

    def unlink(self, source_id: str, link_id: str) -> Link:
        """Remove one link of ``source_id``: one undoable change."""
        source = self._require(source_id)
        gone = next((link for link in source.links if link.id == link_id), None)
        if gone is None:
            raise self._error("no such link")
        updated = source.with_changes(links=tuple(link for link in source.links if link.id != link_id))
        self._do(self._change(f"unlink {self._shown(gone.type)}", removed=[source], added=[updated]))
        return gone

    def _shown(self, link_type: str) -> str:
        """A link type as the panel shows it ("said by"), for undo's messages."""
        known = self.tags.link_type(link_type)
        return known.shown if known else link_type

    def links_to(self, ann_id: str) -> list[tuple[Annotation, Link]]:
        """The links that point at ``ann_id``, with the annotation that holds each."""
        return [(a, link) for a in self.all_annotations for link in a.links if link.target == ann_id]

    def without_links_to(self, ann_id: str) -> tuple[list[Annotation], list[Annotation]]:
        """(the annotations that link to ``ann_id``, the same without those links): what
        deleting ``ann_id`` changes besides itself."""
        holders = [a for a in self.all_annotations if a.id != ann_id and any(l.target == ann_id for l in a.links)]
        return holders, [a.with_changes(links=tuple(l for l in a.links if l.target != ann_id)) for a in holders]

    def published(self):
        """The document's publication date: its effective source's (the front matter, each
        field overridden by what the reader stored), or None. A damaged document file
        leaves the front matter's."""
        from .effective_source import effective_source
        from .store import StoreError

        try:
            stored = self.store.source(self.document.id)
        except StoreError:
            stored = {}
        return effective_source(self.document, stored).published_on()

    def set_verdict(self, ann_id: str, verdict: str) -> Annotation:
        """Set a claim's verdict (one of the configured list): one undoable change."""
        ann = self._require(ann_id)
        if verdict not in self.tags.verdicts:
            raise self._error(f"unknown verdict {verdict!r} (the verdicts are {', '.join(self.tags.verdicts)})")
        stored = "" if verdict == self.tags.verdicts[0] else verdict
        if stored == ann.verdict:
            return ann
        new = ann.with_changes(verdict=stored)
        self._do(self._change(f"verdict {verdict}", removed=[ann], added=[new]))
        return new

    def set_value(self, ann_id: str, value: str) -> Annotation:
        """Set (or with "" clear, back to the resolved one) a date's ISO 8601 value."""
        ann = self._require(ann_id)
        value = value.strip()
        problem = value_problem(value) if value else None
        if problem:
            raise self._error(f"{value!r} {problem}")
        if value == ann.value:
            return ann
        new = ann.with_changes(value=value)
        self._do(self._change("set value" if value else "clear value", removed=[ann], added=[new]))
        return new

    def set_name(self, ann_id: str, name: str) -> Annotation:
        """Name the entity ``ann_id`` belongs to ("" goes back to its longest mention)."""
        ann = self._require(ann_id)
        name = " ".join(name.split())
        if len(name) > MAX_NAME:
            raise self._error(f"a name is at most {MAX_NAME} characters")
        if name == ann.name:
            return ann
        new = ann.with_changes(name=name)
        self._do(self._change("name entity" if name else "clear entity name", removed=[ann], added=[new]))
        return new
