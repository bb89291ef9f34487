"""Property tests through the reading pane's own cursor API: whatever the reader does with
the keys and the mouse in text full of emoji, CJK, combining marks, tabs and right-to-left
script, the stored quote is exactly the text between its offsets and never splits a
grapheme cluster."""

from __future__ import annotations

import random

import pytest
import regex
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui_reader.widgets.reader_view import ReaderView

PIECES = [
    "word", "Ecuador’s", " ", " ", " ", "\n", "\n\n", "\t", ". ", ", ", "中文字", "한국어",
    "👨\u200d👩\u200d👧", "🇪🇨", "👍🏽", "e\u0301", "ñ", "مرحبا بالعالم", "שלום עולם", "x" * 25, "“quoted”",
]


def document_text(seed: int) -> str:
    rnd = random.Random(seed)
    body = "".join(rnd.choice(PIECES) for _ in range(900))
    return f"# Mixed scripts {seed}\n\n{body}\n\n## Second part\n\n" + "".join(rnd.choice(PIECES) for _ in range(300)) + "\n"


# one step of what a reader does: (action name, argument)
STEPS = st.one_of(
    st.tuples(st.sampled_from(["move", "move_row", "word", "sentence", "extend", "extend_row"]), st.sampled_from([-1, 1, 2, -3, 5])),
    st.tuples(st.sampled_from(["toggle_selection", "select_sentence", "clear_selection"]), st.none()),
    st.tuples(st.just("section_edge"), st.sampled_from([0, 1])),
    st.tuples(st.just("click"), st.tuples(st.integers(0, 40), st.integers(0, 90))),
    st.tuples(st.just("drag"), st.tuples(st.integers(0, 40), st.integers(0, 90))),
)


def do(view, step) -> None:
    name, arg = step
    if name in ("click", "drag"):
        # what on_mouse_down / on_mouse_move do with the cell under the pointer
        y, x = arg
        offset = view.text_layout.offset_at(y + round(view.scroll_y), x)
        if name == "click":
            view.mark = None
        elif view.mark is None:
            view.mark = view.cursor
        view._set_cursor(offset)
        return
    action = getattr(view, f"action_{name}")
    action() if arg is None else action(arg)


@pytest.mark.parametrize("seed", [1, 2])
async def test_random_selections_store_exact_quotes_on_cluster_boundaries(open_reader, tmp_path, seed):
    path = tmp_path / f"mixed-{seed}.md"
    path.write_text(document_text(seed), encoding="utf-8")
    async with open_reader(path) as r:
        text = r.text
        boundaries = {m.start() for m in regex.finditer(r"\X", text)} | {len(text)}
        view = r.view
        screen = r.screen
        workspace = r.app.workspace
        checked = []

        @settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
        @given(st.lists(STEPS, min_size=1, max_size=14), st.sampled_from(["actor", "claim", "date"]))
        def reader_session(steps, tag):
            view.go_to(view.section.start)
            for step in steps:
                do(view, step)
                assert view.cursor in boundaries  # the cursor never rests inside a cluster
            sel = view.selection
            if sel is not None:
                assert sel[0] in boundaries and sel[1] in boundaries
            before = {a.id for a in workspace.annotations}
            screen.action_tag(tag)  # what a / c / d do: the selection, or the word under the cursor
            new = [a for a in workspace.annotations if a.id not in before]
            for ann in new:
                assert text[ann.start : ann.end] == ann.quote
                assert ann.start in boundaries and ann.end in boundaries, (ann.start, ann.end, ann.quote)
                checked.append(ann)
                workspace.undo()  # keep the store small; the next example starts afresh

        reader_session()
        assert len(checked) >= 10  # the property was exercised on real tags
        # and what reached the disk is what was checked: every undo left it empty again
        assert r.stored() == []


async def test_a_click_on_either_half_of_a_wide_character_lands_on_it(open_reader, tmp_path):
    path = tmp_path / "wide.md"
    path.write_text("# Wide\n\nAB中文字CD 👨\u200d👩\u200d👧 end\tTab\n", encoding="utf-8")
    async with open_reader(path) as r:
        view = r.view
        content = view.scrollable_content_region
        dx, dy = content.x - view.region.x, content.y - view.region.y
        for char in ("中", "文", "👨"):
            offset = r.text.index(char)
            y, x = r.layout.point(offset)
            for half in (0, 1):  # the left and the right cell of the character
                await r.pilot.click(ReaderView, offset=(dx + x + half, dy + y - round(view.scroll_y)))
                await r.pilot.pause()
                assert view.cursor == offset, (char, half)
        # after the tab, text is aligned to the next 4-cell stop
        y, x = r.layout.point(r.text.index("Tab"))
        assert x % 4 == 0
