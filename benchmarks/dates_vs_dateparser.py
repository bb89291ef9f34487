"""resolve_date against dateparser on the same quotes: agreement, guesses, import cost.

Run with a Python that has dateparser installed (it is not a dependency of the project) and
the worktree on the path, e.g.::

    python -m venv /tmp/dp && /tmp/dp/bin/pip install dateparser
    PYTHONPATH=. /tmp/dp/bin/python benchmarks/dates_vs_dateparser.py

Prints one JSON object. The quotes are the unit tests' cases (tests/unit/test_date_values.py),
with the publication date those tests use; dateparser is asked as it would be used here
(English, the publication date as its base, dates from the past preferred) and its answer
is turned into a value of the same precision (its ``period``: day, week, month or year).
"""

from __future__ import annotations

import datetime as dt
import importlib.metadata as md
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "unit"))

from test_date_values import CASES, THURSDAY, TRAPS  # noqa: E402

from tui_reader.date_values import resolve_date  # noqa: E402


def import_ms(module: str, runs: int = 7) -> float:
    """Median time (ms, ``-X importtime``, cumulative) that importing ``module`` adds to a
    fresh interpreter that already has what the app imports anyway."""
    code = f"import datetime, re, typing, tui_reader.lazyre; import {module}"
    times = []
    for _ in range(runs):
        err = subprocess.run([sys.executable, "-X", "importtime", "-c", code], capture_output=True, text=True).stderr
        for line in err.splitlines():
            _, cumulative, name = line.split("|")
            if name.strip() == module and not name.startswith("  "):
                times.append(int(cumulative) / 1000)
    return sorted(times)[len(times) // 2]


def installed_bytes(dist: str, seen: set[str]) -> int:
    """Bytes on disk of a distribution and of what it requires (each counted once)."""
    name = dist.lower().replace("_", "-")
    if name in seen:
        return 0
    seen.add(name)
    try:
        d = md.distribution(name)
    except md.PackageNotFoundError:
        return 0
    total = sum((Path(d.locate_file(f)).stat().st_size for f in d.files or () if Path(d.locate_file(f)).exists()))
    for req in d.requires or ():
        if "extra ==" in req:
            continue
        base = req.split(";")[0].strip()
        for sep in "<>=!~[ (":
            base = base.split(sep)[0]
        total += installed_bytes(base, seen)
    return total


def main() -> None:
    import dateparser

    settings = {"RELATIVE_BASE": dt.datetime.combine(THURSDAY, dt.time(12)), "PREFER_DATES_FROM": "past"}
    parser = dateparser.DateDataParser(languages=["en"], settings=settings)

    def theirs(quote: str) -> str | None:
        data = parser.get_date_data(quote)
        d = data.date_obj
        if d is None:
            return None
        if data.period == "year":
            return f"{d.year:04d}"
        if data.period == "month":
            return f"{d.year:04d}-{d.month:02d}"
        if data.period == "week":
            monday = d.date() - dt.timedelta(days=d.weekday())
            return f"{monday}/{monday + dt.timedelta(days=6)}"
        return d.date().isoformat()

    resolvable = [(q, v) for q, v, _ in CASES if v is not None]
    unresolvable = [q for q, v, _ in CASES if v is None and q.strip()]
    agree = sum(theirs(q) == v for q, v in resolvable)
    ours_wrong = sum(resolve_date(q, THURSDAY) != v for q, v in resolvable)
    guesses = [(q, theirs(q)) for q in unresolvable if theirs(q) is not None]
    traps = [(q, theirs(q)) for q in TRAPS if q != "may" and theirs(q) is not None]
    disagree = [(q, v, theirs(q)) for q, v in resolvable if theirs(q) != v]

    quotes = [q for q, _, _ in CASES]
    t = time.perf_counter()
    for q in quotes:
        theirs(q)
    dp_per_call = (time.perf_counter() - t) / len(quotes)
    t = time.perf_counter()
    for _ in range(20):
        for q in quotes:
            resolve_date(q, THURSDAY)
    ours_per_call = (time.perf_counter() - t) / len(quotes) / 20

    # as a detector (issue 13 will need one): dateparser's own search over the sample article
    from dateparser.search import search_dates

    article = (ROOT / "sample_docs" / "us-ecuador-joint-operations.txt").read_text("utf-8")
    t = time.perf_counter()
    found = search_dates(article, languages=["en"], settings=settings) or []
    search_first_s = time.perf_counter() - t
    t = time.perf_counter()
    search_dates(article, languages=["en"], settings=settings)
    search_again_s = time.perf_counter() - t
    print(
        json.dumps(
            {
                "dateparser_version": dateparser.__version__,
                "resolvable_cases": len(resolvable),
                "dateparser_same_value": agree,
                "resolve_date_same_value": len(resolvable) - ours_wrong,
                "unresolvable_cases": len(unresolvable),
                "dateparser_gave_a_value": len(guesses),
                "trap_quotes": len(TRAPS) - 1,
                "dateparser_dated_a_trap": len(traps),
                "import_ms_dateparser": import_ms("dateparser"),
                "import_ms_date_values": import_ms("tui_reader.date_values"),
                "install_mb_dateparser_with_requirements": round(installed_bytes("dateparser", set()) / 2**20, 1),
                "per_call_ms_dateparser": round(dp_per_call * 1000, 3),
                "per_call_ms_resolve_date": round(ours_per_call * 1000, 4),
                "search_dates_sample_chars": len(article),
                "search_dates_sample_first_s": round(search_first_s, 3),
                "search_dates_sample_again_s": round(search_again_s, 3),
                "search_dates_sample_found": [(q, d.date().isoformat()) for q, d in found],
                "guesses": guesses,
                "traps": traps,
                "disagreements": disagree,
            },
            indent=1,
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
