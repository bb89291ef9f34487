"""Who said what, when, in the app (issue 12): l links a claim to its actor and its date
through the picker, ! sets its verdict, the panel and the status line show the links,
deleting the actor takes its link and u brings both back, x on a link row removes the
link alone."""

from __future__ import annotations

import pytest
from textual.widgets import OptionList

from tui_reader.screens.pickers import Picker
from tui_reader.screens.reader import ReaderScreen
from tui_reader.widgets.panels import AnnotationPanel

from test_flows import find

CLAIM = "Donovan described Ecuador’s military as demonstrating courage and determination in the fight against drug trafficking networks."
ACTOR = "General Francis L. Donovan"
DATE = "Tuesday"


def picker_rows(r) -> list[str]:
    assert isinstance(r.screen, Picker)
    listed = r.screen.query_one(OptionList)
    return [str(listed.get_option_at_index(i).prompt.plain) for i in range(listed.option_count)]


def panel_lines(r) -> list[str]:
    return [line.plain for _, line in r.screen.query_one(AnnotationPanel)._rows]


def by_tag(anns, tag):
    [ann] = [a for a in anns if a.tag == tag]
    return ann


async def tag_by_find(r, quote: str, key: str) -> None:
    await find(r, quote, paste=True)
    assert r.selected_text == quote
    await r.press(key)


async def cursor_on(r, ann_id: str) -> None:
    r.screen.select_annotation(ann_id)
    await r.press("escape")  # the selection goes; the cursor stays on the annotation's words
    assert ann_id in [a.id for a in r.app.workspace.at(r.view.cursor)]


async def test_link_claim_to_actor_and_date_set_verdict_delete_and_undo(open_reader):
    async with open_reader() as r:
        await tag_by_find(r, DATE, "d")
        await tag_by_find(r, ACTOR, "a")
        await tag_by_find(r, CLAIM, "c")
        stored = r.stored()
        claim, actor, date = (by_tag(stored, t) for t in ("claim", "actor", "date"))

        await cursor_on(r, claim.id)
        await r.press("l")
        rows = picker_rows(r)
        # this section's actor first (nearest), then the date of section 1; each row says the link it makes
        assert rows[0].startswith("← said by") and ACTOR in rows[0]
        assert rows[1].startswith("← dated") and DATE in rows[1]
        await r.type("francis")
        assert len(picker_rows(r)) == 1
        await r.press("enter")
        assert isinstance(r.screen, ReaderScreen)
        assert f"said by “{ACTOR}”" in r.status
        claim = by_tag(r.stored(), "claim")
        assert [(l.type, l.target) for l in claim.links] == [("said_by", actor.id)]

        await r.press("l")
        assert len(picker_rows(r)) == 1  # the actor is linked already: only the date is left
        await r.type("tuesdy")  # fuzzy, as annotation search
        await r.press("enter")
        claim = by_tag(r.stored(), "claim")
        assert {(l.type, l.target) for l in claim.links} == {("said_by", actor.id), ("dated", date.id)}
        await r.press("l")
        assert isinstance(r.screen, ReaderScreen) and r.noticed("This claim is linked to everything it can link to")

        await r.press("exclamation_mark")
        rows = picker_rows(r)
        assert rows[0].startswith("● unverified")  # the current one, marked
        await r.type("fals")
        await r.press("enter")
        assert by_tag(r.stored(), "claim").verdict == "false"
        assert "Verdict: false" in r.status
        await r.press("right")  # a move: the status line describes the claim
        assert "· false" in r.status and f"← said by “{ACTOR[:10]}" in r.status and "← dated “Tuesday”" in r.status

        await r.press("A")
        lines = panel_lines(r)
        at = next(i for i, line in enumerate(lines) if line.startswith(" claim "))
        assert "[false]" in lines[at]
        assert lines[at + 1].strip().startswith(f"← said by “{ACTOR}")
        assert lines[at + 2].strip() == "← dated “Tuesday”"
        assert any(line.strip().startswith("→ claim, said by: “Donovan described") for line in lines)
        await r.press("escape")

        # deleting the actor takes its link in the same change; u brings both back
        await cursor_on(r, actor.id)
        await r.press("x")
        stored = r.stored()
        assert actor.id not in [a.id for a in stored]
        assert [l.type for l in by_tag(stored, "claim").links] == ["dated"]
        assert r.told(f"Deleted actor “{ACTOR}” and its link (u undoes)")  # the link goes too: say so
        await r.press("u")
        stored = r.stored()
        assert by_tag(stored, "actor").id == actor.id
        assert {(l.type, l.target) for l in by_tag(stored, "claim").links} == {("said_by", actor.id), ("dated", date.id)}


