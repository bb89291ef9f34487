"""What every format writes from and reports: a document with its annotations (and its
text where a format carries it), and the result of an export.

Offsets are code points into the normalized text. A format that gives offsets into
the current text (jsonl, brat) leaves out orphaned annotations: their offsets are
where they were in a text that has since changed (:func:`placed`).

Pure core: no Textual.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..annotations import Annotation


@dataclass(frozen=True)
class ExportDocument:
    """A document and its annotations, with its normalized text where a format needs it."""

    id: str
    path: str
    title: str
    annotations: tuple[Annotation, ...]
    text: str | None = None
    #: where the text was published (title, url, outlet, author, published), as stored
    source: dict[str, str] = field(default_factory=dict, compare=False)

    def sorted(self) -> list[Annotation]:
        return sorted(self.annotations, key=lambda a: (a.start, a.end, a.created, a.id))


@dataclass
class ExportResult:
    """What an export wrote and what it left out."""

    format: str
    out: Path | None = None
    written: int = 0  # annotations written
    orphaned: int = 0  # left out: no place in the current text
    unplaceable: int = 0  # left out: brat cannot show a span of line breaks only
    links_left_out: int = 0  # links from or to an annotation that was left out

    def summary(self) -> str:
        """"Exported 5 annotations to out.jsonl; skipped 2 orphaned annotations"."""
        text = f"Exported {counted(self.written, 'annotation')}"
        if self.out is not None:
            text += f" to {self.out}"
        skipped = []
        if self.orphaned:
            skipped.append(f"{counted(self.orphaned, 'orphaned annotation')} (no place in the current text)")
        if self.unplaceable:
            skipped.append(f"{counted(self.unplaceable, 'annotation')} of line breaks only")
        if self.links_left_out:
            skipped.append(f"{counted(self.links_left_out, 'link')} to or from them")
        if skipped:
            text += "; skipped " + " and ".join(skipped)
        return text


def counted(n: int, word: str) -> str:
    """"1 annotation", "2 annotations"."""
    return f"{n} {word}{'s' if n != 1 else ''}"


def placed(doc: ExportDocument, result: ExportResult) -> list[Annotation]:
    """The document's annotations that have a place in its current text, in order;
    the others are counted in ``result.orphaned``. With the text at hand, an
    annotation whose quote is not at its offsets counts as orphaned too: a format
    of offsets must never write wrong ones."""
    out = []
    text = doc.text
    for ann in doc.sorted():
        if ann.orphaned or (text is not None and text[ann.start : ann.end] != ann.quote):
            result.orphaned += 1
        else:
            out.append(ann)
    return out


def date_values(doc: ExportDocument) -> dict[str, tuple[str, bool]]:
    """What a format for other tools writes as each date's value, by annotation id:
    (the ISO 8601 value, whether it is resolved from the quote and the source's
    publication date rather than set by the reader). Dates are the annotations tagged
    ``date`` and those a ``dated`` link points at; one with no value is left out."""
    from ..doc_source import parse_day
    from ..ledger import date_value
    from ..linktypes import DATED

    dated = {link.target for ann in doc.annotations for link in ann.links if link.type == DATED}
    published = parse_day((doc.source or {}).get("published", ""))
    out = {}
    for ann in doc.annotations:
        if ann.value:
            out[ann.id] = (ann.value, False)
        elif ann.tag == "date" or ann.id in dated:
            value = date_value(ann, published)
            if value:
                out[ann.id] = (value, True)
    return out
