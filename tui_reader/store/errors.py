"""The store's errors: each is one line fit to show the user."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import UserError


class StoreError(UserError):
    """A storage problem, with a one-line message fit to show the user."""

    def __str__(self) -> str:  # KeyError subclasses would otherwise quote it
        return str(self.args[0]) if self.args else ""


class AnnotationNotFound(StoreError, KeyError):
    """An update, delete or batch removal named an annotation that is not stored."""


class StoreBusy(StoreError):
    """Another process held the store's lock for longer than ``lock_timeout``."""


class DamagedFile(StoreError):
    """A store file that cannot be used as it is; it is never written over.

    ``path`` is the file and ``reason`` says what is wrong with it, in a few words."""

    def __init__(self, path: Path, reason: str, message: str | None = None) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(
            message
            or f"{path} is damaged: {reason} (the file was left untouched; "
            "tui-reader repair moves it aside)"
        )


@dataclass(frozen=True)
class Damage:
    """One damaged store file, as :meth:`Store.check` reports it."""

    path: Path
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


def os_error_text(exc: OSError) -> str:
    """An OSError's reason on one line ("No space left on device")."""
    reason = exc.strerror or str(exc) or type(exc).__name__
    return " ".join(reason.split())
