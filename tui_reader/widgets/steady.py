"""Widgets that rarely change answer the compositor from their last answer.

Textual's compositor asks every widget whose clip meets the updated region for all of its
lines on each frame, and inside a screen that clip is the whole screen: a cursor key would
have the contents, the annotation panel and the bars rebuild lines that did not change. A
widget with this mixin returns the lines it last returned while nothing that shapes them
has changed: every repaint Textual asks for (refresh, styles, resize, theme) goes through
``_set_dirty``, which drops them, and the crop, size, scroll offset, backgrounds and line
filters are compared on each call.
"""

from __future__ import annotations

from textual.geometry import Region
from textual.strip import Strip


class ReusesLastLines:
    """Mixin for a Textual widget (put it before the widget class)."""

    _last_lines: tuple[tuple, list[Strip]] | None = None

    def _set_dirty(self, *regions: Region) -> None:
        self._last_lines = None
        super()._set_dirty(*regions)  # type: ignore[misc]

    def render_lines(self, crop: Region) -> list[Strip]:
        key = (
            crop,
            self.size,  # type: ignore[attr-defined]
            self.scroll_offset,  # type: ignore[attr-defined]
            self.background_colors,  # type: ignore[attr-defined]
            tuple(self.app.get_line_filters()),  # type: ignore[attr-defined]
        )
        steady = self._last_lines
        if steady is not None and steady[0] == key:
            return steady[1]
        lines = super().render_lines(crop)  # type: ignore[misc]
        self._last_lines = (key, lines)
        return lines
