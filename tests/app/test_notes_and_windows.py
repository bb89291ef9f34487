"""Keys that must never lose what the reader typed or where they were (issue 10, items 7
and 8): e always opens the note editor, a note meets another window's change, the export
dialog keeps a wrong path, escape after find, and reopening where the reader left off.

Another window is another tui-reader on the same data folder: here, a Workspace on a
Store of its own, which changes the files as that process would.
"""

from __future__ import annotations

import json

from textual.widgets import Input, Static

from tui_reader.document import load_document
from tui_reader.positions import ReadingPositions
from tui_reader.screens.export_dialog import ExportDialog
from tui_reader.screens.note_dialogs import NoteDialog, NoteRescue
from tui_reader.screens.reader import ReaderScreen
from tui_reader.store import Store
from tui_reader.workspace import Workspace

from test_flows import DONOVAN, find, walk_to, walk_to_word


def other_window(data_dir, sample_path) -> Workspace:
    """A second tui-reader on the same document and data folder."""
    return Workspace(load_document(sample_path), Store(data_dir))


def dialog_error(r) -> str:
    return str(r.screen.query_one("#error", Static).content)


# -- e always opens the note editor ------------------------------------------------------


async def test_e_on_a_word_with_no_annotation_asks_the_tag_and_saves_both_as_one_change(open_reader):
    async with open_reader() as r:
        start = await walk_to_word(r, "Pentagon")
        await r.press("e")
        assert isinstance(r.screen, NoteDialog)
        await r.type("denied by the defence ministry")  # a d, a c, an a: all text, no tag
        assert r.screen.query_one("#answer").value == "denied by the defence ministry"
        assert r.stored() == []
        await r.press("enter")  # no tag chosen yet: the dialog asks for it, keeping the text
        assert isinstance(r.screen, NoteDialog) and "Choose the tag" in dialog_error(r)
        await r.press("tab", "c", "enter")
        assert isinstance(r.screen, ReaderScreen)
        [ann] = r.stored()
        assert (ann.quote, ann.tag, ann.note, ann.start) == ("Pentagon", "claim", "denied by the defence ministry", start)
        assert "note: denied by the defence ministry" in r.status
        await r.press("u")  # one change: the annotation and its note go together
        assert r.stored() == []


async def test_escape_in_the_new_note_editor_discards_it_and_nothing_is_tagged(open_reader):
    async with open_reader() as r:
        await walk_to_word(r, "Pentagon")
        await r.press("e")
        await r.type("draft")
        await r.press("tab", "a", "escape")
        assert isinstance(r.screen, ReaderScreen)
        assert r.stored() == []


async def test_e_on_a_selection_notes_the_selection_and_on_a_found_annotation_edits_it(open_reader, seed_store):
    [ann] = seed_store([(DONOVAN, "actor")], note="commander")
    async with open_reader() as r:
        await find(r, DONOVAN)  # the match is the annotation's words: e edits its note
        await r.press("e")
        assert isinstance(r.screen, NoteDialog) and r.screen.query_one("#answer").value == "commander"
        await r.type(" of Southcom")
        await r.press("enter")
        [stored] = r.stored()
        assert stored.id == ann.id and stored.note == "commander of Southcom"
        await find(r, "two nations")  # other words: a new annotation on the selection
        await r.press("e")
        assert r.screen.query_one("#answer").value == ""
        await r.type("which two?")
        await r.press("tab", "right", "enter")  # the arrows choose the tag too
        new = next(a for a in r.stored() if a.id != ann.id)
        assert (new.quote, new.note) == ("two nations", "which two?")


async def test_e_with_nothing_under_the_cursor_keeps_the_note_for_the_next_words(open_reader):
    async with open_reader() as r:
        space = r.text.index("made Tuesday") + len("made")
        assert r.text[space] == " "
        await walk_to(r, space)
        await r.press("e")
        assert isinstance(r.screen, NoteDialog)
        assert "no word or selection here" in dialog_error(r).lower()
        await r.type("check the date")  # still text, not commands
        await r.press("enter")
        assert isinstance(r.screen, ReaderScreen) and r.stored() == []
        assert "NOTE KEPT" in r.status and "check the date" in r.status
        await r.press("w", "e")  # on a word: the kept note is in the field
        assert r.screen.query_one("#answer").value == "check the date"
        await r.press("tab", "d", "enter")
        [ann] = r.stored()
        assert (ann.tag, ann.note) == ("date", "check the date")
        assert "NOTE KEPT" not in r.status


# -- a note meets another window's change ------------------------------------------------


async def test_a_note_on_an_annotation_deleted_in_another_window_can_be_put_back(open_reader, seed_store, data_dir, sample_path):
    [ann] = seed_store([("Pentagon", "actor")], note="first")
    async with open_reader() as r:
        await walk_to_word(r, "Pentagon")
        await r.press("e")
        await r.type(", then denied")
        other_window(data_dir, sample_path).delete(ann.id)
        await r.press("enter")
        assert isinstance(r.screen, NoteRescue)
        shown = " ".join(str(w.content) for w in r.screen.query(Static))
        assert "deleted in another tui-reader" in shown and "first, then denied" in shown
        assert r.stored() == []
        await r.press("r")
        assert isinstance(r.screen, ReaderScreen)
        [back] = r.stored()
        assert (back.id, back.quote, back.tag, back.note) == (ann.id, "Pentagon", "actor", "first, then denied")


