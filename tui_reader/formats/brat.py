"""brat standoff: NAME.txt (the normalized text) and NAME.ann beside it.

    T1<TAB>actor 3650 3668<TAB>Francis L. Donovan
    #1<TAB>AnnotatorNotes T1<TAB>the commander
    #2<TAB>Annotator T1<TAB>ana
    T2<TAB>claim 120 131;132 160<TAB>first line second line

Offsets are code points of the .txt. A span that crosses line breaks is written as
brat's discontinuous ranges, one per line, and its text as the pieces joined by a
space, so that every T line's text is what brat itself finds at its offsets. A note
is an ``AnnotatorNotes`` comment (line breaks inside it become spaces: a .ann line
cannot hold one; "line break" is every character ``str.splitlines()`` cuts at, U+2028
and form feed too, since brat reads the .ann with it); the annotator, which brat has no field for, is an ``Annotator``
comment (brat shows comments of any type).

Links are R lines and verdicts A lines, a date's value and an actor's entity name
comments (:mod:`.brat_relations`).

Reading: T lines, R lines, Verdict A lines and the comment types above are taken;
events, other attributes and normalizations (E, A, M, N lines) have no place here
and are counted as ignored. A T line whose text is not the .txt's at its offsets, or whose
ranges skip more than white space, is an error naming its line.

Pure core: no Textual.
"""

from __future__ import annotations

import re
import uuid
from pathlib import Path
from typing import Any, Sequence

from ..annotations import utc_now
from .files import make_folder, write_text
from .model import ExportDocument, ExportResult, placed
from .names import short_slug
from .reading import ExportFile, Problems, Read, ReadDocument, ReadError, read_text

NOTE_TYPE = "AnnotatorNotes"
ANNOTATOR_TYPE = "Annotator"
_IGNORED = {"E": "event", "M": "attribute", "N": "normalization", "*": "equivalence"}
_RANGE = re.compile(r"(\d+) (\d+)")
#: Every character at which ``str.splitlines()`` cuts a line. brat reads a .ann with
#: ``readlines()`` of a codecs reader, which cuts at these too, not only at "\n".
LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_BREAK = re.compile(f"[{re.escape(LINE_BREAKS)}]")


# -- writing -------------------------------------------------------------------------------


def fragments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``start..end`` cut at line breaks (every one ``str.splitlines()`` knows)
    into non-empty ranges on one line each."""
    out = []
    pos = start
    while pos < end:
        cut = _BREAK.search(text, pos, end)
        stop = end if cut is None else cut.start()
        if stop > pos:
            out.append((pos, stop))
        pos = stop + 1
    return out


def _one_line(value: str) -> str:
    """``value`` with each of its line breaks (as ``str.splitlines()`` finds them) as a space."""
    return " ".join(value.splitlines()) if _BREAK.search(value) else value


def file_names(docs: Sequence[ExportDocument]) -> list[str]:
    """A file name per document: its title's slug, made unique with the id where needed."""
    names: list[str] = []
    taken: set[str] = set()
    for doc in docs:
        name = short_slug(doc.title, 60) or "document"
        if name in taken:
            name = f"{name}-{doc.id[:8]}"
        taken.add(name)
        names.append(name)
    return names


def ann_text(doc: ExportDocument, result: ExportResult) -> str:
    """The .ann of one document: T lines and their comments, then the links as R lines
    and the verdicts as A lines (see :mod:`.brat_relations`)."""
    from .brat_relations import comment_fields, relation_lines

    text = doc.text
    if text is None:
        raise ValueError(f"the text of document {doc.id} is needed for brat")
    lines = []
    t = c = 0
    written: dict[str, str] = {}  # annotation id -> its T id
    fields = comment_fields(doc)
    for ann in placed(doc, result):
        pieces = fragments(text, ann.start, ann.end)
        if not pieces:
            result.unplaceable += 1
            continue
        t += 1
        written[ann.id] = f"T{t}"
        ranges = ";".join(f"{s} {e}" for s, e in pieces)
        lines.append(f"T{t}\t{ann.tag} {ranges}\t{' '.join(text[s:e] for s, e in pieces)}")
        for kind, value in ((NOTE_TYPE, ann.note), (ANNOTATOR_TYPE, ann.annotator), *fields(ann)):
            if value:
                c += 1
                lines.append(f"#{c}\t{kind} T{t}\t{_one_line(value)}")
        result.written += 1
    lines.extend(relation_lines(doc, written, result))
    return "".join(line + "\n" for line in lines)


