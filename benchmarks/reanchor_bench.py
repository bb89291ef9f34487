"""Re-anchoring after realistic edits: how many annotations come back right, how many
are orphaned, how many land on wrong words; and how long 1,000 take on a 1 MB text.

    python benchmarks/reanchor_bench.py [--quick] [--docs N] [--edits N] [--seed S]

Documents are corpus.py's (generated prose with a cast of its own, so names and
phrases repeat as in real reporting) with 100 annotations each: whole sentences,
clauses, names and dates. Each document gets a random series of edits, the kinds a
copy-editor or a new version of a file makes:

* insert a new sentence;            * delete a sentence (any);
* fix a typo inside a quote         * move a paragraph elsewhere;
  (replace, drop or add a letter);  * delete the sentence that holds a quote.

The harness tracks where every character of the old text went, so the truth is known:
an annotation's words *survive* when at least 80% of its characters are still there;
their new span runs from the first to the last surviving character. After
``anchoring.reanchor``:

* correct: attached (kept, moved or fuzzy) within 2 characters of that span at each end;
* wrong: attached anywhere else, or attached although its words did not survive;
* orphaned: attached to nothing.

Printed as one JSON object:

| key | meaning |
| --- | --- |
| `reanchor_wrong_share` | wrong / all annotations (target 0) |
| `reanchor_recovered_share` | correct / annotations whose words survived (target >= 0.95) |
| `reanchor_orphaned_share` | orphaned / all annotations |
| `reanchor_survived_share` | annotations whose words survived / all |
| `reanchor_by_edit` | per kind of edit: annotations it touched, and how they ended |
| `reanchor_1000_on_1mb_s` | `reanchor` of 1,000 annotations on a 1 MB text after a sentence is inserted near its start (every annotation moves) plus a typo fix in 20 quotes and a moved paragraph; median of 3 (target < 1) |
| `reanchor_find_baseline_s`, `reanchor_vs_find_ratio` | the baseline: `str.find` of each of the same 1,000 quotes in the new text (an exact-only re-anchoring that checks nothing), and our time over it |
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import sys
import time
from collections import Counter
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

TARGETS_MAX = {"reanchor_wrong_share": 0.0, "reanchor_1000_on_1mb_s": 1.0}
TARGETS_MIN = {"reanchor_recovered_share": 0.95}
EDIT_KINDS = ("insert_sentence", "delete_sentence", "typo_in_quote", "move_paragraph", "delete_quote_sentence")
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]")
_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def log(*args) -> None:
    print(*args, file=sys.stderr, flush=True)


class Edited:
    """A text being edited, with the old offset of every character (-1: new)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.origin = list(range(len(text)))

        self._old_len = len(text)
        self._new_of_old: list[int] | None = None

    def replace(self, start: int, end: int, new: str, origin: list[int] | None = None) -> None:
        self.text = self.text[:start] + new + self.text[end:]
        self.origin[start:end] = origin if origin is not None else [-1] * len(new)
        self._new_of_old = None

    def where(self, old_start: int, old_end: int) -> list[int]:
        """New offsets of the surviving characters of old [old_start, old_end), in order."""
        if self._new_of_old is None:
            inverse = [-1] * self._old_len
            for i, o in enumerate(self.origin):
                if o >= 0:
                    inverse[o] = i
            self._new_of_old = inverse
        return sorted(p for p in self._new_of_old[old_start:old_end] if p >= 0)


