"""The ledger's reports and the effective source, without the command line: what each
report makes of entities, several documents and hostile text, and the ClaimReview check."""

from __future__ import annotations

import copy
import json
import re
from dataclasses import replace
from datetime import date

import pytest

from tui_reader.annotations import Annotation, Link
from tui_reader.doc_source import Source
from tui_reader.document import Document
from tui_reader.effective_source import effective_source, source_origins
from tui_reader.ledger import build_ledger
from tui_reader.linktypes import DATED, SAID_BY, SAME_AS, LinkType
from tui_reader.reports import REPORT_FORMATS, render
from tui_reader.reports.claimreview import claim_reviews, problems
from tui_reader.reports.model import LedgerDocument
from tui_reader.tagset import DEFAULT_TAGS, Tag, TagSet

TEXT = "The ministry said exports rose 40% on Monday. Later, it said they fell. Ana Gómez said prices =SUM(A1) doubled."


def ann(text: str, quote: str, tag: str, doc: str = "d1", **fields) -> Annotation:
    i = text.index(quote)
    return replace(Annotation.create(text, doc, i, i + len(quote), tag, section="Intro"), **fields)


def linked(source: Annotation, *targets: tuple[str, Annotation]) -> Annotation:
    return replace(source, links=tuple(Link.create(kind, target.id) for kind, target in targets))


def document(anns, tags=DEFAULT_TAGS, source=Source(published="2025-03-06"), doc_id="d1", title="Exports") -> LedgerDocument:
    return LedgerDocument(doc_id, f"/tmp/{doc_id}.txt", title, source, build_ledger(anns, tags, source.published_on()))


def test_a_claim_said_by_a_mention_is_said_by_its_entity():
    ministry = ann(TEXT, "The ministry", "actor")
    it = replace(ann(TEXT, "it said they fell", "actor"), start=TEXT.index("it said"), end=TEXT.index("it said") + 2, quote="it")
    it = linked(it, (SAME_AS, ministry))
    claim = linked(ann(TEXT, "they fell", "claim", verdict="false"), (SAID_BY, it))
    doc = document([ministry, it, claim])
    data = json.loads(render("json", [doc]))
    assert data["claims"][0]["said_by"] == [{"id": it.id, "quote": "it", "entity": "The ministry"}]
    [review] = claim_reviews([doc])
    assert review["itemReviewed"]["author"] == {"@type": "Person", "name": "The ministry"}


def test_an_actor_tagged_as_an_organisation_is_an_organization():
    tags = TagSet(
        DEFAULT_TAGS.tags + (Tag("organization", "o", "#d08770"),),
        link_types=(LinkType(SAID_BY, ("claim",), ("actor", "organization")), LinkType(DATED, ("claim",), ("date",)),
                    LinkType(SAME_AS, ("actor", "organization"), ("actor", "organization"))),
    )
    ministry = ann(TEXT, "The ministry", "organization")
    person = ann(TEXT, "Ana Gómez", "actor")
    a = linked(ann(TEXT, "exports rose 40%", "claim", verdict="false"), (SAID_BY, ministry))
    b = linked(ann(TEXT, "prices =SUM(A1) doubled", "claim", verdict="true"), (SAID_BY, person))
    kinds = [r["itemReviewed"]["author"]["@type"] for r in claim_reviews([document([ministry, person, a, b], tags)])]
    assert kinds == ["Organization", "Person"]


def test_several_documents_keep_their_own_entities_sources_and_dates():
    one = [ann(TEXT, "Ana Gómez", "actor"), ann(TEXT, "Monday", "date")]
    one.append(linked(ann(TEXT, "exports rose 40%", "claim", verdict="false"), (SAID_BY, one[0]), (DATED, one[1])))
    other_text = "Ana Gómez said on Monday that all was well."
    two = [ann(other_text, "Ana Gómez", "actor", doc="d2"), ann(other_text, "Monday", "date", doc="d2")]
    two.append(linked(ann(other_text, "all was well", "claim", doc="d2", verdict="true"), (SAID_BY, two[0]), (DATED, two[1])))
    docs = [document(one), document(two, source=Source(published="2025-03-20", url="https://b.example/2"), doc_id="d2")]
    data = json.loads(render("json", docs))
    assert [c["dated"][0]["value"] for c in data["claims"]] == ["2025-03-03", "2025-03-17"]
    assert [e["name"] for e in data["entities"]] == ["Ana Gómez", "Ana Gómez"]  # one per document
    reviews = claim_reviews(docs)
    assert "url" not in reviews[0]["itemReviewed"]["appearance"]
    assert reviews[1]["itemReviewed"]["appearance"]["url"] == "https://b.example/2"


