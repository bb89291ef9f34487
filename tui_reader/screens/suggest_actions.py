"""Suggestions on the reading screen (S shows them, enter or a tag's key accepts one, x
rejects it, + accepts the section's) and tagging every occurrence of an annotation (*).

Suggestions are made off the screen's thread (on a worker thread, or for a long text by a
child process that thread reads), section by section from the first (a later "Donovan"
needs the sections before it), kept per section, and drawn dimmed: never stored, never
counted, until the reader accepts them.
"""

from __future__ import annotations

import threading
import time

from rich.style import Style
from rich.text import Text
from textual import work
from textual.actions import SkipAction
from textual.message import Message

from ..store import StoreError
from ..suggest.by_section import SectionSuggestions, is_open, open_ones, suggestion_at
from ..widgets.labels import short
from ..widgets.reader_view import ReaderView
from ..workspace import WorkspaceError


#: a text this long (in characters) is suggested by a child process (suggest/child.py):
#: its keys then never wait for the suggester to let go of the interpreter
CHILD_FROM = 200_000


class SuggestionsMade(Message):
    """The suggester thread made the first ``ready`` sections' suggestions (``done``: it
    stopped; ``error``: a rule failed on this text)."""

    def __init__(self, ready: int, done: bool = False, error: str = "") -> None:
        super().__init__()
        self.ready = ready
        self.done = done
        self.error = error


class Breathe(Message):
    """From the suggester thread after each section: ``done`` is set once the screen has
    handled what came before (keys first) and drawn, so the thread never competes with a
    key for the interpreter for longer than one section."""

    def __init__(self, done: threading.Event) -> None:
        super().__init__()
        self.done = done


