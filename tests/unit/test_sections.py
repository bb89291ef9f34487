"""Section detection: Markdown headings, plain-text headlines, merging, parts, invariants."""

from __future__ import annotations

from pathlib import Path

import pytest
import regex
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui_reader.sections import MAX_SECTION_CHARS, Section, find_sections

SAMPLES = Path(__file__).resolve().parents[2] / "sample_docs"
ARTICLE = SAMPLES / "us-ecuador-joint-operations.txt"
FIELD_GUIDE = SAMPLES / "field-guide.md"

ARTICLE_TITLES = [
    "New Security Effort Announced by the Pentagon",
    "Part of a Broader Anti-Drug Campaign",
    "Southern Command Highlights Regional Cooperation",
    "Limited Details About the Mission",
    "Criminal Groups Previously Designated",
    "Military Leaders Praise Ecuador\u2019s Forces",
    "Ecuador Declares New Phase in Security Campaign",
    "Cooperation Between Ecuador and the United States",
    "High-Level Meeting in Quito",
    "Focus on Information Sharing and Coordination",
    "Ecuador Faces Rising Security Challenges",
    "International Cooperation as a Key Strategy",
    "Debate Over U.S. Military Presence",
    "Continued Partnership Despite Referendum",
    "Regional Implications of the Operations",
    "Looking Ahead",
]


def cluster_boundaries(text: str) -> set[int]:
    return {0} | {m.end() for m in regex.finditer(r"\X", text, flags=regex.DOTALL)}


def assert_tiles(text: str, sections: list[Section], max_chars: int = MAX_SECTION_CHARS) -> None:
    """The invariants every result must keep, whatever the input."""
    if not text:
        assert sections == []
        return
    assert sections, "non-empty text has at least one section"
    assert sections[0].start == 0
    assert sections[-1].end == len(text)
    boundaries = cluster_boundaries(text)
    for i, s in enumerate(sections):
        assert s.index == i
        assert s.start < s.end, f"empty section {s}"
        if i + 1 < len(sections):
            assert s.end == sections[i + 1].start
        assert s.start in boundaries, f"section {i} starts inside a grapheme cluster"
        assert s.title, "title is empty"
        assert s.title == s.title.strip()
        assert len(s.title.splitlines()) == 1, f"title is not one line: {s.title!r}"
        part = text[s.start : s.end]
        # Longer than the limit only if it is one grapheme cluster longer than the limit.
        assert len(part) <= max_chars or len(regex.findall(r"\X", part, flags=regex.DOTALL)) == 1


def titles(sections: list[Section]) -> list[str]:
    return [s.title for s in sections]


# --------------------------------------------------------------------------- sample article


def test_sample_article_has_sixteen_sections() -> None:
    text = ARTICLE.read_text(encoding="utf-8")
    title, sections = find_sections(text, markdown=False, fallback_title="fallback")
    assert title == "U.S. Military Begins Joint Operations With Ecuador Targeting Drug-Linked Groups"
    assert titles(sections) == ARTICLE_TITLES
    assert len(sections) == 16
    assert sections[0].title == "New Security Effort Announced by the Pentagon"
    assert sections[-1].title == "Looking Ahead"
    # The title line has no body of its own: it is merged into the first section.
    assert sections[0].start == 0
    assert_tiles(text, sections)
    # Every other section starts exactly at its headline.
    for s in sections[1:]:
        assert text[s.start :].startswith(s.title + "\n")


# --------------------------------------------------------------------------- Markdown


def test_field_guide_sample() -> None:
    text = FIELD_GUIDE.read_text(encoding="utf-8")
    title, sections = find_sections(text, markdown=True, fallback_title="field-guide")
    assert_tiles(text, sections)
    assert title == "A Field Guide to Verifying Claims"
    names = titles(sections)
    assert names[0] == "A Field Guide to Verifying Claims"  # H1 with an introduction of its own
    assert "Checking by Source" in names  # the setext heading
    assert "Before You Start" not in names  # an H2 directly followed by an H3 is merged
    i = names.index("Decide what the claim actually is")
    assert text[sections[i].start :].startswith("## Before You Start\n")
    # The '#' comment inside the fenced code block is not a heading.
    assert not any("Share of the budget" in t for t in names)
    assert names[-1] == "A Short Checklist"
    # The sample carries the text a reader must survive: combining marks, ZWJ family, flag, RTL.
    assert "e\u0301" in text and "\U0001F468\u200d\U0001F469\u200d\U0001F467" in text
    assert "\U0001F1EA\U0001F1E8" in text and "\u05d0" in text and "\u0627" in text


