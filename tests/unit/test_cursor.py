"""The cursor and selection model, without the app: the moves the reading keys make."""

from __future__ import annotations

from tui_reader.cursor import NO_MORE_WORDS, NO_SENTENCE, SELECTION_AT_EDGE, Cursor, Motion
from tui_reader.layout import Layout


def over(text: str, width: int = 80, **kw) -> Cursor:
    layout = Layout(text, width, base=kw.pop("base", 0), **kw)
    return Cursor(layout, **kw.pop("sides", {}))


def test_steps_go_from_cluster_to_cluster():
    text = "a👨\u200d👩\u200d👧e\u0301b"
    cur = over(text)
    seen = [cur.offset]
    for _ in range(4):
        cur.step(1)
        seen.append(cur.offset)
    assert seen == [0, 1, 6, 8, 8]  # the family and the accented e are one step each; the end holds
    cur.step(-2)
    assert cur.offset == 1


def test_offsets_are_document_offsets_and_snap_to_cluster_starts():
    cur = over("xe\u0301y", base=100)
    assert cur.offset == 100
    cur.set(102)  # inside the accented e
    assert cur.offset == 101


def test_up_and_down_keep_the_column_across_a_short_line():
    text = "a long first line\nshort\nanother long line\n"
    cur = over(text)
    cur.set(text.index("first"))
    cur.rows(1)
    assert cur.offset == text.index("\nanother")  # the end of "short"
    cur.rows(1)
    assert cur.offset == text.index(" long line")  # back at the column it started in (7)


def test_rows_run_on_into_the_next_section_unless_selecting():
    text = "one\ntwo\n"
    cur = Cursor(Layout(text, 80), has_next=True)
    cur.set(4)
    assert cur.rows(1) == Motion(moved=False, leave=1) and cur.offset == 4
    cur.toggle_selection()
    assert cur.rows(1) == Motion(notice=SELECTION_AT_EDGE) and cur.offset == 4
    alone = over(text)
    alone.set(4)
    assert alone.rows(1) == Motion() and alone.offset == 4  # no section after: it stays
    first = Cursor(Layout(text, 80), has_previous=True)
    assert first.rows(-1).leave == -1


def test_a_page_scrolls_by_a_page_and_keeps_the_cursor_row_on_screen():
    text = "".join(f"line {i}\n" for i in range(30))
    cur = over(text)
    motion = cur.page(1, 9)
    assert motion.scroll == 9 and cur.offset == text.index("line 9\n")
    cur.edge(1)
    assert cur.page(1, 9) == Motion()  # on the last row: nowhere to go, no section after


def test_words_forward_back_and_a_forward_selection_takes_whole_words():
    text = "The Ecuador’s Navy said."
    cur = over(text)
    cur.word(1)
    assert cur.offset == text.index("Ecuador")
    cur.word(-1)
    assert cur.offset == 0
    cur.set(text.index("Navy"))
    cur.toggle_selection()
    cur.word(1)
    cur.word(1)
    sel = cur.selection
    assert text[sel[0] : sel[1]] == "Navy said"
    assert cur.word(1) == Motion(moved=False, notice=NO_MORE_WORDS)


def test_back_a_sentence_goes_to_the_start_of_this_one_first():
    text = "First one. Second one here. Third."
    cur = over(text)
    cur.set(text.index("one here"))
    cur.sentence(-1)
    assert cur.offset == text.index("Second")
    cur.sentence(-1)
    assert cur.offset == 0
    cur.sentence(1)
    assert cur.offset == text.index("Second")


def test_select_sentence_at_the_end_of_a_line_takes_the_sentence_it_ends():
    text = "One line.\nNext line.\n"
    cur = over(text)
    cur.set(text.index("\nNext"))
    cur.select_sentence()
    sel = cur.selection
    assert text[sel[0] : sel[1]] == "One line."
    assert over("   \n").select_sentence() == Motion(moved=False, notice=NO_SENTENCE)


def test_sentences_follow_the_paragraphs_the_layout_shows():
    # plain text: a line break ends a sentence unless the text is reflowed
    text = "It was\nlate.\n\nNext paragraph.\n"
    cur = Cursor(Layout(text, 80, markdown=False))
    assert cur.sentences[0] == (0, 6)
    cur.use(Layout(text, 80, markdown=False, reflow=True))
    assert cur.sentences[0] == (0, text.index(".") + 1)
    # Markdown: a break inside a paragraph is a space even when not reflowed
    assert Cursor(Layout(text, 80)).sentences[0] == (0, text.index(".") + 1)


def test_the_end_of_a_section_is_its_last_character_not_its_line_breaks():
    text = "Body text.\n\n\n"
    cur = over(text)
    cur.edge(1)
    assert cur.offset == text.index(".")
    cur.edge(0)
    assert cur.offset == 0


def test_a_placed_selection_gives_its_start_back_on_escape():
    text = "find the words here"
    cur = over(text)
    cur.select(5, 14)
    assert cur.selection == (5, 14)
    assert cur.escape() == 5
    cur.select(5, 14)
    cur.step(1)  # moved since: escape leaves the cursor where it is
    assert cur.escape() is None


def test_a_drag_selects_from_where_the_button_went_down():
    cur = over("drag across this")
    cur.click(2)
    assert cur.selection is None
    cur.drag(2, 2)
    assert cur.selection is None  # no movement, no selection
    cur.drag(2, 9)
    assert cur.selection == (2, 10)


def test_a_tag_key_takes_the_selection_else_the_word_or_symbol_under_the_cursor():
    from tui_reader.textnav import NO_SPACES, NO_WORD

    text = "Intro.\nAna Lima 👍🏽 said 中文字 here, ok"
    base = 50
    cur = over(text, base=base)
    at = lambda s: base + text.index(s)  # noqa: E731
    cur.set(at("ima"))
    assert cur.target() == ((at("Lima"), at("Lima") + 4), "")
    cur.set(at("👍"))
    assert cur.target() == ((at("👍"), at("👍") + 2), "")  # the emoji with its skin tone
    cur.set(at("文"))
    assert cur.target() == (None, NO_SPACES)
    cur.set(at(", ok"))
    assert cur.target() == (None, NO_WORD)
    cur.toggle_selection()
    cur.step(3)
    assert cur.target() == ((at(", ok"), at(", ok") + 4), "")


def test_sentences_run_on_into_the_neighbouring_section_unless_selecting():
    text = "One here. Two there.\n"
    cur = Cursor(Layout(text, 80), has_next=True, has_previous=True)
    cur.set(text.index("Two"))
    assert cur.sentence(1) == Motion(moved=False, leave=1, unit="sentence")
    cur.set(0)
    assert cur.sentence(-1) == Motion(moved=False, leave=-1, unit="sentence")
    cur.set(text.index("Two"))
    cur.toggle_selection()
    assert cur.sentence(1) == Motion(moved=False, notice=SELECTION_AT_EDGE)
    alone = over(text)
    alone.set(text.index("Two"))
    assert alone.sentence(1).leave == 0  # no section after: it stays


def test_a_page_down_with_the_sections_end_in_view_goes_on_at_once():
    text = "".join(f"line {i}\n" for i in range(5))
    cur = Cursor(Layout(text, 80), has_next=True)
    assert cur.page(1, 9, end_in_view=True) == Motion(moved=False, leave=1)
    assert cur.page(1, 9).leave == 0  # the end not in view: a page within the section
