"""A copy of an annotated file never takes the original's annotations: they are taken
over only from a text that is nowhere any more, and copied when the user asks."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tui_reader.annotations import ORPHANED, REANCHORED
from tui_reader.cli import main
from tui_reader.document import load_document
from tui_reader.store import MAX_PATHS, Store
from tui_reader.workspace import Workspace

ROOT = Path(__file__).resolve().parents[2]
TEXT = (ROOT / "sample_docs" / "us-ecuador-joint-operations.txt").read_text(encoding="utf-8")
QUOTES = ["Francis L. Donovan", "Los Lobos", "Daniel Noboa"]


def open_ws(path: Path, data: Path) -> Workspace:
    return Workspace(load_document(path), Store(data))


def annotated_original(tmp_path: Path) -> tuple[Path, Path, list]:
    """The sample at original.txt with three actors; the store is closed again."""
    original = tmp_path / "original.txt"
    original.write_text(TEXT, encoding="utf-8")
    data = tmp_path / "data"
    ws = open_ws(original, data)
    anns = []
    for quote in QUOTES:
        i = TEXT.index(quote)
        anns.append(ws.tag(i, i + len(quote), "actor"))
    ws.set_note(anns[0].id, "the commander")
    ws.store.close()
    return original, data, ws.all_annotations


def copy_opened_then_edited(tmp_path: Path) -> tuple[Path, Path, Path, list]:
    """The issue's steps: the original copied, the copy opened (the same text, so the
    same document), then edited ("Los Lobos" renamed, so one annotation has no place)."""
    original, data, anns = annotated_original(tmp_path)
    copy = tmp_path / "copy.txt"
    shutil.copy(original, copy)
    ws = open_ws(copy, data)
    assert len(ws.annotations) == 3  # the same text: the same document, shared
    ws.store.close()
    copy.write_text("Draft.\n\n" + TEXT.replace("Los Lobos", "The Wolves"), encoding="utf-8")
    return original, copy, data, anns


def test_a_copy_opened_and_edited_never_takes_the_originals_annotations(tmp_path):
    original, copy, data, anns = copy_opened_then_edited(tmp_path)
    ws = open_ws(copy, data)
    assert ws.annotations == [] and ws.orphans == [] and ws.reanchored is None
    # the reader is told where they are and how to copy them
    [other] = ws.elsewhere
    assert other.path == str(original.resolve()) and other.count == 3
    [notice] = ws.notices()
    assert "stay with" in notice and "copy-annotations" in notice and "Copy annotations from original.txt" in notice
    ws.store.close()
    # the original keeps every one of them, untouched
    back = open_ws(original, data)
    assert [a.to_dict() for a in back.annotations] == [a.to_dict() for a in anns]
    assert back.notices() == []


def test_an_original_edited_in_place_keeps_its_annotations_while_a_copy_still_holds_the_text(tmp_path):
    original, data, anns = annotated_original(tmp_path)
    copy = tmp_path / "copy.txt"
    shutil.copy(original, copy)
    open_ws(copy, data).store.close()
    original.write_text(TEXT + "\nCorrection appended.\n", encoding="utf-8")
    ws = open_ws(original, data)
    assert ws.annotations == [] and [e.path for e in ws.elsewhere] == [str(copy.resolve())]
    ws.store.close()
    assert len(open_ws(copy, data).annotations) == 3


def test_an_edited_file_whose_old_text_is_nowhere_still_takes_its_annotations(tmp_path):
    original, copy, data, anns = copy_opened_then_edited(tmp_path)
    original.unlink()  # the old text is gone from every path it was seen at
    ws = open_ws(copy, data)
    assert ws.reanchored is not None and ws.reanchored.summary() == "0 kept, 2 moved, 0 fuzzy, 1 orphaned"
    assert ws.elsewhere == []


def test_copying_places_copies_keeps_the_original_undoes_and_adds_nothing_twice(tmp_path):
    original, copy, data, anns = copy_opened_then_edited(tmp_path)
    ws = open_ws(copy, data)
    added, report, skipped = ws.copy_from(ws.elsewhere[0].id)
    assert len(added) == 3 and skipped == 0
    assert report.summary() == "0 kept, 2 moved, 0 fuzzy, 1 orphaned"
    by_quote = {a.quote: a for a in ws.all_annotations}
    donovan = by_quote["Francis L. Donovan"]
    assert donovan.status == REANCHORED and donovan.note == "the commander"
    assert ws.document.text[donovan.start : donovan.end] == "Francis L. Donovan"
    assert by_quote["Los Lobos"].status == ORPHANED
    # copies have ids of their own; the original's file is untouched
    assert not {a.id for a in added} & {a.id for a in anns}
    with Store(data) as store:
        assert {a.id for a in store.annotations(anns[0].document)} == {a.id for a in anns}
        assert len(store.annotations(ws.document.id)) == 3
    assert ws.copy_from(ws.elsewhere[0].id)[0] == []  # again: nothing new
    ws.undo()
    assert ws.all_annotations == []


def test_the_catalogue_remembers_each_path_of_a_text_up_to_a_limit(tmp_path):
    data = tmp_path / "data"
    with Store(data) as store:
        doc_id = "a" * 64
        for i in range(MAX_PATHS + 5):
            store.remember_document(doc_id, f"/copies/{i}.txt", "T", 1)
        record = store.document_record(doc_id)
    assert record["path"] == f"/copies/{MAX_PATHS + 4}.txt"
    assert record["paths"][0] == record["path"] and len(record["paths"]) == MAX_PATHS


def test_cli_list_of_the_original_after_a_copy_was_edited_and_copy_annotations(tmp_path, capsys):
    original, copy, data, anns = copy_opened_then_edited(tmp_path)
    d = ["--data-dir", str(data)]
    assert main(["list", str(copy), *d]) == 0
    out, err = capsys.readouterr()
    assert "No annotations yet" in out and "copy-annotations" in err
    assert main(["list", str(original), "--json", *d]) == 0
    assert sorted(r["quote"] for r in json.loads(capsys.readouterr()[0])) == sorted(QUOTES)

    assert main(["copy-annotations", str(original), str(copy), *d]) == 0
    out, _ = capsys.readouterr()
    assert out.startswith("Copied 3 annotations from") and "2 moved" in out
    assert main(["copy-annotations", str(original), str(copy), *d]) == 0
    assert "Copied 0 annotations" in capsys.readouterr()[0]
    assert main(["list", str(copy), "--json", *d]) == 0
    assert len(json.loads(capsys.readouterr()[0])) == 3
    assert main(["list", str(original), "--json", *d]) == 0
    assert len(json.loads(capsys.readouterr()[0])) == 3
    # the same text at both paths: nothing to copy, said in one line
    assert main(["copy-annotations", str(original), str(original), *d]) == 2
    assert "hold the same text" in capsys.readouterr()[1]