def test_atx_headings() -> None:
    text = (
        "# Title #\n"
        "Intro.\n"
        "   ## Three spaces ##   \n"
        "Body.\n"
        "    # four spaces is code\n"
        "#hashtag is text\n"
        "####### seven is text\n"
        "###### Six\n"
        "Body.\n"
        "#\n"
        "Empty heading above.\n"
        "## Closing #s need a space before them#\n"
        "Body.\n"
        "### `code` and *emphasis* and [a link](http://x.y)\n"
        "Body.\n"
    )
    title, sections = find_sections(text, True)
    assert title == "Title"
    assert titles(sections) == [
        "Title",
        "Three spaces",
        "Six",
        "Closing #s need a space before them#",
        "code and emphasis and a link",
    ]
    assert sections[1].start == text.index("   ## Three")
    assert_tiles(text, sections)


def test_setext_headings_and_thematic_breaks() -> None:
    text = (
        "Main Title\n"
        "==========\n"
        "Intro text.\n"
        "\n"
        "A Subtitle\n"
        "---\n"
        "Body.\n"
        "\n"
        "---\n"
        "\n"
        "After a break, still the same section.\n"
        "\n"
        "- a list item\n"
        "---\n"
        "Not a heading above.\n"
        "\n"
        "| a | b |\n"
        "|---|---|\n"
        "| 1 | 2 |\n"
        "---\n"
        "\n"
        "A heading over\n"
        "two lines\n"
        "===\n"
        "End.\n"
    )
    title, sections = find_sections(text, True)
    assert title == "Main Title"
    assert titles(sections) == ["Main Title", "A Subtitle", "A heading over two lines"]
    # A setext section starts at its text line, not at the underline.
    assert sections[1].start == text.index("A Subtitle")
    assert sections[2].start == text.index("A heading over")
    assert_tiles(text, sections)


def test_fenced_code_is_ignored() -> None:
    text = (
        "# Real\n"
        "Body.\n"
        "```python\n"
        "# not a heading\n"
        "Not setext\n"
        "---\n"
        "~~~\n"
        "# still code: a ~~~ line does not close a ``` fence\n"
        "``\n"
        "# still code: a shorter fence does not close it\n"
        "````\n"
        "## After\n"
        "Body.\n"
        "~~~~\n"
        "# in tildes\n"
        "~~~~\n"
        "## Last\n"
        "Body.\n"
        "```\n"
        "# an unclosed fence runs to the end\n"
    )
    title, sections = find_sections(text, True)
    assert titles(sections) == ["Real", "After", "Last"]
    assert_tiles(text, sections)


def test_markdown_document_title_rules() -> None:
    assert find_sections("## Two\nx\n# One\ny\n", True)[0] == "One"  # first H1
    assert find_sections("### Three\nx\n## Two\ny\n", True)[0] == "Three"  # else first heading
    assert find_sections("no headings\n", True, fallback_title="notes")[0] == "notes"
    assert find_sections("no headings\n", True)[0] == ""


def test_front_matter_is_not_a_heading_or_preamble() -> None:
    text = "---\ntitle: Notes\ndate: 2024-01-01\n---\n# Notes\nBody.\n## More\nBody.\n"
    title, sections = find_sections(text, True)
    assert title == "Notes"
    assert titles(sections) == ["Notes", "More"]
    assert sections[0].start == 0


# --------------------------------------------------------------------------- merge and preamble


def test_heading_with_empty_body_merges_into_following_section() -> None:
    text = "# Book\n\n## Chapter One\n\n### Scene\n\nIt begins.\n\n## Chapter Two\nMore.\n"
    title, sections = find_sections(text, True)
    assert title == "Book"
    assert titles(sections) == ["Scene", "Chapter Two"]
    assert sections[0].start == 0
    assert_tiles(text, sections)


def test_empty_last_heading_stays() -> None:
    text = "# A\nBody.\n## Notes\n\n"
    _, sections = find_sections(text, True)
    assert titles(sections) == ["A", "Notes"]
    assert_tiles(text, sections)


def test_markdown_preamble_gets_the_document_title() -> None:
    text = "Some words before any heading.\n\n# The Title\nBody.\n"
    title, sections = find_sections(text, True)
    assert title == "The Title"
    assert titles(sections) == ["The Title", "The Title"]
    assert (sections[0].start, sections[0].end) == (0, text.index("# The"))