def output_files(folder: Path, docs: Sequence[ExportDocument]) -> list[Path]:
    """The files :func:`write_folder` writes into ``folder``."""
    return [folder / f"{name}{ext}" for name in file_names(docs) for ext in (".txt", ".ann")]


def write_folder(docs: Sequence[ExportDocument], folder: Path, result: ExportResult) -> None:
    """NAME.txt and NAME.ann per document in ``folder`` (made if missing)."""
    make_folder(folder, "brat")
    contents = [(name, doc.text, ann_text(doc, result)) for name, doc in zip(file_names(docs), docs)]
    for name, text, ann in contents:  # everything is built before the first file is written
        write_text(text, folder / f"{name}.txt")
        write_text(ann, folder / f"{name}.ann")


# -- reading -------------------------------------------------------------------------------


def recognizes(file: ExportFile) -> bool:
    """A .ann file, or a .txt with its .ann beside it."""
    if file.path is None:
        return False
    suffix = file.path.suffix.lower()
    return suffix == ".ann" or (suffix == ".txt" and file.path.with_suffix(".ann").is_file())


def read(file: ExportFile, add: Problems) -> Read:
    """The T lines of NAME.ann as records over NAME.txt (the document), each with the
    section of the text it is in (brat has none of its own)."""
    from ..document import Document, DocumentError
    from ..document import read_text as read_document_text
    from ..integrity import is_int

    assert file.path is not None
    ann_path, txt_path = file.path.with_suffix(".ann"), file.path.with_suffix(".txt")
    ann = read_text(ann_path)
    try:
        raw = read_document_text(txt_path)
        doc = Document.from_text(raw, path=str(txt_path.resolve()))
    except DocumentError as exc:
        raise ReadError([f"its text: {exc}"], str(ann_path)) from None
    records, ignored = read_ann(ann.lstrip("\ufeff"), raw, doc.text, doc.id, ann_path.name, add)
    for _, record in records:  # brat has no sections: the text's own
        if is_int(record.get("start")):
            record.setdefault("section", doc.section_at(record["start"]).title)
    return Read([ReadDocument(0, doc.id, doc.path, doc.title, records, doc)], ignored)


def normalized_offsets(raw: str):
    """A function from an offset of ``raw`` (the .txt as brat reads it: a BOM and CRLF
    count) to the offset in the normalized text (no BOM; CRLF and CR as LF)."""
    removed = []
    if raw.startswith("\ufeff"):
        removed.append(0)
    removed.extend(m.start() for m in re.finditer("\r\n", raw))
    if not removed:
        return lambda offset: offset
    from bisect import bisect_left

    return lambda offset: offset - bisect_left(removed, offset)


