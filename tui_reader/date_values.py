"""The ISO 8601 value of a date expression, against the document's publication date.

``resolve_date("last Tuesday", date(2025, 3, 6))`` is ``"2025-03-04"``. A value is a day
(``2025-03-04``), a month (``2025-09``), a year (``2019``) or an interval
(``2025-03-03/2025-03-09``). What the words do not fix gives ``None``: never a guess. The rules
and their reasons are in docs/dates.md. Part of the core; the standard library only.
"""

from __future__ import annotations

import datetime as dt

from .lazyre import LazyPattern

__all__ = ["resolve_date", "value_problem"]

Date = dt.date

MONTHS = {
    name: i + 1
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ]
    )
    for name in names
}
WEEKDAYS = {name: i for i, name in enumerate(("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"))}
NUMBER_WORDS = {w: i for i, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve".split())}
NUMBER_WORDS.update(a=1, an=1)
ORDINAL_WORDS = {"first": 1, "second": 2, "third": 3, "fourth": 4}

_MONTH = "(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + ")"
_WEEKDAY = "(?:" + "|".join(WEEKDAYS) + ")"

# Words around a date that do not change the date they name ("on Tuesday", "since 2019",
# "late Wednesday", "mid-September"); "before" and "after" do, so they are not here.
_LEAD = LazyPattern(
    r"^(?:on|since|by|in|during|until|till|through|throughout|from|as of|at|of|starting|beginning"
    r"|around|about|circa|sometime|the|early|mid|late|earlier|later|end of|start of|beginning of|middle of"
    r"|close of|turn of)(?:\s+|-)",
    "re",
)
# A time of day after (or before) the day it is on: "Tuesday night", "at 3 p.m. Tuesday".
_TIME = r"(?:at\s+)?(?:\d{1,2}(?::\d\d)?\s*(?:am|pm)|\d{1,2}:\d\d|noon|midnight|midday)(?:\s+(?:[a-z]{1,2}[sd]?t|utc|gmt))?"
_TRAIL = LazyPattern(rf"\s+(?:morning|afternoon|evening|night|overnight|{_TIME})$", "re")
_LEAD_TIME = LazyPattern(rf"^{_TIME}\s+", "re")

_ISO_DAY = LazyPattern(r"(\d{4})-(\d\d)-(\d\d)", "re")
_ISO_MONTH = LazyPattern(r"(\d{4})-(\d\d)", "re")
_SLASHED = LazyPattern(r"(\d{1,4})/(\d{1,2})/(\d{1,4})", "re")
_FULL = LazyPattern(
    rf"(?:(?P<wd>{_WEEKDAY})\s+)?(?:(?P<m1>{_MONTH})\s+(?P<d1>\d{{1,2}})|(?P<d2>\d{{1,2}})\s+(?:of\s+)?(?P<m2>{_MONTH}))"
    r"(?:\s+(?P<y>\d{4}))?",
    "re",
)
_DAY_RANGE = LazyPattern(
    rf"(?:(?P<m1>{_MONTH})\s+(?P<a1>\d{{1,2}})\s*(?:-|–|to|through)\s*(?P<b1>\d{{1,2}})"
    rf"|(?P<a2>\d{{1,2}})\s*(?:-|–|to|through)\s*(?P<b2>\d{{1,2}})\s+(?P<m2>{_MONTH}))(?:\s+(?P<y>\d{{4}}))?",
    "re",
)
_MONTH_YEAR = LazyPattern(rf"({_MONTH})\s+(?:of\s+)?(\d{{4}})", "re")
_MONTH_ALONE = LazyPattern(rf"(?:(last|past|this|next|coming|this coming)\s+)?({_MONTH})", "re")
_WEEKDAY_ALONE = LazyPattern(rf"(?:(last|past|this|next|coming|this coming)\s+)?({_WEEKDAY})", "re")
_YEAR = LazyPattern(r"(?:year\s+)?(\d{4})", "re")
_YEAR_RANGE = LazyPattern(r"(\d{4})\s*(?:-|–|to|through|until)\s*(\d{4}|\d\d)", "re")
_DECADE = LazyPattern(r"(\d{3})0s|'?\d0s|(?:twent|thirt|fort|fift|sixt|sevent|eight|ninet)ies", "re")
_QUARTER = LazyPattern(r"(?:q([1-4])|(first|second|third|fourth) quarter(?: of)?)\s+(\d{4})", "re")
_RELATIVE = LazyPattern(r"(this|current|last|next|past|previous|coming)\s+(week|weekend|month|year)", "re")
_AGO = LazyPattern(r"(\d{1,3}|[a-z]+)\s+(day|week|month|year|decade)s?\s+ago", "re")

