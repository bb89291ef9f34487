"""Import into the store: the native format, W3C Web Annotation JSON-LD and brat standoff.

Two steps, so that nothing is written unless everything is right:

* :func:`plan_import` reads the file, detects its format (a ``.ann`` file, or a
  ``.txt`` with a ``.ann`` beside it, is brat; JSON is W3C when it is an
  AnnotationCollection, AnnotationPage, Annotation or a list of them, else the
  native format), validates all of it and returns an :class:`ImportPlan`, or
  raises :class:`ImportFileError` naming the first few items at fault
  (``documents[0].annotations[3].tag: unknown tag 'person'``, ``items[2].target.source: …``,
  ``notes.ann line 7 (T3): …``).
* :func:`import_plan` matches the plan's documents to the store and adds the
  annotations it does not hold yet, in one all-or-nothing
  :meth:`Store.apply_many <tui_reader.store.Store.apply_many>`.

Where the document's text is at hand (the brat ``.txt``; a ``file://`` W3C source;
or the file at the document's path, when it still has the document's id), every
quote is checked against the text at its offsets. A quote that is not there, or a
W3C quote with no offsets, is placed by :func:`_reanchor` with the anchoring rules
(:func:`tui_reader.anchoring.locate`: the exact quote where its context agrees, else
the quote found approximately, never one of two equally good places): it gets its
new offsets, context and status (``reanchored``, or ``fuzzy`` with the imported
quote kept as ``old_quote``). One that has no such place is reported, naming the
item, and nothing is imported; with ``orphans="keep"`` it is imported as orphaned
instead. Orphaned annotations in the file are imported as they are: their offsets
are in a text that has changed.

Documents are matched by id (the sha256 of the normalized text). A document
whose id the store does not know, but whose path a catalogue record has, goes
to the document the file at that path now holds, its annotations placed in that
text as above (the file may have been edited since the export); a file that is
gone, or an annotation with no place in it, refuses the import. Anything else
becomes a new document.

An annotation whose id the target document already has is the same annotation:
it replaces the stored one when the file's copy has the same creation time, was
modified later and differs (a format without times, like brat, never replaces
one), and is skipped otherwise; one with another id but the same start, end and
tag as a stored annotation is skipped too. So importing a file twice adds nothing.

Tags are fixed (actor, claim, date: the keys a, c, d and the colours are bound to
them), so an unknown tag is refused, or with ``unknown_tags="map:TAG"`` mapped to TAG.

Pure core: no Textual.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable

from .annotations import ANCHORED, FUZZY, ORPHANED, REANCHORED, STATUSES, Annotation, anchor_fields
from .errors import Faults, UserError
from .formats import counted
from .formats.native import FORMAT, VERSION
from .integrity import MAX_OFFSET, json_problem
from .tagset import DEFAULT_TAGS, TagSet, foreign_tag_problem

__all__ = [
    "ImportFileError",
    "ImportPlan",
    "ImportReport",
    "PlannedDocument",
    "import_plan",
    "orphans_option",
    "plan_import",
    "tag_mapping",
]

MAX_PROBLEMS = 5  # shown in the message; all are counted
ORPHANS = ("refuse", "keep")  # what to do with an annotation that has no place in the text

_REQUIRED_TEXT = ("id", "document", "quote", "prefix", "suffix", "tag", "created")
_OPTIONAL_TEXT = ("note", "section", "modified", "annotator", "status", "old_quote")
_NON_EMPTY = ("id", "quote", "created")
_NOT_IMPORTED = {".csv": "csv", ".jsonl": "jsonl"}  # formats for other tools: they do not carry everything


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

    def summary(self) -> str:
        """"Imported 12 annotations into 2 documents (1 updated, 3 already there)"."""
        text = f"Imported {counted(self.added, 'annotation')} into {counted(self.documents, 'document')}"
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


def tag_mapping(option: str | None, tag_set: TagSet = DEFAULT_TAGS) -> str | None:
    """``--unknown-tags``: "refuse" or "keep" (None) or "map:TAG" (TAG, one of the tags)."""
    if option in (None, "", "refuse", "keep"):
        return None
    if option.startswith("map:") and option[4:] in tag_set:
        return option[4:]
    raise ImportOptionError(
        f"--unknown-tags: expected 'refuse', 'keep' or 'map:TAG' with TAG one of {tag_set.listing()}, found {option!r}"
    )


def orphans_option(option: str | None) -> bool:
    """``--orphans``: "refuse" (False, the default) or "keep" (True)."""
    if option in (None, "", "refuse"):
        return False
    if option == "keep":
        return True
    raise ImportOptionError(f"--orphans: expected 'refuse' or 'keep', found {option!r}")


def _show(value: Any, limit: int = 40) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    return {dict: "an object", list: "a list", str: "text", bool: "true/false", int: "a number", float: "a number"}.get(
        type(value), type(value).__name__
    )


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _read_bytes(path: Path) -> str:
    """The file's text (a BOM kept), or ImportFileError; an empty file is an error."""
    source = str(path)
    try:
        if path.is_dir():
            raise ImportFileError(source, ["is a folder, not an export file (for brat, give the .ann file)"])
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ImportFileError(source, ["no such file"]) from None
    except OSError as exc:
        raise ImportFileError(source, [f"cannot be read ({exc.strerror or exc})"]) from None
    if b"\x00" in raw:
        raise ImportFileError(source, ["looks like a binary file, not an export (it contains NUL bytes)"])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ImportFileError(source, [f"not UTF-8 text (bad byte at offset {exc.start})"]) from None
    if not text.lstrip("\ufeff").strip():
        raise ImportFileError(source, ["the file is empty"])
    return text


