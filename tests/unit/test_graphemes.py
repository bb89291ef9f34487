"""The grapheme module: the one place the text is cut into clusters."""

from __future__ import annotations

from pathlib import Path

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from tui_reader import graphemes
from tui_reader.graphemes import certain_break, cluster_end, clusters, last_boundary, only_singletons, tokens, widen

PIECES = ["a", "é", "e\u0301", " ", "\n", "\r\n", "👨\u200d👩\u200d👧", "🇪🇨", "🇺🇸", "👍🏽", "中", "ᄀ", "ᅡ", "ᆨ", "क्ष", "ि", "’", "\u200d", "\u0301"]
MIXED = st.lists(st.sampled_from(PIECES), max_size=30).map("".join)


def boundaries(text: str) -> set[int]:
    return {m.start() for m in regex.finditer(r"(?s)\X", text)} | {len(text)}


def test_text_of_singleton_code_points_is_not_segmented():
    text = "“Ecuador’s” — café, naïve… ¿qué?"
    assert only_singletons(text) and clusters(text) is text
    assert not only_singletons("Cafe\u0301") and clusters("Cafe\u0301") == ["C", "a", "f", "e\u0301"]
    assert not only_singletons("a\r\nb")  # CR LF is one cluster


@settings(max_examples=300, deadline=None)
@given(MIXED)
def test_clusters_are_the_unicode_clusters(text):
    assert list(clusters(text)) == regex.findall(r"(?s)\X", text)


@settings(max_examples=300, deadline=None)
@given(MIXED, st.data())
def test_widen_gives_the_smallest_span_of_whole_clusters(text, data):
    cuts = sorted(boundaries(text))
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    lo, hi = widen(text, start, end)
    assert lo in cuts and hi in cuts
    assert lo == max(c for c in cuts if c <= start)
    assert hi == min(c for c in cuts if c >= end)
    for i in range(len(text) + 1):
        if certain_break(text, i):
            assert i in cuts


@settings(max_examples=300, deadline=None)
@given(MIXED, st.data())
def test_last_boundary_cuts_between_clusters(text, data):
    cuts = sorted(boundaries(text))
    if len(text) < 2:
        return
    pos = data.draw(st.sampled_from(cuts[:-1]))
    hi = data.draw(st.integers(pos + 1, len(text)))
    cut = last_boundary(text, pos, hi, len(text))
    assert cut in cuts and cut > pos
    # beyond the limit only when one cluster from pos runs past it
    assert cut <= hi or cut == cluster_end(text, pos)


def test_tokens_are_words_or_single_clusters():
    text = "Pe\u0301rez met 👨\u200d👩\u200d👧 in 🇪🇨."
    assert [text[s:e] for s, e in tokens(text)] == ["Pe\u0301rez", "met", "👨\u200d👩\u200d👧", "in", "🇪🇨", "."]


def test_no_other_module_segments_text_itself():
    # one grapheme module: a cluster pattern compiled anywhere else would drift from it
    package = Path(graphemes.__file__).parent
    others = [p for p in package.rglob("*.py") if p.name != "graphemes.py" and "\\X" in p.read_text(encoding="utf-8")]
    assert others == []


def test_segmenting_singleton_text_does_not_load_regex(fresh_python):
    code = (
        "import sys\n"
        "from tui_reader.graphemes import clusters, widen\n"
        "assert clusters('caf\u00e9 “ok”') == 'caf\u00e9 “ok”'\n"
        "assert widen('plain text', 2, 5) == (2, 5)\n"
        "assert 'regex' not in sys.modules\n"
        "assert clusters('e\u0301') == ['e\u0301'] and 'regex' in sys.modules\n"
    )
    result = fresh_python(code)
    assert result.returncode == 0, result.stderr
