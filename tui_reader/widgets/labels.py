"""The small pieces every list row and status line is made of: a tag's chip, a cut quote."""

from __future__ import annotations

from rich.style import Style
from rich.text import Text


def tag_label(tag: str, style: Style | None = None) -> Text:
    """The tag as a coloured chip; what is appended after it keeps the row's own style."""
    label = Text()
    label.append(f" {tag} ", style=style or Style())
    return label


def short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
