"""``tui-reader suggest [PATH] [--json]``: the suggestions for a document, as the reader's
``S`` shows them (what is tagged already or was rejected is left out)."""

from __future__ import annotations

import json
import sys

from ..oneline import one_line


def run(args, store) -> int:
    from ..workspace import open_path

    ws = open_path(args.path, store)
    for line in ws.notices():
        print(f"tui-reader: {line}", file=sys.stderr)
    found = ws.open_suggestions(ws.suggestions())
    if args.json:
        data = {"suggestions": [s.to_dict() for s in found]}
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return 0
    if not found:
        print("No suggestions.")
        return 0
    for s in found:
        line = f"{s.start:>7}  {s.tag:<6} {one_line(s.quote)[:70]}"
        if s.value:
            line += f"  = {s.value}"
        if s.said_by is not None:
            line += f"  ← said by “{one_line(s.said_by.quote)}”"
            if s.said_by.refers_to is not None:
                line += f" (= “{one_line(s.said_by.refers_to.quote)}”)"
        if s.refers_to is not None:
            line += f"  = “{one_line(s.refers_to.quote)}”"
        print(f"{line}  [{s.rule}]")
    return 0
