"""Inter-annotator agreement between two annotators' work on the same document.

For each tag, and over all tags, with A's spans (start, end, tag) and B's:

* **Exact-span F1.** A span matches when the other side has the same start, end
  and tag. With M matches: precision P = M / |B|, recall R = M / |A|,
  F1 = 2PR / (P + R) = 2M / (|A| + |B|).
* **Overlap F1.** A span of A counts as found when B has a span of the same tag
  sharing at least one character with it (and the other way round):
  R = (A's spans found in B) / |A|, P = (B's spans found in A) / |B|,
  F1 = 2PR / (P + R). Several spans may share one partner.
* **Cohen's kappa on tokens.** The text is cut into tokens (a run of letters,
  digits and combining marks, or one other grapheme cluster that is not white
  space: an emoji family or a flag is one token, "Pérez" one word whether its é
  is one code point or two). A token is covered by a
  span when they share a character. Per tag, each token is "in a span of this tag"
  or not, for each annotator; overall, a token's category is the set of tags of the
  spans covering it (none, {actor}, {actor, claim}...). With p_o the share of
  tokens in the same category for both, and p_e = sum over categories of
  (A's share in it) x (B's share in it): kappa = (p_o - p_e) / (1 - p_e).

* **Link F1.** A link is (its source's span, its type, its target's span). Exact: a
  link matches when the other side has a link of the same type whose two ends are
  the same spans (start, end and tag); overlap: when both ends overlap spans of the
  same tags. P, R and F1 as for spans, per link type and over all links.

F1 is 0 when one side has spans and the other none, and undefined (None, shown as
"-") when neither has any; kappa is undefined when p_e = 1 (both put every token in
the same single category). Orphaned annotations have no place in the text and are
left out (and counted). The same span and tag twice on one side counts once.

Pure core: no Textual.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any, Iterable

from .annotations import Annotation
from .graphemes import tokens
from .tagset import DEFAULT_TAGS, TagSet


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    tag: str

    def overlaps(self, other: "Span") -> bool:
        return self.start < other.end and other.start < self.end


def _f1(found_a: int, n_a: int, found_b: int, n_b: int) -> dict[str, Any]:
    """P, R and F1 where ``found_a`` of A's ``n_a`` spans and ``found_b`` of B's ``n_b`` matched."""
    precision = found_b / n_b if n_b else None
    recall = found_a / n_a if n_a else None
    if not n_a and not n_b:
        f1 = None
    elif precision is None or recall is None or precision + recall == 0:
        f1 = 0.0
    else:
        f1 = 2 * precision * recall / (precision + recall)
    return {"precision": precision, "recall": recall, "f1": f1}


def kappa(labels_a: list, labels_b: list) -> float | None:
    """Cohen's kappa of two labellings of the same items."""
    n = len(labels_a)
    if n == 0 or n != len(labels_b):
        return None
    observed = sum(1 for x, y in zip(labels_a, labels_b) if x == y) / n
    count_a, count_b = Counter(labels_a), Counter(labels_b)
    expected = sum(count_a[k] * count_b[k] for k in count_a) / (n * n)
    if expected == 1:
        return None
    return (observed - expected) / (1 - expected)


def _covering(spans: Iterable[Span], toks: list[tuple[int, int]]) -> list[frozenset[str]]:
    """For each token, the tags of the spans that share a character with it."""
    from bisect import bisect_left, bisect_right

    starts = [s for s, _ in toks]
    ends = [e for _, e in toks]
    cover: list[set[str]] = [set() for _ in toks]
    for span in spans:
        first = bisect_right(ends, span.start)  # first token ending after the span starts
        last = bisect_left(starts, span.end)  # tokens starting before the span ends
        for i in range(first, last):
            cover[i].add(span.tag)
    return [frozenset(c) for c in cover]