def test_preamble_without_a_document_title_is_beginning() -> None:
    text = "a long first line that is clearly a sentence of text and not a title at all, ending well.\n\nSome More Words Here\n\nBody text follows here.\n"
    title, sections = find_sections(text, False)
    assert title == ""
    assert titles(sections) == ["Beginning", "Some More Words Here"]


def test_whitespace_only_preamble_is_merged() -> None:
    text = "\n\n   \n# Title\nBody.\n"
    _, sections = find_sections(text, True)
    assert titles(sections) == ["Title"]
    assert sections[0].start == 0


# --------------------------------------------------------------------------- plain text


def test_plain_headlines_between_blank_lines() -> None:
    text = (
        "The Quiet Harbour\n"
        "\n"
        "The town had one road and two boats.\n"
        "\n"
        "Background\n"
        "\n"
        "Fishing was the only trade for a century.\n"
        "\n"
        "What the Records Show\n"
        "\n"
        "Ledgers survive from 1890 onwards.\n"
        "They were kept by the harbour master.\n"
    )
    title, sections = find_sections(text, False, fallback_title="harbour")
    assert title == "The Quiet Harbour"
    assert titles(sections) == ["The Quiet Harbour", "Background", "What the Records Show"]
    assert_tiles(text, sections)


def test_plain_lines_that_are_not_headlines() -> None:
    text = (
        "A Title Line\n"
        "First paragraph ends here.\n"
        "These Are The Items:\n"  # ends with a colon
        "Apples And Pears\n"  # the line before does not end a sentence
        "The committee met again.\n"
        "the Lowercase Start Line\n"  # starts in lowercase
        "Body goes on.\n"
        "Why the referendum failed\n"  # sentence case, not title-like
        "Body goes on.\n"
        "Summary\n"  # one word with no blank lines around it
        "Body goes on.\n"
        "The Long Road Home\n"  # followed by a lowercase line: a wrapped sentence
        "continues here and ends.\n"
        "Closing Words Without Body\n"  # nothing after it
    )
    title, sections = find_sections(text, False)
    assert title == "A Title Line"
    assert titles(sections) == ["A Title Line"]
    assert_tiles(text, sections)


def test_plain_title_line_must_look_like_a_title() -> None:
    text = "This first line is a sentence.\nNew Heading Here\nBody text.\n"
    title, sections = find_sections(text, False, fallback_title="file-stem")
    assert title == "file-stem"
    assert titles(sections) == ["file-stem", "New Heading Here"]


def test_plain_chapter_marker_takes_the_headline_under_it_as_its_title() -> None:
    text = "Intro sentence.\nChapter Two\nThe Long Road\nIt was late.\n"
    _, sections = find_sections(text, False)
    assert titles(sections)[-1] == "Chapter Two: The Long Road"
    assert sections[-1].start == text.index("Chapter Two")


# --------------------------------------------------------------------------- parts


def test_no_headings_is_part_1() -> None:
    text = "just some words, no title here,\nand more words.\n"
    _, sections = find_sections(text, True)
    assert titles(sections) == ["Part 1"]
    assert (sections[0].start, sections[0].end) == (0, len(text))


def test_whitespace_only_text_is_one_section() -> None:
    for md in (True, False):
        _, sections = find_sections(" \n\n\t\n", md)
        assert titles(sections) == ["Part 1"]


def test_empty_text_has_no_sections() -> None:
    assert find_sections("", True, fallback_title="x") == ("x", [])
    assert find_sections("", False) == ("", [])


def paragraphs(n: int, words: int = 40) -> list[str]:
    return [" ".join(f"word{i}x{j}" for j in range(words)) + "." for i in range(n)]


def test_no_headings_long_text_is_split_at_paragraphs_near_the_limit() -> None:
    text = "\n\n".join(paragraphs(200)) + "\n"
    title, sections = find_sections(text, True, fallback_title="book")
    assert title == "book"
    assert len(text) > 3 * MAX_SECTION_CHARS
    assert titles(sections) == [f"Part {i}" for i in range(1, len(sections) + 1)]
    assert_tiles(text, sections)
    for s in sections[:-1]:
        assert text[s.end - 2 : s.end] == "\n\n", "cut after a blank line"
        assert s.end - s.start > MAX_SECTION_CHARS // 2, "cut near the limit"


