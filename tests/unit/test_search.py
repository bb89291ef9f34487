"""Search: fuzzy search over annotations and find-in-text, as a reader meets them."""

from __future__ import annotations


import pytest
import regex
from hypothesis import example, given, settings
from hypothesis import strategies as st

from sample_annotations import SEARCH_DOC, TEXT, search_sample

from tui_reader.annotations import Annotation
from tui_reader.search import (
    Hit,
    find_all,
    next_match,
    parse_query,
    prev_match,
    search_annotations,
)

DOC = SEARCH_DOC


@pytest.fixture
def annotations() -> list[Annotation]:
    return search_sample()


def quotes(hits: list[Hit]) -> list[str]:
    return [h.annotation.quote for h in hits]


def in_document_order(anns: list[Annotation]) -> list[str]:
    return [a.quote for a in sorted(anns, key=lambda a: a.start)]


# --- parse_query ------------------------------------------------------------


def test_parse_query_extracts_tags_case_insensitively():
    assert parse_query("Tag:Actor  donovan TAG:date") == ("donovan", {"actor", "date"})


def test_parse_query_without_tags_strips_the_text():
    assert parse_query("  southern command ") == ("southern command", set())


def test_parse_query_keeps_unknown_tags():
    assert parse_query("tag:person") == ("", {"person"})


def test_a_word_merely_ending_in_tag_is_free_text():
    assert parse_query("hashtag:x") == ("hashtag:x", set())


# --- search_annotations -----------------------------------------------------


def test_misspelt_name_finds_the_long_quote_first(annotations):
    hits = search_annotations("donavan", annotations)
    assert hits, "a one-letter typo must still find Donovan"
    assert hits[0].annotation.quote.startswith("General Francis L. Donovan")
    assert 60 <= hits[0].score < 100


def test_misspelt_name_beats_a_lookalike_fragment():
    # partial_ratio alone scores "dona an" like "donovan"; whole words decide.
    text = "The Dona Ana county office. Later General Francis L. Donovan spoke."
    lookalike = Annotation.create(text, DOC, 4, 26, "actor")
    donovan = Annotation.create(text, DOC, 34, 60, "actor")
    hits = search_annotations("donavan", [lookalike, donovan])
    assert hits[0].annotation == donovan


def test_exact_substring_ranks_above_a_fuzzy_one():
    text = "Donavan wrote first. Later Francis Donovan replied."
    fuzzy = Annotation.create(text, DOC, 0, 7, "actor")  # "Donavan", earlier in the text
    exact = Annotation.create(text, DOC, 27, 42, "actor")  # "Francis Donovan"
    hits = search_annotations("donovan", [fuzzy, exact])
    assert quotes(hits) == ["Francis Donovan", "Donavan"]
    assert hits[0].score == 100
    assert hits[1].score < 100


def test_equal_scores_come_in_document_order(annotations):
    hits = search_annotations("southern command", annotations)
    exact = [h for h in hits if h.score == 100]
    assert len(exact) >= 2
    starts = [h.annotation.start for h in exact]
    assert starts == sorted(starts)


def test_junk_is_not_listed(annotations):
    assert search_annotations("zqxwv", annotations) == []


def test_query_searches_note_tag_and_section(annotations):
    assert quotes(search_annotations("check the count", annotations))[0] == "the deaths of 151 individuals"
    assert quotes(search_annotations("praise ecuador", annotations))[0].startswith("General Francis")
    assert set(quotes(search_annotations("claim", annotations))) >= {
        "the deaths of 151 individuals",
        "Operation Southern Spear",
    }


def test_a_short_tag_does_not_match_every_query_containing_it(annotations):
    # "update" contains "date", but the tag "date" is not what the reader asked for.
    assert all(h.score < 100 for h in search_annotations("update", annotations))


def test_tag_filter_with_text(annotations):
    hits = search_annotations("tag:claim southern", annotations)
    assert quotes(hits) == ["Operation Southern Spear"]


def test_tag_only_lists_that_tag_in_document_order(annotations):
    hits = search_annotations("tag:ACTOR", annotations)
    expected = in_document_order([a for a in annotations if a.tag == "actor"])
    assert quotes(hits) == expected
    assert all(h.score == 100 for h in hits)


def test_several_tags_are_a_union(annotations):
    hits = search_annotations("tag:date tag:claim", annotations)
    assert quotes(hits) == in_document_order([a for a in annotations if a.tag in ("date", "claim")])


def test_unknown_tag_matches_nothing(annotations):
    assert search_annotations("tag:person", annotations) == []
    assert search_annotations("tag:person donovan", annotations) == []


