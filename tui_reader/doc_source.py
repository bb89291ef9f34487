"""A document's source: title, URL, outlet, author, publication date (issue 12).

Citations, exports and the ledger carry it; the publication date is what relative date
expressions resolve against (date_values). Markdown front matter fills it when present:
YAML (``---``) read line by line as ``key: value`` and ``- item`` lists, or TOML (``+++``).
A line that cannot be read is skipped: a document never fails to open over its front matter.
Part of the core.
"""

from __future__ import annotations

import datetime as dt
import sys
from dataclasses import dataclass, fields
from typing import Any

from .lazyre import LazyPattern
from .sections.markdown import front_matter_end

__all__ = ["Source", "parse_day", "published_date", "source_from_front_matter"]

_ISO_DAY = LazyPattern(r"(\d{4})-(\d\d)-(\d\d)", "re")
_NUMERIC_DAY = LazyPattern(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ]\S.*)?", "re")
_YAML_KEY = LazyPattern(r"([A-Za-z_][\w-]*|\"[^\"]*\"|'[^']*')\s*:(?:\s+(.*))?", "re")

def parse_day(text: str) -> dt.date | None:
    """A publication date written "YYYY-MM-DD" as a date; None when empty or anything else
    (strictly that shape on every Python: 3.11's fromisoformat also takes "20250304")."""
    try:
        return dt.date.fromisoformat(text) if text and _ISO_DAY.fullmatch(text) else None
    except ValueError:  # 2025-02-30
        return None


# front-matter keys for each field, the first present wins (compared lowercased)
KEYS = {
    "title": ("title",),
    "url": ("url", "canonical_url", "canonical", "link", "source_url"),
    "outlet": ("outlet", "publisher", "site_name", "source", "publication", "site"),
    "author": ("author", "authors", "byline", "creator"),
    "published": ("published", "date", "pubdate", "publication_date", "date_published", "published_at"),
}


@dataclass(frozen=True)
class Source:
    """Where a document comes from; empty strings where unknown. ``published`` is YYYY-MM-DD."""

    title: str = ""
    url: str = ""
    outlet: str = ""
    author: str = ""
    published: str = ""

    def to_dict(self) -> dict[str, str]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @classmethod
    def from_dict(cls, d: Any) -> "Source":
        """From a stored dict: unknown keys and values that are not text are left out."""
        if not isinstance(d, dict):
            return cls()
        return cls(**{f.name: d[f.name] for f in fields(cls) if isinstance(d.get(f.name), str)})

    def is_empty(self) -> bool:
        return not any(self.to_dict().values())

    def published_on(self) -> dt.date | None:
        """The publication date as a date (what resolve_date takes), None if unset or bad."""
        return parse_day(self.published)

    def check(self) -> str | None:
        """The first problem in one line (for the CLI or the app to show), or None."""
        for f in fields(self):
            value = getattr(self, f.name)
            if any(c < " " or c == "\x7f" for c in value):
                return f"{f.name}: has a line break or a control character"
        if self.url:
            from urllib.parse import urlsplit

            try:
                parts = urlsplit(self.url)
            except ValueError:
                parts = None
            if parts is None or parts.scheme.lower() not in ("http", "https") or not parts.netloc or " " in self.url:
                return f"url: {self.url!r} is not a web address (http:// or https://)"
        if self.published and self.published_on() is None:
            return f"published: {self.published!r} is not a date as YYYY-MM-DD"
        return None


def published_date(value: Any) -> str:
    """A front matter's date of many forms as YYYY-MM-DD; "" when it names no day.

    ISO dates and date-times, 2025/03/04, RSS's "Tue, 04 Mar 2025 10:00:00 GMT",
    "March 4, 2025", "4 March 2025"; TOML's own dates too.
    """
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if not isinstance(value, str):
        return ""
    text = value.strip()
    if m := _NUMERIC_DAY.fullmatch(text):
        try:
            return dt.date(int(m[1]), int(m[2]), int(m[3])).isoformat()
        except ValueError:
            return ""
    if "," in text[:5]:  # RFC 2822, as RSS writes pubDate
        from email.utils import parsedate_tz

        parsed = parsedate_tz(text)
        if parsed:
            try:
                return dt.date(*parsed[:3]).isoformat()
            except ValueError:
                return ""
    from .date_values import resolve_date

    day = resolve_date(text, None) or ""
    return day if _ISO_DAY.fullmatch(day) else ""


