"""Export formats on the sample article: golden files, and each format read by what
reads it in the field (the W3C model's MUSTs, spaCy and doccano, brat, a csv reader).

The golden files are in tests/golden/. After a deliberate change of a format,
regenerate them with ``UPDATE_GOLDEN=1 python -m pytest tests/unit/test_formats.py``
and review the diff.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from pathlib import Path

import pytest

from sample_annotations import PATH, sample_document

from tui_reader import formats
from tui_reader.annotations import Annotation
from tui_reader.formats import ExportDocument, ExportResult, export_path_for
from tui_reader.formats.brat import LINE_BREAKS, fragments
from tui_reader.formats.csvfile import COLUMNS, neutralize

GOLDEN = Path(__file__).resolve().parents[1] / "golden"
EXPORTED = "2026-11-28T15:00:00.000Z"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"


@pytest.fixture(scope="module")
def sample() -> ExportDocument:
    return sample_document()


GOLDEN_FILES = {"json": "sample.json", "w3c": "sample.w3c.jsonld", "jsonl": "sample.jsonl", "csv": "sample.csv"}


def golden_check(name: str, actual: bytes) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(actual)
    assert path.exists(), f"no golden file {path}; run with UPDATE_GOLDEN=1 to make it"
    assert actual == path.read_bytes(), f"{name} differs from its golden file (UPDATE_GOLDEN=1 regenerates it)"


@pytest.mark.parametrize("fmt", sorted(GOLDEN_FILES))
def test_golden_files(tmp_path, sample, fmt):
    out = tmp_path / GOLDEN_FILES[fmt]
    result = formats.write(fmt, [sample], out, exported=EXPORTED)
    golden_check(GOLDEN_FILES[fmt], out.read_bytes())
    expected_written = {"json": 6, "w3c": 6, "csv": 6, "jsonl": 5}[fmt]
    assert result.written == expected_written
    assert result.orphaned == (1 if fmt == "jsonl" else 0)


def test_golden_brat(tmp_path, sample):
    result = formats.write("brat", [sample], tmp_path / "brat")
    files = sorted(p.name for p in (tmp_path / "brat").iterdir())
    assert files == [
        "us-military-begins-joint-operations-with-ecuador-targeting.ann",
        "us-military-begins-joint-operations-with-ecuador-targeting.txt",
    ]
    for name in files:
        golden_check(f"sample-brat/{name}", (tmp_path / "brat" / name).read_bytes())
    assert (result.written, result.orphaned) == (5, 1)
    assert result.summary().endswith("; skipped 1 orphaned annotation (no place in the current text)")


# -- W3C: the model's MUSTs -------------------------------------------------------------------

ANNO = "http://www.w3.org/ns/anno.jsonld"
IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:[^\s<>\"{}|\\^`]+")
UTC_Z = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z")
PURPOSES = {"assessing", "bookmarking", "classifying", "commenting", "describing", "editing", "highlighting",
            "identifying", "linking", "moderating", "questioning", "replying", "tagging"}


def w3c_violations(collection: dict, text: str | None = None) -> list[str]:
    """Every MUST of the Web Annotation Data Model (W3C Recommendation, 23 February 2017)
    that applies to what we write, checked on a collection; returns the violations.
    With ``text``: TextPositionSelector offsets are code points of that text."""
    found: list[str] = []

    def must(condition: bool, message: str) -> None:
        if not condition:
            found.append(message)

    def context_ok(value) -> bool:  # 3.1 / 5.1: anno.jsonld is one of them; a single value is a string
        return value == ANNO or (isinstance(value, list) and len(value) > 1 and ANNO in value)

    def types(value) -> list:
        return value if isinstance(value, list) else [value]

    def one_iri(value) -> bool:
        return isinstance(value, str) and bool(IRI.fullmatch(value))

    must(context_ok(collection.get("@context")), "collection: @context must include anno.jsonld")
    must(one_iri(collection.get("id")), "collection: id must be one IRI")  # 5.1
    must("AnnotationCollection" in types(collection.get("type")), "collection: type must be AnnotationCollection")
    if "total" in collection:
        must(isinstance(collection["total"], int) and collection["total"] >= 0, "collection: total must be >= 0")
    items = []
    page = collection.get("first")
    if page is not None:  # 5.2: an embedded page
        must(one_iri(page.get("id")), "page: id must be one IRI")
        must("AnnotationPage" in types(page.get("type")), "page: type must be AnnotationPage")
        must(isinstance(page.get("items"), list) and len(page["items"]) > 0, "page: items must be 1 or more")
        if "startIndex" in page:
            must(isinstance(page["startIndex"], int) and page["startIndex"] >= 0, "page: startIndex must be >= 0")
        if "partOf" in page:
            must(one_iri(page["partOf"]) or isinstance(page["partOf"], dict), "page: partOf must be the collection")
        items = page.get("items") or []
    if "label" in collection:
        must(all(isinstance(v, str) for v in types(collection["label"])), "collection: label must be a string")
    must(collection.get("total", len(items)) == len(items), "collection: total must count the items")
    ids = [json.dumps(item.get("id")) for item in items if isinstance(item, dict)]
    must(len(ids) == len(set(ids)), "annotations: ids must be unique")
    for n, ann in enumerate(items):
        at = f"items[{n}]"
        must(context_ok(ann.get("@context")), f"{at}: @context must include anno.jsonld")  # 3.1
        must(one_iri(ann.get("id")), f"{at}: id must be exactly one IRI")
        must("Annotation" in types(ann.get("type")), f"{at}: type must include Annotation")
        must(not ("body" in ann and "bodyValue" in ann), f"{at}: body and bodyValue must not both be there")  # 3.2.5
        if "motivation" in ann:  # 3.3.5: instances of Motivation
            must(all(m in PURPOSES for m in types(ann["motivation"])), f"{at}: motivation must be a motivation")
        for name in ("created", "modified"):  # 3.3.1: xsd:dateTime, in UTC with Z as the issue asks
            if name in ann:
                must(isinstance(ann[name], str) and bool(UTC_Z.fullmatch(ann[name])), f"{at}: {name} must be a UTC dateTime with Z")
        if "creator" in ann:  # 3.3.1: an agent (IRI or object); 3.3.2 names are strings
            creator = ann["creator"]
            must(one_iri(creator) or (isinstance(creator, dict) and isinstance(creator.get("name", ""), str)), f"{at}: creator must be an agent")
        for i, body in enumerate(types(ann.get("body", []))):
            where = f"{at}.body[{i}]"
            must(isinstance(body, dict) or one_iri(body), f"{where}: a body is an IRI or a resource")
            if isinstance(body, dict) and "TextualBody" in types(body.get("type")):  # 3.2.4
                must(isinstance(body.get("value"), str), f"{where}: a TextualBody must have exactly one value")
            if isinstance(body, dict) and "purpose" in body:  # 3.3.5
                must(all(p in PURPOSES for p in types(body["purpose"])), f"{where}: purpose must be a motivation")
        targets = types(ann.get("target")) if "target" in ann else []
        must(len(targets) >= 1, f"{at}: must have 1 or more targets")  # 3.1
        for i, target in enumerate(targets):
            where = f"{at}.target[{i}]"
            if not isinstance(target, dict):
                must(one_iri(target), f"{where}: a target is an IRI or a resource")
                continue
            must(one_iri(target.get("source")), f"{where}: a SpecificResource must have exactly one source IRI")  # 4
            if "scope" in target:
                must(one_iri(target["scope"]), f"{where}: scope must be an IRI")
            for j, selector in enumerate(types(target.get("selector", []))):
                sel = f"{where}.selector[{j}]"
                must(isinstance(selector, dict) and "type" in selector, f"{sel}: a selector must have a type")
                kind = selector.get("type") if isinstance(selector, dict) else None
                if kind == "TextQuoteSelector":  # 4.2.4
                    must(isinstance(selector.get("exact"), str) and selector["exact"] != "", f"{sel}: exact must be one string")
                    for name in ("prefix", "suffix"):
                        must(isinstance(selector.get(name, ""), str), f"{sel}: {name} must be at most one string")
                elif kind == "TextPositionSelector":  # 4.2.5
                    start, end = selector.get("start"), selector.get("end")
                    ints = all(isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in (start, end))
                    must(ints, f"{sel}: start and end must be exactly one non-negative integer each")
                    if ints:
                        must(start <= end, f"{sel}: start must not be after end")
                        if text is not None:
                            quotes = [s.get("exact") for s in types(target["selector"]) if s.get("type") == "TextQuoteSelector"]
                            must(all(text[start:end] == q for q in quotes), f"{sel}: positions must be code points of the text")
                else:
                    must(False, f"{sel}: unexpected selector type {kind!r}")
    return found


def test_w3c_export_meets_every_must_of_the_model(sample):
    text, result = formats.render("w3c", [sample])
    data = json.loads(text)
    assert w3c_violations(data, sample.text) == []
    items = data["first"]["items"]
    assert data["total"] == len(items) == 6
    by_id = {item["id"]: item for item in items}
    donovan = by_id["urn:uuid:00000000-0000-0000-0000-000000000001"]
    assert donovan["body"] == [
        {"type": "TextualBody", "purpose": "tagging", "value": "actor"},
        {"type": "TextualBody", "purpose": "commenting", "value": "commander of U.S. Southern Command", "format": "text/plain"},
    ]
    assert donovan["creator"] == {"type": "Person", "name": "ana"}
    assert donovan["motivation"] == "tagging"
    assert data["tui:documents"] == [{"source": f"urn:sha256:{sample.id}", "tui:path": PATH, "tui:title": sample.title}]
    assert donovan["target"]["source"] == f"urn:sha256:{sample.id}"
    assert donovan["target"]["scope"] == "file://" + PATH
    assert {s["type"] for s in donovan["target"]["selector"]} == {"TextQuoteSelector", "TextPositionSelector"}
    assert "creator" not in by_id["urn:uuid:00000000-0000-0000-0000-000000000004"]  # no annotator: no creator
    orphan = by_id["urn:uuid:00000000-0000-0000-0000-000000000006"]
    assert [s["type"] for s in orphan["target"]["selector"]] == ["TextQuoteSelector"]  # no wrong positions
    assert (orphan["tui:status"], orphan["tui:oldStart"]) == ("orphaned", 5000)


@pytest.mark.parametrize(
    "breaks, expected",
    [
        (lambda d: d.update({"@context": [ANNO]}), "collection: @context"),
        (lambda d: d["first"]["items"][0].pop("@context"), "items[0]: @context"),
        (lambda d: d["first"]["items"][1].update(id="not an iri"), "items[1]: id must be exactly one IRI"),
        (lambda d: d["first"]["items"][0].update(type="Note"), "items[0]: type must include Annotation"),
        (lambda d: d["first"]["items"][0].pop("target"), "items[0]: must have 1 or more targets"),
        (lambda d: d["first"]["items"][0]["body"][0].pop("value"), "items[0].body[0]: a TextualBody must have exactly one value"),
        (lambda d: d["first"]["items"][0]["body"][0].update(purpose="tag"), "purpose must be a motivation"),
        (lambda d: d["first"]["items"][0]["target"]["selector"][1].update(start=-1), "start and end must be exactly one"),
        (lambda d: d["first"]["items"][0]["target"]["selector"][1].update(start=3651), "positions must be code points"),
        (lambda d: d["first"]["items"][0]["target"]["selector"][0].pop("exact"), "exact must be one string"),
        (lambda d: d["first"]["items"][0].update(created="2026-11-28 14:21"), "created must be a UTC dateTime"),
        (lambda d: d["first"]["items"][0]["target"].pop("source"), "exactly one source IRI"),
        (lambda d: d["first"].update(items=[]), "page: items must be 1 or more"),
        (lambda d: d["first"]["items"][0].update(bodyValue="x"), "body and bodyValue"),
        (lambda d: d["first"]["items"][0].update(motivation="tag"), "items[0]: motivation must be a motivation"),
        (lambda d: d.update(label=["x", 3]), "collection: label must be a string"),
        (lambda d: d["first"]["items"][0].update(id=["urn:a", "urn:b"]), "items[0]: id must be exactly one IRI"),
        (lambda d: d.pop("@context"), "collection: @context must include anno.jsonld"),
    ],
)
def test_the_must_checker_catches_each_violation(sample, breaks, expected):
    data = json.loads(formats.render("w3c", [sample])[0])
    data["first"]["items"].sort(key=lambda item: item["id"])  # items[0] is Donovan, items[1] Tuesday
    breaks(data)
    assert any(expected in v for v in w3c_violations(data, sample.text)), w3c_violations(data, sample.text)


def test_w3c_quote_selectors_at_the_ends_of_the_text_have_empty_prefix_and_suffix(sample):
    # The model says a TextQuoteSelector SHOULD have prefix and suffix (the W3C test
    # suite's 4.2.4-prefix/-suffix assertions): at the very start or end of the text
    # they are the empty string, not missing.
    t = sample.text
    first = Annotation.create(t, sample.id, 0, 4, "claim")
    last = Annotation.create(t, sample.id, len(t) - 8, len(t), "claim")
    doc = ExportDocument(sample.id, sample.path, sample.title, sample.annotations + (first, last), t)
    items = json.loads(formats.render("w3c", [doc])[0])["first"]["items"]
    quotes = {s["exact"]: s for item in items for s in item["target"]["selector"] if s["type"] == "TextQuoteSelector"}
    assert all("prefix" in s and "suffix" in s for s in quotes.values())
    assert (quotes[t[:4]]["prefix"], quotes[t[:4]]["suffix"]) == ("", t[4:36])
    assert (quotes[t[-8:]]["prefix"], quotes[t[-8:]]["suffix"]) == (t[-40:-8], "")


def test_an_empty_w3c_collection_has_no_page_and_is_valid():
    text, result = formats.render("w3c", [ExportDocument("a" * 64, "", "Empty", ())])
    data = json.loads(text)
    assert "first" not in data and data["total"] == 0 and w3c_violations(data) == []


# -- JSONL: spaCy and doccano ---------------------------------------------------------------


def test_jsonl_is_one_document_per_line_with_spans_and_doccano_labels(sample):
    text, result = formats.render("jsonl", [sample, sample])
    lines = text.split("\n")
    assert lines[-1] == "" and len(lines) == 3  # one line per document, \n-terminated
    assert all(len(line.splitlines()) == 1 for line in lines[:-1])
    record = json.loads(lines[0])
    assert record["text"] == sample.text
    assert record["meta"] == {"id": sample.id, "title": sample.title, "path": PATH, "source": {}}
    assert len(record["spans"]) == 5  # the orphan is left out
    assert result.orphaned == 2  # once per line
    # doccano's sequence-labelling import: "text" and "label": [[start, end, LABEL]], start < end
    assert record["label"] == [[s["start"], s["end"], s["label"]] for s in record["spans"]]
    for start, end, label in record["label"]:
        assert isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(record["text"])
        assert isinstance(label, str) and label
    for span in record["spans"]:
        ann = next(a for a in sample.annotations if a.id == span["id"])
        assert record["text"][span["start"] : span["end"]] == ann.quote


def test_jsonl_loads_into_spacy(sample):
    spacy = pytest.importorskip("spacy")
    nlp = spacy.blank("en")
    text, _ = formats.render("jsonl", [sample])
    for line in text.splitlines():
        record = json.loads(line)
        doc = nlp(record["text"])
        assert doc.text == record["text"]
        for span in record["spans"]:
            char_span = doc.char_span(span["start"], span["end"], label=span["label"])
            assert char_span is not None, span
            assert char_span.text == record["text"][span["start"] : span["end"]]
            assert char_span.label_ == span["label"]
        doc.spans["tui"] = [doc.char_span(s["start"], s["end"], label=s["label"]) for s in record["spans"]]
        assert len(doc.spans["tui"]) == 5


def test_jsonl_escapes_the_line_separators_that_splitlines_would_cut_at():
    text = "one\u2028two\x85three\u2029four"
    doc_id = "b" * 64
    ann = Annotation.create(text, doc_id, 0, 3, "actor")
    out, _ = formats.render("jsonl", [ExportDocument(doc_id, "", "t", (ann,), text)])
    assert len(out.splitlines()) == 1
    assert json.loads(out)["text"] == text


# -- brat: re-parsed independently -----------------------------------------------------------


def parse_brat(ann: str) -> tuple[dict[str, tuple[str, list[tuple[int, int]], str]], list[tuple[str, str, str]]]:
    """A minimal reader of brat standoff, as brat's own server splits lines (its
    annotation.py reads the .ann with a codecs reader's ``readlines()``, which cuts
    wherever ``str.splitlines()`` does): T lines -> {id: (type, ranges, text)},
    # lines -> [(type, target, text)]."""
    entities, comments = {}, []
    for line in ann.splitlines():
        if not line:
            continue
        ident, rest = line.split("\t", 1)
        data, text = rest.split("\t", 1)
        if ident.startswith("T"):
            kind, spans = data.split(" ", 1)
            ranges = [tuple(int(x) for x in piece.split(" ")) for piece in spans.split(";")]
            entities[ident] = (kind, ranges, text)
        elif ident.startswith("#"):
            kind, target = data.split(" ")
            comments.append((kind, target, text))
        else:
            raise AssertionError(f"unexpected line {line!r}")
    return entities, comments