def agreement(
    text: str, a: Iterable[Annotation], b: Iterable[Annotation], tag_set: TagSet = DEFAULT_TAGS
) -> dict[str, Any]:
    """The figures and the disagreements, as a JSON-ready dict (see the module doc)."""
    a = list(a)
    b = list(b)
    spans_a = {Span(x.start, x.end, x.tag) for x in a if not x.orphaned}
    spans_b = {Span(x.start, x.end, x.tag) for x in b if not x.orphaned}
    toks = tokens(text)
    cover_a, cover_b = _covering(spans_a, toks), _covering(spans_b, toks)
    # the tag set's tags first, each with a row even when neither side used it, then any other
    tags = list(tag_set.names) + sorted({s.tag for s in spans_a | spans_b} - set(tag_set.names))
    per_tag: dict[str, Any] = {}
    totals: Counter = Counter()
    for tag in tags:
        counts = _compare({s for s in spans_a if s.tag == tag}, {s for s in spans_b if s.tag == tag})
        totals.update(counts)
        per_tag[tag] = {**_row(counts), "kappa": kappa([tag in c for c in cover_a], [tag in c for c in cover_b])}
    overall = {**_row(totals), "kappa": kappa(cover_a, cover_b)}
    return {
        "tokens": len(toks),
        "orphaned_left_out": {"a": sum(1 for x in a if x.orphaned), "b": sum(1 for x in b if x.orphaned)},
        "tags": per_tag,
        "overall": overall,
        "links": link_agreement(a, b, tag_set),
        "disagreements": disagreements(text, spans_a, spans_b),
    }


@dataclass(frozen=True)
class LinkEnds:
    source: Span
    type: str
    target: Span

    def overlaps(self, other: "LinkEnds") -> bool:
        return (
            self.type == other.type
            and self.source.tag == other.source.tag and self.source.overlaps(other.source)
            and self.target.tag == other.target.tag and self.target.overlaps(other.target)
        )


def _links(anns: list[Annotation]) -> set[LinkEnds]:
    """Each link between two annotations that have a place in the text, by its ends."""
    placed = {x.id: Span(x.start, x.end, x.tag) for x in anns if not x.orphaned}
    return {
        LinkEnds(placed[x.id], link.type, placed[link.target])
        for x in anns if x.id in placed
        for link in x.links if link.target in placed
    }


def link_agreement(a: list[Annotation], b: list[Annotation], tag_set: TagSet = DEFAULT_TAGS) -> dict[str, Any]:
    """Exact and overlap F1 of the two sides' links, per link type and overall."""
    links_a, links_b = _links(a), _links(b)
    names = [t.name for t in tag_set.link_types]
    kinds = names + sorted({x.type for x in links_a | links_b} - set(names))
    per_type: dict[str, Any] = {}
    totals: Counter = Counter()
    for kind in kinds:
        counts = _compare({x for x in links_a if x.type == kind}, {x for x in links_b if x.type == kind})
        totals.update(counts)
        per_type[kind] = _row(counts)
    return {"types": per_type, "overall": _row(totals)}


def _compare(ta: set, tb: set) -> Counter:
    """How many of A's and B's items (spans or links of one kind) match exactly, and how
    many of each side overlap one of the other's."""
    exact = len(ta & tb)
    found_a = sum(1 for x in ta if any(x.overlaps(o) for o in tb))
    found_b = sum(1 for x in tb if any(x.overlaps(o) for o in ta))
    return Counter(a=len(ta), b=len(tb), exact=exact, found_a=found_a, found_b=found_b)


def _row(c: Counter) -> dict[str, Any]:
    """A row of figures: the counts, and exact and overlap P, R and F1."""
    return {
        "a": c["a"],
        "b": c["b"],
        "exact": {"matches": c["exact"], **_f1(c["exact"], c["a"], c["exact"], c["b"])},
        "overlap": {"found_a": c["found_a"], "found_b": c["found_b"], **_f1(c["found_a"], c["a"], c["found_b"], c["b"])},
    }


