"""The reader's actions on one document, with no app: each durable when it returns."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui_reader.document import load_document
from tui_reader.store import Store, StoreError
from tui_reader.workspace import Workspace, WorkspaceError

SAMPLE = Path(__file__).resolve().parents[2] / "sample_docs" / "us-ecuador-joint-operations.txt"


@pytest.fixture
def ws(tmp_path):
    return Workspace(load_document(SAMPLE), Store(tmp_path / "data"))


def stored(ws: Workspace, tmp_path: Path):
    """What a fresh process would read back."""
    return Store(tmp_path / "data").annotations(ws.document.id)


def span_of(ws: Workspace, words: str) -> tuple[int, int]:
    i = ws.document.text.index(words)
    return i, i + len(words)


def test_tag_is_on_disk_when_it_returns(ws, tmp_path):
    start, end = span_of(ws, "Francis L. Donovan")
    ann = ws.tag(start, end, "actor")
    [back] = stored(ws, tmp_path)
    assert back == ann
    assert ws.document.text[back.start : back.end] == back.quote == "Francis L. Donovan"
    assert back.section == "Military Leaders Praise Ecuador’s Forces"
    assert back.created.endswith("Z") and back.modified == back.created
    assert len(back.prefix) == 32 and ws.document.text[start - 32 : start] == back.prefix


def test_a_selection_is_trimmed_of_white_space(ws):
    start, end = span_of(ws, " Los Lobos ")
    ann = ws.tag(start, end, "actor")
    assert ann.quote == "Los Lobos"


def test_same_span_and_tag_twice_is_refused_but_another_tag_overlaps(ws):
    start, end = span_of(ws, "last September")
    ws.tag(start, end, "date")
    with pytest.raises(WorkspaceError, match="already tagged"):
        ws.tag(start, end, "date")
    ws.tag(start, end, "claim")
    assert len(ws.annotations) == 2


def test_undo_and_redo_reach_the_disk(ws, tmp_path):
    start, end = span_of(ws, "Daniel Noboa")
    ann = ws.tag(start, end, "actor")
    ws.undo()
    assert stored(ws, tmp_path) == [] and ws.annotations == []
    ws.redo()
    assert stored(ws, tmp_path) == [ann]
    ws.delete(ann.id)
    assert stored(ws, tmp_path) == []
    ws.undo()
    assert [a.id for a in stored(ws, tmp_path)] == [ann.id]
    ws.redo()  # deletes it again
    assert stored(ws, tmp_path) == []
    ws.undo()  # the delete, then the tag itself
    ws.undo()
    assert stored(ws, tmp_path) == []
    with pytest.raises(WorkspaceError, match="nothing to undo"):
        ws.undo()


def test_note_edit_and_its_undo(ws, tmp_path):
    start, end = span_of(ws, "151 individuals")
    ann = ws.tag(start, end, "claim")
    ws.set_note(ann.id, "  check the count against the Pentagon's figure ")
    [back] = stored(ws, tmp_path)
    assert back.note == "check the count against the Pentagon's figure"
    assert back.id == ann.id and back.modified >= back.created
    ws.undo()
    assert stored(ws, tmp_path)[0].note == ""


def test_innermost_annotation_first_and_section_counts(ws):
    s1, e1 = span_of(ws, "General Francis L. Donovan, the commander of U.S. Southern Command")
    s2, e2 = span_of(ws, "Francis L. Donovan")
    outer = ws.tag(s1, e1, "claim")
    inner = ws.tag(s2, e2, "actor")
    assert [a.id for a in ws.at(s2 + 1)] == [inner.id, outer.id]
    assert [a.id for a in ws.at(s1)] == [outer.id]
    counts = ws.section_counts()
    assert counts[5] == 2 and sum(counts) == 2


def test_a_failed_write_changes_nothing(ws, tmp_path, monkeypatch):
    start, end = span_of(ws, "Los Choneros")
    ws.tag(start, end, "actor")

    def refuse(*args, **kwargs):
        raise StoreError("cannot save annotations: No space left on device")

    monkeypatch.setattr(ws.store, "apply", refuse)
    with pytest.raises(StoreError):
        ws.tag(*span_of(ws, "Los Lobos"), "actor")
    assert [a.quote for a in ws.annotations] == ["Los Choneros"]
    monkeypatch.undo()
    assert [a.quote for a in stored(ws, tmp_path)] == ["Los Choneros"]


def test_two_windows_on_one_store_see_each_other_and_lose_nothing(tmp_path):
    doc = load_document(SAMPLE)
    a = Workspace(doc, Store(tmp_path / "data"))
    b = Workspace(doc, Store(tmp_path / "data"))
    ann_a = a.tag(*span_of(a, "Los Lobos"), "actor")
    ann_b = b.tag(*span_of(b, "Los Choneros"), "actor")  # b's write keeps a's annotation
    assert {x.id for x in b.annotations} == {ann_a.id, ann_b.id}
    assert a.reload_if_changed() is True  # a picks up b's change from the file
    assert {x.id for x in a.annotations} == {ann_a.id, ann_b.id}
    assert a.reload_if_changed() is False
    assert {x.id for x in stored(a, tmp_path)} == {ann_a.id, ann_b.id}


def test_a_damaged_annotation_file_opens_read_only_and_is_never_overwritten(tmp_path):
    doc = load_document(SAMPLE)
    store = Store(tmp_path / "data")
    Workspace(doc, store).tag(*span_of(Workspace(doc, store), "Los Lobos"), "actor")
    path = store.document_path(doc.id)
    path.write_bytes(b'{"annotations": {"1": {"id": "x", "start": ')  # truncated by a crash
    before = path.read_bytes()
    ws = Workspace(doc, Store(tmp_path / "data"))
    assert ws.damage_error is not None and str(path) in str(ws.damage_error)
    with pytest.raises(WorkspaceError, match="read-only"):
        ws.tag(*span_of(ws, "Los Choneros"), "actor")
    assert path.read_bytes() == before


def test_the_library_index_follows_every_change(tmp_path):
    doc = load_document(SAMPLE)
    ws = Workspace(doc, Store(tmp_path / "data"))
    ann = ws.tag(*span_of(ws, "Francis L. Donovan"), "actor")
    index, titles = ws.library_index()
    assert [h.annotation.id for h in index.search("donavan", 5, titles)] == [ann.id]
    ws.set_note(ann.id, "commander of SOUTHCOM")
    assert index.search("southcom", 5, titles)[0].annotation.note == "commander of SOUTHCOM"
    ws.delete(ann.id)
    assert index.search("donavan", 5, titles) == []
    ws.undo()
    assert [h.annotation.id for h in index.search("donavan", 5, titles)] == [ann.id]


def test_a_change_based_on_a_stale_copy_is_refused_not_written_over(tmp_path):
    from tui_reader.workspace import ConflictError

    doc = load_document(SAMPLE)
    a = Workspace(doc, Store(tmp_path / "data"))
    ann = a.tag(*span_of(a, "Los Lobos"), "actor")
    b = Workspace(doc, Store(tmp_path / "data"))
    b.set_note(ann.id, "theirs")
    with pytest.raises(ConflictError):
        a.set_note(ann.id, "mine")  # a still holds the copy without b's note
    assert [x.note for x in stored(a, tmp_path)] == ["theirs"]
    assert [x.note for x in a.annotations] == ["theirs"]  # a reloaded: it now shows b's note
    a.set_note(ann.id, "mine, after reading theirs")
    assert [x.note for x in stored(a, tmp_path)] == ["mine, after reading theirs"]


def test_undo_of_something_another_window_deleted_is_dropped_not_stuck(tmp_path):
    from tui_reader.workspace import ConflictError

    doc = load_document(SAMPLE)
    a = Workspace(doc, Store(tmp_path / "data"))
    first = a.tag(*span_of(a, "Los Lobos"), "actor")
    second = a.tag(*span_of(a, "Los Choneros"), "actor")
    Workspace(doc, Store(tmp_path / "data")).delete(second.id)
    with pytest.raises(ConflictError, match="cannot undo"):
        a.undo()  # the tag of `second`: already gone elsewhere
    a.undo()  # the next step back still works: the tag of `first`
    assert stored(a, tmp_path) == [] and first.id not in {x.id for x in a.annotations}


def test_the_catalogue_record_can_wait_until_the_first_frame_but_never_past_a_change(tmp_path):
    doc = load_document(SAMPLE)
    store = Store(tmp_path / "data")
    ws = Workspace(doc, store, defer_catalogue=True)
    assert store.document_record(doc.id) is None  # put off: no catalogue write before the first frame
    start = doc.text.index("Los Lobos")
    ws.tag(start, start + len("Los Lobos"), "actor")  # a change records the document first
    record = store.document_record(doc.id)
    assert record["title"] == doc.title and record["path"] == doc.path and record["annotations"] == 1
    ws2 = Workspace(doc, Store(tmp_path / "other"), defer_catalogue=True)
    ws2.write_catalogue_record()
    ws2.write_catalogue_record()  # once
    assert ws2.store.document_record(doc.id)["title"] == doc.title


def test_a_note_from_an_editor_opened_before_another_window_changed_it_is_refused(tmp_path):
    from tui_reader.workspace import ConflictError

    doc = load_document(SAMPLE)
    a = Workspace(doc, Store(tmp_path / "data"))
    ann = a.tag(*span_of(a, "Los Lobos"), "actor")
    b = Workspace(doc, Store(tmp_path / "data"))
    b.set_note(ann.id, "theirs")
    a.reload_if_changed()  # a's poll picked up b's note while the editor was open on `ann`
    with pytest.raises(ConflictError, match="changed"):
        a.set_note(ann.id, "mine", base=ann)
    assert [x.note for x in stored(a, tmp_path)] == ["theirs"]
    b.delete(ann.id)
    with pytest.raises(ConflictError, match="deleted"):
        a.set_note(ann.id, "mine", base=a.get(ann.id))
    back = a.put_back(ann, "mine")  # the same annotation again, with the note
    assert [(x.id, x.quote, x.note) for x in stored(a, tmp_path)] == [(ann.id, "Los Lobos", "mine")]
    assert back.id == ann.id
    a.undo()
    assert stored(a, tmp_path) == []


def test_tag_with_a_note_is_one_undoable_change(ws, tmp_path):
    ann = ws.tag(*span_of(ws, "Los Lobos"), "claim", note="  who says?  ")
    assert [(x.id, x.note) for x in stored(ws, tmp_path)] == [(ann.id, "who says?")]
    ws.undo()
    assert stored(ws, tmp_path) == []
