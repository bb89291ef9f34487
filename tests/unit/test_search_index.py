"""SearchIndex: the same answers as search_annotations, from a candidate index.

Quality is behaviour, so it is measured and asserted here (recall of misspelt
substrings, agreement with brute force); speed is not (see benchmarks/).
"""

from __future__ import annotations

import itertools
import random
import string

import pytest

from sample_annotations import SEARCH_DOC, search_sample

from tui_reader.annotations import Annotation
from tui_reader.tagset import DEFAULT_TAGS
from tui_reader.search import _fields, columns_of, parse_query, rank, search_annotations, search_key
from tui_reader.search_index import CANDIDATES, SearchIndex

TAGS = DEFAULT_TAGS.names

DOC = SEARCH_DOC


# --- a generated library ------------------------------------------------------

_FUNCTION_WORDS = (
    "the of and to in a that for on with as by at from his her their its was were is be had "
    "has have not but or which this it an after before during said told when where who"
).split()


def _word(r: random.Random) -> str:
    onsets = ("b", "br", "c", "ch", "d", "f", "g", "gr", "h", "k", "l", "m", "n", "p", "pr",
              "r", "s", "st", "t", "tr", "v", "w", "")
    vowels = ("a", "e", "i", "o", "u", "ai", "ea", "ou")
    codas = ("", "n", "r", "l", "s", "t", "nd", "rk", "m", "ng")
    return "".join(r.choice(onsets) + r.choice(vowels) + r.choice(codas) for _ in range(r.randint(1, 4)))


