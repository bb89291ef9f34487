"""How the reading pane draws one row of its section: annotations by tag, overlaps,
suggestions (dimmed), the selection, find matches and the cursor, cached per row until
what it shows changes."""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip


class SectionDrawing:
    """Mixed into ReaderView (before ScrollView): uses its layout, workspace, cursor,
    selection, matches, styles and line cache."""

    #: the suggestions shown in the section (not rejected; those whose words are tagged
    #: since are left out as rows are drawn), in text order; empty while hidden
    suggestions: tuple = ()

    def set_suggestions(self, suggestions) -> None:
        """Show these suggestions (or none), dimmed in their tag's colour."""
        suggestions = tuple(suggestions)
        if suggestions != self.suggestions:
            self.suggestions = suggestions
            self._redraw()

    def _suggestions_between(self, start: int, end: int, anns) -> list:
        """The shown suggestions that overlap [start, end), less those whose words are
        tagged since (suggest.by_section.is_open)."""
        tagged = {(a.start, a.end) for a in anns} if anns else ()
        return [s for s in self.suggestions if s.start < end and s.end > start and (s.start, s.end) not in tagged]

    def _inner_style(self, anns, sugs, covers) -> Style | None:
        """The style of the innermost annotation or suggestion that ``covers`` accepts (an
        annotation wins a tie), or None."""
        covering = [a for a in anns if covers(a)] if anns else ()
        inner = min(covering, key=lambda a: a.end - a.start) if covering else None
        suggested = [s for s in sugs if covers(s)] if sugs else ()
        if suggested:
            shortest = min(suggested, key=lambda s: s.end - s.start)
            if inner is None or shortest.end - shortest.start < inner.end - inner.start:
                return self._suggested_style(shortest.tag)
        return None if inner is None else self._tag_style(inner.tag)

    def _suggested_style(self, tag: str) -> Style:
        """A suggestion's style (the palette's, per theme), cached like the tags' own."""
        key = "suggested:" + tag
        style = self._styles.get(key)
        if style is None:
            style = self._styles[key] = self.app.tag_palette.refresh(self.app).suggested(tag)
        return style

    def _continuing_style(self, row_start: int, row_end: int, anns, sugs, sel, base: Style) -> Style | None:
        """The style of the highlight (selection, else innermost annotation or suggestion)
        that covers the end of this row and goes on past it, or None."""
        last = row_end - 1
        if sel and sel[0] <= last and sel[1] > row_end:
            return base + self._style("reader--selection")
        style = self._inner_style(anns, sugs, lambda a: a.start <= last and a.end > row_end and a.start < row_end)
        return None if style is None else base + style

    def render_line(self, y: int) -> Strip:
        layout = self.text_layout
        width = self.scrollable_content_region.width or self.size.width
        base = self._styles.get("base")
        if base is None:  # rich_style walks every ancestor: once per style change, not per row
            base = self._styles["base"] = self.rich_style
        row_index = y + round(self.scroll_y)
        if row_index >= layout.height:
            return Strip.blank(width, base)
        row = layout.rows[row_index]
        if not row.offsets:
            return Strip.blank(width, base)
        cached = self._line_cache.get(row_index)
        if cached is not None and cached.cell_length == width:
            return cached
        row_start, row_end = row.start, row.end
        anns = self.workspace.between(row_start, row_end)
        sugs = self._suggestions_between(row_start, row_end, anns) if self.suggestions else ()
        sel = self.selection
        matches = self._matches_between(row_start, row_end) if self.matches else ()
        heading = row_index in self._heading_rows
        segments: list[Segment] = []
        run_text: list[str] = []
        run_style: Style | None = None
        for offset, cell_w, shown in zip(row.offsets, row.widths, row.texts):
            style = base
            if heading:
                style = style + self._style("reader--heading")
            covering = [a for a in anns if a.start <= offset < a.end] if anns else ()
            if sugs:
                inner = self._inner_style(covering, sugs, lambda a: a.start <= offset < a.end)
                if inner is not None:
                    style = style + inner
            elif covering:
                inner = min(covering, key=lambda a: a.end - a.start)
                style = style + self._tag_style(inner.tag)
            if len(covering) > 1:
                style = style + self._style("reader--overlap")
            for m in matches:
                if m[0] <= offset < m[1]:
                    style = style + self._style("reader--match")
                    break
            if sel and sel[0] <= offset < sel[1]:
                style = style + self._style("reader--selection")
            if offset == self.cursor:
                style = style + self._style("reader--cursor")
            text = " " * cell_w if shown == "\t" else shown
            if style != run_style and run_text:
                segments.append(Segment("".join(run_text), run_style))
                run_text = []
            run_style = style
            run_text.append(text)
        if run_text:
            segments.append(Segment("".join(run_text), run_style))
        # one Strip per row (each Strip carries caches of its own: building three per row
        # to pad and crop cost more than drawing the text)
        cells = row.cell_width
        if cells <= width:
            if cells < width:
                # a highlight that goes on to the next row runs to the text's right edge, so
                # a highlighted passage is a block, not a ragged stack of lines
                fill = self._continuing_style(row_start, row_end, anns, sugs, sel, base)
                if fill is not None:
                    edge = max(cells, min(width, layout.width))
                    segments.append(Segment(" " * (edge - cells), fill))
                    cells = edge
                if cells < width:
                    segments.append(Segment(" " * (width - cells), base))
            strip = Strip(segments, width)
        else:  # a single cluster wider than the pane
            strip = Strip(segments, cells).crop(0, width)
        self._line_cache[row_index] = strip
        return strip
