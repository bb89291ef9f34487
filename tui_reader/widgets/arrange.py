"""How the reading screen shares its width: the contents, the text, the annotation panel.

Plain arithmetic (no Textual), so that every terminal size can be checked in a unit test.
The text never runs wider than the reading measure; what is left goes to the side panels.
Below the widths where a panel fits beside a readable text, the panel is hidden and its
key shows it in place of the text instead.
"""

from __future__ import annotations

from typing import NamedTuple

TOC_MIN = 30  # the contents: section number, a title, a count
PANEL_MIN = 36  # the annotation panel: a tag chip and a quote
SHOW_PANEL_FROM = 110  # below this, the annotation panel leaves the text the room
SHOW_TOC_FROM = 76  # below this, the contents go too


class Widths(NamedTuple):
    toc: int  # 0: hidden
    text: int  # the reading pane, borders included
    panel: int  # 0: hidden


def arrange(width: int, measure: int, chrome: int, toc_wanted: int = TOC_MIN) -> Widths:
    """Widths for a screen ``width`` cells wide.

    ``measure``: the widest the text may run (0: no limit); ``chrome``: the pane's cells
    around its text (borders, padding, scroll bar); ``toc_wanted``: what the contents need
    to show their longest title whole."""
    text_max = measure + chrome if measure else width
    if width >= SHOW_PANEL_FROM:
        text = min(text_max, width - TOC_MIN - PANEL_MIN)
        rest = width - text
        # the contents take what their titles need, up to three fifths of the room (an
        # overlong title line must not squeeze the annotations)
        toc = max(TOC_MIN, min(toc_wanted, rest - PANEL_MIN, rest * 3 // 5))
        return Widths(toc, text, rest - toc)
    if width >= SHOW_TOC_FROM:
        text = min(text_max, width - TOC_MIN)
        return Widths(width - text, text, 0)
    return Widths(0, width, 0)
