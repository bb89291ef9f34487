"""How good the suggestions are against a hand-labelled gold set: precision and recall per
tag, and how often a claim's suggested speaker is the right one.

A suggested span counts as found when it overlaps a gold span of the same tag and the two
differ by at most a leading article or title word ("the State Department" for "State
Department", "General Francis L. Donovan" for "Francis L. Donovan"). Claims are matched by
overlap alone: where a claim starts and ends is a labelling convention, not a finding.
"""

from __future__ import annotations

from dataclasses import dataclass

from .lexicon import TITLES

_ARTICLES = ("the ", "a ", "an ", "The ", "A ", "An ")
_TITLES = tuple(sorted((t + " " for t in TITLES), key=len, reverse=True))


def _core(quote: str) -> str:
    """The quote without one leading article or title word, then trailing punctuation."""
    quote = quote.strip()
    for lead in (*_ARTICLES, *_TITLES):
        if quote.startswith(lead) and len(quote) > len(lead):
            quote = quote[len(lead) :]
            break
    return quote.rstrip(".,;:")


def same_span(found: dict, gold: dict) -> bool:
    """Whether a suggested span is the gold one (same tag, overlapping, same words but for
    a leading article or title word)."""
    if found["tag"] != gold["tag"] or found["end"] <= gold["start"] or gold["end"] <= found["start"]:
        return False
    if gold["tag"] == "claim":
        return True
    a, b = found["quote"].strip(), gold["quote"].strip()
    return a == b or _core(a) == b or a == _core(b) or _core(a) == _core(b)


@dataclass
class Score:
    found: int = 0  # suggestions of the tag
    right: int = 0  # of them, matching a gold span
    gold: int = 0  # gold spans of the tag
    recalled: int = 0  # of them, matched by a suggestion

    @property
    def precision(self) -> float:
        return self.right / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.recalled / self.gold if self.gold else 1.0


def score(suggestions: list[dict], gold: dict) -> dict:
    """Scores per tag, and the speaker figures, of ``suggestions`` (as ``Suggestion.to_dict``)
    against a gold set (``benchmarks/gold/*.gold.json``)."""
    spans = gold["spans"]
    by_id = {s["id"]: s for s in spans}
    out: dict[str, Score] = {}
    for tag in ("date", "actor", "claim"):
        mine = [s for s in suggestions if s["tag"] == tag]
        theirs = [g for g in spans if g["tag"] == tag]
        out[tag] = Score(
            found=len(mine),
            right=sum(1 for s in mine if any(same_span(s, g) for g in theirs)),
            gold=len(theirs),
            recalled=sum(1 for g in theirs if any(same_span(s, g) for s in mine)),
        )
    speakers = _speakers(suggestions, gold, by_id)
    return {"tags": out, **speakers}


def _entity_spans(gold: dict, by_id: dict, start_id: str) -> list[dict]:
    """Every gold mention of the entity ``start_id`` belongs to (``same_as`` either way)."""
    links = [(l["source"], l["target"]) for l in gold.get("links", []) if l["type"] == "same_as"]
    group, frontier = {start_id}, [start_id]
    while frontier:
        current = frontier.pop()
        for a, b in links:
            for x, y in ((a, b), (b, a)):
                if x == current and y not in group:
                    group.add(y)
                    frontier.append(y)
    return [by_id[i] for i in group if i in by_id]


def _overlaps(ref: dict, span: dict) -> bool:
    return ref["start"] < span["end"] and span["start"] < ref["end"]


def _speakers(suggestions: list[dict], gold: dict, by_id: dict) -> dict:
    """Of the suggested claims that carry a speaker and match a gold claim that has one: how
    many name the right entity (the first mention the speaker refers to, or the speaker's own
    mention when it refers to none, overlaps a mention of the gold speaker's entity). Also
    how many gold attributed claims got it."""
    said = {}
    for link in gold.get("links", []):
        if link["type"] == "said_by":
            said.setdefault(link["source"], []).append(link["target"])
    attributed = [by_id[c] for c in said if c in by_id]
    claims = [s for s in suggestions if s["tag"] == "claim" and s.get("said_by")]
    judged = right = 0
    got = set()
    for sug in claims:
        match = next((g for g in attributed if same_span(sug, g)), None)
        if match is None:
            continue
        judged += 1
        mentions = [m for target in said[match["id"]] for m in _entity_spans(gold, by_id, target)]
        ref = sug["said_by"]
        named = ref.get("refers_to") or ref  # "He" is right only if it stands for the right person
        if any(_overlaps(named, m) for m in mentions):
            right += 1
            got.add(match["id"])
    return {
        "speaker_judged": judged,
        "speaker_right": right,
        "speaker_accuracy": right / judged if judged else 1.0,
        "speaker_recall": len(got) / len(attributed) if attributed else 1.0,
        "attributed_claims": len(attributed),
    }
