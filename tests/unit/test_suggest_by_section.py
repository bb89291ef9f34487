"""The reading screen's suggestions, made a section at a time (suggest/by_section.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui_reader.annotations import Annotation
from tui_reader.document import load_document
from tui_reader.suggest.by_section import SectionSuggestions, is_open, suggestion_at
from tui_reader.suggest.engine import suggest_document


def all_sections(made: SectionSuggestions) -> list:
    out = []
    while (index := made.advance()) >= 0:
        out.extend(made.get(index))
    return out


def test_section_by_section_is_what_the_command_line_suggests(sample_path):
    doc = load_document(sample_path)
    made = SectionSuggestions.of(doc)
    assert made.ready == 0 and made.get(0) is None
    assert made.advance() == 0 and made.ready == 1 and made.get(1) is None
    first = made.get(0)
    assert ("date", "Tuesday") in [(s.tag, s.quote) for s in first]
    assert first + all_sections(made) == suggest_document(doc)
    assert made.ready == made.total == 16 and made.advance() == -1


def test_a_markdown_file_of_any_suffix_is_suggested_as_markdown(tmp_path: Path):
    """An indented block of a Markdown file is code: its lines are not joined into one
    sentence, by the command line as by the reading screen (.mkd is Markdown too)."""
    path = tmp_path / "note.mkd"
    path.write_text("# Notes\n\nIntro.\n\n    The ministry said the plan\n    works well.\n\nMore.\n", encoding="utf-8")
    doc = load_document(str(path))
    assert doc.markdown
    claims = [s.quote for s in suggest_document(doc) if s.tag == "claim"]
    assert claims == ["The ministry said the plan"]
    assert all_sections(SectionSuggestions.of(doc)) == suggest_document(doc)


def test_the_innermost_thing_under_the_cursor_is_what_the_keys_act_on(sample_path):
    doc = load_document(sample_path)
    sugs = suggest_document(doc)
    text = doc.text
    at = text.index("Donovan described")
    here = [s for s in sugs if s.start <= at < s.end]
    assert {s.tag for s in here} == {"actor", "claim"}
    assert suggestion_at(here, [], at).tag == "actor"  # "Donovan" inside the claim
    later = text.index("courage", at)
    assert suggestion_at([s for s in sugs if s.start <= later < s.end], [], later).tag == "claim"
    # an annotation as small or smaller wins; a larger one (a tagged claim) does not
    word = Annotation.create(text, doc.id, at, at + len("Donovan"), "date")
    assert suggestion_at(here, [word], at) is None
    claim = next(s for s in here if s.tag == "claim")
    tagged_claim = Annotation.create(text, doc.id, claim.start, claim.end, "claim")
    assert suggestion_at(here, [tagged_claim], at).tag == "actor"
    # decided: rejected, or its words tagged (with any tag)
    actor = next(s for s in here if s.tag == "actor")
    assert is_open(actor, set(), [tagged_claim])
    assert not is_open(actor, set(), [word])
    assert not is_open(actor, {(actor.tag, actor.start, actor.end, actor.quote)}, [])


def test_a_child_process_makes_the_same_suggestions_as_far_as_it_is_asked(sample_path):
    from tui_reader.suggest.child import SuggesterFailed, SuggesterProcess

    doc = load_document(sample_path)
    by_section = [s for s in suggest_document(doc)]
    made = SectionSuggestions.of(doc)
    made.advance()  # one made here already: the child sends the next ones
    child = SuggesterProcess(made)
    child.start(2)
    try:
        assert [child.read_next(), child.read_next()] == [1, 2]
        child.want(1)  # (already asked for)
        child.want(15)
        while made.ready < made.total:
            child.read_next()
        assert [s for i in range(made.total) for s in made.get(i)] == by_section
        assert any(s.said_by and s.said_by.refers_to for s in by_section)  # links survive the trip
    finally:
        child.close()
    with pytest.raises(SuggesterFailed):
        child.read_next()


def test_a_child_that_dies_says_why(sample_path, monkeypatch):
    from tui_reader.suggest import child as child_module

    doc = load_document(sample_path)
    process = child_module.SuggesterProcess(SectionSuggestions.of(doc))
    monkeypatch.setattr(child_module.sys, "executable", "/bin/sh")  # "-m" is no option of sh
    process.start(0)
    try:
        with pytest.raises(child_module.SuggesterFailed) as info:
            process.read_next()
        assert str(info.value)
    finally:
        process.close()


def test_open_ones_is_is_open_for_many(sample_path):
    from tui_reader.suggest.by_section import open_ones

    doc = load_document(sample_path)
    sugs = suggest_document(doc)
    anns = [Annotation.create(doc.text, doc.id, s.start, s.end, "claim") for s in sugs[::3]]
    rejected = {(s.tag, s.start, s.end, s.quote) for s in sugs[1::5]}
    assert open_ones(sugs, rejected, anns) == [s for s in sugs if is_open(s, rejected, anns)]
    assert 0 < len(open_ones(sugs, rejected, anns)) < len(sugs)