class SuggestActions:
    """Mixed into ReaderScreen: uses its view, workspace, document, app, _chosen, _fail,
    _flash, _annotations_changed and _update_status (status_line.py asks for
    suggestion_here, describe_suggestion, suggestion_summary and _suggest_progress)."""

    _suggesting = False  # shown
    _suggestions: SectionSuggestions | None = None
    _rejected: frozenset = frozenset()  # (tag, start, end, quote) each
    _suggest_target = -1  # the furthest section to make suggestions for
    _suggest_running = False
    _suggest_waiting: int | None = None  # the section shown, its suggestions not made yet
    _suggest_progress: str | None = None  # the status line while suggesting
    _suggest_process = None  # the child process making them, for a long text

    # -- showing ------------------------------------------------------------------------
    def action_toggle_suggestions(self) -> None:
        view = self.view
        if self._suggesting:
            self._suggesting = False
            self._suggest_waiting = None
            self._suggest_progress = None
            view.set_suggestions(())
            self._flash = (f"Suggestions hidden ({self.app.key('suggest.toggle')} shows them)", view.cursor)
            self._update_status()
            return
        if self._suggestions is None:
            try:
                published = self.workspace.published()
                self._rejected = frozenset(self.workspace.rejected_suggestions())
            except (StoreError, OSError) as exc:
                self._fail(exc)
                return
            self._suggestions = SectionSuggestions.of(self.document, published)
        self._suggesting = True
        self._show_suggestions()

    def _show_suggestions(self) -> None:
        """Show the current section's suggestions, or start making them."""
        view = self.view
        index = view.section_index
        made = self._suggestions.get(index)
        if made is None:
            self._suggest_waiting = index
            view.set_suggestions(())
            self._want(index)
        else:
            self._suggest_waiting = None
            view.set_suggestions([s for s in made if (s.tag, s.start, s.end, s.quote) not in self._rejected])
        self._update_status()

    def on_reader_view_section_changed(self, event: ReaderView.SectionChanged) -> None:
        if self._suggesting:
            self._show_suggestions()

    # -- making them, on a thread -------------------------------------------------------
    def _want(self, index: int) -> None:
        # (the thread tells a child process how far to go, before each section it reads)
        self._suggest_target = max(self._suggest_target, index)
        if not self._suggest_running:
            self._suggest_running = True
            self._show_progress_of_suggestions()
            self._make_suggestions()

    @work(thread=True, group="suggest", exit_on_error=False)
    def _make_suggestions(self) -> None:
        """Make suggestions up to the furthest section wanted (it may grow meanwhile: the
        reader moves on), telling the screen when the section shown is ready and, four
        times a second at most, how far it is."""
        from textual.worker import get_current_worker

        worker = get_current_worker()
        made = self._suggestions
        last = time.monotonic()
        process = self._suggest_process
        try:
            if process is None and len(made.text) >= CHILD_FROM and made.ready < made.total:
                from ..suggest.child import SuggesterProcess

                process = SuggesterProcess(made)
                try:
                    process.start(self._suggest_target)
                    self._suggest_process = process
                except OSError:  # no interpreter to start: the rules run here instead
                    process = None
            while self._suggesting and not worker.is_cancelled and made.ready <= self._suggest_target:
                if process is not None:
                    process.want(self._suggest_target)  # as far as the reader has gone by now
                    index = process.read_next()
                else:
                    index = made.advance()
                if index < 0:
                    break
                now = time.monotonic()
                if index == self._suggest_waiting or now - last >= 0.25:
                    last = now
                    self.post_message(SuggestionsMade(made.ready))
                if process is None:  # the rules ran here: let the screen have its turn
                    breathed = threading.Event()
                    if self.post_message(Breathe(breathed)):
                        breathed.wait(0.5)  # (at most: the screen may be closing)
        except Exception as exc:  # a rule that fails on this text must not take the reader down
            if process is not None:
                process.close()
                self._suggest_process = None
            self.post_message(SuggestionsMade(made.ready, done=True, error=f"{type(exc).__name__}: {exc}"))
            return
        self.post_message(SuggestionsMade(made.ready, done=True))

    def on_unmount(self) -> None:
        if self._suggest_process is not None:
            self._suggest_process.close()

    def on_breathe(self, message: Breathe) -> None:
        self.call_after_refresh(message.done.set)

    def on_suggestions_made(self, message: SuggestionsMade) -> None:
        made = self._suggestions
        if message.done:
            self._suggest_running = False
            if message.error:
                self._suggesting = False
                self._suggest_progress = self._suggest_waiting = None
                self.view.set_suggestions(())
                self.notify(f"Suggestions stopped at section {message.ready + 1}: {message.error}", severity="error", timeout=8)
                self._update_status()
                return
            if self._suggesting and made.ready <= self._suggest_target:
                self._want(self._suggest_target)  # wanted after the thread looked for the last time
        self._show_progress_of_suggestions()
        if self._suggesting and self._suggest_waiting is not None and made.ready > self._suggest_waiting:
            self._show_suggestions()
        else:
            self._update_status()

    def _show_progress_of_suggestions(self) -> None:
        """The status line's progress while suggestions are made (drawn by the caller)."""
        made = self._suggestions
        target = min(self._suggest_target + 1, made.total)
        running = self._suggest_running and self._suggesting
        self._suggest_progress = f"Suggesting: section {min(made.ready + 1, target)} / {target}…" if running else None

    # -- what is under the cursor ------------------------------------------------------
    def suggestion_here(self, anns=None):
        """The suggestion the keys act on: shown, open, the innermost thing under the
        cursor, nothing selected; else None. ``anns``: the annotations at the cursor."""
        view = self.view
        if not view.suggestions or view.mark is not None:
            return None
        offset = view.cursor
        if anns is None:
            anns = self.workspace.at(offset)
        here = [s for s in view.suggestions if s.start <= offset < s.end and is_open(s, self._rejected, anns)]
        return suggestion_at(here, anns, offset)

    def describe_suggestion(self, status: Text, sug) -> None:
        """The status line on a suggestion: what it is and why (its rule, its speaker,
        its value), and the keys where there is room."""
        wide = self.size.width >= 110
        quote = 40 if wide else 20
        label = f" suggested {sug.tag} " if wide else f" {sug.tag}? "
        status.append(label, style=self.app.tag_palette.refresh(self.app).suggested(sug.tag) + Style(bold=True))
        status.append(f" “{short(sug.quote, quote)}”")
        if sug.value:
            status.append(f" = {sug.value}", style="bold")
        if sug.said_by is not None:
            status.append(f" · said by “{short(sug.said_by.quote, quote)}”" if wide else f" · by “{short(sug.said_by.quote, 16)}”")
            if sug.said_by.refers_to is not None and wide:
                status.append(f" (“{short(sug.said_by.refers_to.quote, 30)}”)")
        elif sug.tag == "claim":
            status.append(" · no speaker named" if wide else " · no speaker")
        if sug.refers_to is not None:
            status.append(f" · same as “{short(sug.refers_to.quote, quote if wide else 16)}”")
        status.append(f" · {sug.rule}", style="italic")
        if wide:
            key = self.app.key
            status.append(f" · {key('suggest.accept')} accepts, {key('suggest.reject')} rejects  ", style="dim")

    def suggestion_summary(self) -> str:
        """For the status line away from any annotation: how many suggestions are shown."""
        if not self._suggesting:
            return ""
        if self._suggest_waiting is not None:
            return " · suggesting…"
        sec = self.view.section
        n = len(open_ones(self.view.suggestions, self._rejected, self.workspace.between(sec.start, sec.end)))
        return f" · {n or 'no'} suggestion{'' if n == 1 else 's'} ({self.app.key('suggest.toggle')} hides)"

    # -- deciding -------------------------------------------------------------------------
    def action_accept_suggestion(self) -> None:
        sug = self.suggestion_here()
        if sug is None:
            raise SkipAction()  # enter means what it meant (nothing, in the text)
        self._accept([sug])

    def accept_suggestion_as(self, tag: str) -> bool:
        """A tag's key on a suggestion: accept it as ``tag`` (no links then); False when the
        cursor is on none, and the key tags as usual."""
        sug = self.suggestion_here()
        if sug is None:
            return False
        self._accept([sug], tag)
        return True

    def action_accept_all_suggestions(self) -> None:
        if not self._suggesting:
            self.notify(f"No suggestions shown: {self.app.key('suggest.toggle')} shows them", severity="warning", timeout=3)
            return
        if self._suggest_waiting is not None:
            self.notify("Still suggesting for this section: a moment", severity="warning", timeout=3)
            return
        sec = self.view.section
        shown = open_ones(self.view.suggestions, self._rejected, self.workspace.between(sec.start, sec.end))
        if not shown:
            self.notify("No suggestions left in this section", severity="warning", timeout=3)
            return
        self._accept(shown)

    def _accept(self, suggestions: list, tag: str | None = None) -> None:
        try:
            self.workspace.accept(suggestions, tag)
        except (WorkspaceError, StoreError) as exc:
            self._fail(exc)
            return
        if len(suggestions) > 1:
            said = f"Accepted {len(suggestions)} suggestions in this section"
        else:
            sug = suggestions[0]
            said = f"Accepted {tag or sug.tag} “{short(sug.quote, 40)}”"
            if tag is None and sug.said_by is not None:
                said += f", said by “{short(sug.said_by.quote, 30)}”"
        self._annotations_changed(f"{said} ({self.app.key('history.undo')} undoes)")

    def action_reject_suggestion(self) -> None:
        sug = self.suggestion_here()
        if sug is None:
            raise SkipAction()  # x deletes the annotation under the cursor, as ever
        try:
            self.workspace.reject([sug])
        except (WorkspaceError, StoreError) as exc:
            self._fail(exc)
            return
        self._rejected = self._rejected | {(sug.tag, sug.start, sug.end, sug.quote)}
        self._show_suggestions()
        self._flash = (f"Rejected {sug.tag} “{short(sug.quote, 40)}”: not suggested again here", self.view.cursor)
        self._update_status()

    def action_restore_rejected_suggestions(self) -> None:
        """Bring back every suggestion rejected in this document (the command palette)."""
        try:
            count = self.workspace.restore_rejected()
        except (WorkspaceError, StoreError) as exc:
            self._fail(exc)
            return
        self._rejected = frozenset()
        if self._suggesting:
            self._show_suggestions()
        if count:
            shown = "" if self._suggesting else f" ({self.app.key('suggest.toggle')} shows them)"
            self.notify(f"Brought back {count} rejected suggestion{'s' if count != 1 else ''}{shown}", timeout=4)
        else:
            self.notify("No suggestion was rejected in this document", timeout=3)

    # -- every occurrence ---------------------------------------------------------------
    def action_tag_everywhere(self) -> None:
        ann = self._chosen()
        if ann is None:
            return
        try:
            added = self.workspace.tag_everywhere(ann.id)
        except (WorkspaceError, StoreError) as exc:
            self._fail(exc)
            return
        quote = short(ann.quote, 40)
        if not added:
            self.notify(f"No other “{quote}” to tag as {ann.tag} (whole words, same case)", timeout=3)
            return
        self._annotations_changed(
            f"Tagged {len(added)} more “{quote}” as {ann.tag} ({self.app.key('history.undo')} takes them all back)"
        )