def test_empty_query_lists_everything_in_document_order(annotations):
    hits = search_annotations("", annotations)
    assert quotes(hits) == in_document_order(annotations)
    assert all(h.score == 100 for h in hits)
    assert search_annotations("   ", annotations) == hits


def test_limit_caps_ranked_results(annotations):
    assert len(search_annotations("the", annotations, limit=2)) == 2


def test_titles_fill_document_title(annotations):
    hits = search_annotations("pentagon", annotations, titles={DOC: "U.S. Military Begins"})
    assert hits[0].document_title == "U.S. Military Begins"
    assert search_annotations("pentagon", annotations)[0].document_title == ""


def test_punctuation_only_query_falls_back_to_literal_match():
    text = "See § 4 — and more"
    ann = Annotation.create(text, DOC, 4, 7, "claim")
    other = Annotation.create(text, DOC, 12, 18, "claim")
    assert quotes(search_annotations("§", [ann, other])) == ["§ 4"]


def test_search_accepts_a_generator(annotations):
    assert search_annotations("pentagon", iter(annotations))[0].annotation.quote == "Pentagon"


def _in_sections(*quotes_: str) -> list[Annotation]:
    """Annotations of the sample on ``quotes_``, each with the section title the
    document gives it (as the app stores them)."""
    from sample_annotations import SAMPLE

    from tui_reader.document import load_document

    doc = load_document(SAMPLE)
    out = []
    for quote in quotes_:
        start = doc.text.index(quote)
        out.append(Annotation.create(doc.text, DOC, start, start + len(quote), "claim",
                                     section=doc.section_at(start).title))
    return out


def test_a_match_in_the_section_title_alone_ranks_below_quote_matches():
    anns = _in_sections(
        "courage and determination",  # § Military Leaders Praise Ecuador’s Forces
        "national sovereignty",  # § Debate Over U.S. Military Presence
        "Trump administration",
        "Ecuador’s Ministry of Defense",
        "Ecuadorian President Daniel Noboa",
        "General Francis L. Donovan",  # § Military Leaders Praise Ecuador’s Forces
    )
    hits = search_annotations("ministry", anns)
    scores = {h.annotation.quote: h.score for h in hits}
    assert quotes(hits)[:2] == ["Ecuador’s Ministry of Defense", "Trump administration"]
    assert scores["Ecuador’s Ministry of Defense"] == 100  # the whole word
    assert 50 < scores["Trump administration"] < 90  # inside a longer word
    section_only = {"courage and determination", "national sovereignty", "General Francis L. Donovan"}
    assert set(quotes(hits)[2:]) == section_only  # "Military" in their section titles
    assert all(scores[q] <= 50 for q in section_only)

    hits = search_annotations("ecuador", anns)
    scores = {h.annotation.quote: h.score for h in hits}
    assert quotes(hits)[0] == "Ecuador’s Ministry of Defense" and scores["Ecuador’s Ministry of Defense"] == 100
    assert 50 < scores["Ecuadorian President Daniel Noboa"] < 100  # a partial word ranks below a whole one
    assert quotes(hits)[1] == "Ecuadorian President Daniel Noboa"
    assert scores["courage and determination"] <= 50  # "Ecuador" only in its section title


def test_search_ignores_accents_in_both_unicode_forms():
    text = "Alberto B\u00e1ez met Jose\u0301 Ruiz and Jos\u00e9 Mart\u00ed."
    baez = Annotation.create(text, DOC, 8, 12, "actor")
    decomposed = Annotation.create(text, DOC, 17, 27, "actor")
    composed = Annotation.create(text, DOC, 32, 43, "actor", note="el se\u00f1or Mart\u00ed")
    anns = [baez, decomposed, composed]
    assert [(h.annotation, h.score) for h in search_annotations("baez", anns)] == [(baez, 100)]
    assert [h.annotation for h in search_annotations("jose", anns)] == [decomposed, composed]
    assert all(h.score == 100 for h in search_annotations("JOSÉ", anns))
    assert [h.annotation for h in search_annotations("senor marti", anns)] == [composed]
    from tui_reader.search_index import SearchIndex

    index = SearchIndex(anns, candidates=2)  # fewer than the annotations: its word lists choose
    assert [h.annotation for h in index.search("baez")] == [baez]
    assert [h.annotation for h in index.search("jose")] == [decomposed, composed]


# --- find_all ---------------------------------------------------------------


