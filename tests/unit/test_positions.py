"""Reading positions: kept per document path, clamped into the text, and never a
traceback whatever the file holds."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from tui_reader.document import Document
from tui_reader.positions import ReadingPositions


def doc(text: str = "one two three\n" * 10, path: str = "/tmp/article.txt") -> Document:
    return Document.from_text(text, path=path)


def test_a_saved_position_is_loaded_back_for_the_same_path(tmp_path):
    positions = ReadingPositions(tmp_path / "data")
    assert positions.load(doc()) is None
    assert positions.save(doc(), 42, durable=True)
    assert positions.load(doc()) == 42
    assert positions.load(doc(path="/tmp/other.txt")) is None
    assert [p.suffix for p in positions.folder.iterdir()] == [".json"]  # no temp file left


def test_an_edited_file_reopens_near_its_old_place_and_a_stale_offset_is_clamped(tmp_path):
    positions = ReadingPositions(tmp_path)
    positions.save(doc(), 120)
    shorter = doc("one two three\n")
    assert positions.load(shorter) == len(shorter.text) - 1


def test_an_unwritable_folder_loses_only_the_position(tmp_path):
    (tmp_path / "positions").write_text("a file where the folder should be")
    positions = ReadingPositions(tmp_path)
    assert positions.save(doc(), 5) is False
    assert positions.load(doc()) is None


@settings(max_examples=200, deadline=None)
@given(raw=st.one_of(
    st.binary(max_size=300),
    st.builds(lambda n: json.dumps({"path": "/tmp/article.txt", "offset": n}).encode(), st.one_of(
        st.integers(), st.floats(allow_nan=True), st.text(max_size=5), st.booleans(), st.none(),
        st.lists(st.integers(), max_size=3))),
    st.sampled_from([b"[" * 5000, b'{"offset": ' + b"9" * 5000 + b"}", b"\xff\xfe{}", b"null", b"1e999"]),
))
def test_whatever_the_file_holds_load_gives_an_offset_in_the_text_or_none(tmp_path_factory, raw):
    folder = tmp_path_factory.mktemp("pos")
    positions = ReadingPositions(folder)
    d = doc()
    target = positions.path_of(d)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(raw)
    offset = positions.load(d)
    assert offset is None or (type(offset) is int and 0 <= offset < len(d.text))


BOOK = "".join(
    f"Chapter {n}\n\nThe licenses for most software are designed to take away your freedom to share "
    f"and change it. By contrast, the license is intended to guarantee your freedom.\n\n"
    for n in range(1, 40)
)


def test_a_file_edited_at_the_top_reopens_at_the_same_words_in_the_same_chapter(tmp_path):
    positions = ReadingPositions(tmp_path)
    at = BOOK.index("Chapter 12\n") + BOOK[BOOK.index("Chapter 12\n"):].index("guarantee")
    positions.save(doc(BOOK), at)
    # text inserted at the top: the old offset is now in chapter 11
    edited = doc("Translator's note: this edition adds a preface.\n\n" + BOOK)
    offset = positions.load(edited)
    assert edited.text[offset:].startswith("guarantee your freedom")
    assert edited.text.rfind("Chapter ", 0, offset) == edited.text.index("Chapter 12\n")
    # its words gone too: the words after it still find it; nothing left: the old offset
    reworded = doc(edited.text.replace("intended to guarantee", "meant to guarantee"))
    assert reworded.text[positions.load(reworded):].startswith("guarantee your freedom")
    gone = doc("A different text altogether, " * 200)
    assert positions.load(gone) == at


@settings(max_examples=100, deadline=None)
@given(prefix=st.one_of(st.text(max_size=40), st.integers(), st.none(), st.lists(st.text(), max_size=2)),
       suffix=st.one_of(st.text(max_size=40), st.integers(), st.none()),
       offset=st.integers(min_value=-10, max_value=500))
def test_whatever_context_the_file_holds_load_gives_an_offset_in_the_text(tmp_path_factory, prefix, suffix, offset):
    folder = tmp_path_factory.mktemp("pos")
    positions = ReadingPositions(folder)
    d = doc()
    target = positions.path_of(d)
    target.parent.mkdir(parents=True, exist_ok=True)
    record = {"path": d.path, "document": "an earlier text", "offset": offset, "prefix": prefix, "suffix": suffix}
    target.write_text(json.dumps(record))
    got = positions.load(d)
    assert type(got) is int and 0 <= got < len(d.text)
