"""The reading pane's geometry, with no terminal: wrapping, clusters, cells and offsets."""

from __future__ import annotations

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from tui_reader.layout import Layout, soft_breaks, uses_blank_line_paragraphs

PIECES = ["word", " ", "\n", "\t", "中文", "👨‍👩‍👧", "🇪🇨", "e\u0301", "한", "مرحبا", "שלום", ".", "Ecuador’s", "\n\n", "x" * 30]
texts = st.lists(st.sampled_from(PIECES), min_size=1, max_size=60).map("".join)


def cluster_starts(text: str, base: int = 0) -> list[int]:
    return [base + m.start() for m in regex.finditer(r"\X", text)]


@settings(max_examples=300, deadline=None)
@given(texts, st.integers(min_value=1, max_value=50), st.integers(min_value=0, max_value=500), st.booleans())
def test_wrapping_keeps_every_character_once(text, width, base, reflow):
    layout = Layout(text, width, base=base, reflow=reflow)
    offsets = [o for row in layout.rows for o in row.offsets]
    # every cluster of the text appears once, in order, and nothing else does
    assert offsets == cluster_starts(text, base)
    # rows tile the text: each row ends where the next begins
    for a, b in zip(layout.rows, layout.rows[1:]):
        if a.offsets and b.offsets:
            assert a.end == b.offsets[0]


@settings(max_examples=300, deadline=None)
@given(texts, st.integers(min_value=2, max_value=50))
def test_rows_fit_the_width_and_cells_align(text, width):
    layout = Layout(text, width)
    for row in layout.rows:
        x = 0
        for cell, w in zip(row.cells, row.widths):
            assert cell == x
            x += w
        # a row overflows only when a single cluster is wider than the pane
        assert row.cell_width <= width or len(row.offsets) == 1


@settings(max_examples=200, deadline=None)
@given(texts, st.integers(min_value=1, max_value=40), st.data())
def test_point_and_offset_at_are_inverse_on_every_cell(text, width, data):
    layout = Layout(text, width, base=7)
    for y, row in enumerate(layout.rows):
        for offset, x, w in zip(row.offsets, row.cells, row.widths):
            assert layout.point(offset) == (y, x)
            # any cell of a wide character, the right half included, lands on it
            for dx in range(w):
                assert layout.offset_at(y, x + dx) == offset


def test_wide_characters_take_two_cells_and_clusters_are_one_step():
    text = "a👨‍👩‍👧b🇪🇨c中e\u0301"
    layout = Layout(text, 80)
    row = layout.rows[0]
    assert row.texts[:6] == ["a", "👨‍👩‍👧", "b", "🇪🇨", "c", "中"]
    assert row.widths[:6] == [1, 2, 1, 2, 1, 2]
    # stepping right visits each cluster once, never the inside of the family emoji
    seen = [layout.first()]
    while True:
        nxt = layout.step(seen[-1], 1)
        if nxt == seen[-1]:
            break
        seen.append(nxt)
    assert seen == cluster_starts(text)
    # a position inside a cluster snaps to its start
    assert layout.snap(3) == 1
    assert layout.cluster_end(1) == 1 + len("👨‍👩‍👧")


def test_words_move_whole_to_the_next_row():
    layout = Layout("General Francis L. Donovan praised them", 20)
    rows = ["".join(r.texts).rstrip() for r in layout.rows]
    assert rows == ["General Francis L.", "Donovan praised", "them"]


def test_tabs_expand_to_stops():
    layout = Layout("a\tb\tc", 80, tab_size=4)
    row = layout.rows[0]
    assert row.cells == [0, 1, 4, 5, 8]
    assert row.widths[1] == 3 and row.widths[3] == 3


def test_reflow_joins_hard_wrapped_prose_but_keeps_structure():
    text = "# Title\n\nOne line\nof prose.\n\n- item one\n- item two\n\n```\ncode\nmore\n```\n"
    soft = soft_breaks(text)
    assert soft == {text.index("line\n") + 4}
    layout = Layout(text, 80, reflow=True)
    shown = ["".join(r.texts).rstrip() for r in layout.rows]
    assert "One line of prose." in shown
    assert "- item one" in shown and "- item two" in shown
    assert "code" in shown and "more" in shown


def test_reflow_joins_a_list_item_with_its_wrapped_lines_and_keeps_named_breaks():
    text = "- Luis Mora voted no after a long\n  speech on the budget\n- Raul Vega voted yes\n\n- - -\nprose\n"
    assert soft_breaks(text) == {text.index("long\n") + 4}  # not between items, not after a rule
    text = "Chapter 3\nIt was late.\nThe road was long.\n"
    heading_end = text.index("\n")
    assert soft_breaks(text) == {heading_end, text.index("late.\n") + 5}
    assert soft_breaks(text, keep={heading_end}) == {text.index("late.\n") + 5}
    layout = Layout(text, 80, reflow=True, keep={heading_end})
    assert ["".join(r.texts).rstrip() for r in layout.rows] == ["Chapter 3", "It was late. The road was long."]
    assert layout.soft == {text.index("late.\n") + 5}