def test_brat_every_t_text_is_the_txt_at_its_offsets(tmp_path, sample):
    formats.write("brat", [sample], tmp_path)
    [ann_file] = tmp_path.glob("*.ann")
    txt = ann_file.with_suffix(".txt").read_text("utf-8")
    assert txt == sample.text
    entities, comments = parse_brat(ann_file.read_text("utf-8"))
    assert len(entities) == 5
    multi = 0
    for kind, ranges, text in entities.values():
        assert kind in ("actor", "claim", "date")
        assert text == " ".join(txt[s:e] for s, e in ranges)  # brat's rule for discontinuous spans
        assert all("\n" not in txt[s:e] for s, e in ranges)
        multi += len(ranges) > 1
    assert multi == 1  # the claim across the heading and its paragraph
    notes = {(target, text) for kind, target, text in comments if kind == "AnnotatorNotes"}
    assert ("T2", '=HYPERLINK("http://example.org")') in notes  # after Pentagon
    assert {text for kind, _, text in comments if kind == "Annotator"} == {"ana", "ben"}


def test_brat_lines_survive_every_line_break_that_splitlines_knows(tmp_path):
    # brat reads the .ann with readlines() of a codecs reader: a U+2028 or a form feed
    # written raw inside a note or a T text cuts that line in two and brat cannot parse it.
    breaks = [chr(c) for c in range(0x110000) if len(f"a{chr(c)}b".splitlines()) > 1]
    assert set(breaks) == set(LINE_BREAKS)  # brat.py knows every one of them
    text = "".join(f"w{i} x{b}y" for i, b in enumerate(breaks)) + " end"
    doc_id = "d" * 64
    anns = tuple(
        Annotation.create(text, doc_id, text.index(f"w{i} "), text.index(f"w{i} ") + len(f"w{i} x{b}y"), "claim",
                          note=f"one{b}two", annotator=f"ana{b}ben")
        for i, b in enumerate(breaks)
    ) + (Annotation.create(text, doc_id, 0, len(text), "actor"),)
    formats.write("brat", [ExportDocument(doc_id, "", "t", anns, text)], tmp_path)
    [ann_file] = tmp_path.glob("*.ann")
    entities, comments = parse_brat(ann_file.read_bytes().decode("utf-8"))
    assert len(entities) == len(anns)
    txt = ann_file.with_suffix(".txt").read_bytes().decode("utf-8")
    for kind, ranges, quote in entities.values():
        assert quote == " ".join(txt[s:e] for s, e in ranges)  # what brat compares it with
        assert not any(b in quote for b in breaks)
    pieces = sorted(len(ranges) for kind, ranges, _ in entities.values())
    assert pieces == [2] * len(breaks) + [len(breaks) + 1]  # cut at each break, as at "\n"
    assert {text for kind, _, text in comments if kind == "AnnotatorNotes"} == {"one two"}
    assert {text for kind, _, text in comments if kind == "Annotator"} == {"ana ben"}


