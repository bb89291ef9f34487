"""Textual bindings built from the one keymap table (keymap.py), so that no key is written
anywhere else. Textual's own keymap (``App.set_keymap``) then moves them by id."""

from __future__ import annotations

from textual.binding import Binding

from ..keymap import DEFAULT_KEYMAP, Keymap, is_tag_entry


def bindings(
    owner: str, keymap: Keymap = DEFAULT_KEYMAP, *, tags: bool = False, only: tuple[str, ...] | None = None
) -> list[Binding]:
    """The bindings of ``owner`` ("view", "screen", "lists", "note"...) with their default
    keys: the fixed ones, or with ``tags`` only the tags' own (which follow the tag set
    and so are bound per instance); ``only`` keeps those ids."""
    return [
        Binding(entry.keys, entry.action, entry.hint, show=entry.show, id=entry.id)
        for entry in keymap.owned_by(owner)
        if entry.action and is_tag_entry(entry.id) == tags and (only is None or entry.id in only)
    ]


def bind_tags(node, owner: str, keymap: Keymap) -> None:
    """Add the tag set's bindings of ``owner`` to ``node`` (this instance only)."""
    from textual.binding import BindingsMap

    node._bindings = BindingsMap.merge([node._bindings, BindingsMap(bindings(owner, keymap, tags=True))])
