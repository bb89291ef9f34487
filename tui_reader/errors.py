"""The one error type the user sees: a problem with a one-line message, never a traceback.

Every module's own error (DocumentError, StoreError, ExportError, ...) derives from it, so
the command line and the app catch one class and print ``str(exc)``.
"""


class UserError(Exception):
    """Something the user can act on; ``str()`` is one line that says what and where."""


class ItemProblems:
    """The problems of one item of a file being checked: each call reports one through
    ``add`` and marks the item bad, so that the item is left out and the rest of the
    file is still checked (every problem is counted, not only the first)."""

    def __init__(self, add) -> None:
        self.add = add
        self.found = False

    def __call__(self, message: str) -> None:
        self.found = True
        self.add(message)


class CliError(UserError):
    """A user error on the command line: printed as one line, exit status 2."""