def test_the_readme_annotation_conf_lets_brat_verify_overlapping_annotations():
    # brat's verify_annotations.py reports every nested, equal or crossing pair of spans
    # unless annotation.conf has an <OVERLAP> rule allowing it: the sample nests an actor
    # in a claim. docs/formats.md gives the configuration users copy.
    readme = (Path(__file__).resolve().parents[2] / "docs" / "formats.md").read_text("utf-8")
    conf = re.search(r"^```\n(\[entities\]\n.*?)^```", readme, re.S | re.M).group(1)
    sections: dict[str, list[str]] = {}
    for line in conf.splitlines():
        if line.startswith("["):
            current = sections.setdefault(line.strip("[]"), [])
        elif line.strip():
            current.append(line.strip())
    assert set(sections) == {"entities", "relations", "events", "attributes"}
    assert set(sections["entities"]) == {"actor", "claim", "date"}
    assert "<OVERLAP> Arg1:<ANY>, Arg2:<ANY>, <OVL-TYPE>:<ANY>" in sections["relations"]


def test_brat_fragments_cut_at_line_breaks_and_drop_empty_pieces():
    text = "ab\n\ncd\nef"
    assert fragments(text, 0, len(text)) == [(0, 2), (4, 6), (7, 9)]
    assert fragments(text, 2, 4) == []
    assert fragments(text, 1, 5) == [(1, 2), (4, 5)]


