"""Words and sentences: the motions w b ( ) and V, on the sample's real text."""

from __future__ import annotations

from pathlib import Path

from tui_reader.textnav import next_start, prev_start, sentences, span_at, words

SAMPLE = (Path(__file__).resolve().parents[2] / "sample_docs" / "us-ecuador-joint-operations.txt").read_text("utf-8")


def test_sentences_do_not_break_at_initials_or_acronyms():
    i = SAMPLE.index("General Francis L. Donovan")
    line = SAMPLE[i : SAMPLE.index("\n", i)]
    spans = sentences(line)
    assert [line[s:e] for s, e in spans][0] == (
        "General Francis L. Donovan, the commander of U.S. Southern Command, issued a statement "
        "recognizing the efforts of Ecuador’s armed forces."
    )


def test_a_line_break_ends_a_sentence_so_headlines_stand_alone():
    text = "Looking Ahead\nThe future is unclear. Officials said so!\n"
    assert [text[s:e] for s, e in sentences(text)] == [
        "Looking Ahead",
        "The future is unclear.",
        "Officials said so!",
    ]


def test_words_keep_names_together_and_drop_possessives():
    text = "U.S. Southern Command praised Ecuador’s Drug-Linked forces, said Gen. Donovan."
    got = [text[s:e] for s, e in words(text)]
    assert got[:3] == ["U.S.", "Southern", "Command"]
    assert "Ecuador" in got and "Drug-Linked" in got and "Donovan" in got


def test_span_and_neighbours():
    spans = [(0, 5), (6, 10), (12, 20)]
    assert span_at(spans, 7) == (6, 10)
    assert span_at(spans, 11) is None
    assert next_start(spans, 6) == 12
    assert prev_start(spans, 6) == 0
    assert next_start(spans, 12) is None and prev_start(spans, 0) is None


def test_base_offsets_are_document_offsets():
    assert words("ab cd", base=100) == [(100, 102), (103, 105)]
