"""Claims: sentences that report what someone said, and who said it.

A sentence is a claim when it holds a reporting verb ("said", "warned", "denied",
"believes" ...) or a source phrase ("according to"). Its speaker is the actor named
as the verb's subject (before it, or after it in "…,” said Dr. Holt"), or after the
source phrase; a pronoun or a description ("He", "the ministry") stands for the entity
it refers to. A claim whose speaker is not named (e.g. "Officials said") has none:
a speaker is never invented.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from .lexicon import REPORTING_VERBS, SOURCE_PHRASES

# verbs that report speech only with a clause or a quote after them ("warned that ...");
# alone they often mean something else ("found the body", "called a meeting")
WEAK_VERBS = frozenset((
    "find", "found", "finds", "call", "called", "calls", "express", "expressed", "expresses",
    "think", "thought", "thinks", "report", "reports", "reported", "reveal", "revealed",
    "reveals", "observe", "observed", "observes", "write", "wrote", "writes", "add", "added",
    "adds", "note", "notes", "noted", "recall", "recalled", "recalls", "praise", "praised",
    "praises", "highlight", "highlighted", "highlights", "reject", "rejected", "rejects",
    "dispute", "disputed", "disputes", "promise", "promised", "promises", "accuse", "accused",
    "accuses", "conclude", "concluded", "concludes", "suggest", "suggests", "suggested",
    "estimate", "estimated", "estimates", "maintain", "maintained", "maintains", "tell", "tells",
    "told", "claim", "claims", "announce", "announces", "announced", "describe", "describes",
    "confirm", "confirms", "confirmed",
))
_VERB = regex.compile(r"\b(" + "|".join(sorted(REPORTING_VERBS, key=len, reverse=True)) + r")\b")
_SOURCE = regex.compile(r"(?i)\b(" + "|".join(regex.escape(p) for p in SOURCE_PHRASES if p != "per") + r")\s+")
# what may stand between a subject and its verb: an appositive, adverbs, auxiliaries
_BRIDGE = regex.compile(
    r"(?:,[^,.;]{1,90},)?\s*(?:(?:also|has|have|had|did|does|do|would|will|could|may|might|"
    r"previously|later|repeatedly|publicly|privately|earlier|again|then|separately|"
    r"reportedly|once|long|never|not|firmly|strongly|flatly|had\s+been|has\s+been)\s+)*\Z"
)
# a weak verb reports speech when a clause or quote follows it
_CLAUSE_AFTER = regex.compile(r"\s*(?:that\b|[,:]?\s*[“\"‘']|\s*,|\s+(?:\p{L}+\s+){0,6}(?:as|to\s+be|of)\b)")
_LAST_WORDS = regex.compile(r"(?:\s+\p{L}[\p{L}.’'\-]*){0,4}\Z")
_ARTICLE_GAP = regex.compile(r"(?i)\s*(?:(?:the|a|an)\s+)?")
NOT_SPEECH = frozenset(("goodbye", "hello", "grace", "prayers", "yes", "no"))


@dataclass
class ClaimHit:
    start: int
    end: int
    rule: str
    verb_start: int  # where the reporting verb or source phrase is
    verb_end: int


def find_claims(text: str, sentences: list[tuple[int, int]]) -> list[ClaimHit]:
    """The sentences that report speech, with where the cue is."""
    out = []
    for s, e in sentences:
        hit = _cue(text, s, e)
        if hit is not None:
            out.append(ClaimHit(s, e, *hit))
    return out


_LOWER_WORD = regex.compile(r"[a-z]+")
_CUE_WORDS = frozenset(REPORTING_VERBS) | {w.split()[0] for w in SOURCE_PHRASES}


def _cue(text: str, s: int, e: int) -> tuple[str, int, int] | None:
    if _CUE_WORDS.isdisjoint(_LOWER_WORD.findall(text[s:e].lower())):
        return None  # no reporting verb nor source phrase: most sentences stop here
    m = _SOURCE.search(text, s, e)
    if m:
        return "claim:according-to", m.start(), m.end()
    for m in _VERB.finditer(text, s, e):
        verb = m.group(1)
        after = text[m.end() : min(e, m.end() + 60)]
        if after.strip().split(" ")[0].strip(".,").lower() in NOT_SPEECH:
            continue
        if verb in WEAK_VERBS and not _CLAUSE_AFTER.match(after) and not _inverted(text, s, m.start()):
            continue
        return f"claim:verb:{verb}", m.start(), m.end()
    return None


def _inverted(text: str, s: int, verb_start: int) -> bool:
    """Whether the verb follows a quote or a comma: "…,” said Dr. Holt" / "…, she added"."""
    before = text[s:verb_start].rstrip()
    before = _LAST_WORDS.sub("", before)
    return before.endswith((",”", ",\"", "”", "\"", ","))


def speaker_before(text: str, sentence_start: int, verb_start: int, mentions) -> object | None:
    """The mention that is the verb's subject: the last one before the verb with only an
    appositive, adverbs or auxiliaries between."""
    best = None
    for mention in mentions:
        if sentence_start <= mention.start and mention.end <= verb_start:
            if _BRIDGE.match(text[mention.end : verb_start]):
                best = mention
    return best


def speaker_after(text: str, verb_end: int, sentence_end: int, mentions) -> object | None:
    """The mention right after the verb (within a few words): "said Dr. Holt", "according to X"."""
    for mention in sorted(mentions, key=lambda m: m.start):
        if verb_end <= mention.start < sentence_end:
            gap = text[verb_end : mention.start]
            if _ARTICLE_GAP.fullmatch(gap):
                return mention
            return None
    return None
