"""Words for an import file that is none of the formats tui-reader reads: what was
expected and what the file holds, rather than a list of missing fields."""

from __future__ import annotations

from typing import Any

EXPECTED = "expected a tui-reader export (json), a W3C Web Annotation file, a .jsonl file or a brat .ann file"


def describe(data: Any) -> str:
    """One phrase for a JSON value that is not an export we read."""
    if isinstance(data, dict):
        fmt = data.get("format")
        if isinstance(fmt, str) and fmt:
            shown = fmt if len(fmt) <= 30 else fmt[:29] + "…"
            return f"{EXPECTED}, found a JSON file of another format ({shown!r})"
        if "text" in data and ("spans" in data or "entities" in data):  # jsonl is read by its name
            return f"{EXPECTED}, found a line of jsonl: give the file a .jsonl name to import it"
        keys = [k for k in data if isinstance(k, str)][:4]
        if not keys:
            return f"{EXPECTED}, found an empty JSON object"
        names = ", ".join(repr(k if len(k) <= 20 else k[:19] + "…") for k in keys)
        more = " …" if len(data) > len(keys) else ""
        return f"{EXPECTED}, found a JSON object with the keys {names}{more}"
    kind = {list: "a JSON list", str: "a JSON string", bool: "true or false", int: "a number",
            float: "a number", type(None): "null"}.get(type(data), "something else")
    return f"{EXPECTED}, found {kind}"
