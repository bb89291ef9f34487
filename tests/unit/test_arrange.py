"""How the reading screen shares its width (widgets/arrange.py)."""

from __future__ import annotations

import pytest

from tui_reader.widgets.arrange import PANEL_MIN, TOC_MIN, arrange

CHROME = 6  # the pane's borders, padding and scroll bar


@pytest.mark.parametrize("width", range(60, 321, 7))
def test_the_parts_fill_the_screen_and_the_text_never_runs_past_the_measure(width):
    w = arrange(width, 88, CHROME, toc_wanted=58)
    assert w.toc + w.text + w.panel == width
    assert w.text - CHROME <= 88
    assert w.toc in (0,) or w.toc >= TOC_MIN
    assert w.panel in (0,) or w.panel >= PANEL_MIN


def test_a_wide_screen_gives_the_rest_to_the_panels():
    w = arrange(200, 88, CHROME, toc_wanted=58)
    assert w == (58, 94, 48)


def test_an_overlong_title_does_not_squeeze_the_annotations():
    w = arrange(200, 88, CHROME, toc_wanted=120)
    assert w.panel >= 40 and w.toc <= 64


def test_narrow_screens_drop_the_panel_then_the_contents():
    assert arrange(100, 88, CHROME).panel == 0 and arrange(100, 88, CHROME).toc > 0
    assert arrange(70, 88, CHROME) == (0, 70, 0)


def test_no_measure_lets_the_text_fill_the_room():
    w = arrange(200, 0, CHROME)
    assert w == (TOC_MIN, 200 - TOC_MIN - PANEL_MIN, PANEL_MIN)
