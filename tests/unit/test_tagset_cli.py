"""A fourth tag from config.toml, end to end on the command line: listed, exported in every
format, imported back, counted by agree; a bad config is one line and the defaults."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from tui_reader.cli import main
from tui_reader.config import load_tags_and_keys
from tui_reader.document import load_document
from tui_reader.store import Store
from tui_reader.workspace import Workspace, WorkspaceError

SAMPLE = Path(__file__).resolve().parents[2] / "sample_docs" / "us-ecuador-joint-operations.txt"
CONFIG = """
[[tags]]
name = "actor"
key = "a"
color = "$primary 45%"
[[tags]]
name = "claim"
key = "c"
color = "$error 40%"
[[tags]]
name = "date"
key = "d"
color = "$success 40%"
[[tags]]
name = "place"
key = "p"
color = "#d08770"
description = "where it happened"
"""


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def four_tags(_no_user_config):
    (_no_user_config / "config.toml").write_text(CONFIG, "utf-8")
    return _no_user_config / "config.toml"


@pytest.fixture
def placed(tmp_path, four_tags):
    """A store with an actor and a place on the sample, tagged under the four-tag config."""
    tags = load_tags_and_keys()[0]
    ws = Workspace(load_document(SAMPLE), Store(tmp_path / "data"), tags=tags)
    text = ws.document.text
    for quote, tag in (("Francis L. Donovan", "actor"), ("Quito", "place")):
        i = text.index(quote)
        ws.tag(i, i + len(quote), tag)
    ws.store.close()
    return tmp_path / "data"


def test_the_workspace_tags_with_the_tag_set_only(tmp_path, four_tags):
    ws = Workspace(load_document(SAMPLE), Store(tmp_path / "data"))  # the default set
    with pytest.raises(WorkspaceError, match="unknown tag 'place' \\(the tags are actor, claim, date\\)"):
        ws.tag(0, 4, "place")
    ws.store.close()


def test_list_and_every_export_carry_the_fourth_tag(capsys, placed, tmp_path):
    code, out, err = run(capsys, "--data-dir", str(placed), "list", "--json")
    assert (code, err) == (0, "") and sorted(a["tag"] for a in json.loads(out)) == ["actor", "place"]
    data = str(placed)
    for fmt in ("json", "w3c", "jsonl", "csv"):
        code, out, err = run(capsys, "--data-dir", data, "export", str(SAMPLE), "--format", fmt)
        assert code == 0, err
        if fmt == "json":
            tags = [a["tag"] for d in json.loads(out)["documents"] for a in d["annotations"]]
        elif fmt == "w3c":
            items = json.loads(out)["first"]["items"]
            tags = [b["value"] for item in items for b in item["body"] if b["purpose"] == "tagging"]
        elif fmt == "jsonl":
            tags = [s["label"] for s in json.loads(out.splitlines()[0])["spans"]]
        else:
            tags = [row["tag"] for row in csv.DictReader(out.splitlines())]
        assert sorted(tags) == ["actor", "place"], fmt
    folder = tmp_path / "brat"
    code, _, err = run(capsys, "--data-dir", data, "export", str(SAMPLE), "--format", "brat", "-o", str(folder))
    assert code == 0, err
    [ann] = folder.glob("*.ann")
    types = [line.split("\t")[1].split(" ")[0] for line in ann.read_text("utf-8").splitlines() if line.startswith("T")]
    assert sorted(types) == ["actor", "place"]


def test_import_reads_the_fourth_tag_back_and_agree_counts_it(capsys, placed, tmp_path):
    data = str(placed)
    exported = {}
    for fmt in ("json", "w3c"):
        exported[fmt] = tmp_path / f"out.{fmt}.json"
        assert run(capsys, "--data-dir", data, "export", str(SAMPLE), "-f", fmt, "-o", str(exported[fmt]))[0] == 0
    exported["brat"] = tmp_path / "brat"
    assert run(capsys, "--data-dir", data, "export", str(SAMPLE), "-f", "brat", "-o", str(exported["brat"]))[0] == 0
    for fmt, path in exported.items():
        fresh = tmp_path / f"fresh-{fmt}"
        source = next(path.glob("*.ann")) if fmt == "brat" else path
        code, out, err = run(capsys, "--data-dir", str(fresh), "import", str(source))
        assert (code, err) == (0, ""), fmt
        with Store(fresh) as store:
            [doc_id] = [r["id"] for r in store.documents()]
            assert sorted(a.tag for a in store.annotations(doc_id)) == ["actor", "place"], fmt
    code, out, err = run(capsys, "agree", str(exported["json"]), str(exported["w3c"]), "--json")
    assert (code, err) == (0, "")
    result = json.loads(out)
    assert list(result["tags"]) == ["actor", "claim", "date", "place"]
    assert result["tags"]["place"]["a"] == result["tags"]["place"]["b"] == 1
    assert result["tags"]["place"]["exact"]["f1"] == 1.0


def test_without_the_tag_in_the_set_import_refuses_keeps_or_maps_it(capsys, placed, tmp_path, four_tags):
    path = tmp_path / "out.json"
    assert run(capsys, "--data-dir", str(placed), "export", str(SAMPLE), "-o", str(path))[0] == 0
    four_tags.unlink()  # the default set from now on
    code, out, err = run(capsys, "--data-dir", str(tmp_path / "a"), "import", str(path))
    assert code == 2 and "tag: unknown tag 'place' (expected one of actor, claim, date)" in err
    code, out, err = run(capsys, "--data-dir", str(tmp_path / "b"), "import", str(path), "--unknown-tags", "keep")
    assert (code, err) == (0, "") and out.startswith("Imported 2 annotations")
    with Store(tmp_path / "b") as store:
        [doc_id] = [r["id"] for r in store.documents()]
        assert sorted(a.tag for a in store.annotations(doc_id)) == ["actor", "place"]


def test_a_bad_tag_config_is_one_line_on_stderr_and_the_defaults(capsys, placed, four_tags):
    four_tags.write_text(CONFIG.replace('key = "p"', 'key = "q"'), "utf-8")
    code, out, err = run(capsys, "--data-dir", str(placed), "list", "--json")
    assert code == 0 and sorted(a["tag"] for a in json.loads(out)) == ["actor", "place"]  # nothing dropped
    assert err == (
        f"tui-reader: config file {four_tags}: [[tags]] entry 4 ('place'): key 'q' is already app.quit (Quit); "
        "using the default tags and keys\n"
    )


def test_the_cli_help_names_the_tags(capsys, four_tags):
    with pytest.raises(SystemExit):
        main(["import", "--help"])
    out = capsys.readouterr().out
    assert "a tag other than actor, claim, date, place" in " ".join(out.split())


def test_keep_stores_a_one_word_tag_only_and_agree_takes_any(tmp_path, capsys):
    from tui_reader.importer import ImportFileError, plan_import

    text = tmp_path / "t.txt"
    text.write_text("Ana met Ben in Quito.\n", "utf-8")
    folder = tmp_path / "brat"
    folder.mkdir()
    (folder / "t.txt").write_text("Ana met Ben in Quito.\n", "utf-8")
    (folder / "t.ann").write_text("T1\tPerson 0 3\tAna\n", "utf-8")
    assert [a.tag for d in plan_import(str(folder / "t.ann"), unknown_tags="keep").documents for a in d.annotations] == ["Person"]
    doc = plan_import(str(folder / "t.ann"), unknown_tags="keep").documents[0]
    record = {**doc.annotations[0].to_dict(), "tag": "two words"}
    data = {"format": "tui-reader", "version": 1, "documents": [{"id": doc.id, "path": str(text), "title": "t", "annotations": [record]}]}
    with pytest.raises(ImportFileError, match="'two words': a tag must be one word"):
        plan_import(data, unknown_tags="keep")
    assert plan_import(data, keep_unknown_tags=True, orphans="keep").documents[0].annotations[0].tag == "two words"
