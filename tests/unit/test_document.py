"""Loading a document: normalization, id, clear one-line errors, section lookup."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

import tui_reader.document as document
from tui_reader.document import Document, DocumentError, document_id, load_document, normalize, read_text

ROOT = Path(__file__).resolve().parents[2]
ARTICLE = ROOT / "sample_docs" / "us-ecuador-joint-operations.txt"
FIELD_GUIDE = ROOT / "sample_docs" / "field-guide.md"


def error_for(path: Path, loader=read_text) -> str:
    with pytest.raises(DocumentError) as info:
        loader(path)
    message = str(info.value)
    assert "\n" not in message and "\r" not in message, f"message is not one line: {message!r}"
    assert str(path) in message, "the message names the file"
    return message


# --------------------------------------------------------------------------- normalization and id


def test_normalize_drops_bom_and_unifies_newlines() -> None:
    assert normalize("\ufeffa\r\nb\rc\nd") == "a\nb\nc\nd"
    assert normalize("a\r\r\nb") == "a\n\nb"
    assert normalize("no bom \ufeff inside") == "no bom \ufeff inside"


def test_document_id_is_sha256_of_normalized_text() -> None:
    lf = Document.from_text("Title\nBody.\n")
    crlf = Document.from_text("Title\r\nBody.\r\n")
    bom_cr = Document.from_text("\ufeffTitle\rBody.\r")
    assert lf.text == crlf.text == bom_cr.text == "Title\nBody.\n"
    assert lf.id == crlf.id == bom_cr.id
    assert lf.id == hashlib.sha256("Title\nBody.\n".encode("utf-8")).hexdigest()
    assert lf.id == document_id(lf.text)
    assert Document.from_text("Title\nBody!\n").id != lf.id


def test_loaded_files_are_normalized(tmp_path: Path) -> None:
    text = ARTICLE.read_text(encoding="utf-8")
    lf = tmp_path / "lf.txt"
    lf.write_bytes(text.encode("utf-8"))
    crlf = tmp_path / "crlf.txt"
    crlf.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    a, b = load_document(lf), load_document(crlf)
    assert "\r" not in b.text and not b.text.startswith("\ufeff")
    assert a.text == b.text
    assert a.id == b.id
    assert [s.title for s in a.sections] == [s.title for s in b.sections]
    assert a.path == str(lf.resolve())


def test_load_sample_article() -> None:
    doc = load_document(ARTICLE)
    assert doc.markdown is False
    assert doc.title == "U.S. Military Begins Joint Operations With Ecuador Targeting Drug-Linked Groups"
    assert len(doc.sections) == 16
    assert doc.sections[0].title == "New Security Effort Announced by the Pentagon"
    assert doc.sections[-1].title == "Looking Ahead"


def test_load_markdown_by_suffix() -> None:
    doc = load_document(FIELD_GUIDE)
    assert doc.markdown is True
    assert doc.title == "A Field Guide to Verifying Claims"
    assert "Checking by Source" in [s.title for s in doc.sections]


def test_fallback_title_is_the_file_stem_or_untitled(tmp_path: Path) -> None:
    p = tmp_path / "my-notes.md"
    p.write_text("just text, no heading.\n", encoding="utf-8")
    assert load_document(p).title == "my-notes"
    assert Document.from_text("just text, no heading.\n").title == "Untitled"


# --------------------------------------------------------------------------- errors


def test_missing_path(tmp_path: Path) -> None:
    message = error_for(tmp_path / "nope.txt")
    assert "no such file" in message
    error_for(tmp_path / "nope.txt", load_document)


def test_folder(tmp_path: Path) -> None:
    assert "folder" in error_for(tmp_path)


def test_empty_file(tmp_path: Path) -> None:
    p = tmp_path / "empty.txt"
    p.write_bytes(b"")
    assert "empty" in error_for(p)


@pytest.mark.parametrize("data", [b" \n\t\r\n  ", b"\xef\xbb\xbf\r\n", "\u00a0\u3000\n".encode("utf-8")])
def test_whitespace_only_file(tmp_path: Path, data: bytes) -> None:
    p = tmp_path / "blank.txt"
    p.write_bytes(data)
    assert "empty" in error_for(p)
    error_for(p, load_document)


def test_binary_file(tmp_path: Path) -> None:
    p = tmp_path / "image.png"
    p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert "binary" in error_for(p)


def test_non_utf8_names_the_byte_offset(tmp_path: Path) -> None:
    p = tmp_path / "latin1.txt"
    p.write_bytes("Caf\u00e9 au lait".encode("latin-1"))
    message = error_for(p)
    assert "UTF-8" in message
    assert "offset 3" in message
    assert "0xe9" in message


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_with_bom(tmp_path: Path, encoding: str) -> None:
    p = tmp_path / "wide.txt"
    p.write_bytes("\ufeffHello, world\n".encode(encoding))
    assert "UTF-16" in error_for(p)


def test_file_over_the_size_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(document, "MAX_BYTES", 100)
    p = tmp_path / "big.txt"
    p.write_bytes(b"word " * 40)  # 200 bytes
    assert "limit" in error_for(p)
    small = tmp_path / "small.txt"
    small.write_bytes(b"word " * 10)
    assert read_text(small) == "word " * 10


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root can read anything")
def test_unreadable_file(tmp_path: Path) -> None:
    p = tmp_path / "secret.txt"
    p.write_text("text\n", encoding="utf-8")
    p.chmod(0)
    try:
        assert "permission" in error_for(p)
    finally:
        p.chmod(0o644)


# --------------------------------------------------------------------------- sections


def test_section_at() -> None:
    doc = load_document(ARTICLE)
    sections = doc.sections
    assert doc.section_at(0) is sections[0]
    assert doc.section_at(-5) is sections[0]
    for s in sections:
        assert doc.section_at(s.start) is s
        assert doc.section_at(s.end - 1) is s
        assert doc.section_at((s.start + s.end) // 2) is s
    assert doc.section_at(len(doc.text)) is sections[-1]
    assert doc.section_at(len(doc.text) + 100) is sections[-1]
    offset = doc.text.index("High-Level Meeting in Quito")
    assert doc.section_at(offset).title == "High-Level Meeting in Quito"
    assert doc.section_at(offset - 1).title == "Cooperation Between Ecuador and the United States"
    assert doc.section_text(sections[-1]).startswith("Looking Ahead\n")


def test_sections_tile_the_loaded_text() -> None:
    for path in (ARTICLE, FIELD_GUIDE):
        doc = load_document(path)
        assert doc.sections[0].start == 0
        assert doc.sections[-1].end == len(doc.text)
        assert "".join(doc.section_text(s) for s in doc.sections) == doc.text


# --------------------------------------------------------------------------- layering


def test_core_modules_do_not_import_textual(fresh_python) -> None:
    # every module of the package but the UI (app, screens, widgets): found by walking the
    # package, so a new core module is checked without being listed here
    code = (
        "import importlib, pkgutil, sys, tui_reader\n"
        "ui = ('tui_reader.app', 'tui_reader.screens', 'tui_reader.widgets')\n"
        "names = [m.name for m in pkgutil.walk_packages(tui_reader.__path__, 'tui_reader.')\n"
        "         if not m.name.startswith(ui)]\n"
        "for name in names: importlib.import_module(name)\n"
        "assert len(names) >= 15, names\n"
        "assert 'textual' not in sys.modules, sorted(m for m in sys.modules if m.startswith('textual'))\n"
        "print(len(names))\n"
    )
    result = fresh_python(code)
    assert result.returncode == 0, result.stderr
