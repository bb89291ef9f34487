"""A damaged annotation file on the reading screen: say which, and move it aside when the
reader agrees (then the document can be annotated again)."""

from __future__ import annotations

from ..store import StoreError
from ..workspace import WorkspaceError


class RepairActions:
    """Mixed into ReaderScreen: uses its workspace, app, notify, _fail and _annotations_changed."""

    def _report_damage(self) -> None:
        """Say which file is damaged and ask before moving it aside."""
        error = self.workspace.damage_error

        def answered(yes: bool | None) -> None:
            if not yes:
                self.notify(
                    f"{error} Read-only until it is moved aside (ctrl+p: Repair, or tui-reader repair).",
                    severity="error",
                    timeout=10,
                )
                return
            self.action_repair(confirmed=True)

        from .dialogs import ConfirmDialog

        self.app.push_screen(
            ConfirmDialog(
                f"{error}\n\nThis document's annotations cannot be read, so it is open read-only. "
                "Move the damaged file aside to a dated backup (nothing is deleted) and start its "
                "annotations afresh?"
            ),
            answered,
        )

    def action_repair(self, confirmed: bool = False) -> None:
        if self.workspace.damage_error is None:
            self.notify("The annotation file of this document is fine", timeout=3)
            return
        if not confirmed:
            self._report_damage()
            return
        try:
            backup = self.workspace.repair()
        except (WorkspaceError, StoreError) as exc:
            self._fail(exc)
            return
        self._annotations_changed()
        self.notify(f"Moved the damaged file to {backup}; this document can be annotated again", timeout=8)
