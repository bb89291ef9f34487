"""What an import says: the plan of a validated file, the report of what it did, and
the one-line errors of a file or an option that cannot be imported.

Pure core: no Textual.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..annotations import FUZZY, ORPHANED, REANCHORED, Annotation
from ..errors import UserError
from ..formats import counted

MAX_PROBLEMS = 5  # shown in the message; all are counted


class ImportFileError(UserError):
    """A file that cannot be imported, or an import that was refused; one line.

    ``problems`` lists every problem found, each as ``item: what``."""

    def __init__(self, source: str, problems: list[str], doing: str = "import") -> None:
        self.source = source
        self.problems = list(problems)
        shown = "; ".join(self.problems[:MAX_PROBLEMS])
        more = len(self.problems) - MAX_PROBLEMS
        tail = f" (and {more} more problem{'s' if more != 1 else ''})" if more > 0 else ""
        end = "; nothing was imported" if doing == "import" else ""
        super().__init__(f"{source}: cannot {doing}: {shown}{tail}{end}")

    def doing(self, doing: str) -> "ImportFileError":
        """The same problems, for another command ("read" for ``agree``)."""
        return ImportFileError(self.source, self.problems, doing)


class ImportOptionError(UserError):
    """A bad import option (``--unknown-tags``, ``--orphans``); one line."""


@dataclass(frozen=True)
class PlannedDocument:
    """One document of the file, validated."""

    index: int  # its position in the file's "documents" (0 for W3C and brat)
    id: str
    path: str
    title: str
    annotations: tuple[Annotation, ...]
    text: str | None = field(default=None, repr=False, compare=False)  # when it was at hand
    # where each annotation stands in the file ("items[3]"), to name it in a later problem
    places: tuple[str, ...] = field(default=(), repr=False, compare=False)
    name: str = field(default="", repr=False, compare=False)  # how the file names it ("documents[2]"), if it has several
    source: dict[str, str] = field(default_factory=dict, compare=False)  # where it was published, if the file says


@dataclass(frozen=True)
class ImportPlan:
    """A validated export, ready for :func:`import_plan`."""

    source: str
    documents: tuple[PlannedDocument, ...]
    format: str = "json"  # "json", "w3c" or "brat"
    mapped_tags: int = 0  # unknown tags mapped by unknown_tags="map:TAG"...
    mapped_to: str = ""  # ...to this tag
    ignored: tuple[tuple[str, int], ...] = ()  # brat lines with no place here, by kind
    placed: tuple[tuple[str, int], ...] = ()  # annotations re-anchored, by status
    keep_orphans: bool = False  # orphans="keep": what import_plan does with unplaceable ones

    @property
    def annotation_count(self) -> int:
        return sum(len(d.annotations) for d in self.documents)

    def notes(self) -> list[str]:
        """What the summary should add: tags mapped, annotations re-anchored, lines ignored."""
        out = []
        if self.mapped_tags:
            out.append(f"{self.mapped_tags} unknown tag{'s' if self.mapped_tags != 1 else ''} mapped to {self.mapped_to}")
        out.extend(placement_notes(dict(self.placed)))
        for kind, n in self.ignored:
            out.append(f"ignored {n} {kind} line{'s' if n != 1 else ''}")
        return out


def placement_notes(counts: dict[str, int]) -> list[str]:
    """"re-anchored 3 annotations by their quote (1 fuzzy)"..."""
    out = []
    moved = counts.get(REANCHORED, 0) + counts.get(FUZZY, 0)
    if moved:
        fuzzy = f" ({counts[FUZZY]} fuzzy)" if counts.get(FUZZY) else ""
        out.append(f"re-anchored {counted(moved, 'annotation')} by {'its' if moved == 1 else 'their'} quote{fuzzy}")
    if counts.get(ORPHANED):
        out.append(f"kept {counted(counts[ORPHANED], 'annotation')} with no place in the text as orphaned")
    return out


@dataclass(frozen=True)
class DocumentOutcome:
    """What an import did with one document of the file."""

    index: int
    source_id: str
    target_id: str
    matched: str  # "id", "path" (the file at the same path as a catalogued one) or "new"
    added: int
    skipped: int
    updated: int = 0


@dataclass(frozen=True)
class ImportReport:
    added: int
    skipped_duplicates: int
    documents: int  # documents that received or changed at least one annotation
    outcomes: tuple[DocumentOutcome, ...] = field(default=())
    notes: tuple[str, ...] = ()  # from the plan: tags mapped, re-anchored, lines ignored
    updated: int = 0  # stored annotations replaced by a copy modified later
    links: int = 0  # links on the annotations added or updated

    def summary(self) -> str:
        """"Imported 12 annotations into 2 documents (1 updated, 3 already there)"; with
        links, "Imported 12 annotations with 5 links into 2 documents"."""
        with_links = f" with {counted(self.links, 'link')}" if self.links else ""
        text = f"Imported {counted(self.added, 'annotation')}{with_links} into {counted(self.documents, 'document')}"
        counts = []
        if self.updated:
            counts.append(f"{self.updated} updated")
        if self.skipped_duplicates:
            counts.append(f"{self.skipped_duplicates} already there")
        if counts:
            text += f" ({', '.join(counts)})"
        if self.notes:
            text += "; " + "; ".join(self.notes)
        return text

    def to_dict(self) -> dict[str, Any]:
        return {
            "added": self.added,
            "updated": self.updated,
            "links": self.links,
            "skipped_duplicates": self.skipped_duplicates,
            "documents": self.documents,
            "notes": list(self.notes),
            "details": [
                {
                    "index": o.index,
                    "id": o.source_id,
                    "stored_as": o.target_id,
                    "matched": o.matched,
                    "added": o.added,
                    "updated": o.updated,
                    "skipped_duplicates": o.skipped,
                }
                for o in self.outcomes
            ],
        }
