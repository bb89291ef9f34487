"""Small and large terminals: every function reachable from 60x20 up, help and quit always
in the key hints, the annotation list (its orphans too) behind a key and in the palette,
and a text that never runs wider than the reading measure."""

from __future__ import annotations

import pytest
from rich.cells import cell_len
from textual.command import CommandPalette

from tui_reader.config import DEFAULT_TEXT_WIDTH
from tui_reader.screens.reader import ReaderScreen
from tui_reader.widgets.key_hints import KeyHints
from tui_reader.widgets.panels import AnnotationPanel, TableOfContents



def edited_copy(sample_path, tmp_path, seed_store):
    """The sample with two annotations, then edited: the sentence naming Daniel Noboa
    is deleted, so his annotation is orphaned."""
    article = tmp_path / "article.txt"
    article.write_text(sample_path.read_text(encoding="utf-8"), encoding="utf-8")
    anns = seed_store([("Los Lobos", "actor"), ("Daniel Noboa", "actor")], path=article)
    text = article.read_text(encoding="utf-8")
    line_start = text.rfind("\n", 0, text.index("Daniel Noboa")) + 1
    line_end = text.index("\n", line_start) + 1
    article.write_text(text[:line_start] + text[line_end:], encoding="utf-8")
    return article, anns

SIZES = [(60, 20), (80, 24), (100, 30), (120, 40), (200, 50)]


def hints_text(r) -> str:
    content = r.screen.query_one(KeyHints).content
    return str(content.plain if hasattr(content, "plain") else content)


@pytest.mark.parametrize("size", SIZES)
async def test_help_and_quit_stay_in_the_key_hints_at_every_size(open_reader, size):
    async with open_reader(size=size) as r:
        await r.pilot.pause()
        hints = hints_text(r)
        assert "? Help" in hints and "q Quit" in hints and "^p palette" in hints
        assert cell_len(hints.rstrip()) <= size[0]
        assert "a Actor" in hints  # the least important go first, not the tag keys


async def test_a_narrow_screen_names_the_annotation_key_and_drops_lesser_ones(open_reader):
    async with open_reader(size=(80, 24)) as r:
        await r.pilot.pause()
        hints = hints_text(r)
        assert "A Annotations" in hints
        assert "V Sentence" not in hints


@pytest.mark.parametrize("size", SIZES)
async def test_A_opens_the_annotation_list_with_its_orphans_at_every_size(
    open_reader, sample_path, tmp_path, seed_store, size
):
    article, (lobos, noboa) = edited_copy(sample_path, tmp_path, seed_store)
    async with open_reader(article, size=size) as r:
        await r.pilot.pause()
        panel = r.screen.query_one(AnnotationPanel)
        await r.press("A")
        await r.pilot.pause()
        assert panel.display and r.app.focused is panel
        assert panel.region.width >= 36  # shown whole: beside the text, or in its place
        assert noboa.id in panel.orphan_ids
        # x in the list deletes the orphan: the list is for working, not only for looking
        await r.press_until("down", lambda: panel.highlighted_id == noboa.id, limit=30)
        await r.press("x")
        assert noboa.id not in {a.id for a in r.stored()}
        await r.press("escape")
        await r.pilot.pause()
        assert r.app.focused is r.view and r.view.display
        assert r.view.region.width > 0


async def test_enter_in_the_list_shown_in_place_goes_back_to_the_text_at_the_annotation(open_reader, seed_store):
    [tuesday] = seed_store([("Tuesday", "date")])
    async with open_reader(size=(80, 24)) as r:
        await r.pilot.pause()
        panel = r.screen.query_one(AnnotationPanel)
        assert not panel.display  # no room beside the text
        await r.press("A")
        await r.pilot.pause()
        assert panel.display and not r.view.display
        await r.press("down", "enter")
        await r.pilot.pause()
        assert r.view.display and not panel.display and r.app.focused is r.view
        assert r.selected_text == "Tuesday"


async def test_T_shows_the_contents_in_place_of_the_text_on_a_narrow_screen(open_reader):
    async with open_reader(size=(60, 20)) as r:
        await r.pilot.pause()
        toc = r.screen.query_one(TableOfContents)
        assert not toc.display
        await r.press("T")
        await r.pilot.pause()
        assert toc.display and r.app.focused is toc
        await r.press("G", "enter")  # G / g: the last / first row, as in the text
        await r.pilot.pause()
        assert r.view.section_index == len(r.document.sections) - 1
        assert r.view.display and not toc.display
        await r.press("T", "g", "j", "j", "enter")
        await r.pilot.pause()
        assert r.view.section_index == 2 and r.view.display and not toc.display


@pytest.mark.parametrize("size", [(60, 20), (80, 24)])
async def test_the_palette_finds_the_annotation_list(open_reader, size):
    async with open_reader(size=size) as r:
        await r.pilot.pause()
        await r.press("ctrl+p")
        assert isinstance(r.screen, CommandPalette)
        await r.type("annot")
        await r.pilot.pause(0.3)  # the palette searches in the background
        await r.press("enter")
        await r.pilot.pause()
        assert isinstance(r.screen, ReaderScreen)
        panel = r.screen.query_one(AnnotationPanel)
        assert panel.display and r.app.focused is panel


async def test_a_wide_screen_caps_the_text_and_gives_the_panels_the_rest(open_reader):
    async with open_reader(size=(200, 50)) as r:
        await r.pilot.pause()
        assert r.layout.width == DEFAULT_TEXT_WIDTH
        assert max(row.cell_width for row in r.layout.rows) <= DEFAULT_TEXT_WIDTH
        toc = r.screen.query_one(TableOfContents)
        panel = r.screen.query_one(AnnotationPanel)
        assert toc.display and panel.display
        # every contents title whole, none cut with an ellipsis
        lines = [toc.render_line(y).text for y in range(len(toc.titles))]
        assert all("…" not in line for line in lines), lines
        assert panel.region.width > 36
        assert toc.region.width + r.view.region.width + panel.region.width == 200


async def test_the_reading_measure_follows_the_config(make_app, data_dir):
    app = make_app()
    app.text_width = 70
    async with app.run_test(size=(200, 50)) as pilot:
        await pilot.pause()
        assert app.screen.view.text_layout.width == 70
    app.workspace.store.close()


@pytest.mark.parametrize("size", [(60, 20), (80, 24)])
async def test_every_export_choice_and_the_hint_are_on_screen(open_reader, size):
    from textual.widgets import RadioButton, Static

    from tui_reader.screens.export_dialog import ExportDialog

    async with open_reader(size=size) as r:
        await r.press("ctrl+e")
        await r.pilot.pause()
        dialog = r.screen
        assert isinstance(dialog, ExportDialog)
        screen_region = dialog.region
        shown = [*dialog.query(RadioButton), dialog.query_one(".hint", Static), dialog.query_one("#answer")]
        assert len(shown) == 7 + 2
        for widget in shown:
            assert widget.region.width and screen_region.contains_region(widget.region), widget


async def test_a_search_result_chosen_from_the_list_shown_in_place_shows_the_text(open_reader, seed_store):
    [tuesday] = seed_store([("Tuesday", "date")])
    async with open_reader(size=(80, 24)) as r:
        await r.pilot.pause()
        await r.press("A")
        await r.press("s")
        await r.type("tuesday")
        await r.settle()
        await r.press("enter")
        await r.pilot.pause()
        assert r.view.display and r.app.focused is r.view
        assert not r.screen.query_one(AnnotationPanel).display
        assert r.selected_text == "Tuesday"