def _read(path: Path) -> Any:
    source = str(path)
    fmt = _NOT_IMPORTED.get(path.suffix.lower())
    if fmt and path.is_file():
        raise ImportFileError(
            source, [f"a {fmt} export is for other tools and cannot be imported (it does not carry everything); "
                     "import a json, w3c or brat export"]
        )
    text = _read_bytes(path).lstrip("\ufeff")
    try:
        return json.loads(text)
    except ValueError as exc:  # a JSONDecodeError, or a number too long to convert
        raise ImportFileError(source, [json_problem(exc)]) from None
    except RecursionError:
        raise ImportFileError(source, ["JSON nested too deeply"]) from None


@dataclass
class _Source:
    """One document's worth of records as read from a file, before validation."""

    index: int
    id: str | None
    path: str
    title: str
    records: list[tuple[str, Any]]
    document: Any = None  # the Document, when the file came with its text


def plan_import(
    path_or_data: str | os.PathLike[str] | dict | list,
    *,
    unknown_tags: str | None = None,
    annotator: str | None = None,
    orphans: str | None = None,
    keep_unknown_tags: bool = False,
    tag_set: TagSet = DEFAULT_TAGS,
) -> ImportPlan:
    """Read and validate an export (a file, or its already parsed JSON).

    Checks everything before anything is written: the format, each document and
    each annotation's fields and types (id, offsets with 0 <= start < end, a quote
    as long as its span and, where the text is at hand, the quote at its offsets or
    re-anchored, a known tag or one mapped by ``unknown_tags``, a known status...).
    ``orphans="keep"`` imports an annotation that cannot be placed as orphaned
    instead of refusing the file. ``annotator`` is recorded on annotations that name
    none. ``tag_set`` holds the known tags; ``unknown_tags="keep"`` (or
    ``keep_unknown_tags``, for ``agree``) lets any other one-word tag through. Raises
    ImportFileError listing the items at fault."""
    tag_map = tag_mapping(unknown_tags, tag_set)
    stored_as_is = unknown_tags == "keep"  # (agree keeps any tag: it stores nothing)
    keep_unknown_tags = keep_unknown_tags or stored_as_is
    keep_orphans = orphans_option(orphans)
    problems: list[str] = []
    ignored: dict[str, int] = {}
    if isinstance(path_or_data, (dict, list)):
        source, fmt = "the import", "json"
        data = path_or_data
        path = None
    else:
        path = Path(path_or_data).expanduser()
        source = str(path)
        fmt = "brat" if _brat_pair(path) else "json"
        data = None if fmt == "brat" else _read(path)
    if fmt == "brat":
        sources = _from_brat(path, problems, ignored)
    else:
        from .formats.w3c import is_w3c

        if is_w3c(data):
            fmt = "w3c"
            sources = _from_w3c(data, problems)
        else:
            sources = _from_native(data, source, problems)
    if problems:
        raise ImportFileError(source, problems)

    planned: list[PlannedDocument] = []
    seen: dict[str, str] = {}
    mapped = [0]
    placed: Counter[str] = Counter()
    tags = _Tags(tag_map, keep_unknown_tags, mapped, tag_set, stored_as_is)
    for src in sources:
        document = src.document if src.document is not None else _document_at(src.path, src.id)
        placer = None
        if document is not None:
            placer = _Placer(document.text, _section_finder(document), keep_orphans, placed, same_text=True)
        good: list[Annotation] = []
        places: list[str] = []
        for where, record in src.records:
            ann = _check_annotation(record, where, src.id, seen, problems.append, placer, tags, annotator)
            if ann is not None:
                good.append(ann)
                places.append(where)
        if src.id is not None:
            text = document.text if document is not None else None
            planned.append(PlannedDocument(src.index, src.id, src.path, src.title, tuple(good), text, tuple(places)))
    if problems:
        raise ImportFileError(source, problems)
    return ImportPlan(
        source, tuple(planned), fmt, mapped[0], tag_map or "", tuple(sorted(ignored.items())),
        tuple(sorted(placed.items())), keep_orphans,
    )


