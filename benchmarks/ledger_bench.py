"""The ledger (L) with 10,000 claims, against a Textual DataTable of 10,000 plain rows.

    python benchmarks/ledger_bench.py [--quick] [--repeats N]

A generated article of 10,000 sentences, each a claim said by an actor (mentions of 300
entities, joined by ``same_as`` links) on a weekday (a date resolved against the stored
publication date): 30,000 annotations in a store of their own. In one headless
``App.run_test`` at 120x40, in turn, ``--repeats`` times (after one warm-up of each):

* the ledger: ``L`` on the reading screen, until the first frame that shows the first
  claim row (the compositor's update for the screen, as Textual hands it to the terminal);
* the baseline: a screen with a ``DataTable`` given the same 10,000 rows as plain text
  cells (six columns), pushed on the same app, until its first frame that shows them.

Then, in the open ledger: a filter keystroke (a letter typed into its filter line, the
10,000 rows filtered and redrawn), a sort key (``s``) and a cursor key, each until the
last frame it caused (none for 60 ms after it); and a cursor key in the DataTable, the
framework's floor. Printed as JSON:

| key | meaning |
| --- | --- |
| `ledger_10k_open_s`, `datatable_10k_open_s` | medians of the opens |
| `ledger_10k_open_ratio` | ledger / DataTable (target <= 1.5) |
| `ledger_10k_filter_key_ms`, `ledger_10k_sort_key_ms`, `ledger_10k_cursor_key_ms` | medians, key to its last frame |
| `ledger_10k_filter_key_max_ms` | the slowest filter keystroke (the first folds every row, unless the warm-up thread did) |
| `datatable_10k_cursor_key_ms` | a cursor key in the DataTable, key to its last frame |
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from harness import COLS, ROWS, log  # noqa: E402  (benchmarks/harness.py)

TARGETS_MAX = {"ledger_10k_open_ratio": 1.5}
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
FIRST = ("Ana", "Luis", "Maria", "Jorge", "Carmen", "Pedro", "Lucia", "Diego", "Rosa", "Pablo")
LAST = ("Vega", "Mora", "Rios", "Paz", "Leon", "Cruz", "Soto", "Gil", "Ruiz", "Luna")
VERBS = ("raised", "cut", "doubled", "halved", "denied", "approved", "blocked", "funded")
THINGS = ("the budget", "police patrols", "the port's exports", "school meals", "mining permits",
          "the border checks", "fuel subsidies", "the prison census")


def build(folder: Path, claims: int, entities: int = 300):
    """Write the article and its annotations; the document's path and the first claim."""
    from tui_reader.annotations import Annotation, Link
    from tui_reader.document import load_document
    from tui_reader.store import Store

    names = [f"Minister {FIRST[i % 10]} {LAST[i // 10 % 10]} {i}" for i in range(entities)]
    lines, spans = ["# Ten thousand claims", ""], []
    at = len("# Ten thousand claims\n\n")
    for i in range(claims):
        if i % 50 == 0:
            heading = f"## Part {i // 50 + 1}"
            lines += [heading, ""]
            at += len(heading) + 2
        who, day = names[i % entities], WEEKDAYS[i % 5]
        said = f"{who} said on {day} that "
        claim = f"the government {VERBS[i % 8]} {THINGS[i * 7 % 8]} by {i % 97 + 2} percent in {2000 + i % 25}."
        sentence = said + claim
        spans.append(((at, at + len(who)), (at + len(f"{who} said on "), at + len(f"{who} said on {day}")),
                      (at + len(said), at + len(sentence))))
        lines += [sentence, ""]
        at += len(sentence) + 2
    path = folder / "ten-thousand-claims.md"
    path.write_text("\n".join(lines), encoding="utf-8")
    doc = load_document(path)
    first_mention: dict[int, str] = {}
    anns = []
    for i, (actor, day, claim) in enumerate(spans):
        def make(span, tag):
            start, end = span
            return Annotation.create(doc.text, doc.id, start, end, tag, section=doc.section_at(start).title)

        a, d, c = make(actor, "actor"), make(day, "date"), make(claim, "claim")
        entity = i % entities
        if entity in first_mention:
            a = replace(a, links=(Link.create("same_as", first_mention[entity]),))
        else:
            first_mention[entity] = a.id
        c = replace(c, links=(Link.create("said_by", a.id), Link.create("dated", d.id)))
        anns += [a, d, c]
    with Store(folder / "data") as store:
        store.remember_document(doc.id, doc.path, doc.title, len(doc.sections))
        store.apply(doc.id, add=anns)
        store.set_source(doc.id, {"published": "2025-12-03"})
    return path, doc.text[spans[0][2][0]: spans[0][2][1]]


