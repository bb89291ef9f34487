"""What the suggestions get wrong on each gold set, one line per miss, to read for causes.

    python benchmarks/suggest_misses.py [--gold DIR] [--tag date|actor|claim] [--context N]

For every gold set of DIR (default benchmarks/gold/, the tuning sets; benchmarks/gold/heldout
for the held-out ones) prints, per tag, the suggestions that match no gold span (FP, with the
rule that made them) and the gold spans no suggestion matches (FN), matched as
``suggest_bench.py`` scores them; then the matched claims whose speaker is wrong or missing,
and matched dates whose value differs from the gold one (values are not scored, but a reader
accepting the date gets the suggested value).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from suggest_bench import GOLD, gold_sets  # noqa: E402

from tui_reader.document import load_document  # noqa: E402
from tui_reader.doc_source import parse_day  # noqa: E402
from tui_reader.suggest.engine import suggest_document  # noqa: E402
from tui_reader.suggest.scoring import _entity_spans, _overlaps, same_span  # noqa: E402


def _where(text: str, span: dict, context: int) -> str:
    """The span in its line, with up to ``context`` characters either side."""
    a, b = span["start"], span["end"]
    left = text[max(0, a - context) : a].split("\n")[-1]
    right = text[b : b + context].split("\n")[0]
    quote = span["quote"] if len(span["quote"]) <= 90 else span["quote"][:60] + " … " + span["quote"][-25:]
    return f"…{left}[{quote}]{right}…".replace("\n", " ")


def misses(found: list[dict], gold: dict, text: str, tags: list[str], context: int) -> list[str]:
    spans = gold["spans"]
    by_id = {s["id"]: s for s in spans}
    lines = []
    for tag in tags:
        mine = [s for s in found if s["tag"] == tag]
        theirs = [g for g in spans if g["tag"] == tag]
        for s in mine:
            if not any(same_span(s, g) for g in theirs):
                lines.append(f"  {tag} FP @{s['start']} rule={s.get('rule')}: {_where(text, s, context)}")
        for g in theirs:
            if not any(same_span(s, g) for s in mine):
                lines.append(f"  {tag} FN @{g['start']} {g['id']}: {_where(text, g, context)}")
    if "date" in tags:
        for g in (g for g in spans if g["tag"] == "date"):
            for s in (s for s in found if s["tag"] == "date" and same_span(s, g)):
                if s.get("value") != g.get("value"):
                    lines.append(f"  date VALUE @{g['start']} {g['quote']!r}: suggested {s.get('value')} gold {g.get('value')}")
    if "claim" in tags:
        said = {}
        for link in gold.get("links", []):
            if link["type"] == "said_by":
                said[link["source"]] = link["target"]
        for g in (g for g in spans if g["tag"] == "claim" and g["id"] in said):
            speaker = by_id[said[g["id"]]]
            mentions = _entity_spans(gold, by_id, speaker["id"])
            for s in (s for s in found if s["tag"] == "claim" and same_span(s, g)):
                ref = s.get("said_by")
                if not ref:
                    lines.append(f"  speaker NONE @{g['start']} gold {speaker['quote']!r}: {_where(text, g, 0)}")
                    continue
                refs = [ref] + ([ref["refers_to"]] if ref.get("refers_to") else [])
                if not any(_overlaps(r, m) for r in refs for m in mentions):
                    got = ref["quote"] + (f" -> {ref['refers_to']['quote']}" if ref.get("refers_to") else "")
                    lines.append(f"  speaker WRONG @{g['start']} suggested {got!r} gold {speaker['quote']!r}: {_where(text, g, 0)}")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--gold", type=Path, default=GOLD, help="folder of *.gold.json sets (default: the tuning sets)")
    parser.add_argument("--tag", choices=["date", "actor", "claim"], action="append")
    parser.add_argument("--context", type=int, default=30)
    args = parser.parse_args()
    sets = gold_sets(args.gold) if args.gold.is_dir() else []
    if not sets:
        print(f"suggest_misses: no gold sets (*.gold.json) in {args.gold}", file=sys.stderr)
        return 1
    for name, text_path, gold in sets:
        document = load_document(text_path)
        found = [s.to_dict() for s in suggest_document(document, parse_day(gold.get("published", "")))]
        lines = misses(found, gold, document.text, args.tag or ["date", "actor", "claim"], args.context)
        print(f"{name}: {len(lines)} misses")
        print("\n".join(lines) if lines else "  none")
    return 0


if __name__ == "__main__":
    sys.exit(main())
