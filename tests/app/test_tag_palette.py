"""The UI side of tag sets: colours as Textual reads them, key names as Textual names them."""

from __future__ import annotations

import string

import pytest
from textual.color import Color
from textual.keys import _character_to_key, format_key

from tui_reader.keymap import DEFAULT_KEYMAP
from tui_reader.keynames import key_label, key_name
from tui_reader.tagset import DEFAULT_TAGS, TagSet, parse_tags
from tui_reader.widgets.tag_palette import TagPalette, check_color, resolve


def test_key_names_are_textual_s():
    for char in string.printable.strip() + " éß€“(":
        assert key_name(char) == _character_to_key(char), char


def test_key_labels_are_what_textual_shows_for_a_character():
    for entry in DEFAULT_KEYMAP.entries:
        for key in DEFAULT_KEYMAP.keys(entry.id):
            label = key_label(key)
            if len(label) == 1:
                assert format_key(key) == label, key


@pytest.mark.parametrize("good", ["#d08770", "coral", "rgb(208,135,112)", "$primary", "$primary 45%", "#d0877080", "$error 40%"])
def test_colours_textual_knows_are_accepted(good):
    assert check_color(good) is None


@pytest.mark.parametrize(
    "bad, expected",
    [("#d0877", "not a colour"), ("oragne", "not a colour"), ("$nosuch", "no theme variable $nosuch"), ("$text", "not a colour"), ("red 150%", "over 100%")],
)
def test_other_colours_are_refused_with_a_reason(bad, expected):
    assert expected in check_color(bad)


def test_the_config_s_colour_check_uses_textual_s_colours():
    with pytest.raises(Exception, match=r"entry 1 \('place'\): color 'oragne': not a colour"):
        parse_tags([{"name": "place", "key": "p", "color": "oragne"}], "config file x", check_color)


class FakeApp:
    def __init__(self, theme: str = "textual-dark") -> None:
        from textual.theme import BUILTIN_THEMES

        self.theme = theme
        self.calls = 0
        self._themes = BUILTIN_THEMES

    def get_css_variables(self):
        self.calls += 1
        return self._themes[self.theme].to_color_system().generate()


def test_the_palette_resolves_once_per_theme():
    tags = TagSet(DEFAULT_TAGS.tags + parse_tags([{"name": "place", "key": "p", "color": "#d08770"}], "x").tags)
    app = FakeApp()
    palette = TagPalette(tags).refresh(app)
    palette.refresh(app)
    assert app.calls == 1
    variables = app.get_css_variables()
    surface = Color.parse(variables["surface"])
    # today's colours: the theme's primary at 45% over the text's background, its text colour on it
    actor = palette.style("actor")
    assert actor.bgcolor.triplet.hex == (surface + resolve("$primary 45%", variables)).hex.lower()
    assert actor.color.triplet.hex == Color.parse(variables["foreground"]).hex.lower()
    # a configured colour is drawn as given; a tag not in the set in a neutral grey
    assert palette.style("place").bgcolor.triplet.hex == "#d08770"
    neutral = palette.style("person")
    assert neutral.bgcolor is not None and neutral.bgcolor.triplet.hex not in {palette.style(t).bgcolor.triplet.hex for t in tags.names}
    app.theme = "textual-light"
    palette.refresh(app)
    assert app.calls == 3 and palette.style("actor").bgcolor != actor.bgcolor
