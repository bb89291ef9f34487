"""End-to-end figures for tui-reader, each against a bare Textual app measured in the same run.

    python benchmarks/run.py [--quick] [--runs N] [--presses N] [--bytes N]
                             [--no-store | --store-only | --reanchor-only]

Prints one JSON object on stdout (progress goes to stderr). Every program runs for real,
in a pseudo-terminal of 120x40 that this script reads continuously; see README.md beside
this file for what each figure means and how it is measured.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import gen_text  # noqa: E402  (benchmarks/gen_text.py)
from harness import (  # noqa: E402  (benchmarks/harness.py)
    COLS, ROWS, SETTLE_FIRST_S, BenchError, Runner, Session, log, percentile,
)

SAMPLE = ROOT / "sample_docs" / "us-ecuador-joint-operations.txt"
# The start of the first paragraph under the first headline: in the reading pane only
# (the title line is also in the header, the headline also in the contents).
SAMPLE_MARKER = "The United States military has begun"
BARE_MARKER = "quick brown fox jumps"

# Alternating pairs keep the cursor near where it started, so every press is an
# ordinary in-section move; down/w/b/up mix in row and word motion. (right, not l: l
# links annotations since issue 12; h j k still move.)
KEY_CYCLE = ("j", "k", "right", "h", "down", "w", "b", "up", "j", "k")

TARGETS = {
    "first_paint_sample_ratio": 1.3,
    "first_paint_10mb_ratio": 2.0,
    "cursor_key_vs_floor_p95": 1.25,
}

def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--quick", action="store_true",
                   help="CI smoke run: 2 MB, 3 launches, 30 presses; a store of 10,000 annotations")
    p.add_argument("--runs", type=int, help="launches of each program (default 15, quick 3)")
    p.add_argument("--presses", type=int, help="cursor keys in total (default 300, quick 30)")
    p.add_argument("--bytes", type=int, help="size of the generated text (default 10 MiB, quick 2 MiB)")
    part = p.add_mutually_exclusive_group()
    part.add_argument("--no-store", action="store_true", help="skip the store and search figures (store_bench.py)")
    part.add_argument("--store-only", action="store_true", help="only the store and search figures")
    part.add_argument("--reanchor-only", action="store_true",
                      help="only the re-anchoring figures (reanchor_bench.py and reanchor_worst.py)")
    args = p.parse_args(argv)
    started = time.perf_counter()
    load_before = os.getloadavg()[0]
    out: dict = {
        "quick": bool(args.quick),
        "textual_version": metadata.version("textual"),
        "python_version": platform.python_version(),
    }
    targets: dict = {}  # figure -> the most it may be
    targets_min: dict = {}  # figure -> the least it may be
    met: dict = {}
    if not (args.store_only or args.reanchor_only):
        terminal = measure_terminal(args)
        met.update(terminal.pop("meets_targets"))
        targets.update(terminal.pop("targets"))
        out.update(terminal)
    if not (args.no_store or args.reanchor_only):
        import store_bench  # benchmarks/store_bench.py

        log("store and search at library scale (store_bench.py)")
        store = store_bench.measure(quick=args.quick)
        out.update(store)
        targets.update(store_bench.TARGETS_MAX)
        targets_min.update(store_bench.TARGETS_MIN)
        store_met = store_bench.check_targets(store)
        if args.quick:  # the targets are for 100,000 annotations over 1,000 documents
            for key in ("tag_durable_speedup_vs_tinydb", "open_100k_store_ratio", "search_100k_p95_ms",
                        "search_vs_rapidfuzz_ratio", "export_100k_s"):
                store_met[key] = None
        met.update(store_met)
    if not (args.store_only or args.reanchor_only):
        import ledger_bench  # benchmarks/ledger_bench.py

        log("the ledger of 10,000 claims against a DataTable of 10,000 rows (ledger_bench.py)")
        ledger = ledger_bench.measure(quick=args.quick)
        out.update(ledger)
        targets.update(ledger_bench.TARGETS_MAX)
        # (quick: 2,000 claims, keys ledger_quick_*; the target is about 10,000)
        met.update({"ledger_10k_open_ratio": None} if args.quick else ledger_bench.check_targets(ledger))
    if not (args.store_only or args.reanchor_only):
        import suggest_bench  # benchmarks/suggest_bench.py

        log("suggestions: precision and recall on every gold set, 1 MB (suggest_bench.py)")
        suggested = suggest_bench.measure(quick=args.quick)
        out.update(suggested)
        targets.update(suggest_bench.TARGETS_MAX)
        targets_min.update(suggest_bench.TARGETS_MIN)
        met.update(suggest_bench.check_targets(suggested))
    if not args.store_only:
        import reanchor_bench  # benchmarks/reanchor_bench.py

        anchoring = reanchor_bench.measure(quick=args.quick)
        out.update(anchoring)
        targets.update(reanchor_bench.TARGETS_MAX)
        targets_min.update(reanchor_bench.TARGETS_MIN)
        met.update(reanchor_bench.check_targets(anchoring))
        import reanchor_worst  # benchmarks/reanchor_worst.py

        log("re-anchoring: the worst cases, 1,000 annotations on 1 MB")
        worst = reanchor_worst.measure(repeats=1 if args.quick else 3)
        out.update(worst)
        targets.update(reanchor_worst.TARGETS_MAX)
        met.update(reanchor_worst.check_targets(worst))
    out["targets"] = targets
    out["targets_min"] = targets_min
    out["meets_targets"] = met
    out["wall_s"] = round(time.perf_counter() - started, 1)
    # a busy machine inflates wall-clock figures: compare with nproc
    out["loadavg_1m"] = [round(load_before, 2), round(os.getloadavg()[0], 2)]
    print(json.dumps(out, indent=2))
    return 0


def measure_terminal(args) -> dict:
    """First paint, cursor keys and memory of the app against the bare Textual app."""
    runs = args.runs or (3 if args.quick else 15)
    presses = args.presses or (30 if args.quick else 300)
    size = args.bytes or ((2 if args.quick else 10) * 1024 * 1024)
    per_run = math.ceil(presses / runs)

    if SAMPLE_MARKER not in SAMPLE.read_text(encoding="utf-8"):
        raise BenchError(f"{SAMPLE.name} no longer contains {SAMPLE_MARKER!r}; update SAMPLE_MARKER")

    started = time.perf_counter()
    workdir = Path(tempfile.mkdtemp(prefix="tui-reader-bench-"))
    runner = Runner(workdir)
    try:
        t = time.perf_counter()
        text = gen_text.generate(size)
        big = workdir / "generated.txt"
        big.write_text(text, encoding="utf-8")
        big_marker = gen_text.first_words(text)
        text_bytes = big.stat().st_size
        del text
        log(f"generated {text_bytes} bytes in {time.perf_counter() - t:.1f} s; marker {big_marker!r}")

        # Warm-up, not measured: compiles the byte-code cache (including modules that
        # load lazily on a key), fills the page cache.
        for which, doc, marker in (("bare", None, BARE_MARKER), ("app", SAMPLE, SAMPLE_MARKER),
                                   ("app", big, big_marker)):
            s = runner.launch(which, doc)
            s.wait_for_text(marker, 120)
            if doc is not SAMPLE:
                s.wait_quiet(SETTLE_FIRST_S)
                for key in dict.fromkeys(KEY_CYCLE):
                    s.press(key)
            runner.finish(s)

        paint = {"bare": [], "sample": [], "big": []}
        paint_cpu = {"bare": [], "sample": [], "big": []}
        keys = {"bare": [], "big": []}
        settle = {"bare": [], "big": []}
        rss = {"bare": [], "big": []}
        sync_seen = set()
        unsynced: list[str] = []

        def note_sync(s: Session) -> None:
            sync_seen.add(s.sync)  # known by now: the first frame may precede the reply
            if not s.sync:
                unsynced.append(s.name)
                log(f"  {s.name}: never framed its output (no synchronized output); "
                    "its frames end at a pause in the output")

        k = 0
        order = ["bare", "sample", "big"]
        for r in range(runs):
            kept: dict[str, Session] = {}  # the two programs whose cursor keys are measured
            for which in order[r % 3:] + order[: r % 3]:  # rotate: no program always goes first
                if which == "bare":
                    s = runner.launch("bare")
                    paint["bare"].append(s.wait_for_text(BARE_MARKER, 60))
                elif which == "sample":
                    s = runner.launch("app", SAMPLE)
                    paint["sample"].append(s.wait_for_text(SAMPLE_MARKER, 60))
                else:
                    s = runner.launch("app", big)
                    paint["big"].append(s.wait_for_text(big_marker, 120))
                paint_cpu[which].append(s.paint_cpu_s)
                if which in keys:
                    kept[which] = s
                    # the work it does after its first frame (tui-reader's warm-up) must
                    # not land on the next launch's start-up
                    s.wait_idle()
                else:
                    note_sync(s)
                    runner.finish(s)
            # Cursor keys, press by press in turn between the two programs (which goes
            # first alternates): both meet the same moments of a shared machine, where
            # a session of presses each would put a busy few seconds on one of them.
            for s in kept.values():
                s.wait_quiet(SETTLE_FIRST_S)
            for i in range(per_run):
                n = k + i
                key = KEY_CYCLE[n % len(KEY_CYCLE)]
                # the order flips with every press and again with every pass of the cycle,
                # so each key is pressed first in each program equally often (the cycle's
                # length is even: by the press alone, a key would always have one order)
                bare_first = (n + n // len(KEY_CYCLE)) % 2 == 0
                for which in (("bare", "big") if bare_first else ("big", "bare")):
                    first, last = kept[which].press(key)
                    keys[which].append(first)
                    settle[which].append(last)
            for which, s in kept.items():
                rss[which].append(s.peak_rss_mb())
                note_sync(s)
                runner.finish(s)
            k += per_run
            log(f"run {r + 1}/{runs}: first paint bare {paint['bare'][-1]:.3f} s, "
                f"sample {paint['sample'][-1]:.3f} s, {text_bytes / 1e6:.0f} MB {paint['big'][-1]:.3f} s; "
                f"key p50 {statistics.median(keys['big'][-per_run:]) * 1e3:.1f} ms "
                f"(floor {statistics.median(keys['bare'][-per_run:]) * 1e3:.1f} ms)")
    finally:
        runner.kill_all()
        shutil.rmtree(workdir, ignore_errors=True)

    med = statistics.median
    ms = lambda xs, q: round(percentile(xs, q) * 1e3, 2)  # noqa: E731
    out = {
        "terminal": f"{COLS}x{ROWS} xterm-256color, pty",
        "frame_end": "synchronized-output" if sync_seen == {True} else "output-gap",
        "unsynchronized_launches": unsynced,
        "runs": runs,
        "text_bytes": text_bytes,
        "sample_bytes": SAMPLE.stat().st_size,
        "first_paint_bare_s": round(med(paint["bare"]), 4),
        "first_paint_sample_s": round(med(paint["sample"]), 4),
        "first_paint_sample_ratio": round(med(paint["sample"]) / med(paint["bare"]), 3),
        "first_paint_10mb_s": round(med(paint["big"]), 4),
        "first_paint_10mb_ratio": round(med(paint["big"]) / med(paint["bare"]), 3),
        # CPU time (all threads) used by the first paint: less sensitive to a busy machine
        "first_paint_bare_cpu_s": round(med(paint_cpu["bare"]), 4),
        "first_paint_sample_cpu_s": round(med(paint_cpu["sample"]), 4),
        "first_paint_sample_cpu_ratio": round(med(paint_cpu["sample"]) / med(paint_cpu["bare"]), 3),
        "first_paint_10mb_cpu_s": round(med(paint_cpu["big"]), 4),
        "first_paint_10mb_cpu_ratio": round(med(paint_cpu["big"]) / med(paint_cpu["bare"]), 3),
        "cursor_key_presses": len(keys["big"]),
        "cursor_key_p50_ms": ms(keys["big"], 0.5),
        "cursor_key_p95_ms": ms(keys["big"], 0.95),
        "cursor_key_floor_p50_ms": ms(keys["bare"], 0.5),
        "cursor_key_floor_p95_ms": ms(keys["bare"], 0.95),
        "cursor_key_vs_floor_p95": round(percentile(keys["big"], 0.95) / percentile(keys["bare"], 0.95), 3),
        "cursor_key_settle_p50_ms": ms(settle["big"], 0.5),
        "cursor_key_settle_p95_ms": ms(settle["big"], 0.95),
        "cursor_key_floor_settle_p95_ms": ms(settle["bare"], 0.95),
        "peak_rss_10mb_mb": round(med(rss["big"]), 1),
        "peak_rss_bare_mb": round(med(rss["bare"]), 1),
        "peak_rss_10mb_vs_bare": round(med(rss["big"]) / med(rss["bare"]), 3),
        "targets": dict(TARGETS),
        "terminal_wall_s": round(time.perf_counter() - started, 1),
        "runs_s": {
            "first_paint_bare": [round(x, 3) for x in paint["bare"]],
            "first_paint_sample": [round(x, 3) for x in paint["sample"]],
            "first_paint_10mb": [round(x, 3) for x in paint["big"]],
        },
    }
    out["meets_targets"] = {key: out[key] <= limit for key, limit in TARGETS.items()}
    if text_bytes < 10 * 1024 * 1024:  # the 10 MB target says nothing about a smaller text
        out["meets_targets"]["first_paint_10mb_ratio"] = None
    return out




if __name__ == "__main__":
    try:
        sys.exit(main())
    except BenchError as exc:
        log(f"benchmark failed: {exc}")
        sys.exit(1)
    except KeyboardInterrupt:
        sys.exit(130)
