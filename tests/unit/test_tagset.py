"""Tag sets and keymaps from config.toml: what is accepted, and one clear line for what is not."""

from __future__ import annotations

import pytest

from tui_reader import config
from tui_reader.config import load_tags_and_keys, tags_and_keys
from tui_reader.keymap import DEFAULT_KEYMAP, ENTRIES, GROUPS, KeymapError, build_keymap
from tui_reader.keynames import check_key_name, key_label, key_name
from tui_reader.tagset import DEFAULT_TAGS, TagSetError, parse_tags

WHERE = "config file /cfg/config.toml"
ACTOR = {"name": "actor", "key": "a", "color": "$primary 45%"}
PLACE = {"name": "place", "key": "p", "color": "#d08770", "description": "where it happened"}


@pytest.fixture
def config_dir(tmp_path, monkeypatch):
    folder = tmp_path / "config"
    folder.mkdir()
    monkeypatch.setenv("TUI_READER_CONFIG_DIR", str(folder))
    return folder


def test_the_default_set_is_actor_claim_date_on_a_c_d():
    assert DEFAULT_TAGS.names == ("actor", "claim", "date")
    assert [DEFAULT_KEYMAP.label(f"tag.{t}") for t in DEFAULT_TAGS.names] == ["a", "c", "d"]
    assert [t.color for t in DEFAULT_TAGS] == ["$primary 45%", "$error 40%", "$success 40%"]


def test_tags_entries_are_the_tag_set():
    tags = parse_tags([ACTOR, PLACE], WHERE)
    assert tags.names == ("actor", "place") and "place" in tags and "claim" not in tags
    assert tags.get("place").description == "where it happened"
    keymap = build_keymap(tags)
    assert keymap.label("tag.place") == "p" and keymap.get("tag.place").action == "tag('place')"
    assert keymap.get("tag.claim") is None


@pytest.mark.parametrize(
    "entry, expected",
    [
        ({**PLACE, "name": "Place"}, "[[tags]] entry 2 ('Place'): the name must be a lowercase letter"),
        ({**PLACE, "name": "a place"}, "the name must be"),
        ({**PLACE, "name": "tag:x"}, "the name must be"),
        ({**PLACE, "name": "actor"}, "[[tags]] entry 2 ('actor'): the name 'actor' is already entry 1's"),
        ({**PLACE, "key": "a"}, "[[tags]] entry 2 ('place'): key 'a' already tags actor"),
        ({**PLACE, "key": "ctrl-p"}, "key 'ctrl-p': not a key name"),
        ({**PLACE, "key": ""}, "key '': empty"),
        ({**PLACE, "color": 3}, "color must be text, found int"),
        ({"name": "place", "key": "p"}, "[[tags]] entry 2 ('place'): no color"),
        ({**PLACE, "colour": "red"}, "unknown field 'colour' (a tag has name, key, color, description)"),
        ({**PLACE, "description": "x" * 300}, "description is over 200 characters"),
    ],
)
def test_a_bad_tag_entry_is_one_line_naming_the_file_and_the_entry(entry, expected):
    with pytest.raises(TagSetError) as info:
        parse_tags([ACTOR, entry], WHERE)
    message = str(info.value)
    assert message.startswith(WHERE + ": ") and expected in message and "\n" not in message


def test_the_colour_is_checked_by_the_checker_given():
    def check(color):
        return None if color.startswith("#") else "not a colour"

    assert parse_tags([PLACE], WHERE, check).get("place").color == "#d08770"
    with pytest.raises(TagSetError, match=r"\[\[tags\]\] entry 1 \('place'\): color 'nope': not a colour"):
        parse_tags([{**PLACE, "color": "nope"}], WHERE, check)


def test_tags_must_be_a_list_of_tables():
    for bad in ({"name": "x"}, "actor", [], [1]):
        with pytest.raises(TagSetError, match="/cfg/config.toml"):
            parse_tags(bad, WHERE)


@pytest.mark.parametrize(
    "key, other",
    [("q", "app.quit"), ("h", "reader.left"), ("?", "app.help"), ("enter", "list.open"), ("ctrl+p", "app.palette"), ("V", "reader.select_sentence")],
)
def test_a_tag_key_that_another_binding_has_collides(key, other):
    tags = parse_tags([ACTOR, {**PLACE, "key": key}], WHERE)
    with pytest.raises(KeymapError) as info:
        build_keymap(tags, None, WHERE)
    message = str(info.value)
    assert message.startswith(WHERE + ": [[tags]] entry 2 ('place'): key ") and f"is already {other}" in message


def test_keys_remaps_a_binding_by_id():
    keymap = build_keymap(DEFAULT_TAGS, {"search.open": "ctrl+f", "history.undo": "U,ctrl+z", "find.open": "?", "app.help": "f1"})
    assert keymap.keys("search.open") == ["ctrl+f"] and keymap.label("search.open") == "ctrl+f"
    assert keymap.label("history.undo") == "U / ctrl+z"
    assert keymap.keys("find.open") == ["question_mark"] and keymap.label("find.open") == "?"
    assert keymap.overrides == {"search.open": "ctrl+f", "history.undo": "U,ctrl+z", "find.open": "question_mark", "app.help": "f1"}
    # the tags' bindings too, and a tag may take a key that [keys] moved away
    tags = parse_tags([ACTOR, {**PLACE, "key": "s"}], WHERE)
    assert build_keymap(tags, {"search.open": "F", "tag.actor": "f2"}).label("tag.actor") == "f2"


