"""In the reader: a copy of an annotated file opened after an edit says where the
original's annotations are, and the command palette copies them (u undoes)."""

from __future__ import annotations

import shutil

from textual.command import CommandPalette

from tui_reader.document import load_document
from tui_reader.screens.reader import ReaderScreen


async def test_the_palette_copies_the_originals_annotations_into_an_edited_copy(open_reader, seed_store, data_dir, sample_path, tmp_path):
    original = tmp_path / "original.txt"
    shutil.copy(sample_path, original)
    seeded = seed_store(path=original, spans=[("Francis L. Donovan", "actor"), ("Daniel Noboa", "actor")])
    copy = tmp_path / "copy.txt"
    shutil.copy(original, copy)
    seed_store([], path=copy)  # opened once: the same text, so the same document
    copy.write_text("Draft.\n\n" + original.read_text(encoding="utf-8"), encoding="utf-8")

    async with open_reader(copy) as r:
        assert r.app.workspace.all_annotations == []
        assert r.noticed("stay with") and r.noticed("Copy annotations from original.txt")
        await r.press("ctrl+p")
        assert isinstance(r.screen, CommandPalette)
        await r.type("Copy annotations from")
        await r.pilot.pause(0.3)  # the palette searches in the background
        await r.press("enter")
        await r.pilot.pause()
        assert isinstance(r.screen, ReaderScreen)
        assert r.noticed("Copied 2 annotations")
        copies = r.stored()
        assert sorted(a.quote for a in copies) == ["Daniel Noboa", "Francis L. Donovan"]
        assert all(r.text[a.start : a.end] == a.quote for a in copies)
        # the original keeps its own
        assert {a.id for a in r.stored(load_document(original).id)} == {a.id for a in seeded}
        await r.press("u")
        assert r.stored() == []
