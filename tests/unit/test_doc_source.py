"""The document's source: the Source record, its checks, and Markdown front matter."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui_reader.doc_source import Source, published_date, source_from_front_matter
from tui_reader.sections import find_sections

FULL = Source("Joint operations", "https://example.com/a", "Example News", "Jane Roe", "2025-03-04")


def test_a_source_round_trips_through_its_dict_and_ignores_unknown_keys() -> None:
    assert Source.from_dict(FULL.to_dict()) == FULL
    assert FULL.to_dict() == {
        "title": "Joint operations",
        "url": "https://example.com/a",
        "outlet": "Example News",
        "author": "Jane Roe",
        "published": "2025-03-04",
    }
    assert Source.from_dict({"title": "T", "verdict": "true", "published": None, "url": 3}) == Source(title="T")
    assert Source.from_dict(None) == Source() == Source.from_dict([])
    assert Source().is_empty() and not FULL.is_empty()


def test_a_source_is_frozen() -> None:
    with pytest.raises(AttributeError):
        FULL.title = "x"  # type: ignore[misc]


def test_published_on_is_the_date_resolve_date_takes() -> None:
    assert FULL.published_on() == dt.date(2025, 3, 4)
    assert Source(published="2025-02-30").published_on() is None
    assert Source().published_on() is None


@pytest.mark.parametrize(
    ("source", "problem"),
    [
        (FULL, None),
        (Source(), None),
        (Source(url="http://example.com"), None),
        (Source(url="ftp://example.com/a"), "url: 'ftp://example.com/a' is not a web address (http:// or https://)"),
        (Source(url="example.com/a"), "url: 'example.com/a' is not a web address (http:// or https://)"),
        (Source(url="https://"), "url: 'https://' is not a web address (http:// or https://)"),
        (Source(url="https://[bad"), "url: 'https://[bad' is not a web address (http:// or https://)"),
        (Source(published="2025-02-30"), "published: '2025-02-30' is not a date as YYYY-MM-DD"),
        (Source(published="04/03/2025"), "published: '04/03/2025' is not a date as YYYY-MM-DD"),
        (Source(author="Jane\nRoe"), "author: has a line break or a control character"),
    ],
)
def test_check_names_the_first_problem_in_one_line(source: Source, problem: str | None) -> None:
    assert source.check() == problem
    assert problem is None or "\n" not in problem


@pytest.mark.parametrize(
    ("value", "day"),
    [
        ("2025-03-04", "2025-03-04"),
        ("2025-03-04T22:10:00-05:00", "2025-03-04"),
        ("2025-03-04 10:00:00 +0100", "2025-03-04"),
        ("2025/03/04", "2025-03-04"),
        ("2025.3.4", "2025-03-04"),
        ("Tue, 04 Mar 2025 10:00:00 GMT", "2025-03-04"),
        ("March 4, 2025", "2025-03-04"),
        ("4 March 2025", "2025-03-04"),
        (dt.date(2025, 3, 4), "2025-03-04"),
        (dt.datetime(2025, 3, 4, 23, 0), "2025-03-04"),
        ("2025-13-01", ""),
        ("March 2025", ""),  # not a day
        ("yesterday", ""),
        ("Tue, 99 Foo 2025", ""),
        (20250304, ""),
        ("", ""),
    ],
)
def test_published_date_reads_the_forms_front_matter_uses(value: object, day: str) -> None:
    assert published_date(value) == day


YAML = """---
title: "Pentagon announces: joint operations"
link: https://example.com/a?b=1#c
site_name: Example News # the outlet
authors:
  - Jane Roe
  - 'John O''Doe'
pubDate: Tue, 04 Mar 2025 10:00:00 GMT
tags: [security, ecuador]
---
# Pentagon announces joint operations

