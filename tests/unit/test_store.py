"""The persistent annotation store: per-document TinyDB files, atomic writes."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import platformdirs
import pytest
from tinydb import TinyDB

import tui_reader.store as store_mod
from tui_reader.annotations import Annotation
from tui_reader.store import (
    SCHEMA_VERSION,
    AnnotationNotFound,
    AtomicJSONStorage,
    Store,
    StoreError,
    resolve_data_dir,
)

TEXT = (
    "In 1848 the assembly met in Frankfurt. Its delegates claimed that a constitution "
    "would unite the German states. Café owners in the Paulskirche quarter 🎉 profited. "
) * 4

DOC_A = hashlib.sha256(b"document a").hexdigest()
DOC_B = hashlib.sha256(b"document b").hexdigest()


def ann(doc: str = DOC_A, start: int = 0, end: int = 7, tag: str = "date", note: str = "") -> Annotation:
    return Annotation.create(TEXT, doc, start, end, tag, note=note)


def tmp_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.name.endswith(".tmp")]


def tinydb_records(path: Path, table: str) -> list[dict]:
    db = TinyDB(path)
    try:
        return [dict(r) for r in db.table(table).all()]
    finally:
        db.close()


@pytest.fixture
def store(tmp_path: Path):
    with Store(tmp_path / "data") as s:
        yield s


# -- data directory ----------------------------------------------------------


def test_resolve_data_dir_order(tmp_path, monkeypatch):
    monkeypatch.delenv("TUI_READER_DATA_DIR", raising=False)
    assert resolve_data_dir() == Path(platformdirs.user_data_dir("tui-reader"))
    monkeypatch.setenv("TUI_READER_DATA_DIR", str(tmp_path / "from-env"))
    assert resolve_data_dir() == tmp_path / "from-env"
    assert resolve_data_dir(tmp_path / "explicit") == tmp_path / "explicit"
    assert resolve_data_dir(str(tmp_path / "explicit")) == tmp_path / "explicit"


def test_env_var_is_used_and_nothing_is_created_until_a_write(tmp_path, monkeypatch):
    target = tmp_path / "env-data"
    monkeypatch.setenv("TUI_READER_DATA_DIR", str(target))
    s = Store()
    assert s.data_dir == target
    assert s.documents() == []
    assert s.annotations(DOC_A) == []
    assert s.document_record(DOC_A) is None
    assert list(s.all_annotations()) == []
    assert not target.exists()

    a = ann()
    s.add(a)
    assert (target / "docs" / f"{DOC_A}.json").is_file()
    assert (target / "catalog.json").is_file()
    s.close()
    assert Store(target).annotations(DOC_A) == [a]


# -- persistence -------------------------------------------------------------


def test_add_update_delete_persist(tmp_path, store):
    a1, a2, a3 = ann(start=0, end=7), ann(start=12, end=20, tag="actor"), ann(start=40, end=48)
    for a in (a1, a2, a3):
        store.add(a)
    edited = a2.with_changes(note="the Frankfurt Parliament", tag="claim")
    store.update(edited)
    store.delete(DOC_A, a3.id)

    expected = sorted([a1, edited], key=lambda a: (a.start, a.end, a.created))
    assert store.annotations(DOC_A) == expected
    with Store(store.data_dir) as fresh:
        assert fresh.annotations(DOC_A) == expected

    records = tinydb_records(store.document_path(DOC_A), "annotations")
    assert sorted(records, key=lambda r: r["start"]) == [a.to_dict() for a in expected]
    assert tinydb_records(store.document_path(DOC_A), "meta") == [{"schema": SCHEMA_VERSION}]


def test_apply_batch_persists(store):
    a1, a2, a3 = ann(start=0, end=7), ann(start=12, end=20), ann(start=40, end=48)
    store.apply(DOC_A, add=[a1, a2])
    changed = a1.with_changes(note="edited")
    store.apply(DOC_A, add=[a3, changed], remove=[a2.id])
    with Store(store.data_dir) as fresh:
        assert fresh.annotations(DOC_A) == [changed, a3]
    assert len(tinydb_records(store.document_path(DOC_A), "annotations")) == 2
    assert store.document_record(DOC_A)["annotations"] == 2

    # undo of the batch above: one write, ids restored
    store.apply(DOC_A, add=[a1, a2], remove=[a3.id])
    assert store.annotations(DOC_A) == [a1, a2]
    store.apply(DOC_A)  # empty batch: nothing to do
    assert store.annotations(DOC_A) == [a1, a2]


def test_annotations_sorted_by_start_end_created(store):
    late = ann(start=5, end=9)
    early_long = ann(start=0, end=30)
    early_short = ann(start=0, end=4)
    same_span_second = Annotation(**{**early_short.to_dict(), "id": "z" * 32, "created": "2999-01-01T00:00:00.000Z"})
    for a in (late, same_span_second, early_long, early_short):
        store.add(a)
    assert store.annotations(DOC_A) == [early_short, same_span_second, early_long, late]


def test_unicode_is_stored_as_utf8_text(store):
    start = TEXT.index("Café")
    a = ann(start=start, end=start + 4, note="naïve 🎉")
    store.add(a)
    raw = store.document_path(DOC_A).read_bytes()
    assert "Café".encode() in raw and "🎉".encode() in raw
    assert Store(store.data_dir).annotations(DOC_A)[0].note == "naïve 🎉"


def test_file_is_plain_tinydb_json(store):
    store.apply(DOC_A, add=[ann(start=i, end=i + 3) for i in range(5)])
    data = json.loads(store.document_path(DOC_A).read_text("utf-8"))
    assert set(data) == {"annotations", "meta"}
    assert data["meta"] == {"1": {"schema": SCHEMA_VERSION}}
    assert all(k.isdigit() for k in data["annotations"])
    catalog = json.loads(store.catalog_path.read_text("utf-8"))
    assert catalog["meta"] == {"1": {"schema": SCHEMA_VERSION}}
    assert [r["id"] for r in catalog["documents"].values()] == [DOC_A]
    # later writes join the records' stored bytes: still exactly json.dumps's UTF-8 output
    start = TEXT.index("Café")
    store.add(ann(start=start, end=start + 4, note="naïve 🎉 中文"))
    store.delete(DOC_A, store.annotations(DOC_A)[0].id)
    store.close()  # folds the change log into the file
    raw = store.document_path(DOC_A).read_bytes()
    assert raw == json.dumps(json.loads(raw), ensure_ascii=False).encode("utf-8")


def test_plain_tinydb_insert_then_store_keeps_ids_unique(store):
    first = ann(start=0, end=4)
    store.add(first)
    # someone (an importer, a script) appends with TinyDB itself
    extra = ann(start=10, end=14)
    db = TinyDB(store.document_path(DOC_A))
    db.table("annotations").insert(extra.to_dict())
    db.close()
    third = ann(start=20, end=24)
    store.add(third)  # sees the external change, picks a fresh record key
    assert store.annotations(DOC_A) == [first, extra, third]
    store.close()  # folds the change log into the file
    assert len(tinydb_records(store.document_path(DOC_A), "annotations")) == 3


def test_changes_by_another_store_instance_are_seen(tmp_path):
    one, two = Store(tmp_path), Store(tmp_path)
    a, b = ann(start=0, end=4), ann(start=5, end=9)
    one.add(a)
    assert two.annotations(DOC_A) == [a]
    two.add(b)
    assert one.annotations(DOC_A) == [a, b]
    one.delete(DOC_A, b.id)
    assert two.annotations(DOC_A) == [a]
    assert two.document_record(DOC_A)["annotations"] == 1


def test_concurrent_processes_do_not_lose_writes(tmp_path):
    script = textwrap.dedent(
        f"""
        import sys
        from tui_reader.annotations import Annotation
        from tui_reader.store import Store
        text = "x" * 1000
        s = Store(sys.argv[1])
        for i in range(30):
            s.add(Annotation.create(text, {DOC_A!r}, i, i + 1, "claim"))
        """
    )
    env = {**os.environ, "PYTHONPATH": str(Path(store_mod.__file__).parents[2])}
    procs = [
        subprocess.Popen([sys.executable, "-c", script, str(tmp_path)], env=env) for _ in range(3)
    ]
    assert [p.wait(timeout=60) for p in procs] == [0, 0, 0]
    s = Store(tmp_path)
    assert len(s.annotations(DOC_A)) == 90
    assert len({a.id for a in s.annotations(DOC_A)}) == 90
    assert s.document_record(DOC_A)["annotations"] == 90


# -- per-document files and the catalogue -----------------------------------


def test_change_to_one_document_leaves_others_untouched(store):
    store.add(ann(DOC_A))
    b = ann(DOC_B)
    store.add(b)
    b_path = store.document_path(DOC_B)
    b_stat, b_bytes = b_path.stat(), b_path.read_bytes()

    a2 = ann(DOC_A, start=20, end=30)
    store.add(a2)
    store.update(a2.with_changes(note="n"))
    store.apply(DOC_A, add=[ann(DOC_A, start=50, end=55)], remove=[a2.id])
    store.delete(DOC_A, store.annotations(DOC_A)[0].id)

    after = b_path.stat()
    assert (after.st_ino, after.st_mtime_ns) == (b_stat.st_ino, b_stat.st_mtime_ns)
    assert b_path.read_bytes() == b_bytes
    assert store.annotations(DOC_B) == [b]


def test_catalogue_records_and_counts(store):
    store.remember_document(DOC_A, "/books/a.md", "Book A", 12)
    rec = store.document_record(DOC_A)
    assert rec["id"] == DOC_A and rec["path"] == "/books/a.md" and rec["title"] == "Book A"
    assert rec["sections"] == 12 and rec["annotations"] == 0
    assert rec["opened"].endswith("Z")

    a1, a2 = ann(start=0, end=3), ann(start=5, end=8)
    store.add(a1)
    store.add(a2)
    assert store.document_record(DOC_A)["annotations"] == 2
    store.delete(DOC_A, a1.id)
    assert store.document_record(DOC_A)["annotations"] == 1
    store.apply(DOC_A, add=[ann(start=9, end=12), ann(start=13, end=15)])
    assert store.document_record(DOC_A)["annotations"] == 3

    # re-opening keeps the count and refreshes the rest
    store.remember_document(DOC_A, "/books/a-moved.md", "Book A, 2nd ed.", 13)
    rec = store.document_record(DOC_A)
    assert rec["annotations"] == 3 and rec["path"] == "/books/a-moved.md" and rec["sections"] == 13

    # a document annotated before being remembered still gets a catalogue record
    store.add(ann(DOC_B))
    assert store.document_record(DOC_B)["annotations"] == 1
    store.remember_document(DOC_B, "/books/b.txt", "Book B", 1)
    assert store.document_record(DOC_B)["annotations"] == 1
    assert {r["id"] for r in store.documents()} == {DOC_A, DOC_B}
    assert store.documents()[0]["id"] == DOC_B  # most recently opened first

    catalog = {r["id"]: r for r in tinydb_records(store.catalog_path, "documents")}
    assert catalog[DOC_A]["annotations"] == 3 and catalog[DOC_B]["title"] == "Book B"
    with Store(store.data_dir) as fresh:
        assert fresh.document_record(DOC_A) == store.document_record(DOC_A)


def test_update_that_keeps_the_count_does_not_rewrite_the_catalogue(store):
    store.remember_document(DOC_A, "/a", "A", 1)
    a = ann()
    store.add(a)
    before = store.catalog_path.stat()
    store.update(a.with_changes(note="just a note"))
    after = store.catalog_path.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


def test_all_annotations_document_by_document(store):
    a = [ann(DOC_A, start=i, end=i + 2) for i in (10, 0)]
    b = [ann(DOC_B, start=i, end=i + 2) for i in (3, 1)]
    store.apply(DOC_A, add=a)
    store.apply(DOC_B, add=b)
    store.remember_document(DOC_A, "/a", "A", 1)
    store.remember_document(DOC_B, "/b", "B", 1)
    got = list(store.all_annotations())
    assert got == sorted(b, key=lambda x: x.start) + sorted(a, key=lambda x: x.start)


# -- errors ------------------------------------------------------------------


def test_update_or_delete_of_missing_annotation(store):
    a = ann()
    with pytest.raises(AnnotationNotFound) as info:
        store.update(a)
    assert isinstance(info.value, StoreError) and isinstance(info.value, KeyError)
    assert str(info.value) == f"annotation {a.id} is not stored for document {DOC_A}"
    with pytest.raises(AnnotationNotFound):
        store.delete(DOC_A, "nope")
    store.add(a)
    with pytest.raises(StoreError, match="already exists"):
        store.add(a)
    assert store.annotations(DOC_A) == [a]


def test_apply_with_a_missing_removal_changes_nothing(store):
    a = ann()
    store.add(a)
    path = store.document_path(DOC_A)
    before = path.read_bytes()
    with pytest.raises(AnnotationNotFound):
        store.apply(DOC_A, add=[ann(start=30, end=35)], remove=[a.id, "missing"])
    assert path.read_bytes() == before
    assert store.annotations(DOC_A) == [a]


def test_invalid_arguments(store):
    with pytest.raises(ValueError):
        store.annotations("../../etc/passwd")
    with pytest.raises(ValueError):
        store.apply(DOC_A, add=[ann(DOC_B)])
    assert not store.data_dir.exists()


def test_closed_store_refuses(tmp_path):
    s = Store(tmp_path)
    s.close()
    with pytest.raises(StoreError, match="closed"):
        s.add(ann())


DAMAGE = {
    "garbage": b"\x00\x01garbage\xff not json at all",
    "truncated": b'{"annotations": {"1": {"id": "abc", "start": 0, "en',
    "not-utf8": b'{"annotations": {"1": {"note": "caf\xe9"}}}',
    "not-a-dict": b"[1, 2, 3]",
    "table-not-a-dict": b'{"annotations": [1, 2]}',
    "bad-record": b'{"annotations": {"1": {"id": "abc"}}}',
}


@pytest.mark.parametrize("kind", sorted(DAMAGE))
def test_damaged_document_is_reported_and_never_overwritten(tmp_path, kind):
    s = Store(tmp_path)
    s.remember_document(DOC_A, "/a", "A", 1)
    good_a = ann(DOC_A)
    s.add(good_a)
    b = ann(DOC_B)
    s.add(b)
    path = s.document_path(DOC_A)
    path.write_bytes(DAMAGE[kind])

    for store in (s, Store(tmp_path)):
        with pytest.raises(StoreError) as info:
            store.annotations(DOC_A)
        message = str(info.value)
        assert str(path) in message and "damaged" in message and "\n" not in message
        assert path.read_bytes() == DAMAGE[kind]

        for attempt in (
            lambda: store.add(ann(DOC_A, start=3, end=9)),
            lambda: store.update(good_a.with_changes(note="x")),
            lambda: store.delete(DOC_A, good_a.id),
            lambda: store.apply(DOC_A, add=[ann(DOC_A)], remove=[]),
        ):
            with pytest.raises(StoreError, match="damaged"):
                attempt()
            assert path.read_bytes() == DAMAGE[kind]

        # other documents are unaffected
        assert store.annotations(DOC_B) == [b]
        b2 = ann(DOC_B, start=20, end=25)
        store.add(b2)
        store.delete(DOC_B, b2.id)
        # opening the damaged document again still works for the catalogue
        store.remember_document(DOC_A, "/a", "A", 1)
        assert store.document_record(DOC_A)["annotations"] == 1
        assert path.read_bytes() == DAMAGE[kind]

        errors: list[StoreError] = []
        assert list(store.all_annotations(errors=errors)) == [b]
        assert [str(path) in str(e) for e in errors] == [True]
        with pytest.raises(StoreError):
            list(store.all_annotations())
    assert tmp_files(tmp_path) == []


def test_damaged_catalogue_is_reported_and_annotations_still_work(tmp_path):
    s = Store(tmp_path)
    s.remember_document(DOC_A, "/a", "A", 1)
    s.catalog_path.write_bytes(b"{not json")
    with pytest.raises(StoreError, match="catalog.json is damaged"):
        s.documents()
    with pytest.raises(StoreError, match="damaged"):
        s.remember_document(DOC_A, "/a", "A", 1)
    a = ann()
    s.add(a)  # the annotation is saved; only the count could not be
    assert s.catalog_path.read_bytes() == b"{not json"
    assert isinstance(s.catalog_error, StoreError)
    assert Store(tmp_path).annotations(DOC_A) == [a]
    assert list(s.all_annotations()) == [a]


def test_empty_file_counts_as_new(store):
    path = store.document_path(DOC_A)
    path.parent.mkdir(parents=True)
    path.write_bytes(b"")
    assert store.annotations(DOC_A) == []
    a = ann()
    store.add(a)
    assert Store(store.data_dir).annotations(DOC_A) == [a]


def test_newer_schema_is_refused_and_kept(store):
    store.add(ann())
    path = store.document_path(DOC_A)
    data = json.loads(path.read_text("utf-8"))
    data["meta"] = {"1": {"schema": SCHEMA_VERSION + 1}}
    path.write_text(json.dumps(data), "utf-8")
    before = path.read_bytes()
    with pytest.raises(StoreError, match="newer"):
        store.annotations(DOC_A)
    with pytest.raises(StoreError, match="newer"):
        store.add(ann(start=10, end=12))
    assert path.read_bytes() == before


# -- failed writes -------------------------------------------------------------


def _fail(err: int):
    def boom(*args, **kwargs):
        raise OSError(err, os.strerror(err))

    return boom


@pytest.mark.parametrize("target", ["replace", "fsync", "write"])
def test_failed_write_keeps_the_old_file(store, monkeypatch, target):
    a = ann()
    store.remember_document(DOC_A, "/a", "A", 1)
    store.add(a)
    path = store.document_path(DOC_A)
    before_doc, before_cat = path.read_bytes(), store.catalog_path.read_bytes()

    monkeypatch.setattr(os, target, _fail(errno.ENOSPC))
    with pytest.raises(StoreError) as info:
        store.add(ann(start=20, end=30))
    assert str(info.value) == f"cannot save annotations to {store.log_path(DOC_A)}: No space left on device"
    with pytest.raises(StoreError):
        store.update(a.with_changes(note="lost"))
    with pytest.raises(StoreError):
        store.delete(DOC_A, a.id)
    monkeypatch.undo()

    assert path.read_bytes() == before_doc
    assert store.catalog_path.read_bytes() == before_cat
    assert tmp_files(store.data_dir) == []
    assert store.annotations(DOC_A) == [a]  # the in-memory view did not move either
    assert store.document_record(DOC_A)["annotations"] == 1
    assert Store(store.data_dir).annotations(DOC_A) == [a]

    b = ann(start=40, end=45)
    store.add(b)  # and the store works again once the disk does
    assert Store(store.data_dir).annotations(DOC_A) == [a, b]


def test_failed_first_write_leaves_nothing(tmp_path, monkeypatch):
    s = Store(tmp_path / "data")
    monkeypatch.setattr(os, "replace", _fail(errno.EROFS))
    with pytest.raises(StoreError, match="Read-only file system"):
        s.add(ann())
    monkeypatch.undo()
    assert not s.document_path(DOC_A).exists()
    assert tmp_files(tmp_path) == []
    assert s.annotations(DOC_A) == []


def test_apply_is_all_or_nothing_when_the_write_fails(store, monkeypatch):
    keep = [ann(start=i * 10, end=i * 10 + 5) for i in range(3)]
    store.apply(DOC_A, add=keep)
    path = store.document_path(DOC_A)
    before = path.read_bytes()

    monkeypatch.setattr(os, "replace", _fail(errno.ENOSPC))
    with pytest.raises(StoreError, match="No space left"):
        store.apply(
            DOC_A,
            add=[ann(start=50, end=55), keep[0].with_changes(note="changed")],
            remove=[keep[1].id, keep[2].id],
        )
    monkeypatch.undo()

    assert path.read_bytes() == before
    assert store.annotations(DOC_A) == keep
    assert Store(store.data_dir).annotations(DOC_A) == keep
    assert store.document_record(DOC_A)["annotations"] == 3
    assert tmp_files(store.data_dir) == []


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root ignores folder permissions"
)
def test_read_only_folder(store):
    a = ann()
    store.add(a)
    docs = store.document_path(DOC_A).parent
    before = store.document_path(DOC_A).read_bytes()
    docs.chmod(0o500)
    try:
        with pytest.raises(StoreError, match="cannot save annotations"):
            store.add(ann(start=10, end=20))
    finally:
        docs.chmod(0o700)
    assert store.document_path(DOC_A).read_bytes() == before
    assert tmp_files(store.data_dir) == []


def test_no_temp_files_after_normal_writes(store):
    for i in range(5):
        a = ann(start=i, end=i + 3)
        store.add(a)
        store.update(a.with_changes(note=str(i)))
    store.apply(DOC_B, add=[ann(DOC_B)])
    store.remember_document(DOC_A, "/a", "A", 1)
    assert tmp_files(store.data_dir) == []
    assert sorted(p.name for p in store.data_dir.iterdir()) == [".lock", "catalog.json", "docs"]


# -- the storage on its own ------------------------------------------------------


def test_atomic_storage_works_under_tinydb(tmp_path):
    path = tmp_path / "sub" / "db.json"
    db = TinyDB(path, storage=AtomicJSONStorage)
    assert not path.exists()
    db.insert({"x": 1})
    db.table("t").insert_multiple([{"y": 2}, {"y": 3}])
    db.update({"x": 5})
    db.close()
    assert json.loads(path.read_text("utf-8"))["_default"] == {"1": {"x": 5}}
    assert TinyDB(path).table("t").count(lambda r: True) == 2
    assert tmp_files(tmp_path) == []


def test_atomic_storage_caches_until_the_file_changes(tmp_path):
    path = tmp_path / "db.json"
    storage = AtomicJSONStorage(path)
    assert storage.read() is None
    storage.write({"t": {"1": {"v": 1}}})
    first = storage.read()
    assert first == {"t": {"1": {"v": 1}}}
    assert storage.read() is first  # no re-parse
    AtomicJSONStorage(path).write({"t": {"1": {"v": 2}}})  # another writer
    assert storage.read() == {"t": {"1": {"v": 2}}}


def test_atomic_storage_refuses_to_overwrite_a_damaged_file(tmp_path):
    path = tmp_path / "db.json"
    path.write_bytes(b"\xff\xfe junk")
    storage = AtomicJSONStorage(path)
    with pytest.raises(StoreError, match="is damaged"):
        storage.write({"t": {}})
    with pytest.raises(StoreError, match="not UTF-8"):
        storage.read()
    assert path.read_bytes() == b"\xff\xfe junk"


# -- catalogue rebuild, knowing a document, the lock's defaults --------------------------------


def test_rebuild_catalog_keeps_titles_and_fixes_counts(store):
    store.remember_document(DOC_A, "/a.md", "Book A", 3)
    store.apply(DOC_A, add=[ann(start=0, end=3), ann(start=5, end=8)])
    store.apply(DOC_B, add=[ann(DOC_B)])
    # a count gone stale (say, a kill between a document write and its count)
    data = json.loads(store.catalog_path.read_text("utf-8"))
    for record in data["documents"].values():
        record["annotations"] = 99
    store.catalog_path.write_text(json.dumps(data), "utf-8")

    assert store.rebuild_catalog() == 2
    records = {r["id"]: r for r in Store(store.data_dir).documents()}
    assert records[DOC_A]["annotations"] == 2 and records[DOC_A]["title"] == "Book A"
    assert records[DOC_B]["annotations"] == 1 and records[DOC_B]["path"] == ""
    store.catalog_path.write_bytes(b"{oops")
    with pytest.raises(StoreError, match="damaged"):
        store.rebuild_catalog()  # a damaged catalogue is moved aside (repair) first
    assert store.catalog_path.read_bytes() == b"{oops"


def test_has_document_and_derived_records(store):
    assert not store.has_document(DOC_A)
    store.remember_document(DOC_A, "/a", "A", 1)
    assert store.has_document(DOC_A)
    store.add(ann(DOC_B))
    assert store.has_document(DOC_B)
    store.catalog_path.write_bytes(b"[]")
    errors: list[StoreError] = []
    assert store.documents(errors=errors) == [
        {"id": DOC_B, "path": "", "title": "", "sections": 0, "annotations": 1, "opened": ""}
    ]
    assert len(errors) == 1 and str(store.catalog_path) in str(errors[0])


def test_lock_timeout_defaults_and_holder_record(tmp_path):
    assert Store(tmp_path).lock_timeout == 10.0
    assert Store(tmp_path, lock_timeout=None).lock_timeout is None
    s = Store(tmp_path, lock_timeout=None)  # None: wait as long as it takes
    s.add(ann())
    assert s.lock_holder() is None  # nobody holds it between writes
    with s.locked():
        assert s.lock_holder() == (os.getpid(), s.lock_holder()[1])


def test_a_tag_on_a_catalogued_document_writes_only_its_own_file(store):
    # one fsynced rewrite per tag: the catalogue's count (derived from the document's
    # file) follows when the catalogue is next read, or the store closes
    store.remember_document(DOC_A, "/a", "A", 1)
    before = store.catalog_path.read_bytes()
    store.add(ann(start=0, end=4))
    store.add(ann(start=5, end=9))
    assert store.catalog_path.read_bytes() == before
    assert store.document_record(DOC_A)["annotations"] == 2  # reading brings it up to date
    store.add(ann(start=10, end=14))
    store.close()
    catalog = json.loads(store.catalog_path.read_text("utf-8"))
    assert [r["annotations"] for r in catalog["documents"].values()] == [3]
