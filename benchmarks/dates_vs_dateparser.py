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


def startup_s(code: str, runs: int = 7) -> float:
    """Median wall time of a fresh interpreter running ``code``."""
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        times.append(time.perf_counter() - t)
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

    parser = dateparser.DateDataParser(
        languages=["en"],
        settings={"RELATIVE_BASE": dt.datetime.combine(THURSDAY, dt.time(12)), "PREFER_DATES_FROM": "past"},
    )

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

    bare = startup_s("pass")
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
                "import_dateparser_s": round(startup_s("import dateparser") - bare, 3),
                "import_date_values_s": round(startup_s("import tui_reader.date_values") - bare, 3),
                "install_mb_dateparser_with_requirements": round(installed_bytes("dateparser", set()) / 2**20, 1),
                "per_call_ms_dateparser": round(dp_per_call * 1000, 3),
                "per_call_ms_resolve_date": round(ours_per_call * 1000, 4),
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
