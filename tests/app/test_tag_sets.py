"""Tag sets and keys from config.toml in the reader: a fourth tag on its own key and in its
own colour, found by tag:NAME; a remapped key that works and is shown where keys are
shown; a bad config that says so in one line and opens with the defaults."""

from __future__ import annotations

from textual.widgets import OptionList

from tui_reader.screens.help import HelpScreen
from tui_reader.screens.reader import ReaderScreen
from tui_reader.screens.search import SearchScreen
from tui_reader.widgets.key_hints import KeyHints
from tui_reader.widgets.panels import AnnotationPanel

PLACE = '[[tags]]\nname = "place"\nkey = "p"\ncolor = "#d08770"\n'
DEFAULTS = "".join(
    f'[[tags]]\nname = "{name}"\nkey = "{key}"\ncolor = "{color}"\n'
    for name, key, color in (("actor", "a", "$primary 45%"), ("claim", "c", "$error 40%"), ("date", "d", "$success 40%"))
)


def configure(folder, text: str):
    (folder / "config.toml").write_text(text, encoding="utf-8")


def cell_colours(r, start: int, end: int) -> set[str]:
    """The background colours the reading pane draws for the cells of [start, end)."""
    view = r.view
    layout = view.text_layout
    found = set()
    for y, row in enumerate(layout.rows):
        if not row.offsets or row.end <= start or row.start >= end:
            continue
        strip = view.render_line(y - round(view.scroll_y))
        cells = [seg for seg in strip for _ in seg.text]  # one segment per cell (narrow text)
        for x, offset in enumerate(row.offsets):
            if start <= offset < end:
                style = cells[x].style
                found.add(style.bgcolor.triplet.hex if style and style.bgcolor else None)
    return found


def chip_colours(panel: AnnotationPanel, tag: str) -> set[str]:
    """The background of the tag chip " TAG " on the panel's rows."""
    found = set()
    for y in range(len(panel._rows)):
        for seg in panel.render_line(y):
            if seg.text == f" {tag} " and seg.style and seg.style.bgcolor:
                found.add(seg.style.bgcolor.triplet.hex)
    return found


def hints(r) -> str:
    content = r.screen.query_one(KeyHints).content
    return str(content.plain if hasattr(content, "plain") else content)


async def test_a_fourth_tag_tags_with_its_key_in_its_colour_and_is_found_by_tag(open_reader, _no_user_config):
    configure(_no_user_config, DEFAULTS + PLACE)
    async with open_reader() as r:
        assert r.app.config_problem is None
        start = r.text.index("Pentagon")
        r.view.go_to(start)
        await r.press("p")
        [ann] = r.stored()
        assert (ann.tag, ann.quote) == ("place", "Pentagon")
        await r.pilot.pause()
        assert cell_colours(r, ann.start, ann.end) == {"#d08770"}
        panel = r.screen.query_one(AnnotationPanel)
        assert chip_colours(panel, "place") == {"#d08770"}
        assert "place" in r.status and "p Place" in hints(r)
        # the other tags keep their keys, and their colours are not the place's
        r.view.go_to(r.text.index("Tuesday"))
        await r.press("d")
        date = next(a for a in r.stored() if a.tag == "date")
        assert cell_colours(r, date.start, date.end) - {"#d08770"} == cell_colours(r, date.start, date.end)
        await r.press("s")
        assert isinstance(r.screen, SearchScreen)
        await r.type("tag:place")
        await r.settle()
        assert [h.annotation.quote for h in r.screen.hits] == ["Pentagon"]
        assert r.screen.query_one("#results", OptionList).option_count == 1
        await r.press("escape", "question_mark")
        assert isinstance(r.screen, HelpScreen)
        assert "Tag as place" in help_text(r.screen)


def help_text(screen) -> str:
    from rich.console import Console
    from textual.widgets import Static

    console = Console(width=120, record=True, file=open("/dev/null", "w"))
    for static in screen.query(Static):
        console.print(static.content)
    return console.export_text()


async def test_a_remapped_key_works_and_every_list_of_keys_shows_it(open_reader, _no_user_config, seed_store):
    seed_store([("Pentagon", "actor")])
    configure(_no_user_config, '[keys]\n"search.open" = "f"\n"tag.claim" = "ctrl+k"\n"annotation.note" = "ctrl+n"\n')
    async with open_reader(size=(200, 50)) as r:
        assert r.app.config_problem is None
        assert "f Search" in hints(r) and "^k Claim" in hints(r) and "s Search" not in hints(r)
        await r.press("s")  # the old key does nothing now
        assert isinstance(r.screen, ReaderScreen)
        await r.press("f")
        assert isinstance(r.screen, SearchScreen)
        await r.press("escape")
        r.view.go_to(r.text.index("Tuesday"))
        await r.press("ctrl+k")
        assert [a.tag for a in r.stored() if a.quote == "Tuesday"] == ["claim"]
        # messages name the keys in force too
        r.view.go_to(r.text.index("Pentagon"))
        await r.pilot.pause()
        assert "no note (ctrl+n to add)" in r.status
        commands = {c.title: c.help for c in r.app.get_system_commands(r.screen)}
        assert commands["Search annotations (tag:NAME for one tag)"] == "key: f"
        await r.press("question_mark")
        lines = [" ".join(line.split()) for line in help_text(r.screen).splitlines()]
        assert any(line.startswith("f Search annotations") for line in lines)
        assert any(line.startswith("ctrl+k Tag as claim") for line in lines)
        assert not any(line.startswith("s Search") for line in lines)


async def test_a_colliding_key_is_one_line_and_the_reader_opens_with_the_defaults(open_reader, _no_user_config):
    configure(_no_user_config, DEFAULTS + PLACE.replace('key = "p"', 'key = "q"'))
    async with open_reader() as r:
        errors = [m for m, severity in r.notices if severity == "error"]
        assert len(errors) == 1 and "\n" not in errors[0]
        assert str(_no_user_config / "config.toml") in errors[0]
        assert "[[tags]] entry 4 ('place'): key 'q' is already app.quit" in errors[0]
        assert "using the default tags and keys" in errors[0]
        r.view.go_to(r.text.index("Pentagon"))
        await r.press("a")
        assert [a.tag for a in r.stored()] == ["actor"]
        assert "p Place" not in hints(r)


async def test_a_bad_colour_is_one_line_and_the_reader_opens_with_the_defaults(open_reader, _no_user_config, seed_store):
    seed_store([("Pentagon", "place")])  # made under another config: kept, shown, searchable
    configure(_no_user_config, DEFAULTS + PLACE.replace("#d08770", "#d0877"))
    async with open_reader() as r:
        [error] = [m for m, severity in r.notices if severity == "error"]
        assert "[[tags]] entry 4 ('place'): color '#d0877': not a colour" in error
        assert r.app.tags.names == ("actor", "claim", "date")
        [place] = r.stored()
        await r.pilot.pause()
        neutral = cell_colours(r, place.start, place.end)
        assert len(neutral) == 1 and None not in neutral and "#d08770" not in neutral
        panel = r.screen.query_one(AnnotationPanel)
        assert chip_colours(panel, "place") == neutral
        await r.press("p")  # not a tag key now
        assert [a.tag for a in r.stored()] == ["place"]
        await r.press("s")
        await r.type("tag:place")
        await r.settle()
        assert [h.annotation.id for h in r.screen.hits] == [place.id]
