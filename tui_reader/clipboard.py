"""Copying a quote: the citation text, and getting it onto a clipboard.

Pure core: no Textual. The terminal fallback (OSC 52) is passed in by the UI,
typically ``App.copy_to_clipboard``, so this module never needs the app.
"""

from __future__ import annotations

from pathlib import PurePath
from typing import Callable

from .errors import UserError

SYSTEM_CLIPBOARD = "system clipboard (pyperclip)"
TERMINAL_CLIPBOARD = "terminal (OSC 52)"

_MAX_TITLE = 200  # characters: a citation names the whole title; only a runaway line is cut


class ClipboardError(UserError):
    """Nothing could be copied; str() is one line for the user."""


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit + 1].rfind(" ")
    head = text[:cut] if cut > limit // 2 else text[:limit]
    return head.rstrip(" ,;:.-–—") + "…"


def citation(
    quote: str, title: str, section: str, start: int, end: int, path: str = "", source: dict | None = None
) -> str:
    """The text ``y`` copies: the quote in curly double quotes, then where it is from.

    One line, e.g.::

        “General Francis L. Donovan” — U.S. Military Begins Joint Operations With
        Ecuador Targeting Drug-Linked Groups, § Military Leaders Praise Ecuador’s Forces
        (chars 2041–2060)

    (shown wrapped here). Line breaks inside the quote become spaces, the
    title is given whole (a runaway one is shortened), the section is left out when there is none or it
    repeats the title, and the file name (from ``path``) stands in for a
    missing title or joins the offsets. Offsets are code points, end exclusive.
    With the document's ``source`` (what ``i`` or ``tui-reader meta`` set, or the front
    matter): its title stands for the file's, the outlet, author and publication date follow
    it, and the URL ends the line::

        “…” — Title, Outlet (Author, 2025-03-06), § Section (chars 2041–2060) https://…
    """
    source = source or {}
    title = source.get("title") or title
    name = PurePath(path).name if path else ""
    title = _one_line(title)
    section = _one_line(section)
    where = _shorten(title, _MAX_TITLE) if title else name
    byline = ", ".join(_one_line(source[k]) for k in ("author", "published") if source.get(k))
    if source.get("outlet"):
        where = f"{where}, {_one_line(source['outlet'])}" if where else _one_line(source["outlet"])
    if byline:
        where = f"{where} ({byline})" if where else byline
    parts = [f"“{_one_line(quote)}”"]
    if section and section != title:
        where = f"{where}, § {section}" if where else f"§ {section}"
    if where:
        parts.append(f"— {where}")
    place = f"chars {start}–{end}"
    if name and title and name != title:
        place = f"{name}, {place}"
    parts.append(f"({place})")
    if source.get("url"):
        parts.append(_one_line(source["url"]))
    return " ".join(parts)


def copy(text: str, osc52: Callable[[str], None] | None = None) -> str:
    """Put ``text`` on a clipboard and say which one.

    The system clipboard (pyperclip) comes first. pyperclip fails on a machine
    with no xclip, xsel or wl-copy, or over SSH, in assorted ways; then ``osc52``
    (the terminal's clipboard escape sequence) is tried if given. Returns a
    short description of where the text went; raises only ``ClipboardError``.
    """
    try:
        import pyperclip

        pyperclip.copy(text)
    except Exception as exc:  # PyperclipException is a RuntimeError; others happen
        system_error = _first_line(exc)
    else:
        return SYSTEM_CLIPBOARD

    if osc52 is None:
        raise ClipboardError(f"cannot copy: no system clipboard ({system_error})")
    try:
        osc52(text)
    except Exception as exc:
        raise ClipboardError(
            f"cannot copy: no system clipboard ({system_error}) "
            f"and the terminal refused it ({_first_line(exc)})"
        ) from exc
    return TERMINAL_CLIPBOARD


def _first_line(exc: BaseException) -> str:
    """The gist of an error: its first sentence on one short line (pyperclip's
    message goes on with a web address and install advice)."""
    text = " ".join(str(exc).split())
    if not text:
        return type(exc).__name__
    sentence = text.split(". ", 1)[0].rstrip(".")
    return _shorten(sentence, 120)
