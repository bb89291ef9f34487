"""Import of W3C and brat exports (and the native format through the same path): round
trips into an empty store, all-or-nothing refusals naming the item at fault,
no duplicates on a second import, unknown tags, and the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sample_annotations import SAMPLE, sample_document
from test_import import assert_refused, snapshot  # the import tests' own helpers

import tui_reader.cli as cli
from tui_reader import formats
from tui_reader.annotations import ORPHANED, Annotation
from tui_reader.document import load_document
from tui_reader.importer import ImportFileError, import_plan, plan_import
from tui_reader.store import Store


@pytest.fixture
def doc():
    """The sample's annotations, the document path being the real sample (so that the
    importer finds the text and checks every quote against it)."""
    return sample_document(path=str(SAMPLE))


@pytest.fixture
def busy(tmp_path):
    """A store with something in it, so that "untouched" means something."""
    store = Store(tmp_path / "busy")
    sample = load_document(SAMPLE)
    store.add(Annotation.create(sample.text, sample.id, 0, 4, "actor"))
    return store


def exported(tmp_path: Path, fmt: str, doc, name: str | None = None) -> Path:
    out = tmp_path / (name or f"export{formats.get(fmt).ending}")
    formats.write(fmt, [doc], out)
    if fmt == "brat":
        [ann] = out.glob("*.ann")
        return ann
    return out


# -- round trips ----------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["json", "w3c"])
def test_round_trip_gives_identical_annotations(tmp_path, doc, fmt):
    path = exported(tmp_path, fmt, doc)
    store = Store(tmp_path / "empty")
    plan = plan_import(path)
    assert plan.format == fmt
    report = import_plan(store, plan)
    assert (report.added, report.documents) == (6, 1)
    assert store.annotations(doc.id) == sorted(doc.annotations, key=lambda a: (a.start, a.end, a.created))
    record = store.document_record(doc.id)
    assert (record["path"], record["title"]) == (doc.path, doc.title)


def test_w3c_round_trip_keeps_ids_that_are_not_uuids(tmp_path):
    text = "Officials in Quito said so."
    source = tmp_path / "q.txt"
    source.write_text(text, "utf-8")
    d = load_document(source)
    ann = Annotation(id="ann-1/ä", document=d.id, start=13, end=18, quote="Quito", prefix="Officials in ", suffix=" said so.",
                     tag="actor", created="2026-01-02T03:04:05Z")
    path = tmp_path / "x.jsonld"
    formats.write("w3c", [formats.ExportDocument(d.id, d.path, d.title, (ann,))], path)
    assert "urn:tui-reader:annotation:ann-1%2F%C3%A4" in path.read_text("utf-8")
    store = Store(tmp_path / "s")
    import_plan(store, plan_import(path))
    assert store.annotations(d.id) == [ann]


def test_brat_round_trip_gives_the_same_spans_tags_notes_and_annotators(tmp_path, doc):
    path = exported(tmp_path, "brat", doc)
    store = Store(tmp_path / "empty")
    plan = plan_import(path)
    assert plan.format == "brat"
    report = import_plan(store, plan)
    placed = [a for a in doc.annotations if a.status != ORPHANED]
    assert report.added == len(placed) == 5
    key = lambda a: (a.start, a.end, a.tag, a.note, a.annotator, a.quote, a.section)  # noqa: E731
    assert sorted(map(key, store.annotations(doc.id))) == sorted(map(key, placed))
    # the .txt is the sample's normalized text, so the document is the same one
    assert {a.document for a in store.annotations(doc.id)} == {doc.id}


def test_brat_import_through_the_txt_and_the_annotator_option(tmp_path):
    (tmp_path / "n.txt").write_text("Ana met Ben.\n", "utf-8")
    (tmp_path / "n.ann").write_text("T1\tactor 0 3\tAna\nT2\tactor 8 11\tBen\n#1\tAnnotator T2\tcarl\n", "utf-8")
    plan = plan_import(tmp_path / "n.txt", annotator="dora")
    [d] = plan.documents
    assert [(a.quote, a.annotator) for a in d.annotations] == [("Ana", "dora"), ("Ben", "carl")]


def test_brat_offsets_count_crlf_and_bom_as_brat_does(tmp_path):
    raw = "\ufeffFirst line\r\nAna met Ben\r\nacross\r\nlines.\r\n"
    (tmp_path / "c.txt").write_bytes(raw.encode("utf-8"))
    ana = raw.index("Ana")
    across = raw.index("Ben")
    end = raw.index("lines") + 5
    ann = (
        f"T1\tactor {ana} {ana + 3}\tAna\n"
        f"T2\tclaim {across} {across + 3};{across + 5} {across + 11};{across + 13} {end}\tBen across lines\n"
    )
    (tmp_path / "c.ann").write_text(ann, "utf-8")
    [d] = plan_import(tmp_path / "c.ann").documents
    text = load_document(tmp_path / "c.txt").text
    assert [(a.quote, a.tag) for a in d.annotations] == [("Ana", "actor"), ("Ben\nacross\nlines", "claim")]
    assert all(text[a.start : a.end] == a.quote for a in d.annotations)


def test_importing_twice_adds_nothing(tmp_path, doc):
    store = Store(tmp_path / "s")
    (tmp_path / "b").mkdir()
    paths = [exported(tmp_path, "w3c", doc), exported(tmp_path / "b", "brat", doc), exported(tmp_path, "json", doc)]
    for path in paths:
        import_plan(store, plan_import(path))
        before = snapshot(store.data_dir)
        report = import_plan(store, plan_import(path))
        assert report.added == 0 and snapshot(store.data_dir) == before
    assert len(store.annotations(doc.id)) == 6  # brat's spans were already there from w3c, json's by id


# -- refusals: all or nothing, the item at fault named ---------------------------------------------


def _w3c(doc) -> dict:
    text, _ = formats.render("w3c", [doc])
    data = json.loads(text)
    data["first"]["items"].sort(key=lambda item: item["id"])  # items[0] Donovan, [1] Tuesday, [2] the claim
    return data


def _set(path, value):
    def change(data):
        node = data
        for key in path[:-1]:
            node = node[key]
        if value is KeyError:
            del node[path[-1]]
        else:
            node[path[-1]] = value

    return change


ITEM = ("first", "items")
W3C_BAD = {
    "unknown-tag": (_set((*ITEM, 1, "body", 0, "value"), "person"), "items[1].tag: unknown tag 'person'"),
    "no-tag": (_set((*ITEM, 1, "body"), []), "items[1].body: expected one tagging body (the tag), found 0"),
    "two-tags": (lambda d: d["first"]["items"][1]["body"].append({"type": "TextualBody", "purpose": "tagging", "value": "claim"}),
                 "items[1].body: expected one tagging body"),
    "quote-gone": (_set((*ITEM, 0, "target", "selector", 0, "exact"), "Ana María Pérez Ortega"),
                   "items[0]: the quote 'Ana María Pérez Ortega' is not the text at 3650..3668 ('Francis L. Donovan'), "
                   "and re-anchoring found no single place for it (--orphans keep imports it as orphaned)"),
    "outside": (_set((*ITEM, 0, "target", "selector", 1, "end"), 10**6), "items[0]: span 3650..1000000 is outside the text"),
    "no-target": (_set((*ITEM, 2, "target"), KeyError), "items[2].target: expected one SpecificResource"),
    "no-selector": (_set((*ITEM, 2, "target", "selector"), []), "items[2].target.selector: expected a TextQuoteSelector"),
    "foreign-source": (_set((*ITEM, 2, "target", "source"), "http://example.org/page"), "items[2].target.source: 'http://example.org/page' is not a document"),
    "status": (_set((*ITEM, 0, "tui:status"), "lost"), "items[0].status: unknown status 'lost'"),
    "created": (_set((*ITEM, 0, "created"), "yesterday"), "items[0].created: expected a date and time"),
    "not-annotation": (_set((*ITEM, 0, "type"), "Note"), "items[0].type: expected 'Annotation'"),
    "id-twice": (lambda d: d["first"]["items"][1].update(id=d["first"]["items"][0]["id"]), "items[1].id: "),
    "page-link": (_set(("first",), "http://example.org/page1"), "first: the page 'http://example.org/page1' is a link"),
    "purpose": (_set((*ITEM, 0, "body", 1, "purpose"), "linking"), "items[0].body[1].purpose: 'linking' has no place here"),
}


@pytest.mark.parametrize("case", sorted(W3C_BAD))
def test_a_bad_w3c_file_is_refused_naming_the_item(tmp_path, doc, busy, case):
    change, expected = W3C_BAD[case]
    data = _w3c(doc)
    change(data)
    path = tmp_path / "bad.jsonld"
    path.write_text(json.dumps(data), "utf-8")
    assert_refused(busy, path, expected)


def test_unknown_tags_can_be_mapped(tmp_path, doc, busy):
    data = _w3c(doc)
    data["first"]["items"][1]["body"][0]["value"] = "person"
    data["first"]["items"][2]["body"][0]["value"] = "event"
    path = tmp_path / "mapped.jsonld"
    path.write_text(json.dumps(data), "utf-8")
    plan = plan_import(path, unknown_tags="map:claim")
    assert plan.mapped_tags == 2
    report = import_plan(busy, plan)
    assert "2 unknown tags mapped to claim" in report.summary()
    tags = {a.id: a.tag for a in busy.annotations(doc.id)}
    assert tags[f"{2:032x}"] == "claim" and tags[f"{3:032x}"] == "claim" and tags[f"{1:032x}"] == "actor"


@pytest.mark.parametrize("option", ["map:person", "create", "map:"])
def test_a_bad_unknown_tags_option_is_one_clear_error(tmp_path, doc, option):
    from tui_reader.errors import UserError

    with pytest.raises(UserError, match="--unknown-tags: expected 'refuse', 'keep' or 'map:TAG'"):
        plan_import(exported(tmp_path, "w3c", doc), unknown_tags=option)


BRAT_BAD = {
    "text": ("T1\tactor 0 3\tAnn\n", "n.ann line 1 (T1): the quote 'Ann' is not the text at 0 3 ('Ana')"),
    "outside": ("T1\tactor 0 300\tAna\n", "n.ann line 1 (T1): offsets 0 300 are outside the text"),
    "shape": ("T1\tactor 0 3 Ana\n", "n.ann line 1 (T1): expected 'T<n><tab>TYPE START END<tab>TEXT'"),
    "offsets": ("T1\tactor zero 3\tAna\n", "n.ann line 1 (T1): expected offsets 'START END'"),
    "gap": ("T1\tactor 0 3;8 11\tAna Ben\n", "skip text; tui-reader's spans are contiguous"),
    "tag": ("T1\tperson 0 3\tAna\n", "n.ann line 1 (T1).tag: unknown tag 'person'"),
    "note-target": ("T1\tactor 0 3\tAna\n#1\tAnnotatorNotes T9\tx\n", "n.ann line 2: AnnotatorNotes of T9, which is not a T line"),
    "line": ("X1\twhat\n", "n.ann line 1: not a brat annotation line"),
    "twice": ("T1\tactor 0 3\tAna\nT1\tactor 8 11\tBen\n", "n.ann line 2 (T1): T1 appears twice"),
}


@pytest.mark.parametrize("case", sorted(BRAT_BAD))
def test_a_bad_brat_file_is_refused_naming_the_line(tmp_path, busy, case):
    ann, expected = BRAT_BAD[case]
    (tmp_path / "n.txt").write_text("Ana met Ben.\n", "utf-8")
    (tmp_path / "n.ann").write_text(ann, "utf-8")
    assert_refused(busy, tmp_path / "n.ann", expected)


def test_brat_of_a_markdown_document_takes_its_sections_from_the_catalogued_file(tmp_path):
    guide = Path(SAMPLE).parent / "field-guide.md"
    md = load_document(guide)
    start = md.text.index("東京で記者会見")
    ann = Annotation.create(md.text, md.id, start, start + 7, "actor", section=md.section_at(start).title)
    out = tmp_path / "brat"
    formats.write("brat", [formats.ExportDocument(md.id, md.path, md.title, (ann,), md.text)], out)
    [ann_file] = out.glob("*.ann")
    store = Store(tmp_path / "s")
    store.remember_document(md.id, md.path, md.title, len(md.sections))
    import_plan(store, plan_import(ann_file))
    [got] = store.annotations(md.id)
    assert got.section == ann.section == "Names, Places and Languages"  # a Markdown heading, not a .txt headline
    assert store.document_record(md.id)["path"] == md.path


def test_an_old_brat_file_does_not_undo_a_note_edited_since(tmp_path, doc):
    store = Store(tmp_path / "s")
    ann_file = exported(tmp_path, "brat", doc)
    import_plan(store, plan_import(ann_file))
    donovan = next(a for a in store.annotations(doc.id) if a.quote == "Francis L. Donovan")
    store.apply(doc.id, add=[donovan.with_changes(note="edited here")])
    report = import_plan(store, plan_import(ann_file))  # brat has no times: nothing says its note is newer
    assert (report.added, report.updated) == (0, 0)
    assert next(a for a in store.annotations(doc.id) if a.id == donovan.id).note == "edited here"


def test_brat_lines_with_no_place_here_are_ignored_and_counted(tmp_path):
    (tmp_path / "n.txt").write_text("Ana met Ben.\n", "utf-8")
    (tmp_path / "n.ann").write_text(
        "T1\tactor 0 3\tAna\nT2\tactor 8 11\tBen\n*\tEquiv T1 T2\nA1\tNegated T1\nN1\tReference T1 Wikipedia:1\tAna\n", "utf-8"
    )
    plan = plan_import(tmp_path / "n.ann")
    assert plan.annotation_count == 2
    store = Store(tmp_path / "s")
    summary = import_plan(store, plan).summary()
    assert summary == (
        "Imported 2 annotations into 1 document; ignored 1 attribute line; ignored 1 equivalence line; "
        "ignored 1 normalization line"
    )


def test_a_brat_ann_without_its_txt_is_refused(tmp_path):
    (tmp_path / "n.ann").write_text("T1\tactor 0 3\tAna\n", "utf-8")
    with pytest.raises(ImportFileError, match=r"n\.ann: cannot import: its text: .*n\.txt: no such file"):
        plan_import(tmp_path / "n.ann")


# -- re-anchoring: a quote that is not at its offsets -------------------------------------------------


def _native(doc, change) -> dict:
    """The native export of ``doc`` with ``change(annotations by id number)`` applied."""
    data = json.loads(formats.render("json", [doc])[0])
    change({int(a["id"], 16): a for a in data["documents"][0]["annotations"]})
    return data


def _shift(record: dict, by: int) -> None:
    record["start"] += by
    record["end"] += by


def test_a_quote_at_shifted_offsets_is_reanchored_to_where_its_words_and_context_are(tmp_path, doc, busy):
    data = _native(doc, lambda anns: _shift(anns[4], 40))  # Pentagon, 40 characters off
    plan = plan_import(data)
    report = import_plan(busy, plan)
    assert report.added == 6 and "re-anchored 1 annotation by its quote" in report.summary()
    pentagon = next(a for a in busy.annotations(doc.id) if a.id == f"{4:032x}")
    original = next(a for a in doc.annotations if a.id == f"{4:032x}")
    text = load_document(SAMPLE).text
    assert (pentagon.start, pentagon.end, pentagon.quote) == (original.start, original.end, "Pentagon")
    assert text[pentagon.start : pentagon.end] == "Pentagon"
    assert (pentagon.prefix, pentagon.suffix, pentagon.status) == (original.prefix, original.suffix, "reanchored")
    assert pentagon.old_quote == "" and pentagon.modified == original.modified  # placing it is not an edit


def test_a_quote_one_letter_off_is_placed_fuzzy_and_keeps_the_imported_words(tmp_path, doc, busy):
    original = next(a for a in doc.annotations if a.id == f"{3:032x}")  # the claim
    typo = original.quote.replace("issued a statement", "issued a statment")
    data = _native(doc, lambda anns: anns[3].update(quote=typo))
    [d] = plan_import(data).documents
    claim = next(a for a in d.annotations if a.id == f"{3:032x}")
    assert (claim.quote, claim.old_quote, claim.status) == (original.quote, typo, "fuzzy")
    assert (claim.start, claim.end) == (original.start, original.end)
    assert claim.modified == original.modified  # the rest as it was
    assert plan_import(data).placed == (("fuzzy", 1),)


def test_a_quote_absent_from_the_text_is_refused_naming_it_or_kept_as_an_orphan(tmp_path, doc, busy):
    def gone(anns):
        anns[2].update(quote="Friday", end=anns[2]["start"] + 6)

    path = tmp_path / "gone.json"
    path.write_text(json.dumps(_native(doc, gone)), "utf-8")
    assert_refused(
        busy, path,
        "documents[0].annotations[1]: the quote 'Friday' is not the text at 340..346 ('Tuesda'), and re-anchoring found "
        "no single place for it (--orphans keep imports it as orphaned)",
    )
    plan = plan_import(path, orphans="keep")
    assert import_plan(busy, plan).summary() == (
        "Imported 6 annotations into 1 document; kept 1 annotation with no place in the text as orphaned"
    )
    friday = next(a for a in busy.annotations(doc.id) if a.id == f"{2:032x}")
    assert (friday.status, friday.quote, friday.start, friday.end) == ("orphaned", "Friday", 340, 346)


def test_a_w3c_quote_without_offsets_is_placed_by_its_selector(tmp_path):
    story = tmp_path / "story.txt"
    story.write_text("Ana met Ben. Later Ben left, and Ana stayed.\n", "utf-8")
    item = {
        "@context": "http://www.w3.org/ns/anno.jsonld", "id": "urn:uuid:00000000-0000-0000-0000-00000000000a",
        "type": "Annotation", "body": {"type": "TextualBody", "purpose": "tagging", "value": "actor"},
        "target": {"source": story.as_uri(), "selector": {"type": "TextQuoteSelector", "exact": "Ben", "prefix": "Later "}},
    }
    path = tmp_path / "one.jsonld"
    path.write_text(json.dumps(item), "utf-8")
    [ann] = plan_import(path).documents[0].annotations
    assert (ann.start, ann.end, ann.quote, ann.status) == (19, 22, "Ben", "anchored")
    # an empty prefix (as written at the very start of a text) constrains nothing: the
    # one-sided selector "Ana" + " met" occurs once
    item["target"]["selector"] = {"type": "TextQuoteSelector", "exact": "Ana", "prefix": "", "suffix": " met"}
    path.write_text(json.dumps(item), "utf-8")
    [ann] = plan_import(path).documents[0].annotations
    assert (ann.start, ann.end, ann.status) == (0, 3, "anchored")
    item["target"]["selector"] = {"type": "TextQuoteSelector", "exact": "Ben", "prefix": "", "suffix": ""}
    path.write_text(json.dumps(item), "utf-8")  # "Ben" twice and no context: no single place
    with pytest.raises(ImportFileError, match=r"the annotation: the quote 'Ben' has no offsets, and re-anchoring found no single place"):
        plan_import(path)
    with pytest.raises(ImportFileError, match=r"an orphan needs the offsets it had"):
        plan_import(path, orphans="keep")


def test_an_orphan_is_imported_as_it_is_without_a_text_check(tmp_path, doc):
    path = exported(tmp_path, "w3c", doc)
    [d] = plan_import(path).documents
    orphan = next(a for a in d.annotations if a.orphaned)
    assert (orphan.start, orphan.quote, orphan.note) == (5000, "a sentence since removed", "was on page 2")


# -- the command line ---------------------------------------------------------------------------------


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_import_w3c_and_brat_with_options(tmp_path, doc, capsys):
    data_dir = str(tmp_path / "d")
    w3c = exported(tmp_path, "w3c", doc)
    assert run(capsys, "import", str(w3c), "--data-dir", data_dir) == (0, "Imported 6 annotations into 1 document\n", "")
    (tmp_path / "b").mkdir()
    brat = exported(tmp_path / "b", "brat", doc)
    assert run(capsys, "--data-dir", data_dir, "import", str(brat)) == (0, "Imported 0 annotations into 0 documents (5 already there)\n", "")

    (tmp_path / "n.txt").write_text("Ana met Ben.\n", "utf-8")
    (tmp_path / "n.ann").write_text("T1\tperson 0 3\tAna\n", "utf-8")
    code, out, err = run(capsys, "import", str(tmp_path / "n.ann"), "--data-dir", data_dir)
    assert (code, out) == (2, "") and "unknown tag 'person'" in err and err.count("\n") == 1
    code, out, err = run(capsys, "import", str(tmp_path / "n.ann"), "--unknown-tags", "map:actor", "--annotator", "eve", "--data-dir", data_dir)
    assert (code, err) == (0, "") and out == "Imported 1 annotation into 1 document; 1 unknown tag mapped to actor\n"
    [ana] = Store(data_dir).annotations(load_document(tmp_path / "n.txt").id)
    assert (ana.tag, ana.annotator) == ("actor", "eve")
    code, out, err = run(capsys, "import", str(tmp_path / "n.ann"), "--unknown-tags", "create", "--data-dir", data_dir)
    assert code == 2 and err.startswith("tui-reader: --unknown-tags: ") and err.count("\n") == 1


@pytest.mark.parametrize(
    "name, content, expected",
    [
        ("a.csv", "document,tag\n", "a csv export is for other tools and cannot be imported"),
        ("a.ann", "", "a.ann: cannot import: the file is empty"),
        ("a.json", "\x00\x01", "looks like a binary file"),
    ],
)
def test_cli_import_of_what_cannot_be_imported_is_one_clear_line(tmp_path, capsys, name, content, expected):
    (tmp_path / "a.txt").write_text("Ana met Ben.\n", "utf-8")
    (tmp_path / name).write_text(content, "utf-8")
    code, out, err = run(capsys, "import", str(tmp_path / name), "--data-dir", str(tmp_path / "d"))
    assert (code, out) == (2, "") and expected in err and err.count("\n") == 1 and "Traceback" not in err
    assert not (tmp_path / "d" / "docs").exists() or not any((tmp_path / "d" / "docs").iterdir())


def test_cli_import_orphans_option(tmp_path, capsys):
    (tmp_path / "n.txt").write_text("Ana met Ben.\n", "utf-8")
    (tmp_path / "n.ann").write_text("T1\tactor 0 3\tAna\nT2\tactor 8 11\tBob\n", "utf-8")
    data_dir = str(tmp_path / "d")
    code, out, err = run(capsys, "import", str(tmp_path / "n.ann"), "--data-dir", data_dir)
    assert code == 2 and "n.ann line 2 (T2): the quote 'Bob' is not the text at 8 11 ('Ben')" in err
    code, out, err = run(capsys, "import", str(tmp_path / "n.ann"), "--orphans", "keep", "--data-dir", data_dir)
    assert (code, err) == (0, "")
    assert out == "Imported 2 annotations into 1 document; kept 1 annotation with no place in the text as orphaned\n"
    code, out, err = run(capsys, "import", str(tmp_path / "n.ann"), "--orphans", "maybe", "--data-dir", data_dir)
    assert code == 2 and err == "tui-reader: --orphans: expected 'refuse' or 'keep', found 'maybe'\n"


def test_cli_export_every_format(tmp_path, doc, capsys):
    data_dir = tmp_path / "d"
    store = Store(data_dir)
    sample = load_document(SAMPLE)
    store.remember_document(sample.id, sample.path, sample.title, len(sample.sections))
    store.apply(sample.id, add=list(doc.annotations))
    store.close()
    for fmt in ("json", "w3c", "jsonl", "csv"):
        out = tmp_path / f"all.{fmt}"
        code, stdout, err = run(capsys, "export", "--format", fmt, "-o", str(out), "--data-dir", str(data_dir))
        assert code == 0 and stdout == "" and out.exists()
        skipped = "; skipped 1 orphaned annotation (no place in the current text)" if fmt == "jsonl" else ""
        n = 5 if fmt == "jsonl" else 6
        assert err == f"Exported {n} annotations to {out}{skipped}\n"
        code, stdout, err = run(capsys, "export", str(SAMPLE), "-f", fmt, "--data-dir", str(data_dir))
        assert code == 0 and stdout == (out.read_bytes().decode("utf-8-sig") if fmt != "json" else stdout)
    code, stdout, err = run(capsys, "export", "--format", "brat", "-o", str(tmp_path / "brat"), "--data-dir", str(data_dir))
    assert code == 0 and len(list((tmp_path / "brat").iterdir())) == 2
    code, stdout, err = run(capsys, "export", "--format", "brat", "--data-dir", str(data_dir))
    assert (code, stdout) == (2, "") and "brat writes a folder" in err and err.count("\n") == 1
    code, stdout, err = run(capsys, "export", "--format", "xml", "--data-dir", str(data_dir))
    assert code == 2 and "invalid choice: 'xml'" in err and err.count("\n") == 1


def test_cli_export_of_all_skips_a_document_whose_file_changed_and_says_so(tmp_path, capsys):
    data_dir = tmp_path / "d"
    story = tmp_path / "story.txt"
    story.write_text("Ana met Ben.\n", "utf-8")
    d = load_document(story)
    store = Store(data_dir)
    store.remember_document(d.id, d.path, d.title, 1)
    store.add(Annotation.create(d.text, d.id, 0, 3, "actor"))
    other = tmp_path / "other.txt"
    other.write_text("Carl left.\n", "utf-8")
    o = load_document(other)
    store.remember_document(o.id, o.path, o.title, 1)
    store.add(Annotation.create(o.text, o.id, 0, 4, "actor"))
    store.close()
    story.write_text("Ana met Ben again.\n", "utf-8")
    code, out, err = run(capsys, "export", "--format", "jsonl", "--data-dir", str(data_dir))
    assert code == 0
    assert [json.loads(line)["meta"]["id"] for line in out.splitlines()] == [o.id]
    lines = err.splitlines()
    assert lines[0] == (
        f"tui-reader: skipped document “{d.title}” ({d.id[:12]}…): the file {d.path} has changed since it was "
        "annotated (1 annotation not exported)"
    )
    assert lines[1] == "Exported 1 annotation"


def test_another_tools_single_w3c_annotation_on_a_file(tmp_path):
    story = tmp_path / "story.txt"
    story.write_text("Ana met Ben in Quito.\n", "utf-8")
    d = load_document(story)
    item = {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": "http://example.org/anno/7",
        "type": "Annotation",
        "creator": "http://example.org/people/ana",
        "body": [{"type": "TextualBody", "value": "met in person"}, {"type": "TextualBody", "purpose": "tagging", "value": "actor"}],
        "target": {"source": story.as_uri(), "selector": {"type": "TextPositionSelector", "start": 8, "end": 11}},
    }
    path = tmp_path / "one.json"
    path.write_text(json.dumps(item), "utf-8")
    plan = plan_import(path)
    [doc] = plan.documents
    [ann] = doc.annotations
    assert (plan.format, doc.id, doc.path) == ("w3c", d.id, d.path)
    assert (ann.id, ann.quote, ann.tag, ann.note, ann.annotator) == ("http://example.org/anno/7", "Ben", "actor", "met in person", "http://example.org/people/ana")
    assert (ann.prefix, ann.suffix) == ("Ana met ", " in Quito.\n")
    store = Store(tmp_path / "s")
    assert import_plan(store, plan).added == 1 and import_plan(store, plan_import(path)).added == 0
    # exported again, it keeps its own IRI, and its creator
    [back] = json.loads(formats.render("w3c", [formats.ExportDocument(d.id, d.path, d.title, (ann,))])[0])["first"]["items"]
    assert (back["id"], back["creator"]) == ("http://example.org/anno/7", "http://example.org/people/ana")
    # only a quote, no offsets: the one "Ben" of the text
    item["target"]["selector"] = {"type": "TextQuoteSelector", "exact": "Ben"}
    path.write_text(json.dumps(item), "utf-8")
    [ann] = plan_import(path).documents[0].annotations
    assert (ann.start, ann.end, ann.quote, ann.prefix) == (8, 11, "Ben", "Ana met ")