def test_long_section_parts_are_numbered() -> None:
    body = "\n\n".join(paragraphs(30, words=10))
    text = f"# Alpha\n\n{body}\n# Beta\nShort.\n"
    _, sections = find_sections(text, True, max_chars=1000)
    alpha = [s.title for s in sections if s.title.startswith("Alpha")]
    n = len(alpha)
    assert n >= 3
    assert alpha == [f"Alpha ({i}/{n})" for i in range(1, n + 1)]
    assert sections[-1].title == "Beta"
    assert_tiles(text, sections, max_chars=1000)


def test_without_blank_lines_parts_are_cut_at_line_ends() -> None:
    text = "\n".join(paragraphs(100, words=12)) + "\n"
    _, sections = find_sections(text, False, max_chars=900)
    assert len(sections) > 5
    assert_tiles(text, sections, max_chars=900)
    for s in sections[:-1]:
        assert text[s.end - 1] == "\n"
        assert s.end - s.start > 450


def test_huge_single_line_is_cut_at_sentence_ends() -> None:
    sentence = "Lorem ipsum dolor sit amet, consectetur elit. "
    text = sentence * 2000  # ~90,000 characters, no newline
    _, sections = find_sections(text, False)
    assert len(sections) >= 8
    assert_tiles(text, sections)
    for s in sections[:-1]:
        assert text[s.end - 2 : s.end] == ". "


def test_huge_single_line_without_sentences_is_cut_at_spaces() -> None:
    text = " ".join(["word"] * 30000)
    _, sections = find_sections(text, False)
    assert_tiles(text, sections)
    assert all(text[s.end - 1] == " " for s in sections[:-1])


def test_huge_line_without_spaces_is_cut_between_grapheme_clusters() -> None:
    family = "\U0001F468\u200d\U0001F469\u200d\U0001F467"
    flag = "\U0001F1EA\U0001F1E8"
    unit = "漢字かな" + family + flag + "e\u0301" + "\U0001F44D\U0001F3FD"  # thumbs up, skin tone
    text = unit * 5000
    _, sections = find_sections(text, False, max_chars=1001)
    assert len(sections) > 10
    assert_tiles(text, sections, max_chars=1001)
    for s in sections[:-1]:
        assert text[s.end] not in ("\u200d", "\u0301", "\U0001F3FD")


def test_cut_never_separates_a_space_from_its_combining_mark() -> None:
    text = ("abc " * 10 + " \u0301") * 200  # a combining mark attached to a space
    _, sections = find_sections(text, False, max_chars=50)
    assert_tiles(text, sections, max_chars=50)


def test_regional_indicators_only() -> None:
    text = "\U0001F1EA\U0001F1E8" * 3000  # flags: pairs only, no other boundaries
    _, sections = find_sections(text, True, max_chars=101)
    assert_tiles(text, sections, max_chars=101)
    assert all((s.end - s.start) % 2 == 0 for s in sections)


def test_one_cluster_longer_than_the_limit_is_kept_whole() -> None:
    text = "a" + "\u0301" * 50 + "b"
    _, sections = find_sections(text, False, max_chars=10)
    assert_tiles(text, sections, max_chars=10)
    assert text[sections[0].start : sections[0].end] == "a" + "\u0301" * 50


def test_max_chars_must_be_positive() -> None:
    with pytest.raises(ValueError):
        find_sections("x", False, max_chars=0)


# --------------------------------------------------------------------------- titles


def test_titles_are_single_lines() -> None:
    text = "# One\u2028Two\x0bThree\nBody.\n"
    title, sections = find_sections(text, True, fallback_title="a\nb")
    assert title == "One Two Three"
    assert sections[0].title == "One Two Three"
    title, sections = find_sections("no heading\n", True, fallback_title=" a\r\nb ")
    assert title == "a b"


# --------------------------------------------------------------------------- properties

LINES = st.one_of(
    st.sampled_from(
        [
            "",
            "",
            "   ",
            "# Heading One",
            "## Second Level",
            "Setext Title",
            "===",
            "---",
            "```",
            "~~~",
            "Background",
            "Part of a Broader Campaign",
            "Military Leaders Praise Ecuador\u2019s Forces",
            "A sentence that ends with a full stop.",
            "a lowercase line without an end",
            "東京で記者会見、政府は「調査を継続する」と発表。",
            "\U0001F468\u200d\U0001F469\u200d\U0001F467 \U0001F1EA\U0001F1E8 de\u0301le\u0301gue\u0301e",
            "«نحن نراقب الوضع عن كثب» ״אנחנו עוקבים״",
            " \u0301\u200d",
        ]
    ),
    st.text(max_size=80).map(lambda s: s.replace("\r", "").replace("\n", " ")),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    lines=st.lists(LINES, max_size=60),
    markdown=st.booleans(),
    max_chars=st.integers(min_value=1, max_value=400),
    trailing_newline=st.booleans(),
)
def test_property_sections_tile_structured_text(lines, markdown, max_chars, trailing_newline) -> None:
    text = "\n".join(lines) + ("\n" if trailing_newline and lines else "")
    title, sections = find_sections(text, markdown, fallback_title="fallback", max_chars=max_chars)
    assert "\n" not in title
    assert_tiles(text, sections, max_chars=max_chars)


