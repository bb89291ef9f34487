"""Suggestions in the reader (issue 13): S shows the section's suggestions dimmed; enter or a
tag's key accepts one, x rejects it for good, + accepts the section's; * tags every other
occurrence of an annotation's words. What is stored is read back by a Store of its own."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from textual.command import CommandPalette
from textual.widgets import Static

from tui_reader.linktypes import SAID_BY, SAME_AS
from tui_reader.screens import suggest_actions
from tui_reader.screens.reader import ReaderScreen
from tui_reader.store import Store
from tui_reader.suggest.engine import suggest_document
from tui_reader.widgets.panels import AnnotationPanel, TableOfContents

from test_flows import walk_to_word

OFFICIALS = "Officials indicated that the effort is intended"


async def show(r) -> None:
    """S, then let the suggester thread finish."""
    await r.press("S")
    await r.settle()


def shown(r) -> list[tuple[str, str]]:
    return [(s.tag, s.quote) for s in r.view.suggestions]


def cell_style(r, offset: int):
    """The style the reading pane draws the character at ``offset`` in."""
    view = r.view
    row, cell = view.text_layout.point(offset)
    strip = view.render_line(row - round(view.scroll_y))
    at = 0
    for segment in strip:
        if at <= cell < at + len(segment.text):
            return segment.style
        at += len(segment.text)
    raise AssertionError(f"no cell {cell} on row {row}")


def panel_rows(r) -> str:
    panel = r.screen.query_one(AnnotationPanel)
    return "\n".join(panel.render_line(y).text for y in range(panel.size.height))


async def test_S_shows_the_first_section_s_suggestions_dimmed_and_counts_none_of_them(open_reader):
    async with open_reader() as r:
        await show(r)
        assert ("date", "Tuesday") in shown(r)
        assert any(tag == "claim" and quote.startswith(OFFICIALS) for tag, quote in shown(r))
        assert all(r.view.section.start <= s.start < r.view.section.end for s in r.view.suggestions)
        # dimmed in the tag's colour: not the annotation's style
        palette = r.app.tag_palette
        tuesday = r.text.index("Tuesday")
        style = cell_style(r, tuesday)
        assert style.bgcolor == palette.suggested("date").bgcolor != palette.style("date").bgcolor
        assert style.italic
        # not annotations: the panel, the contents' counts, the status line, the store
        assert "No annotations in this section" in panel_rows(r)
        assert r.screen.query_one(TableOfContents).counts[0] == 0
        await walk_to_word(r, "announcement")  # on no suggestion: where the reader is
        assert "no annotations in this section" in r.status and "suggestions (S hides)" in r.status
        assert r.stored() == [] and r.app.workspace.annotations == []
        # the status line says what the suggestion under the cursor is and why
        await walk_to_word(r, "Tuesday")
        assert "suggested date" in r.status and "“Tuesday”" in r.status and "date:weekday" in r.status
        await walk_to_word(r, "Officials")
        assert "suggested claim" in r.status and "no speaker named" in r.status and "claim:verb:indicated" in r.status
        # S again hides them
        await r.press("S")
        assert r.view.suggestions == ()
        assert cell_style(r, tuesday).bgcolor != palette.suggested("date").bgcolor
        assert "suggested" not in r.status


async def test_enter_accepts_Tuesday_and_the_claim_with_one_key_each(open_reader, data_dir):
    async with open_reader() as r:
        await show(r)
        await walk_to_word(r, "Tuesday")
        await r.press("enter")
        assert r.told("Accepted date “Tuesday”")
        await walk_to_word(r, "Officials")
        await r.press("enter")
        assert r.told("Accepted claim “Officials indicated")
        # accepted ones are annotations now: no longer drawn or counted as suggestions
        assert ("date", "Tuesday") not in [(s.tag, s.quote) for s in r.view.suggestions if r.screen.suggestion_here() is s]
        assert "2 annotations in this section" in panel_rows(r) or r.screen.query_one(TableOfContents).counts[0] == 2
        doc_id = r.document.id
    with Store(data_dir) as store:  # a fresh Store reads them
        stored = {a.quote[:47]: a for a in store.annotations(doc_id)}
    assert set(stored) == {"Tuesday", OFFICIALS}
    assert stored["Tuesday"].tag == "date"
    claim = stored[OFFICIALS]
    assert claim.tag == "claim" and claim.quote.endswith("across the region.")
    assert claim.links == ()  # "Officials" names no one: no speaker is invented


async def test_enter_on_a_claim_with_a_speaker_makes_the_speaker_and_the_said_by_link(open_reader):
    async with open_reader() as r:
        await show(r)
        await r.press("right_square_bracket", "right_square_bracket")  # § 3, Southern Command
        await r.settle()
        await walk_to_word(r, "stated")  # "The military command stated that ..."
        await r.press("enter")
        assert r.told("said by “military command”")
        stored = {(a.tag, a.quote[:21]): a for a in r.stored()}
        claim = stored[("claim", "The military command ")]
        speaker = stored[("actor", "military command")]
        first = stored[("actor", "U.S. Southern Command")]
        assert [(l.type, l.target) for l in claim.links] == [(SAID_BY, speaker.id)]
        assert [(l.type, l.target) for l in speaker.links] == [(SAME_AS, first.id)]
        # one change: u takes the claim, its speaker and the first mention back at once
        await r.press("u")
        assert r.stored() == []


async def test_a_tag_key_on_a_suggestion_accepts_it_with_that_tag(open_reader):
    async with open_reader() as r:
        await show(r)
        await walk_to_word(r, "Tuesday")
        await r.press("c")  # the reader knows better: a claim
        [ann] = r.stored()
        assert (ann.tag, ann.quote) == ("claim", "Tuesday")
        # decided: the date suggestion of the same words is no longer shown
        assert r.screen.suggestion_here() is None
        assert cell_style(r, r.view.cursor).bgcolor != r.app.tag_palette.suggested("date").bgcolor
        await r.press("u")  # undone, the suggestion is back
        assert r.stored() == [] and r.screen.suggestion_here().tag == "date"


async def test_x_rejects_a_suggestion_for_good_and_the_palette_brings_it_back(open_reader, make_app, data_dir):
    async with open_reader() as r:
        await show(r)
        await walk_to_word(r, "Tuesday")
        await r.press("x")
        assert r.told("Rejected date “Tuesday”")
        assert ("date", "Tuesday") not in shown(r)
        assert r.stored() == []  # nothing tagged, nothing deleted
    # a new app on the same data folder does not suggest it again
    async with open_reader() as r:
        await show(r)
        assert ("date", "Tuesday") not in shown(r) and ("actor", "Pentagon") in shown(r)
        await r.press("ctrl+p")
        assert isinstance(r.screen, CommandPalette)
        await r.type("rejected suggestions")
        await r.pilot.pause(0.3)  # the palette searches in the background
        await r.press("enter")
        await r.pilot.pause()
        assert isinstance(r.screen, ReaderScreen)
        assert r.noticed("Brought back 1 rejected suggestion")
        assert ("date", "Tuesday") in shown(r)


async def test_plus_accepts_the_section_s_suggestions_as_one_change(open_reader):
    async with open_reader() as r:
        await r.press("plus")
        assert r.noticed("No suggestions shown")
        await show(r)
        expected = sorted((s.start, s.tag, s.quote) for s in r.view.suggestions)
        await r.press("plus")
        assert r.told(f"Accepted {len(expected)} suggestions in this section")
        assert sorted((a.start, a.tag, a.quote) for a in r.stored()) == expected
        await walk_to_word(r, "announcement")  # (the status line shows the section again)
        assert "no suggestions" in r.status
        await r.press("u")  # all of them back at once
        assert r.stored() == []
        assert sorted((s.start, s.tag, s.quote) for s in r.view.suggestions) == expected
        await walk_to_word(r, "made")
        assert f"{len(expected)} suggestions" in r.status


async def test_star_tags_the_other_two_Pentagons_and_u_takes_them_all_back(open_reader):
    async with open_reader() as r:
        await walk_to_word(r, "Pentagon")
        await r.press("a")
        [first] = r.stored()
        await r.press("asterisk")
        assert r.told("Tagged 2 more “Pentagon” as actor")
        pentagons = [a for a in r.stored() if a.quote == "Pentagon"]
        assert len(pentagons) == 3 and {a.tag for a in pentagons} == {"actor"}
        assert len({r.document.section_at(a.start).index for a in pentagons}) == 2  # another section too
        await r.press("u")
        assert [a.id for a in r.stored()] == [first.id]
        await r.press("g")
        await walk_to_word(r, "Pentagon")
        await r.press("asterisk", "asterisk")  # again, then once more: nothing left to tag
        assert r.noticed("No other “Pentagon” to tag as actor")


async def test_keys_keep_their_meaning_off_a_suggestion(open_reader):
    async with open_reader() as r:
        await show(r)
        await walk_to_word(r, "announcement")  # no suggestion here
        assert r.screen.suggestion_here() is None
        await r.press("enter")  # nothing happens
        assert r.stored() == []
        await r.press("a")
        [ann] = r.stored()
        assert (ann.tag, ann.quote) == ("actor", "announcement")
        await r.press("x")  # deletes the annotation under the cursor, as ever
        assert r.stored() == []
        assert r.told("Deleted actor “announcement”")
        # with a selection, a tag's key tags the selection, not the suggestion under it
        await walk_to_word(r, "Tuesday")
        await r.press("v", "w", "w", "d")
        [ann] = r.stored()
        assert ann.quote == "Tuesday by" and ann.tag == "date"
        # an annotation smaller than the suggestion under it wins: x deletes it
        await r.press("u")
        await walk_to_word(r, "effort")  # inside the "Officials indicated ..." claim
        await r.press("a")
        assert r.screen.suggestion_here() is None
        await r.press("x")
        assert r.stored() == []
        assert r.screen.suggestion_here().tag == "claim"  # the claim is under the cursor again
        # hidden suggestions: x deletes, enter does nothing, the tags tag the word
        await r.press("S", "g")
        await walk_to_word(r, "Tuesday")
        await r.press("enter", "x", "c")
        [ann] = r.stored()
        assert (ann.tag, ann.quote) == ("claim", "Tuesday")


async def test_exports_hold_only_what_was_accepted(open_reader, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    async with open_reader() as r:
        await show(r)
        await walk_to_word(r, "Tuesday")
        await r.press("enter")
        await r.press("ctrl+e", "enter")
        assert r.noticed("Exported 1 annotation")
    [out] = tmp_path.glob("*.json")
    [doc] = json.loads(out.read_text(encoding="utf-8"))["documents"]
    assert [(a["tag"], a["quote"]) for a in doc["annotations"]] == [("date", "Tuesday")]


@pytest.mark.parametrize("child", [False, True], ids=["thread", "child process"])
async def test_suggestions_of_a_later_section_remember_the_sections_before(open_reader, monkeypatch, child):
    """Sections are suggested in reading order on a thread (for a long text, by a child
    process): section 9's "Commander Francis L. Donovan" is section 6's "General Francis L.
    Donovan"."""
    if child:
        monkeypatch.setattr(suggest_actions, "CHILD_FROM", 0)
    async with open_reader() as r:
        for _ in range(8):
            await r.press("right_square_bracket")
        await show(r)
        sec = r.view.section
        everything = suggest_document(r.document)
        assert list(r.view.suggestions) == [s for s in everything if sec.start <= s.start < sec.end]
        commander = next(s for s in r.view.suggestions if s.quote == "Commander Francis L. Donovan")
        assert commander.refers_to.quote == "General Francis L. Donovan"
        assert r.screen._suggestions.ready == 9  # no further than the section shown
        await r.press("left_square_bracket")  # an earlier one is there already
        assert r.view.suggestions and r.view.suggestions[0].start >= r.view.section.start
        await r.press("right_square_bracket", "right_square_bracket")  # and a later one is made
        await r.settle()
        sec = r.view.section
        assert list(r.view.suggestions) == [s for s in everything if sec.start <= s.start < sec.end]
        process = r.screen._suggest_process
        assert (process is not None) == child
    if child:  # the child goes with the screen
        assert process._proc is None


