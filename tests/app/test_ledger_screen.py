"""The ledger (L): a row per claim with who said it, when, its section, verdict and note;
sorting, filtering, the entity view, jumping to the claim, and all documents."""

from __future__ import annotations

from pathlib import Path

from tui_reader.document import load_document
from tui_reader.screens.ledger import LedgerScreen
from tui_reader.screens.reader import ReaderScreen
from tui_reader.store import Store
from tui_reader.widgets.ledger_table import LedgerTable
from tui_reader.workspace import Workspace

DONOVAN = "Donovan described Ecuador’s military as demonstrating courage and determination"
OFFICIALS = "Officials say the campaign has already resulted in the deaths of 151 individuals"
GROUPS = "these groups have contributed to widespread instability and corruption"


def link_sample(data_dir: Path, path: Path) -> dict[str, str]:
    """Three claims on the sample: one said by the general (two mentions, one entity) on
    Tuesday, one by "Officials", one said by no one; a publication date. Their ids."""
    store = Store(data_dir)
    ws = Workspace(load_document(path), store)
    text = ws.document.text

    def tag(quote: str, tag: str):
        start = text.index(quote)
        return ws.tag(start, start + len(quote), tag)

    donovan, general, he = tag(DONOVAN, "claim"), tag("General Francis L. Donovan", "actor"), tag("He praised", "actor")
    ws.link(donovan.id, general.id)
    ws.link(donovan.id, tag("Tuesday", "date").id)
    ws.link(he.id, general.id, "same_as")
    ws.set_verdict(donovan.id, "mostly-true")
    ws.set_note(donovan.id, "southcom.mil statement")
    officials = tag(OFFICIALS, "claim")
    ws.link(officials.id, tag("Officials say", "actor").id)
    ws.set_verdict(officials.id, "false")
    groups = tag(GROUPS, "claim")
    store.set_source(ws.document.id, {"published": "2025-12-03"})
    store.close()
    return {"donovan": donovan.id, "officials": officials.id, "groups": groups.id, "start": donovan.start}


def table(r) -> LedgerTable:
    assert isinstance(r.screen, LedgerScreen), r.screen
    return r.screen.query_one(LedgerTable)


def shown(r) -> list[str]:
    """The ledger's lines as drawn: the header, then the rows on screen."""
    t = table(r)
    return [t.render_line(y).text.rstrip() for y in range(t.scrollable_content_region.height)]


async def go_to_row(r, ann_id: str) -> None:
    await r.press("g")
    await r.press_until("down", lambda: table(r).current.ann_id == ann_id, 5)


def claims(r) -> list[str]:
    return [row.cells[0] for row in table(r).rows]


def state(r) -> str:
    return str(r.screen.query_one("#state").content)


async def test_a_row_per_claim_with_who_when_section_verdict_and_note(open_reader, data_dir, sample_path):
    link_sample(data_dir, sample_path)
    async with open_reader() as r:
        await r.press("L")
        lines = shown(r)
        assert lines[0].split() == ["claim", "said", "by", "when", "section", "verdict", "note"]
        rows = {row.cells[0][:20]: row.cells for row in table(r).rows}
        assert rows[DONOVAN[:20]][1:] == (
            "General Francis L. Donovan", "2025-12-02 “Tuesday”", "Military Leaders Praise Ecuador’s Forces",
            "mostly-true", "southcom.mil statement",
        )
        assert rows[OFFICIALS[:20]][1] == "Officials say" and rows[OFFICIALS[:20]][4] == "false"
        # a claim nobody is said to have made is listed, as unattributed
        assert rows[GROUPS[:20]][1] == "unattributed" and rows[GROUPS[:20]][4] == "unverified"
        assert sum("unattributed" in line for line in lines) == 1 and len(lines[1:4]) == 3
        assert table(r).border_title == "Claims · 3 of 3"
        await r.press("escape")
        assert isinstance(r.screen, ReaderScreen)


async def test_every_column_sorts_and_the_order_reverses(open_reader, data_dir, sample_path):
    link_sample(data_dir, sample_path)
    async with open_reader() as r:
        await r.press("L")
        assert claims(r) == [OFFICIALS, GROUPS, DONOVAN] or claims(r)[0].startswith("Officials")
        await r.press("s")  # by claim, A to Z (case-blind)
        assert [c[:5] for c in claims(r)] == ["Donov", "Offic", "these"]
        assert "claim ▲" in shown(r)[0] and "sort: claim ▲" in state(r)
        await r.press("S")
        assert [c[:5] for c in claims(r)] == ["these", "Offic", "Donov"]
        await r.press("s")  # said by: unattributed last
        assert [row.cells[1] for row in table(r).rows] == ["General Francis L. Donovan", "Officials say", "unattributed"]
        await r.press("s", "s", "s")  # when, section, verdict: in the order of the verdict list
        assert [row.cells[4] for row in table(r).rows] == ["unverified", "mostly-true", "false"]
        await r.press("s", "s")  # note, then document order again
        assert "document order" in state(r)


