"""Date and time expressions: where they are, and which rule found each.

One regular expression of named alternatives, built from the lexicon; a month or a
weekday must be capitalised ("May" the month, not "may" the verb), and a month name
alone counts only with a day, a year or a word before it that makes it a date ("in
May", "last September"), so "May said" (a person) is not a date.
"""

from __future__ import annotations

import re
from typing import Iterator

from .lexicon import MONTH_ABBREVIATIONS, MONTHS, PARTS_OF_DAY, PERIODS, WEEKDAYS, YEAR_CUES


def _alt(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_MONTH = rf"(?:{_alt(MONTHS)}|(?:{_alt(MONTH_ABBREVIATIONS)})\.?)"
_DAY = r"(?:[12][0-9]|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:1[6-9][0-9]{2}|20[0-9]{2})"
_WEEKDAY = rf"(?:{_alt(WEEKDAYS)})"
_PART = rf"(?:\s+(?:{_alt(PARTS_OF_DAY)}))?"
_MOD = r"(?i:last|this|next|early|late|mid-?|earlier\s+this|later\s+this|on|by|since|until)\s+"
_NUMBER = r"(?:\d+|(?i:a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|a\s+few|few))"
_TIME = r"(?:[01]?[0-9](?::[0-5][0-9])?\s?(?:a\.m\.|p\.m\.|am\b|pm\b)|(?:[01]?[0-9]|2[0-3]):[0-5][0-9](?:\s?(?:GMT|UTC|ET|EST|EDT|PT|PST|PDT|CET|local time))?)"

_SEASON = r"(?i:spring|summer|autumn|fall|winter)"
_SINCE = r"(?i:in|since|until|by|from|of|during|before|after|through|last|early|late|mid|between)"
# a number before one of these is a name or a count, not a year ("County Road 1840")
_NOT_YEAR_BEFORE = r"(?<!Road )(?<!Route )(?<!Highway )(?<!Bill )(?<!No\. )(?<!Number )(?<!Room )(?<!Suite )(?<!Flight )(?<!Interstate )(?<!Resolution )(?<!Docket )(?<!Case )(?<!Box )"

# each alternative is a rule; the first that matches at a place wins (longest are first).
# A leading preposition or article is matched but left out of the span (the ``core``
# group), as labellers do: "in recent years" is "recent years".
_RULES = [
    ("time-date", rf"\b{_TIME}\s+(?:on\s+)?(?:{_WEEKDAY},?\s+{_MONTH}\s+{_DAY}|{_WEEKDAY}|{_MONTH}\s+{_DAY})\b(?:,?\s+{_YEAR}\b)?"),
    ("iso-date", rf"\b{_YEAR}-[01][0-9]-[0-3][0-9]\b"),
    ("full-date", rf"\b(?:{_WEEKDAY},?\s+)?{_MONTH}\s+{_DAY},?\s+{_YEAR}\b(?:,?\s+(?:at\s+)?{_TIME})?"),
    ("full-date", rf"\b(?:{_WEEKDAY},?\s+)?(?:the\s+)?{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}\b(?:,?\s+(?:at\s+)?{_TIME})?"),
    ("month-range", rf"\b(?i:between|from)\s+(?P<core>{_MONTH})\s+(?i:and|to|until|through)\s+(?P<second>{_MONTH})\b(?!\.?\s+(?:{_DAY}|{_YEAR})\b)"),
    ("month-year", rf"\b(?:(?i:early|late|mid-?)\s*)?{_MONTH}\s+(?:of\s+)?{_YEAR}\b"),
    ("season", rf"\b(?:(?i:last|this|next|early|late|mid-?)\s*)?{_SEASON}\s+(?:of\s+)?{_YEAR}\b"),
    ("season", rf"\b(?i:last|this|next|early|late|mid-?|earlier\s+this|later\s+this)\s*{_SEASON}\b"),
    ("day-month", rf"\b(?:{_WEEKDAY},?\s+)?{_MONTH}\s+{_DAY}\b(?!\s*,?\s*\d)"),
    ("day-month", rf"\b(?:{_WEEKDAY},?\s+)?{_DAY}\s+(?:of\s+)?{_MONTH}\b"),
    ("relative-month", rf"\b(?i:last|this|next|early|late|mid-?|earlier\s+this|later\s+this)\s*{_MONTH}\b"),
    ("weekday", rf"\b(?:(?i:last|this|next|early|late)\s+)?{_WEEKDAY}{_PART}\b(?!\s+[A-Z][a-z])"),
    ("relative-day", rf"\b(?i:today|yesterday|tomorrow|the\s+day\s+before\s+yesterday)(?:\s+(?i:{_alt(PARTS_OF_DAY)}))?\b"),
    ("relative-day", rf"\b(?i:tonight|this\s+(?:{_alt(PARTS_OF_DAY)})|last\s+night)\b"),
    ("relative-period", rf"\b(?i:(?:earlier|later)\s+this|this|last|next|past|previous|coming|recent)\s+(?i:{_alt(PERIODS)})\b"),
    ("relative-period", r"\b(?i:the\s+)(?P<core>(?i:following|next|previous|same)\s+(?i:day|week|month|year|morning|evening))\b"),
    ("period-edge", rf"\b(?i:the\s+)?(?P<core>(?i:end|start|beginning|middle|close|turn)\s+of\s+(?:(?i:the|this|next|last)\s+)?(?:{_YEAR}\b|{_MONTH}|(?i:year|month|week|decade|century)\b))"),
    ("ago", rf"\b{_NUMBER}\s+(?i:days?|weeks?|months?|years?|decades?)\s+(?i:ago|earlier|later)\b"),
    ("recent-years", rf"\b(?:(?i:in|over|during)\s+)?(?P<core>(?i:recent\s+(?:years|months|weeks|decades)|(?:the\s+)?(?:past|last)\s+(?:{_NUMBER}\s+)?(?:years?|months?|weeks?|decades?|days?)))\b"),
    ("decade", r"\b(?:the\s+)?(?:(?i:early|late|mid-?)\s*)?(?:1[6-9]|20)[0-9]0s\b"),
    ("fiscal-year", rf"\b(?i:fiscal(?:\s+year)?|FY)\s*{_YEAR}\b"),
    ("month", rf"\b{_SINCE}\s+(?P<core>{_MONTH})\b(?!\.?\s+(?:{_DAY}|{_YEAR})\b)"),
    ("month", rf"(?:\b(?i:a|an|the|its|their|his|her|our)\s+|(?<=’s\s)|(?<='s\s))(?P<core>{_MONTH})\s+(?=[a-z])"),
    ("time", rf"\b{_TIME}"),
    ("year", rf"(?:\b(?i:{_alt(YEAR_CUES)})\s+|\bmid-)(?P<core>{_YEAR})\b(?![-–,.]?\d)"),
    ("year", rf"\b(?i:a|an|the|its|their|his|her|our)\s+(?P<core>{_YEAR})\s+(?=[A-Za-z])"),
    ("year", rf"\b{_NOT_YEAR_BEFORE}{_YEAR}(?=\s*[,;.)]|’s|'s|\s+(?:and|to|when|as|after|before)\b)(?<![,$€£]\d{{4}})"),
]
_PATTERN = re.compile("|".join(
    f"(?P<r{i}>{body.replace('(?P<core>', f'(?P<c{i}>').replace('(?P<second>', f'(?P<s{i}>')})" for i, (_, body) in enumerate(_RULES)
))
_RULE_NAMES = [name for name, _ in _RULES]
_CORES = frozenset(name for name in _PATTERN.groupindex if name.startswith("c"))
_SECONDS = frozenset(name for name in _PATTERN.groupindex if name.startswith("s"))
# words that open a date's span but are not part of it ("on Tuesday" is "Tuesday")
_LEADING = re.compile(r"(?i:on|by|since|until)\s+")


# every date holds one of these words (or a digit): the pattern runs only around them
_TRIGGERS = frozenset(
    w.lower() for w in (*MONTHS, *MONTH_ABBREVIATIONS, *WEEKDAYS, *PERIODS, "today", "yesterday",
                        "tomorrow", "tonight", "ago", "earlier", "later", "spring", "summer",
                        "autumn", "fall", "winter", "day", "morning", "evening", "night",
                        "afternoon", "fiscal", "FY")
) | frozenset(p + "s" for p in ("day", "week", "month", "year", "decade"))
_TOKEN = re.compile(r"[0-9]+|[A-Za-z]+")
_REACH = 48  # the longest stretch of a date before or after its trigger word


def _windows(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Stretches of ``text[start:end]`` around trigger words, merged where they meet,
    cut at white space so that a word boundary at either end is a real one."""
    lo = hi = -1
    for m in _TOKEN.finditer(text, start, end):
        token = m.group()
        if not (token[0].isdigit() or token.lower() in _TRIGGERS):
            continue
        s, e = max(start, m.start() - _REACH), min(end, m.end() + _REACH)
        if s <= hi:
            hi = e
            continue
        if hi >= 0:
            yield lo, hi
        lo, hi = s, e
    if hi >= 0:
        yield lo, hi


def _snap(text: str, s: int, e: int, start: int, end: int) -> tuple[int, int]:
    while s > start and not text[s - 1].isspace():
        s -= 1
    while e < end and not text[e].isspace():
        e += 1
    return s, e


def find_dates(text: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int, str]]:
    """(start, end, rule) of each date or time expression in ``text[start:end]``."""
    end = len(text) if end is None else end
    last = start
    for ws, we in _windows(text, start, end):
        ws, we = _snap(text, max(ws, last), we, last, end)
        last = we
        yield from _dates_in(text, ws, we)


_WORD_START = re.compile(r"\b(?:\d|[A-Za-z]+)")
# the words a date can start with (a digit too): where else a match is not even tried
_FIRST_WORDS = frozenset(
    w.lower() for w in (
        *MONTHS, *MONTH_ABBREVIATIONS, *WEEKDAYS, *YEAR_CUES, *PERIODS, "last", "this", "next",
        "early", "late", "mid", "earlier", "later", "on", "by", "since", "until", "in", "from",
        "the", "a", "an", "its", "their", "his", "her", "our", "fiscal", "fy", "today", "yesterday",
        "tomorrow", "tonight", "recent", "past", "previous", "coming", "following", "same", "end",
        "start", "beginning", "middle", "close", "turn", "over", "during", "spring", "summer",
        "autumn", "fall", "winter", "one", "two", "three", "four", "five", "six", "seven", "eight",
        "nine", "ten", "eleven", "twelve", "several", "few", "between", "day",
    )
)


def _matches(text: str, start: int, end: int):
    """What ``_PATTERN.finditer`` gives, trying only where a word a date can start with
    starts (every rule starts a match at one): a few tries a window, not one a character."""
    pos = start
    for w in _WORD_START.finditer(text, start, end):
        if w.start() < pos or not (w.group()[0].isdigit() or w.group().lower() in _FIRST_WORDS):
            continue
        m = _PATTERN.match(text, w.start(), end)
        if m is not None and m.end() > m.start():
            pos = m.end()
            yield m


def _dates_in(text: str, start: int, end: int) -> Iterator[tuple[int, int, str]]:
    for m in _matches(text, start, end):
        index = int(m.lastgroup[1:])
        core = f"c{index}"
        s, e = m.span(core) if core in _CORES and m.group(core) is not None else m.span()
        lead = _LEADING.match(text, s, e)
        if lead:
            s = lead.end()
        if _a_number_not_a_year(text, s, e, _RULE_NAMES[index]):
            continue
        yield s, e, f"date:{_RULE_NAMES[index]}"
        second = f"s{index}"
        if second in _SECONDS and m.group(second) is not None:  # "between March and September": two dates
            yield (*m.span(second), f"date:{_RULE_NAMES[index]}")


_COUNTED = frozenset((
    "people", "troops", "soldiers", "cases", "residents", "patients", "votes", "dollars", "units",
    "homes", "jobs", "students", "workers", "members", "visits", "beds", "tons", "miles", "acres",
    "positions", "nurses", "doctors", "children", "families", "households", "deaths", "signatures",
))


def _a_number_not_a_year(text: str, s: int, e: int, rule: str) -> bool:
    """A four-digit number that counts something ("2000 troops", "2,031 positions") or names
    a road or a bill is not a year."""
    if rule != "year":
        return False
    m = re.match(r"\s+([a-z]+)", text[e : e + 20])
    if m and m.group(1) in _COUNTED:
        return True
    before = text[max(0, s - 12) : s].split()
    return bool(before) and before[-1] in ("Road", "Route", "Highway", "Bill", "No.", "Room", "Suite", "Flight")