async def test_a_rule_that_fails_stops_the_suggestions_not_the_reader(open_reader, monkeypatch):
    from tui_reader.suggest import engine

    def broken(self, start, end):
        raise ValueError("a rule broke")

    monkeypatch.setattr(engine.Suggester, "section", broken)
    async with open_reader() as r:
        await show(r)
        assert r.noticed("Suggestions stopped at section 1: ValueError: a rule broke")
        assert isinstance(r.screen, ReaderScreen) and r.app.is_running
        assert r.view.suggestions == ()
        await walk_to_word(r, "Tuesday")
        await r.press("d")  # the reader goes on annotating
        assert [a.quote for a in r.stored()] == ["Tuesday"]


async def test_at_80x24_the_status_line_still_says_what_and_why(open_reader):
    from rich.cells import cell_len

    async with open_reader(size=(80, 24)) as r:
        await show(r)
        await walk_to_word(r, "Officials")
        assert "claim?" in r.status and "no speaker" in r.status and "claim:verb:indicated" in r.status
        assert cell_len(r.status.rstrip()) <= 78  # (the bar's padding)
        await r.press("right_square_bracket", "right_square_bracket")  # § 3: a claim with its speaker
        await r.settle()
        await walk_to_word(r, "stated")
        assert "by “military command”" in r.status and "claim:verb:stated" in r.status
        assert cell_len(r.status.rstrip()) <= 78