async def test_x_on_a_link_row_removes_the_link_not_the_annotation(open_reader, seed_store):
    claim, actor = seed_store([(CLAIM, "claim"), (ACTOR, "actor")])
    async with open_reader() as r:
        r.app.workspace.link(claim.id, actor.id)
        r.screen._annotations_changed()
        await cursor_on(r, claim.id)
        await r.press("A")
        panel = r.screen.query_one(AnnotationPanel)
        assert panel.highlighted_id == claim.id and panel.highlighted_link is None
        await r.press_until("down", lambda: panel.highlighted_link is not None, limit=5)
        assert panel.highlighted_link.link.type == "said_by"
        await r.press("x")
        stored = r.stored()
        assert {a.id for a in stored} == {claim.id, actor.id}  # both annotations stay
        assert by_tag(stored, "claim").links == ()
        assert "Removed the link" in r.status
        assert not any("← said by" in line for line in panel_lines(r))
        await r.press("u")
        assert [l.type for l in by_tag(r.stored(), "claim").links] == ["said_by"]
        assert any("← said by" in line for line in panel_lines(r))
        assert r.told("Undid: unlink said by")  # the label the panel shows, not the type's name
        await r.press("ctrl+r")
        assert by_tag(r.stored(), "claim").links == ()
        assert r.told("Redid: unlink said by")
        await r.press("u")  # the link is back: enter on its row goes to its other end
        assert r.app.focused is panel
        await r.press_until("down", lambda: panel.highlighted_link is not None, limit=5)
        await r.press("enter")
        assert r.view.selection == (actor.start, actor.end)


async def test_a_link_to_an_orphan_waits(open_reader, seed_store, tmp_path):
    text = "# Report\n\nThe minister said taxes will fall.\n\nThe minister spoke on Monday.\n"
    path = tmp_path / "report.md"
    path.write_text(text, encoding="utf-8")
    claim, date = seed_store([("taxes will fall", "claim"), ("Monday", "date")], path=path)
    from tui_reader.store import Store

    async with open_reader(path) as r:
        r.app.workspace.link(claim.id, date.id)
    path.write_text(text.replace("on Monday", "at length"), encoding="utf-8")  # the date's words go
    async with open_reader(path, reanchor=True) as r:
        assert r.app.workspace.get(date.id).orphaned
        await cursor_on(r, claim.id)
        assert "← dated “Monday” · waiting: orphaned" in r.status
        await r.press("A")
        assert any("← dated “Monday” · waiting: orphaned" in line for line in panel_lines(r))


async def test_verdict_on_a_non_claim_and_link_with_nothing_to_link_say_so(open_reader, seed_store):
    seed_store([(DATE, "date"), (ACTOR, "actor")])
    async with open_reader() as r:
        await cursor_on(r, by_tag(r.stored(), "date").id)
        await r.press("exclamation_mark")
        assert isinstance(r.screen, ReaderScreen)
        assert r.noticed("A verdict is for a claim; this is a date")
        await r.press("l")
        assert isinstance(r.screen, ReaderScreen)
        assert r.noticed("Nothing for this date to link to: tag a claim first")
        await cursor_on(r, by_tag(r.stored(), "actor").id)
        await r.press("exclamation_mark")
        assert r.noticed("A verdict is for a claim; this is an actor")  # not "a actor"


async def test_l_on_an_actor_offers_the_claims_it_may_have_said(open_reader, seed_store):
    claim, actor, he = seed_store([(CLAIM, "claim"), (ACTOR, "actor"), ("Donovan", "actor")])
    async with open_reader() as r:
        await cursor_on(r, actor.id)
        await r.press("l")
        rows = picker_rows(r)
        assert any(row.startswith("→ said by") and "Donovan described" in row for row in rows)
        assert any(row.startswith("← same as") for row in rows)
        await r.type("described")
        await r.press("enter")
        assert [(l.type, l.target) for l in by_tag(r.stored(), "claim").links] == [("said_by", actor.id)]
        assert "Linked: claim “Donovan described" in r.status


@pytest.mark.parametrize("size", [(80, 24), (200, 50)])
async def test_link_rows_fit_the_panel(open_reader, seed_store, size):
    claim, actor, date = seed_store([(CLAIM, "claim"), (ACTOR, "actor"), (DATE, "date")])
    async with open_reader(size=size) as r:
        r.app.workspace.link(claim.id, actor.id)
        r.app.workspace.link(claim.id, date.id)
        await cursor_on(r, claim.id)
        await r.press("A")
        await r.settle()  # where the panel takes the text's place, it is laid out in the next frame
        panel = r.screen.query_one(AnnotationPanel)
        width = panel.scrollable_content_region.width
        assert width > 0
        drawn = []
        for y in range(panel.size.height):
            strip = panel.render_line(y)
            assert strip.cell_length == width
            drawn.append("".join(seg.text for seg in strip))
        said = next(line for line in drawn if "← said by" in line)
        assert said.strip().startswith("← said by “General")
        assert any(line.strip().startswith("← dated “Tuesday”") for line in drawn)
        assert any("claim" in line and "Donovan described" in line for line in drawn)


async def test_keys_moves_link_elsewhere_and_gives_l_back_to_the_cursor(open_reader, seed_store, _no_user_config):
    (_no_user_config / "config.toml").write_text('[keys]\n"link.open" = "ctrl+l"\n"reader.right" = "right,l"\n', "utf-8")
    claim, actor = seed_store([(CLAIM, "claim"), (ACTOR, "actor")])
    async with open_reader() as r:
        assert r.app.config_problem is None
        await cursor_on(r, claim.id)
        before = r.view.cursor
        await r.press("l")
        assert isinstance(r.screen, ReaderScreen) and r.view.cursor == before + 1
        await r.press("ctrl+l")
        assert picker_rows(r)[0].startswith("← said by")
