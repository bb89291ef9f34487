"""Links, verdicts, values and entity names on one document, with no app: each one an
undoable change that a fresh process reads back."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tui_reader.annotations import Link
from tui_reader.config import tags_and_keys
from tui_reader.document import load_document
from tui_reader.ledger import build_ledger, ledger_json
from tui_reader.linktypes import LinkTypeError
from tui_reader.store import DamagedFile, Store
from tui_reader.tagset import DEFAULT_TAGS
from tui_reader.workspace import Workspace, WorkspaceError

SAMPLE = Path(__file__).resolve().parents[2] / "sample_docs" / "us-ecuador-joint-operations.txt"


@pytest.fixture
def ws(tmp_path):
    return Workspace(load_document(SAMPLE), Store(tmp_path / "data"))


def tag(ws: Workspace, words: str, tag_name: str, nth: int = 0):
    i = -1
    for _ in range(nth + 1):
        i = ws.document.text.index(words, i + 1)
    return ws.tag(i, i + len(words), tag_name)


def fresh(ws: Workspace, tmp_path: Path):
    """What a fresh process reads back, by id."""
    return {a.id: a for a in Store(tmp_path / "data").annotations(ws.document.id)}


@pytest.fixture
def flow(ws):
    claim = tag(ws, "Donovan described Ecuador", "claim")
    actor = tag(ws, "General Francis L. Donovan", "actor")
    date = tag(ws, "Tuesday", "date")
    return ws, claim, actor, date


def test_a_claim_links_to_its_actor_and_date_and_a_fresh_process_reads_them(flow, tmp_path):
    ws, claim, actor, date = flow
    said = ws.link(claim.id, actor.id)
    dated = ws.link(claim.id, date.id)
    assert (said.type, dated.type) == ("said_by", "dated")
    back = fresh(ws, tmp_path)[claim.id]
    assert [(l.type, l.target) for l in back.links] == [("said_by", actor.id), ("dated", date.id)]


def test_a_link_the_types_do_not_allow_is_refused(flow):
    ws, claim, actor, date = flow
    with pytest.raises(WorkspaceError, match="an actor cannot link to a date"):
        ws.link(actor.id, date.id)
    with pytest.raises(WorkspaceError, match="itself"):
        ws.link(claim.id, claim.id)
    ws.link(claim.id, actor.id)
    with pytest.raises(WorkspaceError, match="already linked"):
        ws.link(claim.id, actor.id, "said_by")


def test_deleting_the_actor_removes_its_links_and_undo_brings_both_back(flow, tmp_path):
    ws, claim, actor, date = flow
    ws.link(claim.id, actor.id)
    ws.link(claim.id, date.id)
    ws.delete(actor.id)
    back = fresh(ws, tmp_path)
    assert actor.id not in back
    assert [l.type for l in back[claim.id].links] == ["dated"]
    ws.undo()
    back = fresh(ws, tmp_path)
    assert actor.id in back
    assert [l.type for l in back[claim.id].links] == ["said_by", "dated"]
    ws.redo()
    assert [l.type for l in fresh(ws, tmp_path)[claim.id].links] == ["dated"]


def test_unlink_and_its_undo(flow, tmp_path):
    ws, claim, actor, _ = flow
    link = ws.link(claim.id, actor.id)
    ws.unlink(claim.id, link.id)
    assert fresh(ws, tmp_path)[claim.id].links == ()
    ws.undo()
    assert fresh(ws, tmp_path)[claim.id].links == (link,)


def test_candidates_are_those_the_types_allow_nearest_first(ws):
    claim = tag(ws, "Donovan described Ecuador", "claim")
    near = tag(ws, "General Francis L. Donovan", "actor")
    far = tag(ws, "Pentagon", "actor", nth=2)
    tag(ws, "Ecuador", "claim", nth=3)  # claims are not a claim's targets
    got = [(a.id, [t.name for t in types]) for a, types in ws.link_candidates(claim.id)]
    assert [g[0] for g in got] == [near.id, far.id]
    assert got[0][1] == ["said_by"]


def test_verdicts_are_the_configured_list(flow, tmp_path):
    ws, claim, _, _ = flow
    ws.set_verdict(claim.id, "misleading")
    assert fresh(ws, tmp_path)[claim.id].verdict == "misleading"
    with pytest.raises(WorkspaceError, match="unknown verdict 'wrong'"):
        ws.set_verdict(claim.id, "wrong")
    ws.set_verdict(claim.id, "unverified")  # the default is stored as no verdict
    assert fresh(ws, tmp_path)[claim.id].verdict == ""
    ws.undo()
    assert fresh(ws, tmp_path)[claim.id].verdict == "misleading"


def test_a_date_value_must_be_iso_8601(flow):
    ws, _, _, date = flow
    assert ws.set_value(date.id, "2025-03-04").value == "2025-03-04"
    assert ws.set_value(date.id, "2025-03-03/2025-03-09").value == "2025-03-03/2025-03-09"
    with pytest.raises(WorkspaceError, match="not an ISO 8601"):
        ws.set_value(date.id, "last Tuesday")


@pytest.mark.parametrize(
    "value, problem",
    [
        ("2025-02-30", "has no such date (2025-02-30)"),
        ("2025-13", "has no such date (2025-13)"),
        ("2025-03-09/2025-03-03", "ends before it starts"),
    ],
)
def test_a_date_value_must_be_a_real_date(flow, tmp_path, value, problem):
    ws, _, _, date = flow
    ws.set_value(date.id, "2025-03-04")
    with pytest.raises(WorkspaceError, match=re.escape(problem)):
        ws.set_value(date.id, value)
    assert fresh(ws, tmp_path)[date.id].value == "2025-03-04"
    assert ws.set_value(date.id, "2025-03-09/2025-03").value == "2025-03-09/2025-03"  # March ends after the 9th


def test_entities_join_mentions_by_same_as_and_claims_name_the_entity(ws):
    claim = tag(ws, "Donovan described Ecuador", "claim")
    full = tag(ws, "General Francis L. Donovan", "actor")
    short = tag(ws, "Donovan", "actor", nth=1)
    ws.link(claim.id, short.id)
    ws.link(short.id, full.id)
    ledger = build_ledger(ws.all_annotations, ws.tags)
    assert [e.name for e in ledger.entities] == ["General Francis L. Donovan"]
    assert ledger.claims[0].entity_names == "General Francis L. Donovan"
    ws.set_name(short.id, "Gen. Donovan")
    data = ledger_json(build_ledger(ws.all_annotations, ws.tags))
    assert data["claims"][0]["said_by"] == [{"id": short.id, "quote": "Donovan", "entity": "Gen. Donovan"}]
    assert {m["id"] for m in data["entities"][0]["mentions"]} == {full.id, short.id}


def test_an_unattributed_claim_is_listed_not_hidden(ws):
    claim = tag(ws, "Donovan described Ecuador", "claim")
    rows = build_ledger(ws.all_annotations, ws.tags).claims
    assert [r.claim.id for r in rows] == [claim.id] and not rows[0].attributed


def test_an_orphaned_annotation_keeps_its_links(flow, tmp_path):
    ws, claim, actor, _ = flow
    ws.link(claim.id, actor.id)
    orphan = ws.get(claim.id).with_changes(status="orphaned")
    ws.store.update(orphan)
    back = fresh(ws, tmp_path)[claim.id]
    assert back.orphaned and [l.target for l in back.links] == [actor.id]


def test_a_stored_link_of_the_wrong_shape_makes_the_file_damaged(flow, tmp_path):
    ws, claim, actor, _ = flow
    ws.link(claim.id, actor.id)
    ws.store.close()
    path = tmp_path / "data" / "docs" / f"{ws.document.id}.json"
    Store(tmp_path / "data").close()  # folds the change log into the file
    data = json.loads(path.read_text("utf-8"))
    for record in data["annotations"].values():
        if record["id"] == claim.id:
            record["links"] = [{"id": "x", "type": "said_by"}]
    path.write_text(json.dumps(data), "utf-8")
    with pytest.raises(DamagedFile, match="link"):
        Store(tmp_path / "data").annotations(ws.document.id)


def test_a_schema_1_file_is_upgraded_with_a_backup_and_keeps_its_annotations(flow, tmp_path):
    ws, claim, _, _ = flow
    ws.store.close()
    Store(tmp_path / "data").close()
    path = tmp_path / "data" / "docs" / f"{ws.document.id}.json"
    data = json.loads(path.read_text("utf-8"))
    for record in data["annotations"].values():
        for name in ("links", "verdict", "value", "name"):
            del record[name]
    data["meta"] = {"1": {"schema": 1}}
    old = json.dumps(data).encode()
    path.write_bytes(old)
    store = Store(tmp_path / "data")
    assert {a.id for a in store.annotations(ws.document.id)} >= {claim.id}
    assert path.with_name(path.name + ".schema1.bak").read_bytes() == old
    assert json.loads(path.read_text("utf-8"))["meta"] == {"2": {"schema": 2}}


def test_the_source_is_stored_with_the_annotations(flow, tmp_path):
    ws, claim, _, _ = flow
    ws.store.set_source(ws.document.id, {"url": "https://example.org/a", "published": "2025-03-06"})
    store = Store(tmp_path / "data")
    assert store.source(ws.document.id) == {"url": "https://example.org/a", "published": "2025-03-06"}
    assert claim.id in {a.id for a in store.annotations(ws.document.id)}


def test_link_types_and_verdicts_come_from_config(tmp_path):
    config = {
        "links": [{"name": "quoted_in", "from": "claim", "to": ["actor", "date"], "label": "quoted in"}],
        "verdicts": ["open", "holds", "fails"],
    }
    tags, _ = tags_and_keys(config, tmp_path / "config.toml")
    assert [t.name for t in tags.link_types] == ["said_by", "dated", "same_as", "quoted_in"]
    assert tags.verdicts == ("open", "holds", "fails")
    with pytest.raises(LinkTypeError, match=r"\[\[links\]\] entry 1 \('x'\): to names 'person', which is not a tag"):
        tags_and_keys({"links": [{"name": "x", "from": "claim", "to": "person"}]}, tmp_path / "config.toml")
    with pytest.raises(LinkTypeError, match="listed twice"):
        tags_and_keys({"verdicts": ["a", "a"]}, tmp_path / "config.toml")
    assert DEFAULT_TAGS.verdicts[0] == "unverified"


def test_links_survive_a_copy_to_another_text(tmp_path):
    from tui_reader.versions import copies

    doc = load_document(SAMPLE)
    store = Store(tmp_path / "data")
    ws = Workspace(doc, store)
    claim = tag(ws, "Donovan described Ecuador", "claim")
    actor = tag(ws, "General Francis L. Donovan", "actor")
    ws.link(claim.id, actor.id)
    other = tmp_path / "copy.txt"
    other.write_text("Preface.\n\n" + doc.text, "utf-8")
    out, _, _ = copies(ws.all_annotations, load_document(other), [], lambda _: "")
    by_quote = {a.quote[:7]: a for a in out}
    assert [l.target for l in by_quote["Donovan"].links] == [by_quote["General"].id]
    assert isinstance(by_quote["Donovan"].links[0], Link)