def test_find_all_is_case_insensitive_with_exact_offsets():
    text = "Donovan met DONOVAN and donovan."
    matches = find_all(text, "donOVAN")
    assert matches == [(0, 7), (12, 19), (24, 31)]
    assert all(text[s:e].lower() == "donovan" for s, e in matches)


def test_find_all_offsets_survive_length_changing_case():
    # "İ".lower() is two code points: a lower()-then-find search drifts by one per İ.
    text = "İİİ İstanbul: General Donovan"
    assert len(text.lower()) != len(text)
    [(s, e)] = find_all(text, "donovan")
    assert text[s:e] == "Donovan"


def test_find_all_full_case_folding():
    text = "Die Straße, die STRASSE"
    assert [text[s:e] for s, e in find_all(text, "strasse")] == ["Straße", "STRASSE"]


def test_find_all_empty_needle_or_text():
    assert find_all("some text", "") == []
    assert find_all("", "x") == []


def test_find_all_never_splits_a_combining_mark():
    assert find_all("e\u0301", "e") == [(0, 2)]
    text = "cafe\u0301 and cafe"
    assert find_all(text, "cafe") == [(0, 5), (10, 14)]


def test_find_all_never_splits_an_emoji_zwj_sequence():
    family = "\U0001F468\u200d\U0001F469\u200d\U0001F467"
    text = f"a {family} b \U0001F469"
    assert find_all(text, "\U0001F469") == [(2, 2 + len(family)), (len(text) - 1, len(text))]


def test_find_all_never_splits_a_flag():
    flags = "\U0001F1EB\U0001F1F7\U0001F1E9\U0001F1EA"  # FR DE
    assert find_all(flags, "\U0001F1E9") == [(2, 4)]


def test_find_all_matches_inside_one_cluster_are_merged():
    assert find_all("x\u0301\u0301\u0301 y", "\u0301") == [(0, 4)]


def test_find_all_on_the_sample():
    matches = find_all(TEXT, "donovan")
    assert len(matches) == TEXT.lower().count("donovan")
    assert all(TEXT[s:e] == "Donovan" for s, e in matches)


def test_find_all_ignores_accents_and_maps_back_to_the_exact_characters():
    nfc, nfd = "Jos\u00e9", "Jose\u0301"
    text = f"Alberto B\u00e1ez met {nfc} and {nfd}; BA\u0301EZ again."
    assert [text[s:e] for s, e in find_all(text, "baez")] == ["B\u00e1ez", "BA\u0301EZ"]
    for needle in ("jose", "JOSE", nfc, nfd, "jos\u00c9"):
        assert [text[s:e] for s, e in find_all(text, needle)] == [nfc, nfd], needle
    # a match selects exactly its characters: not the space or the letter after
    [(s, e)] = find_all(text, "alberto b\u00e1ez")
    assert text[s:e] == "Alberto B\u00e1ez"


def test_find_all_folds_compatibility_characters():
    text = "\ufb01nal \u2026 Stra\u00dfe STRASSE"  # the "fi" ligature, an ellipsis
    assert [text[s:e] for s, e in find_all(text, "final")] == ["\ufb01nal"]
    assert [text[s:e] for s, e in find_all(text, "...")] == ["\u2026"]
    assert [text[s:e] for s, e in find_all(text, "strasse")] == ["Stra\u00dfe", "STRASSE"]
    assert [text[s:e] for s, e in find_all(text, "ss")] == ["\u00df", "SS"]


def test_fold_is_the_concatenation_of_the_folds_of_its_characters():
    # what maps a match in the folded text back to whole characters of the text
    from tui_reader.fold import FoldedText, fold

    text = "\u0130stanbul \u039f\u0394\u039f\u03a3 Jose\u0301 \U0001d400\U0001f469 \ufb01 Stra\u00dfe \u13a0\uab70"
    assert fold(text) == "".join(fold(c) for c in text)
    assert FoldedText(text).folded == fold(text)
    assert fold("\u039f\u0394\u039f\u03a3") == fold("\u03bf\u03b4\u03bf\u03c3")  # no final-sigma rule
    assert [text[s:e] for s, e in find_all(text, "\u03bf\u03b4\u03bf\u03c3")] == ["\u039f\u0394\u039f\u03a3"]
    assert [text[s:e] for s, e in find_all(text, "a")] == ["a", "\U0001d400", "a"]  # the bold A folds to a


def test_find_all_keeps_kana_voicing_marks():
    text = "\u304b\u304c"  # か が: different words
    assert find_all(text, "\u304b") == [(0, 1)]
    assert find_all(text, "\u304c") == [(1, 2)]


