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


def split(text: str, soft=()) -> list[str]:
    return [text[s:e] for s, e in sentences(text, soft=soft)]


def test_abbreviations_initials_and_decimals_do_not_end_a_sentence():
    text = (
        "Gen. Ana Ruiz and Dr. Lee met U.S. officials, e.g. the envoy, in the U.S. Capitol. "
        "Rates rose 3.5 percent. Francis L. Donovan and J. R. R. Tolkien were cited. "
        "It was vitamin C. Then No. 5 came. The answer was no. Then Acme Inc. said so. "
        "They bought Acme Inc. The deal closed at 3 p.m. on Tuesday."
    )
    assert split(text) == [
        "Gen. Ana Ruiz and Dr. Lee met U.S. officials, e.g. the envoy, in the U.S. Capitol.",
        "Rates rose 3.5 percent.",
        "Francis L. Donovan and J. R. R. Tolkien were cited.",
        "It was vitamin C.",
        "Then No. 5 came.",
        "The answer was no.",
        "Then Acme Inc. said so.",
        "They bought Acme Inc.",
        "The deal closed at 3 p.m. on Tuesday.",
    ]


def test_closing_quotes_and_brackets_belong_to_the_sentence():
    text = "He said “yes.” (She left.) “Why?” she asked. Done!’ Next [one.] Last."
    assert split(text) == ["He said “yes.”", "(She left.)", "“Why?” she asked.", "Done!’", "Next [one.]", "Last."]


def test_soft_line_breaks_are_spaces_and_hard_ones_end_a_sentence():
    text = "The licence is free for\nsoftware and other works.  It says\nso.\nA heading\n- a list item\n"
    soft = {text.index("for\n") + 3, text.index("says\n") + 4}
    assert split(text, soft) == [
        "The licence is free for\nsoftware and other works.",
        "It says\nso.",
        "A heading",
        "a list item",  # the bullet is not part of it
    ]
    assert split(text)[0] == "The licence is free for"  # every break hard: each line ends one


def test_cjk_full_stops_end_sentences():
    assert split("岸田首相は述べた。記者会見で「はい」と言った。次") == ["岸田首相は述べた。", "記者会見で「はい」と言った。", "次"]


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
