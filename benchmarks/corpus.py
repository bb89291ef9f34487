"""Generated documents and annotations for the store and search benchmarks.

Each document is English-ish prose in gen_text.py's style (title, Title Case headlines,
one-line paragraphs) with a cast of its own: people, places and organisations drawn
from large generated name pools, so the vocabulary grows with the number of documents
as a real library's does (gen_text's few hundred words alone would make every query
match a third of the library). Annotations are spans of real sentences: whole
sentences, clauses, names and dates, tagged actor / claim / date, some with a note;
``text[start:end] == quote`` holds and each carries its section's title, as the app
would store them. Everything is deterministic for a seed.
"""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import gen_text  # noqa: E402

from tui_reader.annotations import Annotation  # noqa: E402
from tui_reader.document import Document  # noqa: E402

_ONSETS = ("b", "br", "c", "ch", "d", "dr", "f", "g", "gr", "h", "j", "k", "kl", "l", "m", "n",
           "p", "pr", "r", "s", "sh", "st", "t", "tr", "v", "w", "z", "")
_VOWELS = ("a", "e", "i", "o", "u", "ai", "ea", "ie", "ou", "y")
_CODAS = ("", "n", "r", "l", "s", "t", "nd", "rk", "ck", "m", "ng", "x", "th")
_SUFFIXES = ("son", "ez", "ova", "ski", "berg", "ton", "ley", "ini", "ard", "ford", "man", "dottir",
             "wick", "ado", "escu", "ić", "er", "ens", "aux", "ana")
_PLACE_SUFFIXES = ("ville", "port", "haven", "ford", "mouth", "field", "burgh", "wick", "stead",
                   "bay", "ridge", "holm", "dale", "cross")
_ORG_FORMS = ("the {} Trust", "the {} Shipping Company", "the {} Institute", "the {} Review Board",
              "the {} Harbour Commission", "the {} Mill", "the {} Bank", "the {} Gazette")
_NOTE_FORMS = (
    "check the figure against {}", "ask {} about this", "contradicts the {} minutes",
    "compare with the {} report", "source? {} says otherwise", "follow up with {}",
    "date unclear, see {}", "same claim as in the {} letter",
)
_EXTRA_WORDS = (
    "inspection", "ordinance", "testimony", "mooring", "cargo", "tariff", "breakwater", "quarantine",
    "pension", "petition", "subsidy", "embargo", "ballast", "salvage", "levy", "charter", "deed",
    "dredging", "ferryman", "harbourmaster", "registrar", "magistrate", "treasurer", "surveyor",
    "engineer", "clerk", "alderman", "skipper", "boatwright", "cooper", "chandler", "lamplighter",
)


def _syllables(r: random.Random, n: int) -> str:
    return "".join(r.choice(_ONSETS) + r.choice(_VOWELS) + r.choice(_CODAS) for _ in range(n))