async def test_typing_filters_across_columns(open_reader, data_dir, sample_path):
    link_sample(data_dir, sample_path)
    async with open_reader() as r:
        await r.press("L", "slash")
        await r.type("southcom")  # a word of a note
        assert claims(r) == [DONOVAN]
        assert table(r).border_title == "Claims · 1 of 3" and "filter: “southcom”" in state(r)
        await r.press("enter")  # back to the rows, the filter kept
        assert r.screen.focused is table(r) and len(claims(r)) == 1
        await r.press("slash", "escape")  # escape in the filter line clears it
        assert len(claims(r)) == 3 and isinstance(r.screen, LedgerScreen)
        await r.press("slash")
        await r.type("FALSE")  # a verdict, case-blind
        assert [c[:9] for c in claims(r)] == ["Officials"]


async def test_v_shows_one_verdict_at_a_time(open_reader, data_dir, sample_path):
    link_sample(data_dir, sample_path)
    async with open_reader() as r:
        await r.press("L", "v")
        assert [c[:5] for c in claims(r)] == ["these"] and "verdict: unverified" in state(r)
        await r.press("v", "v")  # true (none), mostly-true
        assert [c[:5] for c in claims(r)] == ["Donov"]
        await r.press("V", "V", "V")  # back to true, unverified, then every verdict
        assert len(claims(r)) == 3 and "verdict: any" in state(r)


async def test_e_shows_the_claims_of_one_entity_or_the_unattributed(open_reader, data_dir, sample_path):
    link_sample(data_dir, sample_path)
    async with open_reader() as r:
        await r.press("L", "e")
        await r.type("donovan")
        await r.press("enter")
        assert [c[:5] for c in claims(r)] == ["Donov"] and "entity: General Francis L. Donovan" in state(r)
        await r.press("e")
        await r.type("unattrib")
        await r.press("enter")
        assert [c[:5] for c in claims(r)] == ["these"]
        await r.press("e", "escape")  # nothing changes
        assert [c[:5] for c in claims(r)] == ["these"]
        await r.press("e", "up", "enter")  # any entity: the first choice, above the current one
        assert len(claims(r)) == 3


async def test_the_entity_view_lists_mentions_and_claims(open_reader, data_dir, sample_path):
    link_sample(data_dir, sample_path)
    async with open_reader() as r:
        await r.press("L", "tab")
        rows = {row.cells[0]: row.cells for row in table(r).rows}
        assert rows["General Francis L. Donovan"][1] == "2: General Francis L. Donovan · He praised"
        assert rows["General Francis L. Donovan"][2].startswith(f"1: “{DONOVAN}")
        assert rows["Officials say"][2].startswith("1: “Officials say")
        assert shown(r)[0].split() == ["entity", "mentions", "claims"]
        await r.press("down")  # the general is the second entity in the text
        await r.press_until("down", lambda: table(r).current.cells[0] == "General Francis L. Donovan", 5)
        await r.press("enter")  # an entity's claims
        assert [c[:5] for c in claims(r)] == ["Donov"] and shown(r)[0].startswith("claim")


async def test_enter_jumps_to_the_claim_and_closes_the_ledger(open_reader, data_dir, sample_path):
    ids = link_sample(data_dir, sample_path)
    async with open_reader() as r:
        await r.press("L")
        await go_to_row(r, ids["donovan"])
        await r.press("enter")
        assert isinstance(r.screen, ReaderScreen)
        assert r.view.cursor == ids["start"]
        assert "Donovan described" in r.status


async def test_a_switches_to_every_document_and_enter_opens_another(open_reader, data_dir, sample_path):
    link_sample(data_dir, sample_path)
    guide = sample_path.parent / "field-guide.md"
    store = Store(data_dir)
    other = Workspace(load_document(guide), store)
    quote = other.document.text.split("\n")[-2].strip() or other.document.text.strip().split("\n")[-1]
    start = other.document.text.index(quote)
    made = other.tag(start, start + len(quote), "claim")
    store.close()
    async with open_reader() as r:
        await r.press("L", "a")
        await r.settle()
        assert shown(r)[0].split()[-1] == "document" and "all documents (2 with claims)" in str(
            r.screen.query_one("#title").content
        )
        assert len(claims(r)) == 4
        row = next(row for row in table(r).rows if row.ann_id == made.id)
        assert row.cells[-1] == other.document.title and row.cells[1] == "unattributed"
        await go_to_row(r, made.id)
        await r.press("enter")
        await r.settle()
        assert isinstance(r.screen, ReaderScreen) and r.document.id == other.document.id
        assert r.view.cursor == made.start
        await r.press("L")  # the ledger of the document now open
        assert len(claims(r)) == 1


