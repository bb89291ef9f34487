"""Re-attaching an earlier version's annotations while the reader reads: on a thread
after the first frame, with a progress line in the status bar."""

from __future__ import annotations

import time

from textual import work

from ..store import StoreError


class _Stopped(Exception):
    """The screen closed while annotations were being re-attached: stop (nothing stored)."""


class Reattaching:
    """Mixed into ReaderScreen: uses its workspace, app, notify, _annotations_changed and
    _update_status (which shows ``_progress`` first)."""

    #: what the status line says while annotations are being re-attached
    _progress: str | None = None

    def start_reattaching(self) -> None:
        """Called on mount: re-attach the earlier versions' annotations, if still to do."""
        if self.workspace.reattach_pending:
            # after the first frame, on a thread: the reader reads meanwhile (the progress
            # line shows once there are annotations to place: most opens have none)
            self.call_after_refresh(self._reattach_earlier_versions)

    def _report_reanchored(self) -> None:
        report = self.workspace.reanchored
        if report is not None:
            orphans = f" Orphaned ones are listed at the foot of the annotation panel ({self.app.key('panel.annotations')})." if report.orphaned else ""
            self.notify(
                f"The text changed since these annotations were made: {report.summary()}.{orphans}",
                severity="warning" if report.orphaned else "information",
                timeout=10,
            )

    @work(thread=True, exclusive=True, group="reattach")
    def _reattach_earlier_versions(self) -> None:
        """Re-attach the annotations of earlier versions of this file on a thread, with a
        progress line. The reader keeps reading and annotating: the store takes the
        annotations under its lock, checked against what it holds then (Workspace.
        place_earlier_versions), so a tag made meanwhile is kept and none is lost."""
        from textual.worker import get_current_worker

        worker = get_current_worker()
        workspace = self.workspace
        last = [0.0]

        def progress(done: int, total: int) -> None:
            if worker.is_cancelled:
                raise _Stopped
            now = time.monotonic()
            if now - last[0] >= 0.1 and total:
                last[0] = now
                line = f"Re-attaching the annotations of an earlier version: {min(done, total)} / {total}…"
                self.app.call_from_thread(self._show_progress, line)

        known = len(workspace.warnings)
        try:
            outcome = workspace.place_earlier_versions(progress)
        except _Stopped:
            return
        except StoreError as exc:  # the annotations stay where they are; nothing is lost
            workspace.warnings.append(f"annotations of an earlier version were not re-attached: {exc}")
            outcome = None
        if not worker.is_cancelled:
            self.app.call_from_thread(self._reattached, outcome, workspace.warnings[known:])

    def _show_progress(self, line: str | None) -> None:
        self._progress = line
        self._update_status()

    def _reattached(self, outcome, warnings: list[str]) -> None:
        workspace = self.workspace
        workspace.reattach_pending = False
        if outcome is not None:
            workspace.take_placed(*outcome)
            self._annotations_changed()
        self._show_progress(None)
        for warning in warnings:
            self.notify(warning, severity="warning", timeout=8)
        self._report_reanchored()

