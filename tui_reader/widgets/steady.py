"""Widgets that rarely change answer the compositor from their last answer.

On every frame, Textual's compositor asks each widget whose *clip* meets the updated
region for all of its lines (``render_lines``), and the clip of a widget inside the
screen is the whole screen: a cursor key that changes one line of the reading pane
also has the contents, the annotation panel, the key hints and the title and status
lines walk their line caches, filters and backgrounds again, about a millisecond a
key in all. A widget with this mixin keeps the lines it last returned and returns them
again while nothing that shapes them has changed: every way Textual marks a widget
for repainting (a refresh, new styles, a resize, a theme) goes through ``_set_dirty``,
which drops them, and the crop, size, scroll offset, backgrounds and line filters are
compared on each call.
"""

from __future__ import annotations

from textual.geometry import Region
from textual.strip import Strip


class SteadyLines:
    """Mixin for a Textual widget (put it before the widget class)."""

    _steady: tuple[tuple, list[Strip]] | None = None

    def _set_dirty(self, *regions: Region) -> None:
        self._steady = None
        super()._set_dirty(*regions)  # type: ignore[misc]

    def render_lines(self, crop: Region) -> list[Strip]:
        key = (
            crop,
            self.size,  # type: ignore[attr-defined]
            self.scroll_offset,  # type: ignore[attr-defined]
            self.background_colors,  # type: ignore[attr-defined]
            tuple(self.app.get_line_filters()),  # type: ignore[attr-defined]
        )
        steady = self._steady
        if steady is not None and steady[0] == key:
            return steady[1]
        lines = super().render_lines(crop)  # type: ignore[misc]
        self._steady = (key, lines)
        return lines
