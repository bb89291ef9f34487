"""Tests that try to break the store: kills, two writers, damaged files, old and new
schemas, a full disk, a busy lock. No timed assertions: waits only bound the test."""

from __future__ import annotations

import errno
import fcntl
import hashlib
import json
import os
import random
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest
from tinydb import TinyDB

import tui_reader.store as store_mod
import tui_reader.store.journal as journal_mod
import tui_reader.store.repair as repair_mod
from tui_reader.store.journal import Journal
from tui_reader.annotations import Annotation
from tui_reader.store import (
    SCHEMA_VERSION,
    Damage,
    DamagedFile,
    Store,
    StoreBusy,
    StoreError,
)

TEXT = "In 1848 the assembly met in Frankfurt; its delegates claimed a constitution would unite the states. " * 30
DOCS = [hashlib.sha256(f"document {c}".encode()).hexdigest() for c in "abc"]
DOC_A, DOC_B, DOC_C = DOCS
ENV = {**os.environ, "PYTHONPATH": str(Path(store_mod.__file__).parents[2])}


def ann(doc: str = DOC_A, start: int = 0, end: int = 7, tag: str = "date") -> Annotation:
    return Annotation.create(TEXT, doc, start, end, tag)


def our_temps(root: Path) -> list[Path]:
    return [p for p in root.rglob("*.tmp")]


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` (the lock file aside) and its bytes."""
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != ".lock"
    }


def strict_json(path: Path) -> dict:
    """Parse a store file as JSON, refusing duplicate keys (a TinyDB id collision)."""

    def no_duplicates(pairs):
        keys = [k for k, _ in pairs]
        assert len(keys) == len(set(keys)), f"duplicate keys in {path}"
        return dict(pairs)

    return json.loads(path.read_text("utf-8"), object_pairs_hook=no_duplicates)


def _fail(err: int):
    def boom(*args, **kwargs):
        raise OSError(err, os.strerror(err))

    return boom


# -- the kill test ------------------------------------------------------------------------

CHILD = textwrap.dedent(
    """
    import random, sys
    import tui_reader.store.changelog as changelog
    from tui_reader.annotations import Annotation, Link
    from tui_reader.tagset import DEFAULT_TAGS

    TAGS = DEFAULT_TAGS.names
    from tui_reader.store import Store

    data_dir, seed, text = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    docs = sys.argv[4].split(",")
    changelog.FOLD_MIN_BYTES = 0  # a log is folded as soon as it outgrows its file
    rng = random.Random(seed)
    store = Store(data_dir)
    out = sys.stdout

    announced = False

    def say(line):
        global announced
        out.write(line + "\\n")
        out.flush()
        if not announced and line.startswith("done"):
            # ready once one write is confirmed, so that a slow start on a busy machine
            # still gives every round a write before the kill
            announced = True
            sys.stderr.write("ready\\n")
            sys.stderr.flush()

    def new(doc):
        start = rng.randrange(0, len(text) - 12)
        return Annotation.create(text, doc, start, start + rng.randint(1, 12), rng.choice(TAGS))

    mine = []  # singles this child added, candidates for a delete
    # every child links first: a bulk, then a link between two of its annotations
    first = [new(docs[0]), new(docs[0])]
    say("begin bulk " + ",".join(a.id for a in first))
    store.apply_many({docs[0]: (first, [])})
    say("done bulk " + ",".join(a.id for a in first))
    link = Link.create("said_by", first[1].id)
    say("begin link " + first[0].id + "~" + link.id)
    store.update(first[0].with_changes(links=(link,)))
    say("done link " + first[0].id + "~" + link.id)
    while True:
        roll = rng.random()
        if roll < 0.08:  # closing folds every change log into its file
            say("begin fold -")
            store.close()
            store = Store(data_dir)
            say("done fold -")
        elif roll < 0.45:
            a = new(rng.choice(docs))
            say("begin add " + a.id)
            store.add(a)
            say("done add " + a.id)
            mine.append(a)
        elif roll < 0.52 and len(mine) > 1:  # a link is a change of its source annotation
            i = rng.randrange(len(mine))
            a, b = mine[i], rng.choice(mine)
            if b.id != a.id and b.document == a.document:
                link = Link.create("said_by", b.id)
                linked = a.with_changes(links=(*a.links, link))
                say("begin link " + a.id + "~" + link.id)
                store.update(linked)
                say("done link " + a.id + "~" + link.id)
                mine[i] = linked
        elif roll < 0.58 and mine:
            a = mine.pop(rng.randrange(len(mine)))
            say("begin delete " + a.id)
            store.delete(a.document, a.id)
            say("done delete " + a.id)
        else:
            changes = {d: ([], []) for d in docs}
            ids = []
            for i in range(20):
                a = new(docs[i % len(docs)])
                changes[a.document][0].append(a)
                ids.append(a.id)
            say("begin bulk " + ",".join(ids))
            store.apply_many(changes)
            say("done bulk " + ",".join(ids))
    """
)


class Ledger:
    """What the children said, and what the store must therefore hold."""

    def __init__(self) -> None:
        self.present: set[str] = set()  # must be stored
        self.absent: set[str] = set()  # must not be stored
        self.open_bulks: list[list[str]] = []  # begun, not confirmed: all or none
        self.open_singles: list[tuple[str, str]] = []  # ("add"|"delete", id), not confirmed
        self.confirmed = 0
        self.killed_mid_write = 0
        self.killed_mid_bulk = 0
        self.killed_mid_fold = 0

    def read(self, output: bytes) -> None:
        lines = output.decode("utf-8").split("\n")[:-1]  # drop a line cut by the kill
        pending = None
        for line in lines:
            stage, kind, ids = line.split(" ")
            if stage == "begin":
                pending = (kind, ids)
                continue
            assert pending == (kind, ids), line
            pending = None
            if kind == "fold":
                continue
            self.confirmed += 1
            id_list = ids.split(",")
            if kind == "delete":  # its links go with it
                links = {t for t in self.present if t.split("~")[0] in id_list}
                self.present.difference_update([*id_list, *links])
                self.absent.update(id_list)
            else:
                self.present.update(id_list)
        if pending is not None and pending[0] == "fold":
            self.killed_mid_fold += 1
        elif pending is not None:
            self.killed_mid_write += 1
            kind, ids = pending
            if kind == "bulk":
                self.killed_mid_bulk += 1
                self.open_bulks.append(ids.split(","))
            else:
                self.open_singles.append((kind, ids))

    def settle(self, stored: set[str]) -> None:
        """Check the store against what was confirmed; unconfirmed writes become
        whatever the store shows (it must stay that way in later rounds)."""
        uncertain = {ann_id for _, ann_id in self.open_singles}  # e.g. a delete not confirmed
        uncertain |= {t for t in self.present if t.split("~")[0] in uncertain}  # and its links
        missing = self.present - uncertain - stored
        assert not missing, f"{len(missing)} confirmed annotations lost, e.g. {sorted(missing)[:3]}"
        resurrected = self.absent & stored
        assert not resurrected, f"deleted annotations came back: {sorted(resurrected)[:3]}"
        for ids in self.open_bulks:
            there = [i in stored for i in ids]
            assert all(there) or not any(there), f"bulk half applied: {sum(there)} of {len(ids)}"
            (self.present if all(there) else self.absent).update(ids)
        for kind, ann_id in self.open_singles:
            if ann_id in stored:
                self.present.add(ann_id)
            else:
                self.present.discard(ann_id)
                self.absent.add(ann_id)
        self.open_bulks.clear()
        self.open_singles.clear()


def verify_store(data_dir: Path, fold: bool = False) -> set[str]:
    """A fresh Store opens, finishes or cleans what the kill left, every file is valid.
    With ``fold``, closing it folds the change logs: then TinyDB alone reads every annotation."""
    by_doc: dict[str, set[str]] = {}
    with Store(data_dir, lock_timeout=30) as store:
        assert not (data_dir / "journal.json").exists()
        assert our_temps(data_dir) == []
        assert store.check() == []
        # (a child killed before its first write leaves no catalogue yet)
        for path in [*data_dir.glob("catalog.json"), *sorted((data_dir / "docs").glob("*.json"))]:
            data = strict_json(path)
            assert data["meta"] == {"1": {"schema": SCHEMA_VERSION}}
        ids: list[str] = []
        links: list[str] = []  # "annotation~link" for every stored link
        for doc in DOCS:
            anns = store.annotations(doc)
            assert all(a.document == doc and TEXT[a.start : a.end] == a.quote for a in anns)
            ids.extend(a.id for a in anns)
            by_doc[doc] = {a.id for a in anns}
            links.extend(f"{a.id}~{link.id}" for a in anns for link in a.links)
        assert len(ids) == len(set(ids))
        assert {r["id"] for r in store.documents()} <= set(DOCS)
        if not fold:
            return {*ids, *links}
    for doc in DOCS:
        path = data_dir / "docs" / f"{doc}.json"
        assert not path.with_suffix(".log").exists()
        stored = {r["id"] for r in TinyDB(path).table("annotations").all()} if path.exists() else set()
        assert stored == by_doc[doc]
    return {*ids, *links}


def test_kill_test_random_sigkills_lose_nothing_confirmed(tmp_path):
    data_dir = tmp_path / "data"
    rng = random.Random(20261128)
    ledger = Ledger()
    kills = 36
    for round_ in range(kills):
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(data_dir), str(round_), TEXT, ",".join(DOCS)],
            stdout=open(tmp_path / f"out{round_}.txt", "wb"),
            stderr=subprocess.PIPE,
            env=ENV,
        )
        try:
            assert child.stderr.readline() == b"ready\n"
            time.sleep(rng.uniform(0.005, 0.080))
        finally:
            child.send_signal(signal.SIGKILL)
            child.wait(timeout=30)
            child.stderr.close()
        assert child.returncode == -signal.SIGKILL
        ledger.read((tmp_path / f"out{round_}.txt").read_bytes())
        ledger.settle(verify_store(data_dir, fold=round_ % 3 == 2))
    print(
        f"\nkill test: {kills} kills, {ledger.confirmed} confirmed writes, "
        f"{len(ledger.present)} annotations and links verified present, {len(ledger.absent)} absent, "
        f"{ledger.killed_mid_write} kills inside a write ({ledger.killed_mid_bulk} inside a bulk), "
        f"{ledger.killed_mid_fold} inside a fold"
    )
    assert ledger.confirmed > kills  # the children did write between kills
    assert len(ledger.present) > 0
    assert any("~" in t for t in ledger.present)  # links were confirmed and checked


def test_two_processes_add_to_one_document_and_lose_nothing(tmp_path):
    script = textwrap.dedent(
        """
        import sys
        from tui_reader.annotations import Annotation
        from tui_reader.store import Store
        data_dir, doc, text, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
        s = Store(data_dir)
        sys.stdout.write("ready\\n"); sys.stdout.flush()
        sys.stdin.readline()  # start together
        for i in range(n):
            a = Annotation.create(text, doc, i, i + 3, "claim")
            if i % 4 == 3:  # both kinds of write
                s.apply_many({doc: ([a], [])})
            else:
                s.add(a)
            print(a.id, flush=True)
        """
    )
    n = 40
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", script, str(tmp_path), DOC_A, TEXT, str(n)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=ENV,
        )
        for _ in range(2)
    ]
    for p in procs:
        assert p.stdout.readline() == b"ready\n"
    for p in procs:
        p.stdin.write(b"go\n")
        p.stdin.close()
    written = [p.stdout.read().decode().split() for p in procs]
    assert [p.wait(timeout=60) for p in procs] == [0, 0]
    assert [len(w) for w in written] == [n, n]

    data = strict_json(tmp_path / "docs" / f"{DOC_A}.json")  # no TinyDB id used twice
    assert len(data["annotations"]) == 2 * n
    store = Store(tmp_path)
    ids = [a.id for a in store.annotations(DOC_A)]
    assert len(ids) == len(set(ids)) == 2 * n
    assert set(ids) == set(written[0]) | set(written[1])
    assert store.document_record(DOC_A)["annotations"] == 2 * n
    assert len(TinyDB(tmp_path / "docs" / f"{DOC_A}.json").table("annotations")) == 2 * n


# -- all-or-nothing over several documents --------------------------------------------------


def test_apply_many_changes_several_documents_at_once(tmp_path):
    store = Store(tmp_path)
    old = ann(DOC_A, 0, 5)
    store.add(old)
    adds = {doc: [ann(doc, i * 10, i * 10 + 4) for i in range(1, 4)] for doc in DOCS}
    store.apply_many(
        {DOC_A: (adds[DOC_A], [old.id]), DOC_B: (adds[DOC_B], []), DOC_C: (adds[DOC_C], [])},
        records={DOC_C: {"path": "/books/c.txt", "title": "C"}},
    )
    fresh = Store(tmp_path)
    for doc in DOCS:
        assert fresh.annotations(doc) == adds[doc]
        assert fresh.document_record(doc)["annotations"] == 3
    assert fresh.document_record(DOC_C)["path"] == "/books/c.txt"
    assert fresh.document_record(DOC_C)["title"] == "C"
    assert not (tmp_path / "journal.json").exists() and our_temps(tmp_path) == []
    store.apply_many({})  # nothing to do
    store.apply_many({DOC_A: ([], [])})
    assert Store(tmp_path).annotations(DOC_A) == adds[DOC_A]


def test_apply_many_with_a_missing_removal_changes_nothing(tmp_path):
    store = Store(tmp_path)
    store.add(ann(DOC_A))
    before = snapshot(tmp_path)
    with pytest.raises(StoreError, match="is not stored"):
        store.apply_many({DOC_B: ([ann(DOC_B)], []), DOC_A: ([], ["nope"])})
    assert snapshot(tmp_path) == before


class Killed(BaseException):
    """Stands for SIGKILL inside the process: nothing after it runs."""


def test_a_kill_after_the_commit_point_is_rolled_forward_on_open(tmp_path, monkeypatch):
    store = Store(tmp_path)
    store.add(ann(DOC_A))
    adds = {doc: [ann(doc, 20, 30), ann(doc, 40, 44)] for doc in DOCS}

    def killed(self, *args):
        raise Killed

    monkeypatch.setattr(Journal, "roll_forward", killed)
    with pytest.raises(Killed):
        store.apply_many({doc: (adds[doc], []) for doc in DOCS})
    monkeypatch.undo()
    journal = json.loads((tmp_path / "journal.json").read_text("utf-8"))
    assert len(journal["replace"]) == 4  # three documents and the catalogue
    assert len(our_temps(tmp_path)) == 4

    fresh = Store(tmp_path)  # the journal says committed: put it in place
    assert not (tmp_path / "journal.json").exists() and our_temps(tmp_path) == []
    for doc in DOCS:
        assert adds[doc][0] in fresh.annotations(doc) and adds[doc][1] in fresh.annotations(doc)
    assert fresh.document_record(DOC_B)["annotations"] == 2
    assert fresh.check() == []


def test_a_store_already_open_finishes_a_committed_change_before_reading(tmp_path, monkeypatch):
    reader = Store(tmp_path)
    writer = Store(tmp_path)
    adds = {doc: [ann(doc, 20, 30)] for doc in DOCS}
    monkeypatch.setattr(Journal, "roll_forward", lambda self, *args: (_ for _ in ()).throw(Killed()))
    with pytest.raises(Killed):
        writer.apply_many({doc: (adds[doc], []) for doc in DOCS})
    monkeypatch.undo()
    assert (tmp_path / "journal.json").exists()
    assert reader.annotations(DOC_B) == adds[DOC_B]  # not the old (empty) file
    assert not (tmp_path / "journal.json").exists()
    assert reader.annotations(DOC_C) == adds[DOC_C]


def test_a_kill_before_the_commit_point_leaves_nothing(tmp_path, monkeypatch):
    store = Store(tmp_path)
    a = ann(DOC_A)
    store.add(a)
    before = snapshot(tmp_path)
    real_write_new = journal_mod.write_new

    def killed_at_journal(path, payload, mode=None):
        if path.name.startswith(".journal.json."):
            raise Killed
        return real_write_new(path, payload, mode)

    monkeypatch.setattr(journal_mod, "write_new", killed_at_journal)
    with pytest.raises(Killed):
        store.apply_many({DOC_A: ([ann(DOC_A, 30, 35)], []), DOC_B: ([ann(DOC_B)], [])})
    monkeypatch.undo()
    assert not (tmp_path / "journal.json").exists()

    fresh = Store(tmp_path)  # no journal: the temp files were never committed
    assert our_temps(tmp_path) == []
    assert snapshot(tmp_path) == before
    assert fresh.annotations(DOC_A) == [a] and fresh.annotations(DOC_B) == []


def test_leftover_temp_files_are_removed_on_open_and_only_ours(tmp_path):
    Store(tmp_path).add(ann(DOC_A))
    docs = tmp_path / "docs"
    ours = [
        docs / f".{DOC_A}.json.4242.0123456789ab.tmp",
        docs / f".{DOC_B}.json.17.abcdefabcdef.tmp",
        tmp_path / ".catalog.json.99.000000000000.tmp",
        tmp_path / ".journal.json.99.111111111111.tmp",
        docs / f".{DOC_A}.json.schema0.bak.5.222222222222.tmp",
    ]
    others = [
        tmp_path / "mine.tmp",
        tmp_path / ".notes.txt.99.000000000000.tmp",  # not a store file's name
        docs / f".{DOC_A}.json.abc.0123456789ab.tmp",  # not a pid
        docs / f".{DOC_A}.json.12.xyz.tmp",  # an export's mkstemp name
        tmp_path / ".catalog.json.12.0123456789ab.tmp.keep",
    ]
    for p in ours + others:
        p.write_bytes(b"{half a fi")
    Store(tmp_path)
    assert [p for p in ours if p.exists()] == []
    assert [p for p in others if p.exists()] == others


# -- damaged files -------------------------------------------------------------------------


def _newer_schema(path: Path) -> bytes:
    data = json.loads(path.read_text("utf-8"))
    data["meta"] = {"1": {"schema": SCHEMA_VERSION + 1}}
    return json.dumps(data).encode()


DAMAGES = {
    "truncated": lambda p: p.read_bytes()[: len(p.read_bytes()) // 2],
    "not-json": lambda p: b"<html>this is not JSON</html>",
    "not-utf8": lambda p: p.read_bytes().replace(b'"', b'"caf\xe9 ', 1),
    "wrong-shape": lambda p: b'{"annotations": [1, 2, 3], "meta": {"1": {"schema": 1}}}',
    "newer-schema": _newer_schema,
}


@pytest.fixture
def two_documents(tmp_path):
    store = Store(tmp_path)
    store.remember_document(DOC_A, "/a.txt", "A", 1)
    store.remember_document(DOC_B, "/b.txt", "B", 1)
    a = [ann(DOC_A, 0, 5), ann(DOC_A, 10, 15)]
    b = [ann(DOC_B, 0, 5)]
    store.apply(DOC_A, add=a)
    store.apply(DOC_B, add=b)
    return store, a, b


@pytest.mark.parametrize("kind", sorted(DAMAGES))
def test_a_damaged_document_file_is_never_overwritten_and_repair_moves_it_aside(two_documents, kind):
    store, a, b = two_documents
    root = store.data_dir
    path = store.document_path(DOC_A)
    damaged = DAMAGES[kind](path)
    path.write_bytes(damaged)

    fresh = Store(root)  # opening never fails because of one file
    for s in (store, fresh):
        with pytest.raises(StoreError) as info:
            s.annotations(DOC_A)
        assert str(path) in str(info.value) and "\n" not in str(info.value)
        assert ("newer" if kind == "newer-schema" else "damaged") in str(info.value)
        for attempt in (
            lambda: s.add(ann(DOC_A, 30, 35)),
            lambda: s.apply(DOC_A, remove=[a[0].id]),
            lambda: s.apply_many({DOC_A: ([ann(DOC_A, 40, 45)], []), DOC_B: ([ann(DOC_B, 40, 45)], [])}),
        ):
            with pytest.raises(StoreError):
                attempt()
        assert s.annotations(DOC_B) == b  # the all-or-nothing bulk left B alone too
        # other documents work, and writing them leaves the damaged file alone
        extra = ann(DOC_B, 50, 55)
        s.add(extra)
        s.apply_many({DOC_B: ([], [extra.id]), DOC_C: ([ann(DOC_C)], [])})
        s.remember_document(DOC_A, "/a.txt", "A", 1)
        assert path.read_bytes() == damaged
    assert our_temps(root) == []

    found = fresh.check()
    assert [d.path for d in found] == [path] and isinstance(found[0], Damage)
    assert found[0].reason and "\n" not in found[0].reason
    assert path.read_bytes() == damaged

    backup = fresh.repair(path)
    assert backup.parent == path.parent and backup.read_bytes() == damaged
    assert backup.name.startswith(f"{DOC_A}.damaged-") and backup.name.endswith("Z.json")
    assert not path.exists()
    assert fresh.check() == []
    assert fresh.annotations(DOC_A) == [] and store.annotations(DOC_A) == []
    assert fresh.document_record(DOC_A)["annotations"] == 0
    new = ann(DOC_A, 60, 65)
    store.add(new)
    assert Store(root).annotations(DOC_A) == [new]
    assert backup.read_bytes() == damaged
    assert list(Store(root).all_annotations()) != []  # the backup is not read as a document


@pytest.mark.parametrize("kind", sorted(DAMAGES))
def test_a_damaged_catalogue_stops_no_annotation_and_is_rebuilt_on_repair(two_documents, kind):
    store, a, b = two_documents
    root = store.data_dir
    cat = store.catalog_path
    if kind == "wrong-shape":
        damaged = b'{"documents": {"1": {"title": "no id"}}, "meta": {"1": {"schema": 1}}}'
    else:
        damaged = DAMAGES[kind](cat)
    cat.write_bytes(damaged)

    fresh = Store(root)
    with pytest.raises(StoreError):
        fresh.documents()
    errors: list[StoreError] = []
    derived = fresh.documents(errors=errors)
    assert [str(cat) in str(e) for e in errors] == [True]
    assert {r["id"]: r["annotations"] for r in derived} == {DOC_A: 2, DOC_B: 1}
    assert fresh.annotations(DOC_A) == a
    new = ann(DOC_A, 30, 35)
    fresh.add(new)  # saved; only the count is not
    fresh.apply_many({DOC_B: ([ann(DOC_B, 30, 35)], [])})
    assert isinstance(fresh.catalog_error, StoreError)
    assert cat.read_bytes() == damaged
    assert {x.id for x in Store(root).annotations(DOC_A)} == {a[0].id, a[1].id, new.id}

    assert [d.path for d in fresh.check()] == [cat]
    backup = fresh.repair(cat)
    assert backup.read_bytes() == damaged and backup.name.startswith("catalog.damaged-")
    records = {r["id"]: r for r in Store(root).documents()}
    assert {k: r["annotations"] for k, r in records.items()} == {DOC_A: 3, DOC_B: 2}
    assert records[DOC_A]["title"] == "" and records[DOC_A]["path"] == ""
    assert fresh.check() == [] and fresh.catalog_error is None
    fresh.remember_document(DOC_A, "/a.txt", "A", 1)
    assert Store(root).document_record(DOC_A)["title"] == "A"


def test_repair_refuses_healthy_and_foreign_files(two_documents, tmp_path):
    store, a, b = two_documents
    before = snapshot(store.data_dir)
    with pytest.raises(StoreError, match="not damaged"):
        store.repair(store.document_path(DOC_A))
    with pytest.raises(StoreError, match="not damaged"):
        store.repair(store.catalog_path)
    with pytest.raises(StoreError, match="does not exist"):
        store.repair(store.document_path(DOC_C))
    with pytest.raises(StoreError, match="not a file of the store"):
        store.repair(tmp_path / "elsewhere.json")
    assert snapshot(store.data_dir) == before


def test_repair_never_replaces_an_earlier_backup(two_documents, monkeypatch):
    store, a, b = two_documents
    path = store.document_path(DOC_A)
    monkeypatch.setattr(repair_mod, "utc_stamp", lambda: "20261128T120000Z")
    backups = []
    for content in (b"{first", b"{second", b"{third"):
        path.write_bytes(content)
        backups.append(store.repair(path))
    assert [p.name for p in backups] == [
        f"{DOC_A}.damaged-20261128T120000Z.json",
        f"{DOC_A}.damaged-20261128T120000Z-2.json",
        f"{DOC_A}.damaged-20261128T120000Z-3.json",
    ]
    assert [p.read_bytes() for p in backups] == [b"{first", b"{second", b"{third"]


def test_a_damaged_journal_is_reported_and_blocks_writes_until_repaired(tmp_path):
    store = Store(tmp_path)
    a = ann(DOC_A)
    store.add(a)
    journal = tmp_path / "journal.json"
    journal.write_bytes(b'{"replace": [["../../etc/passwd", "docs/x.json"]]}')
    fresh = Store(tmp_path)
    assert isinstance(fresh.journal_error, DamagedFile)
    assert fresh.annotations(DOC_A) == [a]  # reads go on
    with pytest.raises(StoreError, match="journal.json is damaged"):
        fresh.add(ann(DOC_A, 20, 25))
    assert [d.path for d in fresh.check()] == [journal]
    backup = fresh.repair(journal)
    assert backup.name.startswith("journal.damaged-") and not journal.exists()
    fresh.add(ann(DOC_A, 20, 25))
    assert len(Store(tmp_path).annotations(DOC_A)) == 2


# -- schema versions -------------------------------------------------------------------------


def _plain_tinydb_file(path: Path, anns: list[Annotation]) -> bytes:
    path.parent.mkdir(parents=True, exist_ok=True)
    db = TinyDB(path)  # plain TinyDB: no meta table, i.e. schema 0
    db.table("annotations").insert_multiple([x.to_dict() for x in anns])
    db.close()
    return path.read_bytes()


def test_a_schema_0_document_is_migrated_on_open_with_a_backup(tmp_path):
    store = Store(tmp_path)
    path = store.document_path(DOC_A)
    anns = [ann(DOC_A, 0, 5), ann(DOC_A, 8, 12)]
    original = _plain_tinydb_file(path, anns)
    assert "meta" not in json.loads(original)

    assert Store(tmp_path).annotations(DOC_A) == anns
    backup = path.with_name(f"{DOC_A}.json.schema0.bak")
    assert backup.read_bytes() == original
    data = json.loads(path.read_text("utf-8"))
    assert data["meta"] == {"1": {"schema": SCHEMA_VERSION}}
    assert [r["id"] for r in data["annotations"].values()] == [x.id for x in anns]
    assert Store(tmp_path).check() == []

    # another schema-0 file for the same name later: the first backup is kept
    again = _plain_tinydb_file(path.with_name("tmp.json"), [anns[0]])
    path.with_name("tmp.json").replace(path)
    assert Store(tmp_path).annotations(DOC_A) == [anns[0]]
    assert backup.read_bytes() == original
    assert path.with_name(f"{DOC_A}.json.schema0.1.bak").read_bytes() == again
    assert list(Store(tmp_path).all_annotations()) == [anns[0]]  # backups are not documents


def test_a_schema_0_catalogue_is_migrated_with_a_backup(tmp_path):
    cat = tmp_path / "catalog.json"
    db = TinyDB(cat)
    db.table("documents").insert({"id": DOC_A, "path": "/a.txt", "title": "A", "sections": 1, "annotations": 0, "opened": ""})
    db.close()
    original = cat.read_bytes()
    store = Store(tmp_path)
    assert store.document_record(DOC_A)["title"] == "A"
    assert (tmp_path / "catalog.json.schema0.bak").read_bytes() == original
    assert json.loads(cat.read_text("utf-8"))["meta"] == {"1": {"schema": SCHEMA_VERSION}}


def test_a_schema_0_file_that_cannot_be_migrated_is_read_but_never_written(tmp_path, monkeypatch):
    store = Store(tmp_path)
    path = store.document_path(DOC_A)
    anns = [ann(DOC_A, 0, 5)]
    original = _plain_tinydb_file(path, anns)
    monkeypatch.setattr(os, "replace", _fail(errno.EROFS))
    assert store.annotations(DOC_A) == anns  # read as it is
    with pytest.raises(StoreError, match="Read-only file system"):
        store.add(ann(DOC_A, 10, 12))
    monkeypatch.undo()
    assert path.read_bytes() == original
    assert our_temps(tmp_path) == []
    store.add(ann(DOC_A, 10, 12))  # migrates (with its backup), then writes
    assert path.with_name(f"{DOC_A}.json.schema0.bak").read_bytes() == original
    assert len(Store(tmp_path).annotations(DOC_A)) == 2


def test_a_bad_schema_value_is_damage(tmp_path):
    store = Store(tmp_path)
    store.add(ann(DOC_A))
    path = store.document_path(DOC_A)
    data = json.loads(path.read_text("utf-8"))
    data["meta"] = {"1": {"schema": "one"}}
    path.write_text(json.dumps(data), "utf-8")
    with pytest.raises(DamagedFile, match="schema version 'one'"):
        Store(tmp_path).annotations(DOC_A)


# -- full disk, read-only folder --------------------------------------------------------------


@pytest.mark.parametrize(
    "target,err", [("write", errno.ENOSPC), ("fsync", errno.ENOSPC), ("replace", errno.EROFS)]
)
def test_a_failing_bulk_write_keeps_everything_as_it_was(tmp_path, monkeypatch, target, err):
    store = Store(tmp_path)
    store.remember_document(DOC_A, "/a.txt", "A", 1)
    keep = [ann(DOC_A, 0, 5), ann(DOC_A, 10, 15)]
    store.apply(DOC_A, add=keep)
    before = snapshot(tmp_path)

    monkeypatch.setattr(os, target, _fail(err))
    with pytest.raises(StoreError) as info:
        store.apply_many({DOC_A: ([ann(DOC_A, 30, 35)], [keep[0].id]), DOC_B: ([ann(DOC_B)], [])})
    monkeypatch.undo()
    message = str(info.value)
    assert os.strerror(err) in message and "cannot save" in message and "\n" not in message

    assert snapshot(tmp_path) == before
    assert our_temps(tmp_path) == [] and not (tmp_path / "journal.json").exists()
    assert store.annotations(DOC_A) == keep and store.annotations(DOC_B) == []
    assert store.document_record(DOC_A)["annotations"] == 2
    fresh = Store(tmp_path)
    assert fresh.annotations(DOC_A) == keep
    store.apply_many({DOC_B: ([ann(DOC_B)], [])})  # works again once the disk does
    assert len(Store(tmp_path).annotations(DOC_B)) == 1


@pytest.mark.parametrize("target", ["write", "fsync", "replace"])
def test_a_failing_single_write_keeps_the_old_file_and_the_cache(tmp_path, monkeypatch, target):
    store = Store(tmp_path)
    a = ann(DOC_A)
    store.add(a)
    before = snapshot(tmp_path)
    monkeypatch.setattr(os, target, _fail(errno.ENOSPC))
    with pytest.raises(StoreError, match="No space left on device"):
        store.update(a.with_changes(note="lost"))
    monkeypatch.undo()
    assert snapshot(tmp_path) == before and our_temps(tmp_path) == []
    assert store.annotations(DOC_A) == [a]


def test_a_failure_after_the_commit_point_is_finished_later(tmp_path, monkeypatch):
    store = Store(tmp_path)
    adds = {doc: [ann(doc, 3, 9)] for doc in (DOC_A, DOC_B)}
    real_replace = os.replace
    calls = []

    def second_fails(src, dst):
        calls.append(dst)
        if len(calls) == 2:  # the journal went in; the first file fails
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", second_fails)
    with pytest.raises(StoreError, match="could not be put in place"):
        store.apply_many({doc: (adds[doc], []) for doc in adds})
    monkeypatch.undo()
    assert (tmp_path / "journal.json").exists()
    assert store.annotations(DOC_A) == adds[DOC_A]  # the read finishes the change first
    assert store.annotations(DOC_B) == adds[DOC_B]
    assert not (tmp_path / "journal.json").exists() and our_temps(tmp_path) == []


# -- the lock ----------------------------------------------------------------------------------


def test_a_busy_store_names_the_holder_after_lock_timeout(tmp_path):
    store = Store(tmp_path, lock_timeout=0.2)
    store.add(ann(DOC_A))
    before = snapshot(tmp_path)
    fd = os.open(tmp_path / ".lock", os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        for attempt in (
            lambda: store.add(ann(DOC_A, 10, 12)),
            lambda: store.apply_many({DOC_B: ([ann(DOC_B)], [])}),
            lambda: store.remember_document(DOC_A, "/a", "A", 1),
        ):
            with pytest.raises(StoreBusy) as info:
                attempt()
            message = str(info.value)
            assert message.startswith(f"the store at {tmp_path} is busy: ")
            assert f"(pid {os.getpid()}) is writing; try again" in message
            assert "\n" not in message
        assert store.annotations(DOC_A)  # reads need no lock
    finally:
        os.close(fd)
    assert snapshot(tmp_path) == before
    store.add(ann(DOC_A, 10, 12))


def test_the_lock_file_names_the_writer_and_a_busy_message_says_which_command(tmp_path):
    Store(tmp_path).add(ann(DOC_A))
    info = json.loads((tmp_path / ".lock").read_text("utf-8"))
    assert info["pid"] == os.getpid() and info["command"]

    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from tui_reader.store import Store\n"
            "with Store(sys.argv[1]).locked():\n"
            "    print('held', flush=True); sys.stdin.readline()",
            str(tmp_path),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        env=ENV,
    )
    try:
        assert holder.stdout.readline() == b"held\n"
        with pytest.raises(StoreBusy) as info:
            Store(tmp_path, lock_timeout=0.2).add(ann(DOC_A, 5, 9))
        assert f"busy: python (pid {holder.pid}) is writing; try again" in str(info.value)
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)


def test_a_writer_waits_for_the_lock_to_be_released(tmp_path):
    store = Store(tmp_path, lock_timeout=30)
    store.add(ann(DOC_A))
    fd = os.open(tmp_path / ".lock", os.O_RDWR)
    fcntl.flock(fd, fcntl.LOCK_EX)
    release = threading.Timer(0.2, lambda: os.close(fd))
    release.start()
    try:
        store.add(ann(DOC_A, 10, 12))  # waits, then writes
    finally:
        release.join()
    assert len(Store(tmp_path).annotations(DOC_A)) == 2


def test_an_import_holding_the_lock_can_read_then_write(tmp_path):
    store = Store(tmp_path, lock_timeout=0.2)
    other = Store(tmp_path, lock_timeout=0.2)
    with store.locked():
        assert store.annotations(DOC_A) == []
        store.add(ann(DOC_A))
        with pytest.raises(StoreBusy):
            other.add(ann(DOC_A, 10, 12))
    other.add(ann(DOC_A, 10, 12))
    assert len(store.annotations(DOC_A)) == 2
