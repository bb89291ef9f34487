"""The ledger as one self-contained HTML file an editor can read, print or mail: per
document its source on top, a table of its claims (claim, said by, when, section,
verdict, note), unattributed claims marked as such, verdicts as coloured labels, a count
of verdicts, and the entities with their mentions.

No external file of any kind (styles inline, no scripts, fonts or images), so it works
offline and shows the same everywhere. Every text is escaped; only http(s) addresses
become links. Each claim's row has the id ``claim-<id>``, so a link can point at it
(ClaimReview's ``url`` does); given the address it will be published at, the page also
carries the ClaimReview JSON-LD as a data block. Pure core: no Textual.
"""

from __future__ import annotations

import json
from collections import Counter
from html import escape
from typing import Sequence

from .model import LedgerDocument, claims_by_entity, one_line, safe_url, source_parts

# verdicts of the default list get a colour; any other verdict a neutral one
VERDICT_COLOURS = {
    "true": "#1b7f3b",
    "mostly-true": "#4f8a2b",
    "misleading": "#b36b00",
    "false": "#b3261e",
    "unsupported": "#7a4fa0",
    "unverified": "#5f6368",
}
STYLE = """
body { font: 16px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1f1f1f;
       max-width: 72rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.3rem; margin-top: 2.5rem; border-top: 1px solid #ddd; padding-top: 1rem; }
.source { color: #444; margin: 0 0 1rem; } .source dt { font-weight: 600; float: left; clear: left; width: 7rem; }
.source dd { margin: 0 0 0 7.5rem; }
table { border-collapse: collapse; width: 100%; font-size: 0.95rem; }
th, td { text-align: left; vertical-align: top; padding: 0.4rem 0.5rem; border-bottom: 1px solid #e3e3e3; }
th { background: #f4f4f4; }
.verdict { display: inline-block; padding: 0 0.45rem; border-radius: 0.3rem; color: #fff; font-weight: 600;
           background: #5f6368; white-space: nowrap; }
.unattributed { color: #b3261e; font-style: italic; }
.value { color: #555; white-space: nowrap; } .note { white-space: pre-wrap; }
.orphaned { color: #b36b00; font-size: 0.85rem; } .summary { color: #444; }
@media print { body { margin: 0; } section + section { break-before: page; } }
"""


def render(docs: Sequence[LedgerDocument], review_url: str = "", **options) -> str:
    """The report; with ``review_url`` (the address it will be published at) it also
    carries the ClaimReview JSON-LD of its judged claims, so that the page is a fact
    check Google's tools can read (each review's url points at its claim's row)."""
    claims = sum(len(d.ledger.claims) for d in docs)
    verdicts = sorted({row.verdict for d in docs for row in d.ledger.claims})
    colours = "".join(
        f'.verdict.v-{escape(v)} {{ background: {VERDICT_COLOURS[v]}; }}\n' for v in verdicts if v in VERDICT_COLOURS
    )
    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="generator" content="tui-reader">',
        "<title>Claim ledger</title>",
        f"<style>{STYLE}{colours}</style>",
        *_json_ld(docs, review_url, options),
        "</head>",
        "<body>",
        "<h1>Claim ledger</h1>",
        f'<p class="summary">{claims} claim{"s" if claims != 1 else ""} in {len(docs)} document{"s" if len(docs) != 1 else ""}.</p>',
    ]
    for doc in docs:
        out += _document(doc)
    out += ["</body>", "</html>"]
    return "\n".join(out) + "\n"


def _json_ld(docs: Sequence[LedgerDocument], review_url: str, options: dict) -> list[str]:
    """A data block (never run: no script is executable) of the ClaimReview objects, or
    nothing; ``<``, ``>`` and ``&`` are written as JSON escapes so no text can end it."""
    if not review_url:
        return []
    from .claimreview import claim_reviews

    reviews = claim_reviews(docs, review_url=review_url, **{k: v for k, v in options.items() if k in ("default_verdict", "annotator")})
    if not reviews:
        return []
    data = json.dumps(reviews, ensure_ascii=False, indent=1)
    data = data.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return ['<script type="application/ld+json">', data, "</script>"]


def _document(doc: LedgerDocument) -> list[str]:
    out = [f'<section id="document-{escape(doc.id[:12])}">', f"<h2>{escape(one_line(doc.headline))}</h2>"]
    out.append(_source(doc))
    if not doc.ledger.claims:
        return out + ["<p>No claims yet.</p>", "</section>"]
    out += [
        "<table>",
        "<thead><tr><th>#</th><th>Claim</th><th>Said by</th><th>When</th><th>Section</th><th>Verdict</th><th>Note</th></tr></thead>",
        "<tbody>",
    ]
    for number, row in enumerate(doc.ledger.claims, 1):
        claim = f"“{escape(one_line(row.claim.quote))}”"
        if row.claim.orphaned:
            claim += '<br><span class="orphaned">orphaned: its words are gone from the text</span>'
        said = escape(row.entity_names) if row.attributed else '<span class="unattributed">unattributed</span>'
        when = "<br>".join(
            escape(one_line(d.date.quote)) + (f' <span class="value">({escape(d.value)})</span>' if d.value else "")
            for d in row.dated
        )
        verdict = f'<span class="verdict v-{escape(row.verdict)}">{escape(row.verdict)}</span>'
        out.append(
            f'<tr id="claim-{escape(row.claim.id)}"><td>{number}</td><td>{claim}</td><td>{said}</td><td>{when}</td>'
            f"<td>{escape(row.claim.section)}</td><td>{verdict}</td>"
            f'<td class="note">{escape(row.claim.note.strip())}</td></tr>'
        )
    out += ["</tbody>", "</table>"]
    counts = Counter(row.verdict for row in doc.ledger.claims)
    unattributed = sum(1 for row in doc.ledger.claims if not row.attributed)
    summary = ", ".join(f"{n} {escape(v)}" for v, n in counts.items())
    out.append(f'<p class="summary">Verdicts: {summary}.' + (f" Unattributed: {unattributed}." if unattributed else "") + "</p>")
    if doc.ledger.entities:
        said_by = claims_by_entity(doc)
        out += ["<h3>Entities</h3>", "<ul>"]
        for entity in doc.ledger.entities:
            mentions = ", ".join(f"“{escape(one_line(m.quote))}”" for m in entity.mentions)
            n = said_by.get(entity.id, 0)
            out.append(f"<li><strong>{escape(entity.name)}</strong>: {mentions}; {n} claim{'s' if n != 1 else ''}</li>")
        out.append("</ul>")
    out.append("</section>")
    return out


def _source(doc: LedgerDocument) -> str:
    items = []
    for label, value in source_parts(doc.source):
        if label == "url" and safe_url(value):
            shown = f'<a href="{escape(value, quote=True)}">{escape(value)}</a>'
        else:
            shown = escape(one_line(value))
        items.append(f"<dt>{escape(label.capitalize())}</dt><dd>{shown}</dd>")
    if doc.path:
        items.append(f"<dt>File</dt><dd>{escape(doc.path)}</dd>")
    return '<dl class="source">' + "".join(items) + "</dl>"
