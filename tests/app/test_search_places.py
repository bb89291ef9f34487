"""The search dialog tells apart documents of one title and marks orphaned annotations."""

from __future__ import annotations

from textual.widgets import OptionList

from tui_reader.annotations import ORPHANED
from tui_reader.screens.search import SearchScreen
from tui_reader.store import Store

TEXT = "Minutes of the Board\nThe chairman Hieronymus Bosch opened the meeting{}.\n"


async def test_all_documents_search_names_each_file_and_marks_orphans(open_reader, seed_store, data_dir, tmp_path):
    paths = []
    for folder, tail in (("desk", ""), ("archive", " late")):
        path = tmp_path / folder / "minutes.txt"
        path.parent.mkdir()
        path.write_text(TEXT.format(tail), "utf-8")
        paths.append(path)
        seed_store([("Hieronymus Bosch", "actor")], path)
    [orphan] = seed_store([("chairman", "actor")], paths[1])
    with Store(data_dir) as store:
        store.update(orphan.with_changes(status=ORPHANED))
    async with open_reader() as r:
        await r.press("s")
        screen = r.screen
        assert isinstance(screen, SearchScreen)
        await r.type("bosch")
        await r.press("ctrl+t")
        await r.settle()
        results = screen.query_one("#results", OptionList)
        labels = sorted(str(results.get_option_at_index(i).prompt) for i in range(results.option_count))
        assert len(labels) == 2
        assert "desk/minutes.txt" in labels[1] and "archive/minutes.txt" in labels[0]
        for _ in "bosch":
            await r.press("backspace")
        await r.type("chairman")
        await r.settle()
        [label] = [str(results.get_option_at_index(i).prompt) for i in range(results.option_count)]
        assert label.startswith(" actor  [orphaned] chairman")
