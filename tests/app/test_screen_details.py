"""Small things a reader sees: the status line's count, contents counts at the right edge,
highlights as blocks, readable panel titles, the search dialog's size and its notes, and
where a screenshot goes."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.text import Text

from tui_reader.screens.search import ResultPrompt, SearchScreen
from tui_reader.widgets.panels import AnnotationPanel, TableOfContents

NOTE = (
    "Check against the Pentagon's own press release and two other sources, with the dates "
    "and the names of everyone quoted in the piece, before this goes out"
)


async def test_a_one_character_selection_says_1_character(open_reader):
    async with open_reader() as r:
        await r.press("v")
        assert "1 character ·" in r.status and "characters" not in r.status
        await r.press("right")
        assert "2 characters ·" in r.status


async def test_the_selection_hint_fits_a_60_column_status_line(open_reader):
    async with open_reader(size=(60, 20)) as r:
        await r.press("v", "w", "w", "w")
        assert r.status.rstrip().endswith("a c d tag · y copy") and len(r.status.rstrip()) <= 58


async def test_contents_counts_stand_at_the_right_edge(open_reader, seed_store):
    seed_store([("Pentagon", "actor"), ("Looking", "claim")])
    async with open_reader() as r:
        toc = r.screen.query_one(TableOfContents)
        width = toc.scrollable_content_region.width
        for index, title in ((0, "New Security"), (15, "Looking Ahead")):
            line = toc.render_line(index).text
            assert len(line) == width
            assert line.rstrip().endswith(" 1") and len(line.rstrip()) >= width - 1
        # a short title keeps its count clear of it, not "Looking Ahead1"
        assert "Looking Ahead  " in toc.render_line(15).text


def background_at(strip, x: int):
    cell = 0
    for segment in strip:
        if cell + len(segment.text) > x:
            return segment.style.bgcolor if segment.style else None
        cell += len(segment.text)
    return None


async def test_a_highlight_over_several_rows_is_a_block_with_a_straight_right_edge(open_reader):
    async with open_reader() as r:
        await r.press("j", "j", "j", "V", "c")  # the first sentence of the body: five rows
        [claim] = r.stored()
        layout = r.layout
        rows = [y for y, row in enumerate(layout.rows) if row.offsets and row.start < claim.end and row.end > claim.start]
        assert len(rows) >= 3
        edge = layout.width - 1
        claim_bg = background_at(r.view.render_line(rows[1] - round(r.view.scroll_y)), 0)
        for y in rows[:-1]:  # every row the claim goes on from ends at the text's edge
            strip = r.view.render_line(y - round(r.view.scroll_y))
            assert background_at(strip, edge) == claim_bg, y
        last = r.view.render_line(rows[-1] - round(r.view.scroll_y))
        assert background_at(last, edge) != claim_bg  # the last row ends with the claim


async def test_panel_titles_stand_out_from_their_borders_when_unfocused(open_reader):
    async with open_reader() as r:
        for panel in (r.screen.query_one(TableOfContents), r.screen.query_one(AnnotationPanel)):
            assert r.app.focused is not panel
            border_colour = panel.styles.border_top[1]
            # unset (transparent), a title is drawn in its border's colour
            title = panel.styles.border_title_color
            title = border_colour if title.a == 0 else title
            background = r.screen.styles.background
            title = background + title  # a translucent colour as it lands on the screen
            # a readable contrast with the screen behind it (the border colour's is ~1.3)
            assert contrast(title, background) >= 3, contrast(title, background)


def contrast(a, b) -> float:
    def luminance(c):
        def channel(v):
            v /= 255
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

        return 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b)

    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


async def test_the_search_dialog_fits_its_results(open_reader, seed_store):
    seed_store([("Pentagon", "actor"), ("Tuesday", "date")], note=NOTE)
    async with open_reader(size=(120, 40)) as r:
        await r.press("s")
        await r.settle()
        screen = r.screen
        assert isinstance(screen, SearchScreen) and len(screen.hits) == 2
        box = screen.query_one("Vertical")
        assert box.region.height < 20  # two results, not 85% of the screen


def test_a_long_note_in_a_search_result_wraps_under_its_indent():
    head = Text(" actor  Pentagon")
    lines = Console(width=60, record=True).render_lines(ResultPrompt(head, "§ New Security Effort", NOTE), pad=False)
    text = ["".join(seg.text for seg in line) for line in lines]
    assert text[0].startswith(" actor  Pentagon")
    assert text[1].startswith("   § New Security")
    assert text[2].startswith("   ✎ Check against")
    assert len(text) >= 4 and all(line.startswith("   ") for line in text[3:])
    assert str(ResultPrompt(head, "§ X", "note")) == " actor  Pentagon\n§ X\nnote"


async def test_a_screenshot_goes_to_the_current_folder_and_says_where(open_reader, tmp_path, monkeypatch):
    home = tmp_path / "home"  # no Downloads folder in it
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    async with open_reader() as r:
        r.app.deliver_screenshot()
        await r.pilot.pause()
        [saved] = list(here.glob("*.svg"))
        assert r.noticed(f"Saved the screenshot to {saved}")
        assert not r.noticed("Failed to save screenshot")


async def test_a_screenshot_falls_back_to_the_data_folder(open_reader, tmp_path, monkeypatch, data_dir):
    from tui_reader.app import ReaderApp

    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    save = ReaderApp.save_screenshot

    def refuse_here(self, filename=None, path=None, time_format=None):
        if Path(path) == here:
            raise PermissionError(13, "Permission denied")
        return save(self, filename, path, time_format)

    monkeypatch.setattr(ReaderApp, "save_screenshot", refuse_here)
    async with open_reader() as r:
        r.app.deliver_screenshot()
        await r.pilot.pause()
        [saved] = list(Path(data_dir).glob("*.svg"))
        assert r.noticed(f"Saved the screenshot to {saved}")
