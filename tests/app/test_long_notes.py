"""A long note is read whole: in the note editor (wrapped, several lines) and under the
annotation highlighted in the panel."""

from __future__ import annotations

from tui_reader.screens.note_dialogs import NoteArea, NoteDialog
from tui_reader.screens.reader import ReaderScreen
from tui_reader.widgets.panels import AnnotationPanel

from test_flows import walk_to_word

LONG = (
    "Which Tuesday? The Pentagon release is dated Monday but the briefing was Wednesday; "
    "check the date against the Ecuadorian defence ministry's own statement and ask the "
    "press office which day the operations actually began before we print it. END"
)


def panel_text(panel: AnnotationPanel) -> str:
    """What the panel shows, its rows joined (each row as drawn, ellipsis and all)."""
    rows = [panel.render_line(y).text.strip() for y in range(panel.size.height)]
    return " ".join(row for row in rows if row)


async def test_the_note_editor_shows_a_long_note_whole_and_ctrl_j_starts_a_line(open_reader, seed_store):
    seed_store([("Pentagon", "actor")], note=LONG)
    async with open_reader(size=(100, 30)) as r:
        await walk_to_word(r, "Pentagon")
        await r.press("e")
        await r.pilot.pause()
        dialog = r.screen
        assert isinstance(dialog, NoteDialog)
        area = dialog.query_one(NoteArea)
        # wrapped over several lines, every one of them in view
        assert area.wrapped_document.height >= 3
        assert area.content_size.height >= area.wrapped_document.height
        assert area.text == LONG
        await r.press("ctrl+j")
        await r.type("Asked")
        await r.press("enter")
        assert isinstance(r.screen, ReaderScreen)
        [ann] = r.stored()
        assert ann.note == LONG + "\nAsked"
        await r.press("e")  # its lines shown as lines
        await r.pilot.pause()
        area = r.screen.query_one(NoteArea)
        assert area.content_size.height >= area.wrapped_document.height >= 4


async def test_the_panel_shows_the_highlighted_annotations_whole_note(open_reader, seed_store):
    seed_store([("Pentagon", "actor")], note=LONG)
    async with open_reader(size=(120, 40)) as r:
        panel = r.screen.query_one(AnnotationPanel)
        assert "END" not in panel_text(panel)  # a note not highlighted: its start only
        await r.press("A")  # highlights the first
        await r.pilot.pause()
        shown = panel_text(panel)
        assert " ".join(LONG.split()) in " ".join(shown.replace("✎", "").split())


async def test_the_conflict_dialog_shows_the_other_windows_note_whole(open_reader, seed_store, data_dir, sample_path):
    from textual.widgets import Static

    from tui_reader.screens.note_dialogs import NoteRescue

    from test_notes_and_windows import dialog_error, other_window

    [ann] = seed_store([("Pentagon", "actor")])
    theirs = LONG + " [see the wire copy]"
    async with open_reader(size=(100, 30)) as r:
        await walk_to_word(r, "Pentagon")
        await r.press("e")
        await r.type("mine")
        other_window(data_dir, sample_path).set_note(ann.id, theirs)
        r.screen.app.screen_stack[-2]._pick_up_outside_changes()  # the 2-second poll
        assert theirs in dialog_error(r)  # the open editor says so, whole
        await r.press("enter")
        assert isinstance(r.screen, NoteRescue)
        await r.pilot.pause()
        shown = r.screen.query_one("#theirs", Static)
        assert str(shown.content) == f"“{theirs}”"
        assert shown.size.height >= 3  # wrapped, not cut
        assert r.stored()[0].note == theirs


async def test_a_very_long_note_in_the_conflict_dialog_leaves_the_choices_in_view(open_reader, seed_store, data_dir, sample_path):
    from textual.widgets import Static

    from tui_reader.screens.note_dialogs import NoteRescue

    from test_notes_and_windows import other_window

    [ann] = seed_store([("Pentagon", "actor")])
    async with open_reader(size=(80, 24)) as r:
        await walk_to_word(r, "Pentagon")
        await r.press("e")
        await r.type("mine")
        other_window(data_dir, sample_path).set_note(ann.id, LONG * 4)
        await r.press("enter")
        assert isinstance(r.screen, NoteRescue)
        await r.pilot.pause()
        choices = r.screen.query_one(".hint", Static)
        assert choices.region.bottom <= 24 and choices.region.height >= 4  # every choice on screen
