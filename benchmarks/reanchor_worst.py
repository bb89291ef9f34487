"""Re-anchoring's worst cases: 1,000 annotations on a 1 MB text, edited in the ways that
cost most, each timed through ``anchoring.reanchor``.

    python benchmarks/reanchor_worst.py [--repeats N] [--case NAME]

The text is corpus.py's generated prose (1 MB, one-line paragraphs). Cases:

* ``paragraphs_reordered``: the benchmark's annotations (sentences, clauses, names,
  dates), every paragraph shuffled;
* ``comma_space``: the same annotations, every ", " made ",";
* ``replaced``: the same annotations, the whole file replaced by other prose of the
  same style (another cast, other sentences);
* ``short_words_reordered``: 1,000 annotations on short common words ("the", "of the",
  "said", "harbour"...) and every paragraph shuffled;
* ``short_words_replaced``: the same annotations, the file replaced;
* ``typos_reordered``: the benchmark's annotations, a typo inside every quote of 6
  characters or more, every paragraph shuffled.

Printed as one JSON object: ``reanchor_worst_1000_s`` is the slowest case (median of the
repeats, target < 1 s), ``reanchor_worst_cases_s`` each case's time (and
``reanchor_worst_cases_cpu_s`` its CPU time: the machine may be shared),
``reanchor_worst_outcomes`` what each case did (kept / moved / fuzzy / orphaned, and where
the paragraphs were only reordered, ``wrong``: attached away from where the words went),
``reanchor_worst_cli_commands_s`` the slowest case through ``tui-reader list PATH`` and
``export PATH``, each a process of its own (median of the repeats; ``..._cpu_s`` their CPU
time), and ``reanchor_worst_cli_s`` the slower of the two (target < 1 s).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import corpus  # noqa: E402
import harness  # noqa: E402

from tui_reader import quote_index  # noqa: E402
from tui_reader.anchoring import reanchor  # noqa: E402
from tui_reader.annotations import ORPHANED, Annotation  # noqa: E402
from tui_reader.document import Document  # noqa: E402

TARGETS_MAX = {"reanchor_worst_1000_s": 1.0, "reanchor_worst_cli_s": 1.0}
CASES = (
    "paragraphs_reordered",
    "comma_space",
    "replaced",
    "short_words_reordered",
    "short_words_replaced",
    "typos_reordered",
)
# what the installed tui-reader script runs
_ENTRY_POINT = "import sys; from tui_reader.cli import main; sys.exit(main())"
_COMMON = re.compile(
    r"\b(?:the|of the|in the|and|to|a|of|said|was|by|on|for|at|the harbour|the town council|report|"
    r"after|before|with|its|his|her|their|which|would)\b"
)


def log(*args) -> None:
    print(*args, file=sys.stderr, flush=True)


def megabyte(seed: int, index: int) -> tuple[str, list[tuple[int, int, str, str]]]:
    """About 1 MB of generated prose and the spans of its annotations."""
    pools = corpus.NamePools(seed, 4000)
    text, spans = corpus.make_document(index, 7000, pools, seed=seed)
    while len(text.encode("utf-8")) < 1_000_000:
        more, _ = corpus.make_document(index + 1 + len(text) % 97, 800, pools, seed=seed)
        text = text + "\n\n" + more.split("\n", 2)[2]
    return text, spans


def _shuffle_paragraphs(text: str, r: random.Random) -> tuple[str, list[tuple[int, int, int]]]:
    """The text with its paragraphs (after the title) in another order, and where each
    went: (old start, old end, new start) of every paragraph."""
    paras, pos = [], 0
    for para in text.split("\n\n"):
        paras.append((pos, pos + len(para)))
        pos += len(para) + 2
    head, body = paras[:1], paras[1:]
    r.shuffle(body)
    out, moves, pos = [], [], 0
    for start, end in head + body:
        out.append(text[start:end])
        moves.append((start, end, pos))
        pos += end - start + 2
    return "\n\n".join(out), moves


def _typo(text: str, ann: Annotation, r: random.Random) -> tuple[int, int, str] | None:
    letters = [p for p in range(ann.start + 1, ann.end - 1) if text[p].isalpha() and text[p].islower()]
    if ann.end - ann.start < 6 or not letters:
        return None
    p = r.choice(letters)
    return p, p + 1, r.choice([c for c in "abcdefghijklmnopqrstuvwxyz" if c != text[p]])


def build(case: str, seed: int = 4) -> tuple[list[Annotation], str, dict[str, int | None]]:
    """The annotations (made on the old text), the new text of ``case``, and where each
    annotation's words went (their new start; None: gone), where the edit tells."""
    r = random.Random(seed)
    text, spans = megabyte(seed, 10_000)
    doc = Document.from_text(text)
    if case.startswith("short_words"):
        hits = [m.span() for m in _COMMON.finditer(text)]
        chosen = sorted(r.sample(hits, 1000))
        anns = corpus.annotations_for(doc, [(s, e, "actor", "") for s, e in chosen])
    else:
        anns = corpus.annotations_for(doc, r.sample(spans, 1000))
    if case.endswith("replaced"):
        other, _ = megabyte(seed + 101, 20_000)
        return anns, other, {}
    if case == "comma_space":
        return anns, text.replace(", ", ","), {}
    if case == "typos_reordered":  # one letter for another: no offset moves
        edits = sorted((e for a in anns if (e := _typo(text, a, r)) is not None), reverse=True)
        for s, e, new in edits:
            text = text[:s] + new + text[e:]
    new_text, moves = _shuffle_paragraphs(text, r)
    truth: dict[str, int | None] = {}
    for ann in anns:
        truth[ann.id] = next((to + ann.start - s for s, e, to in moves if s <= ann.start and ann.end <= e), None)
    return anns, new_text, truth


