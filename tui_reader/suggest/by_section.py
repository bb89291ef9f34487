"""A document's suggestions as the reading screen asks for them: made section by section in
reading order (the Suggester remembers the entities named so far, so a later "Donovan"
needs every section before it) and kept per section, and which one is under the cursor.

Pure core: no Textual. One thread makes them (``advance``); another may read what is made
(``get``, ``ready``) meanwhile: a section's list is complete before it is published.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Iterable

if TYPE_CHECKING:
    from ..annotations import Annotation
    from ..document import Document
    from .engine import Suggester, Suggestion


class SectionSuggestions:
    """The suggestions of a text's sections (``spans``, in order), made one at a time."""

    def __init__(
        self, text: str, spans: "list[tuple[int, int]]", markdown: bool = False, published: date | None = None
    ) -> None:
        self.text = text
        self.spans = spans
        self.markdown = markdown
        self.published = published
        self._suggester: "Suggester | None" = None
        self._body = 0  # where a Markdown text's body starts (after its front matter)
        self._made: list[list["Suggestion"]] = []  # per section, from the first

    @classmethod
    def of(cls, document: "Document", published: date | None = None) -> "SectionSuggestions":
        return cls(document.text, [(s.start, s.end) for s in document.sections], document.markdown, published)

    @property
    def ready(self) -> int:
        """How many sections have their suggestions (the first ``ready`` ones)."""
        return len(self._made)

    @property
    def total(self) -> int:
        return len(self.spans)

    def get(self, index: int) -> "list[Suggestion] | None":
        """Section ``index``'s suggestions, or None when they are not made yet."""
        made = self._made
        return made[index] if index < len(made) else None

    def advance(self) -> int:
        """Make the next section's suggestions; its index (-1 when every section has them)."""
        index = len(self._made)
        if index >= self.total:
            return -1
        if self._suggester is None:
            from ..layout import soft_breaks
            from .engine import Suggester, _body_start

            soft = frozenset(soft_breaks(self.text, markdown=self.markdown))
            self._body = _body_start(self.text) if self.markdown else 0
            self._suggester = Suggester(self.text, self.published, soft)
        start, end = self.spans[index]
        body = self._body
        self._made.append(self._suggester.section(max(start, body), end) if end > body else [])
        return index

    def take(self, index: int, suggestions: "list[Suggestion]") -> None:
        """Keep section ``index``'s suggestions made elsewhere (a child process): the next one."""
        if index != len(self._made):
            raise ValueError(f"section {index} out of order: {len(self._made)} made so far")
        self._made.append(suggestions)


def is_open(sug: "Suggestion", rejected: set[tuple], annotations: "Iterable[Annotation]") -> bool:
    """Whether the reader is still to decide on ``sug``: not rejected, its words not
    tagged (with any tag: a suggestion accepted as another tag is decided too)."""
    if (sug.tag, sug.start, sug.end, sug.quote) in rejected:
        return False
    return not any(a.start == sug.start and a.end == sug.end for a in annotations)


def open_ones(
    suggestions: "Iterable[Suggestion]", rejected: set[tuple], annotations: "Iterable[Annotation]"
) -> "list[Suggestion]":
    """Those of ``suggestions`` still to decide (is_open), for many at once."""
    tagged = {(a.start, a.end) for a in annotations}
    return [
        s for s in suggestions
        if (s.start, s.end) not in tagged and (s.tag, s.start, s.end, s.quote) not in rejected
    ]


def suggestion_at(
    suggestions: "Iterable[Suggestion]", annotations: "list[Annotation]", offset: int
) -> "Suggestion | None":
    """The suggestion the keys act on at ``offset``: the innermost one covering it, when no
    annotation there is as small (the innermost thing under the cursor wins, as in the
    drawing). ``suggestions`` are open ones; ``annotations`` those at ``offset``."""
    covering = [s for s in suggestions if s.start <= offset < s.end]
    if not covering:
        return None
    inner = min(covering, key=lambda s: (s.end - s.start, s.start))
    if any(a.start <= offset < a.end and a.end - a.start <= inner.end - inner.start for a in annotations):
        return None
    return inner