@settings(max_examples=300, deadline=None)
@given(text=st.text(), markdown=st.booleans(), max_chars=st.integers(min_value=1, max_value=50))
def test_property_sections_tile_any_text(text, markdown, max_chars) -> None:
    text = text.replace("\r", "\n")
    _, sections = find_sections(text, markdown, max_chars=max_chars)
    assert_tiles(text, sections, max_chars=max_chars)


@settings(max_examples=40, deadline=None)
@given(
    pieces=st.lists(
        st.sampled_from(["word", "漢字", "\U0001F468\u200d\U0001F469\u200d\U0001F467", "\U0001F1EA\U0001F1E8", "e\u0301", " ", ". "]),
        min_size=1,
        max_size=20,
    ),
    repeat=st.integers(min_value=500, max_value=3000),
    markdown=st.booleans(),
)
def test_property_huge_single_line(pieces, repeat, markdown) -> None:
    text = "".join(pieces) * repeat
    _, sections = find_sections(text, markdown)
    assert_tiles(text, sections)


def test_bylines_and_datelines_are_not_headlines() -> None:
    text = (
        "Ports Tighten Checks on Cargo\n"
        "By Ana Lima and Carlos M. Ruiz\n"
        "March 3, 2024\n"
        "Officials announced new inspections on Tuesday.\n"
        "What Changes for Shippers\n"
        "Containers will be scanned on arrival.\n"
    )
    title, sections = find_sections(text, False)
    assert title == "Ports Tighten Checks on Cargo"
    assert titles(sections) == ["Ports Tighten Checks on Cargo", "What Changes for Shippers"]


def test_chapter_markers_with_a_full_stop_join_their_title() -> None:
    text = (
        "A Short Tale\n"
        "\n"
        "CHAPTER I.\n"
        "The Harbour\n"
        "\n"
        "It was a cold morning when the boats went out, and the harbour master\n"
        "watched them from the wall. Nobody spoke.\n"
        "\n"
        "CHAPTER II.\n"
        "\n"
        "The storm arrived at dusk.\n"
    )
    title, sections = find_sections(text, False)
    assert title == "A Short Tale"
    assert titles(sections) == ["CHAPTER I. The Harbour", "CHAPTER II."]
    assert sections[1].start == text.index("CHAPTER II.")
    assert_tiles(text, sections)


# --------------------------------------------------------------------------- books

_WRAP = 66


def _para(*sentences: str) -> str:
    """One paragraph, hard-wrapped at 66 columns as a book file is."""
    import textwrap

    return textwrap.fill(" ".join(sentences), _WRAP)


_STORM = _para(
    "The storm came in from the west on the second night, and by morning the harbour",
    "wall had lost a third of its stones. The Harbour Master And The Council Clerk",
    "walked the length of it together and wrote down what they saw.",
)
_LEDGER = _para(
    "Nobody had opened the ledger since the war. Its pages were brittle and the ink",
    "had gone brown, but the sums were still legible, and they did not agree with",
    "the figures the council had published in the spring.",
)
_DISCLAIMER = (
    "THE LEDGER IS PROVIDED AS IT WAS FOUND, WITHOUT ANY WARRANTY OF ITS\n"
    "ACCURACY, AND THE SOCIETY ACCEPTS NO LIABILITY FOR ANY USE MADE OF\n"
    "IT BY ANY PERSON OR BODY."
)
# A book: a title, a contents list, chapters with headlines inside them, a part marker,
# an all-caps legal paragraph, and a paragraph line that reads like a headline.
BOOK = "\n\n".join(
    [
        "The Harbour Ledger",
        "Contents",
        "Chapter 1\nChapter 2\nChapter 3",
        "Chapter 1",
        "The Storm",
        _STORM,
        _LEDGER,
        "Chapter 2",
        _LEDGER,
        "What the Records Show",  # a headline inside a chapter: not a section of a book
        _STORM,
        _DISCLAIMER,
        "Part Two",
        "Chapter 3",
        _STORM,
        "Epilogue",
        _LEDGER,
    ]
) + "\n"


