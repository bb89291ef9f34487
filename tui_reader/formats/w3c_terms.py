"""The W3C export's vocabulary, shared by its writer and its reader: the JSON-LD context,
and the IRIs that name annotations, documents and files, and dates as the model writes them.

Pure core: no Textual.
"""

from __future__ import annotations

import re
import uuid
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
NAMESPACE = "urn:tui-reader:"
COLLECTION_CONTEXT = [CONTEXT, {"tui": NAMESPACE}]
TYPES = ("AnnotationCollection", "AnnotationPage", "Annotation")

HEX32 = re.compile(r"[0-9a-f]{32}")
IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:[^\s<>\"{}|\\^`]+")  # an absolute IRI (RFC 3987, roughly)
AGENT_IRI = re.compile(r"(?:https?|mailto|urn|tag):.+", re.IGNORECASE)  # a creator that is an IRI, not a name
HEX64 = re.compile(r"[0-9a-f]{64}")
UTC = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z")
ANN_PREFIX = NAMESPACE + "annotation:"
DOC_PREFIX = NAMESPACE + "document:"


# -- identifiers ---------------------------------------------------------------------------


def annotation_iri(ann_id: str) -> str:
    """Our uuid4 hex ids as urn:uuid IRIs; another tool's IRI (kept as the id when its
    W3C was imported) as it was; any other id, percent-encoded, under our prefix."""
    if HEX32.fullmatch(ann_id):
        return f"urn:uuid:{uuid.UUID(hex=ann_id)}"
    if IRI.fullmatch(ann_id) and annotation_id(ann_id) == ann_id:
        return ann_id
    return ANN_PREFIX + quote(ann_id, safe="")


def annotation_id(iri: str) -> str:
    """The inverse of :func:`annotation_iri`; another tool's IRI is kept as the id."""
    if iri.lower().startswith("urn:uuid:"):
        try:
            return uuid.UUID(iri[9:]).hex
        except ValueError:
            return iri
    if iri.startswith(ANN_PREFIX):
        return unquote(iri[len(ANN_PREFIX) :])
    return iri


def source_iri(doc_id: str) -> str:
    """A document is named by its content: urn:sha256 of its normalized text."""
    if HEX64.fullmatch(doc_id):
        return f"urn:sha256:{doc_id}"
    return DOC_PREFIX + doc_id


def file_iri(path: str) -> str | None:
    if not path or not Path(path).is_absolute():
        return None
    return Path(path).as_uri()


def utc(stamp: str) -> str | None:
    """An xsd:dateTime in UTC with a Z, as the model asks; our own stamps pass unchanged."""
    if UTC.fullmatch(stamp):
        return stamp
    try:
        when = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return when.astimezone(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def document_id(source: str) -> str | None:
    """Our document id for a target source IRI, or None (a file:// IRI: read the file)."""
    if source.startswith("urn:sha256:") and HEX64.fullmatch(source[11:].lower()):
        return source[11:].lower()
    if source.startswith(DOC_PREFIX):
        return source[len(DOC_PREFIX) :]
    return None


def file_path(iri: str) -> str | None:
    """The local path of a file:// IRI."""
    parts = urlsplit(iri)
    if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
        return None
    return unquote(parts.path)