def test_a_wrapped_line_starting_with_a_number_goes_on_with_its_sentence():
    # only "1." may interrupt a paragraph (CommonMark): "7.  This" is the sentence going on
    text = "conditions added under section\n7.  This requirement applies.\n\n1. one\n2. two\n"
    assert soft_breaks(text) == {text.index("section\n") + 7}
    # in plain text, indented lines are prose: lines with the same indentation join
    text = "    a) The work must carry notices that you modified\n    it, and giving a date.\n\n      Centred\n    Title\n"
    assert soft_breaks(text, markdown=False) == {text.index("modified\n") + 8}
    assert soft_breaks(text) == set()  # in Markdown they are code


def test_reflow_keeps_the_front_matter_lines_of_a_markdown_file_apart():
    front = '---\ntitle: "Minister says exports doubled"\nurl: https://news.example.org/x\ndate: 2024-10-10\n---\n'
    text = front + "\n# Exports\n\nThe minister said on Monday that\nexports had doubled.\n"
    layout = Layout(text, 80, reflow=True)
    shown = ["".join(r.texts).rstrip() for r in layout.rows]
    assert shown[:5] == ["---", 'title: "Minister says exports doubled"', "url: https://news.example.org/x", "date: 2024-10-10", "---"]
    assert "The minister said on Monday that exports had doubled." in shown
    # only at the start of the document: a later section's lines are prose as before
    later = Layout("---\nNote: one\ntwo\n", 80, base=500, reflow=True)
    assert ["".join(r.texts).rstrip() for r in later.rows][1] == "Note: one two"


def test_reflow_is_only_for_blank_line_paragraphs():
    sample = "Title\nFirst paragraph.\nSecond paragraph.\n"
    assert not uses_blank_line_paragraphs(sample * 30)
    assert uses_blank_line_paragraphs("Para one\nwrapped.\n\nPara two\nwrapped.\n\nThree.\n")


def test_control_characters_are_drawn_as_visible_marks():
    # a stray control byte must never reach the terminal raw, and keeps one cell
    row = Layout("a\x7fb\x01c", 80).rows[0]
    assert row.texts == ["a", "\ufffd", "b", "\ufffd", "c"]
    assert row.widths == [1, 1, 1, 1, 1]


def test_singleton_cluster_fast_path_agrees_with_the_unicode_tables():
    # the layout skips segmentation for lines made only of these code points: each must
    # have a grapheme break property that never joins a neighbour
    joinless = regex.compile(r"[\p{GCB=Other}\p{GCB=Control}\p{GCB=LF}]")
    from tui_reader.graphemes import SINGLETON_CLUSTERS

    assert "’" in SINGLETON_CLUSTERS and "—" in SINGLETON_CLUSTERS and "é" in SINGLETON_CLUSTERS
    assert "\u0301" not in SINGLETON_CLUSTERS and "\u200d" not in SINGLETON_CLUSTERS
    assert all(joinless.fullmatch(c) for c in SINGLETON_CLUSTERS)
    text = "“Ecuador’s” — café, naïve… ¿qué? ‰ ‼\u00ad"
    assert set(text) <= SINGLETON_CLUSTERS
    layout = Layout(text, 12)
    assert [o for row in layout.rows for o in row.offsets] == cluster_starts(text)


def test_text_with_a_combining_mark_still_goes_through_segmentation():
    text = "Cafe\u0301 “open” and Ecuador’s"
    layout = Layout(text, 8)
    offsets = [o for row in layout.rows for o in row.offsets]
    assert offsets == cluster_starts(text)
    assert 3 in offsets and 4 not in offsets  # "e" + combining acute is one step


def test_opening_the_sample_does_not_load_the_regex_module(fresh_python):
    # start-up: loading the regex module and its Unicode tables cost ~15% of the first
    # frame; the sample (ASCII plus curly quotes) is sectioned and laid out without it
    code = (
        "import sys\n"
        "from tui_reader.document import load_document\n"
        "from tui_reader.layout import Layout\n"
        "import tui_reader.textnav\n"
        "doc = load_document('sample_docs/us-ecuador-joint-operations.txt')\n"
        "s = doc.sections[0]\n"
        "Layout(doc.text[s.start:s.end], 80, base=s.start, reflow=True)\n"
        "assert len(doc.sections) == 16\n"
        "assert 'regex' not in sys.modules\n"
    )
    result = fresh_python(code)
    assert result.returncode == 0, result.stderr


def test_warm_up_compiles_every_pattern_put_off(fresh_python):
    code = (
        "import sys\n"
        "import tui_reader.layout, tui_reader.textnav, tui_reader.sections\n"
        "from tui_reader import lazyre\n"
        "assert 'regex' not in sys.modules\n"
        "n = lazyre.warm_up()\n"
        "assert n >= 10 and 'regex' in sys.modules, n\n"
        "assert all(p._compiled is not None for p in lazyre._ALL)\n"
        "assert lazyre.warm_up() == 0\n"
    )
    result = fresh_python(code)
    assert result.returncode == 0, result.stderr


def test_the_rows_of_a_wrapped_heading_line_come_from_its_offsets():
    text = "Title words that wrap onto two rows\nBody text under it.\nTitle words\n"
    layout = Layout(text, 20)
    heading = (0, text.index("\n"))
    assert layout.rows_showing([heading]) == {0, 1}
    # the same words later in the text are not a heading
    assert layout.height == 4 and 3 not in layout.rows_showing([heading, (5, 5)])
