"""The table of contents and the annotation panel beside the reading pane."""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ..annotations import Annotation


def tag_label(tag: str, style: Style | None = None) -> Text:
    return Text(f" {tag} ", style=style or Style())


def short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class TableOfContents(OptionList):
    """Sections with their annotation counts; enter or a click opens one."""

    DEFAULT_CSS = """
    TableOfContents { width: 30; height: 1fr; border: round $panel; }
    TableOfContents:focus { border: round $accent; }
    """

    class Opened(Message):
        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    def __init__(self, titles: list[str], counts: list[int], *, id: str | None = None) -> None:
        super().__init__(*self._make_options(titles, counts), id=id)
        self.border_title = "Contents"
        self._titles = titles

    @staticmethod
    def _make_options(titles: list[str], counts: list[int]) -> list[Option]:
        options = []
        width = len(str(len(titles)))
        for i, (title, count) in enumerate(zip(titles, counts)):
            label = Text(f"{i + 1:>{width}} ", style="dim")
            label.append(title)
            if count:
                label.append(f" ({count})", style="bold")
            options.append(Option(label, id=str(i)))
        return options

    def update_counts(self, counts: list[int]) -> None:
        highlighted = self.highlighted
        self.clear_options()
        self.add_options(self._make_options(self._titles, counts))
        if highlighted is not None:
            self.highlighted = highlighted

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(self.Opened(event.option_index))


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
            options.append(Option(Text("No annotations in this section.\nSelect text (v) and tag it: a c d", style="dim"), disabled=True))
        self.add_options(options)
        self.border_subtitle = f"{len(annotations)}" if annotations else ""
        if highlighted is not None and highlighted < len(options):
            self.highlighted = highlighted

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.post_message(self.Chosen(event.option.id))
