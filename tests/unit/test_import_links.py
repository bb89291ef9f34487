"""Links, verdicts, values and the document's source through every format and back: the
same claim ledger after export and import into a fresh store, a version 1 file still
read, and bad links, types and verdicts refused naming the item with nothing imported."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from sample_annotations import SAMPLE, linked_document
from test_import import snapshot

from tui_reader import formats
from tui_reader.annotations import Annotation
from tui_reader.formats import ExportDocument
from tui_reader.formats.registry import READABLE
from tui_reader.importer import ImportFileError, import_plan, plan_import
from tui_reader.doc_source import parse_day
from tui_reader.ledger import build_ledger, ledger_json
from tui_reader.linktypes import DEFAULT_LINK_TYPES, LinkType
from tui_reader.store import Store
from tui_reader.tagset import DEFAULT_TAGS, TagSet

BRAT_NAME = "us-military-begins-joint-operations-with-ecuador-targeting"
KEEPS_IDS = ("json", "w3c", "jsonl")  # brat numbers its lines: the ids are made on import


@pytest.fixture(scope="module")
def linked() -> ExportDocument:
    return linked_document(str(SAMPLE))  # the real path: import finds the text there


def ledger_of(anns, source: dict) -> dict:
    return ledger_json(build_ledger(anns, DEFAULT_TAGS, parse_day(source.get("published", ""))))


def without_ids(value):
    """The ledger with every id left out: what a format that makes its own ids keeps."""
    if isinstance(value, dict):
        return {k: without_ids(v) for k, v in value.items() if k != "id"}
    if isinstance(value, list):
        return [without_ids(v) for v in value]
    return value


def export(doc: ExportDocument, fmt: str, folder: Path) -> Path:
    """Export ``doc`` in ``fmt`` into ``folder``; the file import reads."""
    out = folder / formats.export_path_for("linked.json", fmt)
    formats.write(fmt, [doc], out)
    return out / f"{BRAT_NAME}.ann" if fmt == "brat" else out


@pytest.mark.parametrize("fmt", READABLE)
def test_export_and_import_every_format_gives_the_same_ledger_back(tmp_path, linked, fmt):
    expected = ledger_of(linked.annotations, linked.source)
    assert [c["verdict"] for c in expected["claims"]] == ["misleading", "true"]
    assert [d["value"] for c in expected["claims"] for d in c["dated"]] == ["2025-11-04", "2025-11"]
    assert [e["name"] for e in expected["entities"]] == ["Francis L. Donovan"]
    store = Store(tmp_path / "fresh")
    report = import_plan(store, plan_import(export(linked, fmt, tmp_path)))
    assert report.summary() == "Imported 7 annotations with 5 links into 1 document"
    stored = store.annotations(linked.id)
    source = store.source(linked.id)
    got = ledger_of(stored, source if fmt != "brat" else linked.source)
    if fmt in KEEPS_IDS:
        assert got == expected
        assert source == linked.source
        by_id = {a.id: a for a in stored}
        # a value resolved from the publication date stays derived; the reader's stays set
        assert (by_id[f"{5:032x}"].value, by_id[f"{7:032x}"].value) == ("", "2025-11")
    else:
        assert without_ids(got) == without_ids(expected)
        assert source == {}  # brat has no place for the source: its resolved values come back set
        assert {a.quote: a.value for a in stored if a.tag == "date"} == {"Tuesday": "2025-11-04", "last November": "2025-11"}
    # a second import of the same file adds nothing and keeps every link
    report = import_plan(store, plan_import(export(linked, fmt, tmp_path)))
    assert report.added == 0
    assert ledger_of(store.annotations(linked.id), source if fmt != "brat" else linked.source) == got


def test_csv_carries_verdicts_values_names_and_links_by_quote_and_id(linked):
    """csv is for spreadsheets (import does not read it): each row carries what the ledger
    is built from."""
    rows = list(csv.DictReader(io.StringIO(formats.render("csv", [linked])[0])))
    by_quote = {r["quote"]: r for r in rows}
    ledger = ledger_of(linked.annotations, linked.source)
    for claim in ledger["claims"]:
        row = by_quote[claim["quote"]]
        assert (row["verdict"], row["note"]) == (claim["verdict"], claim["note"])
        for said in claim["said_by"]:
            assert f"said_by “{said['quote']}”" in row["links"] and f"said_by:{said['id']}" in row["link_ids"]
        for dated in claim["dated"]:
            assert f"dated “{dated['quote']}”" in row["links"]
            assert by_quote[dated["quote"]]["value"] == dated["value"]
    assert (by_quote["Tuesday"]["value_source"], by_quote["last November"]["value_source"]) == ("resolved", "set")
    assert by_quote["General Francis L. Donovan"]["name"] == "Francis L. Donovan"
    assert {(r["url"], r["published"]) for r in rows} == {(linked.source["url"], linked.source["published"])}


def test_a_version_1_file_with_links_on_its_annotations_still_imports(tmp_path, linked):
    data = json.loads(formats.render("json", [linked])[0])
    doc = data["documents"][0]
    for record in doc["annotations"]:
        record["links"] = [
            {k: v for k, v in rel.items() if k != "source"} for rel in doc["relations"] if rel["source"] == record["id"]
        ]
    del doc["relations"], doc["source"]
    data["version"] = 1
    (tmp_path / "v1.json").write_text(json.dumps(data), "utf-8")
    store = Store(tmp_path / "s")
    import_plan(store, plan_import(tmp_path / "v1.json"))
    assert ledger_of(store.annotations(linked.id), linked.source) == ledger_of(linked.annotations, linked.source)


def test_the_native_export_lists_links_as_relations_and_keeps_values_as_stored(linked):
    doc = json.loads(formats.render("json", [linked])[0])["documents"][0]
    assert doc["source"] == linked.source
    assert all("links" not in a for a in doc["annotations"])
    assert doc["relations"][0] == {
        "id": f"{11:032x}", "type": "same_as", "source": f"{2:032x}", "target": f"{1:032x}",
        "created": "2026-11-28T14:41:00.000Z", "annotator": "ana",
    }
    assert len(doc["relations"]) == 5
    assert {a["quote"]: a["value"] for a in doc["annotations"] if a["tag"] == "date"} == {"Tuesday": "", "last November": "2025-11"}


def test_a_link_onto_an_annotation_the_store_holds_under_another_id_follows_it(tmp_path, linked):
    """The stored 'Donovan' has another id than the file's: the file's copy is skipped as a
    duplicate, and the claim's said_by goes to the stored one."""
    store = Store(tmp_path / "s")
    donovan = next(a for a in linked.annotations if a.quote == "Donovan")
    store.apply(linked.id, [Annotation.from_dict({**donovan.to_dict(), "id": "f" * 32, "links": []})])
    import_plan(store, plan_import(export(linked, "json", tmp_path)))
    claim = next(a for a in store.annotations(linked.id) if a.tag == "claim" and a.verdict == "misleading")
    assert [(l.type, l.target) for l in claim.links] == [("said_by", "f" * 32), ("dated", f"{5:032x}")]


