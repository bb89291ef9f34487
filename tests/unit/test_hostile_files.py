"""Hostile files: every reader of outside data (store files, catalogue, journal, lock
file, config, each import format) meets random and mutated bytes with one clear line
and exit status 2, never a traceback; nothing stored is lost and `repair` works."""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui_reader.annotations import Annotation
from tui_reader.cli import main
from tui_reader.config import resolve_annotator, resolve_text_width
from tui_reader.document import load_document
from tui_reader.errors import UserError
from tui_reader.store import Store

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "sample_docs" / "us-ecuador-joint-operations.txt"
GOLDEN = ROOT / "tests" / "golden"
TEXT = SAMPLE.read_text(encoding="utf-8")
DOC_ID = load_document(SAMPLE).id
HUGE = "1" * 5000  # more digits than Python converts (4,300)

# deterministic for CI, a few seconds a reader; TUI_READER_FUZZ_EXAMPLES=500 looks harder
FUZZ = settings(
    max_examples=int(os.environ.get("TUI_READER_FUZZ_EXAMPLES", "30")),
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)

# what hostile files hold: numbers Python cannot convert, signs, wrong types, nesting,
# NUL, line breaks of every kind, bytes that are not UTF-8
NASTY_TOKENS = [
    HUGE.encode(), b"-" + HUGE.encode(), b"-5", b"-1", b"0", b"1e999", b"-0", b"9" * 30, b"NaN", b"Infinity",
    b"null", b"true", b"[]", b"{}", b'""', b'"\\u0000"', b'"a\\nb"', b'"\\u2028"', b"[" * 3000,
    b"\xff\xfe", b"\x00", b"\t", b"\n", b"\r", b"\xe2\x80\xa8", b";", b" ", b'"' + b"x" * 300 + b'"',
]
NASTY_VALUES = [
    "__HUGE__", "__-HUGE__", -5, -1, 0, 10**30, 1.5, float("inf"), None, True, "", "\x00", "a\nb", "\u2028",
    [], {}, [1, 2], {"a": 1}, "../../etc/passwd", "x" * 5000, "orphaned", "claim",
]


def mutate_bytes(seed: bytes):
    """A strategy: ``seed`` with a few slices replaced by random or nasty bytes, cut out
    or doubled."""
    op = st.tuples(
        st.sampled_from(["replace", "token", "delete", "double"]),
        st.integers(0, max(0, len(seed))),
        st.integers(0, 40),
        st.one_of(st.binary(max_size=20), st.sampled_from(NASTY_TOKENS)),
    )

    def apply(ops) -> bytes:
        data = bytearray(seed)
        for kind, at, length, new in ops:
            at = min(at, len(data))
            end = min(len(data), at + length)
            if kind == "delete":
                del data[at:end]
            elif kind == "double":
                data[at:at] = data[at:end]
            elif kind == "token":
                # a token where a value starts: after ':' or ' ' or '\t' if there is one near
                for j in range(at, min(len(data), at + 200)):
                    if data[j : j + 1] in (b":", b"\t", b" "):
                        at = j + 1
                        break
                end = at
                while end < len(data) and data[end : end + 1] not in b",}]\t\n":
                    end += 1
                data[at:end] = new
            else:
                data[at:end] = new
        return bytes(data)

    return st.lists(op, min_size=1, max_size=4).map(apply)


