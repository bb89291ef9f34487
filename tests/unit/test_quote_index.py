"""The quote index finds exactly what scanning the text finds: every occurrence, word
edges honoured, whether it scans or uses its word index."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from tui_reader import quote_index
from tui_reader.quote_index import QuoteIndex

WORDS = ["the", "he", "she", "Ann", "Anne", "week", "weekend", "by", "one", "count", "é", "x2", "42", "naïve"]
SEPARATORS = [" ", " ", " ", ", ", ". ", "\n", "\n\n", "-", "—", "_", "’"]


def brute(text: str, quote: str, left: bool, right: bool) -> list[int]:
    out, pos = [], text.find(quote)
    while pos >= 0:
        end = pos + len(quote)
        inside_left = left and 0 < pos < len(text) and text[pos - 1].isalnum() and text[pos].isalnum()
        inside_right = right and 0 < end < len(text) and text[end - 1].isalnum() and text[end].isalnum()
        if not (inside_left or inside_right):
            out.append(pos)
        pos = text.find(quote, pos + 1)
    return out


texts = st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(SEPARATORS)), min_size=1, max_size=60).map(
    lambda parts: "".join(w + s for w, s in parts)
)


@settings(max_examples=150, deadline=None)
@given(texts, st.data())
def test_occurrences_are_those_a_scan_finds(text, data):
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, min(len(text), start + 25)))
    quote = text[start:end]
    for built in (False, True):
        index = QuoteIndex(text)
        if built:
            index._scans = quote_index._SCANS_BEFORE_INDEX  # past the scans: the word index answers
        for left in (False, True):
            for right in (False, True):
                expected = brute(text, quote, left, right)
                assert index.occurrences(quote, left, right) == expected, (quote, left, right, built)
                assert index.occurrences(quote, left, right, 2) == expected[:2]


def test_the_nearest_occurrences_are_a_window_around_where_expected():
    r = random.Random(3)
    text = " ".join(r.choice(["the", "cat", "sat"]) for _ in range(3000))
    index = QuoteIndex(text)
    hits = index.occurrences("the", True, True)
    for expected in (0, 500, 7000, len(text)):
        lo, hi = index.window("the", True, True, expected, 50)
        nearest = sorted(hits, key=lambda p: abs(p - expected))[:50]
        assert hi - lo == 50
        assert max(abs(p - expected) for p in hits[lo:hi]) == max(abs(p - expected) for p in nearest)


def test_in_a_long_text_of_few_words_every_quote_is_found_as_a_scan_finds_it():
    """Each word occurs hundreds of times: the index narrows by two words, or scans."""
    r = random.Random(7)
    text = "".join(r.choice(WORDS) + r.choice(SEPARATORS) for _ in range(4000))
    index = QuoteIndex(text)
    index._scans = quote_index._SCANS_BEFORE_INDEX
    for _ in range(300):
        start = r.randrange(len(text) - 1)
        quote = text[start : start + r.randint(1, 30)]
        left, right = r.random() < 0.7, r.random() < 0.7
        assert index.occurrences(quote, left, right) == brute(text, quote, left, right), quote


def test_a_quote_cutting_rare_words_among_common_ones_is_found_as_a_scan_finds_it():
    """Its whole words occur thousands of times ("of the"), the words it cuts at its ends
    ("tariff", "deeds") a few: found from those, every occurrence, word edges honoured."""
    r = random.Random(11)
    common = ["of", "the", "said", "a", "to"]
    rare = ["tariff", "riff", "deeds", "deed", "deeper", "sheriff", "Riffa", "de", "ff"]
    words = [r.choice(rare) if r.random() < 0.03 else r.choice(common) for _ in range(20000)]
    text = "".join(w + r.choice([" ", " ", ", ", ". ", "\n"]) for w in words)
    index = QuoteIndex(text)
    index.prepare()
    for _ in range(400):
        start = r.randrange(len(text) - 1)
        quote = text[start : start + r.randint(2, 16)]
        for left in (False, True):
            for right in (False, True):
                assert index.occurrences(quote, left, right) == brute(text, quote, left, right), (quote, left, right)
                assert index.occurrences(quote, left, right, 3) == brute(text, quote, left, right)[:3]
