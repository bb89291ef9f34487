"""Inter-annotator agreement: the figures on a small example computed by hand, and the
agree command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import tui_reader.cli as cli
from tui_reader.agree import agreement, kappa, tokens
from tui_reader.annotations import ORPHANED, Annotation
from tui_reader.document import load_document
from tui_reader.formats.native import native_export, write_json

TEXT = "Ana met Ben in Quito on Monday. They agreed."
DOC = "e" * 64


def ann(quote: str, tag: str, annotator: str, **fields) -> Annotation:
    start = TEXT.index(quote)
    a = Annotation.create(TEXT, DOC, start, start + len(quote), tag, annotator=annotator)
    return a.with_changes(**fields) if fields else a


A = [ann("Ana", "actor", "ana"), ann("Ben", "actor", "ana"), ann("Monday", "date", "ana"), ann("They agreed", "claim", "ana")]
B = [ann("Ana", "actor", "ben"), ann("Ben", "claim", "ben"), ann("on Monday", "date", "ben"), ann("Quito", "actor", "ben")]

# Tokens (11): Ana met Ben in Quito on Monday . They agreed .
#
# actor  A {Ana, Ben}  B {Ana, Quito}: exact 1 match: P = 1/2, R = 1/2, F1 = 2*1/(2+2) = 0.5;
#        overlap: A's Ana found, Ben not (1/2); B's Ana found, Quito not (1/2): F1 = 0.5.
#        tokens in an actor span: A Ana, Ben; B Ana, Quito. Same label on 9 of 11: p_o = 9/11;
#        p_e = (2/11)(2/11) + (9/11)(9/11) = 85/121; kappa = (99-85)/(121-85) = 14/36.
# claim  A {They agreed}  B {Ben}: no match, no overlap: F1 = 0 and 0.
#        tokens: A They, agreed; B Ben: p_o = 8/11; p_e = (2*1 + 9*10)/121 = 92/121;
#        kappa = (88-92)/(121-92) = -4/29.
# date   A {Monday}  B {on Monday}: exact F1 = 0; overlap: both found, P = R = 1, F1 = 1.
#        tokens: A Monday; B on, Monday: p_o = 10/11; p_e = (1*2 + 10*9)/121 = 92/121;
#        kappa = (110-92)/(121-92) = 18/29.
# overall exact: 1 match, |A| = |B| = 4: F1 = 2/8 = 0.25; overlap: 2 of A's found, 2 of B's: F1 = 0.5.
#        categories (set of tags on each token): the same on Ana, met, in, Monday, ., . : p_o = 6/11.
#        A: none 6, actor 2, date 1, claim 2; B: none 6, actor 2, date 2, claim 1:
#        p_e = (36 + 4 + 2 + 2)/121 = 44/121; kappa = (66-44)/(121-44) = 22/77 = 2/7.


def test_the_figures_match_the_hand_computation():
    result = agreement(TEXT, A, B)
    assert result["tokens"] == len(tokens(TEXT)) == 11
    tags = result["tags"]
    assert tags["actor"]["exact"] == {"matches": 1, "precision": 0.5, "recall": 0.5, "f1": 0.5}
    assert tags["actor"]["overlap"]["f1"] == 0.5
    assert tags["actor"]["kappa"] == pytest.approx(14 / 36)
    assert (tags["claim"]["exact"]["f1"], tags["claim"]["overlap"]["f1"]) == (0.0, 0.0)
    assert tags["claim"]["kappa"] == pytest.approx(-4 / 29)
    assert tags["date"]["exact"]["f1"] == 0.0
    assert tags["date"]["overlap"] == {"found_a": 1, "found_b": 1, "precision": 1.0, "recall": 1.0, "f1": 1.0}
    assert tags["date"]["kappa"] == pytest.approx(18 / 29)
    overall = result["overall"]
    assert (overall["a"], overall["b"]) == (4, 4)
    assert overall["exact"]["f1"] == pytest.approx(0.25)
    assert overall["overlap"]["f1"] == pytest.approx(0.5)
    assert overall["kappa"] == pytest.approx(2 / 7)


def test_the_disagreements_are_listed_in_text_order():
    found = agreement(TEXT, A, B)["disagreements"]
    assert [(d["kind"], (d["a"] or d["b"])["quote"]) for d in found] == [
        ("tag", "Ben"),
        ("only_b", "Quito"),
        ("boundaries", "Monday"),
        ("only_a", "They agreed"),
    ]
    assert found[0]["b"]["tag"] == "claim" and found[2]["b"]["quote"] == "on Monday"


def test_perfect_agreement_and_edge_cases():
    same = agreement(TEXT, A, A)
    assert same["overall"]["exact"]["f1"] == 1.0 and same["overall"]["kappa"] == 1.0 and same["disagreements"] == []
    empty = agreement(TEXT, [], [])
    assert empty["overall"]["exact"]["f1"] is None  # nothing to agree on: undefined, not 1
    assert empty["overall"]["kappa"] is None  # every token "none" for both: p_e = 1
    one_sided = agreement(TEXT, A, [])
    assert one_sided["overall"]["exact"]["f1"] == 0.0 and one_sided["tags"]["date"]["exact"]["recall"] == 0.0
    assert kappa(["x", "y"], ["y", "x"]) == pytest.approx(-1.0)


def test_orphans_and_duplicates_are_left_out():
    orphan = ann("Quito", "actor", "ana", status=ORPHANED)
    twice = ann("Ana", "actor", "ana")
    result = agreement(TEXT, A + [orphan, twice], B)
    assert result["orphaned_left_out"] == {"a": 1, "b": 0}
    assert result["overall"]["a"] == 4 and result["tags"]["actor"]["kappa"] == pytest.approx(14 / 36)


# Grapheme clusters: "Pe\u0301rez" (é as e + combining acute) is one word, the family emoji
# (three people joined by U+200D) one token. Tokens (5): Pérez met 👨‍👩‍👧 today .
# A: actor Pérez (0-6), actor family (11-16).  B: actor "Pe\u0301" (0-3, inside the word), date today (17-22).
# actor  exact: no match, F1 = 0. overlap: A's Pérez found, family not (R = 1/2); B's one found (P = 1): F1 = 2/3.
#        tokens in an actor span: A Pérez, family; B Pérez: p_o = 4/5; p_e = (2*1 + 3*4)/25 = 14/25;
#        kappa = (20-14)/(25-14) = 6/11.
# date   A none, B today: F1 = 0 (one side only); p_o = 4/5, p_e = (0*1 + 5*4)/25 = 4/5: kappa = 0.
# claim  nobody: F1 and kappa undefined.
# overall exact F1 = 0; overlap: 1 of A's 2 found, 1 of B's 2: F1 = 0.5.
#        categories the same on Pérez, met, "." : p_o = 3/5; A: actor 2, none 3; B: actor 1, date 1, none 3:
#        p_e = (2*1 + 3*3)/25 = 11/25; kappa = (15-11)/(25-11) = 2/7.
WIDE = "Pe\u0301rez met \U0001F468\u200d\U0001F469\u200d\U0001F467 today."


def test_tokens_are_grapheme_clusters_and_the_figures_match_the_hand_computation():
    def on(start: int, end: int, tag: str) -> Annotation:
        return Annotation.create(WIDE, DOC, start, end, tag)

    assert [WIDE[s:e] for s, e in tokens(WIDE)] == ["Pe\u0301rez", "met", WIDE[11:16], "today", "."]
    result = agreement(WIDE, [on(0, 6, "actor"), on(11, 16, "actor")], [on(0, 3, "actor"), on(17, 22, "date")])
    actor, date, claim, overall = (result["tags"]["actor"], result["tags"]["date"], result["tags"]["claim"], result["overall"])
    assert actor["exact"]["f1"] == 0.0 and actor["overlap"]["f1"] == pytest.approx(2 / 3)
    assert actor["kappa"] == pytest.approx(6 / 11)
    assert (date["exact"]["f1"], date["kappa"]) == (0.0, pytest.approx(0.0))
    assert (claim["exact"]["f1"], claim["overlap"]["f1"], claim["kappa"]) == (None, None, None)
    assert (overall["exact"]["f1"], overall["overlap"]["f1"]) == (0.0, 0.5)
    assert overall["kappa"] == pytest.approx(2 / 7)
    assert [d["kind"] for d in result["disagreements"]] == ["boundaries", "only_a", "only_b"]


# -- the command ----------------------------------------------------------------------------------


def export(tmp_path: Path, name: str, anns: list[Annotation], path: str) -> Path:
    data = native_export([{"id": DOC, "path": path, "title": "Meeting", "annotations": anns}])
    return write_json(data, tmp_path / name)


def run(capsys, *argv):
    code = cli.main([*argv, "--data-dir", "/nonexistent/tui-reader-test"])
    out, err = capsys.readouterr()
    return code, out, err


def test_agree_json_and_text(tmp_path, capsys):
    real = tmp_path / "meeting.txt"
    real.write_text(TEXT, "utf-8")
    doc_id = load_document(real).id
    a = [x.__class__(**{**x.to_dict(), "document": doc_id}) for x in A]
    b = [x.__class__(**{**x.to_dict(), "document": doc_id}) for x in B]
    fa = write_json(native_export([{"id": doc_id, "path": str(real), "title": "Meeting", "annotations": a}]), tmp_path / "a.json")
    fb = write_json(native_export([{"id": doc_id, "path": "", "title": "Meeting", "annotations": b}]), tmp_path / "b.json")
    code, out, err = run(capsys, "agree", str(fa), str(fb), "--json")
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert data["overall"]["kappa"] == pytest.approx(2 / 7)
    assert (data["a"]["annotators"], data["b"]["annotators"]) == (["ana"], ["ben"])
    assert data["document"] == {"id": doc_id, "title": "Meeting"}
    code, out, err = run(capsys, "agree", str(fa), str(fb))
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == f"Agreement on “Meeting” ({doc_id[:12]}…), 11 tokens"
    assert lines[1] == f"  A: {fa} (4 annotations by ana)"
    assert "overall     4    4     0.250       0.500   0.286" in lines
    assert "Disagreements: 4" in lines
    assert "  tag         8-11  A actor, B claim: “Ben”" in lines


def test_agree_needs_the_text_and_says_how_to_give_it(tmp_path, capsys):
    real = tmp_path / "meeting.txt"
    real.write_text(TEXT, "utf-8")
    doc_id = load_document(real).id
    move = lambda xs: [x.__class__(**{**x.to_dict(), "document": doc_id}) for x in xs]  # noqa: E731
    fa = write_json(native_export([{"id": doc_id, "path": "/gone/meeting.txt", "title": "Meeting", "annotations": move(A)}]), tmp_path / "a.json")
    fb = write_json(native_export([{"id": doc_id, "path": "", "title": "Meeting", "annotations": move(B)}]), tmp_path / "b.json")
    code, out, err = run(capsys, "agree", str(fa), str(fb))
    assert (code, out) == (2, "") and err.count("\n") == 1
    assert "the text is needed for kappa" in err and "give it with --text PATH" in err
    code, out, err = run(capsys, "agree", str(fa), str(fb), "--text", str(real), "--json")
    assert code == 0 and json.loads(out)["overall"]["exact"]["f1"] == 0.25
    other = tmp_path / "other.txt"
    other.write_text("Something else.", "utf-8")
    code, out, err = run(capsys, "agree", str(fa), str(fb), "--text", str(other))
    assert code == 2 and "is not the text the exports annotate" in err


def test_agree_refuses_exports_of_different_documents(tmp_path, capsys):
    fa = export(tmp_path, "a.json", A, "")
    other = [Annotation.create("x y", "f" * 64, 0, 1, "actor")]
    fb = write_json(native_export([{"id": "f" * 64, "path": "", "title": "Other", "annotations": other}]), tmp_path / "b.json")
    code, out, err = run(capsys, "agree", str(fa), str(fb))
    assert code == 2 and "have no document in common" in err and err.count("\n") == 1
    code, out, err = run(capsys, "agree", str(fa), str(tmp_path / "missing.json"))
    assert code == 2 and err == f"tui-reader: {tmp_path / 'missing.json'}: cannot read: no such file\n"


def test_agree_compares_two_brat_annotators_with_their_own_tags(tmp_path, capsys):
    for who, ann in (("a", "T1\tPerson 0 3\tAna\nT2\tPerson 8 11\tBen\n"), ("b", "T1\tPerson 0 3\tAna\nT2\tPlace 15 20\tQuito\n")):
        (tmp_path / who).mkdir()
        (tmp_path / who / "m.txt").write_text(TEXT, "utf-8")
        (tmp_path / who / "m.ann").write_text(ann, "utf-8")
    code, out, err = run(capsys, "agree", str(tmp_path / "a" / "m.ann"), str(tmp_path / "b" / "m.ann"), "--json")
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert data["tags"]["Person"]["exact"] == {"matches": 1, "precision": 1.0, "recall": 0.5, "f1": pytest.approx(2 / 3)}
    assert data["tags"]["Place"]["b"] == 1 and data["overall"]["exact"]["f1"] == 0.5


# Links: "They agreed" (claim) said_by Ana and dated Monday, on both sides but with other spans.
#   A: claim "They agreed" -said_by-> actor "Ana", -dated-> date "Monday", actor "Ben" -same_as-> "Ana"
#   B: claim "They agreed" -said_by-> actor "Ana", -dated-> date "on Monday", actor "Quito" -same_as-> "Ana"
# said_by: the same ends: exact 1 of 1 each: F1 = 1; overlap 1.
# dated:   ends Monday / on Monday: exact 0 (F1 = 0); both ends overlap, same tags: overlap F1 = 1.
# same_as: sources Ben / Quito do not overlap: exact 0, overlap 0.
# overall: exact 1 of 3 each: F1 = 2/6 = 1/3; overlap: 2 of 3 found each way: F1 = 2/3.


def _linked():
    from tui_reader.annotations import Link

    def side(who, date_quote, other_actor):
        ana, other = ann("Ana", "actor", who), ann(other_actor, "actor", who)
        date, claim = ann(date_quote, "date", who), ann("They agreed", "claim", who)
        claim = claim.with_changes(links=(Link.create("said_by", ana.id), Link.create("dated", date.id)))
        other = other.with_changes(links=(Link.create("same_as", ana.id),))
        return [ana, other, date, claim]

    return side("ana", "Monday", "Ben"), side("ben", "on Monday", "Quito")


def test_link_agreement_matches_the_hand_computation():
    a, b = _linked()
    links = agreement(TEXT, a, b)["links"]
    assert links["types"]["said_by"]["exact"]["f1"] == 1.0
    assert (links["types"]["dated"]["exact"]["f1"], links["types"]["dated"]["overlap"]["f1"]) == (0.0, 1.0)
    assert (links["types"]["same_as"]["exact"]["f1"], links["types"]["same_as"]["overlap"]["f1"]) == (0.0, 0.0)
    assert links["overall"]["exact"]["f1"] == pytest.approx(1 / 3)
    assert links["overall"]["overlap"]["f1"] == pytest.approx(2 / 3)
    assert (links["overall"]["a"], links["overall"]["b"]) == (3, 3)


def test_agree_reports_link_agreement_in_text_and_json(tmp_path, capsys):
    real = tmp_path / "meeting.txt"
    real.write_text(TEXT, "utf-8")
    doc_id = load_document(real).id
    a, b = ([Annotation.from_dict({**x.to_dict(), "document": doc_id}) for x in side] for side in _linked())
    fa = write_json(native_export([{"id": doc_id, "path": str(real), "title": "Meeting", "annotations": a}]), tmp_path / "a.json")
    fb = write_json(native_export([{"id": doc_id, "path": "", "title": "Meeting", "annotations": b}]), tmp_path / "b.json")
    code, out, err = run(capsys, "agree", str(fa), str(fb), "--json")
    assert (code, err) == (0, "")
    assert json.loads(out)["links"]["overall"]["exact"]["f1"] == pytest.approx(1 / 3)
    code, out, err = run(capsys, "agree", str(fa), str(fb))
    lines = out.splitlines()
    assert "link        A    B  exact F1  overlap F1" in lines
    assert "dated       1    1     0.000       1.000" in lines
    assert "overall     3    3     0.333       0.667" in lines
