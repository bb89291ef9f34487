"""What the link picker offers (link_choices): each link one annotation can make, either
way, this section first and nearest first, links already made left out, and narrowing
ranked as annotation search ranks."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui_reader.document import load_document
from tui_reader.link_choices import link_choices, narrow_link_choices
from tui_reader.store import Store
from tui_reader.workspace import Workspace

SAMPLE = Path(__file__).resolve().parents[2] / "sample_docs" / "us-ecuador-joint-operations.txt"


def tag(ws, words, name):
    i = ws.document.text.index(words)
    return ws.tag(i, i + len(words), name)


@pytest.fixture
def anns(tmp_path):
    ws = Workspace(load_document(SAMPLE), Store(tmp_path / "data"))
    date = tag(ws, "Tuesday", "date")  # section 1
    claim = tag(ws, "Donovan described Ecuador", "claim")  # section 6
    general = tag(ws, "General Francis L. Donovan", "actor")  # section 6, before the claim
    noboa = tag(ws, "Daniel Noboa", "actor")  # section 9
    return ws, date, claim, general, noboa


def rows(choices):
    return [(c.other.quote, c.type.name, c.outgoing) for c in choices]


def test_from_a_claim_this_section_first_then_nearest(anns):
    ws, date, claim, general, noboa = anns
    assert rows(link_choices(ws, claim.id)) == [
        ("General Francis L. Donovan", "said_by", True),
        ("Daniel Noboa", "said_by", True),  # section 9 is nearer than section 1
        ("Tuesday", "dated", True),
    ]


def test_from_an_actor_both_ways_and_a_link_made_is_left_out_either_way(anns):
    ws, date, claim, general, noboa = anns
    assert rows(link_choices(ws, general.id)) == [
        ("Donovan described Ecuador", "said_by", False),
        ("Daniel Noboa", "same_as", True),
    ]
    ws.link(noboa.id, general.id, "same_as")
    ws.link(claim.id, general.id)
    assert link_choices(ws, general.id) == []
    assert rows(link_choices(ws, date.id)) == [("Donovan described Ecuador", "dated", False)]
    source, target = link_choices(ws, date.id)[0].ends(date.id)
    assert (source, target) == (claim.id, date.id)


def test_narrowing_is_fuzzy_and_keeps_the_order_on_ties(anns):
    ws, date, claim, general, noboa = anns
    choices = link_choices(ws, claim.id)
    assert [choices[i].other.quote for i in narrow_link_choices("noboa", choices)] == ["Daniel Noboa"]
    assert [choices[i].other.quote for i in narrow_link_choices("fracis", choices)] == ["General Francis L. Donovan"]
    assert [choices[i].other.quote for i in narrow_link_choices("tag:actor", choices)] == ["General Francis L. Donovan", "Daniel Noboa"]