def test_a_formula_never_reaches_a_spreadsheet_and_text_never_breaks_a_report():
    hostile = ann(TEXT, "prices =SUM(A1) doubled", "claim", note="=HYPERLINK(\"x\") </td><script>alert(1)</script> | **x**")
    hostile = replace(hostile, quote="=SUM(A1) doubled")
    doc = document([hostile], source=Source(url="javascript:alert(1)", outlet="<i>Out</i>"))
    csv_text = render("csv", [doc])
    assert ",'=SUM(A1) doubled," in csv_text and "'=HYPERLINK" in csv_text
    page = render("html", [doc])
    assert "<script" not in page and "<i>" not in page and 'href="javascript' not in page
    md = render("md", [doc])
    assert not re.search(r"(?<!\\)<", md) and "\\<script\\>" in md  # every < escaped: never raw HTML
    assert "\\*\\*x\\*\\*" in md and "\\| " in md and "(javascript" not in md


@pytest.mark.parametrize("fmt", REPORT_FORMATS)
def test_every_format_renders_an_empty_ledger(fmt):
    assert render(fmt, []).strip()


def test_the_claimreview_check_names_each_missing_or_bad_field():
    claim = ann(TEXT, "exports rose 40%", "claim", verdict="false", annotator="Ana")
    [good] = claim_reviews([document([claim])], review_url="https://checks.example/a")
    assert problems(good) == []
    cases = {
        "claimReviewed is missing": lambda r: r.pop("claimReviewed"),
        "url is missing": lambda r: r.update(url="not a url"),
        "reviewRating.alternateName is missing": lambda r: r["reviewRating"].pop("alternateName"),
        "reviewRating is not a Rating": lambda r: r.update(reviewRating="false"),
        "@context is not": lambda r: r.update({"@context": "http://schema.org/"}),
        "datePublished is not an ISO 8601 date": lambda r: r.update(datePublished="2025-02-30"),
        "author is not a Person or Organization": lambda r: r.update(author={"@type": "Person"}),
        "itemReviewed is not a Claim": lambda r: r.update(itemReviewed={"@type": "Thing"}),
    }
    for said, spoil in cases.items():
        bad = copy.deepcopy(good)
        spoil(bad)
        assert any(p.startswith(said) for p in problems(bad)), said


def test_the_review_author_is_the_annotator_else_the_one_given():
    mine = ann(TEXT, "exports rose 40%", "claim", verdict="false", annotator="Ana")
    theirs = ann(TEXT, "they fell", "claim", verdict="misleading", annotator="")
    reviews = claim_reviews([document([mine, theirs])], annotator="login-name")
    assert [r["author"]["name"] for r in reviews] == ["Ana", "login-name"]
    assert all(date.fromisoformat(r["datePublished"]) for r in reviews)


def test_the_effective_source_is_the_front_matter_overridden_field_by_field():
    md = Document.from_text("---\ntitle: T\nurl: https://fm.example\ndate: 2025-01-02\n---\n# H\n\nBody.\n", "a.md")
    stored = {"url": "https://mine.example", "author": "Me", "title": ""}
    assert effective_source(md, stored) == Source("T", "https://mine.example", "", "Me", "2025-01-02")
    assert source_origins(md, stored) == {"title": "front matter", "url": "stored", "outlet": "",
                                          "author": "stored", "published": "front matter"}
    # a plain text that happens to start with --- has no front matter
    txt = Document.from_text("---\ntitle: T\n---\nBody.\n", "a.txt")
    assert effective_source(txt, {}) == Source() and effective_source(txt, Source(outlet="O")).outlet == "O"
    assert effective_source(md.text, None).title == "T"