def _sentences(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _SENTENCE.finditer(text)]


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each prose paragraph line (not the title or a headline)."""
    spans, pos = [], 0
    for line in text.split("\n"):
        if len(line) > 80:
            spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def apply_edit(kind: str, ed: Edited, anns: list[Annotation], r: random.Random, writer) -> list[str]:
    """Apply one edit of ``kind``; returns the ids of the annotations it touched."""
    text = ed.text
    if kind == "insert_sentence":
        spans = _sentences(text)
        _, end = r.choice(spans)
        ed.replace(end, end, " " + writer.sentence())
        return []
    if kind == "delete_sentence":
        start, end = r.choice(_sentences(text))
        return _delete(ed, anns, start, end)
    if kind == "typo_in_quote":
        alive = [a for a in anns if len(ed.where(a.start, a.end)) == a.end - a.start and a.end - a.start >= 6]
        if not alive:
            return []
        ann = r.choice(alive)
        pos = ed.where(ann.start, ann.end)
        letters = [p for p in pos[1:-1] if ed.text[p].isalpha()]
        if not letters:
            return []
        p = r.choice(letters)
        how = r.random()
        if how < 0.6:
            ed.replace(p, p + 1, r.choice([c for c in _LETTERS if c != ed.text[p].lower()]))
        elif how < 0.8:
            ed.replace(p, p + 1, "")
        else:
            ed.replace(p, p, r.choice(_LETTERS))
        return [ann.id]
    if kind == "move_paragraph":
        paras = _paragraphs(text)
        if len(paras) < 3:
            return []
        start, end = r.choice(paras)
        moved = ed.text[start:end]
        origin = ed.origin[start:end]
        touched = [a.id for a in anns if any(start <= p < end for p in ed.where(a.start, a.start + 1))]
        ed.replace(start, end + 1, "", [])  # the paragraph and its line break
        dest = r.choice([p for p in _paragraphs(ed.text)])[1] + 1  # after another paragraph's line
        ed.replace(dest, dest, moved + "\n", origin + [-1])
        return touched
    if kind == "delete_quote_sentence":
        alive = [a for a in anns if ed.where(a.start, a.start + 1)]
        ann = r.choice(alive)
        p = ed.where(ann.start, ann.start + 1)[0]
        for start, end in _sentences(ed.text):
            if start <= p < end:
                return _delete(ed, anns, start, end)
        return []
    raise ValueError(kind)


def _delete(ed: Edited, anns: list[Annotation], start: int, end: int) -> list[str]:
    if end < len(ed.text) and ed.text[end] == " ":
        end += 1
    touched = [a.id for a in anns if any(start <= p < end for p in ed.where(a.start, a.end))]
    ed.replace(start, end, "", [])
    return touched


def judge(ann: Annotation, placed: Annotation, ed: Edited) -> str:
    """'correct', 'wrong' or 'orphaned', against where the words really went."""
    alive = ed.where(ann.start, ann.end)
    survived = len(alive) >= 0.8 * (ann.end - ann.start)
    if placed.status == ORPHANED:
        return "orphaned"
    if not survived:
        return "wrong"
    lo, hi = alive[0], alive[-1] + 1
    if abs(placed.start - lo) <= 2 and abs(placed.end - hi) <= 2:
        return "correct"
    return "wrong"


def accuracy(docs: int, edits: int, seed: int) -> dict:
    pools = corpus.NamePools(seed, 4000)
    totals = Counter()
    by_edit = {k: Counter() for k in EDIT_KINDS}
    wrong_examples = []
    for index in range(docs):
        text, spans = corpus.make_document(index, 100, pools, seed=seed)
        doc = Document.from_text(text)
        anns = corpus.annotations_for(doc, spans)
        r = random.Random(seed * 7919 + index)
        writer = corpus._DocWriter(seed + index, pools)
        ed = Edited(text)
        touched_by: dict[str, str] = {}
        for _ in range(edits):
            kind = r.choice(EDIT_KINDS)
            for ann_id in apply_edit(kind, ed, anns, r, writer):
                touched_by.setdefault(ann_id, kind)
        new = Document.from_text(ed.text)
        placed, _report = reanchor(anns, ed.text, lambda o: new.section_at(o).title)
        by_id = {a.id: a for a in placed}
        for ann in anns:
            p = by_id[ann.id]
            verdict = judge(ann, p, ed)
            alive = ed.where(ann.start, ann.end)
            survived = len(alive) >= 0.8 * (ann.end - ann.start)
            totals["all"] += 1
            totals["survived"] += survived
            totals[verdict] += 1
            if survived and verdict == "orphaned":
                totals["lost"] += 1
            kind = touched_by.get(ann.id)
            if kind:
                by_edit[kind]["touched"] += 1
                by_edit[kind][verdict] += 1
            if verdict == "wrong" and len(wrong_examples) < 5:
                wrong_examples.append({"quote": ann.quote, "placed": p.quote, "status": p.status,
                                       "survived": survived, "edit": kind})
    out = {
        "reanchor_wrong_share": round(totals["wrong"] / totals["all"], 4),
        "reanchor_recovered_share": round(totals["correct"] / max(1, totals["survived"]), 4),
        "reanchor_orphaned_share": round(totals["orphaned"] / totals["all"], 4),
        "reanchor_survived_share": round(totals["survived"] / totals["all"], 4),
        "reanchor_annotations": totals["all"],
        "reanchor_documents": docs,
        "reanchor_edits_per_document": edits,
        "reanchor_by_edit": {k: dict(v) for k, v in by_edit.items()},
    }
    if wrong_examples:
        out["reanchor_wrong_examples"] = wrong_examples
    return out


def timing(seed: int, repeats: int = 3) -> dict:
    pools = corpus.NamePools(seed, 4000)
    text, spans = corpus.make_document(10_000, 7000, pools, seed=seed)
    while len(text.encode("utf-8")) < 1_000_000:  # top up to 1 MB with more of the same prose
        more, _ = corpus.make_document(10_001 + len(text) % 97, 800, pools, seed=seed)
        text = text + "\n\n" + more.split("\n", 2)[2]
    doc = Document.from_text(text)
    r = random.Random(seed)
    anns = corpus.annotations_for(doc, r.sample(spans, 1000))
    ed = Edited(text)
    writer = corpus._DocWriter(seed, pools)
    first = _sentences(text[:5000])[3][1]
    ed.replace(first, first, " " + writer.sentence())
    for _ in range(20):
        apply_edit("typo_in_quote", ed, anns, r, writer)
    apply_edit("move_paragraph", ed, anns, r, writer)
    new_text = ed.text
    times, base = [], []
    for _ in range(repeats):
        quote_index._last = None  # each run builds its own index of the text, as an open does
        t0 = time.perf_counter()
        placed, report = reanchor(anns, new_text)
        times.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        for a in anns:
            new_text.find(a.quote)
        base.append(time.perf_counter() - t0)
    t, b = statistics.median(times), statistics.median(base)
    return {
        "reanchor_1000_on_1mb_s": round(t, 3),
        "reanchor_find_baseline_s": round(b, 4),
        "reanchor_vs_find_ratio": round(t / b, 1) if b else None,
        "reanchor_timing_text_bytes": len(new_text.encode("utf-8")),
        "reanchor_timing_outcome": report.to_dict(),
    }


def measure(quick: bool = False, docs: int | None = None, edits: int = 6, seed: int = 4) -> dict:
    docs = docs or (10 if quick else 60)
    log(f"re-anchoring: {docs} documents x 100 annotations, {edits} edits each")
    out = accuracy(docs, edits, seed)
    log("re-anchoring: 1,000 annotations on a 1 MB text")
    out.update(timing(seed, 1 if quick else 3))
    return out


def check_targets(out: dict) -> dict:
    return harness.check_targets(out, TARGETS_MAX, TARGETS_MIN)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--quick", action="store_true")
    p.add_argument("--docs", type=int)
    p.add_argument("--edits", type=int, default=6)
    p.add_argument("--seed", type=int, default=4)
    args = p.parse_args(argv)
    out = measure(args.quick, args.docs, args.edits, args.seed)
    out["reanchor_meets_targets"] = check_targets(out)
    print(json.dumps(out, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
