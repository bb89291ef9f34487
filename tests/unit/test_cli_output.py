"""What the command line prints for people: subcommand help, list grouped by document,
and the sample's stored path."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import tui_reader.cli as cli
from tui_reader.cli import main
from tui_reader.document import load_document
from tui_reader.store import Store
from tui_reader.workspace import Workspace

SAMPLE = Path(__file__).resolve().parents[2] / "sample_docs" / "us-ecuador-joint-operations.txt"
TITLE = "U.S. Military Begins Joint Operations With Ecuador Targeting Drug-Linked Groups"


@pytest.mark.parametrize("command", cli.SUBCOMMANDS)
def test_subcommand_help_starts_with_its_own_usage(capsys, command):
    with pytest.raises(SystemExit):
        main([command, "--help"])
    out = capsys.readouterr().out
    assert out.startswith(f"usage: tui-reader {command} ")
    assert "COMMAND" not in out.splitlines()[0]


def test_list_names_each_document_once_whole_and_groups_by_section(capsys, tmp_path):
    ws = Workspace(load_document(SAMPLE), Store(tmp_path / "data"))
    for quote, tag in [("Tuesday", "date"), ("Pentagon", "actor"), ("Francis L. Donovan", "actor")]:
        i = ws.document.text.index(quote)
        ws.tag(i, i + len(quote), tag)
    ws.store.close()
    assert main(["list", "--data-dir", str(tmp_path / "data")]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == TITLE  # whole, not cut at 30 characters
    assert sum(TITLE[:30] in line for line in lines) == 1
    assert lines[1].strip().endswith("· 3 annotations")
    sections = [line.strip() for line in lines if line.strip().startswith("§")]
    assert sections == ["§ New Security Effort Announced by the Pentagon", "§ Military Leaders Praise Ecuador’s Forces"]
    assert any("“Francis L. Donovan”" in line and line.startswith("    actor") for line in lines)


def test_the_sample_is_stored_under_one_path_whatever_installation_opens_it(tmp_path, monkeypatch):
    """Two virtual environments hold the sample at two paths in their site-packages: the
    reader opens the same copy in the data folder from both."""
    opened = []
    for venv in ("venv-a", "venv-b"):
        packaged = tmp_path / venv / "site-packages" / "tui_reader" / "sample_docs" / cli.SAMPLE_NAME
        packaged.parent.mkdir(parents=True)
        packaged.write_bytes(SAMPLE.read_bytes())
        monkeypatch.setattr(cli, "sample_path", lambda packaged=packaged: packaged)
        with Store(tmp_path / "data") as store:
            opened.append(cli.sample_copy(store))
    assert opened[0] == opened[1] == tmp_path / "data" / "sample" / cli.SAMPLE_NAME
    assert "site-packages" not in str(opened[0])
    assert load_document(opened[0]).id == load_document(SAMPLE).id


def test_a_data_folder_that_cannot_take_the_sample_opens_the_package_file(tmp_path, monkeypatch):
    blocked = tmp_path / "data"
    blocked.mkdir()
    (blocked / "sample").write_text("not a folder", "utf-8")
    with Store(blocked) as store:
        assert cli.sample_copy(store) == cli.sample_path()


def test_search_names_the_document_and_section_whole(capsys, tmp_path):
    ws = Workspace(load_document(SAMPLE), Store(tmp_path / "data"))
    i = ws.document.text.index("Francis L. Donovan")
    ws.tag(i, i + len("Francis L. Donovan"), "actor")
    ws.store.close()
    assert main(["search", "donovan", "--data-dir", str(tmp_path / "data")]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "actor" in lines[0] and lines[0].endswith("“Francis L. Donovan”")
    assert lines[1].strip() == f"{TITLE} · § Military Leaders Praise Ecuador’s Forces"


def _wrapped_workspace(tmp_path):
    """A hard-wrapped text with its second sentence tagged across the wrap and a note of
    two lines."""
    path = tmp_path / "wrapped.txt"
    path.write_text(
        "Notes on the raid\n\nThe minister spoke first. The raid on the port took\n"
        "place on Tuesday night, officials said.\n",
        "utf-8",
    )
    ws = Workspace(load_document(path), Store(tmp_path / "data"))
    text = ws.document.text
    start = text.index("The raid")
    end = text.index("said.") + len("said.")
    ann = ws.tag(start, end, "claim")
    ws.set_note(ann.id, "Check the date.\nWhich Tuesday?")
    ws.store.close()
    return text[start:end]


def test_list_and_search_show_a_quote_with_line_breaks_on_one_line(capsys, tmp_path):
    quote = _wrapped_workspace(tmp_path)
    assert "\n" in quote
    data = ["--data-dir", str(tmp_path / "data")]
    assert main(["list", *data]) == 0
    rows = [line for line in capsys.readouterr().out.splitlines() if "claim" in line]
    assert rows == [
        "    claim      45-110     “The raid on the port took place on Tuesday night, officials said.”"
        "  ✎ Check the date. ⏎ Which Tuesday?"
    ]
    assert main(["search", "raid", *data]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].endswith("claim  “The raid on the port took place on Tuesday night, officials said.”")
    assert len(lines) == 2 and lines[1].startswith(" " * 13)
    # the JSON keeps the exact text
    for command in (["list", "--json"], ["search", "raid", "--json"]):
        assert main([*command, *data]) == 0
        [record] = json.loads(capsys.readouterr().out)
        assert record["quote"] == quote
        assert record["note"] == "Check the date.\nWhich Tuesday?"


def _two_copies(tmp_path):
    """The sample at one path and an edited copy of it at another (same title), each with
    Donovan tagged; the copy's "Pentagon" tag orphaned by a later edit."""
    original = tmp_path / "desk" / "ecuador.txt"
    copy = tmp_path / "archive" / "ecuador.txt"
    for path in (original, copy):
        path.parent.mkdir()
        path.write_text(SAMPLE.read_text("utf-8"), "utf-8")
    copy.write_text(SAMPLE.read_text("utf-8") + "\nA line added to the copy.\n", "utf-8")
    store = Store(tmp_path / "data")
    for path, quotes in ((original, ["Francis L. Donovan"]), (copy, ["Francis L. Donovan", "Pentagon"])):
        ws = Workspace(load_document(path), store)
        for quote in quotes:
            i = ws.document.text.index(quote)
            ws.tag(i, i + len(quote), "actor")
    copy.write_text(copy.read_text("utf-8").replace("Pentagon", "Defense Department"), "utf-8")
    Workspace(load_document(copy), store)  # reopened: the Pentagon tag is orphaned
    store.close()
    return original, copy


