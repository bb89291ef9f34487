"""The change log beside each document's TinyDB file: a tag appends one line instead of
rewriting the file; the file stays what TinyDB reads once the store is closed; kills,
torn lines, damage, other processes and folds lose nothing confirmed."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest
from tinydb import TinyDB

import tui_reader.store as store_mod
import tui_reader.store.atomic as atomic_mod
import tui_reader.store.changelog as changelog
from tui_reader.store.journal import Journal
from tui_reader.store.lock import ProcessLock
from tui_reader.annotations import Annotation
from tui_reader.store import Damage, DamagedFile, Store, StoreError

TEXT = "In 1848 the assembly met in Frankfurt; its delegates claimed a constitution would unite the states. " * 30
DOC_A = hashlib.sha256(b"document a").hexdigest()
DOC_B = hashlib.sha256(b"document b").hexdigest()
ENV = {**os.environ, "PYTHONPATH": str(Path(store_mod.__file__).parents[2])}


def ann(doc: str = DOC_A, start: int = 0, end: int = 7, tag: str = "claim", note: str = "") -> Annotation:
    return Annotation.create(TEXT, doc, start, end, tag, note=note)


def tinydb_ids(path: Path) -> set[str]:
    db = TinyDB(path)
    try:
        return {r["id"] for r in db.table("annotations").all()}
    finally:
        db.close()


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file() and p.name != ".lock"}


@pytest.fixture
def started(tmp_path):
    """A store whose document A has a file with two annotations and no log yet."""
    store = Store(tmp_path)
    first = [ann(start=0, end=7), ann(start=10, end=20)]
    store.apply(DOC_A, add=first)
    assert not store.log_path(DOC_A).exists()
    return store, first


def test_a_tag_appends_to_the_log_and_the_file_holds_it_once_the_store_is_closed(started):
    store, first = started
    path, log = store.document_path(DOC_A), store.log_path(DOC_A)
    before = path.read_bytes()
    later = [ann(start=30, end=40), ann(start=50, end=60, note="check")]
    for a in later:
        store.add(a)
    checked = later[1].with_changes(note="checked")
    store.update(checked)
    store.delete(DOC_A, first[0].id)

    assert path.read_bytes() == before  # the file was not rewritten
    assert len(log.read_bytes().splitlines()) == 1 + 4  # a header and one line per change
    expected = [first[1], later[0], checked]
    assert Store(store.data_dir).annotations(DOC_A) == expected  # another Store replays the log
    assert tinydb_ids(path) == {a.id for a in first}  # TinyDB alone: not until the store closes

    store.close()
    assert not log.exists()
    assert tinydb_ids(path) == {a.id for a in expected}
    assert Store(store.data_dir).annotations(DOC_A) == expected
    raw = path.read_bytes()
    assert raw == json.dumps(json.loads(raw), ensure_ascii=False).encode("utf-8")


def test_the_log_is_folded_into_the_file_once_it_outgrows_it(started, monkeypatch):
    store, first = started
    monkeypatch.setattr(changelog, "FOLD_MIN_BYTES", 0)
    size = store.document_path(DOC_A).stat().st_size
    added = []
    while not added or store.log_path(DOC_A).exists():
        added.append(ann(start=len(added) + 100, end=len(added) + 110))
        store.add(added[-1])
        assert len(added) < 50
    assert len(added) > 1  # the log grew past the file's size first
    assert store.document_path(DOC_A).stat().st_size > size
    assert tinydb_ids(store.document_path(DOC_A)) == {a.id for a in first + added}
    assert store.check() == []


def test_a_bulk_change_over_several_documents_folds_their_logs(started):
    store, first = started
    logged = ann(start=30, end=40)
    store.add(logged)
    b = ann(DOC_B)
    store.apply_many({DOC_A: ([ann(start=60, end=70)], [first[0].id]), DOC_B: ([b], [])})
    assert not store.log_path(DOC_A).exists()
    assert logged.id in tinydb_ids(store.document_path(DOC_A))
    assert [a.id for a in Store(store.data_dir).annotations(DOC_A)] == [first[1].id, logged.id, store.annotations(DOC_A)[2].id]


def test_a_torn_last_change_is_dropped_and_cut_off_by_the_next_write(started):
    store, first = started
    kept = ann(start=30, end=40)
    store.add(kept)
    log = store.log_path(DOC_A)
    torn = changelog.encode_change([], [ann(start=70, end=80).to_dict()])[:-9]
    with open(log, "ab") as fh:  # what a writer killed inside its write leaves
        fh.write(torn)

    fresh = Store(store.data_dir)
    assert fresh.annotations(DOC_A) == first + [kept]
    assert fresh.check() == []
    new = ann(start=90, end=95)
    fresh.add(new)
    lines = log.read_bytes().split(b"\n")
    assert lines[-1] == b"" and all(json.loads(line) for line in lines[:-1])  # the torn bytes are gone
    assert Store(store.data_dir).annotations(DOC_A) == first + [kept, new]
    assert store.annotations(DOC_A) == first + [kept, new]


def _replace_file_behind_the_log(store: Store, log: Path) -> None:
    db = TinyDB(store.document_path(DOC_A))  # e.g. an older tui-reader, or a file put back from a backup
    db.table("annotations").insert(ann(start=99, end=104).to_dict())
    db.close()


def _insert_second_change(line: bytes):
    def damage(store: Store, log: Path) -> None:
        header, rest = log.read_bytes().split(b"\n", 1)
        first, rest = rest.split(b"\n", 1)
        log.write_bytes(b"\n".join([header, first, line, rest]))

    return damage


def _edit_header(old: bytes, new: bytes):
    def damage(store: Store, log: Path) -> None:
        log.write_bytes(log.read_bytes().replace(old, new, 1))

    return damage


LOG_DAMAGE = {
    "garbage line": (_insert_second_change(b"<html>not a change</html>"), "change 2 is not valid JSON"),
    "not a change": (_insert_second_change(b'{"add": []}'), "change 2 is not a change"),
    "bad record": (_insert_second_change(b'{"remove": [], "put": [{"id": "x", "start": "one"}]}'), "change 2 "),
    "no header": (_edit_header(b'{"format": "tui-reader-changes"', b'{"format": "something else"'), "not a change log's header"),
    "newer version": (_edit_header(b'"version": 1', b'"version": 9'), "written by a newer tui-reader"),
    "file replaced": (_replace_file_behind_the_log, "its changes were made to another version of"),
}


@pytest.mark.parametrize("kind", sorted(LOG_DAMAGE))
def test_a_damaged_log_is_reported_by_name_never_written_over_and_moved_aside_by_repair(started, kind):
    store, first = started
    store.add(ann(start=30, end=40))
    store.add(ann(start=50, end=60))
    damage, reason = LOG_DAMAGE[kind]
    log = store.log_path(DOC_A)
    damage(store, log)
    damaged = log.read_bytes()
    file_before = store.document_path(DOC_A).read_bytes()

    fresh = Store(store.data_dir)
    for s in (fresh, store):  # (the writer read the log before it was changed in place: no reason checked)
        with pytest.raises(DamagedFile) as info:
            s.annotations(DOC_A)
        assert info.value.path == log and "\n" not in str(info.value)
        assert s is store or reason in str(info.value)
        for attempt in (
            lambda: s.add(ann(start=70, end=75)),
            lambda: s.apply_many({DOC_A: ([ann(start=80, end=85)], []), DOC_B: ([ann(DOC_B)], [])}),
        ):
            with pytest.raises(StoreError):
                attempt()
        s.close()  # a fold would write over it: it must not
    assert log.read_bytes() == damaged
    assert store.document_path(DOC_A).read_bytes() == file_before
    assert not store.document_path(DOC_B).exists()  # the all-or-nothing bulk wrote nothing

    checker = Store(store.data_dir)
    found = checker.check()
    assert [d.path for d in found] == [log] and isinstance(found[0], Damage) and reason in found[0].reason
    backup = checker.repair(checker.document_path(DOC_A))  # as the app asks: the document's file
    assert backup.parent == log.parent and backup.read_bytes() == damaged
    assert backup.name.startswith(f"{DOC_A}.damaged-") and backup.name.endswith("Z.log")
    assert not log.exists() and checker.check() == []
    assert {a.id for a in checker.annotations(DOC_A)} == tinydb_ids(checker.document_path(DOC_A))  # the file's
    new = ann(start=90, end=95)
    checker.add(new)
    assert new in Store(store.data_dir).annotations(DOC_A)


def test_repairing_a_damaged_file_moves_its_log_aside_with_it(started):
    store, first = started
    store.add(ann(start=30, end=40))
    log_bytes = store.log_path(DOC_A).read_bytes()
    store.document_path(DOC_A).write_bytes(b"{half a fi")
    fresh = Store(store.data_dir)
    assert [d.path for d in fresh.check()] == [store.document_path(DOC_A)]
    fresh.repair(store.document_path(DOC_A))
    backups = sorted(p.name for p in store.docs_dir.iterdir())
    assert [n.rsplit(".", 1)[1] for n in backups] == ["json", "log"] and all(".damaged-" in n for n in backups)
    assert (store.docs_dir / backups[1]).read_bytes() == log_bytes
    assert fresh.annotations(DOC_A) == [] and fresh.check() == []


@pytest.mark.parametrize("target", ["pwrite", "fsync"])
def test_a_failing_append_leaves_the_log_and_the_view_as_they_were(started, monkeypatch, target):
    store, first = started
    kept = ann(start=30, end=40)
    store.add(kept)
    before = snapshot(store.data_dir)

    def fail(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, target, fail)
    with pytest.raises(StoreError, match=f"cannot save annotations to {store.log_path(DOC_A)}: No space left"):
        store.add(ann(start=50, end=60))
    monkeypatch.undo()
    assert snapshot(store.data_dir) == before
    assert store.annotations(DOC_A) == first + [kept]
    again = ann(start=70, end=80)
    store.add(again)
    assert Store(store.data_dir).annotations(DOC_A) == first + [kept, again]


class Killed(BaseException):
    """Stands for SIGKILL inside the process: nothing after it runs."""


def _kill_at(monkeypatch, store: Store, step: str) -> None:
    """Make the next fold of document A stop dead at ``step``."""
    log = store.log_path(DOC_A)
    if step == "writing the file":
        real = atomic_mod.write_new

        def write_new(path, payload, mode=None):
            if path.name.startswith(f".{DOC_A}.json."):
                raise Killed
            return real(path, payload, mode)

        monkeypatch.setattr(atomic_mod, "write_new", write_new)
    elif step == "before the commit point":
        real_replace = os.replace

        def replace(src, dst):
            if Path(dst).name == "journal.json":
                raise Killed
            return real_replace(src, dst)

        monkeypatch.setattr(os, "replace", replace)
    elif step == "after the commit point":
        monkeypatch.setattr(Journal, "roll_forward", lambda self, *args: (_ for _ in ()).throw(Killed()))
    elif step == "file replaced, log not yet deleted":
        real_unlink = os.unlink

        def unlink(path, *args, **kwargs):
            if Path(path) == log:
                raise Killed
            return real_unlink(path, *args, **kwargs)

        monkeypatch.setattr(os, "unlink", unlink)
    elif step == "log deleted, journal not yet":
        real_unlink = os.unlink

        def unlink(path, *args, **kwargs):
            if Path(path).name == "journal.json":
                raise Killed
            return real_unlink(path, *args, **kwargs)

        monkeypatch.setattr(os, "unlink", unlink)


FOLD_STEPS = [
    "writing the file",
    "before the commit point",
    "after the commit point",
    "file replaced, log not yet deleted",
    "log deleted, journal not yet",
]


@pytest.mark.parametrize("step", FOLD_STEPS)
def test_a_kill_during_a_fold_loses_nothing_and_never_replays_the_log_twice(started, monkeypatch, step):
    store, first = started
    logged = [ann(start=30, end=40), ann(start=50, end=60)]
    for a in logged:
        store.add(a)
    store.delete(DOC_A, first[0].id)
    expected = [first[1]] + logged
    reader = Store(store.data_dir)
    assert reader.annotations(DOC_A) == expected
    _kill_at(monkeypatch, store, step)
    with pytest.raises(Killed):
        store.close()  # folds
    monkeypatch.undo()

    assert reader.annotations(DOC_A) == expected  # a Store already open reads on
    fresh = Store(store.data_dir)
    assert fresh.annotations(DOC_A) == expected
    assert fresh.check() == []
    later = ann(start=70, end=80)
    fresh.add(later)
    changed = logged[0].with_changes(note="after the kill")
    fresh.update(changed)
    fresh.close()
    assert not (store.data_dir / "journal.json").exists() and not store.log_path(DOC_A).exists()
    assert list(store.data_dir.rglob("*.tmp")) == []
    final = Store(store.data_dir).annotations(DOC_A)
    assert final == [first[1], changed, logged[1], later]
    assert tinydb_ids(store.document_path(DOC_A)) == {a.id for a in final}


def test_a_reader_in_another_process_sees_every_confirmed_change_while_the_writer_folds(started):
    """The writer folds every other change (its file replaced, its log deleted and begun
    again); a reader that takes no lock must never see fewer annotations than were confirmed."""
    store, first = started
    script = textwrap.dedent(
        """
        import sys
        import tui_reader.store.changelog as changelog
        from tui_reader.annotations import Annotation
        from tui_reader.store import Store
        changelog.FOLD_MIN_BYTES = 0  # fold as soon as the log outgrows the file
        data_dir, doc, text = sys.argv[1], sys.argv[2], sys.argv[3]
        store = Store(data_dir)
        for i in range(120):
            a = Annotation.create(text, doc, 200 + i, 210 + i, "claim")
            store.add(a)
            print(a.id, flush=True)
            if i % 2:  # closing folds the log too
                store.close()
                store = Store(data_dir)
        store.close()
        """
    )
    child = subprocess.Popen(
        [sys.executable, "-c", script, str(store.data_dir), DOC_A, TEXT], stdout=subprocess.PIPE, env=ENV
    )
    confirmed: list[str] = []
    reader = threading.Thread(target=lambda: confirmed.extend(line.decode().strip() for line in child.stdout))
    reader.start()
    seen_reads = 0
    try:
        while child.poll() is None or reader.is_alive():
            before = set(confirmed)
            ids = {a.id for a in store.annotations(DOC_A)}
            assert before <= ids, f"{len(before - ids)} confirmed annotations not seen"
            assert {a.id for a in first} <= ids
            seen_reads += 1
    finally:
        child.wait(timeout=60)
        reader.join(timeout=60)
    assert child.returncode == 0 and len(confirmed) == 120
    assert {a.id for a in Store(store.data_dir).annotations(DOC_A)} == set(confirmed) | {a.id for a in first}
    assert seen_reads > 1


@pytest.mark.parametrize("then_add", [False, True])
def test_a_read_that_meets_a_fold_reads_the_new_file(started, monkeypatch, then_add):
    """Another process folds between a reader's read of the file and of the log (the log
    is gone, or a new one begun on the new file): the reader must read the new file."""
    store, first = started
    logged = ann(start=30, end=40)
    store.add(logged)
    reader = Store(store.data_dir)
    real_read = changelog.read
    folded = []

    def read_after_a_fold(path, since=None):
        if not folded:
            folded.append(True)
            writer = Store(store.data_dir)
            writer.annotations(DOC_A)
            writer.close()  # folds
            if then_add:
                writer = Store(store.data_dir)
                writer.add(ann(start=60, end=70))
        return real_read(path, since)

    monkeypatch.setattr(changelog, "read", read_after_a_fold)
    got = reader.annotations(DOC_A)
    assert logged in got and first[0] in got
    assert len(got) == (4 if then_add else 3)


def test_a_damaged_log_in_a_store_that_cannot_be_locked_is_still_named(started, monkeypatch):
    store, first = started
    store.add(ann(start=30, end=40))
    _insert_second_change(b"<html>")(store, store.log_path(DOC_A))
    fresh = Store(store.data_dir)

    def no_lock(self):
        raise StoreError(f"cannot save to {self.data_dir}: Read-only file system")

    monkeypatch.setattr(ProcessLock, "_file", no_lock)
    with pytest.raises(DamagedFile) as info:
        fresh.annotations(DOC_A)
    assert info.value.path == store.log_path(DOC_A)


def test_a_logged_annotation_past_the_end_of_its_text_is_the_logs_damage(started):
    store, first = started
    past = Annotation(**{**ann(start=30, end=40).to_dict(), "start": 5000, "end": 5010})
    store.add(past)  # (the text at hand is shorter than when it was tagged)
    length = 1000
    assert [d.path for d in store.check({DOC_A: length})] == [store.log_path(DOC_A)]
    assert store.check() == []
    backup = store.repair(store.document_path(DOC_A), length=length)
    assert backup.suffix == ".log" and not store.log_path(DOC_A).exists()
    assert store.annotations(DOC_A) == first
