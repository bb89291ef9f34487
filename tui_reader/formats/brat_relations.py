"""brat standoff for what a fact-checker adds to spans: links as relations, verdicts as
attributes, a date's value and an actor's entity name as comments::

    R1<TAB>said_by Arg1:T3 Arg2:T1
    A1<TAB>Verdict T3 misleading
    #4<TAB>Value T2<TAB>2025-11-04
    #5<TAB>ResolvedValue T5<TAB>2025-09
    #6<TAB>Name T1<TAB>Francis L. Donovan

A relation's first argument is the link's source (the annotation that holds it), the
second its target. ``Value`` is a value the reader set; ``ResolvedValue`` one resolved
from the quote and the publication date, which brat has no place for: reading it back,
either becomes the date's value. A link from or to an annotation that brat does not get
(an orphan, a span of line breaks) is left out and counted.

Pure core: no Textual.
"""

from __future__ import annotations

import re
import uuid
from typing import Any, Callable

from ..annotations import utc_now
from .model import ExportDocument, ExportResult, date_values

VERDICT_TYPE = "Verdict"
VALUE_TYPE, RESOLVED_TYPE, NAME_TYPE = "Value", "ResolvedValue", "Name"
#: comment types read back onto the annotation, and the field each fills
COMMENT_FIELDS = {VALUE_TYPE: "value", RESOLVED_TYPE: "value", NAME_TYPE: "name"}
_RELATION = re.compile(r"(\S+) Arg1:(\S+) Arg2:(\S+)")
_ATTRIBUTE = re.compile(r"(\S+) (\S+)(?: (\S+))?")


def comment_fields(doc: ExportDocument) -> Callable[[Any], list[tuple[str, str]]]:
    """For an annotation of ``doc``, its comments beyond the note and annotator:
    [(type, value)] for its date value and entity name."""
    values = date_values(doc)

    def fields(ann) -> list[tuple[str, str]]:
        out = []
        if ann.id in values:
            value, resolved = values[ann.id]
            out.append((RESOLVED_TYPE if resolved else VALUE_TYPE, value))
        if ann.name:
            out.append((NAME_TYPE, ann.name))
        return out

    return fields


def relation_lines(doc: ExportDocument, written: dict[str, str], result: ExportResult) -> list[str]:
    """R lines for the links between annotations written (``written``: id -> T id),
    then an A line per claim with a verdict."""
    lines = []
    r = 0
    for ann in doc.sorted():
        for link in ann.links:
            if ann.id in written and link.target in written:
                r += 1
                lines.append(f"R{r}\t{link.type} Arg1:{written[ann.id]} Arg2:{written[link.target]}")
            else:
                result.links_left_out += 1
    a = 0
    for ann in doc.sorted():
        if ann.verdict and ann.id in written:
            a += 1
            lines.append(f"A{a}\t{VERDICT_TYPE} {written[ann.id]} {ann.verdict}")
    return lines


def read_relations(
    lines: list[tuple[str, str, str]],
    entities: dict[str, tuple[str, dict[str, Any]]],
    doc_id: str,
    ignored: dict[str, int],
    add,
) -> None:
    """R and A lines ``(where, id, rest)`` onto the records of their T lines: a
    relation becomes a link of its Arg1's record, a Verdict attribute that record's
    verdict; other attributes are counted in ``ignored``."""
    seen: set[str] = set()
    for where, line_id, rest in lines:
        where = f"{where} ({line_id})"
        if line_id in seen:
            add(f"{where}: {line_id} appears twice")
            continue
        seen.add(line_id)
        if line_id.startswith("R"):
            m = _RELATION.fullmatch(rest)
            if not m:
                add(f"{where}: expected 'R<n><tab>TYPE Arg1:T<n> Arg2:T<n>'")
                continue
            kind, source, target = m.groups()
            missing = [t for t in (source, target) if t not in entities]
            if missing:
                add(f"{where}: {kind} of {missing[0]}, which is not a T line of this file")
                continue
            record, target_id = entities[source][1], entities[target][1]["id"]
            key = f"urn:tui-reader:brat:{doc_id}:{record['id']}:{kind}:{target_id}"
            link = {"id": uuid.uuid5(uuid.NAMESPACE_URL, key).hex, "type": kind, "target": target_id,
                    "created": utc_now(), "where": where}
            record["links"] = [*record.get("links", []), link]
            continue
        m = _ATTRIBUTE.fullmatch(rest)
        if not m or m.group(1) != VERDICT_TYPE:
            ignored["attribute"] = ignored.get("attribute", 0) + 1
            continue
        _, target, verdict = m.groups()
        if target not in entities:
            add(f"{where}: {VERDICT_TYPE} of {target}, which is not a T line of this file")
        elif not verdict:
            add(f"{where}: expected 'A<n><tab>{VERDICT_TYPE} T<n> VERDICT'")
        else:
            entities[target][1].update(verdict=verdict, verdict_where=where)