_SAME_DAY = {
    "today": 0,
    "tonight": 0,
    "this morning": 0,
    "this afternoon": 0,
    "this evening": 0,
    "yesterday": -1,
    "last night": -1,
    "day before yesterday": -2,
    "tomorrow": 1,
    "day after tomorrow": 2,
}
# Said of no fixed time: these never resolve, however much is stripped from them.
_VAGUE = {"recently", "lately", "now", "currently", "soon", "recent years", "recent months", "recent weeks",
          "recent days", "past", "future", "these days", "nowadays", "once", "then", "ago"}


def resolve_date(quote: str, published: Date | None = None) -> str | None:
    """The ISO 8601 value ``quote`` names, or None when its words do not fix one.

    Relative expressions ("Tuesday", "last September", "this week") need ``published``;
    without it only absolute ones ("March 4, 2025", "2019") resolve.
    """
    text = _normalise(quote)
    if text.startswith("between ") and text.count(" and ") == 1:
        text = text[len("between ") :].replace(" and ", " to ")  # "2019 and 2021" alone is two years
    while text:
        if text in _VAGUE:
            return None
        found, value = _match(text, published)
        if found:
            return value
        shorter = _LEAD.sub("", text, count=1)
        if shorter == text:
            shorter = _TRAIL.sub("", _LEAD_TIME.sub("", text, count=1), count=1)
        if shorter == text:
            return None
        text = shorter.strip()
    return None


def _normalise(quote: str) -> str:
    t = quote.lower().replace("\u2019", "'").replace("\u2018", "'").replace("\u2014", "–").replace("\u2212", "-")
    t = t.replace("a.m.", "am").replace("p.m.", "pm").replace(",", " ")
    t = _ABBREVIATION_DOT.sub(r"\1", t)
    t = _ORDINAL.sub(r"\1", t)
    t = " ".join(t.split()).strip(" .;:!?()[]\"'")
    if t.endswith("'s"):
        t = t[:-2]
    return t


_ABBREVIATION_DOT = LazyPattern(rf"\b({_MONTH})\.", "re")
_ORDINAL = LazyPattern(r"\b(\d{1,2})(?:st|nd|rd|th)\b", "re")


def _match(t: str, pub: Date | None) -> tuple[bool, str | None]:
    """(whether ``t`` is a date expression we know, and its value if it fixes one)."""
    if t in _SAME_DAY:
        return True, _day(pub + dt.timedelta(days=_SAME_DAY[t])) if pub else None
    if m := _ISO_DAY.fullmatch(t):
        return True, _checked_day(int(m[1]), int(m[2]), int(m[3]))
    if (m := _ISO_MONTH.fullmatch(t)) and 1 <= int(m[2]) <= 12:
        # "2010-12" may as well be the years 2010 to 2012; "2019-05" cannot
        return True, f"{m[1]}-{m[2]}" if int(m[2]) <= int(m[1][2:]) else None
    if m := _SLASHED.fullmatch(t):
        return True, _slashed(m[1], m[2], m[3])
    if m := _FULL.fullmatch(t):
        return True, _full(m, pub)
    if m := _DAY_RANGE.fullmatch(t):
        return True, _day_range(m, pub)
    if m := _MONTH_YEAR.fullmatch(t):
        return True, f"{int(m[2]):04d}-{MONTHS[m[1]]:02d}"
    if m := _MONTH_ALONE.fullmatch(t):
        return True, _month(m[1], MONTHS[m[2]], pub)
    if m := _WEEKDAY_ALONE.fullmatch(t):
        return True, _weekday(m[1], WEEKDAYS[m[2]], pub)
    if m := _YEAR.fullmatch(t):
        return True, m[1]
    if m := _YEAR_RANGE.fullmatch(t):
        return True, _year_range(m[1], m[2])
    if m := _DECADE.fullmatch(t):
        return True, f"{m[1]}0/{m[1]}9" if m[1] else None  # "the '90s": which century is not said
    if m := _QUARTER.fullmatch(t):
        q, year = int(m[1]) if m[1] else ORDINAL_WORDS[m[2]], int(m[3])
        last = dt.date(year, 3 * q, 30 if q in (2, 3) else 31)
        return True, f"{_day(dt.date(year, 3 * q - 2, 1))}/{_day(last)}"
    if m := _RELATIVE.fullmatch(t):
        return True, _relative(m[1], m[2], pub)
    if m := _AGO.fullmatch(t):
        return True, _ago(m[1], m[2], pub)
    return False, None


def value_problem(value: str) -> str | None:
    """Why ``value`` is not a date value (a real year, month or day, or an interval of two
    that does not end before it starts), or None when it is one: what a user or a file may set."""
    parts = value.split("/")
    if len(parts) > 2 or not all(_VALUE_PART.match(part) for part in parts):
        return "is not an ISO 8601 date: YYYY, YYYY-MM, YYYY-MM-DD or START/END"
    spans = []
    for part in parts:
        fields = [int(x) for x in part.split("-")]
        if _checked_day(*(fields + [1, 1])[:3]) is None:
            return f"has no such date ({part})"
        spans.append(_span(fields))
    if len(spans) == 2 and spans[1][1] < spans[0][0]:
        return "ends before it starts"
    return None


