"""Native export: structure, JSON round trip, atomic writing, file names."""

from __future__ import annotations

import json
import os
import re

import pytest

from tui_reader.annotations import Annotation
from tui_reader.formats import ExportError, default_export_name, files
from tui_reader.formats.native import FORMAT, VERSION, native_export, write_json

TEXT = "U.S. Military Begins Joint Operations.\nGeneral Francis L. Donovan praised “Ecuador’s forces” 👨‍👩‍👧."
DOC_ID = "a" * 64


def span(quote: str) -> tuple[int, int]:
    start = TEXT.index(quote)
    return start, start + len(quote)


@pytest.fixture
def annotations() -> list[Annotation]:
    donovan = Annotation.create(TEXT, DOC_ID, *span("General Francis L. Donovan"), "actor",
                                note="the commander", section="Military Leaders")
    forces = Annotation.create(TEXT, DOC_ID, *span("“Ecuador’s forces” 👨‍👩‍👧"), "claim")
    title = Annotation.create(TEXT, DOC_ID, *span("U.S. Military"), "actor")
    return [forces, donovan, title]  # out of order on purpose


@pytest.fixture
def documents(annotations) -> list[dict]:
    return [
        {"id": DOC_ID, "path": "/tmp/us.txt", "title": "U.S. Military Begins", "annotations": annotations},
        {"id": "b" * 64, "path": "/tmp/empty.md", "title": "Empty", "annotations": []},
    ]


def test_export_structure(documents):
    data = native_export(documents)
    assert data["format"] == FORMAT == "tui-reader"
    assert data["version"] == VERSION == 2
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z", data["exported"])
    assert [d["id"] for d in data["documents"]] == [DOC_ID, "b" * 64]
    first = data["documents"][0]
    assert list(first) == ["id", "path", "title", "source", "annotations", "relations"]
    assert (first["path"], first["title"]) == ("/tmp/us.txt", "U.S. Military Begins")
    assert data["documents"][1]["annotations"] == []


def test_export_annotations_in_document_order(documents, annotations):
    exported = native_export(documents)["documents"][0]["annotations"]
    assert [a["start"] for a in exported] == sorted(a.start for a in annotations)
    assert exported[0]["quote"] == "U.S. Military"


def test_export_survives_a_json_round_trip(tmp_path, documents, annotations):
    data = native_export(documents)
    path = write_json(data, tmp_path / "out.json")
    loaded = json.loads(path.read_text(encoding="utf-8"))
    assert loaded == data
    restored = [Annotation.from_dict(d) for d in loaded["documents"][0]["annotations"]]
    assert sorted(restored, key=lambda a: a.start) == sorted(annotations, key=lambda a: a.start)
    for ann in restored:
        assert TEXT[ann.start : ann.end] == ann.quote


def test_write_json_is_readable_utf8(tmp_path, documents):
    path = write_json(native_export(documents), tmp_path / "out.json")
    raw = path.read_bytes().decode("utf-8")
    assert "“Ecuador’s forces” 👨‍👩‍👧" in raw  # ensure_ascii=False: no \\u escapes
    assert raw.startswith('{\n  "format"')  # indented


def test_write_json_leaves_no_temp_files(tmp_path):
    out = tmp_path / "x.json"
    assert write_json({"a": 1}, str(out)) == out
    assert json.loads(out.read_text(encoding="utf-8")) == {"a": 1}
    assert os.listdir(out.parent) == ["x.json"]


def test_a_typo_in_the_folder_is_reported_not_turned_into_folders(tmp_path):
    with pytest.raises(ExportError, match="does not exist"):
        write_json({}, tmp_path / "no-such-folder" / "x.json")
    assert os.listdir(tmp_path) == []
    (tmp_path / "file").write_text("x")
    with pytest.raises(ExportError, match="not a folder"):
        write_json({}, tmp_path / "file" / "x.json")


def test_write_json_replaces_an_existing_file(tmp_path):
    out = tmp_path / "x.json"
    out.write_text("old and much longer content than the new one", encoding="utf-8")
    write_json({"b": 2}, out)
    assert json.loads(out.read_text(encoding="utf-8")) == {"b": 2}
    assert os.listdir(tmp_path) == ["x.json"]


def test_write_json_new_file_is_not_private_to_the_owner(tmp_path):
    out = write_json({}, tmp_path / "x.json")
    assert out.stat().st_mode & 0o044  # mkstemp's 0600 would hide it from group/others


def test_write_json_failure_is_one_line_export_error(tmp_path, monkeypatch):
    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(files.os, "replace", refuse)
    out = tmp_path / "y.json"
    with pytest.raises(ExportError) as info:
        write_json({"a": 1}, out)
    message = str(info.value)
    assert message == f"cannot write {out}: Permission denied"
    assert "\n" not in message
    assert os.listdir(tmp_path) == []  # the temp file is cleaned up


def test_write_json_to_a_folder_is_an_export_error(tmp_path):
    with pytest.raises(ExportError, match="cannot write"):
        write_json({}, tmp_path)


def test_write_json_under_a_file_is_an_export_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(ExportError, match=r"^cannot write .*y\.json: "):
        write_json({}, blocker / "y.json")


@pytest.mark.parametrize(
    "title, name",
    [
        ("U.S. Military Begins Joint Operations With Ecuador Targeting Drug-Linked Groups",
         "us-military-begins-joint-operations-annotations.json"),
        ("Café Straße — Ecuador’s Forces", "cafe-strasse-ecuadors-forces-annotations.json"),
        ("東京の夜", "東京の夜-annotations.json"),
        ("../../etc/passwd", "etc-passwd-annotations.json"),
        ("", "annotations.json"),
        ("!!! ???", "annotations.json"),
    ],
)
def test_default_export_name(title, name):
    assert default_export_name(title) == name


def test_default_export_name_is_short_and_safe():
    name = default_export_name("Word " * 100)
    assert len(name) <= 64
    assert name.endswith("-annotations.json")
    assert re.fullmatch(r"[a-z0-9-]+\.json", name)
    assert "--" not in name
