"""Import of the native format, and the CLI's import and repair subcommands."""

from __future__ import annotations

import copy
import errno
import fcntl
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import tui_reader.cli as cli
import tui_reader.importer as importer_mod
from tui_reader.annotations import Annotation
from tui_reader.document import load_document
from tui_reader.formats.native import native_export
from tui_reader.importer import ImportFileError, ImportPlan, import_plan, plan_import
from tui_reader.store import Store, StoreError

ARTICLE = """Joint Operations Begin

The ministry said on 3 March 2024 that the operation had begun. Officials claimed success.

Reactions

Critics, including Ana Pérez, said the claim was premature 🎉.
"""

BOOK = "Chapter One\n\nIt was a bright cold day in April, and the clocks were striking thirteen.\n"


def snapshot(root: Path) -> dict[str, bytes]:
    if not root.exists():
        return {}
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != ".lock"
    }


def span(text: str, quote: str) -> tuple[int, int]:
    start = text.index(quote)
    return start, start + len(quote)


@pytest.fixture
def source(tmp_path):
    """A store with two documents and annotations (notes, sections, non-ASCII)."""
    article, book = tmp_path / "article.txt", tmp_path / "book.md"
    article.write_text(ARTICLE, "utf-8")
    book.write_text(BOOK, "utf-8")
    store = Store(tmp_path / "source")
    docs = []
    for path, quotes in (
        (article, [("3 March 2024", "date"), ("Ana Pérez", "actor"), ("the claim was premature 🎉", "claim")]),
        (book, [("April", "date"), ("the clocks were striking thirteen", "claim")]),
    ):
        doc = load_document(path)
        store.remember_document(doc.id, doc.path, doc.title, len(doc.sections))
        anns = [
            Annotation.create(doc.text, doc.id, *span(doc.text, q), tag, note=f"note on {q}", section=doc.section_at(span(doc.text, q)[0]).title)
            for q, tag in quotes
        ]
        store.apply(doc.id, add=anns)
        docs.append(doc)
    return store, docs


def export_of(store: Store) -> dict:
    return native_export(
        [
            {"id": r["id"], "path": r["path"], "title": r["title"], "annotations": store.annotations(r["id"])}
            for r in store.documents()
        ]
    )


