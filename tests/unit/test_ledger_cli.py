"""The ledger from the command line: `tui-reader meta` sets a document's source, `tui-reader
ledger` shows who claimed what, when, and the verdict, in every report format."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tui_reader.cli import main
from tui_reader.document import load_document
from tui_reader.reports.claimreview import GOOGLE_REQUIRED, problems
from tui_reader.store import Store
from tui_reader.workspace import Workspace

SAMPLE = Path(__file__).resolve().parents[2] / "sample_docs" / "us-ecuador-joint-operations.txt"
CLAIM = "Donovan described Ecuador’s military as demonstrating courage and determination in the fight against drug trafficking networks."
ACTOR = "General Francis L. Donovan"
UNATTRIBUTED = "the campaign has already resulted in the deaths of 151 individuals"
PUBLISHED = "2025-03-06"  # a Thursday: "Tuesday" is 2025-03-04


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def tag(ws: Workspace, quote: str, name: str):
    i = ws.document.text.index(quote)
    return ws.tag(i, i + len(quote), name)


@pytest.fixture
def flow(tmp_path):
    """The issue's flow on the sample, through a Workspace as the app would: a claim said by
    General Donovan on Tuesday, judged false with a note; a second claim left unattributed."""
    data = tmp_path / "data"
    ws = Workspace(load_document(SAMPLE), Store(data), annotator="Ana Pérez")
    claim = tag(ws, CLAIM, "claim")
    actor = tag(ws, ACTOR, "actor")
    day = tag(ws, "Tuesday", "date")
    other = tag(ws, UNATTRIBUTED, "claim")
    ws.link(claim.id, actor.id)
    ws.link(claim.id, day.id)
    ws.set_verdict(claim.id, "false")
    ws.set_note(claim.id, "Ecuador's own report says otherwise | see p. 4 <b>bold</b>")
    ws.store.close()
    return {"data": str(data), "claim": claim.id, "actor": actor.id, "date": day.id, "other": other.id}


def publish(capsys, flow) -> None:
    code, _, err = run(capsys, "meta", str(SAMPLE), "--published", PUBLISHED, "--url", "https://example.com/ecuador",
                       "--outlet", "Example News", "--data-dir", flow["data"])
    assert code == 0, err


def test_the_issue_flow_shows_the_claim_with_its_actor_date_and_resolved_value(capsys, flow):
    publish(capsys, flow)
    code, out, err = run(capsys, "ledger", "--format", "json", "--data-dir", flow["data"])
    assert code == 0, err
    data = json.loads(out)
    by_id = {c["id"]: c for c in data["claims"]}
    claim = by_id[flow["claim"]]
    assert claim["quote"] == CLAIM and claim["verdict"] == "false"
    assert claim["said_by"] == [{"id": flow["actor"], "quote": ACTOR, "entity": ACTOR}]
    [dated] = claim["dated"]
    assert dated["id"] == flow["date"] and dated["quote"] == "Tuesday"
    value = date.fromisoformat(dated["value"])
    assert value.weekday() == 1 and value <= date.fromisoformat(PUBLISHED) and (date.fromisoformat(PUBLISHED) - value).days < 7
    # the unattributed claim is listed, with nobody and the default verdict
    assert by_id[flow["other"]]["said_by"] == [] and by_id[flow["other"]]["verdict"] == "unverified"
    assert set(claim) == {"id", "document", "start", "end", "quote", "section", "verdict", "note", "said_by", "dated"}
    assert data["entities"] == [{"name": ACTOR, "mentions": [{"id": flow["actor"], "quote": ACTOR}]}]


def test_without_a_publication_date_the_date_stays_unresolved(capsys, flow):
    code, out, err = run(capsys, "ledger", str(SAMPLE), "--data-dir", flow["data"])
    claim = next(c for c in json.loads(out)["claims"] if c["id"] == flow["claim"])
    assert code == 0 and claim["dated"][0]["value"] == ""
    # and says how to give it one
    assert err == (f"tui-reader: “{load_document(SAMPLE).title}” has no publication date, so 1 date is not resolved: "
                   f"tui-reader meta {SAMPLE} --published YYYY-MM-DD\n")


def test_meta_shows_and_stores_the_source_field_by_field(capsys, flow):
    publish(capsys, flow)
    code, out, _ = run(capsys, "meta", str(SAMPLE), "--author", "Jo Reporter", "--json", "--data-dir", flow["data"])
    source = json.loads(out)["source"]
    assert code == 0 and source == {"title": "", "url": "https://example.com/ecuador", "outlet": "Example News",
                                    "author": "Jo Reporter", "published": PUBLISHED}
    # an empty value removes the stored field; the others stay
    code, out, err = run(capsys, "meta", str(SAMPLE), "--outlet", "", "--json", "--data-dir", flow["data"])
    assert json.loads(out)["source"]["outlet"] == "" and json.loads(out)["source"]["author"] == "Jo Reporter"
    assert err == f"tui-reader: cleared outlet for {SAMPLE}\n"  # not "stored": it is gone
    code, out, _ = run(capsys, "meta", str(SAMPLE), "--data-dir", flow["data"])
    assert code == 0 and "published  2025-03-06   [stored]" in out and "author     Jo Reporter" in out


@pytest.mark.parametrize(
    "option, value, said",
    [("--published", "2025-02-30", "--published: '2025-02-30' is not a date"),
     ("--published", "March 4", "--published: 'March 4' is not a date"),
     ("--url", "javascript:alert(1)", "--url: 'javascript:alert(1)' is not a web address"),
     ("--url", "example.com/a", "--url: 'example.com/a' is not a web address")],
)
def test_meta_refuses_a_bad_value_in_one_line_and_stores_nothing(capsys, flow, option, value, said):
    publish(capsys, flow)
    code, out, err = run(capsys, "meta", str(SAMPLE), "--author", "Someone", option, value, "--data-dir", flow["data"])
    assert code == 2 and out == "" and err.count("\n") == 1 and said in err and "nothing was stored" in err
    with Store(flow["data"]) as store:
        assert store.source(load_document(SAMPLE).id) == {
            "url": "https://example.com/ecuador", "outlet": "Example News", "published": PUBLISHED}


def test_markdown_front_matter_is_the_source_and_what_is_stored_wins(capsys, tmp_path):
    article = tmp_path / "story.md"
    article.write_text("---\ntitle: Front title\ndate: 2025-03-06\nauthor: FM Author\nurl: https://fm.example/x\n---\n\n"
                       "# Story\n\nOn Tuesday the minister said the budget had doubled.\n", encoding="utf-8")
    data = str(tmp_path / "data")
    ws = Workspace(load_document(article), Store(data))
    claim = tag(ws, "the budget had doubled", "claim")
    ws.link(claim.id, tag(ws, "Tuesday", "date").id)
    ws.store.close()
    code, out, _ = run(capsys, "meta", str(article), "--author", "Stored Author", "--json", "--data-dir", data)
    got = json.loads(out)
    assert code == 0 and got["source"] == {"title": "Front title", "url": "https://fm.example/x", "outlet": "",
                                           "author": "Stored Author", "published": "2025-03-06"}
    assert got["origin"]["author"] == "stored" and got["origin"]["published"] == "front matter"
    # the ledger of every document resolves against the front matter's date
    code, out, _ = run(capsys, "ledger", "--data-dir", data)
    [row] = json.loads(out)["claims"]
    assert row["dated"][0]["value"] == "2025-03-04"


class _Html(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.ids: set[str] = set()
        self.text: list[str] = []
        self.external: list[tuple[str, str]] = []

    def handle_starttag(self, name, attrs):
        self.tags.append(name)
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if name in ("script", "link", "img", "iframe", "object", "embed") or (attrs.get("src")):
            self.external.append((name, str(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def test_html_is_one_escaped_self_contained_file(capsys, flow, tmp_path):
    publish(capsys, flow)
    out_file = tmp_path / "ledger.html"
    code, out, err = run(capsys, "ledger", "--format", "html", "-o", str(out_file), "--data-dir", flow["data"])
    assert code == 0 and out == "" and "Wrote the ledger of 2 claims (1 document)" in err
    page = out_file.read_text(encoding="utf-8")
    parser = _Html()
    parser.feed(page)
    parser.close()
    text = " ".join(parser.text)
    assert parser.external == [] and "b" not in parser.tags  # the note's <b> is text, not markup
    assert "<b>bold</b>" in text and "Ecuador's own report says otherwise" in text
    assert f"claim-{flow['claim']}" in parser.ids
    for shown in (CLAIM, ACTOR, "Tuesday", "(2025-03-04)", "false", "unattributed", "Example News", PUBLISHED,
                  "https://example.com/ecuador"):
        assert shown in text, shown


class _JsonLd(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.blocks: list[str] = []
        self._in = False

    def handle_starttag(self, name, attrs):
        self._in = name == "script" and dict(attrs).get("type") == "application/ld+json"
        if self._in:
            self.blocks.append("")

    def handle_endtag(self, name):
        self._in = False

    def handle_data(self, data):
        if self._in:
            self.blocks[-1] += data


def test_html_published_at_a_review_url_carries_the_claimreview_json_ld(capsys, flow):
    publish(capsys, flow)
    with Store(flow["data"]) as store:  # a quote that tries to end the data block early
        doc_id = load_document(SAMPLE).id
        [claim] = [a for a in store.annotations(doc_id) if a.id == flow["claim"]]
        store.update(claim.with_changes(note="</script><script>alert(1)</script> & more"))
    url = "https://checks.example/ecuador.html"
    code, page, _ = run(capsys, "ledger", "-f", "html", "--review-url", url, "--data-dir", flow["data"])
    code2, array, _ = run(capsys, "ledger", "-f", "claimreview", "--review-url", url, "--data-dir", flow["data"])
    parser = _JsonLd()
    parser.feed(page)
    [block] = parser.blocks
    reviews = json.loads(block)
    assert code == code2 == 0 and reviews == json.loads(array) and len(reviews) == 1
    assert problems(reviews[0]) == [] and reviews[0]["reviewBody"].startswith("</script>")
    assert reviews[0]["url"] == f"{url}#claim-{flow['claim']}" and f'id="claim-{flow["claim"]}"' in page
    assert page.count("<script") == 1  # the data block; the note's are text
    # without a review url the page has no script at all
    code, page, _ = run(capsys, "ledger", "-f", "html", "--data-dir", flow["data"])
    assert code == 0 and "<script" not in page


def test_markdown_has_a_row_per_claim_and_escapes_the_table(capsys, flow):
    publish(capsys, flow)
    code, out, _ = run(capsys, "ledger", str(SAMPLE), "--format", "md", "--data-dir", flow["data"])
    rows = [line for line in out.splitlines() if line.startswith("| ") and not line.startswith("| #")]
    assert code == 0 and len(rows) == 2
    donovan = next(r for r in rows if "Donovan described" in r)
    # the note's pipe is escaped: the row still has its seven cells
    assert len(donovan.replace("\\|", "").split("|")) == 9
    assert ACTOR in donovan and "Tuesday (2025-03-04)" in donovan and "**false**" in donovan
    assert "\\<b\\>bold\\</b\\>" in donovan
    assert "*unattributed*" in next(r for r in rows if "151 individuals" in r)
    assert "- Published: 2025-03-06" in out and "- URL: <https://example.com/ecuador>" in out


def test_csv_is_a_row_per_claim(capsys, flow):
    publish(capsys, flow)
    code, out, _ = run(capsys, "ledger", "--format", "csv", "--data-dir", flow["data"])
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and len(rows) == 2
    row = next(r for r in rows if r["id"] == flow["claim"])
    assert row["document"] == load_document(SAMPLE).title and row["claim"] == CLAIM
    assert (row["said_by"], row["when"], row["verdict"]) == (ACTOR, "Tuesday (2025-03-04)", "false")
    assert row["section"] and row["note"].startswith("Ecuador's own report")
    assert next(r for r in rows if r["id"] == flow["other"])["said_by"] == ""
    # in a file, with the byte-order mark a spreadsheet needs to read UTF-8
    out_file = Path(flow["data"]).parent / "ledger.csv"
    code, _, _ = run(capsys, "ledger", "-f", "csv", "-o", str(out_file), "--data-dir", flow["data"])
    assert code == 0 and out_file.read_bytes().startswith(b"\xef\xbb\xbf") and out_file.read_bytes().decode("utf-8-sig") == out


def test_claimreview_has_every_field_google_requires(capsys, flow):
    publish(capsys, flow)
    code, out, err = run(capsys, "ledger", "--format", "claimreview", "--review-url", "https://checks.example/ecuador",
                         "--data-dir", flow["data"])
    reviews = json.loads(out)
    assert code == 0 and err == "" and len(reviews) == 1  # the unverified claim has none
    [review] = reviews
    assert problems(review) == []
    for field in GOOGLE_REQUIRED["ClaimReview"]:
        assert review[field]
    assert review["@context"] == "https://schema.org" and review["@type"] == "ClaimReview"
    assert review["url"] == f"https://checks.example/ecuador#claim-{flow['claim']}"
    assert review["claimReviewed"] == CLAIM
    assert review["reviewRating"]["@type"] == "Rating" and review["reviewRating"]["alternateName"] == "false"
    assert review["author"] == {"@type": "Person", "name": "Ana Pérez"}
    assert date.fromisoformat(review["datePublished"])
    item = review["itemReviewed"]
    assert item["@type"] == "Claim" and item["author"] == {"@type": "Person", "name": ACTOR}
    assert item["datePublished"] == "2025-03-04"
    assert item["appearance"]["@type"] == "CreativeWork" and item["appearance"]["url"] == "https://example.com/ecuador"
    assert item["appearance"]["publisher"] == {"@type": "Organization", "name": "Example News"}


def test_claimreview_without_a_review_url_says_google_requires_one(capsys, flow):
    publish(capsys, flow)
    code, out, err = run(capsys, "ledger", "--format", "claimreview", "--data-dir", flow["data"])
    [review] = json.loads(out)
    assert code == 0 and "url" not in review and err.count("\n") == 1 and "--review-url" in err
    assert problems(review) == ["url is missing (the page of the fact check: give it with --review-url URL)"]


@pytest.mark.parametrize(
    "argv, said",
    [(["ledger", "missing.txt"], "missing.txt"),
     (["ledger", "--format", "xml"], "invalid choice: 'xml'"),
     (["ledger", "--format", "claimreview", "--review-url", "checks.example"], "--review-url"),
     (["meta", "missing.md", "--url", "https://a.example"], "missing.md")],
)
def test_bad_input_is_one_line_and_exit_2(capsys, flow, argv, said):
    code, out, err = run(capsys, *argv, "--data-dir", flow["data"])
    assert code == 2 and out == "" and err.count("\n") == 1 and said in err and "Traceback" not in err


def test_a_damaged_store_is_one_line_and_exit_2(capsys, flow):
    doc_id = load_document(SAMPLE).id
    [damaged] = [p for p in Path(flow["data"]).rglob(f"*{doc_id}*.json")]
    damaged.write_text("{ not json", encoding="utf-8")
    for argv in (["ledger"], ["ledger", str(SAMPLE), "--format", "html"], ["meta", str(SAMPLE), "--url", "https://a.example"]):
        code, out, err = run(capsys, *argv, "--data-dir", flow["data"])
        assert code == 2 and out == "" and err.count("\n") == 1 and "Traceback" not in err, (argv, err)
    assert damaged.read_text(encoding="utf-8") == "{ not json"  # kept as it was