_FOLD_ALPHABET = ["a", "e", "E", "\u00e9", "\u00c9", "e\u0301", "\u0301", "\u00df", "s", "S", " ", "\ufb01", "i", "\u0130"]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(_FOLD_ALPHABET), max_size=16).map("".join),
    st.lists(st.sampled_from(_FOLD_ALPHABET), min_size=1, max_size=3).map("".join),
)
def test_find_all_matches_fold_to_the_needle_and_miss_none(text, needle):
    from tui_reader.fold import fold

    key = fold(needle)
    matches = find_all(text, needle)
    assert all(a[1] <= b[0] for a, b in zip(matches, matches[1:]))
    if key:
        for s, e in matches:
            assert key in fold(text[s:e])  # each match holds the needle, folded
        assert bool(matches) == (key in fold(text))
        # whatever the spelling of the text, every accent-blind occurrence is in a match
        for s in range(len(text)):
            for e in range(s + 1, len(text) + 1):
                if fold(text[s:e]) == key and fold(text[s:s + 1]) and fold(text[e - 1:e]):
                    assert any(ms <= s and e <= me for ms, me in matches) or any(
                        ms < e and s < me for ms, me in matches), (s, e)


_ALPHABET = ["a", "E", "e", "\u0301", "\u200d", "\U0001F468", "\U0001F469", "\U0001F1EB",
             "\U0001F1F7", "\u1100", "\u1161", "\u11a8", " ", "\n", "\r", "क", "्", "ि", "İ", "ß", "s"]


@settings(max_examples=300, deadline=None)
@example("a\u094daa", "aa")  # a virama is no accent: only the literal match
@example("a\u0301aa", "aa")  # an accent is: the accent-blind match takes the first two
@given(
    st.lists(st.sampled_from(_ALPHABET), max_size=16).map("".join),
    st.lists(st.sampled_from(_ALPHABET), min_size=1, max_size=2).map("".join),
)
def test_find_all_lands_on_cluster_boundaries_and_covers_every_match(text, needle):
    bounds = {0} | {m.end() for m in regex.finditer(r"\X", text)}
    matches = find_all(text, needle)
    assert matches == sorted(matches)
    for s, e in matches:
        assert s in bounds and e in bounds
    for m in regex.finditer(regex.escape(needle), text, regex.IGNORECASE | regex.FULLCASE):
        # in a match, or overlapped by one: an accent-blind match may start earlier
        # ("áa" for "aa" in "áaa") and, matches not overlapping, take part of it
        assert any(s < m.end() and m.start() < e for s, e in matches), m.span()
    assert all(a[1] <= b[0] for a, b in zip(matches, matches[1:]))


def test_find_all_on_10_mb_is_one_pass():
    # Not a timing assertion: a full-text segmentation would take seconds and
    # trip the suite's timeout; this must stay well inside it.
    text = (TEXT * (10_000_000 // len(TEXT) + 1))[:10_000_000]
    matches = find_all(text, "Donovan")
    assert len(matches) == text.count("Donovan")


# --- next_match / prev_match -------------------------------------------------

MATCHES = [(10, 15), (40, 45), (90, 95)]


@pytest.mark.parametrize(
    "offset, expected",
    [
        (0, (0, (10, 15), False)),
        (10, (1, (40, 45), False)),  # strictly after: the match under the cursor is skipped
        (41, (2, (90, 95), False)),
        (90, (0, (10, 15), True)),
        (500, (0, (10, 15), True)),
    ],
)
def test_next_match(offset, expected):
    assert next_match(MATCHES, offset) == expected


@pytest.mark.parametrize(
    "offset, expected",
    [
        (95, (2, (90, 95), False)),
        (90, (1, (40, 45), False)),  # strictly before
        (11, (0, (10, 15), False)),
        (10, (2, (90, 95), True)),
        (0, (2, (90, 95), True)),
    ],
)
def test_prev_match(offset, expected):
    assert prev_match(MATCHES, offset) == expected
    assert next_match(MATCHES, offset, backwards=True) == expected


def test_step_has_named_fields():
    step = next_match(MATCHES, 0)
    assert (step.index, step.match, step.wrapped) == (0, (10, 15), False)


def test_no_matches_no_step():
    assert next_match([], 5) is None
    assert prev_match([], 5) is None


def test_a_single_match_wraps_onto_itself():
    assert next_match([(3, 4)], 3) == (0, (3, 4), True)
    assert prev_match([(3, 4)], 3) == (0, (3, 4), True)