@pytest.mark.parametrize(
    "keys, expected",
    [
        ({"search.opn": "f"}, "[keys] search.opn: no such binding (did you mean search.open?)"),
        ({"tag.claim": "k"}, "[keys] tag.claim: key 'k' is already reader.up"),
        ({"search.open": "x"}, "[keys] search.open: key 'x' is already annotation.delete"),
        ({"search.open": "ctrl+c"}, "[keys] search.open: key 'ctrl+c' is Textual's own"),
        ({"search.open": 5}, "[keys] search.open: the key must be text, found int"),
        ({"search.open": "ctrl+"}, "[keys] search.open = 'ctrl+': not a key name"),
        ({"search.open": "s,"}, "empty (the , key is named comma)"),
        ({"app.palette": "f2"}, "[keys] app.palette: this key is Textual's own"),
    ],
)
def test_a_bad_keys_entry_is_one_line(keys, expected):
    with pytest.raises(KeymapError) as info:
        build_keymap(DEFAULT_TAGS, keys, WHERE)
    message = str(info.value)
    assert message.startswith(WHERE + ": ") and expected in message and "\n" not in message


def test_keys_must_be_a_table():
    with pytest.raises(KeymapError, match=r"keys must be a \[keys\] table"):
        build_keymap(DEFAULT_TAGS, ["s"], WHERE)


def test_a_keys_entry_that_runs_into_a_default_tag_is_the_keys_entry_s_fault():
    with pytest.raises(KeymapError, match=r"\[keys\] search.open: key 'a' is already tag.actor \(Actor\)"):
        build_keymap(DEFAULT_TAGS, {"search.open": "a"}, WHERE)


def test_two_bindings_may_swap_keys_and_dialog_keys_do_not_meet_the_reader_s():
    keymap = build_keymap(DEFAULT_TAGS, {"search.open": "x", "annotation.delete": "s"})
    assert (keymap.label("search.open"), keymap.label("annotation.delete")) == ("x", "s")
    assert keymap.label("suggest.reject") == "s"  # x on a suggestion rejects it: it follows delete
    # q closes the help screen and quits the reader: different places
    assert build_keymap(DEFAULT_TAGS, {"help.close": "escape,q"}).label("help.close") == "escape / q"


def test_every_binding_has_an_id_a_group_and_a_description():
    ids = [e.id for e in ENTRIES]
    assert len(ids) == len(set(ids))
    for entry in DEFAULT_KEYMAP.entries:
        assert entry.group in GROUPS and entry.description and entry.hint
    grouped = DEFAULT_KEYMAP.groups()
    assert [title for title, _ in grouped] == list(GROUPS.values())
    assert "tag.actor" in [e.id for title, entries in grouped if title.startswith("Tag") for e in entries]


def test_key_names_and_labels():
    assert [key_name(k) for k in ("a", "(", "/", "?", "]", " ", "P")] == [
        "a", "left_parenthesis", "slash", "question_mark", "right_square_bracket", "space", "P",
    ]
    assert [key_label(k) for k in ("left_parenthesis", "slash", "question_mark", "space", "ctrl+e", "pagedown")] == [
        "(", "/", "?", "space", "ctrl+e", "pagedown",
    ]
    assert check_key_name("f5") is None and check_key_name("ctrl+shift+x") is None
    assert check_key_name("ctrl-x") and check_key_name("") and check_key_name("Ctrl+X")


def test_the_config_file_gives_tags_and_keys(config_dir):
    (config_dir / "config.toml").write_text(
        'annotator = "ana"\n'
        '[[tags]]\nname = "actor"\nkey = "a"\ncolor = "$primary 45%"\n'
        '[[tags]]\nname = "place"\nkey = "p"\ncolor = "#d08770"\n'
        '[keys]\n"search.open" = "f"\n',
        "utf-8",
    )
    tags, keymap, problem = load_tags_and_keys()
    assert problem is None and tags.names == ("actor", "place")
    assert keymap.label("search.open") == "f" and keymap.label("tag.place") == "p"


def test_a_bad_config_gives_the_defaults_and_one_line(config_dir):
    path = config_dir / "config.toml"
    path.write_text('[[tags]]\nname = "place"\nkey = "q"\ncolor = "#d08770"\n', "utf-8")
    tags, keymap, problem = load_tags_and_keys()
    assert tags is DEFAULT_TAGS and keymap is DEFAULT_KEYMAP
    assert problem.startswith(f"config file {path}: [[tags]] entry 1 ('place'): key 'q' is already app.quit")
    assert problem.endswith("using the default tags and keys") and "\n" not in problem
    path.write_text("[[tags]\n", "utf-8")
    assert "not valid TOML" in load_tags_and_keys()[2]


def test_no_config_is_the_defaults(config_dir):
    assert load_tags_and_keys() == (DEFAULT_TAGS, DEFAULT_KEYMAP, None)
    assert tags_and_keys({"annotator": "x"}, config_dir / "config.toml")[0] is DEFAULT_TAGS
    assert config.config_path() == config_dir / "config.toml"


def test_the_docs_list_every_binding_id_that_keys_can_remap():
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "docs" / "reading.md").read_text("utf-8")
    for entry in DEFAULT_KEYMAP.entries:
        if entry.remappable:
            shown = entry.id.rsplit(".", 1)[0] + ".NAME" if entry.id.startswith(("tag.", "note.tag.")) else entry.id
            assert f"`{shown}`" in readme, entry.id
