"""Profile tui-reader (or the bare app) with cProfile, in the same pseudo-terminal as run.py.

    python benchmarks/profile_app.py [PATH | --generate BYTES] [--presses N] [--top N] [--sort KEY]

Launches the program under ``python -m cProfile``, waits for the first paint of the
document's text, presses N cursor keys (run.py's cycle, waiting for quiet between them),
quits with q and prints the heaviest functions to stdout. With --presses 0 the profile
is the start-up up to the first paint (and the quit). Times include waiting in the event
loop's select: read the app's own functions and Textual's render/layout ones.
"""

from __future__ import annotations

import argparse
import pstats
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import gen_text  # noqa: E402
import harness  # noqa: E402
import run  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("path", nargs="?", help="document to open (default: the sample article)")
    p.add_argument("--generate", type=int, metavar="BYTES", help="open a generated text of this size")
    p.add_argument("--bare", action="store_true", help="profile benchmarks/bare_app.py instead")
    p.add_argument("--presses", type=int, default=0)
    p.add_argument("--top", type=int, default=40)
    p.add_argument("--sort", default="cumulative", help="pstats sort key (cumulative, tottime...)")
    p.add_argument("--save", help="also keep the raw profile here")
    args = p.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="tui-reader-prof-"))
    runner = harness.Runner(work)
    try:
        if args.bare:
            doc, marker = None, run.BARE_MARKER
        elif args.generate:
            text = gen_text.generate(args.generate)
            doc = work / "generated.txt"
            doc.write_text(text, encoding="utf-8")
            marker = gen_text.first_words(text)
        elif args.path:
            doc, marker = Path(args.path).resolve(), None
        else:
            doc, marker = run.SAMPLE, run.SAMPLE_MARKER
        # warm the byte-code cache first, so the profile is of a warm start
        s = runner.launch("bare" if args.bare else "app", doc)
        s.wait_for_text(marker, 120) if marker else s.wait_quiet(1.0)
        runner.finish(s)

        prof = work / "out.prof"
        data = work / "data-prof"
        data.mkdir()
        if args.bare:
            argv_ = [sys.executable, "-m", "cProfile", "-o", str(prof), str(harness.BARE_APP)]
        else:
            argv_ = [sys.executable, "-m", "cProfile", "-o", str(prof), "-m", "tui_reader.cli",
                     str(doc), "--data-dir", str(data)]
        s = harness.Session(argv_, runner.env(data), cwd=str(data), name="profiled")
        runner.live.append(s)
        if marker:
            print(f"first paint {s.wait_for_text(marker, 180):.3f} s (under cProfile)", file=sys.stderr)
        s.wait_quiet(harness.SETTLE_FIRST_S)
        firsts = []
        for i in range(args.presses):
            first, _ = s.press(run.KEY_CYCLE[i % len(run.KEY_CYCLE)])
            firsts.append(first)
        if firsts:
            print(f"{len(firsts)} keys: p50 {harness.percentile(firsts, .5) * 1e3:.1f} ms, "
                  f"p95 {harness.percentile(firsts, .95) * 1e3:.1f} ms (under cProfile)", file=sys.stderr)
        runner.finish(s)
        if args.save:
            shutil.copy(prof, args.save)
        stats = pstats.Stats(str(prof), stream=sys.stdout)
        stats.strip_dirs().sort_stats(args.sort).print_stats(args.top)
    finally:
        runner.kill_all()
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
