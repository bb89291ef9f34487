"""Names for documents in a list of several: the title, and where titles repeat (a copy
of a file at another path) the shortest end of each path that tells them apart."""

from __future__ import annotations

from pathlib import PurePath


def short_paths(paths: list[str]) -> dict[str, str]:
    """Each path's shortest tail of components that no other path in ``paths`` ends with
    (the file name when that is enough; the whole path when nothing shorter is)."""
    parts = {p: PurePath(p).parts for p in dict.fromkeys(paths)}
    result: dict[str, str] = {}
    for path, mine in parts.items():
        for n in range(1, len(mine) + 1):
            tail = mine[-n:]
            if not any(other != path and theirs[-n:] == tail for other, theirs in parts.items()):
                result[path] = str(PurePath(*tail))
                break
        else:
            result[path] = path
    return result


def document_labels(records: list[dict]) -> dict[str, str]:
    """{document id: label} for catalogue records ({"id", "title", "path"}): the title,
    followed by " (SHORT PATH)" where another record has the same title; the path alone
    (or the id's start) for a document with no title."""
    by_title: dict[str, list[dict]] = {}
    for record in records:
        by_title.setdefault(record.get("title") or "", []).append(record)
    labels: dict[str, str] = {}
    for title, group in by_title.items():
        tails = short_paths([r.get("path") or "" for r in group if r.get("path")])
        for record in group:
            path = record.get("path") or ""
            where = tails.get(path, "") if path else ""
            if not title:
                labels[record["id"]] = where or path or record["id"][:12] + "…"
            elif len(group) > 1:
                labels[record["id"]] = f"{title} ({where or record['id'][:12] + '…'})"
            else:
                labels[record["id"]] = title
    return labels
