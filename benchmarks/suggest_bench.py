"""Suggestions measured: precision and recall per kind on every hand-labelled gold set
(benchmarks/gold/), the speakers of claims, and the time to suggest over 1 MB of prose.

    python benchmarks/suggest_bench.py [--repeats N] [--quality-only] [--gold DIR]

By default every round of gold sets is measured: benchmarks/gold/ and the two held-out
rounds (heldout/, heldout2/), each measured before any rule was tuned on it and tuned on
since (docs/suggestions-heldout.md has their first figures). ``--gold DIR`` measures one
folder. The 1 MB timing always uses the first round's texts, so its figure stays comparable.

Printed as one JSON object. ``suggest_date_p`` / ``_r``, ``suggest_actor_p`` / ``_r`` and
``suggest_speaker_acc`` are the worst over the gold sets (targets: dates P >= 0.9,
R >= 0.85; actors P >= 0.85, R >= 0.8; speakers >= 0.8); ``suggest_by_set`` has every
figure of every set, claims included. ``suggest_1mb_s`` is the median time to suggest
over about 1 MB of generated prose (target < 2 s), section by section as the app does;
``suggest_1mb_vs_sentences`` the same over the time to cut that text into sentences
alone, measured in the same run.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from tui_reader.document import Document, load_document  # noqa: E402
from tui_reader.doc_source import parse_day  # noqa: E402
from tui_reader.suggest.engine import suggest_document  # noqa: E402
from tui_reader.suggest.scoring import score  # noqa: E402

GOLD = HERE / "gold"
TARGETS_MIN = {
    "suggest_date_p": 0.9,
    "suggest_date_r": 0.85,
    "suggest_actor_p": 0.85,
    "suggest_actor_r": 0.8,
    "suggest_speaker_acc": 0.8,
}
TARGETS_MAX = {"suggest_1mb_s": 2.0}


#: every round of gold sets: the first four, then two held-out rounds, each measured
#: before any rule was tuned on it (docs/suggestions-heldout.md) and tuned on since
ROUNDS = (GOLD, GOLD / "heldout", GOLD / "heldout2")


def gold_sets(folder: Path | None = None) -> list[tuple[str, Path, dict]]:
    """The gold sets of one folder (not its subfolders), or of every round."""
    if folder is None:
        return [g for round_ in ROUNDS for g in gold_sets(round_)]
    out = []
    for path in sorted(folder.glob("*.gold.json")):
        gold = json.loads(path.read_text("utf-8"))
        out.append((path.name.removesuffix(".gold.json"), folder / gold["text"], gold))
    return out


def quality(folder: Path | None = None) -> dict:
    by_set = {}
    for name, text_path, gold in gold_sets(folder):
        document = load_document(text_path)
        found = [s.to_dict() for s in suggest_document(document, parse_day(gold.get("published", "")))]
        result = score(found, gold)
        figures = {}
        for tag, s in result["tags"].items():
            figures[f"{tag}_p"] = round(s.precision, 3)
            figures[f"{tag}_r"] = round(s.recall, 3)
            figures[f"{tag}_counts"] = {"suggested": s.found, "right": s.right, "gold": s.gold, "found": s.recalled}
        figures["speaker_acc"] = round(result["speaker_accuracy"], 3)
        figures["speaker_recall"] = round(result["speaker_recall"], 3)
        figures["speaker_counts"] = {"judged": result["speaker_judged"], "right": result["speaker_right"], "attributed_claims": result["attributed_claims"]}
        by_set[name] = figures
    out = {"suggest_by_set": by_set}
    for key, field in (("suggest_date_p", "date_p"), ("suggest_date_r", "date_r"), ("suggest_actor_p", "actor_p"),
                       ("suggest_actor_r", "actor_r"), ("suggest_speaker_acc", "speaker_acc")):
        out[key] = min(f[field] for f in by_set.values()) if by_set else None
    return out


def megabyte() -> Document:
    """About 1 MB of prose: the gold texts and the sample article, over and over, as one
    Markdown document of many sections (what a long report or a book gives)."""
    texts = [p.read_text("utf-8") for _, p, _ in gold_sets(GOLD)]
    texts.append((HERE.parent / "sample_docs" / "us-ecuador-joint-operations.txt").read_text("utf-8"))
    parts, size, n = [], 0, 0
    while size < 1_000_000:
        body = texts[n % len(texts)]
        chunk = f"# Part {n + 1}\n\n{body}\n"
        parts.append(chunk)
        size += len(chunk.encode("utf-8"))
        n += 1
    from tempfile import NamedTemporaryFile

    with NamedTemporaryFile("w", suffix=".md", delete=False, encoding="utf-8") as f:
        f.write("".join(parts))
    return load_document(f.name)


def speed(repeats: int) -> dict:
    from tui_reader.textnav import sentences

    document = megabyte()
    # the first suggestion compiles the rules' patterns: once per process, not per megabyte
    suggest_document(load_document(HERE.parent / "sample_docs" / "us-ecuador-joint-operations.txt"))
    times, base = [], []
    for _ in range(repeats):
        t0 = time.perf_counter()
        for section in document.sections:
            sentences(document.text[section.start : section.end], section.start)
        base.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        suggest_document(document)
        times.append(time.perf_counter() - t0)
    median = statistics.median(times)
    return {
        "suggest_1mb_s": round(median, 3),
        "suggest_1mb_bytes": len(document.text.encode("utf-8")),
        "suggest_1mb_vs_sentences": round(median / statistics.median(base), 1),
    }


def measure(quick: bool = False) -> dict:
    """Every figure: quality on every gold set, and the 1 MB timing (1 run when quick)."""
    out = quality()
    out.update(speed(1 if quick else 3))
    return out


def check_targets(out: dict) -> dict:
    met = {k: out.get(k) is not None and out[k] >= v for k, v in TARGETS_MIN.items()}
    met.update({k: out[k] < v for k, v in TARGETS_MAX.items() if k in out})
    return met


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--quality-only", action="store_true")
    parser.add_argument("--gold", type=Path, default=None, help="one folder of *.gold.json sets (default: every round)")
    args = parser.parse_args()
    if args.gold is not None and (not args.gold.is_dir() or not gold_sets(args.gold)):
        parser.exit(1, f"suggest_bench: no gold sets (*.gold.json) in {args.gold}\n")
    out = quality(args.gold)
    if not args.quality_only:
        out.update(speed(args.repeats))
    failed = [k for k, v in TARGETS_MIN.items() if out.get(k) is None or out[k] < v]
    failed += [k for k, v in TARGETS_MAX.items() if k in out and out[k] >= v]
    out["suggest_targets_missed"] = failed
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