def test_brat_leaves_out_a_span_of_line_breaks_only():
    text = "one\n\ntwo"
    doc_id = "c" * 64
    anns = (Annotation.create(text, doc_id, 3, 5, "claim"), Annotation.create(text, doc_id, 0, 3, "actor"))
    result = ExportResult("brat")
    from tui_reader.formats.brat import ann_text

    assert ann_text(ExportDocument(doc_id, "", "t", anns, text), result) == "T1\tactor 0 3\tone\n"
    assert (result.written, result.unplaceable) == (1, 1)
    assert "1 annotation of line breaks only" in result.summary()


# -- CSV: read back by the csv module ---------------------------------------------------------


def test_csv_reads_back_with_the_csv_module(tmp_path, sample):
    out = tmp_path / "a.csv"
    formats.write("csv", [sample], out)
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM that makes Excel read UTF-8
    with out.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert tuple(rows[0]) == COLUMNS
    assert len(rows) == 6
    by_id = {row["id"]: row for row in rows}
    claim = by_id[f"{3:032x}"]
    assert claim["quote"].startswith("Military Leaders Praise Ecuador’s Forces\nGeneral")  # a line break survives
    assert (int(claim["start"]), int(claim["end"])) == (sample.text.index("Military Leaders Praise"), sample.text.index("issued a statement") + 18)
    assert by_id[f"{2:032x}"]["note"] == "'=HYPERLINK(\"http://example.org\")"  # neutralized, in the csv only
    orphan = by_id[f"{6:032x}"]
    assert (orphan["status"], orphan["start"], orphan["end"]) == ("orphaned", "", "")
    assert by_id[f"{1:032x}"]["document"] == sample.title and by_id[f"{1:032x}"]["section"]


