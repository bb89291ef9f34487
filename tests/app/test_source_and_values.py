"""The document's source (i) and a date's value or an actor's entity name (=) in the app:
a bad date or URL keeps the form open with what was typed, escape with changes asks, the
publication date resolves a weekday, and the value can be corrected and cleared."""

from __future__ import annotations

from textual.widgets import Input, Static

from tui_reader.screens.dialogs import ConfirmDialog
from tui_reader.screens.prompt import Prompt
from tui_reader.screens.reader import ReaderScreen
from tui_reader.screens.source_dialog import SourceDialog
from tui_reader.store import Store

from test_links_flow import ACTOR, DATE, by_tag, cursor_on


def field(r, name: str) -> Input:
    return r.screen.query_one(f"#source-{name}", Input)


def error_under(r, name: str) -> str:
    content = r.screen.query_one(f"#error-{name}", Static).content
    return str(content.plain if hasattr(content, "plain") else content)


async def test_i_saves_the_source_and_a_bad_date_keeps_the_form_open(open_reader, seed_store, data_dir, clipboard):
    [date] = seed_store([(DATE, "date")])
    async with open_reader() as r:
        await cursor_on(r, date.id)
        assert "= ?" in r.status  # no publication date: Tuesday cannot be resolved
        await r.press("i")
        assert isinstance(r.screen, SourceDialog)
        assert field(r, "title").value == r.document.title  # known: the form opens on the URL
        assert r.app.focused is field(r, "url")
        await r.type("https://example.org/ecuador")
        await r.press("tab", "tab", "tab")  # outlet, author, published
        await r.type("2025-03-32")
        await r.press("enter")
        assert isinstance(r.screen, SourceDialog)  # stays open, with everything typed
        assert "published" in error_under(r, "published") and "YYYY-MM-DD" in error_under(r, "published")
        assert field(r, "url").value == "https://example.org/ecuador"
        assert r.app.focused is field(r, "published")
        await r.press("backspace", "backspace")
        await r.type("06")
        await r.press("enter")
        assert isinstance(r.screen, ReaderScreen)
        with Store(data_dir) as store:
            source = store.source(r.document.id)
        assert source["url"] == "https://example.org/ecuador" and source["published"] == "2025-03-06"
        assert "title" not in source  # the form showed the text's own title: it still follows the text
        assert r.told("Source saved")
        await r.press("right", "left")
        assert "“Tuesday” = 2025-03-04" in r.status  # the latest Tuesday on or before 6 March 2025
        await r.press("y")  # the citation carries the source
        assert clipboard[-1].startswith("“Tuesday” — ") and "(2025-03-06)" in clipboard[-1]
        assert clipboard[-1].endswith("https://example.org/ecuador")


async def test_a_bad_url_is_said_under_it_and_escape_with_changes_asks(open_reader, data_dir):
    async with open_reader() as r:
        await r.press("i")
        await r.type("example.org")
        await r.press("enter")
        assert isinstance(r.screen, SourceDialog) and "url" in error_under(r, "url")
        await r.press("escape")
        assert isinstance(r.screen, ConfirmDialog)  # changes: asks before dropping them
        await r.press("n")
        assert isinstance(r.screen, SourceDialog) and field(r, "url").value == "example.org"
        await r.press("escape", "y")
        assert isinstance(r.screen, ReaderScreen)
        with Store(data_dir) as store:
            assert not any(store.source(r.document.id).values())
        await r.press("i")
        await r.press("escape")  # nothing changed: closes at once
        assert isinstance(r.screen, ReaderScreen)


async def test_equals_corrects_a_date_value_and_names_an_entity(open_reader, seed_store):
    date, actor = seed_store([(DATE, "date"), (ACTOR, "actor")])
    async with open_reader() as r:
        await cursor_on(r, date.id)
        await r.press("equals_sign")
        assert isinstance(r.screen, Prompt)
        await r.type("March")
        await r.press("enter")
        assert isinstance(r.screen, Prompt)  # not an ISO 8601 value: the dialog stays
        await r.press("ctrl+u")
        await r.type("2025-02-30")
        await r.press("enter")
        assert isinstance(r.screen, Prompt)  # no such day: the dialog stays, nothing stored
        assert by_tag(r.stored(), "date").value == ""
        await r.press("ctrl+u")
        await r.type("2025-03-04")
        await r.press("enter")
        assert isinstance(r.screen, ReaderScreen)
        assert by_tag(r.stored(), "date").value == "2025-03-04"
        await r.press("right", "left")
        assert "“Tuesday” = 2025-03-04" in r.status
        await r.press("equals_sign", "ctrl+u", "enter")  # empty: back to the resolved value
        assert by_tag(r.stored(), "date").value == ""
        await r.press("u")
        assert by_tag(r.stored(), "date").value == "2025-03-04"

        await cursor_on(r, actor.id)
        await r.press("equals_sign")
        await r.type("Francis Donovan")
        await r.press("enter")
        assert by_tag(r.stored(), "actor").name == "Francis Donovan"
        await r.press("right")
        assert "entity “Francis Donovan”" in r.status


async def test_front_matter_fills_the_form_and_only_what_changes_is_stored(open_reader, tmp_path, data_dir):
    path = tmp_path / "report.md"
    path.write_text(
        "---\ntitle: Minister on taxes\npublished: 2025-03-06\n---\n\n# Report\n\nThe minister spoke on Tuesday.\n",
        encoding="utf-8",
    )
    async with open_reader(path) as r:
        await r.press("i")
        assert field(r, "title").value == "Minister on taxes" and field(r, "published").value == "2025-03-06"
        hint = str(r.screen.query_one(".hint", Static).content)
        assert "from the front matter: title, published" in hint
        await r.type("https://example.org/taxes")  # the form opens on the URL, the first empty field
        await r.press("enter")
        assert isinstance(r.screen, ReaderScreen)
        with Store(data_dir) as store:
            stored = store.source(r.document.id)
        assert stored.get("url") == "https://example.org/taxes"
        assert not stored.get("title") and not stored.get("published")  # they follow the file
        assert r.screen.source["published"] == "2025-03-06"


async def test_a_publication_date_set_elsewhere_resolves_dates_once_the_app_looks(open_reader, seed_store, data_dir):
    [date] = seed_store([(DATE, "date")])
    async with open_reader() as r:
        await cursor_on(r, date.id)
        assert "“Tuesday” = ?" in r.status
        with Store(data_dir) as store:  # tui-reader meta --published, in another terminal
            store.set_source(r.document.id, {"published": "2025-03-06"})
        r.screen._pick_up_outside_changes()  # what the app does every 2 s
        await r.press("right", "left")
        assert "“Tuesday” = 2025-03-04" in r.status
