"""Keys while suggestions are made (issue 13): does a 10 MB book stay fluid under `S`?

The app opens a generated text (gen_text.py) in a pseudo-terminal, goes to its last section
(T, G, enter), and then ] and [ move between the last two sections, each press timed from
the key to the end of the first frame that shows the new section's header. First with
suggestions hidden (the baseline), then right after `S`, while the suggester thread works
through every section before the last one. Prints one JSON object:

    python benchmarks/suggest_keys_bench.py [--bytes N] [--presses N]

- `section_key_p50_ms`, `section_key_p95_ms`: hidden (baseline)
- `section_key_suggesting_p50_ms`, `..._p95_ms`: the same keys while suggesting
- `suggesting_vs_hidden_p50`, `suggesting_vs_hidden_p95`: the ratios
- `presses_while_suggesting`: how many of those presses the thread was still running for
- `suggest_to_last_section_s`: `S` to the frame that shows the last section's suggestions
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from harness import HERE, BenchError, Runner, log, percentile, strip_ansi

SECTION = re.compile(r"section (\d+) / (\d+)")


def press_until(s, key: bytes, wanted: str, timeout: float = 30.0) -> float:
    """Write ``key``; seconds to the end of the first frame after it whose text shows ``wanted``."""
    mark = len(s.buf)
    n_frames = len(s.frame_ends)
    t_key = time.perf_counter()
    os.write(s.master, key)
    deadline = t_key + timeout
    while True:
        if not s.read(min(0.5, max(0.0, deadline - time.perf_counter()))):
            s._alive_or_fail(repr(wanted))
        for when, end in s.frame_ends[n_frames:]:
            if end > mark and wanted in strip_ansi(bytes(s.buf[mark:end])):
                return when - t_key
        if time.perf_counter() > deadline:
            raise BenchError(f"{s.name}: {wanted!r} not shown within {timeout:.0f} s of {key!r}")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--bytes", type=int, default=10 * 1024 * 1024, help="size of the generated text (10 MiB)")
    p.add_argument("--presses", type=int, default=40, help="] and [ presses in each phase")
    args = p.parse_args(argv)
    workdir = Path(tempfile.mkdtemp(prefix="suggest-keys-"))
    runner = Runner(workdir)
    try:
        big = workdir / "book.txt"
        subprocess.run([sys.executable, str(HERE / "gen_text.py"), str(big), "--bytes", str(args.bytes)],
                       check=True, capture_output=True)
        s = runner.launch("app", big)
        s.wait_for_text("section 1 / ", 120)
        s.wait_idle()
        total = int(SECTION.search(strip_ansi(bytes(s.buf))).group(2))
        for key in (b"T", b"G"):
            os.write(s.master, key)
            s.wait_quiet(0.3)
        press_until(s, b"\r", f"section {total} / {total}")
        s.wait_quiet(0.3)

        def phase(presses: int, stop_when_done: bool = False) -> tuple[list[float], int]:
            times, busy = [], 0
            for i in range(presses):
                key, shown = (b"[", total - 1) if i % 2 == 0 else (b"]", total)
                times.append(press_until(s, key, f"section {shown} / {total}"))
                busy += "Suggesting:" in strip_ansi(bytes(s.buf[-4000:]))
                time.sleep(0.05)  # a reader's pace, and room for the thread
            return times, busy

        hidden, _ = phase(args.presses)
        t_s = time.perf_counter()
        os.write(s.master, b"S")
        suggesting, busy = phase(args.presses)
        # then wait for the last section's suggestions (the reader is on it or next to it)
        deadline = time.perf_counter() + 600

        def last_frame() -> str:
            ends = [end for _, end in s.frame_ends[-2:]]
            return strip_ansi(bytes(s.buf[ends[0] : ends[1]])) if len(ends) == 2 else ""

        # the status line: the section's count of suggestions, or the one under the cursor
        while "Suggesting:" in last_frame() or not ("S hides" in last_frame() or "suggested " in last_frame()):
            if not s.read(0.5):
                s._alive_or_fail("the suggestions")
            if time.perf_counter() > deadline:
                raise BenchError("suggestions never ready")
        ready_s = time.perf_counter() - t_s
        runner.finish(s)
    finally:
        runner.kill_all()
        shutil.rmtree(workdir, ignore_errors=True)
    ms = lambda xs, q: round(percentile(xs, q) * 1e3, 2)  # noqa: E731
    out = {
        "text_bytes": args.bytes,
        "sections": total,
        "presses": args.presses,
        "section_key_p50_ms": ms(hidden, 0.5),
        "section_key_p95_ms": ms(hidden, 0.95),
        "section_key_suggesting_p50_ms": ms(suggesting, 0.5),
        "section_key_suggesting_p95_ms": ms(suggesting, 0.95),
        "suggesting_vs_hidden_p50": round(statistics.median(suggesting) / statistics.median(hidden), 3),
        "suggesting_vs_hidden_p95": round(percentile(suggesting, 0.95) / percentile(hidden, 0.95), 3),
        "presses_while_suggesting": busy,
        "suggest_to_last_section_s": round(ready_s, 2),
        "loadavg_1m": round(os.getloadavg()[0], 2),
    }
    print(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BenchError as exc:
        log(f"benchmark failed: {exc}")
        sys.exit(1)
