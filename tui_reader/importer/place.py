"""Placing imported annotations in their document's text: each quote checked at its
offsets, and one that is not there (or has none: a W3C quote selector alone) placed by
the anchoring rules (:func:`tui_reader.anchoring.locate` finds where,
:func:`tui_reader.anchoring.place` attaches it), or reported, or kept as orphaned.

Pure core: no Textual.
"""

from __future__ import annotations

from collections import Counter
from typing import Any, Callable

from ..annotations import ANCHORED, ORPHANED, Annotation, anchor_fields
from ..formats.reading import show
from ..integrity import is_int


def document_at(path: str, doc_id: str | None):
    """The document at ``path``, if that file still is the document ``doc_id``."""
    if not path or doc_id is None:
        return None
    from ..document import DocumentError, load_document

    try:
        doc = load_document(path)
    except DocumentError:
        return None
    return doc if doc.id == doc_id else None


def section_finder(document) -> Callable[[int], str]:
    """The title of the section at an offset of ``document``."""
    return lambda offset: document.section_at(offset).title


def _reanchor(record: dict[str, Any], text: str, expected: int | None = None) -> tuple[str, int, int]:
    """Where an imported annotation belongs in ``text`` when its quote is not at its
    offsets, or it has none (a W3C TextQuoteSelector alone): (status, start, end),
    the status ORPHANED when there is no single right place.

    Without offsets, a quote whose selector (prefix + exact + suffix) occurs exactly
    once is simply there (ANCHORED): that is what the selector says. Everything else
    goes through :func:`tui_reader.anchoring.locate`, the rules that re-attach
    annotations to an edited text: the exact quote where its context agrees (or a
    long quote that occurs once), else the quote found approximately (a few
    character edits), never one of two places that fit about equally well.
    ``expected`` is where the neighbours' shift puts it."""
    from ..anchoring import locate

    quote = record["quote"]
    prefix = record.get("prefix") if isinstance(record.get("prefix"), str) else ""
    suffix = record.get("suffix") if isinstance(record.get("suffix"), str) else ""
    start = record.get("start")
    if not is_int(start):
        hits = _occurrences(text, prefix + quote + suffix, 2)
        if len(hits) == 1:
            at = hits[0] + len(prefix)
            return ANCHORED, at, at + len(quote)
        start = -1  # no old place: locate looks for it by its words and context only
    probe = Annotation(
        id="", document="", start=start, end=start + len(quote), quote=quote, prefix=prefix, suffix=suffix, tag=""
    )
    placed = locate(probe, text, expected if expected is not None else start)
    return placed.status, placed.start, placed.end


def _occurrences(text: str, needle: str, limit: int) -> list[int]:
    out: list[int] = []
    pos = text.find(needle)
    while pos >= 0 and len(out) < limit:
        out.append(pos)
        pos = text.find(needle, pos + 1)
    return out


