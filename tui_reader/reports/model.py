"""The documents a ledger report is made of: each with its effective source (front matter
overridden by what the reader stored) and its ledger, dates resolved against that
source's publication date. Pure core: no Textual.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ..doc_source import Source
from ..ledger import Ledger, build_ledger, role_tags
from ..tagset import TagSet


@dataclass
class LedgerDocument:
    id: str
    path: str
    title: str  # the document's own title (its first heading or file name)
    source: Source
    ledger: Ledger

    @property
    def headline(self) -> str:
        """The title to show: the source's, else the document's."""
        return self.source.title or self.title or Path(self.path).name or self.id[:12]


def ledger_documents(store, path: str | os.PathLike | None, tags: TagSet) -> tuple[list[LedgerDocument], list[str]]:
    """PATH's document (opened as the app opens it), or every stored document that has
    claims; and notices for the user (an earlier version's annotations re-attached)."""
    from ..export import gather

    exported, notices = gather(store, path)
    claim_tags = role_tags(tags)[0]
    out = []
    for doc in exported:
        if not path and not any(a.tag in claim_tags for a in doc.annotations):
            continue
        source = Source.from_dict(doc.source)  # gather's: front matter under what was stored
        ledger = build_ledger(doc.annotations, tags, source.published_on())
        out.append(LedgerDocument(doc.id, doc.path, doc.title, source, ledger))
        unresolved = {d.date.id for row in ledger.claims for d in row.dated if not d.value}
        if unresolved and not source.published_on():
            n = len(unresolved)
            notices.append(
                f"“{out[-1].headline}” has no publication date, so {n} date{'s' if n != 1 else ''} "
                f"{'is' if n == 1 else 'are'} not resolved: tui-reader meta {doc.path or 'PATH'} --published YYYY-MM-DD"
            )
    return out, notices


def when_text(row) -> str:
    """A claim's dates as one cell: “Tuesday (2025-03-04)”, several joined with “; ”."""
    return "; ".join(f"{one_line(d.date.quote)} ({d.value})" if d.value else one_line(d.date.quote) for d in row.dated)


def one_line(text: str) -> str:
    """``text`` with every run of white space (line breaks too) one space."""
    return " ".join(text.split())


def source_parts(source: Source) -> list[tuple[str, str]]:
    """The known fields of a source other than its title, in the order a report shows
    them: outlet, author, published, url."""
    return [(name, getattr(source, name)) for name in ("outlet", "author", "published", "url") if getattr(source, name)]


def safe_url(url: str) -> str:
    """``url`` when it is an http(s) address a report may link to (no spaces, quotes or
    angle brackets), else ""."""
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url)
    except ValueError:
        return ""
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return ""
    if any(c.isspace() or c in "<>\"'`" or ord(c) < 32 for c in url):
        return ""
    return url


def claims_by_entity(doc: LedgerDocument) -> dict[str, int]:
    """How many of the document's claims each entity (by id) is said to have made."""
    counts: dict[str, int] = {}
    for row in doc.ledger.claims:
        for entity_id in {entity.id for _, entity in row.said_by}:
            counts[entity_id] = counts.get(entity_id, 0) + 1
    return counts
