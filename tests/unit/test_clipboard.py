"""Copying with y: the citation text, and the clipboard fallback chain."""

from __future__ import annotations

import pyperclip
import pytest

from tui_reader.clipboard import (
    SYSTEM_CLIPBOARD,
    TERMINAL_CLIPBOARD,
    ClipboardError,
    citation,
    copy,
)

TITLE = "U.S. Military Begins Joint Operations With Ecuador Targeting Drug-Linked Groups"
SECTION = "Military Leaders Praise Ecuador’s Forces"


def test_citation_format_names_the_whole_title():
    assert citation("General Francis L. Donovan", TITLE, SECTION, 2041, 2060) == (
        "“General Francis L. Donovan” — U.S. Military Begins Joint Operations With Ecuador "
        "Targeting Drug-Linked Groups, § Military Leaders Praise Ecuador’s Forces (chars 2041–2060)"
    )


def test_only_a_runaway_title_is_shortened():
    text = citation("q", "word " * 100, "", 0, 1)
    assert "…" in text and len(text) < 260


def test_citation_is_one_line_even_for_a_multiline_quote():
    text = citation("first line\n\nsecond   line", "Short title", "", 0, 10)
    assert text == "“first line second line” — Short title (chars 0–10)"
    assert "\n" not in text


def test_citation_names_the_file_when_given():
    text = citation("q", "Short title", "Part 2", 5, 6, path="/home/me/docs/us-ecuador.txt")
    assert text == "“q” — Short title, § Part 2 (us-ecuador.txt, chars 5–6)"


def test_citation_without_title_uses_the_file_name():
    assert citation("q", "", "", 5, 6, path="/x/notes.md") == "“q” — notes.md (chars 5–6)"
    assert citation("q", "", "", 5, 6) == "“q” (chars 5–6)"


def test_citation_skips_a_section_that_repeats_the_title():
    assert citation("q", "Intro", "Intro", 0, 1) == "“q” — Intro (chars 0–1)"


def fail_pyperclip(monkeypatch, exc: Exception) -> None:
    def broken(text):
        raise exc

    monkeypatch.setattr(pyperclip, "copy", broken)


def test_copy_uses_pyperclip_when_it_works(monkeypatch):
    copied = []
    monkeypatch.setattr(pyperclip, "copy", copied.append)
    sent = []
    assert copy("“quote”", osc52=sent.append) == SYSTEM_CLIPBOARD == "system clipboard (pyperclip)"
    assert copied == ["“quote”"]
    assert sent == []  # no need to fall back


def test_copy_falls_back_to_osc52_without_a_system_clipboard(monkeypatch):
    fail_pyperclip(monkeypatch, pyperclip.PyperclipException("could not find a copy/paste mechanism"))
    sent = []
    result = copy("“General Francis L. Donovan”", osc52=sent.append)
    assert result == TERMINAL_CLIPBOARD
    assert "OSC 52" in result
    assert sent == ["“General Francis L. Donovan”"]


@pytest.mark.parametrize("exc", [OSError("xclip died"), ValueError("odd"), FileNotFoundError(2, "x")])
def test_copy_falls_back_on_any_pyperclip_failure(monkeypatch, exc):
    fail_pyperclip(monkeypatch, exc)
    sent = []
    assert copy("x", osc52=sent.append) == TERMINAL_CLIPBOARD
    assert sent == ["x"]


def test_copy_without_any_clipboard_is_one_line_error(monkeypatch):
    fail_pyperclip(
        monkeypatch,
        pyperclip.PyperclipException(
            "Pyperclip could not find a copy/paste mechanism for your system. "
            "For more information, please visit https://example.invalid\nOn Linux, install xclip."
        ),
    )
    with pytest.raises(ClipboardError) as info:
        copy("x")
    message = str(info.value)
    assert "\n" not in message
    assert "copy/paste mechanism" in message
    assert "https://" not in message


def test_copy_when_both_fail_raises_only_clipboard_error(monkeypatch):
    fail_pyperclip(monkeypatch, pyperclip.PyperclipException("no mechanism"))

    def terminal_refuses(text):
        raise RuntimeError("not a terminal")

    with pytest.raises(ClipboardError) as info:
        copy("x", osc52=terminal_refuses)
    assert "not a terminal" in str(info.value)
    assert "\n" not in str(info.value)


def test_citation_carries_the_document_source():
    source = {"title": "Joint Operations", "outlet": "The Wire", "author": "Ana Pérez",
              "published": "2025-03-06", "url": "https://example.org/a"}
    text = citation("Tuesday", "file title", "Limited Details", 340, 347, "/x/a.txt", source)
    assert text == (
        "“Tuesday” — Joint Operations, The Wire (Ana Pérez, 2025-03-06), § Limited Details "
        "(a.txt, chars 340–347) https://example.org/a"
    )
    # no source: as before
    assert citation("Tuesday", "T", "", 1, 8) == "“Tuesday” — T (chars 1–8)"