async def test_at_80x24_the_columns_are_cut_to_fit(open_reader, data_dir, sample_path):
    link_sample(data_dir, sample_path)
    async with open_reader(size=(80, 24)) as r:
        await r.press("L")
        lines = shown(r)
        assert all(len(line) <= 78 for line in lines) and "…" in lines[1]
        assert lines[0].startswith("claim") and "verdict" in lines[0]
        await r.press("tab", "a")
        await r.settle()
        assert shown(r)[0].split()[-1] == "document"


async def test_help_lists_the_ledger_keys(open_reader):
    async with open_reader() as r:
        await r.press("L", "question_mark")
        from tui_reader.screens.help import key_rows

        ledger = dict(key_rows(r.app.keymap))["The ledger"]
        assert ("L", "The ledger: every claim, who said it, when, its verdict") in ledger
        assert any(keys == "v" for keys, _ in ledger) and any(keys == "e" for keys, _ in ledger)
        update = r.screen._compositor.render_update(full=True)
        on_screen = "\n".join(strip.text for line in update.strips for strip in line)
        assert "In the ledger: next row" in on_screen and "Move left" not in on_screen  # its own keys
        await r.press("escape", "escape")
        assert isinstance(r.screen, ReaderScreen)


async def test_the_cursor_moves_down_a_long_ledger_and_stays_on_screen(open_reader, seed_store, sample_path):
    lines = [line for line in sample_path.read_text("utf-8").split("\n") if len(line) > 60][:40]
    seed_store([(line[:50], "claim") for line in lines])
    async with open_reader(size=(80, 24)) as r:
        await r.press("L", *["down"] * 25)
        assert table(r).cursor == 25
        assert table(r).current.cells[0] == lines[25][:50]
        assert any(line.startswith(lines[25][:12]) for line in shown(r))
        await r.press("G", "pageup", "k")
        assert table(r).cursor == 39 - (table(r).scrollable_content_region.height - 2) - 1
        await r.press("home")
        assert table(r).cursor == 0 and shown(r)[1].startswith(lines[0][:12])


async def test_with_no_claims_the_ledger_says_what_fills_it_and_the_palette_opens_it(open_reader):
    async with open_reader() as r:
        commands = [c.title for c in r.app.get_system_commands(r.screen)]
        assert "The ledger: every claim, who said it, when, its verdict" in commands
        await r.press("L")
        assert table(r).rows == [] and "none yet: tag a claim" in state(r)
        assert table(r).border_title == "Claims · 0 of 0"
        await r.press("enter", "s", "v", "tab")  # nothing to jump to, sort or show: no error
        assert isinstance(r.screen, LedgerScreen)


async def test_a_claim_deleted_in_another_window_meanwhile_is_said_not_jumped_to(open_reader, data_dir, sample_path):
    ids = link_sample(data_dir, sample_path)
    async with open_reader() as r:
        cursor = r.view.cursor
        await r.press("L")
        await go_to_row(r, ids["groups"])
        with Store(data_dir) as other:  # another window deletes it
            other.delete(r.document.id, ids["groups"])
        r.app.workspace.reload_if_changed()
        await r.press("enter")
        assert isinstance(r.screen, ReaderScreen) and r.view.cursor == cursor
        assert r.noticed("no longer in this document")


async def test_a_click_on_a_column_s_name_sorts_by_it_and_a_second_reverses(open_reader, data_dir, sample_path):
    link_sample(data_dir, sample_path)
    async with open_reader() as r:
        await r.press("L")
        x = shown(r)[0].index("verdict") + 2  # in the table's content; +1 for its border
        await r.pilot.click(LedgerTable, offset=(x + 1, 1))
        assert "verdict ▲" in shown(r)[0] and [row.cells[4] for row in table(r).rows][0] == "unverified"
        await r.pilot.click(LedgerTable, offset=(x + 1, 1))
        assert "verdict ▼" in shown(r)[0] and [row.cells[4] for row in table(r).rows][0] == "false"
        await r.pilot.click(LedgerTable, offset=(3, 3))  # a row: the cursor goes there
        assert table(r).cursor == 1