def _paths(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _paths(v, prefix + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _paths(v, prefix + (i,))


def _replace(value, path, new):
    if not path:
        return new
    copy = dict(value) if isinstance(value, dict) else list(value)
    copy[path[0]] = _replace(value[path[0]], path[1:], new)
    return copy


def mutate_json(seed: bytes):
    """A strategy: the JSON ``seed`` with one or two values (anywhere in its tree)
    replaced by a hostile value, written back as JSON."""
    tree = json.loads(seed)
    paths = list(_paths(tree))
    change = st.tuples(st.sampled_from(paths), st.sampled_from(NASTY_VALUES))

    def apply(changes) -> bytes:
        data = tree
        for path, new in changes:
            try:
                data = _replace(data, path, new)
            except (KeyError, IndexError, TypeError):  # an earlier change removed the path
                continue
        text = json.dumps(data, ensure_ascii=False)
        # Python's json cannot write such a number: put it in by hand
        return text.replace('"__HUGE__"', HUGE).replace('"__-HUGE__"', "-" + HUGE).encode("utf-8")

    return st.lists(change, min_size=1, max_size=2).map(apply)


def hostile(seed: bytes, is_json: bool = True):
    strategies = [mutate_bytes(seed), st.binary(max_size=300)]
    if is_json:
        strategies.insert(0, mutate_json(seed))
    return st.one_of(*strategies)


def run(capsys, *argv: str) -> tuple[int, str, str]:
    """The CLI, which must end with a status and at most one line of each error."""
    status = main(list(argv))
    out, err = capsys.readouterr()
    assert status in (0, 1, 2), (argv, status, err)
    assert "Traceback" not in err
    if status == 2:  # the error is the last line, and one line
        assert err.splitlines()[-1].startswith("tui-reader: "), (argv, err)
    return status, out, err


def one_line(exc: UserError) -> None:
    message = str(exc)
    assert message.strip() and "\n" not in message, message


_TEMPLATES: dict[str, dict[Path, bytes]] = {}


class Library:
    """A data folder holding the sample with three annotations, its file at hand."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.article = root / "article.txt"
        shutil.copy(SAMPLE, self.article)
        self.data = root / "data"
        path = str(self.article.resolve())
        template = _TEMPLATES.get(path)
        if template is None:  # the store written once per path, then copied
            with Store(self.data) as store:
                store.remember_document(DOC_ID, path, "Article", 16)
                for quote, tag in (("Francis L. Donovan", "actor"), ("Los Lobos", "claim"), ("Daniel Noboa", "date")):
                    i = TEXT.index(quote)
                    store.add(Annotation.create(TEXT, DOC_ID, i, i + len(quote), tag, section="S"))
            _TEMPLATES[path] = {p.relative_to(self.data): p.read_bytes() for p in self.data.rglob("*") if p.is_file()}
        else:
            for rel, content in template.items():
                (self.data / rel).parent.mkdir(parents=True, exist_ok=True)
                (self.data / rel).write_bytes(content)
        self.doc_file = self.data / "docs" / f"{DOC_ID}.json"
        self.catalog = self.data / "catalog.json"

    def cli(self, capsys, *argv: str) -> tuple[int, str, str]:
        return run(capsys, *argv, "--data-dir", str(self.data))

    def backups(self) -> dict[str, bytes]:
        return {p.name: p.read_bytes() for p in self.data.rglob("*.damaged-*")}


@contextmanager
def _example_folder():
    """The same folder for every example (so the store template fits it), emptied after."""
    folder = Path(tempfile.gettempdir()) / f"tui-reader-hostile-{os.getpid()}"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def seed_bytes(path_name: str) -> bytes:
    lib = Library(Path(tempfile.mkdtemp()))
    try:
        return {"doc": lib.doc_file, "catalog": lib.catalog}[path_name].read_bytes()
    finally:
        shutil.rmtree(lib.root)


def check_store_file_reader(capsys, which: str, raw: bytes) -> None:
    """The store file ``which`` replaced by ``raw``: every command that reads it ends in
    one line; `repair --yes` moves it aside byte for byte; afterwards all works again."""
    with _example_folder() as tmp:
        lib = Library(tmp)
        target = {"doc": lib.doc_file, "catalog": lib.catalog, "journal": lib.data / "journal.json"}[which]
        target.write_bytes(raw)
        try:
            with Store(lib.data) as store:
                list(store.annotations(DOC_ID))
                store.documents()
        except UserError as exc:
            one_line(exc)
        lib.cli(capsys, "list")
        lib.cli(capsys, "list", str(lib.article))
        lib.cli(capsys, "export", str(lib.article), "--format", "csv")
        status, _, err = lib.cli(capsys, "repair", "--yes")
        assert status == 0, err
        assert all(content == raw for content in lib.backups().values())  # moved aside whole
        status, _, err = lib.cli(capsys, "list", str(lib.article))
        assert status == 0, err
        status, _, err = lib.cli(capsys, "repair")
        assert status == 0, err


DOC_SEED = seed_bytes("doc")
CATALOG_SEED = seed_bytes("catalog")
JOURNAL_SEED = json.dumps(
    {"format": "tui-reader-journal", "version": 1, "pid": 1, "created": "2026-01-01T00:00:00.000Z",
     "replace": [["docs/.x.json.1.aaaaaaaaaaaa.tmp", "docs/x.json"], ["catalog.json", "catalog.json"]]}
).encode()


@FUZZ
@given(raw=hostile(DOC_SEED))
def test_a_hostile_annotation_file(capsys, raw):
    check_store_file_reader(capsys, "doc", raw)


@FUZZ
@given(raw=hostile(CATALOG_SEED))
def test_a_hostile_catalogue(capsys, raw):
    check_store_file_reader(capsys, "catalog", raw)


@FUZZ
@given(raw=hostile(JOURNAL_SEED))
def test_a_hostile_journal(capsys, raw):
    check_store_file_reader(capsys, "journal", raw)


@FUZZ
@given(raw=hostile(json.dumps({"pid": 12345, "command": "tui-reader", "since": "2026"}).encode()))
def test_a_hostile_lock_file(raw):
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(tmp)
        with store.locked():
            pass
        store.lock_path.write_bytes(raw)
        holder = store.lock_holder()
        assert holder is None or (isinstance(holder[0], int) and "\n" not in holder[1])
        assert "\n" not in store._lock.busy_message()
        store.close()


@FUZZ
@given(
    raw=hostile(b'annotator = "Ana P\xc3\xa9rez"\n', is_json=False)
    | st.sampled_from(NASTY_TOKENS).map(lambda token: b"annotator = " + token + b"\n")
    | st.sampled_from(NASTY_TOKENS).map(lambda token: b"text_width = " + token + b"\n")
)
def test_a_hostile_config_file(raw, monkeypatch):
    with tempfile.TemporaryDirectory() as tmp:
        monkeypatch.setenv("TUI_READER_CONFIG_DIR", tmp)
        (Path(tmp) / "config.toml").write_bytes(raw)
        try:
            name = resolve_annotator()
        except UserError as exc:
            one_line(exc)
        else:
            assert isinstance(name, str) and "\n" not in name
        try:
            assert isinstance(resolve_text_width(), int)
        except UserError as exc:
            one_line(exc)


def _with_local_path(seed: bytes, article: str) -> bytes:
    return seed.replace(b"/corpus/us-ecuador-joint-operations.txt", article.encode())


def check_import(capsys, name: str, raw: bytes, beside: dict[str, bytes] | None = None) -> None:
    """Importing ``raw`` (as file ``name``) ends in one line; a refused file changes
    nothing; an accepted one leaves a store that every command reads."""
    with _example_folder() as tmp:
        lib = Library(tmp)
        path = lib.root / name
        path.write_bytes(raw)
        for other, content in (beside or {}).items():
            (lib.root / other).write_bytes(content)
        before = {p: p.read_bytes() for p in lib.data.rglob("*") if p.is_file() and p.name != ".lock"}
        status, _, err = lib.cli(capsys, "import", str(path))
        if status == 2:
            assert len(err.strip().splitlines()) == 1, err
            after = {p: p.read_bytes() for p in lib.data.rglob("*") if p.is_file() and p.name != ".lock"}
            assert after == before
        lib.cli(capsys, "list")
        for fmt in ("json", "w3c", "csv", "jsonl"):
            status, _, err = lib.cli(capsys, "export", "--format", fmt)
            assert status == 0, err
        status, _, err = lib.cli(capsys, "repair")
        assert status == 0, err


NATIVE_SEED = (GOLDEN / "sample.json").read_bytes()
W3C_SEED = (GOLDEN / "sample.w3c.jsonld").read_bytes()
BRAT_DIR = GOLDEN / "sample-brat"
BRAT_ANN = next(BRAT_DIR.glob("*.ann"))
BRAT_TXT = BRAT_ANN.with_suffix(".txt").read_bytes()


@FUZZ
@given(raw=hostile(NATIVE_SEED))
def test_a_hostile_native_import(capsys, raw):
    check_import(capsys, "export.json", _with_local_path(raw, "ARTICLE"))


@FUZZ
@given(raw=hostile(W3C_SEED))
def test_a_hostile_w3c_import(capsys, raw):
    check_import(capsys, "export.jsonld", raw)


@FUZZ
@given(raw=hostile(BRAT_ANN.read_bytes(), is_json=False), txt=hostile(BRAT_TXT, is_json=False) | st.just(BRAT_TXT))
def test_a_hostile_brat_import(capsys, raw, txt):
    check_import(capsys, "doc.ann", raw, {"doc.txt": txt})


@settings(FUZZ, max_examples=max(1, FUZZ.max_examples // 3))  # refused by their ending
@given(raw=hostile((GOLDEN / "sample.jsonl").read_bytes()[:4000], is_json=False))
def test_a_jsonl_or_csv_file_is_refused_in_one_line(capsys, raw):
    for name in ("export.jsonl", "export.csv"):
        check_import(capsys, name, raw)


# -- the cases of the issue, one by one ---------------------------------------------------


def _doc_record(lib: Library) -> tuple[dict, str]:
    data = json.loads(lib.doc_file.read_bytes())
    key = next(iter(data["annotations"]))
    return data, key


@pytest.mark.parametrize(
    "change, reason",
    [
        ({"start": "__HUGE__"}, "too many digits"),
        ({"start": -5}, "not 0 <= start < end"),
        ({"end": 4000}, "quote is 18 characters long"),
        ({"start": 20000, "end": 20018}, "past the end of the text"),
        ({"status": "lost"}, "status"),
        ({"note": 5}, "note is not text"),
    ],
)
def test_a_store_record_that_breaks_an_invariant_makes_its_file_damaged_and_repair_moves_it(
    tmp_path, capsys, change, reason
):
    lib = Library(tmp_path)
    data, key = _doc_record(lib)
    record = {**data["annotations"][key], **change}
    data["annotations"][key] = record
    if "start" in change and "end" not in change and isinstance(change["start"], int) and change["start"] < 0:
        record["end"] = record["start"] + len(record["quote"])  # the quote's length agrees
    raw = json.dumps(data, ensure_ascii=False).replace('"__HUGE__"', HUGE).encode()
    lib.doc_file.write_bytes(raw)

    status, out, err = lib.cli(capsys, "list", str(lib.article))
    assert status == 2 and reason in err and "damaged" in err and len(err.splitlines()) == 1
    status, out, err = lib.cli(capsys, "repair")
    assert status == 1 and reason in out
    status, out, err = lib.cli(capsys, "repair", "--yes")
    assert status == 0 and "moved aside" in out
    assert list(lib.backups().values()) == [raw]  # nothing lost
    assert lib.cli(capsys, "list", str(lib.article))[1].startswith("No annotations yet")


def test_an_import_file_with_a_number_too_long_is_refused_in_one_line(tmp_path, capsys):
    lib = Library(tmp_path)
    before = lib.doc_file.read_bytes()
    export = tmp_path / "export.json"
    export.write_bytes(re.sub(rb'"start": 117', b'"start": ' + HUGE.encode(), NATIVE_SEED))
    status, _, err = lib.cli(capsys, "import", str(export))
    assert status == 2 and "too many digits" in err and len(err.splitlines()) == 1
    assert lib.doc_file.read_bytes() == before
    brat = tmp_path / "b.ann"
    (tmp_path / "b.txt").write_bytes(BRAT_TXT)
    brat.write_text(f"T1\tactor 0 {HUGE}\tx\n", encoding="utf-8")
    status, _, err = lib.cli(capsys, "import", str(brat))
    assert status == 2 and "T1" in err and len(err.splitlines()) == 1


def test_a_catalogue_or_journal_with_a_number_too_long_is_repaired(tmp_path, capsys):
    lib = Library(tmp_path)
    lib.catalog.write_bytes(lib.catalog.read_bytes().replace(b'"sections": 16', b'"sections": ' + HUGE.encode()))
    status, _, err = lib.cli(capsys, "list")
    assert status == 2 and "too many digits" in err
    assert lib.cli(capsys, "repair", "--yes")[0] == 0
    assert "Los Lobos" in lib.cli(capsys, "list")[1]
    (lib.data / "journal.json").write_text('{"replace": [], "pid": ' + HUGE + "}")
    status, out, err = lib.cli(capsys, "repair", "--yes")
    assert status == 0 and "journal.json" in out
    assert "Los Lobos" in lib.cli(capsys, "list")[1]


def test_the_reader_opens_a_document_with_an_annotation_past_its_end_read_only_and_repairs_it(tmp_path):
    from tui_reader.workspace import Workspace, WorkspaceError

    lib = Library(tmp_path)
    data, key = _doc_record(lib)
    n = len(TEXT)
    data["annotations"][key] = {**data["annotations"][key], "start": n, "end": n + 18}
    raw = json.dumps(data, ensure_ascii=False).encode()
    lib.doc_file.write_bytes(raw)
    ws = Workspace(load_document(lib.article), Store(lib.data))
    assert ws.damage_error is not None and "past the end of the text" in str(ws.damage_error)
    assert ws.annotations == []
    with pytest.raises(WorkspaceError):
        ws.tag(0, 4, "actor")  # read-only: the damaged file is never written over
    assert lib.doc_file.read_bytes() == raw
    backup = ws.repair()
    assert backup.read_bytes() == raw and ws.damage_error is None
    ws.tag(0, 4, "actor")


def test_a_nul_character_in_an_imported_field_is_refused_and_never_reaches_a_csv(tmp_path, capsys):
    lib = Library(tmp_path)
    export = tmp_path / "export.json"
    export.write_bytes(NATIVE_SEED.replace(b'"note": ""', b'"note": "a\\u0000b"', 1))
    status, _, err = lib.cli(capsys, "import", str(export))
    assert status == 2 and "note: holds a NUL character" in err and len(err.splitlines()) == 1
    # one already stored (an older version let it in): the csv shows it as U+FFFD
    with Store(lib.data) as store:
        i = TEXT.index("Pentagon")
        store.add(Annotation.create(TEXT, DOC_ID, i, i + 8, "actor", note="a\x00b"))
    status, out, err = lib.cli(capsys, "export", "--format", "csv")
    assert status == 0 and "a\ufffdb" in out and "\x00" not in out