def frame_text(update) -> str:
    """The text of a compositor update (a full frame or changed chops)."""
    strips = []
    if hasattr(update, "strips"):  # LayoutUpdate
        for line in update.strips:
            strips.extend(line)
    elif hasattr(update, "chops"):  # ChopsUpdate
        for chop in update.chops:
            strips.extend(s for s in chop.values() if s is not None)
    return "\n".join(s.text for s in strips)


class FrameWatch:
    """Records when the app hands a frame to the terminal, and whether it shows a text."""

    def __init__(self, app) -> None:
        self.app = app
        self.marker: str | None = None
        self.seen_at: float | None = None
        self.frames = 0
        self.last_at = 0.0
        display = app._display

        def watched(screen, update):
            now = time.perf_counter()
            display(screen, update)
            if update is None:
                return
            self.frames += 1
            self.last_at = now
            if self.marker is not None and self.seen_at is None and self.marker in frame_text(update):
                self.seen_at = now

        app._display = watched

    def expect(self, marker: str | None) -> None:
        self.marker, self.seen_at, self.frames = marker, None, 0

    async def wait(self, timeout: float = 60.0) -> float:
        deadline = time.perf_counter() + timeout
        while (self.seen_at is None if self.marker else self.frames == 0):
            if time.perf_counter() > deadline:
                raise RuntimeError(f"no frame with {self.marker!r} within {timeout:.0f} s")
            await asyncio.sleep(0)
        return self.seen_at if self.marker else time.perf_counter()

    async def settled(self, quiet: float = 0.06, timeout: float = 30.0) -> float:
        """When the last frame came, once none has come for ``quiet`` seconds."""
        deadline = time.perf_counter() + timeout
        while self.frames == 0 or time.perf_counter() - self.last_at < quiet:
            if time.perf_counter() > deadline:
                raise RuntimeError("the frames never stopped")
            await asyncio.sleep(0.002)
        return self.last_at


