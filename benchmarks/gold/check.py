"""Check the hand-labelled gold sets beside this file (format and guidelines: README.md).

    python benchmarks/gold/check.py [GOLD.json ...] [--summary]

With no file named, checks the tuning sets beside this file and the held-out sets in heldout/
and heldout2/.

Every span's offsets must give its quote in the text as tui-reader loads it, and every
link must join spans of the tags its type allows. Prints one line per problem and exits 1,
or exits 0 (with --summary, the counts per tag and link type of each set as JSON).
"""

from __future__ import annotations

import datetime as _dt
import json
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
HELDOUT = HERE / "heldout"
HELDOUT2 = HERE / "heldout2"
sys.path.insert(0, str(HERE.parent.parent))

from tui_reader.doc_source import source_from_front_matter  # noqa: E402
from tui_reader.document import DocumentError, load_document  # noqa: E402

TAGS = {"actor", "claim", "date"}
LINK_TAGS = {"said_by": ("claim", "actor"), "same_as": ("actor", "actor"), "dated": ("claim", "date")}
_POINT = re.compile(r"\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2})?)?)?")
_ARTICLE = re.compile(r"(?i)(the|a|an)\s")


def gold_files(folder: Path = HERE) -> list[Path]:
    return sorted(folder.glob("*.gold.json"))


def all_gold_files() -> list[Path]:
    """The tuning sets and both held-out rounds (never mixed in a benchmark run, checked alike)."""
    return gold_files(HERE) + gold_files(HELDOUT) + gold_files(HELDOUT2)


def _point_bounds(point: str) -> tuple[str, str] | None:
    """The first and last day (ISO strings) of a date, month or year value, or None if invalid."""
    if not _POINT.fullmatch(point):
        return None
    try:
        if len(point) == 4:
            return f"{point}-01-01", f"{point}-12-31"
        if len(point) == 7:
            first = _dt.date.fromisoformat(point + "-01")
            nxt = (first.replace(day=28) + _dt.timedelta(days=4)).replace(day=1)
            return first.isoformat(), (nxt - _dt.timedelta(days=1)).isoformat()
        if "T" in point:
            _dt.datetime.fromisoformat(point)
            return point[:10], point[:10]
        _dt.date.fromisoformat(point)
        return point, point
    except ValueError:
        return None


def valid_value(value: object) -> bool:
    """An ISO 8601 date, month, year, date and time to the minute, or an interval of two."""
    if not isinstance(value, str):
        return False
    parts = value.split("/")
    if len(parts) > 2:
        return False
    bounds = [_point_bounds(p) for p in parts]
    if any(b is None for b in bounds):
        return False
    return len(bounds) == 1 or bounds[0][0] <= bounds[1][1]


def check_gold(path: Path) -> list[str]:
    """The problems of one gold set, one line each (empty when it is sound)."""
    path = Path(path)
    name = path.name
    try:
        gold = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        return [f"{name}: cannot be read as JSON ({exc})"]
    if not isinstance(gold, dict) or not {"text", "published", "spans", "links"} <= set(gold):
        return [f"{name}: needs the keys text, published, spans and links"]
    try:
        doc = load_document(path.parent / gold["text"])
    except DocumentError as exc:
        return [f"{name}: {exc}"]
    text = doc.text
    problems: list[str] = []
    published = gold["published"]
    if not (isinstance(published, str) and len(published) == 10 and valid_value(published)):
        problems.append(f"{name}: published {published!r} is not a YYYY-MM-DD date")
    front = source_from_front_matter(text).published  # as tui-reader reads the text's source
    if front and front != published:
        problems.append(f"{name}: published {published} differs from the text's front matter ({front})")

    spans: dict[str, dict] = {}
    seen: set[tuple[int, int, str]] = set()
    for span in gold["spans"]:
        sid = span.get("id")
        where = f"{name}: span {sid}"
        if not isinstance(sid, str) or sid in spans:
            problems.append(f"{where}: missing or repeated id")
            continue
        spans[sid] = span
        start, end, quote, tag = span.get("start"), span.get("end"), span.get("quote"), span.get("tag")
        if tag not in TAGS:
            problems.append(f"{where}: tag {tag!r} is not one of {sorted(TAGS)}")
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
            problems.append(f"{where}: offsets {start}..{end} are outside the text ({len(text)} characters)")
            continue
        if text[start:end] != quote:
            problems.append(f"{where}: text[{start}:{end}] is {text[start:end]!r}, not the quote {quote!r}")
        elif quote != quote.strip():
            problems.append(f"{where}: the quote {quote!r} starts or ends with a space")
        elif (start > 0 and text[start - 1].isalnum() and quote[0].isalnum()) or (
            end < len(text) and text[end].isalnum() and quote[-1].isalnum()
        ):
            problems.append(f"{where}: the quote {quote!r} starts or ends inside a word")
        if tag == "actor" and isinstance(quote, str) and _ARTICLE.match(quote):
            problems.append(f"{where}: the actor {quote!r} starts with an article (spans leave it out)")
        if "value" in span and (tag != "date" or not valid_value(span["value"])):
            problems.append(f"{where}: value {span['value']!r} is not an ISO 8601 value on a date span")
        if (start, end, tag) in seen:
            problems.append(f"{where}: the same text is tagged {tag} twice")
        seen.add((start, end, tag))

    pairs: set[tuple[str, str, str]] = set()
    outgoing: Counter = Counter()
    same_as_sources = {link.get("source") for link in gold["links"] if link.get("type") == "same_as"}
    for link in gold["links"]:
        kind, source, target = link.get("type"), link.get("source"), link.get("target")
        where = f"{name}: link {kind} {source} -> {target}"
        if kind not in LINK_TAGS:
            problems.append(f"{where}: type is not one of {sorted(LINK_TAGS)}")
            continue
        if source not in spans or target not in spans:
            problems.append(f"{where}: names a span that is not in the set")
            continue
        want = LINK_TAGS[kind]
        got = (spans[source].get("tag"), spans[target].get("tag"))
        if got != want:
            problems.append(f"{where}: joins {got[0]} -> {got[1]}, {kind} joins {want[0]} -> {want[1]}")
        if source == target or (kind, source, target) in pairs:
            problems.append(f"{where}: links a span to itself or repeats a link")
        pairs.add((kind, source, target))
        outgoing[(kind, source)] += 1
        if outgoing[(kind, source)] == 2:
            problems.append(f"{name}: span {source} has more than one {kind} link")
        if kind == "same_as":
            if spans[target]["start"] >= spans[source]["start"]:
                problems.append(f"{where}: same_as points back to the entity's first named mention, which comes earlier")
            if target in same_as_sources:
                problems.append(f"{where}: the target is itself a later mention; point to the first named mention")
    return problems


def summarize(path: Path) -> dict:
    gold = json.loads(Path(path).read_text(encoding="utf-8"))
    return {
        "spans": dict(sorted(Counter(s["tag"] for s in gold["spans"]).items())),
        "valued_dates": sum(1 for s in gold["spans"] if "value" in s),
        "links": dict(sorted(Counter(link["type"] for link in gold["links"]).items())),
    }


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    summary = "--summary" in args
    paths = [Path(a) for a in args if a != "--summary"] or all_gold_files()
    if not paths:
        print("no gold sets (*.gold.json) found", file=sys.stderr)
        return 1
    problems = [p for path in paths for p in check_gold(path)]
    for line in problems:
        print(line)
    if problems:
        return 1
    if summary:
        print(json.dumps({path.name: summarize(path) for path in paths}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