class NamePools:
    """Large pools of generated proper names, shared by all documents of a corpus."""

    def __init__(self, seed: int, size: int) -> None:
        r = random.Random(seed)
        self.given = sorted({_syllables(r, r.randint(1, 2)).capitalize() for _ in range(size // 4)})
        self.surnames = sorted({(_syllables(r, r.randint(1, 2)) + r.choice(_SUFFIXES)).capitalize()
                                for _ in range(size)})
        self.places = sorted({(_syllables(r, r.randint(1, 2)) + r.choice(_PLACE_SUFFIXES)).capitalize()
                              for _ in range(size // 3)})
        self.orgs = sorted({r.choice(_ORG_FORMS).format(_syllables(r, 2).capitalize())
                            for _ in range(size // 6)})


class _DocWriter(gen_text._Writer):
    """gen_text's sentence grammar, with this document's own cast mixed in."""

    def __init__(self, seed: int, pools: NamePools) -> None:
        super().__init__(seed)
        r = self.r
        self.people = [f"{r.choice(pools.given)} {r.choice(pools.surnames)}" for _ in range(30)]
        self.people += [f"{r.choice(('Dr', 'Captain', 'Mayor', 'Judge', 'Inspector'))} {r.choice(pools.surnames)}"
                        for _ in range(10)]
        self.places = [f"the {r.choice(_EXTRA_WORDS)} at {r.choice(pools.places)}" for _ in range(8)]
        self.places += r.sample(pools.places, 8)
        self.orgs = r.sample(pools.orgs, 8)

    def subject(self) -> str:
        r = self.r
        roll = r.random()
        if roll < 0.35:
            return r.choice(self.people)
        if roll < 0.5:
            return r.choice(self.orgs)
        if roll < 0.6:
            return f"the {r.choice(_EXTRA_WORDS)} of {r.choice(self.places)}"
        return super().subject()

    def obj(self) -> str:
        r = self.r
        if r.random() < 0.25:
            return f"the {r.choice(_EXTRA_WORDS)} {r.choice(('from', 'near', 'for', 'of'))} {r.choice(self.places)}"
        return super().obj()


_SENTENCE = re.compile(r"[^.!?\n]+[.!?]")


def make_document(index: int, n_annotations: int, pools: NamePools, seed: int = 1) -> tuple[str, list[tuple[int, int, str, str]]]:
    """(text, spans) of document ``index``: spans are (start, end, tag, note) of
    ``n_annotations`` distinct annotations on its sentences."""
    w = _DocWriter(seed * 1_000_003 + index, pools)
    r = w.r
    title = f"{gen_text.TITLE.split(':')[0]} No. {index + 1}: {r.choice(pools.places)} and {r.choice(pools.places)}"
    lines = [title, ""]
    sentences_needed = int(n_annotations * 1.3) + 20
    count = 0
    since_head = 30
    while count < sentences_needed:
        if since_head >= r.randint(20, 30):
            lines += [w.headline(), ""]
            since_head = 0
            continue
        sentences = [w.sentence() for _ in range(r.randint(2, 6))]
        count += len(sentences)
        lines += [" ".join(sentences), ""]
        since_head += 1
    text = "\n".join(lines)

    body = len(title) + 2
    found = [m.span() for m in _SENTENCE.finditer(text, body)]
    spans: list[tuple[int, int, str, str]] = []
    seen: set[tuple[int, int]] = set()
    order = r.sample(found, len(found))
    k = 0
    while len(spans) < n_annotations:
        s, e = order[k % len(order)]  # past the end: other clauses of the same sentences
        k += 1
        if k > 50 * n_annotations:
            raise RuntimeError(f"document {index}: cannot place {n_annotations} distinct annotations")
        s += len(text[s:e]) - len(text[s:e].lstrip())
        roll = r.random()
        words = [(m.start() + s, m.end() + s) for m in re.finditer(r"\S+", text[s:e])]
        if (roll < 0.35 and k <= len(order)) or len(words) < 4:
            start, end, tag = s, e, "claim"
        elif roll < 0.85:  # a clause: 2 to 8 words
            n = r.randint(2, min(8, len(words)))
            i = r.randint(0, len(words) - n)
            start, end = words[i][0], words[i + n - 1][1]
            tag = "actor"
        else:  # a name or a date: two or three words
            n = min(len(words), r.randint(2, 3))
            i = 0 if k <= len(order) else r.randint(0, len(words) - n)
            start, end, tag = words[i][0], words[i + n - 1][1], "date"
        while end > start and not text[end - 1].isalnum():
            end -= 1
        if end <= start or (start, end) in seen:
            continue
        seen.add((start, end))
        note = ""
        if r.random() < 0.15:
            note = r.choice(_NOTE_FORMS).format(r.choice(w.people + w.orgs))
        spans.append((start, end, tag, note))
    return text, spans


def annotations_for(doc: Document, spans: list[tuple[int, int, str, str]]) -> list[Annotation]:
    return [
        Annotation.create(doc.text, doc.id, s, e, tag, note=note, section=doc.section_at(s).title)
        for s, e, tag, note in spans
    ]


def first_words(text: str, max_chars: int = 28) -> str:
    """Words from the first paragraph under the first headline (what the reading pane
    shows first that is in neither the title bar nor the contents)."""
    return gen_text.first_words(text, max_chars)