async def test_the_open_note_editor_says_when_another_window_deleted_its_annotation(open_reader, seed_store, data_dir, sample_path, clipboard):
    [ann] = seed_store([("Pentagon", "actor")])
    async with open_reader() as r:
        reader = r.screen
        await walk_to_word(r, "Pentagon")
        await r.press("e")
        await r.type("source: Reuters")
        other_window(data_dir, sample_path).delete(ann.id)
        reader._pick_up_outside_changes()  # the 2-second poll
        assert "Deleted in another tui-reader" in dialog_error(r)
        assert r.screen.query_one("#answer").value == "source: Reuters"
        await r.press("enter")
        assert isinstance(r.screen, NoteRescue)
        await r.press("y")
        assert clipboard == ["source: Reuters"] and r.noticed("Copied your note")


async def test_a_note_on_an_annotation_changed_in_another_window_is_not_written_over_theirs(open_reader, seed_store, data_dir, sample_path):
    [ann] = seed_store([("Pentagon", "actor")])
    async with open_reader() as r:
        await walk_to_word(r, "Pentagon")
        await r.press("e")
        await r.type("mine")
        other_window(data_dir, sample_path).set_note(ann.id, "theirs")
        await r.press("enter")
        assert isinstance(r.screen, NoteRescue)
        assert r.stored()[0].note == "theirs"  # nothing written over their change
        shown = " ".join(str(w.content) for w in r.screen.query(Static))
        assert "changed in another tui-reader" in shown and "theirs" in shown
        await r.press("s")  # keep it for other words
        assert isinstance(r.screen, ReaderScreen) and "NOTE KEPT" in r.status
        await walk_to_word(r, "Tuesday")
        await r.press("e")
        assert r.screen.query_one("#answer").value == "mine"
        await r.press("tab", "d", "enter")
        notes = sorted((a.quote, a.note) for a in r.stored())
        assert notes == [("Pentagon", "theirs"), ("Tuesday", "mine")]


async def test_r_saves_the_note_on_the_annotation_as_the_other_window_left_it(open_reader, seed_store, data_dir, sample_path):
    [ann] = seed_store([("Pentagon", "actor")])
    async with open_reader() as r:
        await walk_to_word(r, "Pentagon")
        await r.press("e")
        await r.type("mine")
        other_window(data_dir, sample_path).set_note(ann.id, "theirs")
        r.screen.app.screen_stack[-2]._pick_up_outside_changes()  # reloaded before enter
        assert "Changed in another tui-reader" in dialog_error(r) and "theirs" in dialog_error(r)
        await r.press("enter")
        assert isinstance(r.screen, NoteRescue) and r.stored()[0].note == "theirs"
        await r.press("r")
        [stored] = r.stored()
        assert stored.note == "mine" and isinstance(r.screen, ReaderScreen)


# -- export to a folder that does not exist ---------------------------------------------


async def test_export_to_a_missing_folder_keeps_the_dialog_and_the_path(open_reader, seed_store, tmp_path):
    seed_store([("Pentagon", "actor")])
    wrong = str(tmp_path / "no-such-folder" / "notes.json")
    async with open_reader() as r:
        await r.press("ctrl+e", "ctrl+u")
        await r.paste(wrong)
        await r.press("enter")
        assert isinstance(r.screen, ExportDialog)
        assert r.screen.query_one("#answer").value == wrong
        assert "does not exist" in dialog_error(r)
        (tmp_path / "no-such-folder").mkdir()
        await r.press("enter")
        assert isinstance(r.screen, ReaderScreen)
        assert json.loads((tmp_path / "no-such-folder" / "notes.json").read_text())["documents"]


# -- escape after find -------------------------------------------------------------------


async def test_escape_after_find_leaves_the_cursor_at_the_start_of_the_match(open_reader):
    async with open_reader() as r:
        await find(r, "Donovan")
        start = r.text.index("Donovan")
        await r.press("escape")
        assert r.view.selection is None and r.view.cursor == start
        await r.press("v", "w", "w", "a")
        [ann] = r.stored()
        assert ann.start == start and ann.quote.startswith("Donovan")


# -- reopening where the reader left off --------------------------------------------------


async def test_reopening_a_document_goes_back_to_where_the_reader_left_it(open_reader, data_dir, sample_path):
    async with open_reader() as r:
        await r.press("right_square_bracket", "right_square_bracket", "right_square_bracket")
        await walk_to_word(r, "the")
        where, section = r.view.cursor, r.view.section_index
        assert section == 3
    async with open_reader() as r:
        assert (r.view.section_index, r.view.cursor) == (section, where)
        assert r.sub_title.startswith("section 4 / 16")


async def test_a_stale_or_damaged_position_never_stops_the_document_opening(open_reader, data_dir, sample_path):
    doc = load_document(sample_path)
    record = ReadingPositions(data_dir).path_of(doc)
    record.parent.mkdir(parents=True)
    record.write_text(json.dumps({"path": doc.path, "offset": 10**9}))
    async with open_reader() as r:  # beyond the text: clamped to its end
        assert r.view.section_index == len(doc.sections) - 1
    record.write_bytes(b'{"path": "' + b"9" * 5000)
    async with open_reader() as r:
        assert r.view.cursor == 0 and r.view.section_index == 0
