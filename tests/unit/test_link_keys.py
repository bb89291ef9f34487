"""The keys of issue 12 (l, !, =, i) are in the one keymap table: remappable by id, and l
no longer moves right, so that vi's l comes back only by moving link.open elsewhere."""

from __future__ import annotations

import pytest

from tui_reader.keymap import DEFAULT_KEYMAP, KeymapError, build_keymap


def test_the_new_keys_and_their_ids():
    assert {i: DEFAULT_KEYMAP.keys(i) for i in ("link.open", "verdict.open", "annotation.value", "source.edit")} == {
        "link.open": ["l"], "verdict.open": ["exclamation_mark"], "annotation.value": ["equals_sign"], "source.edit": ["i"],
    }
    assert DEFAULT_KEYMAP.keys("reader.right") == ["right"]


def test_l_back_on_right_needs_link_open_elsewhere():
    with pytest.raises(KeymapError, match="link.open"):
        build_keymap(overrides={"reader.right": "right,l"})
    keymap = build_keymap(overrides={"reader.right": "right,l", "link.open": "ctrl+l"})
    assert keymap.keys("link.open") == ["ctrl+l"] and keymap.keys("reader.right") == ["right", "l"]


def test_the_key_hints_keep_help_quit_and_the_palette_and_drop_link_first():
    assert DEFAULT_KEYMAP.hint_rank("link.open") > DEFAULT_KEYMAP.hint_rank("reader.select_sentence")
    assert DEFAULT_KEYMAP.hint_rank("app.help") == DEFAULT_KEYMAP.hint_rank("app.quit") == -1
