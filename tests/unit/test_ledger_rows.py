"""The ledger's table rows, with no app: cells, sort keys, filters, and every document's
ledger with its own publication date."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tui_reader.document import load_document
from tui_reader.ledger_rows import (
    CLAIM_COLUMNS, UNATTRIBUTED, claim_rows, document_ledger, entity_rows, filter_rows, library_ledgers, narrows,
    sort_rows,
)
from tui_reader.store import Store
from tui_reader.tagset import DEFAULT_TAGS
from tui_reader.workspace import Workspace

DOCS = Path(__file__).resolve().parents[2] / "sample_docs"


def tag(ws: Workspace, words: str, tag_name: str):
    start = ws.document.text.index(words)
    return ws.tag(start, start + len(words), tag_name)


@pytest.fixture
def ws(tmp_path):
    ws = Workspace(load_document(DOCS / "us-ecuador-joint-operations.txt"), Store(tmp_path / "data"))
    donovan = tag(ws, "Donovan described Ecuador’s military", "claim")
    general, he = tag(ws, "General Francis L. Donovan", "actor"), tag(ws, "He praised", "actor")
    ws.link(donovan.id, general.id)
    ws.link(donovan.id, tag(ws, "Tuesday", "date").id)
    ws.link(he.id, general.id, "same_as")
    ws.set_verdict(donovan.id, "false")
    ws.set_note(donovan.id, "Báez says\notherwise")
    officials = tag(ws, "Officials say the campaign", "claim")
    ws.link(officials.id, tag(ws, "Officials say", "actor").id)
    ws.link(officials.id, tag(ws, "last September", "date").id)
    tag(ws, "these groups have contributed", "claim")
    return ws


def rows_of(ws, published=date(2025, 12, 3)):
    doc = document_ledger(ws.document.id, ws.document.title, ws.all_annotations, DEFAULT_TAGS, published)
    return doc, claim_rows([doc], DEFAULT_TAGS.verdicts)


def test_a_row_per_claim_in_the_text_s_order_the_unattributed_included(ws):
    _, rows = rows_of(ws)
    assert [r.cells[0] for r in rows] == [
        "Officials say the campaign", "these groups have contributed", "Donovan described Ecuador’s military",
    ]
    officials, groups, donovan = rows
    assert donovan.cells[1:] == (
        "General Francis L. Donovan", "2025-12-02 “Tuesday”", "Military Leaders Praise Ecuador’s Forces", "false",
        "Báez says ⏎ otherwise",
    )
    assert officials.cells[2] == "2025-09 “last September”" and officials.cells[4] == "unverified"
    assert groups.cells[1] == UNATTRIBUTED and groups.entities == ()
    # without a publication date nothing is guessed
    assert rows_of(ws, None)[1][2].cells[2] == "? “Tuesday”"


def test_each_column_sorts_ties_in_the_text_s_order(ws):
    _, rows = rows_of(ws)

    def by(name, descending=False):
        return [r.cells[0][:5] for r in sort_rows(rows, CLAIM_COLUMNS, CLAIM_COLUMNS.index(name), descending)]

    assert by("claim") == ["Donov", "Offic", "these"]
    assert by("said by") == ["Donov", "Offic", "these"]  # the unattributed last
    assert by("said by", True) == ["these", "Offic", "Donov"]
    assert by("when") == ["Offic", "Donov", "these"]  # 2025-09, 2025-12-02, none
    assert by("verdict") == ["Offic", "these", "Donov"]  # unverified (text order), then false
    assert by("note") == ["Donov", "Offic", "these"]  # empty notes last, in the text's order
    assert by("section") == ["Offic", "these", "Donov"]
    assert [r.cells[0][:5] for r in sort_rows(rows, CLAIM_COLUMNS, None, True)] == ["Donov", "these", "Offic"]


def test_filters_words_verdict_and_entity(ws):
    _, rows = rows_of(ws)
    assert [r.cells[0][:5] for r in filter_rows(rows, "baez")] == ["Donov"]  # accent-blind, in a note
    assert [r.cells[0][:5] for r in filter_rows(rows, "OFFICIALS 2025-09")] == ["Offic"]  # every word
    assert filter_rows(rows, "officials tuesday") == []
    assert [r.cells[0][:5] for r in filter_rows(rows, verdict="unverified")] == ["Offic", "these"]
    assert [r.cells[0][:5] for r in filter_rows(rows, entity="General Francis L. Donovan")] == ["Donov"]
    assert [r.cells[0][:5] for r in filter_rows(rows, entity=UNATTRIBUTED)] == ["these"]
    assert narrows("off", "offi") and narrows("", "x") and narrows("a", "a b")
    assert not narrows("offi", "off") and not narrows("a b", "a c")


def test_the_entity_rows_list_mentions_and_claims(ws):
    doc, _ = rows_of(ws)
    rows = {r.cells[0]: r for r in entity_rows([doc])}
    general = rows["General Francis L. Donovan"]
    assert general.cells[1:] == ("2: General Francis L. Donovan · He praised", "1: “Donovan described Ecuador’s military”")
    assert rows["Officials say"].cells[2] == "1: “Officials say the campaign”"


def test_every_document_with_claims_each_with_its_own_publication_date(ws, tmp_path):
    ws.store.set_source(ws.document.id, {"published": "2025-12-03"})
    other = Workspace(load_document(DOCS / "field-guide.md"), ws.store)
    words = other.document.text.strip().split("\n")[-1].split()[0]
    claim = tag(other, words, "claim")
    docs, problems = library_ledgers(ws.store, DEFAULT_TAGS)
    assert problems == [] and len(docs) == 2
    by_id = {d.id: d for d in docs}
    assert by_id[ws.document.id].published == date(2025, 12, 3) and by_id[other.document.id].published is None
    rows = claim_rows(docs, DEFAULT_TAGS.verdicts, with_document=True)
    assert len(rows) == 4 and {r.cells[-1] for r in rows} == {ws.document.title, other.document.title}
    assert any(r.ann_id == claim.id for r in rows)


def test_a_markdown_file_s_front_matter_gives_the_date_when_none_is_stored(tmp_path):
    path = tmp_path / "story.md"
    path.write_text("---\ntitle: Story\ndate: 2025-03-06\n---\n\nThe minister said on Tuesday that taxes fell.\n", "utf-8")
    store = Store(tmp_path / "data")
    ws = Workspace(load_document(path), store)
    claim, day = tag(ws, "taxes fell", "claim"), tag(ws, "Tuesday", "date")
    ws.link(claim.id, day.id)
    docs, _ = library_ledgers(store, DEFAULT_TAGS)
    assert docs[0].published == date(2025, 3, 6)
    assert claim_rows(docs, DEFAULT_TAGS.verdicts)[0].cells[2] == "2025-03-04 “Tuesday”"
    store.set_source(ws.document.id, {"published": "2025-03-13"})  # the stored source wins
    docs, _ = library_ledgers(store, DEFAULT_TAGS)
    assert claim_rows(docs, DEFAULT_TAGS.verdicts)[0].cells[2] == "2025-03-11 “Tuesday”"
