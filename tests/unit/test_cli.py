"""The headless command line, as a script or a pipeline would use it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tui_reader.cli import main
from tui_reader.document import load_document
from tui_reader.store import Store
from tui_reader.workspace import Workspace

SAMPLE = Path(__file__).resolve().parents[2] / "sample_docs" / "us-ecuador-joint-operations.txt"
TITLE = "U.S. Military Begins Joint Operations With Ecuador Targeting Drug-Linked Groups"


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def tagged(tmp_path):
    """A store holding one actor on the sample, written as the app would."""
    ws = Workspace(load_document(SAMPLE), Store(tmp_path / "data"))
    i = ws.document.text.index("Francis L. Donovan")
    ws.tag(i, i + len("Francis L. Donovan"), "actor")
    ws.store.close()
    return tmp_path / "data"


def test_sections_json(capsys):
    code, out, _ = run(capsys, "sections", str(SAMPLE), "--json")
    data = json.loads(out)
    assert code == 0 and data["title"] == TITLE and len(data["sections"]) == 16
    assert data["sections"][0]["title"] == "New Security Effort Announced by the Pentagon"
    assert data["sections"][-1]["title"] == "Looking Ahead"
    assert data["sections"][0]["start"] == 0 and data["sections"][-1]["end"] == len(load_document(SAMPLE).text)


def test_list_json_with_data_dir_anywhere(capsys, tagged):
    code, out, _ = run(capsys, "--data-dir", str(tagged), "list", "--json")
    [ann] = json.loads(out)
    assert code == 0
    for key in ("id", "document", "start", "end", "quote", "prefix", "suffix", "tag", "note", "section", "created", "modified"):
        assert key in ann
    assert (ann["quote"], ann["tag"]) == ("Francis L. Donovan", "actor")
    code, out, _ = run(capsys, "list", str(SAMPLE), "--json", f"--data-dir={tagged}")
    assert [a["id"] for a in json.loads(out)] == [ann["id"]]


def test_search_json_ranks_with_a_score(capsys, tagged):
    code, out, _ = run(capsys, "search", "donavan", "--json", "--data-dir", str(tagged))
    [hit] = json.loads(out)
    assert code == 0 and hit["quote"] == "Francis L. Donovan" and 0 < hit["score"] <= 100


def test_export_to_a_file(capsys, tagged, tmp_path):
    out_file = tmp_path / "out.json"
    code, _, err = run(capsys, "export", "-o", str(out_file), "--data-dir", str(tagged))
    data = json.loads(out_file.read_text(encoding="utf-8"))
    assert code == 0 and "Exported 1 annotation" in err
    assert (data["format"], data["version"]) == ("tui-reader", 2)
    assert [a["quote"] for d in data["documents"] for a in d["annotations"]] == ["Francis L. Donovan"]


@pytest.mark.parametrize("argv", [["sections", "/no/such/file.txt"], ["list", "--bogus"], ["export", "-o", "/no/such/dir/x.json"]])
def test_errors_are_one_line_and_exit_2(capsys, tmp_path, argv):
    code, out, err = run(capsys, *argv, "--data-dir", str(tmp_path / "d"))
    assert code == 2 and out == ""
    assert err.startswith("tui-reader: ") and err.count("\n") == 1 and "Traceback" not in err


def test_a_bad_path_for_the_app_leaves_the_garbage_collector_on(capsys, tmp_path):
    """run_app turns the collector off while the app starts; an error before the app
    runs must not leave it off."""
    import gc

    code, out, err = run(capsys, str(tmp_path / "missing.txt"), "--data-dir", str(tmp_path / "d"))
    assert code == 2 and "missing.txt" in err
    assert gc.isenabled()


BAD_INPUTS = {
    "missing": None,
    "binary": b"\x89PNG\r\n\x1a\n\x00\x00",
    "latin-1": "Caf\u00e9 au lait".encode("latin-1"),
    "empty": b"",
    "folder": "folder",
}


@pytest.mark.parametrize("command", ["export", "import", "agree"])
@pytest.mark.parametrize("kind", sorted(BAD_INPUTS))
def test_bad_input_is_one_line_exit_2_and_stores_nothing(capsys, tmp_path, command, kind):
    content = BAD_INPUTS[kind]
    path = tmp_path / "input.json"
    if content == "folder":
        path.mkdir()
    elif content is not None:
        path.write_bytes(content)
    good = tmp_path / "good.json"
    good.write_text('{"format": "tui-reader", "version": 1, "documents": []}', "utf-8")
    argv = {"export": ["export", str(path)], "import": ["import", str(path)], "agree": ["agree", str(good), str(path)]}[command]
    data = tmp_path / "d"
    code, out, err = run(capsys, *argv, "--data-dir", str(data))
    assert (code, out) == (2, "")
    assert err.startswith("tui-reader: ") and err.count("\n") == 1 and "Traceback" not in err and str(path) in err
    assert not (data / "docs").exists() or not any((data / "docs").iterdir())


@pytest.mark.parametrize("typed, meant", [("lsit", "list"), ("serch", "search"), ("exprot", "export")])
def test_a_misspelt_subcommand_is_named_in_the_one_line(capsys, tmp_path, monkeypatch, typed, meant):
    monkeypatch.chdir(tmp_path)
    assert main([typed, "--data-dir", str(tmp_path / "data")]) == 2
    err = capsys.readouterr().err
    assert err == f"tui-reader: {typed}: no such file; did you mean '{meant}'? (see tui-reader --help)\n"


def test_a_missing_file_far_from_any_subcommand_gets_no_suggestion(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["interview-notes.txt", "--data-dir", str(tmp_path / "data")]) == 2
    assert "did you mean" not in capsys.readouterr().err