# -- bad input: one line naming the item, nothing imported ---------------------------------


def _native(linked, change) -> dict:
    data = json.loads(formats.render("json", [linked])[0])
    change(data["documents"][0])
    return data


def _relation(n: int, **changes):
    def change(doc):
        doc["relations"][n].update(changes)
    return change


def _annotation(number: int, **changes):
    def change(doc):
        next(a for a in doc["annotations"] if a["id"] == f"{number:032x}").update(changes)
    return change


NATIVE_BAD = {
    "target not in the file": (_relation(2, target="9" * 32), "documents[0].relations[2].target: '9999"),
    "source not in the file": (_relation(2, source="9" * 32), "documents[0].relations[2].source: '9999"),
    "type not in the config": (_relation(2, type="quoted_by"), "documents[0].relations[2].type: unknown link type 'quoted_by'"),
    "same_as onto itself": (_relation(0, target=f"{2:032x}"), "documents[0].relations[0]: a same_as link from annotation"),
    "type that does not fit": (_relation(3, type="same_as"), "a same_as link goes from actor to actor, not from claim to date"),
    "verdict not in the list": (_annotation(4, verdict="pants-on-fire"), "verdict: unknown verdict 'pants-on-fire'"),
    "value not a date": (_annotation(7, value="Nov 2025"), "value: 'Nov 2025' is not an ISO 8601 date"),
    "value no such day": (_annotation(7, value="2025-02-30"), "value: '2025-02-30' has no such date (2025-02-30)"),
    "value interval reversed": (_annotation(7, value="2025-11/2025-10"), "value: '2025-11/2025-10' ends before it starts"),
    "source published not a date": (lambda d: d["source"].update(published="6 Nov"), "documents[0].source.published"),
}


@pytest.mark.parametrize("case", sorted(NATIVE_BAD))
def test_a_bad_link_type_or_verdict_is_refused_naming_it_and_nothing_is_imported(tmp_path, linked, case):
    change, expected = NATIVE_BAD[case]
    (tmp_path / "bad.json").write_text(json.dumps(_native(linked, change)), "utf-8")
    store = Store(tmp_path / "s")
    import_plan(store, plan_import(export(linked_document(str(SAMPLE.with_name("none.txt"))), "json", tmp_path)))
    before = snapshot(store.data_dir)
    with pytest.raises(ImportFileError) as info:
        import_plan(store, plan_import(tmp_path / "bad.json"))
    message = str(info.value)
    assert expected in message and message.endswith("nothing was imported") and "\n" not in message, message
    assert snapshot(store.data_dir) == before