def test_a_book_is_cut_into_its_chapters() -> None:
    title, sections = find_sections(BOOK, markdown=False, fallback_title="harbour-ledger")
    assert_tiles(BOOK, sections)
    assert title == "The Harbour Ledger"
    assert titles(sections) == [
        "The Harbour Ledger",  # the title and the contents list
        "Chapter 1: The Storm",
        "Chapter 2",
        "Part Two — Chapter 3",
        "Epilogue",
    ]
    starts = [BOOK[s.start :].split("\n", 1)[0] for s in sections]
    assert starts == ["The Harbour Ledger", "Chapter 1", "Chapter 2", "Part Two", "Epilogue"]
    assert sections[1].start == BOOK.index("Chapter 1\n\nThe Storm")
    # the heading lines of a chapter are known, so that reflowing never joins them to the text
    lines = [BOOK[s:e] for s, e in sections[1].heading_lines if s < e]
    assert lines == ["Chapter 1", "The Storm"]


def test_long_chapters_are_still_cut_into_parts() -> None:
    _, sections = find_sections(BOOK, markdown=False, max_chars=250)
    assert_tiles(BOOK, sections, max_chars=250)
    names = titles(sections)
    assert "Chapter 2 (1/3)" in names and "Chapter 2 (3/3)" in names and "Chapter 2 (4/3)" not in names
    assert not any("Records" in t or "LEDGER" in t or "Master" in t for t in names)


def test_without_chapters_headlines_stay_but_not_lines_of_paragraphs() -> None:
    text = BOOK.replace("Chapter 1\nChapter 2\nChapter 3", "").replace("Part Two", "")
    for marker in ("Chapter 1", "Chapter 2", "Chapter 3", "Epilogue"):
        text = text.replace(marker + "\n", "")
    _, sections = find_sections(text, markdown=False)
    names = titles(sections)
    assert "What the Records Show" in names and "The Storm" in names
    # a paragraph's line in title case, and the all-caps legal sentence, are not headings
    assert not any("Master" in t or "WARRANTY" in t or "ACCURACY" in t for t in names)


@pytest.mark.parametrize(
    "line, heading",
    [
        ("Chapter 12", True),
        ("CHAPTER XII", True),
        ("CHAPTER XII.", True),
        ("Part Two", True),
        ("Book I", True),
        ("Chapter 3: The Road Home", True),
        ("CHAPTER 1. Loomings.", True),
        ("Chapter Twenty-One", True),
        ("Part of a Broader Anti-Drug Campaign", False),  # the sample's headline: a headline, not a marker
        ("Part Two of the plan", False),
        ("Chapter 12. It was late. Nobody came.", False),
    ],
)
def test_chapter_markers(line: str, heading: bool) -> None:
    from tui_reader.sections.plain import chapter_marker

    assert (chapter_marker(line) is not None) == heading


def test_numbered_headings_are_headings_in_a_report() -> None:
    body = _para("The survey covered four ports and two hundred boats over a single season.")
    text = "\n\n".join(["Harbour Survey", "1. Method", body, "2. Results", body, "3. Limits.", body]) + "\n"
    title, sections = find_sections(text, markdown=False)
    assert title == "Harbour Survey"
    assert titles(sections) == ["1. Method", "2. Results", "3. Limits."]


def test_the_title_is_the_first_line_only_when_it_stands_alone() -> None:
    body = _para("The storm came in from the west on the second night and the wall fell.")
    # a hard-wrapped paragraph's first line is not a title, though it has no full stop
    text = body + "\n\nThe Aftermath\n\n" + body + "\n"
    title, sections = find_sections(text, markdown=False, fallback_title="storm")
    assert title == "storm"
    assert titles(sections) == ["storm", "The Aftermath"]
    # a book that starts with its first chapter: the chapter is a chapter, not the title
    text = "Chapter 1\n\n" + body + "\n\nChapter 2\n\n" + body + "\n"
    title, sections = find_sections(text, markdown=False, fallback_title="storm")
    assert title == "storm"
    assert titles(sections) == ["Chapter 1", "Chapter 2"]
    # a title with a subtitle under it, then a blank line
    text = "GREAT HARBOUR LEDGER\nVersion 3, 29 June 2007\n\nPreamble\n\n" + body + "\n"
    title, sections = find_sections(text, markdown=False, fallback_title="storm")
    assert title == "GREAT HARBOUR LEDGER"
    assert titles(sections) == ["Preamble"]
