"""Suggestions: what the rules find in text they were not written against, and what
accepting, rejecting and tagging every occurrence do to the store."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tui_reader.document import load_document
from tui_reader.store import Store
from tui_reader.suggest.dates import find_dates
from tui_reader.suggest.engine import Suggester, suggest_document
from tui_reader.workspace import Workspace

SAMPLE = Path(__file__).resolve().parents[2] / "sample_docs" / "us-ecuador-joint-operations.txt"


def suggest(text: str, published: date | None = None):
    return Suggester(text, published).section(0, len(text))


def quotes(found, tag):
    return [s.quote for s in found if s.tag == tag]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The ruling came on 3 June 2024, weeks after it was filed.", ["3 June 2024"]),
        ("Talks resumed late Wednesday in Geneva.", ["late Wednesday"]),
        ("In recent years the river has flooded twice.", ["recent years"]),  # no leading preposition
        ("The department's June sampling found little.", ["June"]),
        ("She lives on County Road 1840 and works on Senate Bill 2031.", []),
        ("Theresa May said she would resign in May.", ["May"]),  # the month, not the person
        ("The army sent 2000 troops in 2019.", ["2019"]),  # a count is not a year
        ("He called at 3:30 p.m. on Friday, March 6, 2026.", ["3:30 p.m. on Friday, March 6, 2026"]),
        ("It opens this spring and closes at the end of the year.", ["this spring", "end of the year"]),
        ("They have until Dec. 5 to respond; the board met this morning.", ["Dec. 5", "this morning"]),
        ("Between March and September our unit collected samples.", ["March", "September"]),
        ("Thursday, November 20, 2025, 11:00", ["Thursday, November 20, 2025, 11:00"]),
        ("Nothing here may march on.", []),
    ],
)
def test_dates_are_found_and_traps_are_not(text, expected):
    assert [text[s:e] for s, e, _ in find_dates(text)] == expected


def test_a_date_gets_its_value_from_the_publication_date():
    found = suggest("The announcement was made Tuesday by the Pentagon.", date(2025, 3, 6))
    (tuesday,) = [s for s in found if s.tag == "date"]
    assert (tuesday.quote, tuesday.value, tuesday.rule) == ("Tuesday", "2025-03-04", "date:weekday")


def test_actors_with_titles_organisations_and_groups_but_not_places():
    text = (
        "Dr. Miriam Holt met officials of the World Health Organization in Latin America. "
        "The gangs Los Lobos and Los Choneros were named by the State Department."
    )
    assert quotes(suggest(text), "actor") == [
        "Dr. Miriam Holt", "World Health Organization", "Los Lobos", "Los Choneros", "State Department",
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        # a month may be a surname, and the surname alone is the same person later
        ("Nils August, a crane operator, joined. Later August said the pay was fair.", ["Nils August", "August"]),
        # "and" inside one organisation's name; two groups stay two
        ("The strike was called by the Harbour and Transport Workers Union on Monday.", ["Harbour and Transport Workers Union"]),
        # a full stop ends a name; a question's first word is not part of one
        ("Samuel Okwu, director, CRU Integrity Unit. Moderator: Fenna Drost.", ["Samuel Okwu", "CRU Integrity Unit", "Fenna Drost"]),
        ("Could Ostmark crews race again?", []),
        # two capitalised words after a preposition of place are a place
        ("Pickets stood at Kessing Quay all night.", []),
        # a place that also opens an organisation's name gives it no short name
        ("Fans in Varnholm cheered. The Varnholm Port Authority said it would reopen. Varnholm is quiet.",
         ["Varnholm Port Authority"]),
    ],
)
def test_names_after_the_first_held_out_round(text, expected):
    assert quotes(suggest(text), "actor") == expected


def test_a_claim_names_its_speaker_and_a_pronoun_refers_to_the_entity():
    text = (
        "General Francis L. Donovan visited Quito. "
        "He said that the operations would continue. "
        "Officials said the talks went well."
    )
    found = suggest(text)
    claims = [s for s in found if s.tag == "claim"]
    assert [c.quote[:10] for c in claims] == ["He said th", "Officials "]
    assert claims[0].said_by.quote == "He"
    assert claims[0].said_by.refers_to.quote == "General Francis L. Donovan"
    assert claims[1].said_by is None  # "Officials" is nobody in particular: no speaker invented


def test_a_surname_later_is_the_same_entity_and_says_what_it_says():
    text = "General Francis L. Donovan arrived. Donovan warned that violence would rise."
    found = suggest(text)
    (surname,) = [s for s in found if s.rule == "actor:short-name"]
    assert surname.refers_to.quote == "General Francis L. Donovan"
    (claim,) = [s for s in found if s.tag == "claim"]
    assert claim.said_by.quote == "Donovan"


def test_according_to_and_an_inverted_speaker():
    text = (
        "According to the Ministry of Health, cases fell by half. "
        "“We are not done,” said Dr. Miriam Holt."
    )
    claims = [s for s in suggest(text) if s.tag == "claim"]
    assert [c.said_by.quote for c in claims] == ["Ministry of Health", "Dr. Miriam Holt"]


def test_said_that_is_not_a_report_is_no_claim():
    assert quotes(suggest("She said goodbye at the door."), "claim") == []


@pytest.fixture
def ws(tmp_path):
    return Workspace(load_document(SAMPLE), Store(tmp_path / "data"))


def test_accepting_a_claim_makes_its_speaker_and_links_in_one_undoable_change(ws, tmp_path):
    found = suggest_document(ws.document, date(2025, 3, 6))
    (claim,) = [s for s in found if s.quote.startswith("Donovan described")]
    ws.accept([claim])
    stored = {a.quote: a for a in Store(tmp_path / "data").annotations(ws.document.id)}
    said = stored[claim.quote].links_of("said_by")
    assert [stored_by.quote for stored_by in stored.values() if stored_by.id == said[0].target] == ["Donovan"]
    same = stored["Donovan"].links_of("same_as")
    assert same and same[0].target == stored["General Francis L. Donovan"].id
    ws.undo()
    assert Store(tmp_path / "data").annotations(ws.document.id) == []


def test_accepting_with_another_tag_makes_no_links(ws):
    found = suggest_document(ws.document)
    (claim,) = [s for s in found if s.quote.startswith("Donovan described")]
    (made,) = ws.accept([claim], tag="date")
    assert (made.tag, made.links) == ("date", ())


def test_tag_everywhere_tags_whole_words_in_every_section_and_undo_takes_them_all(ws, tmp_path):
    text = ws.document.text
    i = text.index("Pentagon", text.index("Tuesday"))
    first = ws.tag(i, i + len("Pentagon"), "actor")
    made = ws.tag_everywhere(first.id)
    assert len(made) == text.count("Pentagon") - 1 == 2
    assert len({ws.document.section_at(a.start).index for a in made}) == 2
    ws.undo()
    assert [a.id for a in Store(tmp_path / "data").annotations(ws.document.id)] == [first.id]


def test_a_rejected_suggestion_stays_rejected_for_that_document(ws, tmp_path):
    found = suggest_document(ws.document)
    ws.reject(found[:2])
    again = Workspace(load_document(SAMPLE), Store(tmp_path / "data"))
    assert again.rejected_suggestions() == {(s.tag, s.start, s.end, s.quote) for s in found[:2]}
    assert again.restore_rejected() == 2
    assert again.rejected_suggestions() == set()