def _document_at(path: str, doc_id: str | None):
    """The document at ``path``, if that file still is the document ``doc_id``."""
    if not path or doc_id is None:
        return None
    from .document import DocumentError, load_document

    try:
        doc = load_document(path)
    except DocumentError:
        return None
    return doc if doc.id == doc_id else None


def _section_finder(document) -> Callable[[int], str]:
    return lambda offset: document.section_at(offset).title


def _from_native(data: Any, source: str, problems: list[str]) -> list[_Source]:
    from .store import is_document_id  # the ids the store accepts as file names

    add = problems.append
    if not isinstance(data, dict) or data.get("format") != FORMAT and "documents" not in data:
        from .unknown_file import describe  # none of our formats: say so in words

        raise ImportFileError(source, [describe(data)])
    if data.get("format") != FORMAT:
        add(f"format: expected {FORMAT!r}, found {_show(data.get('format'))}")
    version = data.get("version")
    if not (_is_int(version) and version == VERSION):
        add(f"version: expected {VERSION}, found {_show(version)}")
    documents = data.get("documents")
    if not isinstance(documents, list):
        add(f"documents: expected a list, found {_kind(documents)}")
        raise ImportFileError(source, problems)
    if problems:  # not our format: the rest would only be noise
        raise ImportFileError(source, problems)

    sources: list[_Source] = []
    doc_seen: dict[str, int] = {}
    for i, doc in enumerate(documents):
        where = f"documents[{i}]"
        if not isinstance(doc, dict):
            add(f"{where}: expected an object, found {_kind(doc)}")
            continue
        doc_id = doc.get("id")
        if not is_document_id(doc_id):
            add(f"{where}.id: expected a document id, found {_show(doc_id)}")
            doc_id = None
        elif doc_id in doc_seen:
            add(f"{where}.id: document {doc_id[:12]}… appears twice (also documents[{doc_seen[doc_id]}])")
        else:
            doc_seen[doc_id] = i
        for name in ("path", "title"):
            if name in doc and not isinstance(doc[name], str):
                add(f"{where}.{name}: expected text, found {_kind(doc[name])}")
        anns = doc.get("annotations")
        if not isinstance(anns, list):
            add(f"{where}.annotations: expected a list, found {_kind(anns)}")
            continue
        path = doc.get("path") if isinstance(doc.get("path"), str) else ""
        title = doc.get("title") if isinstance(doc.get("title"), str) else ""
        records = [(f"{where}.annotations[{j}]", record) for j, record in enumerate(anns)]
        sources.append(_Source(i, doc_id, path, title, records))
    return sources


def _from_w3c(data: Any, problems: list[str]) -> list[_Source]:
    from .document import DocumentError, load_document
    from .formats.w3c import document_id, documents_of, file_path
    from .store import is_document_id

    docs, records, found = documents_of(data)
    problems.extend(found)
    by_source: dict[str, _Source] = {}
    for where, record, source in records:
        src = by_source.get(source)
        if src is None:
            info = docs.get(source, {"path": "", "title": ""})
            doc_id, document, path = document_id(source), None, info["path"]
            local = file_path(source)
            if local is not None:  # the annotation names the file: read it
                try:
                    document = load_document(local)
                except DocumentError as exc:
                    problems.append(f"{where}.target.source: {exc}")
                    continue
                doc_id, path = document.id, document.path
            elif not is_document_id(doc_id):
                problems.append(
                    f"{where}.target.source: {_show(source, 60)} is not a document this tool knows "
                    "(expected urn:sha256:<id> or a file:// IRI)"
                )
                continue
            src = by_source[source] = _Source(0, doc_id, path, info["title"], [], document)
        record["document"] = src.id
        src.records.append((where, record))
    return list(by_source.values())