def make_library(n: int, seed: int = 11, per_doc: int = 100) -> list[Annotation]:
    """``n`` annotations over n / per_doc documents: quotes of 2 to 30 words drawn
    from a Zipf-like vocabulary of a few thousand words, some names and numbers,
    a note on one in six, a section title from the document's own few."""
    r = random.Random(seed)
    vocab = list(dict.fromkeys(_word(r) for _ in range(6000)))
    cumulative = list(itertools.accumulate(1 / (rank + 8) for rank in range(len(vocab))))
    names = [f"{_word(r).capitalize()} {_word(r).capitalize()}" for _ in range(800)]

    def phrase(k: int) -> str:
        out = []
        for _ in range(k):
            roll = r.random()
            if roll < 0.35:
                out.append(r.choice(_FUNCTION_WORDS))
            elif roll < 0.42:
                out.append(r.choice(names))
            elif roll < 0.45:
                out.append(str(r.randint(1, 2030)))
            else:
                out.append(r.choices(vocab, cum_weights=cumulative)[0])
        text = " ".join(out)
        if r.random() < 0.3:
            text += r.choice((",", ".", ";", " —"))
        return text[:1].upper() + text[1:]

    anns = []
    for d in range(max(1, n // per_doc)):
        doc = f"doc{d:05d}"
        sections = [phrase(r.randint(2, 5)).rstrip(",.; —") for _ in range(r.randint(3, 8))]
        offset = 0
        for k in range(per_doc):
            if len(anns) >= n:
                break
            quote = phrase(r.randint(2, 30))
            offset += r.randint(5, 400)
            anns.append(Annotation(
                id=f"{doc}-{k:04d}", document=doc, start=offset, end=offset + len(quote),
                quote=quote, prefix="", suffix="", tag=r.choice(TAGS),
                note=phrase(r.randint(2, 8)) if r.random() < 1 / 6 else "",
                section=sections[min(len(sections) - 1, k * len(sections) // per_doc)],
                created="2026-01-01T00:00:00.000Z",
            ))
    return anns


def misspelt_substring(r: random.Random, quote: str) -> str:
    """16 to 40 characters of ``quote`` from a random place, one letter replaced."""
    size = min(len(quote), r.randint(16, 40))
    start = r.randint(0, len(quote) - size)
    part = list(quote[start : start + size])
    letters = [i for i, c in enumerate(part) if c.isalpha()]
    if letters:
        i = r.choice(letters)
        part[i] = r.choice([c for c in string.ascii_lowercase if c != part[i].lower()])
    return "".join(part)


LIBRARY_SIZE = 8000
# The index scores CANDIDATES of 100,000 annotations; here the same share of the
# library, so that the candidates are cut as hard as in a real library.
SCALED_CANDIDATES = LIBRARY_SIZE * CANDIDATES // 100_000


@pytest.fixture(scope="module")
def library() -> list[Annotation]:
    return make_library(LIBRARY_SIZE)


@pytest.fixture(scope="module")
def index(library) -> SearchIndex:
    return SearchIndex(library, candidates=SCALED_CANDIDATES)


def ids(hits) -> list[str]:
    return [h.annotation.id for h in hits]


class BruteForce:
    """search_annotations over a fixed pool, with each field processed once
    (search_annotations does that on every call, which would make these tests slow)."""

    def __init__(self, pool: list[Annotation]) -> None:
        self.pool = pool
        self.columns = columns_of([tuple(search_key(f) if f else "" for f in _fields(a)) for a in pool])
        docs: dict[str, int] = {}
        for a in pool:
            docs.setdefault(a.document, len(docs))
        self.order = lambda i: (docs[pool[i].document], pool[i].start, pool[i].end, i)

    def search(self, query: str, limit: int) -> list[str]:
        text, tags = parse_query(query)
        assert text and not tags
        return [self.pool[i].id for i, _ in rank(text, self.pool, self.order, limit, self.columns)]


@pytest.fixture(scope="module")
def brute(library) -> BruteForce:
    return BruteForce(library)


def test_the_brute_force_helper_is_search_annotations(library, brute):
    r = random.Random(1)
    for _ in range(5):
        query = misspelt_substring(r, r.choice(library).quote)
        assert brute.search(query, 10) == ids(search_annotations(query, library, 10))


# --- quality: measured shares -------------------------------------------------


def test_misspelt_substrings_find_their_source_and_agree_with_brute_force(library, index, brute):
    r = random.Random(2026)
    trials = 200
    in_top5 = agree = brute_in_top5 = 0
    misses = []
    for _ in range(trials):
        source = r.choice(library)
        query = misspelt_substring(r, source.quote)
        hits = index.search(query, limit=5)
        expected = brute.search(query, 5)
        if source.id in ids(hits):
            in_top5 += 1
        else:
            misses.append(query)
        brute_in_top5 += source.id in expected
        agree += ids(hits)[:1] == expected[:1]
    # Brute force is the ceiling (another annotation may hold the same words).
    assert in_top5 / trials >= 0.95, (in_top5, brute_in_top5, misses[:10])
    assert agree / trials >= 0.90, agree


def test_one_misspelt_word_agrees_with_brute_force(library, index, brute):
    """Short queries: one word of five letters or more from a quote, one letter replaced."""
    r = random.Random(7)
    trials, agree, found = 200, 0, 0
    for _ in range(trials):
        source = r.choice(library)
        words = [w for w in source.quote.split() if len(w) >= 5] or source.quote.split()
        query = misspelt_substring(r, r.choice(words))
        hits = index.search(query, limit=10)
        expected = brute.search(query, 10)
        agree += ids(hits)[:1] == expected[:1]
        found += bool(hits) == bool(expected)
    assert found == trials
    assert agree / trials >= 0.90, agree


# --- the same answers as search_annotations ------------------------------------


@pytest.fixture
def small() -> list[Annotation]:
    return search_sample()


QUERIES = [
    "donavan", "southern command", "the", "check the count", "praise ecuador", "claim", "update",
    "tag:claim southern", "tag:ACTOR", "tag:date tag:claim", "tag:person", "tag:person donovan",
    "", "   ", "zqxwv", "§", "pentagon", "ecuad", "comand", "151", "s", "us", "noboa daniel",
]


@pytest.mark.parametrize("query", QUERIES)
def test_small_pool_answers_exactly_like_brute_force(small, query):
    index = SearchIndex(small)
    titles = {DOC: "U.S. Military Begins"}
    for limit in (None, 50, 2):
        expected = search_annotations(query, small, limit=limit, titles=titles)
        assert index.search(query, limit=limit, titles=titles) == expected


def test_the_donovan_example(small):
    hits = SearchIndex(small).search("donavan")
    assert hits[0].annotation.quote.startswith("General Francis L. Donovan")
    assert 60 <= hits[0].score < 100


def test_donovan_is_found_among_a_large_library(library, small):
    index = SearchIndex(library + small)
    hits = index.search("donavan", limit=5)
    assert hits and hits[0].annotation.quote.startswith("General Francis L. Donovan")


def test_tag_filter_applies_before_the_candidates_are_cut(library):
    index = SearchIndex(library)
    for tag in TAGS:
        query = f"tag:{tag} " + library[123].quote.split()[0]
        hits = index.search(query, limit=50)
        assert hits and all(h.annotation.tag == tag for h in hits)
        assert ids(hits[:1]) == ids(search_annotations(query, library, limit=1))


def test_tag_only_listing_is_every_annotation_of_the_tag_in_document_order(library, index):
    hits = index.search("tag:date")
    assert ids(hits) == ids(search_annotations("tag:date", library))
    assert len(hits) == sum(a.tag == "date" for a in library)


# --- incremental changes ------------------------------------------------------


def test_add_makes_an_annotation_findable(small):
    index = SearchIndex(small[:-1])
    assert not any(h.annotation.quote == "Pentagon" for h in index.search("pentagon"))
    index.add(small[-1])
    assert index.search("pentagon")[0].annotation == small[-1]
    assert len(index) == len(small)


def test_a_new_word_is_found_with_a_typo(small):
    index = SearchIndex(small)
    text = "The Quarterdeck Xylophonist spoke."
    new = Annotation.create(text, "doc-2", 4, 27, "actor")
    index.add(new)
    assert index.search("xylofonist")[0].annotation == new


def test_remove_forgets_an_annotation(small):
    index = SearchIndex(small)
    pentagon = small[-1]
    assert index.remove(pentagon.id) is True
    assert index.remove(pentagon.id) is False
    assert all(h.annotation.id != pentagon.id for h in index.search("pentagon"))
    assert all(h.annotation.id != pentagon.id for h in index.search(""))
    assert pentagon.id not in index and len(index) == len(small) - 1


def test_add_with_a_known_id_replaces_it(small):
    index = SearchIndex(small)
    pentagon = small[-1]
    edited = pentagon.with_changes(note="who briefed whom")
    index.add(edited)
    assert len(index) == len(small)
    assert index.search("briefed")[0].annotation == edited
    assert [h.annotation for h in index.search("pentagon")].count(edited) == 1
    assert pentagon not in [h.annotation for h in index.search("")]


def test_many_removals_compact_and_keep_answers(library):
    index = SearchIndex(library[:3000])
    for ann in library[:2500]:
        index.remove(ann.id)
    rest = library[2500:3000]
    assert len(index) == 500
    assert index.annotations() == rest
    r = random.Random(3)
    for _ in range(30):
        query = misspelt_substring(r, r.choice(rest).quote)
        assert ids(index.search(query, 5)) == ids(search_annotations(query, rest, 5))


def test_changes_match_a_fresh_index(library):
    """Adds, edits and removals in any order answer like an index built afresh."""
    r = random.Random(5)
    index = SearchIndex(library[:1000])
    live = {a.id: a for a in library[:1000]}
    for ann in library[1000:1400]:
        index.add(ann)
        live[ann.id] = ann
        if r.random() < 0.3:
            gone = r.choice(sorted(live))
            index.remove(gone)
            del live[gone]
        if r.random() < 0.2:
            old = live[r.choice(sorted(live))]
            new = old.with_changes(note="edited " + old.quote[:10])
            index.add(new)
            live[new.id] = new
    fresh = SearchIndex(index.annotations())
    assert {a.id: a for a in index.annotations()} == live
    for _ in range(40):
        query = misspelt_substring(r, r.choice(list(live.values())).quote)
        assert index.search(query, 10) == fresh.search(query, 10)