def test_search_tells_documents_of_one_title_apart_and_marks_orphans(capsys, tmp_path):
    original, copy = _two_copies(tmp_path)
    data = ["--data-dir", str(tmp_path / "data")]
    assert main(["search", "donovan", *data]) == 0
    lines = capsys.readouterr().out.splitlines()
    wheres = sorted(line.strip() for line in lines[1::2])
    assert wheres == [
        f"{TITLE} (archive/ecuador.txt) · § Military Leaders Praise Ecuador’s Forces",
        f"{TITLE} (desk/ecuador.txt) · § Military Leaders Praise Ecuador’s Forces",
    ]
    assert main(["search", "donovan", "--json", *data]) == 0
    assert sorted(r["document_path"] for r in json.loads(capsys.readouterr().out)) == sorted([str(copy), str(original)])
    assert main(["search", "pentagon", *data]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].endswith("actor  “Pentagon”  [orphaned]")


def test_search_names_a_title_once_when_only_one_document_has_it(capsys, tmp_path):
    ws = Workspace(load_document(SAMPLE), Store(tmp_path / "data"))
    i = ws.document.text.index("Francis L. Donovan")
    ws.tag(i, i + len("Francis L. Donovan"), "actor")
    ws.store.close()
    assert main(["search", "donovan", "--data-dir", str(tmp_path / "data")]) == 0
    assert capsys.readouterr().out.splitlines()[1].strip().startswith(f"{TITLE} · §")