def _brat_pair(path: Path) -> bool:
    """A .ann file, or a .txt with its .ann beside it."""
    suffix = path.suffix.lower()
    return suffix == ".ann" or (suffix == ".txt" and path.with_suffix(".ann").is_file())


def _from_brat(path: Path, problems: list[str], ignored: dict[str, int]) -> list[_Source]:
    from .document import Document, DocumentError, read_text
    from .formats.brat import read_ann

    ann_path, txt_path = path.with_suffix(".ann"), path.with_suffix(".txt")
    ann = _read_bytes(ann_path)
    try:
        raw = read_text(txt_path)
        doc = Document.from_text(raw, path=str(txt_path.resolve()))
    except DocumentError as exc:
        raise ImportFileError(str(ann_path), [f"its text: {exc}"]) from None
    records, counts = read_ann(ann.lstrip("\ufeff"), raw, doc.text, doc.id, ann_path.name, problems.append)
    ignored.update(counts)
    for _, record in records:  # brat has no sections: the text's own
        if _is_int(record.get("start")):
            record.setdefault("section", doc.section_at(record["start"]).title)
    return [_Source(0, doc.id, doc.path, doc.title, records, doc)]


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
    from .anchoring import locate

    quote = record["quote"]
    prefix = record.get("prefix") if isinstance(record.get("prefix"), str) else ""
    suffix = record.get("suffix") if isinstance(record.get("suffix"), str) else ""
    start = record.get("start")
    if not _is_int(start):
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


class _Placer:
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
        has_offsets = _is_int(start) and _is_int(end)
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
        from .anchoring import Placement
        from .anchoring import place as placed_by_the_rules

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
                f"{where}: the quote {_show(quote)} has no offsets, and re-anchoring found no single place for it in the text"
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
            there = f" ({_show(self.text[start:end])})" if end <= len(self.text) else " (past the end of the text)"
            what = f"is not the text at {stated}{there}"
        fail(
            f"{where}: the quote {_show(quote)} {what}, and re-anchoring found no single "
            "place for it (--orphans keep imports it as orphaned)"
        )
        return _reported(record)


def _reported(record: dict[str, Any]) -> dict[str, Any]:
    """A record whose place was reported: a harmless one, so that no more noise follows."""
    return {**record, "start": 0, "end": 1, "quote": "?", "prefix": "", "suffix": ""}


@dataclass
class _Tags:
    """What to do with a tag that is not one of ours."""

    mapping: str | None  # map every unknown tag to this one...
    keep: bool = False  # ...or let it through (agree, which stores nothing)...
    mapped: list[int] = field(default_factory=lambda: [0])  # ...counting the mapped ones
    known: TagSet = DEFAULT_TAGS
    one_word: bool = False  # a kept tag must be one word (it is stored and exported as it is)