def test_help_and_the_palette_list_the_suggestion_keys():
    from tui_reader.keymap import DEFAULT_KEYMAP
    from tui_reader.screens.help import key_rows

    rows = dict(key_rows(DEFAULT_KEYMAP))
    keys = {key: what for key, what in rows["Suggestions"]}
    assert set(keys) == {"S", "enter", "x", "+"}
    assert "reject" in keys["x"].lower() and "as that tag" in keys["enter"]
    assert any(key == "*" and "every other occurrence" in what for key, what in rows["Tag and annotate"])


async def test_with_no_interpreter_to_start_the_rules_run_on_the_thread(open_reader, monkeypatch):
    from tui_reader.suggest import child

    monkeypatch.setattr(suggest_actions, "CHILD_FROM", 0)
    monkeypatch.setattr(child.sys, "executable", "/nonexistent/python")
    async with open_reader() as r:
        await show(r)
        assert ("date", "Tuesday") in shown(r)
        assert r.screen._suggest_process is None


async def test_keys_work_while_suggestions_are_made_and_the_status_line_says_so(open_reader, monkeypatch):
    import threading

    from tui_reader.suggest.by_section import SectionSuggestions

    go_on = threading.Event()
    advance = SectionSuggestions.advance

    def slow(self):
        if self.ready == 3:
            go_on.wait(10)  # section 4 takes its time
        return advance(self)

    monkeypatch.setattr(SectionSuggestions, "advance", slow)
    async with open_reader() as r:
        for _ in range(5):
            await r.press("right_square_bracket")
        await r.press("S")
        await r.pilot.pause(0.3)
        assert r.screen._suggestions.ready == 3 and r.view.suggestions == ()
        assert re.search(r"Suggesting: section \d / 6…", r.status) and "suggesting…" in r.status
        # the reader reads and tags meanwhile
        await walk_to_word(r, "Donovan")
        await r.press("a")
        assert [a.quote for a in r.stored()] == ["Donovan"]
        go_on.set()
        await r.settle()
        assert r.screen._suggestions.ready == 6 and r.view.suggestions
        assert "Suggesting" not in r.status
