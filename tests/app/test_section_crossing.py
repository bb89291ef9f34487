"""Sentence keys and space go on across a section's edge, as j and pagedown do."""

from __future__ import annotations

from tui_reader.textnav import sentences

from test_flows import SECTION_2, header


def section_sentences(r, index):
    sec = r.document.sections[index]
    return sentences(r.text[sec.start : sec.end], sec.start)


async def test_right_parenthesis_after_the_last_sentence_goes_to_the_next_sections_first(open_reader):
    async with open_reader() as r:
        last = section_sentences(r, 0)[-1][0]
        await r.press_until("right_parenthesis", lambda: r.view.cursor == last)
        await r.press("right_parenthesis")
        assert r.view.section_index == 1 and r.sub_title == header(2, SECTION_2)
        assert r.view.cursor == section_sentences(r, 1)[0][0]
        await r.press("left_parenthesis")  # and back: the previous section's last sentence
        assert r.view.section_index == 0
        assert r.view.cursor == last


async def test_a_selection_stops_at_the_sections_last_sentence(open_reader):
    async with open_reader() as r:
        last = section_sentences(r, 0)[-1][0]
        await r.press_until("right_parenthesis", lambda: r.view.cursor == last)
        await r.press("v", "right_parenthesis")
        assert r.view.section_index == 0 and r.view.selection is not None
        assert r.told("stops at the section's edge")


async def test_space_in_a_short_section_goes_to_the_next_section_at_once(open_reader):
    async with open_reader(size=(120, 40)) as r:
        view = r.view
        assert r.layout.height < view.scrollable_content_region.height  # all of it in view
        await r.press("space")
        assert view.section_index == 1
        assert view.cursor == r.document.sections[1].start