def _check_annotation(
    record: Any,
    where: str,
    doc_id: str | None,
    seen: dict[str, str],
    add,
    placer: _Placer | None = None,
    tags: _Tags | None = None,
    annotator: str | None = None,
) -> Annotation | None:
    if not isinstance(record, dict):
        add(f"{where}: expected an object, found {_kind(record)}")
        return None
    fail = Faults(add)

    if record.get("status") != ORPHANED:
        if placer is not None:
            record = placer.place(record, where, fail)
        elif "start" not in record and "end" not in record and "quote" in record:
            fail(f"{where}: no offsets, and the document's text is not at hand to place its quote")
            return None
    missing = [n for n in ("id", "document", "start", "end", "quote", "prefix", "suffix", "tag", "created") if n not in record]
    if missing:
        fail(f"{where}: missing {', '.join(missing)}")
    for name in _REQUIRED_TEXT:
        if name not in record:
            continue
        elif not isinstance(record[name], str):
            fail(f"{where}.{name}: expected text, found {_kind(record[name])}")
        elif name in _NON_EMPTY and not record[name]:
            fail(f"{where}.{name}: empty")
    for name in _OPTIONAL_TEXT:
        if name in record and not isinstance(record[name], str):
            fail(f"{where}.{name}: expected text, found {_kind(record[name])}")
    for name in (*_REQUIRED_TEXT, *_OPTIONAL_TEXT):
        if "\0" in (record.get(name) if isinstance(record.get(name), str) else ""):
            fail(f"{where}.{name}: holds a NUL character (binary data, not text)")
    start, end = record.get("start"), record.get("end")
    for name, value in (("start", start), ("end", end)):
        if name in record and not _is_int(value):
            fail(f"{where}.{name}: expected a whole number, found {_show(value)}")
    offsets_ok = _is_int(start) and _is_int(end)
    if offsets_ok and not 0 <= start < end:
        fail(f"{where}: span {start}..{end} is not 0 <= start < end")
        offsets_ok = False
    elif offsets_ok and end > MAX_OFFSET:
        fail(f"{where}: span {start}..{end} ends past the end of any document ({MAX_OFFSET} characters)")
        offsets_ok = False
    quote = record.get("quote")
    if offsets_ok and isinstance(quote, str) and quote and len(quote) != end - start:
        fail(f"{where}.quote: {len(quote)} characters, but the span {start}..{end} is {end - start}")
    status = record.get("status")
    if isinstance(status, str) and status not in STATUSES:
        fail(f"{where}.status: unknown status {_show(status)} (expected one of {', '.join(STATUSES)})")
    tag = record.get("tag")
    tags = tags or _Tags(None)
    if isinstance(tag, str) and tag not in tags.known:
        if tags.keep:
            if tags.one_word and foreign_tag_problem(tag):
                fail(f"{where}.tag: {_show(tag)}: {foreign_tag_problem(tag)}")
        elif tags.mapping is None:
            fail(f"{where}.tag: unknown tag {_show(tag)} (expected one of {tags.known.listing()})")
        else:
            record = {**record, "tag": tags.mapping}
            tags.mapped[0] += 1
    document = record.get("document")
    if doc_id is not None and isinstance(document, str) and document != doc_id:
        fail(f"{where}.document: {_show(document)} is not the id of its document")
    ann_id = record.get("id")
    if isinstance(ann_id, str) and ann_id:
        if ann_id in seen:
            fail(f"{where}.id: {_show(ann_id)} appears twice (also {seen[ann_id]})")
        else:
            seen[ann_id] = where
    if fail.found or doc_id is None:
        return None
    known = {name: record[name] for name in (*_REQUIRED_TEXT, *_OPTIONAL_TEXT, "start", "end") if name in record}
    if annotator and not known.get("annotator"):
        known["annotator"] = annotator
    return Annotation(**known)


def import_plan(store, plan: ImportPlan) -> ImportReport:
    """Add the plan's annotations to ``store``, all or nothing; see the module doc.

    Holds the store's lock from matching to writing, so a concurrent writer
    cannot slip a duplicate in between. Raises ImportFileError when a document
    cannot be matched safely, StoreError when the store cannot be read or written;
    either way nothing was added."""
    from .store import StoreError

    with store.locked():
        catalog_errors: list[StoreError] = []
        records = store.documents(errors=catalog_errors)
        by_id = {r["id"]: r for r in records}
        by_path: dict[str, dict] = {}
        for r in records:  # most recently opened first: that one wins
            if r.get("path"):
                by_path.setdefault(str(r["path"]), r)

        adds: dict[str, list[Annotation]] = {}
        new_records: dict[str, dict[str, Any]] = {}
        existing: dict[str, tuple[dict[str, Annotation], dict[tuple[int, int, str], str]]] = {}
        placed: Counter[str] = Counter()
        outcomes = []
        added = skipped = updated = 0
        for doc in plan.documents:
            if doc.id in by_id or store.has_document(doc.id):
                target, matched, anns = doc.id, "id", list(doc.annotations)
                title, path = doc.title, doc.path
                if plan.format == "brat":
                    anns = _sections_from_catalogue(by_id.get(doc.id), doc.id, anns)
            elif doc.path and doc.path in by_path:
                current = _placed_in_file(plan, doc, by_path[doc.path], placed)
                target, matched, anns = current.id, "path", current.annotations
                title, path = current.title, current.path
            else:
                target, matched, anns = doc.id, "new", list(doc.annotations)
                title, path = doc.title, doc.path
            # a new record gets them; an existing one only where its fields are empty
            # (e.g. after the catalogue was rebuilt), so a second import writes nothing
            new_records.setdefault(target, {"path": path, "title": title})
            if target not in existing:
                stored = store.annotations(target)  # a damaged file: StoreError, nothing added
                existing[target] = ({a.id: a for a in stored}, {(a.start, a.end, a.tag): a.id for a in stored})
            ids, spans = existing[target]
            doc_added = doc_skipped = doc_updated = 0
            for ann in anns:
                span = (ann.start, ann.end, ann.tag)
                old = ids.get(ann.id)
                if old is not None:
                    newer = _later_edit(ann, old)
                    if newer is None or spans.get(span, ann.id) != ann.id:
                        doc_skipped += 1  # the same, or not newer, or its span is another's
                        continue
                    del spans[(old.start, old.end, old.tag)]
                    ann = newer
                    doc_updated += 1
                elif span in spans:
                    doc_skipped += 1
                    continue
                else:
                    doc_added += 1
                ids[ann.id] = ann
                spans[span] = ann.id
                adds.setdefault(target, []).append(ann)
            outcomes.append(DocumentOutcome(doc.index, doc.id, target, matched, doc_added, doc_skipped, doc_updated))
            added += doc_added
            skipped += doc_skipped
            updated += doc_updated
        if adds or new_records:
            # an annotation with a stored id replaces the stored one (Store.apply)
            store.apply_many({doc_id: (anns, []) for doc_id, anns in adds.items()}, records=new_records)
    notes = plan.notes() + placement_notes(dict(placed))
    return ImportReport(
        added=added, skipped_duplicates=skipped, documents=len(adds), outcomes=tuple(outcomes), notes=tuple(notes),
        updated=updated,
    )