def source_from_front_matter(raw_text: str) -> Source:
    """The source that a Markdown file's front matter names; an empty Source if it has none."""
    lines = raw_text.removeprefix("\ufeff").split("\n", 200)[:200]
    end = front_matter_end(lines)
    if not end:
        return Source()
    body = [line.rstrip("\r") for line in lines[1 : end - 1]]
    data = _toml(body) if lines[0].rstrip() == "+++" else _yaml(body)
    found: dict[str, str] = {}
    for name, keys in KEYS.items():
        for key in keys:
            if key in data:
                value = published_date(data[key]) if name == "published" else _text(data[key])
                if value:
                    found[name] = value
                    break
    return Source(**found)


def _text(value: Any) -> str:
    """A value as one line of text: a list's items joined with ", ", a table's name."""
    if isinstance(value, dict):
        value = value.get("name", "")
    if isinstance(value, list):
        return ", ".join(t for t in map(_text, value) if t)
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return " ".join(str(value).split())
    return ""


def _toml(body: list[str]) -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:
        import tomli as tomllib

    def loads(text: str) -> dict[str, Any]:
        try:
            return tomllib.loads(text)
        except (tomllib.TOMLDecodeError, ValueError, RecursionError):
            return {}

    data = loads("\n".join(body))
    if not data:  # a damaged line spoils the whole table: read the lines one by one
        for line in body:
            data.update(loads(line))
    return {str(k).lower(): v for k, v in data.items()}


def _yaml(body: list[str]) -> dict[str, Any]:
    """The top-level ``key: value`` pairs; a key with no value takes the ``- item`` lines
    (or the indented ``name:``) below it. Anything else is skipped."""
    data: dict[str, Any] = {}
    key = ""  # the key whose block the indented lines below belong to
    for line in body:
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if line[0] not in " \t-":
            key = ""
            m = _YAML_KEY.fullmatch(stripped)
            if not m:
                continue
            name = _unquote(m[1]).lower()
            if m[2] is None or m[2].strip() == "" or m[2].lstrip().startswith("#"):
                key = name
                data.setdefault(name, [])
            else:
                data.setdefault(name, _scalar_or_list(m[2]))
            continue
        if not key:
            continue
        if stripped.startswith("-"):
            item = stripped[1:].strip()
            if (m := _YAML_KEY.fullmatch(item)) and m[2] is not None:
                item = m[2] if _unquote(m[1]).lower() == "name" else ""
            if item and isinstance(data[key], list):
                data[key].append(_scalar(item))
        elif (m := _YAML_KEY.fullmatch(stripped)) and m[2] and _unquote(m[1]).lower() == "name":
            data[key] = _scalar(m[2])
    return data


def _scalar_or_list(raw: str) -> Any:
    raw = raw.strip()
    if raw.startswith("[") and raw.endswith("]"):
        return [_scalar(part) for part in raw[1:-1].split(",") if part.strip()]
    return _scalar(raw)


def _scalar(raw: str) -> str:
    raw = raw.strip()
    if raw[:1] in "\"'":
        return _unquote(raw)
    if " #" in raw:  # a comment after an unquoted value
        raw = raw.split(" #", 1)[0].rstrip()
    return "" if raw in ("~", "null", "|", ">") else raw


def _unquote(raw: str) -> str:
    quote = raw[:1]
    if quote not in ("'", '"'):
        return raw
    end = raw.rfind(quote)
    inner = raw[1:end] if end > 0 else raw[1:]
    if quote == "'":
        return inner.replace("''", "'")
    return inner.replace('\\"', '"').replace("\\\\", "\\")