@pytest.mark.parametrize("value", ["=1+1", "+1", "-2", "@SUM(A1)", "\tx", "\rx"])
def test_csv_neutralizes_cells_a_spreadsheet_would_evaluate(value):
    assert neutralize(value) == "'" + value
    text = "x " + value.strip() + " y"
    quote = value.strip() or value
    doc_id = "d" * 64
    start = text.index(quote)
    ann = Annotation.create(text, doc_id, start, start + len(quote), "claim", note=value)
    out, _ = formats.render("csv", [ExportDocument(doc_id, "", "t", (ann,), text)])
    [row] = list(csv.DictReader(io.StringIO(out)))
    assert row["note"] == "'" + value
    assert row["quote"] == ("'" + quote if quote[0] in "=+-@" else quote)
    assert ann.quote == quote  # the annotation itself is unchanged


@pytest.mark.parametrize("value", ["Ana", "3 March", "a=b", "", "'quoted"])
def test_csv_leaves_ordinary_cells_alone(value):
    assert neutralize(value) == value


# -- names and bad requests ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "path, fmt, expected",
    [
        ("/x/notes-annotations.json", "w3c", "/x/notes-annotations.jsonld"),
        ("/x/notes-annotations.jsonld", "jsonl", "/x/notes-annotations.jsonl"),
        ("/x/notes-annotations.jsonl", "csv", "/x/notes-annotations.csv"),
        ("/x/notes-annotations.csv", "brat", "/x/notes-annotations-brat"),
        ("/x/notes-annotations-brat", "json", "/x/notes-annotations.json"),
        ("/x/notes", "csv", "/x/notes.csv"),
    ],
)
def test_the_proposed_path_follows_the_format(path, fmt, expected):
    assert export_path_for(path, fmt) == expected


def test_brat_needs_a_folder_not_stdout(sample):
    with pytest.raises(formats.ExportError, match="brat writes a folder"):
        formats.render("brat", [sample])


def test_brat_into_a_missing_parent_is_refused(tmp_path, sample):
    with pytest.raises(formats.ExportError, match="does not exist"):
        formats.write("brat", [sample], tmp_path / "no" / "brat")
    assert list(tmp_path.iterdir()) == []