def read_ann(
    ann: str, raw: str, text: str, doc_id: str, name: str, add
) -> tuple[list[tuple[str, dict[str, Any]]], dict[str, int]]:
    """The records of a .ann over its .txt (``raw`` as read, ``text`` normalized):
    [(where, record)], and counts of the lines ignored by kind. Problems go to ``add``."""
    to_text = normalized_offsets(raw)
    entities: dict[str, tuple[str, dict[str, Any]]] = {}
    comments: list[tuple[str, str, str, str]] = []
    relations: list[tuple[str, str, str]] = []  # R and A lines: (where, id, the rest)
    ignored: dict[str, int] = {}
    for number, line in enumerate(ann.split("\n"), 1):
        line = line.rstrip("\r")
        if not line.strip():
            continue
        where = f"{name} line {number}"
        ann_id, sep, rest = line.partition("\t")
        kind = ann_id[:1]
        if kind in _IGNORED:
            ignored[_IGNORED[kind]] = ignored.get(_IGNORED[kind], 0) + 1
            continue
        if kind in ("R", "A"):
            relations.append((where, ann_id, rest))
            continue
        if kind == "#":
            data, sep2, value = rest.partition("\t")
            parts = data.split(" ")
            if not sep or len(parts) != 2:
                add(f"{where}: expected '#N<tab>TYPE T<n><tab>TEXT'")
                continue
            comments.append((where, parts[0], parts[1], value))
            continue
        if kind != "T":
            add(f"{where}: not a brat annotation line (it starts with {ann_id[:10]!r})")
            continue
        where = f"{where} ({ann_id})"
        data, sep2, quote = rest.partition("\t")
        tag, _, spans = data.partition(" ")
        if not sep or not sep2 or not tag or not spans:
            add(f"{where}: expected 'T<n><tab>TYPE START END<tab>TEXT'")
            continue
        if ann_id in entities:
            add(f"{where}: {ann_id} appears twice")
            continue
        ranges = []
        for piece in spans.split(";"):
            m = _RANGE.fullmatch(piece.strip())
            if not m or len(piece) > 40:  # no offset has 20 digits (and int() stops at 4,300)
                add(f"{where}: expected offsets 'START END' (';' between ranges), found {piece!r}")
                ranges = []
                break
            ranges.append((int(m.group(1)), int(m.group(2))))
        if not ranges:
            continue
        if any(not 0 <= s <= e <= len(raw) for s, e in ranges) or ranges[0][0] >= ranges[-1][1]:
            add(f"{where}: offsets {spans} are outside the text ({len(raw)} characters) or empty")
            continue
        if any(ranges[i][1] > ranges[i + 1][0] for i in range(len(ranges) - 1)):
            add(f"{where}: ranges {spans} overlap or are out of order")
            continue
        gaps = [raw[ranges[i][1] : ranges[i + 1][0]] for i in range(len(ranges) - 1)]
        if any(gap.strip() for gap in gaps):
            add(f"{where}: discontinuous ranges {spans} skip text; tui-reader's spans are contiguous")
            continue
        there = " ".join(raw[s:e] for s, e in ranges)
        start, end = to_text(ranges[0][0]), to_text(ranges[-1][1])
        record = {
            "id": uuid.uuid5(uuid.NAMESPACE_URL, f"urn:tui-reader:brat:{doc_id}:{start}:{end}:{tag}").hex,
            "document": doc_id,
            "start": start,
            "end": end,
            "quote": text[start:end],
            "tag": tag,
            "created": utc_now(),
        }
        if there != quote:
            # not what the .txt has at these offsets: the importer re-anchors or reports it
            record["quote"] = quote
            record["stated_offsets"] = spans
        entities[ann_id] = (where, record)
    from .brat_relations import COMMENT_FIELDS, read_relations

    for where, kind, target, value in comments:
        if kind not in (NOTE_TYPE, ANNOTATOR_TYPE, *COMMENT_FIELDS):
            ignored["comment"] = ignored.get("comment", 0) + 1
            continue
        if target not in entities:
            add(f"{where}: {kind} of {target}, which is not a T line of this file")
            continue
        record = entities[target][1]
        if kind in COMMENT_FIELDS:
            record[COMMENT_FIELDS[kind]] = value
            record[f"{COMMENT_FIELDS[kind]}_where"] = where  # a bad value is named at its own line
            continue
        field_name = "note" if kind == NOTE_TYPE else "annotator"
        record[field_name] = f"{record[field_name]}\n{value}" if record.get(field_name) else value
    read_relations(relations, entities, doc_id, ignored, add)
    return list(entities.values()), ignored
