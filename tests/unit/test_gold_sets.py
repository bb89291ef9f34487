"""The hand-labelled gold sets of benchmarks/gold/ (and its held-out rounds) stay true to their texts: an edit to a text
(or to the sample) that moves a labelled span, or a link that joins the wrong kinds of span,
fails here rather than silently skewing the suggestion figures measured against them."""

from __future__ import annotations

import importlib.util
import json
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GOLD = ROOT / "benchmarks" / "gold"


def _checker():
    spec = importlib.util.spec_from_file_location("gold_check", GOLD / "check.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


check = _checker()


def test_the_sample_and_other_texts_have_gold_sets_with_every_tag_and_link_type():
    files = check.gold_files()
    names = {json.loads(f.read_text(encoding="utf-8"))["text"] for f in files}
    assert "../../sample_docs/us-ecuador-joint-operations.txt" in names
    assert len(files) >= 3
    for f in files:
        summary = check.summarize(f)
        assert set(summary["spans"]) == {"actor", "claim", "date"}, f.name
        assert {"said_by", "same_as"} <= set(summary["links"]), f.name


@pytest.mark.parametrize("folder", ["HELDOUT", "HELDOUT2"])
def test_held_out_sets_are_checked_alike_but_kept_out_of_the_tuning_sets(folder):
    held_out = check.gold_files(getattr(check, folder))
    assert len(held_out) >= 2
    assert not set(held_out) & set(check.gold_files())
    assert set(held_out) <= set(check.all_gold_files())
    for f in held_out:
        summary = check.summarize(f)
        assert set(summary["spans"]) == {"actor", "claim", "date"}, f.name
        assert {"said_by", "same_as"} <= set(summary["links"]), f.name


@pytest.mark.parametrize("gold", check.all_gold_files(), ids=lambda p: p.name)
def test_gold_set_offsets_quotes_and_links_hold(gold):
    assert check.check_gold(gold) == []


def test_the_checker_run_bare_checks_the_held_out_sets_too(tmp_path, monkeypatch, capsys):
    held = tmp_path / "heldout"
    held.mkdir()
    for suffix in (".md", ".gold.json"):
        shutil.copy(GOLD / ("calder-river-ruling" + suffix), tmp_path / ("calder-river-ruling" + suffix))
        shutil.copy(GOLD / "heldout" / ("varnholm-dock-strike" + suffix), held / ("varnholm-dock-strike" + suffix))
    held2 = tmp_path / "heldout2"
    held2.mkdir()
    for suffix in (".md", ".gold.json"):
        shutil.copy(GOLD / "heldout2" / ("lumenwell-breach" + suffix), held2 / ("lumenwell-breach" + suffix))
    text = held / "varnholm-dock-strike.md"
    text.write_text(text.read_text(encoding="utf-8").replace("Talks With Caskell", "Talks With Kaskell", 1), encoding="utf-8")
    text2 = held2 / "lumenwell-breach.md"
    text2.write_text(text2.read_text(encoding="utf-8").replace("# Lumenwell Breach", "# Lumenwel Breach", 1), encoding="utf-8")
    monkeypatch.setattr(check, "HERE", tmp_path)
    monkeypatch.setattr(check, "HELDOUT", held)
    monkeypatch.setattr(check, "HELDOUT2", held2)
    assert check.main([]) == 1
    out = capsys.readouterr().out
    assert "varnholm-dock-strike.gold.json: span s1: text" in out and "calder" not in out
    assert "lumenwell-breach.gold.json: span s1: text" in out


def _copy(tmp_path: Path, name: str = "calder-river-ruling") -> tuple[Path, Path]:
    for suffix in (".md", ".gold.json"):
        shutil.copy(GOLD / (name + suffix), tmp_path / (name + suffix))
    return tmp_path / (name + ".md"), tmp_path / (name + ".gold.json")


def test_an_edit_to_the_text_that_moves_spans_is_caught(tmp_path):
    text, gold = _copy(tmp_path)
    body = text.read_text(encoding="utf-8")
    text.write_text(body.replace("A county judge", "A county  judge", 1), encoding="utf-8")
    problems = check.check_gold(gold)
    assert problems and all(p.startswith("calder-river-ruling.gold.json: span s") for p in problems)
    assert any("not the quote 'Penrose Polymers'" in p for p in problems)


def test_links_of_the_wrong_kinds_and_bad_values_are_caught(tmp_path, capsys):
    _, gold = _copy(tmp_path)
    data = json.loads(gold.read_text(encoding="utf-8"))
    claim = next(s["id"] for s in data["spans"] if s["tag"] == "claim")
    date = next(s for s in data["spans"] if s["tag"] == "date")
    date["value"] = "2025-02-30"
    data["links"].append({"type": "said_by", "source": claim, "target": date["id"]})
    data["links"].append({"type": "same_as", "source": claim, "target": "s999"})
    gold.write_text(json.dumps(data), encoding="utf-8")
    assert check.main([str(gold)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert any("said_by s1 -> s2: joins claim -> date" in line for line in out)
    assert any("names a span that is not in the set" in line for line in out)
    assert any("'2025-02-30' is not an ISO 8601 value" in line for line in out)


def test_a_span_cut_out_of_a_longer_word_is_caught(tmp_path):
    # a pronoun found by plain search lands in "The" or "there" with its quote still matching
    text, gold = _copy(tmp_path)
    body = check.load_document(text).text
    data = json.loads(gold.read_text(encoding="utf-8"))
    span = next(s for s in data["spans"] if s["quote"] == "he")
    inside = body.index("The ") + 1
    span["start"], span["end"] = inside, inside + 2
    gold.write_text(json.dumps(data), encoding="utf-8")
    assert any(f"span {span['id']}: the quote 'he' starts or ends inside a word" in p for p in check.check_gold(gold))


def test_published_must_match_the_front_matter(tmp_path):
    _, gold = _copy(tmp_path)
    data = json.loads(gold.read_text(encoding="utf-8"))
    data["published"] = "2025-10-17"
    gold.write_text(json.dumps(data), encoding="utf-8")
    assert any("differs from the text's front matter" in p for p in check.check_gold(gold))


def test_the_suggestion_benchmark_measures_every_round_and_one_round_when_asked():
    spec = importlib.util.spec_from_file_location("suggest_bench", ROOT / "benchmarks" / "suggest_bench.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    every = [name for name, _, _ in bench.gold_sets()]
    assert sorted(every) == sorted(f.name.removesuffix(".gold.json") for f in check.all_gold_files())
    assert len(every) == len(set(every))  # no set counted twice
    for folder in (check.HERE, check.HELDOUT, check.HELDOUT2):
        one = {name for name, _, _ in bench.gold_sets(folder)}
        assert one == {f.name.removesuffix(".gold.json") for f in check.gold_files(folder)}
    assert all(path.exists() for _, path, _ in bench.gold_sets())
