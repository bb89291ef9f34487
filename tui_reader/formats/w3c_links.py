"""W3C Web Annotation for what a fact-checker adds to spans: links, verdicts, date values,
entity names, and the document's source.

A link is an Annotation of its own, motivated by ``linking``: its target is the IRI of
the annotation that holds the link (the claim), its body the IRI of the one it points
at (the actor), with a ``tagging`` TextualBody naming the link's type::

    {"@context": "http://www.w3.org/ns/anno.jsonld", "id": "urn:uuid:…", "type": "Annotation",
     "motivation": "linking", "created": "…", "creator": {"type": "Person", "name": "ana"},
     "body": ["urn:uuid:<actor>", {"type": "TextualBody", "purpose": "tagging", "value": "said_by"}],
     "target": "urn:uuid:<claim>"}

On a span's own annotation, more bodies: the verdict (``assessing``), a date's value
(``describing``; ``"tui:resolved": true`` when it was resolved from the quote and the
publication date, which a reader of ours does again rather than store it) and an
actor's entity name (``identifying``). The document's source goes in the collection's
``tui:documents`` entry as ``tui:source``.

Pure core: no Textual.
"""

from __future__ import annotations

from typing import Any

from .model import ExportDocument, date_values
from .reading import show
from .w3c_terms import AGENT_IRI, CONTEXT, IRI, annotation_id, annotation_iri, utc

VERDICT, VALUE, NAME = "assessing", "describing", "identifying"
#: the body purposes of a span's annotation beyond its tag and note, and the field each fills
PURPOSE_FIELDS = {VERDICT: "verdict", VALUE: "value", NAME: "name"}
RESOLVED = "tui:resolved"
SOURCE_KEY = "tui:source"
SOURCE_FIELDS = ("title", "url", "outlet", "author", "published")


def creator(annotator: str) -> Any:
    """An annotator as the model's creator: an agent's IRI as it is, a name as a Person."""
    agent_iri = AGENT_IRI.fullmatch(annotator) and IRI.fullmatch(annotator)
    return annotator if agent_iri else {"type": "Person", "name": annotator}


def finding_bodies(doc: ExportDocument):
    """For an annotation of ``doc``: its verdict, value and name bodies."""
    values = date_values(doc)

    def bodies(ann) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        if ann.verdict:
            out.append({"type": "TextualBody", "purpose": VERDICT, "value": ann.verdict})
        if ann.id in values:
            value, resolved = values[ann.id]
            body: dict[str, Any] = {"type": "TextualBody", "purpose": VALUE, "value": value}
            if resolved:
                body[RESOLVED] = True
            out.append(body)
        if ann.name:
            out.append({"type": "TextualBody", "purpose": NAME, "value": ann.name})
        return out

    return bodies


def link_items(doc: ExportDocument) -> list[dict[str, Any]]:
    """A ``linking`` Annotation per link of ``doc``'s annotations."""
    items = []
    for ann in doc.sorted():
        for link in ann.links:
            item: dict[str, Any] = {
                "@context": CONTEXT, "id": annotation_iri(link.id), "type": "Annotation", "motivation": "linking",
            }
            stamp = utc(link.created) if link.created else None
            if stamp:
                item["created"] = stamp
            if link.annotator:
                item["creator"] = creator(link.annotator)
            item["body"] = [annotation_iri(link.target), {"type": "TextualBody", "purpose": "tagging", "value": link.type}]
            item["target"] = annotation_iri(ann.id)
            items.append(item)
    return items


def source_entry(doc: ExportDocument) -> dict[str, Any]:
    """``{"tui:source": {"tui:url": …}}`` for the document's entry, or {} without one."""
    found = {f"tui:{k}": doc.source[k] for k in SOURCE_FIELDS if doc.source.get(k)}
    return {SOURCE_KEY: found} if found else {}


def read_source(entry: dict[str, Any]) -> dict[str, Any] | None:
    """A document entry's source record in our field names (None: it has none); the
    importer checks its values."""
    found = entry.get(SOURCE_KEY)
    if not isinstance(found, dict):
        return found  # None, or something the importer reports
    return {(k[4:] if k.startswith("tui:") else k): v for k, v in found.items()}


def is_link(item: Any) -> bool:
    motivation = item.get("motivation") if isinstance(item, dict) else None
    return motivation == "linking" or (isinstance(motivation, list) and motivation == ["linking"])


def read_link(item: dict[str, Any], where: str, add) -> tuple[str, dict[str, Any]] | None:
    """A ``linking`` item as (the id of the annotation holding it, the link record)."""
    target = item.get("target")
    target = target[0] if isinstance(target, list) and len(target) == 1 else target
    if isinstance(target, dict):
        target = target.get("id")
    bodies = item.get("body")
    bodies = bodies if isinstance(bodies, list) else [bodies]
    ends = [b if isinstance(b, str) else b.get("id") if isinstance(b, dict) and b.get("type") != "TextualBody" else None
            for b in bodies]
    ends = [e for e in ends if isinstance(e, str)]
    types = [b.get("value") for b in bodies if isinstance(b, dict) and b.get("purpose") == "tagging"]
    problems = []
    if not isinstance(target, str) or not target:
        problems.append(f"{where}.target: a link's target must be the IRI of the annotation it starts from")
    if len(ends) != 1:
        problems.append(f"{where}.body: a link needs one body that is the IRI of the annotation it points at")
    if len(types) != 1 or not isinstance(types[0], str) or not types[0]:
        problems.append(f"{where}.body: a link needs one tagging body naming its type (said_by, dated...)")
    iri = item.get("id")
    if not isinstance(iri, str) or not iri:
        problems.append(f"{where}.id: expected an IRI")
    for problem in problems:
        add(problem)
    if problems:
        return None
    link: dict[str, Any] = {"id": annotation_id(iri), "type": types[0], "target": annotation_id(ends[0]), "where": where}
    created = item.get("created")
    if created is not None:
        stamp = utc(created) if isinstance(created, str) else None
        if stamp is None:
            add(f"{where}.created: expected a date and time, found {show(created)}")
            return None
        link["created"] = created
    who = item.get("creator")
    who = who[0] if isinstance(who, list) and len(who) == 1 else who
    if isinstance(who, dict) and isinstance(who.get("name"), str):
        link["annotator"] = who["name"]
    elif isinstance(who, str):
        link["annotator"] = who
    return annotation_id(target), link


def attach(records: list, links: list, docs: dict, add) -> None:
    """Each link ``(where, holder id, link)`` onto the record ``(where, record, source)``
    of its holder; and a resolved value kept as the value where the document has no
    publication date to resolve it from again."""
    for _, record, source in records:
        resolved = record.pop("resolved_value", "")
        if resolved and not (docs[source].get("source") or {}).get("published"):
            record["value"] = resolved
    by_id = {r["id"]: r for _, r, _ in records if "id" in r}
    for where, holder, link in links:
        record = by_id.get(holder)
        if record is None:
            add(f"{where}.target: {show(annotation_iri(holder), 60)} is not an annotation in the file")
        else:
            record["links"] = [*record.get("links", []), link]
