"""The table of contents and the annotation panel beside the reading pane."""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.widgets import Static
from textual.strip import Strip
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ..annotations import Annotation


def tag_label(tag: str, style: Style | None = None) -> Text:
    return Text(f" {tag} ", style=style or Style())


def short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class TableOfContents(ScrollView, can_focus=True):
    """Sections with their annotation counts, one row each; enter or a click opens one.

    Drawn line by line like the reading pane, so a book cut into 20,000 parts opens as
    fast as an article (an OptionList builds and measures every entry up front)."""

    COMPONENT_CLASSES = {"toc--highlight", "toc--current", "toc--count", "toc--number"}
    DEFAULT_CSS = """
    TableOfContents { width: 30; height: 1fr; border: round $panel; overflow-x: hidden; }
    TableOfContents:focus { border: round $accent; }
    TableOfContents > .toc--highlight { background: $block-cursor-blurred-background; }
    TableOfContents:focus > .toc--highlight { background: $block-cursor-background; color: $block-cursor-foreground; }
    TableOfContents > .toc--current { text-style: bold; }
    TableOfContents > .toc--count { color: $accent; text-style: bold; }
    TableOfContents > .toc--number { color: $text-muted; }
    """
    BINDINGS = [
        Binding("up,k", "move(-1)", "Previous", show=False),
        Binding("down,j", "move(1)", "Next", show=False),
        Binding("pageup", "move(-10)", "Page up", show=False),
        Binding("pagedown", "move(10)", "Page down", show=False),
        Binding("home", "move(-1000000000)", "First", show=False),
        Binding("end", "move(1000000000)", "Last", show=False),
        Binding("enter", "open", "Open section", show=False),
    ]

    class Opened(Message):
        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    def __init__(self, titles: list[str], counts: list[int], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.border_title = "Contents"
        self.titles = titles
        self.counts = counts
        self.current = 0  # the section on screen
        self.highlighted = 0  # the row the keyboard is on
        self._number_width = len(str(len(titles)))
        self.virtual_size = Size(0, len(titles))

    def update_counts(self, counts: list[int]) -> None:
        self.counts = counts
        self.refresh()

    def show_current(self, index: int) -> None:
        self.current = self.highlighted = index
        self._scroll_into_view(index)
        self.refresh()

    def _scroll_into_view(self, index: int) -> None:
        height = self.scrollable_content_region.height or self.size.height or 1
        top = round(self.scroll_y)
        if index < top:
            self.scroll_to(y=index, animate=False)
        elif index >= top + height:
            self.scroll_to(y=index - height + 1, animate=False)

    def action_move(self, delta: int) -> None:
        self.highlighted = max(0, min(len(self.titles) - 1, self.highlighted + delta))
        self._scroll_into_view(self.highlighted)
        self.refresh()

    def action_open(self) -> None:
        self.post_message(self.Opened(self.highlighted))

    def on_click(self, event: events.Click) -> None:
        index = event.y - (self.scrollable_content_region.y - self.region.y) + round(self.scroll_y)
        if 0 <= index < len(self.titles):
            self.highlighted = index
            self.refresh()
            self.post_message(self.Opened(index))

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width or self.size.width
        index = y + round(self.scroll_y)
        base = self.rich_style
        if index >= len(self.titles):
            return Strip.blank(width, base)
        style = base
        if index == self.current:
            style += self.get_component_rich_style("toc--current")
        if index == self.highlighted:
            style += self.get_component_rich_style("toc--highlight")
        count = self.counts[index] if index < len(self.counts) else 0
        line = Text(no_wrap=True, overflow="ellipsis", style=style, end="")
        line.append(f"{index + 1:>{self._number_width}} ", self.get_component_rich_style("toc--number", partial=True))
        tail = f" {count}" if count else ""
        room = max(1, width - self._number_width - 1 - len(tail))
        title = self.titles[index]
        if cell_len(title) > room:
            title = set_cell_size(title, room - 1) + "…"
        line.append(title)
        if tail:
            line.append(tail, self.get_component_rich_style("toc--count", partial=True))
        segments = list(line.render(self.app.console))
        return Strip(segments).extend_cell_length(width, style).crop(0, width)


class AnnotationPanel(OptionList):
    """The current section's annotations; enter jumps to one."""

    DEFAULT_CSS = """
    AnnotationPanel { width: 36; height: 1fr; border: round $panel; }
    AnnotationPanel:focus { border: round $accent; }
    """

    class Chosen(Message):
        def __init__(self, annotation_id: str) -> None:
            super().__init__()
            self.annotation_id = annotation_id

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.border_title = "Annotations"

    def show(self, annotations: list[Annotation], styles: dict[str, Style]) -> None:
        highlighted = self.highlighted
        self.clear_options()
        options = []
        for ann in annotations:
            label = tag_label(ann.tag, styles.get(ann.tag))
            label.append(" " + short(ann.quote, 80))
            if ann.note:
                label.append("\n  ✎ " + short(ann.note, 80), style="italic dim")
            options.append(Option(label, id=ann.id))
        if not options:
            options.append(Option(Text("No annotations in this section.\nSelect (v), then tag: a c d", style="dim"), disabled=True))
        self.add_options(options)
        self.border_subtitle = f"{len(annotations)}" if annotations else ""
        if highlighted is not None and highlighted < len(options):
            self.highlighted = highlighted

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.post_message(self.Chosen(event.option.id))


class KeyHints(Static):
    """The key hints at the foot of the screen, drawn once from the bindings.

    Textual's Footer rebuilds a widget per key whenever the bindings signal a change
    (nine times while the reader starts); the reader's keys do not change with focus,
    so one line of text says the same for a fraction of the start-up time."""

    COMPONENT_CLASSES = {"keyhints--key"}
    DEFAULT_CSS = """
    KeyHints { height: 1; background: $footer-background; color: $footer-foreground; }
    KeyHints > .keyhints--key { color: $footer-key-foreground; text-style: bold; }
    """

    def __init__(self, *binding_lists) -> None:
        super().__init__("")
        self._binding_lists = binding_lists

    def on_mount(self) -> None:
        key_style = self.get_component_rich_style("keyhints--key", partial=True)
        line = Text(no_wrap=True, overflow="ellipsis")
        for bindings in self._binding_lists:
            for b in bindings:
                if isinstance(b, Binding) and b.show:
                    line.append(f" {b.key_display or b.key.split(',')[0]} ", style=key_style)
                    line.append(f"{b.description} ")
        line.append(" ^p ", style=key_style)
        line.append("palette")
        self.update(line, layout=False)