def write(tmp_path: Path, data, name: str = "export.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    return path


# -- round trip and duplicates -------------------------------------------------------------------


def test_round_trip_into_an_empty_store_gives_identical_annotations(tmp_path, source):
    store, docs = source
    path = write(tmp_path, export_of(store))
    target = Store(tmp_path / "target")

    plan = plan_import(path)
    assert isinstance(plan, ImportPlan) and plan.annotation_count == 5
    report = import_plan(target, plan)
    assert (report.added, report.skipped_duplicates, report.documents) == (5, 0, 2)
    assert report.summary() == "Imported 5 annotations into 2 documents"

    for doc in docs:
        assert target.annotations(doc.id) == store.annotations(doc.id)  # every field
        record = target.document_record(doc.id)
        assert (record["path"], record["title"], record["annotations"]) == (doc.path, doc.title, len(store.annotations(doc.id)))
    with Store(tmp_path / "target") as fresh:
        assert [a.to_dict() for a in fresh.all_annotations()] != []
        by_id = lambda export: sorted(export["documents"], key=lambda d: d["id"])  # noqa: E731
        assert by_id(export_of(fresh)) == by_id(export_of(store))


def test_importing_the_same_file_twice_adds_nothing(tmp_path, source):
    store, docs = source
    path = write(tmp_path, export_of(store))
    target = Store(tmp_path / "target")
    import_plan(target, plan_import(path))
    before = snapshot(target.data_dir)

    report = import_plan(target, plan_import(path))
    assert (report.added, report.skipped_duplicates, report.documents) == (0, 5, 0)
    assert report.summary() == "Imported 0 annotations into 0 documents (5 already there)"
    assert snapshot(target.data_dir) == before  # not even rewritten

    # into the store it came from: everything is already there
    before = snapshot(store.data_dir)
    assert import_plan(store, plan_import(path)).added == 0
    assert snapshot(store.data_dir) == before


def test_same_span_and_tag_is_a_duplicate_whatever_the_id(tmp_path, source):
    store, docs = source
    data = export_of(store)
    first = data["documents"][0]["annotations"][0]
    renamed = {**first, "id": "f" * 32}
    retagged = {**first, "id": "e" * 32, "tag": "actor" if first["tag"] != "actor" else "claim"}
    data["documents"] = data["documents"][:1]
    data["documents"][0]["annotations"] = [renamed, retagged]
    report = import_plan(store, plan_import(data))
    assert (report.added, report.skipped_duplicates) == (1, 1)
    ids = {a.id for a in store.annotations(data["documents"][0]["id"])}
    assert "e" * 32 in ids and "f" * 32 not in ids


def test_the_same_annotation_edited_later_elsewhere_replaces_the_stored_one(tmp_path, source):
    store, docs = source
    data = export_of(store)
    anns = data["documents"][0]["annotations"]
    anns[0] = {**anns[0], "note": "checked with the ministry", "modified": "2099-01-01T00:00:00.000Z"}
    anns[1] = {**anns[1], "note": "an older note", "modified": "2000-01-01T00:00:00.000Z"}
    report = import_plan(store, plan_import(data))
    assert (report.added, report.updated, report.skipped_duplicates, report.documents) == (0, 1, 4, 1)
    assert report.summary() == "Imported 0 annotations into 1 document (1 updated, 4 already there)"
    stored = {a.id: a for a in store.annotations(data["documents"][0]["id"])}
    assert stored[anns[0]["id"]].note == "checked with the ministry"
    assert stored[anns[0]["id"]].created == anns[0]["created"]
    assert stored[anns[1]["id"]].note == f"note on {anns[1]['quote']}"  # the stored one was edited later
    before = snapshot(store.data_dir)
    assert import_plan(store, plan_import(data)).updated == 0 and snapshot(store.data_dir) == before


def test_an_import_that_cannot_be_written_changes_nothing(tmp_path, source, monkeypatch):
    store, docs = source
    path = write(tmp_path, export_of(store))
    target = Store(tmp_path / "target")
    target.add(Annotation.create(docs[0].text, docs[0].id, 0, 5, "claim"))
    before = snapshot(target.data_dir)
    monkeypatch.setattr(os, "fsync", lambda fd: (_ for _ in ()).throw(OSError(errno.ENOSPC, "No space left on device")))
    with pytest.raises(StoreError, match="No space left on device"):
        import_plan(target, plan_import(path))
    monkeypatch.undo()
    assert snapshot(target.data_dir) == before
    assert len(target.annotations(docs[0].id)) == 1


def test_an_import_into_a_damaged_document_is_refused_and_changes_nothing(tmp_path, source):
    store, docs = source
    path = write(tmp_path, export_of(store))
    store.document_path(docs[1].id).write_bytes(b"{broken")
    before = snapshot(store.data_dir)
    with pytest.raises(StoreError, match="is damaged"):
        import_plan(store, plan_import(path))
    assert snapshot(store.data_dir) == before


# -- malformed files -------------------------------------------------------------------------------


def _good() -> dict:
    text = "Officials in Quito said on 3 March 2024 that the claim was true."
    doc_id = "a" * 64
    anns = [
        Annotation.create(text, doc_id, *span(text, q), tag).to_dict()
        for q, tag in (("Officials", "actor"), ("Quito", "actor"), ("3 March 2024", "date"), ("the claim was true", "claim"))
    ]
    return {
        "format": "tui-reader",
        "version": 1,
        "exported": "2026-11-28T14:30:00.000Z",
        "documents": [{"id": doc_id, "path": "/nowhere/q.txt", "title": "Q", "annotations": anns}],
    }


def _edit(change):
    def make():
        data = _good()
        change(data)
        return data

    return make


def _ann(i: int, **fields):
    def change(data):
        record = data["documents"][0]["annotations"][i]
        for k, v in fields.items():
            if v is KeyError:
                del record[k]
            else:
                record[k] = v

    return _edit(change)


MALFORMED = {
    "list": (lambda: [1, 2], "expected a tui-reader export (json), a W3C Web Annotation file, a .jsonl file or a brat .ann file, found a JSON list"),
    "other-object": (lambda: {"name": "x", "items": []}, "expected a tui-reader export (json), a W3C Web Annotation file, a .jsonl file or a brat .ann file, found a JSON object with the keys 'name', 'items'"),
    "other-format": (lambda: {"format": "doccano"}, "expected a tui-reader export (json), a W3C Web Annotation file, a .jsonl file or a brat .ann file, found a JSON file of another format ('doccano')"),
    "jsonl-named-json": (lambda: {"text": "Ana said no.", "spans": []}, "found a line of jsonl: give the file a .jsonl name to import it"),
    "format": (_edit(lambda d: d.update(format="w3c")), "format: expected 'tui-reader', found 'w3c'"),
    "version": (_edit(lambda d: d.update(version=3)), "version: expected 1 or 2, found 3"),
    "version-text": (_edit(lambda d: d.update(version="1")), "version: expected 1 or 2, found '1'"),
    "no-documents": (_edit(lambda d: d.pop("documents")), "documents: expected a list, found null"),
    "document-not-object": (_edit(lambda d: d["documents"].append("x")), "documents[1]: expected an object, found text"),
    "document-id": (_edit(lambda d: d["documents"][0].update(id="../../etc")), "documents[0].id: expected a document id"),
    "document-twice": (_edit(lambda d: d["documents"].append({**copy.deepcopy(d["documents"][0]), "annotations": []})), "documents[1].id: document aaaaaaaaaaaa… appears twice"),
    "path-type": (_edit(lambda d: d["documents"][0].update(path=3)), "documents[0].path: expected text, found a number"),
    "annotations-missing": (_edit(lambda d: d["documents"][0].pop("annotations")), "documents[0].annotations: expected a list, found null"),
    "annotation-not-object": (_edit(lambda d: d["documents"][0]["annotations"].append(7)), "documents[0].annotations[4]: expected an object, found a number"),
    "unknown-tag": (_ann(3, tag="person"), "documents[0].annotations[3].tag: unknown tag 'person'"),
    "start-text": (_ann(1, start="12"), "documents[0].annotations[1].start: expected a whole number, found '12'"),
    "end-bool": (_ann(1, end=True), "documents[0].annotations[1].end: expected a whole number, found True"),
    "end-float": (_ann(1, end=17.0), "documents[0].annotations[1].end: expected a whole number, found 17.0"),
    "negative": (_ann(0, start=-1), "documents[0].annotations[0]: span -1..9 is not 0 <= start < end"),
    "empty-span": (_ann(2, end=27), "documents[0].annotations[2]: span 27..27 is not 0 <= start < end"),
    "quote-length": (_ann(1, quote="Quit"), "documents[0].annotations[1].quote: 4 characters, but the span 13..18 is 5"),
    "quote-empty": (_ann(1, quote=""), "documents[0].annotations[1].quote: empty"),
    "id-number": (_ann(2, id=5), "documents[0].annotations[2].id: expected text, found a number"),
    "missing": (_ann(2, quote=KeyError, created=KeyError), "documents[0].annotations[2]: missing quote, created"),
    "created-number": (_ann(0, created=20261128), "documents[0].annotations[0].created: expected text, found a number"),
    "modified-null": (_ann(0, modified=None), "documents[0].annotations[0].modified: expected text, found null"),
    "note-list": (_ann(3, note=["a"]), "documents[0].annotations[3].note: expected text, found a list"),
    "other-document": (_ann(1, document="b" * 64), "documents[0].annotations[1].document: 'bbbbbbbb"),
    "id-twice": (
        _edit(lambda d: d["documents"][0]["annotations"][2].update(id=d["documents"][0]["annotations"][0]["id"])),
        "documents[0].annotations[2].id: ",
    ),
}


@pytest.fixture
def busy_store(tmp_path, source):
    """A store with data, so that "untouched" means something."""
    store, docs = source
    return store


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_a_malformed_file_names_the_item_and_leaves_the_store_untouched(tmp_path, busy_store, case):
    make, expected = MALFORMED[case]
    assert_refused(busy_store, write(tmp_path, make(), "bad.json"), expected)


def assert_refused(store: Store, path: Path, expected: str, **options) -> None:
    """Importing ``path`` into ``store`` fails in one line naming ``expected``; nothing changed."""
    before = snapshot(store.data_dir)
    with pytest.raises(ImportFileError) as info:
        import_plan(store, plan_import(path, **options))
    message = str(info.value)
    assert expected in message, message
    assert message.startswith(f"{path}: cannot import: ") and message.endswith("nothing was imported")
    assert "\n" not in message
    assert snapshot(store.data_dir) == before


@pytest.mark.parametrize(
    "content,expected",
    [
        (b"", "the file is empty"),
        (b'{"format": "tui-reader", "version": 1, "documents": [', "not valid JSON (Expecting value at line 1, column 54)"),
        (b'{"format": "tui-r\xe9ader"}', "not UTF-8 text (bad byte at offset 17)"),
        (b"\x00\x01\x02", "looks like a binary file, not an export (it contains NUL bytes)"),
        (b"\xef\xbb\xbf  \n", "the file is empty"),
    ],
)
def test_an_unreadable_file_is_refused(tmp_path, busy_store, content, expected):
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    before = snapshot(busy_store.data_dir)
    with pytest.raises(ImportFileError, match=expected.replace("(", r"\(").replace(")", r"\)")):
        plan_import(path)
    with pytest.raises(ImportFileError, match="no such file"):
        plan_import(tmp_path / "missing.json")
    with pytest.raises(ImportFileError, match="is a folder"):
        plan_import(tmp_path)
    assert snapshot(busy_store.data_dir) == before


def test_every_problem_is_counted_and_the_first_few_shown(tmp_path):
    data = _good()
    for record in data["documents"][0]["annotations"]:
        record["tag"] = "person"
        record["start"] = "x"
    with pytest.raises(ImportFileError) as info:
        plan_import(data)
    assert len(info.value.problems) == 8
    assert "(and 3 more problems)" in str(info.value)
    assert str(info.value).count("documents[0].annotations[") == 5


def test_the_good_file_is_accepted():
    plan = plan_import(_good())
    assert plan.annotation_count == 4 and plan.documents[0].title == "Q"


# -- matching documents by path ------------------------------------------------------------------------


def _exported_from(tmp_path: Path, text: str, quotes: list[str]) -> tuple[dict, Path]:
    """An export made elsewhere of ``text`` at path P (a file that then changes here)."""
    path = tmp_path / "story.txt"
    path.write_text(text, "utf-8")
    doc = load_document(path)
    anns = [Annotation.create(doc.text, doc.id, *span(doc.text, q), "claim") for q in quotes]
    return native_export([{"id": doc.id, "path": doc.path, "title": doc.title, "annotations": anns}]), path


def test_unknown_id_with_a_catalogued_path_that_still_holds_the_quotes_joins_that_document(tmp_path):
    data, path = _exported_from(tmp_path, ARTICLE, ["3 March 2024", "Ana Pérez"])
    path.write_text(ARTICLE + "\nAn update added at the end.\n", "utf-8")  # same offsets, new id
    here = load_document(path)
    assert here.id != data["documents"][0]["id"]
    store = Store(tmp_path / "data")
    store.remember_document(here.id, here.path, here.title, len(here.sections))

    report = import_plan(store, plan_import(data))
    assert (report.added, report.documents) == (2, 1)
    assert report.outcomes[0].matched == "path" and report.outcomes[0].target_id == here.id
    stored = store.annotations(here.id)
    assert [a.quote for a in stored] == ["3 March 2024", "Ana Pérez"]
    assert all(a.document == here.id and here.text[a.start : a.end] == a.quote for a in stored)
    assert not store.document_path(data["documents"][0]["id"]).exists()
    assert store.document_record(here.id)["annotations"] == 2
    assert import_plan(store, plan_import(data)).added == 0  # and again: nothing


def test_unknown_id_with_a_catalogued_path_whose_text_moved_is_reanchored_into_it(tmp_path):
    data, path = _exported_from(tmp_path, ARTICLE, ["3 March 2024", "Ana Pérez"])
    path.write_text("A new first line.\n" + ARTICLE, "utf-8")  # every offset moved
    here = load_document(path)
    store = Store(tmp_path / "data")
    store.remember_document(here.id, here.path, here.title, len(here.sections))

    report = import_plan(store, plan_import(data))
    assert report.summary() == "Imported 2 annotations into 1 document; re-anchored 2 annotations by their quote"
    assert report.outcomes[0].matched == "path" and report.outcomes[0].target_id == here.id
    stored = store.annotations(here.id)
    assert [(a.quote, a.status) for a in stored] == [("3 March 2024", "reanchored"), ("Ana Pérez", "reanchored")]
    assert all(here.text[a.start : a.end] == a.quote and a.document == here.id for a in stored)
    assert import_plan(store, plan_import(data)).added == 0


def test_unknown_id_with_a_catalogued_path_that_lost_a_quote_is_refused_naming_it(tmp_path):
    data, path = _exported_from(tmp_path, ARTICLE, ["3 March 2024", "Ana Pérez"])
    path.write_text(ARTICLE.replace("Ana Pérez", "a spokesman"), "utf-8")
    here = load_document(path)
    store = Store(tmp_path / "data")
    store.remember_document(here.id, here.path, here.title, len(here.sections))
    before = snapshot(store.data_dir)
    with pytest.raises(ImportFileError) as info:
        import_plan(store, plan_import(data))
    message = str(info.value)
    assert f"documents[0] ('Joint Operations Begin'): its id is not in this store, and the file at {path}" in message
    assert "is a different text; documents[0].annotations[1]: the quote 'Ana Pérez' is not the text at" in message
    assert "\n" not in message
    assert snapshot(store.data_dir) == before
    report = import_plan(store, plan_import(data, orphans="keep"))  # or kept as an orphan, if asked
    assert [a.status for a in store.annotations(here.id)] == ["anchored", "orphaned"]
    assert "kept 1 annotation with no place in the text as orphaned" in report.summary()


def test_unknown_id_with_a_catalogued_path_whose_file_is_gone_is_refused(tmp_path):
    data, path = _exported_from(tmp_path, ARTICLE, ["Ana Pérez"])
    store = Store(tmp_path / "data")
    store.remember_document("c" * 64, str(path), "Old version", 3)
    path.unlink()
    before = snapshot(store.data_dir)
    with pytest.raises(ImportFileError, match=r"documents\[0\] \('Joint Operations Begin'\).*no such file"):
        import_plan(store, plan_import(data))
    assert snapshot(store.data_dir) == before


def test_unknown_id_and_unknown_path_becomes_a_new_document(tmp_path):
    data, path = _exported_from(tmp_path, ARTICLE, ["Ana Pérez"])
    path.unlink()  # the file need not exist for a new document
    store = Store(tmp_path / "data")
    report = import_plan(store, plan_import(data))
    doc = data["documents"][0]
    assert report.outcomes[0].matched == "new"
    record = store.document_record(doc["id"])
    assert (record["path"], record["title"], record["annotations"]) == (doc["path"], "Joint Operations Begin", 1)


def test_an_import_gives_a_rebuilt_catalogue_its_titles_back(tmp_path, source):
    store, docs = source
    path = write(tmp_path, export_of(store))
    store.catalog_path.write_bytes(b"{damaged")
    store.repair(store.catalog_path)
    assert {r["title"] for r in store.documents()} == {""}
    assert import_plan(store, plan_import(path)).added == 0
    records = {r["id"]: r for r in store.documents()}
    for doc in docs:
        assert (records[doc.id]["title"], records[doc.id]["path"]) == (doc.title, doc.path)
    before = snapshot(store.data_dir)
    import_plan(store, plan_import(path))
    assert snapshot(store.data_dir) == before


def test_a_known_id_wins_over_the_path_and_fills_a_missing_record(tmp_path):
    data, path = _exported_from(tmp_path, ARTICLE, ["Ana Pérez"])
    doc = data["documents"][0]
    store = Store(tmp_path / "data")
    # the store has this document's annotation file but no catalogue record
    store.add(Annotation.create(load_document(path).text, doc["id"], 0, 5, "actor"))
    store.catalog_path.unlink()
    store.remember_document("d" * 64, doc["path"], "Another document at the same path", 1)
    report = import_plan(store, plan_import(data))
    assert report.outcomes[0].matched == "id" and report.added == 1
    assert store.document_record(doc["id"])["title"] == "Joint Operations Begin"
    assert len(store.annotations(doc["id"])) == 2 and store.annotations("d" * 64) == []


# -- the command line ---------------------------------------------------------------------------------


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_import_summary_json_and_errors(tmp_path, source, capsys):
    store, docs = source
    path = write(tmp_path, export_of(store))
    data_dir = str(tmp_path / "target")

    assert run(capsys, "import", str(path), "--data-dir", data_dir) == (0, "Imported 5 annotations into 2 documents\n", "")
    assert run(capsys, f"--data-dir={data_dir}", "import", str(path)) == (
        0,
        "Imported 0 annotations into 0 documents (5 already there)\n",
        "",
    )
    code, out, err = run(capsys, "import", str(path), "--json", "--data-dir", data_dir)
    report = json.loads(out)
    assert code == 0 and err == ""
    assert (report["added"], report["skipped_duplicates"], report["documents"]) == (0, 5, 0)
    assert {d["matched"] for d in report["details"]} == {"id"}

    code, out, err = run(capsys, "list", "--json", "--data-dir", data_dir)
    assert sorted(json.loads(out), key=lambda a: a["id"]) == sorted(
        (a.to_dict() for a in store.all_annotations()), key=lambda a: a["id"]
    )

    bad = write(tmp_path, MALFORMED["unknown-tag"][0](), "bad.json")
    before = snapshot(Path(data_dir))
    code, out, err = run(capsys, "import", str(bad), "--data-dir", data_dir)
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and err.startswith(f"tui-reader: {bad}: cannot import: ")
    assert "documents[0].annotations[3].tag: unknown tag 'person'" in err
    assert snapshot(Path(data_dir)) == before

    code, out, err = run(capsys, "import", "--data-dir", data_dir)
    assert code == 2 and "file" in err and err.count("\n") == 1


def test_cli_round_trip_through_export_and_import(tmp_path, source, capsys):
    store, docs = source
    out_file = tmp_path / "all.json"
    assert run(capsys, "export", "-o", str(out_file), "--data-dir", str(store.data_dir))[0] == 0
    assert run(capsys, "import", str(out_file), "--data-dir", str(tmp_path / "copy"))[0] == 0
    for doc in docs:
        assert Store(tmp_path / "copy").annotations(doc.id) == store.annotations(doc.id)


def test_cli_import_waits_briefly_for_the_lock_then_says_who_holds_it(tmp_path, source, capsys, monkeypatch):
    store, docs = source
    path = write(tmp_path, export_of(store))
    target = Store(tmp_path / "target")
    target.add(Annotation.create(docs[0].text, docs[0].id, 0, 3, "actor"))
    monkeypatch.setattr(cli, "IMPORT_LOCK_TIMEOUT", 0.2)
    before = snapshot(target.data_dir)
    fd = os.open(target.lock_path, os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        code, out, err = run(capsys, "import", str(path), "--data-dir", str(target.data_dir))
    finally:
        os.close(fd)
    assert (code, out) == (2, "")
    assert err == f"tui-reader: the store at {target.data_dir} is busy: {err.split('busy: ')[1]}"
    assert f"(pid {os.getpid()}) is writing; try again\n" in err
    assert snapshot(target.data_dir) == before
    assert cli.IMPORT_LOCK_TIMEOUT == 0.2 and cli.main(["import", str(path), "--data-dir", str(target.data_dir)]) == 0


def test_cli_repair_lists_then_moves_aside_with_consent(tmp_path, source, capsys):
    store, docs = source
    data_dir = str(store.data_dir)
    assert run(capsys, "repair", "--data-dir", data_dir) == (0, f"No damaged files in {data_dir}.\n", "")

    damaged = store.document_path(docs[0].id)
    damaged.write_bytes(b'{"annotations": {"1": {"id": "x", "start": ')
    store.catalog_path.write_bytes(b"[]")
    before = snapshot(store.data_dir)

    code, out, err = run(capsys, "repair", "--data-dir", data_dir)
    assert code == 1 and err == ""
    assert f"damaged: {store.catalog_path}: expected an object of tables, found list" in out
    assert f"damaged: {damaged}: not valid JSON" in out
    assert "2 damaged files; nothing was changed. Run tui-reader repair --yes" in out
    assert snapshot(store.data_dir) == before

    code, out, err = run(capsys, "repair", "--json", "--data-dir", data_dir)
    report = json.loads(out)
    assert code == 1 and {d["path"] for d in report["damaged"]} == {str(damaged), str(store.catalog_path)}
    assert report["moved"] == [] and snapshot(store.data_dir) == before

    code, out, err = run(capsys, "repair", "--yes", "--data-dir", data_dir)
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert len(lines) == 2 and all(line.startswith("moved aside: ") for line in lines)
    backups = [Path(line.rsplit(" -> ", 1)[1]) for line in lines]
    assert sorted(b.read_bytes() for b in backups) == sorted([before["catalog.json"], before[f"docs/{docs[0].id}.json"]])
    assert not damaged.exists()

    assert run(capsys, "repair", "--data-dir", data_dir)[0] == 0
    fresh = Store(data_dir)
    assert fresh.annotations(docs[0].id) == []
    assert fresh.annotations(docs[1].id) == store.annotations(docs[1].id)
    # the catalogue was rebuilt from the files (no titles), the moved document counts 0
    records = {r["id"]: r for r in fresh.documents()}
    assert {k: r["annotations"] for k, r in records.items()} == {docs[1].id: 2, docs[0].id: 0}
    assert records[docs[1].id]["title"] == ""

    code, out, err = run(capsys, "repair", "--yes", "--json", "--data-dir", data_dir)
    assert code == 0 and json.loads(out) == {"data_dir": data_dir, "damaged": [], "moved": [], "failed": []}


def test_importer_does_not_import_textual():
    code = "import sys, tui_reader.importer, tui_reader.cli; print('textual' in sys.modules)"
    env = {**os.environ, "PYTHONPATH": str(Path(importer_mod.__file__).parents[2])}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert out.stdout.strip() == "False"
