"""Pilot fixtures: open the reader on a document with a store of the test's own."""

from __future__ import annotations

from contextlib import asynccontextmanager
from pathlib import Path
from typing import AsyncIterator, Callable

import unicodedata

import pytest
from textual import events
from textual.keys import REPLACED_KEYS, _character_to_key, _get_unicode_name_from_key
from textual.pilot import Pilot

from tui_reader.annotations import Annotation
from tui_reader.app import ReaderApp
from tui_reader.document import Document, load_document
from tui_reader.store import Store
from tui_reader.widgets.reader_view import ReaderView
from tui_reader.workspace import Workspace

SIZE = (120, 40)


def key_event(key: str) -> events.Key:
    """The Key event Pilot.press sends for ``key`` (App._press_keys, Textual 8)."""
    if len(key) == 1 and not key.isalnum():
        key = _character_to_key(key)
    original = REPLACED_KEYS.get(key, key)
    try:
        char: str | None = unicodedata.lookup(_get_unicode_name_from_key(original))
    except KeyError:
        char = key if len(key) == 1 else None
    event = events.Key(key, char)
    return event


class Reader:
    """A running ReaderApp and what a test needs to drive it and look at it."""

    def __init__(self, app: ReaderApp, pilot: Pilot, data_dir: Path) -> None:
        self.app = app
        self.pilot = pilot
        self.data_dir = data_dir
        #: every notification shown, as (message, severity), expired or not (those of
        #: the start-up, shown before this wrapper, from the app's own collection)
        self.notices: list[tuple[str, str]] = [(str(n.message), n.severity) for n in app._notifications]
        notify = app.notify

        def recording(message, *args, **kwargs):
            self.notices.append((str(message), kwargs.get("severity", "information")))
            return notify(message, *args, **kwargs)

        app.notify = recording  # Screen.notify goes through app.notify

    # -- driving ---------------------------------------------------------------
    async def press(self, *keys: str) -> None:
        """Press keys as Pilot.press does (the same Key events, into the app's queue),
        but wait for the screen to have handled each one rather than for the CPU to
        idle: about 5 ms a key instead of 90, which keeps this suite under a minute."""
        for key in keys:
            event = key_event(key)
            event.set_sender(self.app)
            await self.app._post_message(event)
            for _ in range(3):  # app -> screen -> widget -> messages back up
                await self.pilot._wait_for_screen()

    async def type(self, text: str) -> None:
        """Type text into whatever has focus (an Input in a dialog)."""
        await self.press(*text)

    async def paste(self, text: str) -> None:
        """Paste into the focused widget (how a reader enters a flag or a rare symbol)."""
        focused = self.app.focused
        assert focused is not None
        focused.post_message(events.Paste(text))
        await self.press()
        await self.pilot._wait_for_screen()

    async def settle(self) -> None:
        """Let workers (the search screen's) finish and the screen catch up. A worker
        that a newer key cancelled is not an error: wait for the others."""
        from textual.worker import WorkerCancelled

        for _ in range(10):
            try:
                await self.app.workers.wait_for_complete()
                break
            except WorkerCancelled:
                continue
        await self.pilot.pause()
        await self.pilot.pause()

    async def press_until(self, key: str, done: Callable[[], bool], limit: int = 100) -> None:
        for _ in range(limit):
            if done():
                return
            await self.press(key)
        assert done(), f"pressing {key!r} {limit} times never got there"

    # -- looking ----------------------------------------------------------------
    @property
    def screen(self):
        return self.app.screen

    @property
    def view(self) -> ReaderView:
        return self.app.screen.query_one(ReaderView)

    @property
    def layout(self):
        """The reading pane's text layout (rows of the current section)."""
        return self.view.text_layout

    @property
    def document(self) -> Document:
        return self.app.workspace.document

    @property
    def text(self) -> str:
        return self.document.text

    @property
    def selected_text(self) -> str | None:
        sel = self.view.selection
        return None if sel is None else self.text[sel[0] : sel[1]]

    @property
    def sub_title(self) -> str:
        return self.app.screen.sub_title

    @property
    def status(self) -> str:
        from textual.widgets import Static

        content = self.app.screen.query_one("#status", Static).content
        return str(content.plain if hasattr(content, "plain") else content)

    def stored(self, doc_id: str | None = None) -> list[Annotation]:
        """What is on disk, read by a Store of its own (not the app's)."""
        with Store(self.data_dir) as store:
            return store.annotations(doc_id or self.document.id)

    def noticed(self, fragment: str) -> bool:
        """A notification (toast) said ``fragment``."""
        return any(fragment.lower() in message.lower() for message, _ in self.notices)

    def told(self, fragment: str) -> bool:
        """The user was told ``fragment``: by a toast, or in the status line right now."""
        return self.noticed(fragment) or fragment.lower() in self.status.lower()


def seed(data_dir: Path, path: Path, spans: list[tuple[str, str]], note: str = "") -> list[Annotation]:
    """Store annotations on ``path`` before the app opens: (quote to find, tag) pairs,
    each on the first occurrence of the quote."""
    doc = load_document(path)
    out = []
    with Store(data_dir) as store:
        store.remember_document(doc.id, doc.path, doc.title, len(doc.sections))
        for quote, tag in spans:
            start = doc.text.index(quote)
            section = doc.section_at(start).title
            ann = Annotation.create(doc.text, doc.id, start, start + len(quote), tag, note=note, section=section)
            store.add(ann)
            out.append(ann)
    return out


@pytest.fixture
def make_app(data_dir: Path, sample_path: Path) -> Callable[..., ReaderApp]:
    def factory(path: Path | None = None, **options) -> ReaderApp:
        """``options`` go to the Workspace (``reanchor=False``: as ``tui-reader PATH``
        opens a file, re-attaching an earlier version's annotations on a thread)."""
        return ReaderApp(Workspace(load_document(path or sample_path), Store(data_dir), **options))

    return factory


@pytest.fixture
def open_reader(make_app, data_dir: Path):
    """``async with open_reader() as r:`` runs the app on the sample (or ``path``)."""

    @asynccontextmanager
    async def opener(path: Path | None = None, size: tuple[int, int] = SIZE, **options) -> AsyncIterator[Reader]:
        app = make_app(path, **options)
        try:
            async with app.run_test(size=size) as pilot:
                await pilot.pause()
                yield Reader(app, pilot, data_dir)
        finally:
            app.workspace.store.close()

    return opener


@pytest.fixture
def seed_store(data_dir: Path, sample_path: Path):
    def seeder(spans: list[tuple[str, str]], path: Path | None = None, note: str = "") -> list[Annotation]:
        return seed(data_dir, path or sample_path, spans, note=note)

    return seeder


@pytest.fixture(autouse=True)
def clipboard(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """No app test touches the real clipboard: pyperclip.copy records instead."""
    import pyperclip

    copied: list[str] = []
    monkeypatch.setattr(pyperclip, "copy", copied.append)
    return copied