_CONTENT_SKIPS = frozenset({"created", "modified", "document"})


def _later_edit(ann: Annotation, old: Annotation) -> Annotation | None:
    """``ann`` as the new version of the stored ``old`` (same id and creation time), if
    it was modified later and differs in content; else None.

    The creation times must agree: a format that carries no times (brat, a W3C
    annotation without ``created``) gets the time of the import, which says nothing
    about when its content was edited, so it never replaces a stored annotation."""
    if _time(ann.created) != _time(old.created) or not _time(ann.modified) > _time(old.modified):
        return None
    mine, theirs = ann.to_dict(), old.to_dict()
    if all(mine[k] == theirs[k] for k in mine if k not in _CONTENT_SKIPS):
        return None
    return replace(ann, document=old.document)


def _time(stamp: str):
    """A stamp as an aware datetime for comparing (the earliest possible one if it
    cannot be read: such a copy never wins)."""
    from datetime import datetime, timezone

    try:
        when = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except (ValueError, AttributeError):
        return datetime.min.replace(tzinfo=timezone.utc)
    return when if when.tzinfo else when.replace(tzinfo=timezone.utc)


def _sections_from_catalogue(record: dict | None, doc_id: str, anns: list[Annotation]) -> list[Annotation]:
    """brat carries no sections, and its .txt is plain text: a Markdown document's
    headings are not headings there. When the store knows the document and its file
    still holds that text, the sections are that file's."""
    document = _document_at((record or {}).get("path") or "", doc_id)
    if document is None:
        return anns
    return [replace(a, section=document.section_at(a.start).title) if not a.orphaned else a for a in anns]


@dataclass(frozen=True)
class _InFile:
    id: str
    path: str
    title: str
    annotations: list[Annotation]


def _placed_in_file(plan: ImportPlan, doc: PlannedDocument, record: dict, counts: Counter[str]) -> _InFile:
    """A document unknown by id at the path of a catalogued one: its annotations
    placed in the text the file there holds now (re-anchored where it changed),
    for the document that text is. ImportFileError if the file cannot be read or an
    annotation has no place in it (unless the plan keeps orphans)."""
    from .document import DocumentError, load_document

    name = f"documents[{doc.index}] ({doc.title or doc.id[:12]!r})" if plan.format == "json" else "the document"
    other = f"the file at {doc.path} (catalogued as document {record['id'][:12]}…)"
    try:
        current = load_document(doc.path)
    except DocumentError as exc:
        raise ImportFileError(
            plan.source, [f"{name}: its id is not in this store and {other} cannot be read: {exc}"]
        ) from None
    problems: list[str] = []
    placer = _Placer(current.text, _section_finder(current), plan.keep_orphans, counts, same_text=False)
    places = doc.places or tuple(f"{name}.annotations[{i}]" for i in range(len(doc.annotations)))
    out: list[Annotation] = []
    for ann, where in zip(doc.annotations, places):
        fail = Faults(problems.append)
        values = ann.to_dict()
        if not ann.orphaned:
            values = placer.place(values, where, fail)
        if not fail.found:
            out.append(Annotation(**{**values, "document": current.id}))
    if problems:
        problems.insert(0, f"{name}: its id is not in this store, and {other} is a different text")
        raise ImportFileError(plan.source, problems)
    return _InFile(current.id, current.path, current.title, out)