class QuotePlacer:
    """Checks the annotations of one document against its text, in file order, and
    places those whose quote is not at their offsets (see :func:`_reanchor`).

    ``same_text``: the text is the one the file's offsets are into (same document
    id), so offsets outside it are an error of the file; otherwise (a file edited
    since the export) they are re-anchored like any other. ``counts`` gathers the
    statuses given. What the formats leave out is filled from the text: the quote
    (a W3C position alone), the context (brat)."""

    def __init__(
        self,
        text: str,
        section_of: Callable[[int], str] | None = None,
        keep_orphans: bool = False,
        counts: Counter[str] | None = None,
        *,
        same_text: bool,
    ) -> None:
        self.text = text
        self.section_of = section_of
        self.keep_orphans = keep_orphans
        self.counts = counts if counts is not None else Counter()
        self.same_text = same_text
        self.shift = 0  # where the last placed annotation moved: its neighbours likely moved as much

    def place(self, record: dict[str, Any], where: str, fail) -> dict[str, Any]:
        """``record`` checked against the text and placed; problems go to ``fail``.
        Fields of the wrong type are left for the caller's checks to report."""
        text = self.text
        start, end, quote = record.get("start"), record.get("end"), record.get("quote")
        has_offsets = is_int(start) and is_int(end)
        if ("start" in record or "end" in record) and not has_offsets:
            return record  # mistyped or half there: reported by the field checks
        if has_offsets and not 0 <= start < end:
            return record  # reported by the span check
        if (quote is not None and (not isinstance(quote, str) or not quote)) or (quote is None and not has_offsets):
            return record  # reported by the field checks (nothing to place it by)
        record = dict(record)
        stated = record.pop("stated_offsets", f"{start}..{end}")
        inside = has_offsets and end <= len(text)
        if inside and quote is None:  # a position alone: the quote is the text there
            record["quote"] = quote = text[start:end]
        has_context = bool(record.get("prefix") or record.get("suffix"))
        if inside and text[start:end] == quote and (self.same_text or not has_context):
            self.shift = 0
            return self._with_context(record)
        # a text edited since the export: the quote at its old offsets is only kept if
        # its context agrees there (anchoring's rules), as when the app opens it
        if has_offsets and not inside and (self.same_text or quote is None):
            fail(f"{where}: span {start}..{end} is outside the text (0..{len(text)})")
            return _reported(record)
        # the quote is not at its offsets (or there are none): find its place
        expected = start + self.shift if has_offsets else None
        status, new_start, new_end = _reanchor(record, text, expected)
        if status == ORPHANED:
            return self._unplaced(record, where, fail, stated if has_offsets else None)
        if has_offsets:
            self.shift = new_start - start
        return self._placed(record, status, new_start, new_end)

    def _with_context(self, record: dict[str, Any]) -> dict[str, Any]:
        place = anchor_fields(self.text, record["start"], record["end"])
        record.setdefault("prefix", place["prefix"])
        record.setdefault("suffix", place["suffix"])
        return record

    def _placed(self, record: dict[str, Any], status: str, start: int, end: int) -> dict[str, Any]:
        """The record at its new place, by the rules anchoring.reanchor applies (one
        place for them: words other than the imported quote make it fuzzy, the
        imported quote kept as ``old_quote``; new context and section). ``modified``
        is kept: placing it is not an edit of its content, and the merge of a later
        import compares content edit times."""
        from ..anchoring import Placement
        from ..anchoring import place as placed_by_the_rules

        old_quote = record.get("old_quote") if isinstance(record.get("old_quote"), str) else ""
        probe = Annotation(
            id="", document="", start=start, end=end, quote=record["quote"], prefix="", suffix="", tag="",
            old_quote=old_quote,
        )
        new = placed_by_the_rules(probe, self.text, Placement(status, start, end), self.section_of)
        status = new.status
        if status == ANCHORED and "status" in record:
            status = record["status"]  # a quote selector alone, exactly where it says: as it was
        record.update(
            start=new.start, end=new.end, quote=new.quote, prefix=new.prefix, suffix=new.suffix,
            status=status, old_quote=new.old_quote,
        )
        if self.section_of is not None:
            record["section"] = new.section
        if status != ANCHORED:
            self.counts[status] += 1
        return record

    def _unplaced(self, record: dict[str, Any], where: str, fail, stated: str | None) -> dict[str, Any]:
        quote = record["quote"]
        if stated is None:
            fail(
                f"{where}: the quote {show(quote)} has no offsets, and re-anchoring found no single place for it in the text"
                + (" (an orphan needs the offsets it had)" if self.keep_orphans else "")
            )
            return _reported(record)
        if self.keep_orphans:
            self.counts[ORPHANED] += 1
            record["status"] = ORPHANED
            record.setdefault("prefix", "")
            record.setdefault("suffix", "")
            return record
        start, end = record["start"], record["end"]
        if end <= len(self.text) and self.text[start:end] == quote:
            what = f"is at {stated} but the text around it is not what it was marked in"
        else:
            there = f" ({show(self.text[start:end])})" if end <= len(self.text) else " (past the end of the text)"
            what = f"is not the text at {stated}{there}"
        fail(
            f"{where}: the quote {show(quote)} {what}, and re-anchoring found no single "
            "place for it (--orphans keep imports it as orphaned)"
        )
        return _reported(record)


def _reported(record: dict[str, Any]) -> dict[str, Any]:
    """A record whose place was reported: a harmless one, so that no more noise follows."""
    return {**record, "start": 0, "end": 1, "quote": "?", "prefix": "", "suffix": ""}
