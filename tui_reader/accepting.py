"""Turning suggestions into annotations, tagging every occurrence of a quote, and the
suggestions a reader rejected: the part of the workspace that issue 13's keys call.

Pure core: no Textual. A part of :class:`workspace.Workspace` (mixed in). Accepting is one
undoable change however many annotations and links it makes.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .annotations import Annotation, Link
from .linktypes import SAID_BY, SAME_AS

if TYPE_CHECKING:
    from .suggest.engine import Ref, Suggestion


def suggestion_key(sug: "Suggestion") -> list:
    """What a rejection remembers of a suggestion: [tag, start, end, quote]."""
    return [sug.tag, sug.start, sug.end, sug.quote]


class Accepting:
    """Mixed into Workspace: uses its document, tags, annotator, store, annotations,
    all_annotations, _do, _change and _error."""

    def tag_everywhere(self, ann_id: str) -> list[Annotation]:
        """Tag every other occurrence of ``ann_id``'s words (whole words, case-sensitive,
        in every section) with its tag, as one undoable change; the new annotations."""
        ann = self._require(ann_id)
        if ann.orphaned:
            raise self._error("this annotation is attached to no words: re-attach it first")
        text = self.document.text
        have = {(a.start, a.end) for a in self.annotations if a.tag == ann.tag}
        pattern = re.compile(r"(?<![\w])" + re.escape(ann.quote) + r"(?![\w])")
        added = []
        for m in pattern.finditer(text):
            if (m.start(), m.end()) in have:
                continue
            added.append(
                Annotation.create(
                    text, self.document.id, m.start(), m.end(), ann.tag,
                    section=self.document.section_at(m.start()).title, annotator=self.annotator,
                )
            )
        if added:
            self._do(self._change(f"tag {len(added)} more {ann.tag}", added=added))
        return added

    def accept(self, suggestions: "list[Suggestion]", tag: str | None = None) -> list[Annotation]:
        """Make annotations of ``suggestions`` with their links (a claim's speaker, a later
        mention's first one; each made too when it is not tagged yet), as one undoable
        change; with ``tag``, each is made with that tag instead, without links. Returns
        the annotations made or changed."""
        text, doc = self.document.text, self.document
        existing = {(a.start, a.end, a.tag): a for a in self.annotations}
        made: dict[tuple[int, int, str], Annotation] = {}
        links: dict[tuple[int, int, str], list[tuple[str, tuple[int, int, str]]]] = {}

        def ensure(start: int, end: int, tag_name: str) -> tuple[int, int, str]:
            key = (start, end, tag_name)
            if key not in existing and key not in made:
                if tag_name not in self.tags:
                    raise self._error(f"unknown tag {tag_name!r} (the tags are {self.tags.listing()})")
                made[key] = Annotation.create(
                    text, doc.id, start, end, tag_name, section=doc.section_at(start).title, annotator=self.annotator
                )
            return key

        def link(source: tuple[int, int, str], link_type: str, target: tuple[int, int, str]) -> None:
            kind = self.tags.link_type(link_type)
            if kind is not None and kind.fits(source[2], target[2]) and source != target:
                links.setdefault(source, []).append((link_type, target))

        for sug in suggestions:
            key = ensure(sug.start, sug.end, tag or sug.tag)
            if tag is not None and tag != sug.tag:
                continue
            if sug.said_by is not None:
                speaker = self._mention(sug.said_by, ensure, link)
                link(key, SAID_BY, speaker)
            if sug.refers_to is not None:
                link(key, SAME_AS, ensure(sug.refers_to.start, sug.refers_to.end, sug.tag))
        return self._commit_accepted(existing, made, links)

    def _mention(self, ref: "Ref", ensure, link) -> tuple[int, int, str]:
        """The actor annotation of a speaker (made if need be), joined to its entity's first mention."""
        actor = self.tags.link_type(SAID_BY)
        actor_tag = actor.targets[0] if actor and actor.targets else "actor"
        key = ensure(ref.start, ref.end, actor_tag)
        if ref.refers_to is not None:
            link(key, SAME_AS, ensure(ref.refers_to.start, ref.refers_to.end, actor_tag))
        return key

    def _commit_accepted(self, existing, made, links) -> list[Annotation]:
        def ann_of(key):
            return made.get(key) or existing[key]

        removed, added = [], []
        for key, ann in made.items():
            added.append(ann)
        for source, wanted in links.items():
            ann = ann_of(source)
            have = {(l.type, l.target) for l in ann.links}
            new_links = []
            for link_type, target in wanted:
                target_id = ann_of(target).id
                if (link_type, target_id) not in have:
                    have.add((link_type, target_id))
                    new_links.append(Link.create(link_type, target_id, self.annotator))
            if not new_links:
                continue
            if source in made:
                made[source] = ann.with_changes(links=(*ann.links, *new_links))
                added[added.index(ann)] = made[source]
            else:
                removed.append(ann)
                added.append(ann.with_changes(links=(*ann.links, *new_links)))
        if not added:
            raise self._error("already tagged")
        count = len(made)
        self._do(self._change(f"accept {count} suggestion{'s' if count != 1 else ''}", removed=removed, added=added))
        return added

    def suggestions(self) -> "list[Suggestion]":
        """Every suggestion for the document (rejected and tagged ones included)."""
        from .suggest.engine import suggest_document

        return suggest_document(self.document, self.published())

    def open_suggestions(self, suggestions: "list[Suggestion]") -> "list[Suggestion]":
        """``suggestions`` less those rejected here and those whose exact words are tagged
        already, with any tag (the reader has decided about those words; the app hides them too)."""
        from .suggest.by_section import open_ones

        return open_ones(suggestions, self.rejected_suggestions(), self.annotations)

    def rejected_suggestions(self) -> set[tuple]:
        """The suggestions rejected in this document, as (tag, start, end, quote)."""
        return {tuple(r) for r in self.store.rejected_suggestions(self.document.id)}

    def reject(self, suggestions: "list[Suggestion]") -> None:
        """Remember ``suggestions`` as rejected for this document, durably: they are not
        suggested again (unless the reader brings the rejected ones back)."""
        rejected = self.store.rejected_suggestions(self.document.id)
        have = {tuple(r) for r in rejected}
        rejected += [suggestion_key(s) for s in suggestions if tuple(suggestion_key(s)) not in have]
        self.store.set_rejected_suggestions(self.document.id, rejected)

    def restore_rejected(self) -> int:
        """Forget every rejection in this document; how many there were."""
        count = len(self.store.rejected_suggestions(self.document.id))
        self.store.set_rejected_suggestions(self.document.id, [])
        return count
