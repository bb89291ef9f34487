"""Snapshot tests of the main screens (pytest-textual-snapshot).

Update after an intended visual change with: python -m pytest tests/app/test_snapshots.py --snapshot-update
and look at the SVGs before committing them. The main-screen snapshot is the README's screenshot.
"""

from __future__ import annotations

from pathlib import Path


from tui_reader.app import ReaderApp
from tui_reader.document import load_document
from tui_reader.store import Store
from tui_reader.workspace import Workspace

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "sample_docs" / "us-ecuador-joint-operations.txt"
SIZE = (120, 40)


def make_app(tmp_path: Path, path: Path = SAMPLE) -> ReaderApp:
    return ReaderApp(Workspace(load_document(path), Store(tmp_path / "data")))


def test_reader_main(snap_compare, tmp_path):
    """The sample article with an actor, a claim (a whole sentence) and an overlapping date."""
    # section 6: "Military Leaders Praise Ecuador’s Forces"; w w: onto "Francis"
    keys = ["]"] * 5 + ["j", "w", "v", "w", "w", "w", "a", "V", "c", "escape", "G", "V", "d", "g", "_"]
    assert snap_compare(make_app(tmp_path), press=keys, terminal_size=SIZE)


def test_search_screen(snap_compare, tmp_path):
    keys = ["]"] * 5 + ["j", "w", "v", "w", "w", "w", "a", "j", "V", "c", "s", *"donavan", "_"]
    assert snap_compare(make_app(tmp_path), press=keys, terminal_size=SIZE)


def test_help_screen(snap_compare, tmp_path):
    assert snap_compare(make_app(tmp_path), press=["question_mark", "_"], terminal_size=SIZE)


def test_wide_text(snap_compare, tmp_path):
    """Emoji (ZWJ family, flag), combining marks, CJK, Arabic and tabs stay aligned."""
    doc = tmp_path / "wide.md"
    doc.write_text(
        "# Wide text\n\n"
        "Family 👨‍👩‍👧 and flag 🇪🇨 and café (e\u0301) and 中文字符 wrap here.\n\n"
        "col\tcol\tcol\n\n"
        "Arabic: مرحبا بالعالم and Hebrew: שלום עולם.\n\n"
        + "日本語の文章が続きます。" * 12
        + "\n",
        encoding="utf-8",
    )
    keys = ["j", "j", "right", "right", "right", "right", "right", "right", "right", "v", "right", "right", "a", "_"]
    assert snap_compare(make_app(tmp_path, doc), press=keys, terminal_size=SIZE)


MAIN_KEYS = ["]"] * 5 + ["j", "w", "v", "w", "w", "w", "a", "V", "c", "escape", "G", "V", "d", "g", "_"]


def test_reader_80x24(snap_compare, tmp_path):
    """A small terminal: the text and the contents; the key hints keep help and quit."""
    assert snap_compare(make_app(tmp_path), press=MAIN_KEYS, terminal_size=(80, 24))


def test_annotation_list_in_place_80x24(snap_compare, tmp_path):
    """A shows the annotation list in place of the text where it has no room beside it."""
    assert snap_compare(make_app(tmp_path), press=[*MAIN_KEYS, "A", "_"], terminal_size=(80, 24))


def test_reader_200x50(snap_compare, tmp_path):
    """A wide terminal: the text at its reading measure, the side panels with the rest."""
    assert snap_compare(make_app(tmp_path), press=MAIN_KEYS, terminal_size=(200, 50))
