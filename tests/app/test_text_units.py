"""Sentences and words as the reader sees them, driven by keys (Textual Pilot).

Hard-wrapped prose (Markdown, most books) is shown as joined paragraphs: `V`, `(`, `)`
and the tags follow the paragraph, not the file's line breaks. And a tag key with no
selection takes a word, never a full stop or a whole clause of Chinese or Japanese.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tui_reader.textnav import span_at

# A hard-wrapped article of our own, wrapped at 66 columns the way a licence or an
# old mailing-list post is: every sentence but the last of a paragraph runs on across
# line breaks, and some start in the middle of a line.
HARD_WRAPPED_BODY = """\
  The harbour authority of the northern coast is a small, elected
body that answers for the piers, the lights and the channel.  Its
budget is set each spring by the county council, which has cut it
twice since the storm of 2019.  The authority says the cuts left
three lights unrepaired; the council says the money was spent on
the new breakwater instead.

Both accounts were given to the inquiry in March.  Gen. Ana Ruiz,
who chaired it, said the figures "did not add up" and asked for the
ledgers of the last five years, e.g. the repair logs and the
contracts with Francis L. Donovan & Sons (the builders of 2019).

The ledgers were never sent
"""


@pytest.fixture
def wrapped_md(tmp_path) -> Path:
    path = tmp_path / "harbour.md"
    path.write_text("# The Harbour Inquiry\n\n" + HARD_WRAPPED_BODY + "\n## What Came Next\n\nNothing.\n", encoding="utf-8")
    return path


@pytest.fixture
def wrapped_txt(tmp_path) -> Path:
    path = tmp_path / "harbour.txt"
    path.write_text("The Harbour Inquiry\n\n" + HARD_WRAPPED_BODY + "\nWhat Came Next\n\nNothing happened.\n", encoding="utf-8")
    return path


SECOND = (
    "Its\nbudget is set each spring by the county council, which has cut it\n"
    "twice since the storm of 2019."
)
THIRD = (
    "The authority says the cuts left\nthree lights unrepaired; the council says the money was spent on\n"
    "the new breakwater instead."
)
RUIZ = (
    "Gen. Ana Ruiz,\nwho chaired it, said the figures \"did not add up\" and asked for the\n"
    "ledgers of the last five years, e.g. the repair logs and the\n"
    "contracts with Francis L. Donovan & Sons (the builders of 2019)."
)


async def put_cursor(r, offset: int) -> None:
    """Move the cursor to ``offset`` with ] (its section), j and l, as a reader would."""
    await r.press_until("right_square_bracket", lambda: r.view.section.end > offset, limit=20)
    await r.press_until("j", lambda: r.layout.row_of(r.view.cursor) >= r.layout.row_of(offset), limit=60)
    await r.press_until("h", lambda: r.view.cursor <= offset, limit=200)
    await r.press_until("right", lambda: r.view.cursor >= offset, limit=200)
    assert r.view.cursor == offset


@pytest.mark.parametrize("fixture", ["wrapped_md", "wrapped_txt"])
async def test_V_selects_and_c_tags_the_whole_hard_wrapped_sentence(open_reader, request, fixture):
    path = request.getfixturevalue(fixture)
    async with open_reader(path) as r:
        assert r.view.reflow  # blank-line paragraphs: shown joined
        text = r.text
        await put_cursor(r, text.index("county council"))
        await r.press("V")
        assert r.selected_text == SECOND  # not "budget is set each spring by the county council, which has cut it"
        await r.press("c")
        [claim] = r.stored()
        assert claim.quote == SECOND == text[claim.start : claim.end]  # the inner line breaks kept exactly
        # ) goes to the next sentence, which starts in the middle of a line
        await r.press("right_parenthesis")
        assert r.view.cursor == text.index(THIRD)
        await r.press("V")
        assert r.selected_text == THIRD
        await r.press("escape", "right_parenthesis")
        assert r.view.cursor == text.index("Both accounts")  # a blank line ends a sentence
        await r.press("right_parenthesis")
        assert r.view.cursor == text.index(RUIZ)  # "Gen." "e.g." "L." and "2019)." do not end it
        await r.press("right", "right", "V")
        assert r.selected_text == RUIZ
        await r.press("y")
        await r.press("escape", "right_parenthesis")
        # a paragraph with no full stop still ends at the blank line before the heading
        assert r.text[r.view.cursor :].startswith("The ledgers were never sent\n")
        await r.press("V")
        assert r.selected_text == "The ledgers were never sent"
        await r.press("escape", "left_parenthesis", "left_parenthesis")
        assert r.view.cursor == text.index(RUIZ)


async def test_y_copies_the_whole_wrapped_sentence(open_reader, wrapped_md, clipboard):
    async with open_reader(wrapped_md) as r:
        await put_cursor(r, r.text.index("chaired"))
        await r.press("V", "y")
        start = r.text.index(RUIZ)
        # the citation quotes the whole sentence on one line, with its exact offsets
        assert clipboard and clipboard[-1].startswith("“" + " ".join(RUIZ.split()) + "”")
        assert f"chars {start}–{start + len(RUIZ)}" in clipboard[-1]


async def test_plain_text_with_reflow_off_keeps_the_files_lines(open_reader, wrapped_txt):
    async with open_reader(wrapped_txt) as r:
        await r.press("R")  # the file's own line breaks: each line stands alone
        assert not r.view.reflow
        await put_cursor(r, r.text.index("county council"))
        await r.press("V")
        assert r.selected_text == "budget is set each spring by the county council, which has cut it"
        await r.press("escape", "R")  # reflow on again: the sentence again
        assert r.view.reflow
        await r.press("V")
        assert r.selected_text == SECOND


async def test_a_heading_and_list_items_end_sentences_in_markdown(open_reader, tmp_path):
    path = tmp_path / "notes.md"
    path.write_text(
        "# Notes on the Vote\n\n"
        "The council met on Tuesday and the vote\nwas close\n"
        "## Who Voted\n\n"
        "- Luis Mora voted no after a long\n  speech on the budget\n"
        "- Raul Vega voted yes\n\n"
        "```\nprint(1)\nprint(2)\n```\n",
        encoding="utf-8",
    )
    async with open_reader(path) as r:
        text = r.text
        await put_cursor(r, text.index("Tuesday"))
        await r.press("V")
        assert r.selected_text == "The council met on Tuesday and the vote\nwas close"  # the heading ends it
        await r.press("escape")
        await put_cursor(r, text.index("speech"))
        await r.press("V")
        assert r.selected_text == "Luis Mora voted no after a long\n  speech on the budget"  # its item only
        await r.press("escape")
        await put_cursor(r, text.index("print(1)"))
        await r.press("V")
        assert r.selected_text == "print(1)"  # code lines are not joined


# -- the word under the cursor: a/c/d with nothing selected ------------------------------


async def test_a_on_a_full_stop_or_a_space_tags_nothing_and_says_so(open_reader):
    async with open_reader() as r:
        await r.press("G")  # the section's last character: the full stop of its last sentence
        assert r.text[r.view.cursor] == "."
        await r.press("a")
        assert r.stored() == []
        assert r.noticed("No word here")
        await r.press("V", "c")  # the sentence is tagged; the cursor stays on its full stop
        [claim] = r.stored()
        assert claim.quote.endswith(".")
        await r.press("a", "d")
        assert r.stored() == [claim]
        await r.press("h")  # a letter: a word again
        await r.press("d")
        assert len(r.stored()) == 2


CJK_DOC = "# 記者会見\n\n岸田文雄首相が記者会見で述べた。\n"


async def test_a_in_cjk_text_asks_for_a_selection_instead_of_tagging_a_clause(open_reader, tmp_path):
    path = tmp_path / "cjk.md"
    path.write_text(CJK_DOC, encoding="utf-8")
    async with open_reader(path) as r:
        name = r.text.index("岸田文雄")
        await put_cursor(r, name + 1)
        await r.press("a")
        assert r.stored() == []  # not "岸田文雄首相が記者会見で述べた"
        assert r.noticed("select the words with v")
        await r.press("h", "v", "right", "right", "right", "a")
        [actor] = r.stored()
        assert (actor.quote, actor.start) == ("岸田文雄", name)


# -- a plain-text book: its chapters are its sections --------------------------------------

BOOK_PARAGRAPH = (
    "The storm came in from the west on the second night, and by morning\n"
    "the harbour wall had lost a third of its stones. The Harbour Master\n"
    "And The Council Clerk walked the length of it together.\n"
)


async def test_a_book_opens_on_its_chapters_and_a_heading_is_never_joined_to_its_text(open_reader, tmp_path):
    path = tmp_path / "ledger.txt"
    chapters = [f"Chapter {n}\n{BOOK_PARAGRAPH}\nWhat the Records Show\n\n{BOOK_PARAGRAPH}" for n in range(1, 4)]
    path.write_text("\n".join(chapters), encoding="utf-8")
    async with open_reader(path) as r:
        assert [s.title for s in r.document.sections] == ["Chapter 1", "Chapter 2", "Chapter 3"]
        assert r.document.title == "ledger"  # the first line is a chapter, not the book's title
        await r.press("right_square_bracket")
        assert r.sub_title == "section 2 / 3 · Chapter 2"
        rows = ["".join(row.texts).rstrip() for row in r.layout.rows]
        assert rows[0] == "Chapter 2"  # reflowed, yet not joined to the paragraph under it
        assert rows[1].startswith("The storm came in")
        assert "by morning the harbour wall" in " ".join(rows)  # the paragraph itself is joined
        await put_cursor(r, r.text.index("storm", r.view.section.start))
        await r.press("V")
        assert r.selected_text == (
            "The storm came in from the west on the second night, and by morning\n"
            "the harbour wall had lost a third of its stones."
        )