def _edited(path: Path, old: str, new: str) -> Path:
    text = path.read_text("utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), "utf-8")
    return path


OTHER_BAD = [
    ("brat", "R3\tsaid_by Arg1:T5 Arg2:T4", "R3\tsaid_by Arg1:T5 Arg2:T99", "line 21 (R3): said_by of T99, which is not a T line"),
    ("brat", "R3\tsaid_by", "R3\tquoted_by", "line 21 (R3).type: unknown link type 'quoted_by'"),
    ("brat", "R1\tsame_as Arg1:T3 Arg2:T2", "R1\tsame_as Arg1:T3 Arg2:T3", "line 19 (R1): a same_as link from annotation"),
    ("brat", "A1\tVerdict T5 misleading", "A1\tVerdict T5 fake", "line 24 (A1): unknown verdict 'fake'"),
    ("brat", "Value T7\t2025-11", "Value T7\t2025-13", "line 18: '2025-13' has no such date"),
    ("w3c", '"body": ["urn:uuid:00000000-0000-0000-0000-000000000003"', '"body": ["urn:uuid:00000000-0000-0000-0000-000000000009"',
     "items[9].target: '00000000000000000000000000000009' is not an annotation"),
    ("w3c", '"value": "said_by"', '"value": "quoted_by"', "items[9].type: unknown link type 'quoted_by'"),
    ("w3c", '"purpose": "assessing", "value": "misleading"', '"purpose": "assessing", "value": "fake"',
     "items[4].verdict: unknown verdict 'fake'"),
    ("jsonl", '"from_id": 4, "to_id": 3', '"from_id": 4, "to_id": 99', "line 1.relations[2].to_id: 99 is not an entity"),
    ("jsonl", '"type": "said_by"', '"type": "quoted_by"', "line 1.relations[2].type: unknown link type 'quoted_by'"),
    ("jsonl", '"from_id": 2, "to_id": 1', '"from_id": 2, "to_id": 2', "line 1.relations[0]: a same_as link from annotation"),
]


@pytest.mark.parametrize("fmt, old, new, expected", OTHER_BAD, ids=[f"{c[0]}-{i}" for i, c in enumerate(OTHER_BAD)])
def test_each_format_refuses_a_bad_link_or_verdict_naming_its_line(tmp_path, linked, fmt, old, new, expected):
    path = _edited(export(linked, fmt, tmp_path), old, new)
    store = Store(tmp_path / "s")
    with pytest.raises(ImportFileError) as info:
        import_plan(store, plan_import(path))
    assert expected in str(info.value) and str(info.value).endswith("nothing was imported"), str(info.value)
    assert snapshot(store.data_dir) == {}


def test_a_link_type_of_the_config_is_imported(tmp_path, linked):
    """A type the tag set adds ([[links]] in config.toml) is known to import."""
    tags = TagSet(DEFAULT_TAGS.tags, link_types=(*DEFAULT_LINK_TYPES, LinkType("quoted_by", ("claim",), ("actor",))))
    data = _native(linked, _relation(2, type="quoted_by"))
    (tmp_path / "custom.json").write_text(json.dumps(data), "utf-8")
    store = Store(tmp_path / "s")
    import_plan(store, plan_import(tmp_path / "custom.json", tag_set=tags))
    claim = next(a for a in store.annotations(linked.id) if a.verdict == "misleading")
    assert [l.type for l in claim.links] == ["quoted_by", "dated"]


@pytest.mark.parametrize("fmt", ["w3c", "jsonl"])
def test_a_resolved_value_with_no_publication_date_to_resolve_it_again_is_kept_as_the_value(tmp_path, linked, fmt):
    path = export(linked, fmt, tmp_path)  # Tuesday's value resolved from the publication date...
    text = path.read_text("utf-8")
    for key in ('"published"', '"tui:published"'):
        text = text.replace(f'{key}: "2025-11-06"', f'{key}: ""')
    assert '"2025-11-06"' not in text  # ...and the file no longer says when it was published
    path.write_text(text, "utf-8")
    store = Store(tmp_path / "s")
    import_plan(store, plan_import(path))
    values = {a.quote: a.value for a in store.annotations(linked.id) if a.tag == "date"}
    assert values == {"Tuesday": "2025-11-04", "last November": "2025-11"}
