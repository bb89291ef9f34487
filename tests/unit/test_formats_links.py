"""Links, verdicts, values and the source in each export format, checked the way their
consumers read them: brat's annotation.conf (from docs/formats.md) declares what the
export writes, W3C linking annotations meet the model's MUSTs, jsonl has doccano's
relation shape; and golden files of the linked sample.

After a deliberate change: ``UPDATE_GOLDEN=1 python -m pytest tests/unit/test_formats_links.py``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from sample_annotations import linked_document
from test_formats import EXPORTED, golden_check, w3c_violations

from tui_reader import formats
from tui_reader.formats import ExportDocument
from tui_reader.importer import import_plan, plan_import
from tui_reader.store import Store

DOCS = Path(__file__).resolve().parents[2] / "docs" / "formats.md"
BRAT_NAME = "us-military-begins-joint-operations-with-ecuador-targeting"


@pytest.fixture(scope="module")
def linked() -> ExportDocument:
    return linked_document()


@pytest.mark.parametrize("fmt, name", [("json", "linked.json"), ("w3c", "linked.w3c.jsonld"),
                                       ("jsonl", "linked.jsonl"), ("csv", "linked.csv")])
def test_golden_files_of_the_linked_sample(tmp_path, linked, fmt, name):
    formats.write(fmt, [linked], tmp_path / name, exported=EXPORTED)
    golden_check(name, (tmp_path / name).read_bytes())


def test_golden_brat_of_the_linked_sample(tmp_path, linked):
    result = formats.write("brat", [linked], tmp_path / "brat")
    golden_check(f"linked-brat/{BRAT_NAME}.ann", (tmp_path / "brat" / f"{BRAT_NAME}.ann").read_bytes())
    assert (result.written, result.links_left_out) == (7, 0)


# -- brat: the annotation.conf of the docs declares what the export writes --------------------


def documented_conf() -> dict[str, dict]:
    """The annotation.conf in docs/formats.md (the block with a [relations] said_by line):
    {"entities": {names}, "relations": {type: (arg1 tags, arg2 tags)}, "attributes": {type: (tags, values)}}."""
    blocks = re.findall(r"```\n(\[entities\].*?)```", DOCS.read_text("utf-8"), re.S)
    block = next(b for b in blocks if "said_by" in b)
    conf: dict[str, dict] = {"entities": {}, "relations": {}, "attributes": {}}
    section = None
    for line in block.splitlines():
        if re.fullmatch(r"\[\w+\]", line):
            section = line[1:-1]
        elif line.strip() and section == "entities":
            conf["entities"][line.strip()] = True
        elif line.strip() and section == "relations" and not line.startswith("<"):
            name, args = line.split(None, 1)
            parts = dict(p.strip().split(":", 1) for p in args.split(","))
            conf["relations"][name] = (set(parts["Arg1"].split("|")), set(parts["Arg2"].split("|")))
        elif line.strip() and section == "attributes":
            name, args = line.split(None, 1)
            parts = dict(p.strip().split(":", 1) for p in args.split(","))
            conf["attributes"][name] = (set(parts["Arg"].split("|")), set(parts["Value"].split("|")))
    return conf


def test_the_documented_annotation_conf_declares_every_relation_and_verdict_the_export_writes(tmp_path, linked):
    conf = documented_conf()
    formats.write("brat", [linked], tmp_path / "brat")
    lines = (tmp_path / "brat" / f"{BRAT_NAME}.ann").read_text("utf-8").splitlines()
    types = {line.split("\t")[0]: line.split("\t")[1].split(" ")[0] for line in lines if line.startswith("T")}
    relations = [line for line in lines if line.startswith("R")]
    attributes = [line for line in lines if line.startswith("A")]
    assert len(relations) == 5 and len(attributes) == 2
    assert set(types.values()) <= set(conf["entities"])
    for line in relations:
        kind, arg1, arg2 = re.fullmatch(r"R\d+\t(\S+) Arg1:(T\d+) Arg2:(T\d+)", line).groups()
        assert kind in conf["relations"], line
        assert types[arg1] in conf["relations"][kind][0] and types[arg2] in conf["relations"][kind][1], line
    for line in attributes:
        kind, target, value = re.fullmatch(r"A\d+\t(\S+) (T\d+) (\S+)", line).groups()
        assert types[target] in conf["attributes"][kind][0] and value in conf["attributes"][kind][1], line
    # and the configuration says what the default tag set has: every verdict, every link type
    from tui_reader.tagset import DEFAULT_TAGS

    assert conf["attributes"]["Verdict"][1] == set(DEFAULT_TAGS.verdicts)
    assert {t.name: (set(t.sources), set(t.targets)) for t in DEFAULT_TAGS.link_types} == conf["relations"]


# -- W3C: linking annotations meet the model's MUSTs ----------------------------------------------


def test_w3c_links_are_linking_annotations_that_meet_every_must(linked):
    data = json.loads(formats.render("w3c", [linked])[0])
    assert w3c_violations(data, linked.text) == []
    items = data["first"]["items"]
    spans = {i["id"]: i for i in items if i["motivation"] == "tagging"}
    links = [i for i in items if i["motivation"] == "linking"]
    assert (len(spans), len(links), data["total"]) == (7, 5, 12)
    for item in links:  # target: the annotation holding the link; body: the one it points at, and the type
        assert item["target"] in spans and item["body"][0] in spans
        assert item["body"][1]["purpose"] == "tagging"
    said = next(i for i in links if i["body"][1]["value"] == "said_by")
    assert spans[said["target"]]["target"]["selector"][0]["exact"].startswith("Donovan described")
    assert spans[said["body"][0]]["target"]["selector"][0]["exact"] == "Donovan"
    claim = spans[said["target"]]
    assert {"type": "TextualBody", "purpose": "assessing", "value": "misleading"} in claim["body"]
    dates = {s["target"]["selector"][0]["exact"]: s["body"] for s in spans.values() if s["body"][0]["value"] == "date"}
    assert {"type": "TextualBody", "purpose": "describing", "value": "2025-11-04", "tui:resolved": True} in dates["Tuesday"]
    assert {"type": "TextualBody", "purpose": "describing", "value": "2025-11"} in dates["last November"]
    assert data["tui:documents"][0]["tui:source"]["tui:published"] == "2025-11-06"


@pytest.mark.parametrize(
    "breaks, expected",
    [
        (lambda link: link.pop("target"), "must have 1 or more targets"),
        (lambda link: link.update(target="not an iri"), "a target is an IRI or a resource"),
        (lambda link: link["body"][1].pop("value"), "a TextualBody must have exactly one value"),
        (lambda link: link.update(motivation="relating"), "motivation must be a motivation"),
    ],
)
def test_the_must_checker_catches_a_broken_linking_annotation(linked, breaks, expected):
    data = json.loads(formats.render("w3c", [linked])[0])
    breaks(next(i for i in data["first"]["items"] if i["motivation"] == "linking"))
    assert any(expected in v for v in w3c_violations(data, linked.text)), w3c_violations(data, linked.text)


# -- jsonl: doccano's relation-extraction shape --------------------------------------------------


def test_jsonl_has_doccano_entities_and_relations(linked):
    line = json.loads(formats.render("jsonl", [linked])[0])
    entities, relations, spans = line["entities"], line["relations"], line["spans"]
    # doccano 1.8.5 SpanLabel / RelationLabel: whole-number ids, offsets, label; from_id, to_id, type
    assert [e["id"] for e in entities] == list(range(len(spans)))
    for e, s in zip(entities, spans):
        assert (e["start_offset"], e["end_offset"], e["label"]) == (s["start"], s["end"], s["label"])
        assert 0 <= e["start_offset"] < e["end_offset"] and isinstance(e["id"], int)
    ids = {e["id"] for e in entities}
    assert len(relations) == 5
    for r in relations:
        assert isinstance(r["id"], int) and r["from_id"] in ids and r["to_id"] in ids and r["type"]
    said = next(r for r in relations if r["type"] == "said_by")
    assert line["text"][entities[said["to_id"]]["start_offset"] : entities[said["to_id"]]["end_offset"]] == "Donovan"
    assert line["meta"]["source"] == linked.source


def test_a_doccano_relation_export_is_imported_with_its_links(tmp_path):
    """doccano's own export of a relation project: entities with its ids, no spans."""
    text = "Ana said the bridge opened on Monday.\n"
    line = {
        "id": 7, "text": text,
        "entities": [
            {"id": 31, "label": "actor", "start_offset": 0, "end_offset": 3},
            {"id": 32, "label": "claim", "start_offset": 9, "end_offset": 26},
            {"id": 33, "label": "date", "start_offset": 30, "end_offset": 36},
        ],
        "relations": [{"id": 5, "from_id": 32, "to_id": 31, "type": "said_by"},
                      {"id": 6, "from_id": 32, "to_id": 33, "type": "dated"}],
        "Comments": [],
    }
    (tmp_path / "doccano.jsonl").write_text(json.dumps(line) + "\n", "utf-8")
    store = Store(tmp_path / "s")
    plan = plan_import(tmp_path / "doccano.jsonl")
    import_plan(store, plan)
    anns = store.annotations(plan.documents[0].id)
    quotes = {a.id: a.quote for a in anns}
    claim = next(a for a in anns if a.tag == "claim")
    assert [(link.type, quotes[link.target]) for link in claim.links] == [("said_by", "Ana"), ("dated", "Monday")]


@pytest.mark.parametrize("fmt, left_out", [("json", 0), ("w3c", 0), ("jsonl", 2), ("brat", 2), ("csv", 0)])
def test_links_from_or_to_an_annotation_a_format_leaves_out_are_counted(tmp_path, linked, fmt, left_out):
    """jsonl and brat leave out an orphan (it has no place in the text), and so its links."""
    from dataclasses import replace

    from tui_reader.annotations import ORPHANED

    anns = [replace(a, status=ORPHANED) if a.quote in ("Tuesday", "He") else a for a in linked.annotations]
    doc = replace(linked, annotations=tuple(anns))
    result = formats.write(fmt, [doc], tmp_path / formats.export_path_for("x.json", fmt))
    assert result.links_left_out == left_out
    if left_out:
        assert result.orphaned == 2
        assert result.summary().endswith("skipped 2 orphaned annotations (no place in the current text) and 2 links to or from them")
