"""The ledger as schema.org ClaimReview JSON-LD: one object per claim whose verdict is
not the default one (``unverified``), printed as a JSON array, for the fact-checking
world (Google's Fact Check Explorer and the Fact Check Tools read it).

Mapping (docs/formats.md has it in full, with what Google requires and recommends):
claimReviewed is the claim's quote; itemReviewed a Claim whose author is the entity
that said it (an Organization when its mentions are tagged with an organisation tag,
else a Person), whose datePublished is its ``dated`` date when that resolves to a day,
and whose appearance is the document as a CreativeWork (url, headline, publisher,
author, datePublished, from its source); reviewRating a Rating whose alternateName is the
verdict; author the annotator (a Person); datePublished the day the claim was last
changed (its verdict set); url the review page given by ``review_url`` with
``#claim-<id>``, the anchor of the claim's row in the HTML report. Pure core: no Textual.
"""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Sequence

from ..ledger import ClaimRow
from .model import LedgerDocument, one_line, safe_url

CONTEXT = "https://schema.org"
#: what Google's ClaimReview documentation lists, by type (checked by :func:`problems`)
GOOGLE_REQUIRED = {"ClaimReview": ("claimReviewed", "reviewRating", "url"), "Rating": ("alternateName",)}
GOOGLE_RECOMMENDED = {
    "ClaimReview": ("author", "datePublished", "itemReviewed"),
    "Claim": ("appearance", "author", "datePublished", "firstAppearance"),
    "Rating": ("bestRating", "name", "ratingValue", "worstRating"),
}
#: actor tags whose entities are organisations (any other actor is a person)
ORGANIZATION_TAGS = frozenset({"organization", "organisation", "org", "institution", "agency", "company"})
_DAY = re.compile(r"\d{4}-\d\d-\d\d\Z")


def claim_reviews(
    docs: Sequence[LedgerDocument], default_verdict: str = "unverified", annotator: str = "", review_url: str = ""
) -> list[dict]:
    """The ClaimReview objects of the claims with a verdict other than ``default_verdict``.
    ``annotator`` names the review's author where the claim records none; ``review_url``
    is the page that publishes the fact check (each object's url is it with the claim's
    anchor), or "" to leave url out."""
    out = []
    for doc in docs:
        for row in doc.ledger.claims:
            if row.verdict == default_verdict:
                continue
            out.append(claim_review(doc, row, annotator, review_url))
    return out


def claim_review(doc: LedgerDocument, row: ClaimRow, annotator: str = "", review_url: str = "") -> dict:
    claim = row.claim
    review: dict = {"@context": CONTEXT, "@type": "ClaimReview"}
    if review_url:
        review["url"] = review_url.split("#", 1)[0] + f"#claim-{claim.id}"
    review["claimReviewed"] = one_line(claim.quote)
    review["itemReviewed"] = _claim(doc, row)
    review["reviewRating"] = {"@type": "Rating", "alternateName": row.verdict, "name": row.verdict}
    who = claim.annotator or annotator
    if who:
        review["author"] = {"@type": "Person", "name": who}
    day = claim.modified[:10]
    if _is_day(day):
        review["datePublished"] = day
    if claim.note.strip():
        review["reviewBody"] = claim.note.strip()
    return review


def _claim(doc: LedgerDocument, row: ClaimRow) -> dict:
    item: dict = {"@type": "Claim"}
    authors, seen = [], set()
    for mention, entity in row.said_by:
        if entity.id in seen:
            continue
        seen.add(entity.id)
        kind = "Organization" if any(m.tag in ORGANIZATION_TAGS for m in entity.mentions) else "Person"
        authors.append({"@type": kind, "name": entity.name})
    if authors:
        item["author"] = authors[0] if len(authors) == 1 else authors
    day = next((d.value for d in row.dated if _is_day(d.value)), "")
    if day:
        item["datePublished"] = day
    item["appearance"] = _appearance(doc)
    return item


def _appearance(doc: LedgerDocument) -> dict:
    source = doc.source
    work: dict = {"@type": "CreativeWork"}
    url = safe_url(source.url)
    if url:
        work["url"] = url
    work["headline"] = one_line(doc.headline)
    if source.author:
        work["author"] = {"@type": "Person", "name": one_line(source.author)}
    if source.outlet:
        work["publisher"] = {"@type": "Organization", "name": one_line(source.outlet)}
    if source.published_on():
        work["datePublished"] = source.published
    return work


def _is_day(value: str) -> bool:
    if not isinstance(value, str) or not _DAY.match(value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def problems(review: dict) -> list[str]:
    """What keeps ``review`` from meeting Google's required fields (and the well-formedness
    of the recommended ones it has), one line each; [] when it meets them."""
    out = []
    if review.get("@context") != CONTEXT:
        out.append(f"@context is not {CONTEXT}")
    if review.get("@type") != "ClaimReview":
        out.append("@type is not ClaimReview")
    if not _text(review.get("claimReviewed")):
        out.append("claimReviewed is missing (the claim's text)")
    if not safe_url(review.get("url", "")):
        out.append("url is missing (the page of the fact check: give it with --review-url URL)")
    rating = review.get("reviewRating")
    if not isinstance(rating, dict) or rating.get("@type") != "Rating":
        out.append("reviewRating is not a Rating")
    elif not _text(rating.get("alternateName")):
        out.append("reviewRating.alternateName is missing (the verdict)")
    author = review.get("author")
    if author is not None and not _party(author):
        out.append("author is not a Person or Organization with a name")
    if "datePublished" in review and not _is_day(review["datePublished"]):
        out.append("datePublished is not an ISO 8601 date")
    item = review.get("itemReviewed")
    if item is not None:
        if not isinstance(item, dict) or item.get("@type") != "Claim":
            out.append("itemReviewed is not a Claim")
        else:
            authors = item.get("author", [])
            for one in authors if isinstance(authors, list) else [authors]:
                if not _party(one):
                    out.append("itemReviewed.author is not a Person or Organization with a name")
            if "datePublished" in item and not _is_day(item["datePublished"]):
                out.append("itemReviewed.datePublished is not an ISO 8601 date")
            work = item.get("appearance")
            if work is not None and (not isinstance(work, dict) or work.get("@type") != "CreativeWork"):
                out.append("itemReviewed.appearance is not a CreativeWork")
            elif work is not None and "url" in work and not safe_url(work["url"]):
                out.append("itemReviewed.appearance.url is not a web address")
    return out


def _text(value) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _party(value) -> bool:
    return isinstance(value, dict) and value.get("@type") in ("Person", "Organization") and _text(value.get("name"))


def render(
    docs: Sequence[LedgerDocument], default_verdict: str = "unverified", annotator: str = "", review_url: str = "", **_options
) -> str:
    reviews = claim_reviews(docs, default_verdict, annotator, review_url)
    return json.dumps(reviews, ensure_ascii=False, indent=2) + "\n"
