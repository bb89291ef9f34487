"""Store and search figures at library scale, each against a baseline measured in the same run.

    python benchmarks/store_bench.py [--quick] [--keep DIR]

A library of 100,000 annotations over 1,000 generated documents (``--quick``: 10,000
over 100), 1,000 of them in the document the app opens, is written through the Store
API into a temp folder; then:

* tag_durable: ``Store.add`` of one new annotation to the open document (the call
  returns after fsync), against ``insert`` into one plain TinyDB file (default
  JSONStorage) holding the same records;
* tag_durable growth: the same add into a document of 20,000 annotations and into one
  of 100 (in a store of their own), taking turns, so a tag's cost can be seen not to
  grow with its document; then closing that store (which folds the change logs);
* open: first paint of ``tui-reader DOC --data-dir STORE`` in a pty against the same
  with an empty store, interleaved; peak RSS; and which store files the app opens
  (a Python audit hook in the app process logs every ``open``);
* search: ``SearchIndex`` over all annotations, 100 varied queries, against rapidfuzz's
  ``process.extract`` with the same scorer over one processed string per annotation;
  top-hit agreement with ``search_annotations`` (brute force) on a share of them;
* export: every annotation read through the Store, ``native_export`` + ``write_json``,
  against a bare ``json.dump`` of the same records.

run.py calls :func:`measure` and merges its keys into its own JSON object; run alone,
this prints its own. Progress goes to stderr.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import string
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import corpus  # noqa: E402
import harness  # noqa: E402
from harness import log, percentile  # noqa: E402

FULL = {"documents": 1000, "annotations": 100_000, "open_annotations": 1000, "adds": 100,
        "baseline_adds": 12, "launches": 5, "queries": 100, "agreement_queries": 30,
        "growth_small": 100, "growth_large": 20_000, "growth_adds": 100}
QUICK = {"documents": 100, "annotations": 10_000, "open_annotations": 1000, "adds": 50,
         "baseline_adds": 8, "launches": 3, "queries": 100, "agreement_queries": 30,
         "growth_small": 100, "growth_large": 20_000, "growth_adds": 50}

TARGETS_MAX = {  # lower is better
    "tag_durable_p95_ms": 10.0,
    "tag_durable_20k_doc_p95_ms": 10.0,
    "tag_durable_growth_ratio": 2.0,
    "open_100k_store_ratio": 1.3,
    "search_100k_p95_ms": 50.0,
    "search_vs_rapidfuzz_ratio": 0.5,
    "export_100k_s": 3.0,
}
TARGETS_MIN = {  # higher is better
    "tag_durable_speedup_vs_tinydb": 50.0,
}




# -- the library ------------------------------------------------------------------


class Library:
    """Generated documents on disk and their annotations in a Store folder."""

    def __init__(self, root: Path, sizes: dict, seed: int = 1) -> None:
        from tui_reader.document import Document
        from tui_reader.store import Store

        self.root = root
        self.docs_dir = root / "texts"
        self.store_dir = root / "store"
        self.docs_dir.mkdir(parents=True)
        n_docs = sizes["documents"]
        n_open = sizes["open_annotations"]
        rest = sizes["annotations"] - n_open
        pools = corpus.NamePools(seed, max(2000, n_docs * 20))
        t = time.perf_counter()
        self.annotations = 0
        store = Store(self.store_dir)
        batch: dict = {}
        records: dict = {}
        for i in range(n_docs):
            n = n_open if i == 0 else rest // (n_docs - 1) + (1 if i - 1 < rest % (n_docs - 1) else 0)
            text, spans = corpus.make_document(i, n, pools, seed)
            path = self.docs_dir / f"doc-{i:04d}.txt"
            path.write_text(text, encoding="utf-8")
            doc = Document.from_text(text, path=str(path.resolve()))
            anns = corpus.annotations_for(doc, spans)
            if len(anns) != n:
                raise RuntimeError(f"document {i}: {len(anns)} annotations generated, {n} wanted")
            self.annotations += len(anns)
            if i == 0:
                self.open_path, self.open_doc, self.open_text = path, doc, text
                self.open_marker = corpus.first_words(text)
                self.open_spans = {(a.start, a.end) for a in anns}
            batch[doc.id] = (anns, [])
            records[doc.id] = {"path": str(path.resolve()), "title": doc.title, "sections": len(doc.sections)}
            if len(batch) >= 50 or i == n_docs - 1:
                store.apply_many(batch, records=records)  # one transaction per 50 documents
                batch, records = {}, {}
        # What the app does on open: the open document becomes the most recent.
        store.remember_document(self.open_doc.id, str(self.open_path.resolve()), self.open_doc.title,
                                len(self.open_doc.sections))
        store.close()
        self.generate_s = time.perf_counter() - t
        self.store_bytes = sum(p.stat().st_size for p in self.store_dir.rglob("*") if p.is_file())
        self.open_file = self.store_dir / "docs" / f"{self.open_doc.id}.json"
        log(f"library: {self.annotations} annotations over {n_docs} documents in {self.generate_s:.1f} s; "
            f"store {self.store_bytes / 1e6:.1f} MB, open document file {self.open_file.stat().st_size / 1e3:.0f} kB")

    def verify(self) -> list:
        """Read everything back through a fresh Store: every annotation is there."""
        from tui_reader.store import Store

        with Store(self.store_dir) as store:
            anns = list(store.all_annotations())
            docs = store.documents()
        if len(anns) != self.annotations:
            raise RuntimeError(f"the store holds {len(anns)} annotations, {self.annotations} were written")
        if docs[0]["id"] != self.open_doc.id or docs[0]["annotations"] != len(self.open_spans):
            raise RuntimeError(f"the catalogue does not lead with the open document: {docs[0]}")
        return anns

    def new_annotations(self, count: int, seed: int = 99) -> list:
        """``count`` new annotations on clauses of the open document."""
        import re

        from tui_reader.annotations import Annotation

        r = random.Random(seed)
        text, doc = self.open_text, self.open_doc
        words = [m.span() for m in re.finditer(r"\w+", text)]
        out, seen = [], set(self.open_spans)
        while len(out) < count:
            i = r.randrange(len(words) - 6)
            start, end = words[i][0], words[i + r.randint(1, 5)][1]
            if (start, end) in seen:
                continue
            seen.add((start, end))
            out.append(Annotation.create(text, doc.id, start, end, r.choice(("actor", "claim", "date")),
                                         section=doc.section_at(start).title))
        return out


# -- tag to durable ---------------------------------------------------------------


def bench_tag_durable(lib: Library, all_anns: list, sizes: dict) -> dict:
    from tinydb import TinyDB

    from tui_reader.store import Store

    adds = lib.new_annotations(sizes["adds"] + sizes["baseline_adds"])
    ours, theirs = adds[: sizes["adds"]], adds[sizes["adds"]:]

    store = Store(lib.store_dir)
    store.annotations(lib.open_doc.id)  # as the app has it: the open document is loaded
    times = []
    for ann in ours:
        t = time.perf_counter()
        store.add(ann)
        times.append(time.perf_counter() - t)
    store.apply(lib.open_doc.id, remove=[a.id for a in ours])  # leave the library as it was
    store.close()

    # Baseline: one plain TinyDB file holding the same records (written directly in
    # TinyDB's format: inserting 100,000 one by one would take hours).
    path = lib.root / "tinydb-baseline.json"
    with open(path, "w", encoding="utf-8") as fh:
        json.dump({"_default": {str(i + 1): a.to_dict() for i, a in enumerate(all_anns)}}, fh)
    db = TinyDB(path)  # default JSONStorage: reads and rewrites the whole file, fsync
    if len(db) != len(all_anns):
        raise RuntimeError(f"TinyDB baseline holds {len(db)} records")
    base = []
    for ann in theirs:
        t = time.perf_counter()
        db.insert(ann.to_dict())
        base.append(time.perf_counter() - t)
    db.close()
    size = path.stat().st_size
    path.unlink()

    p95, base_p95 = percentile(times, 0.95), percentile(base, 0.95)
    log(f"tag to durable: p95 {p95 * 1e3:.2f} ms over {len(times)} adds; "
        f"plain TinyDB {base_p95 * 1e3:.0f} ms over {len(base)} inserts ({size / 1e6:.0f} MB file)")
    return {
        "tag_durable_adds": len(times),
        "tag_durable_p50_ms": round(percentile(times, 0.5) * 1e3, 2),
        "tag_durable_p95_ms": round(p95 * 1e3, 2),
        "tag_durable_tinydb_inserts": len(base),
        "tag_durable_tinydb_p95_ms": round(base_p95 * 1e3, 1),
        "tag_durable_speedup_vs_tinydb": round(base_p95 / p95, 1),
    }


def bench_tag_growth(root: Path, sizes: dict) -> dict:
    """Durable adds into a document of ``growth_large`` annotations and one of
    ``growth_small``, in turns; p95 of each and their ratio."""
    from tui_reader.document import Document
    from tui_reader.store import Store

    pools = corpus.NamePools(5, 2000)
    store_dir = root / "growth-store"
    docs, fresh = {}, {}
    with Store(store_dir) as store:
        for i, n in enumerate((sizes["growth_small"], sizes["growth_large"])):
            text, spans = corpus.make_document(5000 + i, n + sizes["growth_adds"], pools, 5)
            doc = Document.from_text(text, path=str(root / f"growth-{n}.txt"))
            anns = corpus.annotations_for(doc, spans)
            store.apply_many({doc.id: (anns[:n], [])})
            docs[n], fresh[n] = doc, anns[n:]
    file_kb = (store_dir / "docs" / f"{docs[sizes['growth_large']].id}.json").stat().st_size / 1e3

    store = Store(store_dir)
    for doc in docs.values():
        store.annotations(doc.id)  # as the app has it: the open document is loaded
    times: dict[int, list[float]] = {n: [] for n in docs}
    # the floor: appending a line of the same size to a file beside them and fsyncing it
    floor_fd = os.open(store_dir / "docs" / "floor.bin", os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    line = json.dumps(fresh[sizes["growth_large"]][0].to_dict()).encode() + b"\n"
    floor = []
    for k in range(sizes["growth_adds"]):
        for n in (docs if k % 2 == 0 else reversed(list(docs))):  # turns, so both meet the same machine
            t = time.perf_counter()
            store.add(fresh[n][k])
            times[n].append(time.perf_counter() - t)
        t = time.perf_counter()
        os.write(floor_fd, line)
        os.fsync(floor_fd)
        floor.append(time.perf_counter() - t)
    os.close(floor_fd)
    os.unlink(store_dir / "docs" / "floor.bin")
    t = time.perf_counter()
    store.close()
    close_s = time.perf_counter() - t
    with Store(store_dir) as check:
        for n, doc in docs.items():
            if len(check.annotations(doc.id)) != n + sizes["growth_adds"]:
                raise RuntimeError(f"the {n}-annotation document lost adds")
    shutil.rmtree(store_dir, ignore_errors=True)

    small, large = sizes["growth_small"], sizes["growth_large"]
    p95 = {n: percentile(times[n], 0.95) for n in docs}
    log(f"tag growth: p95 {p95[large] * 1e3:.2f} ms at {large} annotations ({file_kb:.0f} kB file), "
        f"{p95[small] * 1e3:.2f} ms at {small}, a bare append and fsync {percentile(floor, 0.95) * 1e3:.2f} ms; "
        f"closing the store {close_s * 1e3:.0f} ms")
    return {
        "tag_durable_20k_doc_p50_ms": round(percentile(times[large], 0.5) * 1e3, 2),
        "tag_durable_20k_doc_p95_ms": round(p95[large] * 1e3, 2),
        "tag_durable_20k_doc_max_ms": round(max(times[large]) * 1e3, 2),
        "tag_durable_100_doc_p50_ms": round(percentile(times[small], 0.5) * 1e3, 2),
        "tag_durable_100_doc_p95_ms": round(p95[small] * 1e3, 2),
        "tag_durable_growth_ratio": round(p95[large] / p95[small], 2),
        "tag_durable_fsync_floor_p50_ms": round(percentile(floor, 0.5) * 1e3, 2),
        "tag_durable_fsync_floor_p95_ms": round(percentile(floor, 0.95) * 1e3, 2),
        "tag_durable_growth_adds": len(times[large]),
        "store_close_after_growth_adds_ms": round(close_s * 1e3, 1),
    }


# -- opening the app --------------------------------------------------------------

# Run in the app's own process: log every file Python opens, then start the app as
# the console script does. The log is written with os.write, which raises no event.
_AUDIT = """
import os, sys
log = os.open(sys.argv.pop(1), os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
def hook(event, args, log=log, fspath=os.fspath):
    if event == "open" and args and isinstance(args[0], (str, bytes, os.PathLike)):
        try:
            path = fspath(args[0])
            os.write(log, (path if isinstance(path, str) else os.fsdecode(path)).encode("utf-8", "replace") + b"\\n")
        except Exception:
            pass
sys.addaudithook(hook)
sys.argv[0] = "tui-reader"
from tui_reader.cli import main
sys.exit(main())
"""


def bench_open(lib: Library, sizes: dict, workdir: Path) -> dict:
    runner = harness.Runner(workdir)
    doc = str(lib.open_path)
    marker = lib.open_marker

    def launch(store: Path, argv: list[str] | None = None, name: str = "app"):
        env = runner.env(store)
        argv = argv or harness.app_argv()
        s = harness.Session(argv + [doc, "--data-dir", str(store)], env, cwd=str(lib.root), name=name)
        runner.live.append(s)
        return s

    empty_n = 0

    def empty_store() -> Path:
        nonlocal empty_n
        empty_n += 1
        path = workdir / f"empty-store-{empty_n}"
        path.mkdir()
        return path

    paint = {"empty": [], "full": []}
    rss = {"empty": [], "full": []}
    try:
        # warm-up, not measured: byte-code cache, page cache
        for store in (empty_store(), lib.store_dir):
            s = launch(store)
            s.wait_for_text(marker, 120)
            runner.finish(s)
        for r in range(sizes["launches"]):
            for which in (("empty", "full") if r % 2 == 0 else ("full", "empty")):
                s = launch(empty_store() if which == "empty" else lib.store_dir, name=f"app-{which}")
                paint[which].append(s.wait_for_text(marker, 120))
                s.wait_quiet(harness.SETTLE_FIRST_S)
                rss[which].append(s.peak_rss_mb())
                runner.finish(s)
            log(f"open run {r + 1}/{sizes['launches']}: first paint empty store {paint['empty'][-1]:.3f} s, "
                f"{lib.annotations} annotations {paint['full'][-1]:.3f} s")

        # Which store files does opening read? The audit hook logs every open().
        opened_log = workdir / "opened.log"
        s = launch(lib.store_dir, [sys.executable, "-c", _AUDIT, str(opened_log)], name="app-audit")
        s.wait_for_text(marker, 120)
        s.wait_quiet(harness.SETTLE_FIRST_S)
        runner.finish(s)
    finally:
        runner.kill_all()

    store_root = lib.store_dir.resolve()
    opened = set()
    for line in opened_log.read_text(encoding="utf-8").splitlines():
        path = Path(line)
        if not path.is_absolute():
            path = lib.root / path
        try:
            rel = path.resolve().relative_to(store_root)
        except ValueError:
            continue
        opened.add(str(rel))
    doc_files = sorted(p for p in opened if p.startswith("docs/") and p.endswith(".json"))
    other_docs = [p for p in doc_files if p != f"docs/{lib.open_doc.id}.json"]
    if not doc_files:
        raise RuntimeError(f"the audit hook saw no annotation file opened: {sorted(opened)}")
    med = statistics.median
    return {
        "open_first_paint_empty_store_s": round(med(paint["empty"]), 4),
        "open_first_paint_100k_store_s": round(med(paint["full"]), 4),
        "open_100k_store_ratio": round(med(paint["full"]) / med(paint["empty"]), 3),
        "open_store_files_opened": sorted({_describe(p, lib.open_doc.id) for p in opened}),
        "open_other_documents_read": len(other_docs),
        "peak_rss_100k_mb": round(med(rss["full"]), 1),
        "peak_rss_empty_store_mb": round(med(rss["empty"]), 1),
        "open_runs_s": {"empty": [round(x, 3) for x in paint["empty"]],
                        "100k": [round(x, 3) for x in paint["full"]]},
    }


def _describe(name: str, open_id: str) -> str:
    """A store file's name for the report: the open document's file and temp files named by role."""
    folder, _, base = name.rpartition("/")
    if base.startswith(".") and base.endswith(".tmp"):
        base = base[1:].split(".json.")[0] + ".json (temp file)"
    base = base.replace(open_id, "<open document>")
    return f"{folder}/{base}" if folder else base


# -- search -----------------------------------------------------------------------


def make_queries(anns: list, count: int, seed: int = 7) -> list[str]:
    """Varied queries a reader would type: short words, misspelt names and words,
    phrases, misspelt substrings, and tag: filtered ones."""
    r = random.Random(seed)

    def typo(s: str) -> str:
        letters = [i for i, c in enumerate(s) if c.isalpha()]
        if not letters:
            return s
        i = r.choice(letters)
        return s[:i] + r.choice([c for c in string.ascii_lowercase if c != s[i].lower()]) + s[i + 1:]

    def words_of(ann, min_len=1) -> list[str]:
        return [w.strip(".,;:!?“”()") for w in ann.quote.split() if len(w.strip(".,;:!?“”()")) >= min_len]

    kinds = ["short", "misspelt word", "misspelt name", "phrase", "misspelt phrase", "substring", "tag"]
    out = []
    while len(out) < count:
        kind = kinds[len(out) % len(kinds)]
        ann = r.choice(anns)
        words = words_of(ann)
        if kind == "short":
            long_words = words_of(ann, 4)
            q = r.choice(long_words)[: r.randint(3, 6)].lower() if long_words else None
        elif kind == "misspelt word":
            long_words = words_of(ann, 5)
            q = typo(r.choice(long_words)) if long_words else None
        elif kind == "misspelt name":
            names = [w for w in words[1:] if w[:1].isupper() and len(w) >= 5]
            q = typo(r.choice(names)).lower() if names else None
        elif kind in ("phrase", "misspelt phrase"):
            n = r.randint(2, 4)
            if len(words) < n:
                q = None
            else:
                i = r.randrange(len(words) - n + 1)
                q = " ".join(words[i:i + n])
                q = typo(q) if kind == "misspelt phrase" else q
        elif kind == "substring":
            size = min(len(ann.quote), r.randint(15, 35))
            i = r.randint(0, len(ann.quote) - size)
            q = typo(ann.quote[i:i + size])
        else:
            long_words = words_of(ann, 4)
            q = f"tag:{ann.tag} {typo(r.choice(long_words)) if long_words else ''}".strip()
        if q and q.strip():
            out.append(q)
    return out


def bench_search(lib: Library, all_anns: list, sizes: dict) -> dict:
    import tracemalloc

    from rapidfuzz import fuzz, process, utils

    from tui_reader.search import SCORE_CUTOFF, parse_query, search_annotations
    from tui_reader.search_index import SearchIndex
    from tui_reader.store import Store

    t = time.perf_counter()
    with Store(lib.store_dir) as store:
        titles = {d["id"]: d.get("title", "") for d in store.documents()}
        anns = list(store.all_annotations())
    read_s = time.perf_counter() - t
    t = time.perf_counter()
    index = SearchIndex(anns)
    build_s = time.perf_counter() - t
    tracemalloc.start()  # a second build, traced: tracing slows allocation several times over
    traced = SearchIndex(anns)
    index_mb = tracemalloc.get_traced_memory()[0] / 1e6
    tracemalloc.stop()
    del traced
    log(f"search: read {len(anns)} annotations through the Store in {read_s:.2f} s; "
        f"index built in {build_s:.2f} s ({index_mb:.0f} MB)")

    # The baseline's strings: one per annotation, the fields the index searches
    # (quote, note, tag, section), processed once up front as rapidfuzz would.
    dp = utils.default_process
    strings = [dp(" ".join(f for f in (a.quote, a.note, a.tag, a.section) if f)) for a in anns]
    by_tag: dict[str, list[str]] = {}
    for a, s in zip(anns, strings):
        by_tag.setdefault(a.tag.lower(), []).append(s)

    queries = make_queries(anns, sizes["queries"])
    index.search("warm up the scorer", 100, titles)
    process.extract("warm up", strings[:100], scorer=fuzz.partial_ratio, processor=None)
    ours, theirs, counts = [], [], []
    for q in queries:  # interleaved, so both see the same machine
        t = time.perf_counter()
        hits = index.search(q, 100, titles)
        ours.append(time.perf_counter() - t)
        counts.append(len(hits))
        text, tags = parse_query(q)
        pool = [s for tag in sorted(tags) for s in by_tag.get(tag, ())] if tags else strings
        t = time.perf_counter()
        process.extract(dp(text), pool, scorer=fuzz.partial_ratio, processor=None, limit=100,
                        score_cutoff=SCORE_CUTOFF)
        theirs.append(time.perf_counter() - t)

    # Quality at scale: the index's best hit against brute force (search_annotations
    # over every annotation, about a second each), on a share of the queries.
    agree, brute = 0, []
    step = max(1, len(queries) // sizes["agreement_queries"])
    checked = queries[::step][: sizes["agreement_queries"]]
    for q in checked:
        t = time.perf_counter()
        expected = search_annotations(q, anns, 100, titles)
        brute.append(time.perf_counter() - t)
        got = index.search(q, 100, titles)
        agree += [h.annotation.id for h in got[:1]] == [h.annotation.id for h in expected[:1]]

    p95, base_p95 = percentile(ours, 0.95), percentile(theirs, 0.95)
    log(f"search: index p95 {p95 * 1e3:.1f} ms, process.extract p95 {base_p95 * 1e3:.1f} ms; "
        f"top hit as brute force in {agree}/{len(checked)}")
    return {
        "search_annotations": len(anns),
        "search_queries": len(queries),
        "search_100k_p50_ms": round(percentile(ours, 0.5) * 1e3, 2),
        "search_100k_p95_ms": round(p95 * 1e3, 2),
        "search_rapidfuzz_p50_ms": round(percentile(theirs, 0.5) * 1e3, 2),
        "search_rapidfuzz_p95_ms": round(base_p95 * 1e3, 2),
        "search_vs_rapidfuzz_ratio": round(p95 / base_p95, 3),
        "search_index_build_s": round(build_s, 3),
        "search_index_mb": round(index_mb, 1),
        "search_read_all_s": round(read_s, 3),
        "search_queries_with_hits": sum(1 for c in counts if c),
        "search_brute_force_p95_ms": round(percentile(brute, 0.95) * 1e3, 1),
        "search_top_hit_agreement": f"{agree}/{len(checked)}",
        "search_query_examples": queries[:14],
    }


# -- export -----------------------------------------------------------------------


def bench_export(lib: Library) -> dict:
    from tui_reader.formats.native import native_export, write_json
    from tui_reader.store import Store

    out = lib.root / "export.json"
    t = time.perf_counter()
    with Store(lib.store_dir) as store:
        docs = [{"id": r["id"], "path": r.get("path", ""), "title": r.get("title", ""),
                 "annotations": store.annotations(r["id"])} for r in store.documents()]
    data = native_export(docs)
    write_json(data, out)
    export_s = time.perf_counter() - t
    n = sum(len(d["annotations"]) for d in data["documents"])
    if n != lib.annotations:
        raise RuntimeError(f"the export holds {n} annotations, not {lib.annotations}")
    size = out.stat().st_size

    # Baseline: the same records, already in memory, json.dump-ed to a file.
    records = [d["annotations"] for d in data["documents"]]
    t = time.perf_counter()
    with open(lib.root / "baseline.json", "w", encoding="utf-8") as fh:
        json.dump(records, fh, ensure_ascii=False)
    base_s = time.perf_counter() - t
    log(f"export: {n} annotations, {size / 1e6:.0f} MB in {export_s:.2f} s (json.dump alone {base_s:.2f} s)")
    return {
        "export_100k_s": round(export_s, 3),
        "export_json_dump_s": round(base_s, 3),
        "export_vs_json_dump_ratio": round(export_s / base_s, 2),
        "export_bytes": size,
    }


# -- all of it --------------------------------------------------------------------


def measure(quick: bool = False, workdir: Path | None = None, keep: bool = False) -> dict:
    sizes = QUICK if quick else FULL
    own = workdir is None
    root = Path(tempfile.mkdtemp(prefix="tui-reader-store-bench-")) if own else workdir / "store-bench"
    root.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    try:
        lib = Library(root / "library", sizes)
        all_anns = lib.verify()
        out: dict = {
            "store_documents": sizes["documents"],
            "store_annotations": lib.annotations,
            "store_open_document_annotations": len(lib.open_spans),
            "store_bytes": lib.store_bytes,
            "store_generate_s": round(lib.generate_s, 1),
        }
        out.update(bench_tag_durable(lib, all_anns, sizes))
        out.update(bench_tag_growth(root, sizes))
        out.update(bench_search(lib, all_anns, sizes))
        out.update(bench_export(lib))
        del all_anns
        out.update(bench_open(lib, sizes, root))
        out["store_bench_wall_s"] = round(time.perf_counter() - started, 1)
        return out
    finally:
        if keep:
            log(f"kept {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)


def check_targets(out: dict) -> dict:
    met = harness.check_targets(out, TARGETS_MAX, TARGETS_MIN)
    if "open_other_documents_read" in out:
        met["open_reads_only_its_document"] = out["open_other_documents_read"] == 0
    return met


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--quick", action="store_true", help="10,000 annotations over 100 documents")
    p.add_argument("--keep", action="store_true", help="keep the generated library (path on stderr)")
    p.add_argument("--growth-only", action="store_true",
                   help="only the durable add into a 20,000- and a 100-annotation document")
    args = p.parse_args(argv)
    if args.growth_only:
        root = Path(tempfile.mkdtemp(prefix="tui-reader-growth-bench-"))
        try:
            out = bench_tag_growth(root, QUICK if args.quick else FULL)
        finally:
            shutil.rmtree(root, ignore_errors=True)
    else:
        out = measure(args.quick, keep=args.keep)
    out["store_targets"] = {"max": TARGETS_MAX, "min": TARGETS_MIN}
    out["store_meets_targets"] = check_targets(out)
    print(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
