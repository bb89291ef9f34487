"""How the reading screen shares its width: the text at its measure, the side panels beside
it, or one of them in place of the text on a narrow terminal (A, T)."""

from __future__ import annotations

from ..widgets.arrange import arrange
from ..widgets.key_hints import KeyHints
from ..widgets.panels import AnnotationPanel, TableOfContents


class PanelArrangement:
    """Mixed into ReaderScreen: uses its view, workspace, in_place, size and focused."""

    def on_resize(self, event) -> None:
        self._arrange(event.size.width)

    def _arrange(self, width: int | None = None) -> None:
        """Share the width (widgets/arrange.py): the text runs at most the reading measure
        and the side panels take the rest; on a narrow terminal the annotation panel goes
        first (the status line still names the annotation under the cursor), then the
        contents, and A or T shows them in place of the text."""
        width = width or self.size.width
        view, toc, panel = self.view, self.query_one(TableOfContents), self.query_one(AnnotationPanel)
        view.measure = getattr(self.app, "text_width", 0)
        chrome = view.styles.gutter.width + view.styles.scrollbar_size_vertical
        widths = arrange(width, view.measure, chrome, toc.wanted_width)
        if (self.in_place == "annotations" and widths.panel) or (self.in_place == "contents" and widths.toc):
            self.in_place = None  # it fits beside the text now
        toc.border_title, panel.border_title = "Contents", "Annotations"
        if self.in_place:
            shown = panel if self.in_place == "annotations" else toc
            for widget in (view, toc, panel):
                widget.display = widget is shown
            shown.styles.width = width
            shown.border_title += " · escape: back to the text"
            return
        self.query_one(KeyHints).promote(*(() if widths.panel else ("panel.annotations",)))
        view.display = True
        view.styles.width = widths.text
        toc.display, panel.display = bool(widths.toc), bool(widths.panel)
        if widths.toc:
            toc.styles.width = widths.toc
        if widths.panel:
            panel.styles.width = widths.panel

    def action_show_panel(self, which: str) -> None:
        """A (annotations) or T (contents): focus the panel beside the text, or, where the
        screen has no room for it, show it in place of the text; again, back to the text."""
        panel = self.query_one(AnnotationPanel) if which == "annotations" else self.query_one(TableOfContents)
        if self.in_place == which or (self.focused is panel and not self.in_place):
            self.action_close_panel()
            return
        if not panel.display or self.in_place:
            self.in_place = which
            self._arrange()
        panel.focus()
        if which == "annotations":  # the one under the cursor, else the first
            panel.highlight_one_of([a.id for a in self.workspace.at(self.view.cursor)])

    def _show_text(self) -> None:
        """A jump into the text (a search result, a find match) shows the text, if a panel
        stood in its place."""
        if self.in_place:
            self.in_place = None
            self._arrange()

    def action_close_panel(self) -> None:
        """Escape in a panel: back to the text."""
        self._show_text()
        self.view.focus()
