"""The styles tags are drawn in: one palette, resolved from the tag set per theme.

A tag's colour is a Textual colour ("#d08770", "coral", "rgb(208,135,112)") or a theme
variable ("$primary"), with an optional opacity ("$primary 45%") that blends it over
the text's background. Component classes must be declared on a widget's class, so a
configured tag cannot have one; instead the app resolves every tag's style here once
per theme and hands the same palette to the reading pane, the annotation panel, the
status line and the search screen. A tag not in the set is drawn in a neutral grey.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from rich.style import Style
from textual.color import Color, ColorParseError

from ..tagset import TagSet

if TYPE_CHECKING:
    from textual.app import App

NEUTRAL = "$foreground 18%"  # an annotation whose tag is not in the current set
SUGGESTED_SHARE = 0.45  # a suggestion's tint: this share of its tag's opacity
_SPEC = re.compile(r"(?P<color>.+?)(?:\s+(?P<alpha>\d{1,3}(?:\.\d+)?)%)?\Z", re.DOTALL)
_EXAMPLES = "e.g. #d08770, coral, rgb(208,135,112) or $primary, optionally with an opacity: $primary 45%"


@lru_cache(maxsize=1)
def _theme_variables() -> dict[str, str]:
    """The theme variables' names and values, to check a colour before any theme is on."""
    from textual.theme import BUILTIN_THEMES

    return BUILTIN_THEMES["textual-dark"].to_color_system().generate()


def resolve(spec: str, variables: dict[str, str]) -> Color:
    """The colour ``spec`` names, its opacity as alpha; ValueError if it names none."""
    match = _SPEC.match(spec.strip())
    if not match:
        raise ValueError("empty")
    text, alpha = match.group("color").strip(), match.group("alpha")
    if text.startswith("$"):
        value = variables.get(text[1:])
        if value is None:
            raise ValueError(f"no theme variable {text}")
        text = value
    try:
        color = Color.parse(text)
    except ColorParseError:
        raise ValueError(f"not a colour ({_EXAMPLES})") from None
    if alpha is not None:
        share = float(alpha)
        if share > 100:
            raise ValueError("the opacity is over 100%")
        color = color.with_alpha(share / 100)
    return color


def check_color(spec: str) -> str | None:
    """What is wrong with a tag's colour, or None (the tag set's checker)."""
    try:
        resolve(spec, _theme_variables())
    except ValueError as exc:
        return str(exc)
    return None


def _luminance(c: Color) -> float:
    def channel(v: int) -> float:
        v /= 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = c.rgb
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def _contrast(a: Color, b: Color) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)))
    return (lb + 0.05) / (la + 0.05)


class TagPalette:
    """Each tag's style for the current theme: its colour as the background (blended
    over the text's background), the text's own colour on it unless that would be hard
    to read, then a dark or light one."""

    def __init__(self, tags: TagSet) -> None:
        self.tags = tags
        self._theme: str | None = None
        self._styles: dict[str, Style] = {}
        self._suggested: dict[str, Style] = {}
        self._neutral = self._neutral_suggested = Style()

    def refresh(self, app: "App") -> "TagPalette":
        """Resolve the styles for the app's theme, if it changed since the last time."""
        if app.theme != self._theme:
            variables = app.get_css_variables()
            background = Color.parse(variables["surface"])
            foreground = Color.parse(variables["foreground"])
            self._styles = {t.name: self._style(t.color, variables, background, foreground) for t in self.tags}
            self._suggested = {t.name: self._dimmed(t.color, variables, background, foreground) for t in self.tags}
            self._neutral = self._style(NEUTRAL, variables, background, foreground)
            self._neutral_suggested = self._dimmed(NEUTRAL, variables, background, foreground)
            self._theme = app.theme
        return self

    @staticmethod
    def _style(spec: str, variables: dict[str, str], background: Color, foreground: Color) -> Style:
        try:
            color = background + resolve(spec, variables)
        except ValueError:  # a colour the tag set let through, in a theme without its variable
            color = background + resolve(NEUTRAL, variables)
        text = foreground if _contrast(color, foreground) >= 3 else color.get_contrast_text(0.9)
        return Style(color=(color + text).rich_color, bgcolor=color.rich_color)

    @staticmethod
    def _dimmed(spec: str, variables: dict[str, str], background: Color, foreground: Color) -> Style:
        """A suggestion's style: the tag's colour faint behind the text, and the text
        itself faded, so a suggestion never reads as an annotation."""
        try:
            color = resolve(spec, variables)
        except ValueError:
            color = resolve(NEUTRAL, variables)
        tint = background + color.with_alpha(color.a * SUGGESTED_SHARE)
        return Style(color=foreground.blend(tint, 0.35).rich_color, bgcolor=tint.rich_color, italic=True)

    def suggested(self, tag: str) -> Style:
        """The style a suggestion of ``tag`` is drawn in (dimmed)."""
        return self._suggested.get(tag, self._neutral_suggested)

    def style(self, tag: str) -> Style:
        """The style of ``tag``; the neutral one for a tag not in the set."""
        return self._styles.get(tag, self._neutral)

    def __getitem__(self, tag: str) -> Style:
        return self.style(tag)

    def get(self, tag: str, default: Style | None = None) -> Style:
        return self.style(tag)