async def run(path: Path, marker: str, repeats: int) -> dict:
    from textual.screen import Screen
    from textual.widgets import DataTable

    from tui_reader.app import ReaderApp
    from tui_reader.document import load_document
    from tui_reader.ledger_rows import CLAIM_COLUMNS, claim_rows
    from tui_reader.screens.ledger import LedgerScreen, ledger_rows_for
    from tui_reader.store import Store
    from tui_reader.workspace import Workspace

    store = Store(path.parent / "data")
    app = ReaderApp(Workspace(load_document(path), store))
    cells: list[tuple[str, ...]] = []

    class TableScreen(Screen):
        def compose(self):
            yield DataTable(id="plain")

        def on_mount(self) -> None:
            table = self.query_one(DataTable)
            table.add_columns(*CLAIM_COLUMNS)
            table.add_rows(cells)
            table.focus()

    opens = {"ledger": [], "datatable": []}
    keys = {"filter": [], "sort": [], "cursor": [], "datatable_cursor": []}
    async with app.run_test(size=(COLS, ROWS)) as pilot:
        await pilot.pause()
        watch = FrameWatch(app)
        # the baseline's rows: the ledger's own cells, as plain text
        here = ledger_rows_for(app.workspace, app.tags)
        cells.extend(row.cells for row in claim_rows([here], app.tags.verdicts))

        async def key_frame(key: str) -> float:
            """A key as Pilot sends it, to the last frame it caused (a filter keystroke:
            the filter line in one frame, the rows it keeps maybe in the next)."""
            event = _key(key)
            event.set_sender(app)
            watch.expect(None)
            t = time.perf_counter()
            await app._post_message(event)
            return (await watch.settled()) - t

        for n in range(repeats + 1):  # the first of each is a warm-up
            for which in (("ledger", "datatable") if n % 2 else ("datatable", "ledger")):
                watch.expect(marker)
                t = time.perf_counter()
                if which == "ledger":
                    app.action_ledger()
                else:
                    app.push_screen(TableScreen())
                seen = await watch.wait() - t
                await pilot.pause()
                assert isinstance(app.screen, LedgerScreen if which == "ledger" else TableScreen), app.screen
                if n:
                    opens[which].append(seen)
                    if which == "ledger":
                        await pilot.press("slash")
                        for letter in "minister a":
                            keys["filter"].append(await key_frame(letter))
                            await pilot.pause()
                        await pilot.press("enter")
                        await pilot.pause()
                        for _ in range(3):
                            keys["sort"].append(await key_frame("s"))
                            await pilot.pause()
                        await pilot.press("home")  # the top, as the DataTable's cursor is
                        await pilot.pause()
                        for _ in range(5):
                            keys["cursor"].append(await key_frame("down"))
                            await pilot.pause()
                    else:
                        for _ in range(5):
                            keys["datatable_cursor"].append(await key_frame("down"))
                            await pilot.pause()
                app.pop_screen()
                await pilot.pause()
                log(f"  {which}: {seen:.3f} s" + ("" if n else " (warm-up)"))
    store.close()
    med = statistics.median
    return {
        "ledger_10k_claims": len(cells),
        "ledger_10k_terminal": f"{COLS}x{ROWS} headless",
        "ledger_10k_repeats": repeats,
        "ledger_10k_open_s": round(med(opens["ledger"]), 4),
        "datatable_10k_open_s": round(med(opens["datatable"]), 4),
        "ledger_10k_open_ratio": round(med(opens["ledger"]) / med(opens["datatable"]), 3),
        "ledger_10k_open_runs_s": [round(x, 3) for x in opens["ledger"]],
        "datatable_10k_open_runs_s": [round(x, 3) for x in opens["datatable"]],
        "ledger_10k_filter_key_ms": round(med(keys["filter"]) * 1e3, 2),
        "ledger_10k_filter_key_max_ms": round(max(keys["filter"]) * 1e3, 2),
        "ledger_10k_filter_keys_first_run_ms": [round(x * 1e3, 1) for x in keys["filter"][:10]],
        "ledger_10k_sort_key_ms": round(med(keys["sort"]) * 1e3, 2),
        "ledger_10k_cursor_key_ms": round(med(keys["cursor"]) * 1e3, 2),
        "ledger_10k_cursor_keys_ms": [round(x * 1e3, 1) for x in keys["cursor"]],
        "datatable_10k_cursor_key_ms": round(med(keys["datatable_cursor"]) * 1e3, 2),
    }


def _key(key: str):
    from textual import events

    char = {"space": " "}.get(key, key if len(key) == 1 else None)
    return events.Key(key if key != " " else "space", char if key != " " else " ")


def measure(quick: bool = False, repeats: int | None = None) -> dict:
    claims = 2_000 if quick else 10_000
    repeats = repeats or (2 if quick else 5)
    with tempfile.TemporaryDirectory(prefix="tui-reader-ledger-") as tmp:
        t = time.perf_counter()
        path, marker = build(Path(tmp), claims)
        log(f"ledger: {claims} claims written in {time.perf_counter() - t:.1f} s")
        out = asyncio.run(run(path, marker[:30], repeats))
    if quick:
        out = {k.replace("_10k_", "_quick_"): v for k, v in out.items()}
    return out


def check_targets(out: dict) -> dict:
    return {k: out[k] <= v for k, v in TARGETS_MAX.items() if k in out}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--quick", action="store_true", help="2,000 claims, 2 repeats (a smoke run)")
    p.add_argument("--repeats", type=int, help="opens of each, after a warm-up (default 5)")
    args = p.parse_args(argv)
    out = measure(args.quick, args.repeats)
    out["meets_targets"] = check_targets(out)
    print(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
