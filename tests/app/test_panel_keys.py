"""A focuses the annotation panel with an annotation highlighted, at every size: the one
under the cursor, else the first, so that enter acts at once."""

from __future__ import annotations

import pytest

from tui_reader.widgets.panels import AnnotationPanel

from test_flows import walk_to_word


@pytest.mark.parametrize("size", [(200, 50), (120, 40), (80, 24)])
async def test_a_highlights_the_annotation_under_the_cursor_else_the_first(open_reader, seed_store, size):
    pentagon, tuesday = seed_store([("Pentagon", "actor"), ("Tuesday", "date")])
    async with open_reader(size=size) as r:
        panel = r.screen.query_one(AnnotationPanel)
        await r.press("A")
        assert r.app.focused is panel
        assert panel.highlighted_id == pentagon.id  # nothing under the cursor: the first
        await r.press("enter")  # acts at once: jumps to it
        assert r.view.selection == (pentagon.start, pentagon.end)
        await r.press("escape")
        r.view.clear_selection()
        await walk_to_word(r, "Tuesday")
        await r.press("A")
        assert r.app.focused is panel and panel.highlighted_id == tuesday.id
        await r.press("enter")
        assert r.view.selection == (tuesday.start, tuesday.end)