def disagreements(text: str, spans_a: set[Span], spans_b: set[Span]) -> list[dict[str, Any]]:
    """Every span not matched exactly on the other side, in text order, as one of:
    "tag" (same span, other tags), "boundaries" (overlapping spans of the same tag),
    "only_a" / "only_b" (nothing of that tag there on the other side)."""
    def show(span: Span) -> dict[str, Any]:
        return {"start": span.start, "end": span.end, "tag": span.tag, "quote": text[span.start : span.end]}

    left_a = sorted(spans_a - spans_b, key=lambda s: (s.start, s.end, s.tag))
    left_b = sorted(spans_b - spans_a, key=lambda s: (s.start, s.end, s.tag))
    out: list[dict[str, Any]] = []
    used_b: set[Span] = set()
    for span in left_a:
        same_place = [o for o in left_b if (o.start, o.end) == (span.start, span.end) and o not in used_b]
        same_tag = [o for o in left_b if o.tag == span.tag and o.overlaps(span)]
        if same_place:
            used_b.add(same_place[0])
            out.append({"kind": "tag", "a": show(span), "b": show(same_place[0])})
        elif same_tag:
            used_b.update(same_tag)
            for other in same_tag:
                out.append({"kind": "boundaries", "a": show(span), "b": show(other)})
        else:
            out.append({"kind": "only_a", "a": show(span), "b": None})
    for span in left_b:
        if span in used_b:
            continue
        if any(o.tag == span.tag and o.overlaps(span) for o in left_a):
            continue  # already listed as a boundary disagreement
        out.append({"kind": "only_b", "a": None, "b": show(span)})
    out.sort(key=lambda d: min(x["start"] for x in (d["a"], d["b"]) if x))
    return out


def _figure(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def report_lines(result: dict[str, Any]) -> list[str]:
    """The agreement as lines of text for a terminal."""
    lines = [
        f"{'tag':<8} {'A':>4} {'B':>4}  {'exact F1':>8}  {'overlap F1':>10}  {'kappa':>6}",
    ]
    rows = list(result["tags"].items()) + [("overall", result["overall"])]
    for name, row in rows:
        lines.append(
            f"{name:<8} {row['a']:>4} {row['b']:>4}  {_figure(row['exact']['f1']):>8}  "
            f"{_figure(row['overlap']['f1']):>10}  {_figure(row['kappa']):>6}"
        )
    links = result.get("links")
    if links and (links["overall"]["a"] or links["overall"]["b"]):
        lines.append(f"{'link':<8} {'A':>4} {'B':>4}  {'exact F1':>8}  {'overlap F1':>10}")
        for name, row in [*links["types"].items(), ("overall", links["overall"])]:
            lines.append(
                f"{name:<8} {row['a']:>4} {row['b']:>4}  {_figure(row['exact']['f1']):>8}  "
                f"{_figure(row['overlap']['f1']):>10}"
            )
    left = result["orphaned_left_out"]
    if left["a"] or left["b"]:
        lines.append(f"Left out (orphaned, no place in the text): {left['a']} of A, {left['b']} of B")
    found = result["disagreements"]
    lines.append(f"Disagreements: {len(found)}" if found else "No disagreements.")
    for d in found:
        a, b = d["a"], d["b"]
        if d["kind"] == "tag":
            lines.append(f"  tag         {a['start']}-{a['end']}  A {a['tag']}, B {b['tag']}: “{_short(a['quote'])}”")
        elif d["kind"] == "boundaries":
            lines.append(
                f"  boundaries  {a['tag']}  A {a['start']}-{a['end']} “{_short(a['quote'])}”"
                f" / B {b['start']}-{b['end']} “{_short(b['quote'])}”"
            )
        else:
            who, span = ("A", a) if d["kind"] == "only_a" else ("B", b)
            lines.append(f"  only in {who}   {span['tag']}  {span['start']}-{span['end']}: “{_short(span['quote'])}”")
    return lines


def _short(quote: str, limit: int = 60) -> str:
    quote = " ".join(quote.split())
    return quote if len(quote) <= limit else quote[: limit - 1] + "…"