def measure(repeats: int = 3, cases: tuple[str, ...] = CASES, seed: int = 4, with_cli: bool = True) -> dict:
    times: dict[str, float] = {}
    cpu_times: dict[str, float] = {}
    outcomes: dict[str, dict] = {}
    for case in cases:
        anns, new_text, truth = build(case, seed)
        runs, cpu = [], []
        for _ in range(repeats):
            quote_index._last = None  # each run builds its own index of the text, as an open does
            t0, c0 = time.perf_counter(), time.process_time()
            placed, report = reanchor(anns, new_text)
            runs.append(time.perf_counter() - t0)
            cpu.append(time.process_time() - c0)
        times[case] = round(statistics.median(runs), 3)
        cpu_times[case] = round(statistics.median(cpu), 3)
        outcomes[case] = report.to_dict()
        if truth:  # attached, but not where the words went
            outcomes[case]["wrong"] = sum(
                1 for a in placed if a.status != ORPHANED and truth.get(a.id) is not None
                and abs(a.start - truth[a.id]) > 2
            ) + sum(1 for a in placed if a.status != ORPHANED and a.id in truth and truth[a.id] is None)
        log(f"re-anchoring worst case {case}: {times[case]:.3f} s (CPU {cpu_times[case]:.3f} s) {report.summary()}"
            + (f", {outcomes[case]['wrong']} wrong" if truth else ""))
    out = {
        "reanchor_worst_1000_s": max(times.values()),
        "reanchor_worst_cases_s": times,
        "reanchor_worst_cases_cpu_s": cpu_times,
        "reanchor_worst_outcomes": outcomes,
    }
    if with_cli:
        worst = max(times, key=times.get)
        out["reanchor_worst_case"] = worst
        commands = cli(worst, seed, repeats)
        out["reanchor_worst_cli_s"] = max(commands["wall"].values())
        out["reanchor_worst_cli_commands_s"] = commands["wall"]
        out["reanchor_worst_cli_commands_cpu_s"] = commands["cpu"]
    return out


def cli(case: str, seed: int = 4, repeats: int = 3) -> dict:
    """``tui-reader list PATH`` and ``export PATH`` end to end, each a process of its own
    as a user runs it (Python's start, the imports, the store read, re-anchoring, the
    store's transaction, the output): the annotations stored on the old text of ``case``
    at PATH, the new text written there; each run on a fresh copy of the store, so that
    each re-anchors. The median of ``repeats`` runs of each, after one run of each that
    is not timed (it compiles the byte-code, as an installed package has it, into a
    cache of its own, and fills the page cache)."""
    import os
    import shutil
    import subprocess
    import tempfile

    from tui_reader.store import Store

    anns, new_text, _ = build(case, seed)
    text, _spans = megabyte(seed, 10_000)
    times: dict[str, list[float]] = {"list": [], "export": []}
    cpu: dict[str, list[float]] = {"list": [], "export": []}
    with tempfile.TemporaryDirectory(prefix="reanchor-worst-") as tmp:
        path = Path(tmp) / "article.txt"
        path.write_text(text, encoding="utf-8")
        doc = Document.from_text(text)
        seeded = Path(tmp) / "seeded"
        with Store(seeded) as store:
            store.remember_document(doc.id, str(path), doc.title, len(doc.sections))
            store.apply_many({doc.id: ([a.with_changes(document=doc.id) for a in anns], [])})
        path.write_text(new_text, encoding="utf-8")
        env = dict(os.environ, PYTHONPATH=str(HERE.parent), PYTHONPYCACHEPREFIX=str(Path(tmp) / "pycache"))
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        for run in range(repeats + 1):
            for command in ("list", "export"):
                data = Path(tmp) / f"{command}-{run}"
                shutil.copytree(seeded, data)
                argv = [sys.executable, "-c", _ENTRY_POINT, command, str(path), "--data-dir", str(data)]
                c0, t0 = _children_cpu(), time.perf_counter()
                done = subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
                took, cpu_took = time.perf_counter() - t0, _children_cpu() - c0
                if done.returncode != 0:
                    raise RuntimeError(f"tui-reader {command} ended with {done.returncode}: {done.stderr.decode()[-300:]}")
                if run:  # the first run of each is the warm-up
                    times[command].append(took)
                    cpu[command].append(cpu_took)
                shutil.rmtree(data)
    out = {command: round(statistics.median(runs), 3) for command, runs in times.items()}
    out_cpu = {command: round(statistics.median(runs), 3) for command, runs in cpu.items()}
    log(f"re-anchoring worst case {case} through the CLI (a process each, median of {repeats}): "
        f"list {out['list']:.3f} s (CPU {out_cpu['list']:.3f} s), export {out['export']:.3f} s (CPU {out_cpu['export']:.3f} s)")
    return {"wall": out, "cpu": out_cpu}


def _children_cpu() -> float:
    """CPU time (user and system) of the finished child processes so far."""
    import resource

    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def check_targets(out: dict) -> dict:
    return harness.check_targets(out, TARGETS_MAX)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--case", choices=CASES, action="append")
    p.add_argument("--seed", type=int, default=4)
    p.add_argument("--no-cli", action="store_true", help="leave out the list / export runs")
    args = p.parse_args(argv)
    out = measure(args.repeats, tuple(args.case or CASES), args.seed, not args.no_cli)
    out["reanchor_worst_meets_targets"] = check_targets(out)
    print(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
