"""The sample article with fixed sets of annotations: one with fixed ids, times and
annotators for the golden-file and round-trip tests of the export formats, and one
for the search tests."""

from __future__ import annotations

from pathlib import Path

from tui_reader.annotations import FUZZY, ORPHANED, Annotation, anchor_fields
from tui_reader.document import load_document
from tui_reader.formats import ExportDocument

SAMPLE = Path(__file__).resolve().parents[2] / "sample_docs" / "us-ecuador-joint-operations.txt"
PATH = "/corpus/us-ecuador-joint-operations.txt"  # a fixed path: the golden files must not depend on the checkout


def make(text: str, doc_id: str, n: int, quote: str, tag: str, **fields) -> Annotation:
    """Annotation number ``n`` (its id is n in hex) on the first ``quote`` in ``text``."""
    start = text.index(quote)
    values = dict(
        id=f"{n:032x}",
        document=doc_id,
        **anchor_fields(text, start, start + len(quote)),
        tag=tag,
        created=f"2026-11-28T14:2{n}:07.058Z",
        annotator="ana",
    )
    values.update(fields)
    return Annotation(**values)


def sample_document(path: str = PATH) -> ExportDocument:
    """The sample with six annotations: nested and multi-line spans, notes (one that a
    spreadsheet would take for a formula), two annotators and none, a fuzzy
    re-anchoring and an orphan. ``path`` is the document path the exports carry."""
    doc = load_document(SAMPLE)
    t, i = doc.text, doc.id
    section = lambda q: doc.section_at(t.index(q)).title  # noqa: E731
    claim = "Military Leaders Praise Ecuador’s Forces\nGeneral Francis L. Donovan, the commander of U.S. Southern Command, issued a statement"
    anns = [
        make(t, i, 1, "Francis L. Donovan", "actor", note="commander of U.S. Southern Command", section=section("Francis L. Donovan")),
        make(t, i, 2, "Tuesday", "date", note='=HYPERLINK("http://example.org")', annotator="ben", section=section("Tuesday")),
        make(t, i, 3, claim, "claim", section=section(claim), modified="2026-11-28T14:40:00.000Z"),
        make(t, i, 4, "Pentagon", "actor", annotator="", section=section("Pentagon")),
        make(t, i, 5, "Operation Southern Spear", "actor", status=FUZZY, old_quote="Operation Southern Shield",
             section=section("Operation Southern Spear")),
    ]
    orphan_quote = "a sentence since removed"
    anns.append(Annotation(
        id=f"{6:032x}", document=i, start=5000, end=5000 + len(orphan_quote), quote=orphan_quote,
        prefix="before it ", suffix=" after it", tag="claim", note="was on page 2", section="Looking Ahead",
        created="2026-11-28T14:26:07.058Z", annotator="ana", status=ORPHANED,
    ))
    return ExportDocument(i, path, doc.title, tuple(anns), t)


TEXT = SAMPLE.read_text(encoding="utf-8")
SEARCH_DOC = "doc-1"


def annotate(quote: str, tag: str = "actor", note: str = "", section: str = "", nth: int = 0) -> Annotation:
    """A new annotation on the ``nth`` occurrence of ``quote`` in the sample."""
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(quote, start + 1)
    return Annotation.create(TEXT, SEARCH_DOC, start, start + len(quote), tag, note=note, section=section)


def search_sample() -> list[Annotation]:
    """Eight annotations of the sample, out of document order on purpose."""
    return [
        annotate("U.S. Southern Command described the operations", "actor"),
        annotate("the deaths of 151 individuals", "claim", note="check the count"),
        annotate("General Francis L. Donovan, the commander of U.S. Southern Command", "actor",
                 section="Military Leaders Praise Ecuador’s Forces"),
        annotate("Tuesday", "date"),
        annotate("Operation Southern Spear", "claim"),
        annotate("The United States military", "actor"),
        annotate("Ecuadorian President Daniel Noboa", "actor"),
        annotate("Pentagon", "actor"),
    ]


LINKED_SOURCE = {
    "title": "U.S. Military Begins Joint Operations With Ecuador",
    "url": "https://example.org/us-ecuador-joint-operations",
    "outlet": "Example News",
    "author": "A. Writer",
    "published": "2025-11-06",
}


def linked_document(path: str = PATH) -> ExportDocument:
    """The sample with what a fact-checker adds: a claim said by an actor (whose other
    mentions are ``same_as`` it, one naming the entity) and dated by a date resolved from
    the publication date, with a verdict and a note; an unattributed claim dated by a
    date whose value the reader set, with another verdict; and the document's source."""
    from tui_reader.annotations import Link

    doc = load_document(SAMPLE)
    t, i = doc.text, doc.id
    section = lambda q: doc.section_at(t.index(q)).title  # noqa: E731

    def at(n: int, quote: str, tag: str, after: str = "", **fields) -> Annotation:
        start = t.index(quote, t.index(after) if after else 0)
        values = dict(
            id=f"{n:032x}", document=i, **anchor_fields(t, start, start + len(quote)), tag=tag,
            section=doc.section_at(start).title, created=f"2026-11-28T14:2{n}:07.058Z", annotator="ana",
        )
        values.update(fields)
        return Annotation(**values)

    def link(n: int, kind: str, target: int) -> Link:
        return Link(f"{n:032x}", kind, f"{target:032x}", f"2026-11-28T14:4{n - 10}:00.000Z", "ana")

    claim = "Donovan described Ecuador’s military as demonstrating courage and determination"
    anns = [
        at(1, "General Francis L. Donovan", "actor", name="Francis L. Donovan"),
        at(2, "He", "actor", after="He praised", links=(link(11, "same_as", 1),)),
        at(3, "Donovan", "actor", after=claim, links=(link(12, "same_as", 1),)),
        at(4, claim, "claim", verdict="misleading", note="the statement praised, it did not describe",
           links=(link(13, "said_by", 3), link(14, "dated", 5))),
        at(5, "Tuesday", "date"),
        at(6, "The proposal was ultimately rejected by voters", "claim", verdict="true",
           links=(link(15, "dated", 7),)),
        at(7, "last November", "date", value="2025-11", annotator="ben"),
    ]
    assert section  # (the sections come from the document, as the app sets them)
    return ExportDocument(i, path, doc.title, tuple(anns), t, dict(LINKED_SOURCE))
