"""Opening an article that changed since it was annotated: the summary, the orphans in
the annotation panel, attaching an orphan to chosen words, deleting one."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

from tui_reader.annotations import ANCHORED, ORPHANED, REANCHORED
from tui_reader.screens.dialogs import FindDialog
from tui_reader.screens.reader import ReaderScreen
from tui_reader.widgets.panels import AnnotationPanel
from tui_reader.widgets.reader_view import ReaderView
from tui_reader.workspace import Workspace

DONOVAN = "Francis L. Donovan"


def edited_copy(sample_path: Path, tmp_path: Path, seed_store):
    """The sample, annotated, then edited: a note added at the top (everything moves)
    and the sentence naming Daniel Noboa deleted (his annotation loses its words)."""
    article = tmp_path / "article.txt"
    shutil.copyfile(sample_path, article)
    anns = seed_store([(DONOVAN, "actor"), ("Los Lobos", "actor"), ("Daniel Noboa", "actor")], path=article)
    text = article.read_text(encoding="utf-8")
    line_start = text.rfind("\n", 0, text.index("Daniel Noboa")) + 1
    line_end = text.index("\n", line_start) + 1
    article.write_text("Editor's note: figures updated.\n\n" + text[:line_start] + text[line_end:], encoding="utf-8")
    return article, anns


async def focus_panel_row(r, ann_id: str) -> AnnotationPanel:
    panel = r.screen.query_one(AnnotationPanel)
    await r.press_until("tab", lambda: r.app.focused is panel, limit=3)
    await r.press_until("down", lambda: panel.highlighted_id == ann_id, limit=30)
    return panel


async def test_an_edited_article_says_what_moved_and_lists_its_orphan(open_reader, sample_path, tmp_path, seed_store):
    article, (donovan, lobos, noboa) = edited_copy(sample_path, tmp_path, seed_store)
    async with open_reader(article) as r:
        assert r.noticed("The text changed since these annotations were made: 0 kept, 2 moved, 0 fuzzy, 1 orphaned")
        stored = {a.id: a for a in r.stored()}
        assert stored[donovan.id].status == REANCHORED
        assert r.text[stored[donovan.id].start : stored[donovan.id].end] == DONOVAN
        assert stored[noboa.id].status == ORPHANED and stored[noboa.id].quote == "Daniel Noboa"
        # the orphan is listed at the foot of the panel in every section, never drawn in the text
        panel = r.screen.query_one(AnnotationPanel)
        for _ in range(2):
            assert noboa.id in panel.orphan_ids
            assert any("Orphaned (1)" in str(item.prompt) for item in panel.items)
            await r.press("right_square_bracket")
        assert noboa.id not in {a.id for a in r.app.workspace.annotations}
        # enter on it says what it is and how to attach it
        await focus_panel_row(r, noboa.id)
        await r.press("enter")
        assert r.noticed("Orphaned actor “Daniel Noboa”")
        assert isinstance(r.app.focused, AnnotationPanel)


async def test_r_attaches_the_chosen_orphan_to_the_selection_and_u_undoes_it(open_reader, sample_path, tmp_path, seed_store):
    article, (_, _, noboa) = edited_copy(sample_path, tmp_path, seed_store)
    async with open_reader(article) as r:
        await focus_panel_row(r, noboa.id)
        # back to the text, find the words it belongs to now (selected), press r
        await r.press_until("tab", lambda: isinstance(r.app.focused, ReaderView), limit=3)
        await r.press("slash")
        assert isinstance(r.screen, FindDialog)
        await r.press("ctrl+u")
        await r.type("Los Choneros")
        await r.press("enter")
        await r.settle()
        assert isinstance(r.screen, ReaderScreen) and r.selected_text == "Los Choneros"
        await r.press("r")
        (attached,) = [a for a in r.stored() if a.id == noboa.id]
        assert attached.status == ANCHORED
        assert attached.quote == "Los Choneros" == r.text[attached.start : attached.end]
        assert attached.old_quote == "Daniel Noboa"
        assert r.told("Attached the orphaned actor “Daniel Noboa” to “Los Choneros”")
        assert r.app.workspace.orphans == []
        assert attached.id in {a.id for a in r.app.workspace.at(attached.start)}
        await r.press("u")
        (back,) = [a for a in r.stored() if a.id == noboa.id]
        assert back.status == ORPHANED and back.quote == "Daniel Noboa"


async def test_x_in_the_panel_deletes_the_orphan_it_is_on(open_reader, sample_path, tmp_path, seed_store):
    article, (_, _, noboa) = edited_copy(sample_path, tmp_path, seed_store)
    async with open_reader(article) as r:
        await focus_panel_row(r, noboa.id)
        await r.press("x")
        assert noboa.id not in {a.id for a in r.stored()}
        assert len(r.stored()) == 2  # the others are untouched
        panel = r.screen.query_one(AnnotationPanel)
        assert not panel.orphan_ids
        await r.press("u")
        assert noboa.id in {a.id for a in r.stored()}


async def test_r_with_no_orphans_says_so(open_reader):
    async with open_reader() as r:
        await r.press("r")
        assert r.noticed("No orphaned annotations in this document")


async def test_the_orphan_chosen_stays_chosen_across_sections(open_reader, sample_path, tmp_path, seed_store):
    article = tmp_path / "article.txt"
    shutil.copyfile(sample_path, article)
    noboa, choneros = seed_store([("Daniel Noboa", "actor"), ("Los Choneros", "actor")], path=article)
    text = article.read_text(encoding="utf-8")
    for quote in ("Daniel Noboa", "Los Choneros"):  # delete the line each stands in
        start = text.rfind("\n", 0, text.index(quote)) + 1
        text = text[:start] + text[text.index("\n", start) + 1 :]
    article.write_text(text, encoding="utf-8")
    async with open_reader(article) as r:
        assert {o.id for o in r.app.workspace.orphans} == {noboa.id, choneros.id}
        panel = await focus_panel_row(r, choneros.id)
        await r.press_until("tab", lambda: isinstance(r.app.focused, ReaderView), limit=3)
        for _ in range(3):  # elsewhere: the panel is redrawn for other sections
            await r.press("right_square_bracket")
        assert panel.highlighted_id == choneros.id
        await r.press("slash", "ctrl+u")
        await r.type("armed forces")
        await r.press("enter")
        await r.settle()
        await r.press("r")
        (attached,) = [a for a in r.stored() if a.id == choneros.id]
        assert attached.quote == "armed forces" and attached.old_quote == "Los Choneros"
        assert [o.id for o in r.app.workspace.orphans] == [noboa.id]
        assert r.told("Attached the orphaned actor “Los Choneros” to “armed forces”")


async def test_the_panel_keys_step_over_the_orphans_heading(open_reader, sample_path, tmp_path, seed_store):
    article, (donovan, _, noboa) = edited_copy(sample_path, tmp_path, seed_store)
    async with open_reader(article) as r:
        r.app.screen.select_annotation(donovan.id)  # its section: one annotation, then the orphans
        await r.pilot.pause()
        panel = r.screen.query_one(AnnotationPanel)
        assert [item.id for item in panel.items] == [donovan.id, None, noboa.id]
        await r.press_until("tab", lambda: r.app.focused is panel, limit=3)
        await r.press("down")
        assert panel.highlighted_id == donovan.id
        await r.press("down")  # not onto the heading: one key, the next annotation
        assert panel.highlighted_id == noboa.id
        await r.press("up")
        assert panel.highlighted_id == donovan.id


async def test_re_attaching_runs_after_the_first_frame_and_a_tag_made_meanwhile_is_kept(
    open_reader, sample_path, tmp_path, seed_store, monkeypatch
):
    """As the app opens a file (tui-reader PATH): the earlier version's annotations are
    placed on a thread after the screen is up, with a progress line; the reader can tag
    meanwhile, and both the tag and the re-attached annotations end up stored."""
    article, (donovan, lobos, noboa) = edited_copy(sample_path, tmp_path, seed_store)
    started, gate = threading.Event(), threading.Event()
    place = Workspace.place_earlier_versions

    def held(self, progress=None):
        def step(done, total):
            if progress is not None:
                progress(done, total)
            started.set()
            gate.wait(10)  # held until the test has tagged a word

        return place(self, step)

    monkeypatch.setattr(Workspace, "place_earlier_versions", held)
    # as cli.run_app opens it: opening must not wait for the annotations to be placed
    async with open_reader(article, reanchor=False) as r:
        for _ in range(100):
            if started.is_set():
                break
            await r.pilot.pause(0.02)
        assert started.is_set() and not gate.is_set()
        # the screen is up while the annotations are being placed, and says so
        assert isinstance(r.screen, ReaderScreen)
        await r.pilot.pause()
        assert "Re-attaching the annotations of an earlier version: 0 / 3" in r.status
        await r.press("a")  # the word under the cursor, tagged while they are placed
        (tagged,) = r.app.workspace.annotations
        assert tagged.tag == "actor" and tagged.id in {a.id for a in r.stored()}
        gate.set()
        await r.settle()
        await r.pilot.pause(0.05)
        assert r.noticed("The text changed since these annotations were made: 0 kept, 2 moved, 0 fuzzy, 1 orphaned")
        assert "earlier version" not in r.status
        stored = {a.id: a for a in r.stored()}
        assert set(stored) == {tagged.id, donovan.id, lobos.id, noboa.id}
        assert stored[donovan.id].status == REANCHORED
        assert r.text[stored[donovan.id].start : stored[donovan.id].end] == DONOVAN
        assert {a.id for a in r.app.workspace.annotations} == {tagged.id, donovan.id, lobos.id}
        assert [o.id for o in r.app.workspace.orphans] == [noboa.id]
        # the old document keeps nothing: the annotations moved, none was copied or lost
        assert r.stored(donovan.document) == []
