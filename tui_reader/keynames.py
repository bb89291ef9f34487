"""Key names as Textual writes them, and as the reader reads them.

Textual names a single character by its Unicode name ("(" is "left_parenthesis", "/" is
"slash"); these functions do the same without importing Textual (the core may not), and
a test checks them against Textual's own.
"""

from __future__ import annotations

import re
import unicodedata

_KEY_SHAPE = re.compile(r"(?:(?:ctrl|shift|alt|super|meta|hyper)\+)*(?:[a-z][a-z0-9_]*|.)\Z", re.DOTALL)
_REPLACEMENTS = {
    "solidus": "slash",
    "reverse_solidus": "backslash",
    "commercial_at": "at",
    "hyphen_minus": "minus",
    "plus_sign": "plus",
    "low_line": "underscore",
}
_REPLACED = {v: k for k, v in _REPLACEMENTS.items()}


def key_name(key: str) -> str:
    """Textual's name of a key: a single character by its Unicode name ("(" is
    "left_parenthesis", "/" is "slash"), letters and digits as they are."""
    if len(key) != 1:
        return key
    if key.isalnum():
        name = key
    else:
        try:
            name = unicodedata.name(key).lower().replace("-", "_").replace(" ", "_")
        except ValueError:
            name = {"\t": "tab"}.get(key, key)
    return _REPLACEMENTS.get(name, name)


def key_label(name: str) -> str:
    """A key as the reader knows it: "(" for left_parenthesis, "?" for question_mark,
    "ctrl+e" as it is."""
    if len(name) == 1 or "+" in name:
        return name
    try:
        char = unicodedata.lookup(_REPLACED.get(name, name).replace("_", " ").upper())
    except KeyError:
        return name
    return char if char.isprintable() and not char.isspace() else name


def check_key_name(key: str) -> str | None:
    """What is wrong with one key's name, or None."""
    if key != " ":
        key = key.strip()
    if not key:
        return "empty"
    if len(key) == 1:
        return None if key.isprintable() else "not a key"
    if not _KEY_SHAPE.match(key):
        return "not a key name (a character, or a name such as ctrl+t, f5, pageup)"
    return None


def split_keys(keys: str) -> list[str]:
    return [key_name(k.strip()) for k in keys.split(",")]