def _span(fields: list[int]) -> tuple[Date, Date]:
    """The first and last day of a year, month or day given as [year, month?, day?]."""
    first = dt.date(*(fields + [1, 1])[:3])
    if len(fields) == 3:
        return first, first
    if len(fields) == 2 and first.month < 12:
        return first, first.replace(month=first.month + 1) - dt.timedelta(days=1)
    return first, dt.date(first.year, 12, 31)


_VALUE_PART = LazyPattern(r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?\Z", engine="re")


def _day(d: Date) -> str:
    return d.isoformat()


def _checked_day(year: int, month: int, day: int) -> str | None:
    try:
        return _day(dt.date(year, month, day))
    except ValueError:
        return None


def _slashed(a: str, b: str, c: str) -> str | None:
    """3/4/2025 is March or April by country: only a day over 12, or a year first, fixes it."""
    if len(a) == 4:
        return _checked_day(int(a), int(b), int(c)) if len(c) <= 2 else None
    if len(c) != 4:
        return None
    x, y, year = int(a), int(b), int(c)
    if x == y or y > 12:
        return _checked_day(year, x, y)
    if x > 12:
        return _checked_day(year, y, x)
    return None


def _full(m, pub: Date | None) -> str | None:
    month = MONTHS[m["m1"] or m["m2"]]
    day = int(m["d1"] or m["d2"])
    # A date without its year is in the year of publication (news style gives the year
    # only when it is another one).
    year = int(m["y"]) if m["y"] else pub.year if pub else None
    if year is None:
        return None
    value = _checked_day(year, month, day)
    if value and m["wd"] and dt.date.fromisoformat(value).weekday() != WEEKDAYS[m["wd"]]:
        return None  # "Tuesday, March 5, 2025" was a Wednesday: one of the two is wrong
    return value


def _day_range(m, pub: Date | None) -> str | None:
    month = MONTHS[m["m1"] or m["m2"]]
    a, b = int(m["a1"] or m["a2"]), int(m["b1"] or m["b2"])
    year = int(m["y"]) if m["y"] else pub.year if pub else None
    if year is None or a >= b:
        return None
    first, last = _checked_day(year, month, a), _checked_day(year, month, b)
    return f"{first}/{last}" if first and last else None


def _month(which: str | None, month: int, pub: Date | None) -> str | None:
    if pub is None:
        return None
    year = pub.year  # "September", "this September": that of the year of publication
    if which in ("last", "past"):
        year = pub.year if month < pub.month else pub.year - 1
    elif which in ("next", "coming", "this coming"):
        year = pub.year if month > pub.month else pub.year + 1
    return f"{year:04d}-{month:02d}"


def _weekday(which: str | None, weekday: int, pub: Date | None) -> str | None:
    if pub is None:
        return None
    if which is None:  # the latest such day on or before publication
        return _day(pub - dt.timedelta(days=(pub.weekday() - weekday) % 7))
    if which in ("last", "past"):  # strictly before: "last Tuesday" written on a Tuesday
        return _day(pub - dt.timedelta(days=(pub.weekday() - weekday - 1) % 7 + 1))
    if which in ("coming", "this coming"):
        return _day(pub + dt.timedelta(days=(weekday - pub.weekday() - 1) % 7 + 1))
    return None  # "this Tuesday", "next Tuesday": the coming one or the one after, by reader


def _year_range(a: str, b: str) -> str | None:
    first = int(a)
    last = int(b) if len(b) == 4 else first // 100 * 100 + int(b)
    return f"{first:04d}/{last:04d}" if last > first else None


def _relative(which: str, unit: str, pub: Date | None) -> str | None:
    if pub is None or which in ("past", "previous"):
        return None  # "the past week" runs back from an unsaid moment; "the previous week" too
    step = {"this": 0, "current": 0, "last": -1, "next": 1, "coming": 1}[which]
    if unit == "year":
        return f"{pub.year + step:04d}"
    if unit == "month":
        index = pub.year * 12 + pub.month - 1 + step
        return f"{index // 12:04d}-{index % 12 + 1:02d}"
    monday = pub - dt.timedelta(days=pub.weekday()) + dt.timedelta(weeks=step)
    first = monday + dt.timedelta(days=5) if unit == "weekend" else monday
    return f"{_day(first)}/{_day(monday + dt.timedelta(days=6))}"


def _ago(count: str, unit: str, pub: Date | None) -> str | None:
    n = int(count) if count.isdigit() else NUMBER_WORDS.get(count)
    if pub is None or n is None:
        return None  # "a few days ago"
    if unit in ("day", "week"):
        return _day(pub - dt.timedelta(days=n * (7 if unit == "week" else 1)))
    if unit == "month":
        index = pub.year * 12 + pub.month - 1 - n
        return f"{index // 12:04d}-{index % 12 + 1:02d}"
    return f"{pub.year - n * (10 if unit == 'decade' else 1):04d}"
