"""Find in a whole book (`/` in the reader), against a plain case-insensitive scan.

    python benchmarks/find_bench.py [--quick] [--repo PATH]

The text: the sample article repeated to 10 MB (``--quick``: 2 MB), once as it is
(English with curly quotes) and once with accents, decomposed (NFD: "é" as e + U+0301,
the worst case for accent-blind find, one combining mark in every accented word).
For each, three queries: a name (3,000 matches in 10 MB), "the" (130,000) and a word
that is not there. Printed as one JSON object, each time the median of 3:

| key | meaning |
| --- | --- |
| `find_first_<text>_s` | the first find in that text: folding it (kept for the next finds) and the query "Donovan" |
| `find_<text>_<query>_s` | a later find of that query |
| `find_baseline_<text>_<query>_s` | `re.finditer(re.escape(query), text, re.IGNORECASE)`, counted: the baseline |
| `find_<text>_vs_baseline` | the slowest later find over the slowest baseline |

``--repo PATH`` measures the tui_reader of another checkout (to compare before and after).
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
SAMPLE = HERE.parent / "sample_docs" / "us-ecuador-joint-operations.txt"
QUERIES = {"name": "Donovan", "the": "the", "absent": "zqxwv"}


def texts(size: int) -> dict[str, str]:
    base = SAMPLE.read_text(encoding="utf-8")
    base = (base * (size // len(base) + 1))[:size]
    accented = base.replace("Donovan", "Donován").replace("the ", "thé ").replace("Ecuador", "Écuador")
    return {"english": base, "nfd": unicodedata.normalize("NFD", accented)}


def median_time(fn, runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def measure(quick: bool = False) -> dict:
    from tui_reader.search import find_all

    out: dict = {"find_text_bytes": 2_000_000 if quick else 10_000_000}
    for name, text in texts(out["find_text_bytes"]).items():
        # the first find pays for folding the text; a copy of the text each time, so
        # that nothing is reused from the previous run
        firsts = []
        for _ in range(3):
            fresh = (text + " ")[:-1]
            t = time.perf_counter()
            find_all(fresh, "Donovan")
            firsts.append(time.perf_counter() - t)
        out[f"find_first_{name}_s"] = round(statistics.median(firsts), 3)
        worst = worst_base = 0.0
        for key, query in QUERIES.items():
            ours = median_time(lambda: find_all(text, query))
            pattern = re.compile(re.escape(query), re.IGNORECASE)
            base = median_time(lambda: sum(1 for _ in pattern.finditer(text)))
            out[f"find_{name}_{key}_s"] = round(ours, 3)
            out[f"find_baseline_{name}_{key}_s"] = round(base, 3)
            worst, worst_base = max(worst, ours), max(worst_base, base)
        out[f"find_{name}_vs_baseline"] = round(worst / worst_base, 2)
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--quick", action="store_true", help="2 MB instead of 10 MB")
    p.add_argument("--repo", type=Path, default=HERE.parent, help="the checkout whose tui_reader is measured")
    args = p.parse_args(argv)
    sys.path.insert(0, str(args.repo.resolve()))
    print(json.dumps(measure(args.quick), indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