Body.
"""


def test_yaml_front_matter_fills_the_source() -> None:
    assert source_from_front_matter(YAML) == Source(
        "Pentagon announces: joint operations",
        "https://example.com/a?b=1#c",
        "Example News",
        "Jane Roe, John O'Doe",
        "2025-03-04",
    )


def test_the_first_key_of_each_field_wins_and_keys_ignore_case() -> None:
    text = "---\nDate: 2024-01-02\npublished: 2024-05-06\nURL: https://a.org\nAuthor: [A, B]\npublisher: P\n---\n"
    assert source_from_front_matter(text) == Source("", "https://a.org", "P", "A, B", "2024-05-06")


def test_a_nested_author_gives_its_name() -> None:
    text = "---\nauthor:\n  name: Jane Roe\n  email: j@example.com\n---\nBody\n"
    assert source_from_front_matter(text).author == "Jane Roe"
    text = "---\nauthors:\n  - name: Jane Roe\n  - name: John Doe\n---\nBody\n"
    assert source_from_front_matter(text).author == "Jane Roe, John Doe"


def test_toml_front_matter_fills_the_source() -> None:
    text = (
        '+++\ntitle = "Joint operations"\ndate = 2025-03-04T10:00:00Z\nauthors = ["Jane Roe", "John Doe"]\n'
        'canonical_url = "https://example.com/a"\n[params]\nsource = "not the outlet: a table below"\n+++\nBody\n'
    )
    assert source_from_front_matter(text) == Source(
        "Joint operations", "https://example.com/a", "", "Jane Roe, John Doe", "2025-03-04"
    )


def test_no_front_matter_is_an_empty_source() -> None:
    assert source_from_front_matter("# Title\n\ntitle: not front matter\n") == Source()
    assert source_from_front_matter("") == Source()
    assert source_from_front_matter("---\n") == Source()
    # an unclosed block is no front matter (the sections see it as text too)
    assert source_from_front_matter("---\ntitle: T\nBody\n") == Source()


def test_front_matter_is_read_by_the_rule_the_sections_use() -> None:
    for text in (YAML, "\ufeff" + YAML, YAML.replace("\n", "\r\n"), "---\ntitle: T\n...\nBody\n"):
        assert source_from_front_matter(text).title in ("Pentagon announces: joint operations", "T")
    # a thematic break and a paragraph are not front matter, for either reader
    text = "---\nJust a line\n---\nBody\n"
    assert source_from_front_matter(text) == Source()
    assert find_sections(text, True)[1][0].start == 0


DAMAGED_YAML = """---
title: "Unclosed quote
: no key
url https://no-colon.example
- a list item with no key
outlet: 'Example News'
  indented: under no key
author:
  - [broken
date: 2025-02-30
published: not a date
pubdate: 2025-03-04
\x00: nul
---
Body
"""


def test_damaged_yaml_lines_are_skipped_not_fatal() -> None:
    source = source_from_front_matter(DAMAGED_YAML)
    assert source.outlet == "Example News"
    assert source.published == "2025-03-04"  # bad dates give way to the next key
    assert source.url == ""
    assert source.check() is None


def test_damaged_toml_lines_are_skipped_not_fatal() -> None:
    text = '+++\ntitle = "Unclosed\noutlet = "Example News"\ndate = 2025-02-30\npublished = 2025-03-04\n+++\nBody\n'
    assert source_from_front_matter(text) == Source(outlet="Example News", published="2025-03-04")


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(["title: T", "date: 2025-03-04", "- x", "  name: N", "authors:", 'url = "u"', "[t]", "'"]),
            st.text(max_size=30),
        ),
        max_size=12,
    ),
    st.sampled_from(["---", "+++"]),
)
def test_any_front_matter_gives_a_source_and_never_raises(body: list[str], fence: str) -> None:
    text = "\n".join([fence, "title: x", *body, fence, "Body"])
    source = source_from_front_matter(text)
    assert isinstance(source, Source)
    assert source.published == "" or source.published_on() is not None
