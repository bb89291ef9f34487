"""The one error type the user sees: a problem with a one-line message, never a traceback.

Every module's own error (DocumentError, StoreError, ExportError, ...) derives from it, so
the command line and the app catch one class and print ``str(exc)``.
"""


class UserError(Exception):
    """Something the user can act on; ``str()`` is one line that says what and where."""
