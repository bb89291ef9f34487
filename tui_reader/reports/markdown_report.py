"""The ledger as a Markdown report an editor can read: per document its source, a table
of its claims (claim, said by, when, section, verdict, note; unattributed claims said so),
a count of verdicts, and its entities with their mentions.

Text from the document or the reader is escaped (table pipes, emphasis, links, raw HTML),
so a quote can never break the table or the page. Pure core: no Textual.
"""

from __future__ import annotations

from collections import Counter
from typing import Sequence

from .model import LedgerDocument, claims_by_entity, one_line, safe_url, source_parts, when_text

UNATTRIBUTED = "unattributed"
_SPECIAL = set("\\`*_[]<>|~&#!")


def escape(text: str) -> str:
    """Inline Markdown for ``text``: one line, every character Markdown would read
    escaped with a backslash (CommonMark escapes any ASCII punctuation)."""
    return "".join("\\" + c if c in _SPECIAL else c for c in one_line(text))


def cell(text: str) -> str:
    """A table cell: escaped; the note's own line breaks kept as <br>."""
    return "<br>".join(escape(line) for line in text.splitlines() if line.strip())


def render(docs: Sequence[LedgerDocument], **_options) -> str:
    claims = sum(len(d.ledger.claims) for d in docs)
    lines = ["# Claim ledger", ""]
    lines.append(f"{claims} claim{'s' if claims != 1 else ''} in {len(docs)} document{'s' if len(docs) != 1 else ''}.")
    for doc in docs:
        lines += ["", f"## {escape(doc.headline)}", ""]
        lines += _source_lines(doc)
        lines.append("")
        if not doc.ledger.claims:
            lines.append("No claims yet.")
            continue
        lines.append("| # | Claim | Said by | When | Section | Verdict | Note |")
        lines.append("|---:|---|---|---|---|---|---|")
        for number, row in enumerate(doc.ledger.claims, 1):
            said = escape(row.entity_names) if row.attributed else f"*{UNATTRIBUTED}*"
            claim = f"“{escape(row.claim.quote)}”" + (" (orphaned: its words are gone)" if row.claim.orphaned else "")
            lines.append(
                f"| {number} | {claim} | {said} | {escape(when_text(row))} | {escape(row.claim.section)} "
                f"| **{escape(row.verdict)}** | {cell(row.claim.note)} |"
            )
        counts = Counter(row.verdict for row in doc.ledger.claims)
        unattributed = sum(1 for row in doc.ledger.claims if not row.attributed)
        summary = ", ".join(f"{n} {escape(v)}" for v, n in counts.items())
        lines += ["", f"Verdicts: {summary}." + (f" Unattributed: {unattributed}." if unattributed else "")]
        if doc.ledger.entities:
            lines += ["", "### Entities", ""]
            said_by = claims_by_entity(doc)
            for entity in doc.ledger.entities:
                mentions = ", ".join(f"“{escape(m.quote)}”" for m in entity.mentions)
                n = said_by.get(entity.id, 0)
                lines.append(f"- **{escape(entity.name)}**: {mentions}; {n} claim{'s' if n != 1 else ''}")
    return "\n".join(lines) + "\n"


def _source_lines(doc: LedgerDocument) -> list[str]:
    out = []
    for label, value in source_parts(doc.source):
        if label == "url":
            url = safe_url(value)
            out.append(f"- URL: <{url}>" if url else f"- URL: {escape(value)}")
        else:
            out.append(f"- {label.capitalize()}: {escape(value)}")
    if doc.path:
        out.append(f"- File: {escape(doc.path)}")
    return out
