"""resolve_date: the ISO 8601 value of a date expression against the publication date."""

from __future__ import annotations

import datetime as dt

import pytest

from tui_reader.date_values import resolve_date

THURSDAY = dt.date(2025, 3, 6)  # the publication date of most cases below

# (quote, value when published on THURSDAY, value with no publication date)
CASES = [
    # weekdays: the latest such day on or before publication
    ("Tuesday", "2025-03-04", None),
    ("on Tuesday", "2025-03-04", None),
    ("tuesday", "2025-03-04", None),
    ("TUESDAY", "2025-03-04", None),
    ("late Wednesday", "2025-03-05", None),
    ("early Wednesday", "2025-03-05", None),
    ("Tuesday night", "2025-03-04", None),
    ("on Tuesday night", "2025-03-04", None),
    ("Wednesday morning", "2025-03-05", None),
    ("Tuesday at 3 p.m.", "2025-03-04", None),
    ("Tuesday at 3:30 p.m. EDT", "2025-03-04", None),
    ("at 3 p.m. on Tuesday", "2025-03-04", None),
    ("Tuesday’s", "2025-03-04", None),
    ("Thursday", "2025-03-06", None),  # publication day itself
    ("Friday", "2025-02-28", None),  # never a day after publication
    ("last Tuesday", "2025-03-04", None),
    ("last Thursday", "2025-02-27", None),  # strictly before: not the publication day
    ("this coming Tuesday", "2025-03-11", None),
    ("next Tuesday", None, None),  # the coming one or the one after: readers differ
    ("this Tuesday", None, None),
    # days around publication
    ("today", "2025-03-06", None),
    ("earlier today", "2025-03-06", None),
    ("this morning", "2025-03-06", None),
    ("tonight", "2025-03-06", None),
    ("yesterday", "2025-03-05", None),
    ("Yesterday afternoon", "2025-03-05", None),
    ("last night", "2025-03-05", None),
    ("late last night", "2025-03-05", None),
    ("the day before yesterday", "2025-03-04", None),
    ("tomorrow", "2025-03-07", None),
    ("tomorrow morning", "2025-03-07", None),
    ("three days ago", "2025-03-03", None),
    ("2 weeks ago", "2025-02-20", None),
    ("a year ago", "2024", None),
    ("a decade ago", "2015", None),
    ("six months ago", "2024-09", None),
    ("a few days ago", None, None),
    # weeks, months, years around publication
    ("this week", "2025-03-03/2025-03-09", None),
    ("earlier this week", "2025-03-03/2025-03-09", None),
    ("last week", "2025-02-24/2025-03-02", None),
    ("next week", "2025-03-10/2025-03-16", None),
    ("this weekend", "2025-03-08/2025-03-09", None),
    ("last weekend", "2025-03-01/2025-03-02", None),
    ("this month", "2025-03", None),
    ("earlier this month", "2025-03", None),
    ("last month", "2025-02", None),
    ("next month", "2025-04", None),
    ("this year", "2025", None),
    ("earlier this year", "2025", None),
    ("late last year", "2024", None),
    ("last year", "2024", None),
    ("next year", "2026", None),
    ("the past week", None, None),  # a span running back from an unsaid moment
    ("the previous year", None, None),
    # month names
    ("last September", "2024-09", None),
    ("last February", "2025-02", None),
    ("last March", "2024-03", None),  # strictly before the publication month
    ("next March", "2026-03", None),
    ("next September", "2025-09", None),
    ("September", "2025-09", None),  # a month without a year is in the publication's year
    ("in September", "2025-09", None),
    ("this September", "2025-09", None),
    ("mid-September", "2025-09", None),
    ("in early September", "2025-09", None),
    ("the end of February", "2025-02", None),
    ("since January", "2025-01", None),
    ("May", "2025-05", None),
    # months with a year
    ("March 2025", "2025-03", "2025-03"),
    ("May 2019", "2019-05", "2019-05"),
    ("may 2019", "2019-05", "2019-05"),
    ("in May 2019", "2019-05", "2019-05"),
    ("Sept. 2024", "2024-09", "2024-09"),
    ("September of 2024", "2024-09", "2024-09"),
    ("2019-05", "2019-05", "2019-05"),
    ("2010-12", None, None),  # December 2010, or 2010 to 2012
    # full dates
    ("March 4, 2025", "2025-03-04", "2025-03-04"),
    ("March 4 2025", "2025-03-04", "2025-03-04"),
    ("4 March 2025", "2025-03-04", "2025-03-04"),
    ("4th March 2025", "2025-03-04", "2025-03-04"),
    ("March 4th, 2025", "2025-03-04", "2025-03-04"),
    ("the 4th of March, 2025", "2025-03-04", "2025-03-04"),
    ("on March 4, 2025", "2025-03-04", "2025-03-04"),
    ("Tuesday, March 4, 2025", "2025-03-04", "2025-03-04"),
    ("Wednesday, March 4, 2025", None, None),  # the weekday and the date disagree
    ("2025-03-04", "2025-03-04", "2025-03-04"),
    ("Dec. 25, 2019", "2019-12-25", "2019-12-25"),
    ("Feb 29, 2024", "2024-02-29", "2024-02-29"),
    ("Feb 29, 2025", None, None),
    ("March 4", "2025-03-04", None),
    ("Mar. 4", "2025-03-04", None),
    ("4 March", "2025-03-04", None),
    ("by March 31", "2025-03-31", None),
    ("25/12/2019", "2019-12-25", "2019-12-25"),
    ("12/25/2019", "2019-12-25", "2019-12-25"),
    ("3/4/2025", None, None),  # March 4 or April 3, by country
    ("2025/03/04", "2025-03-04", "2025-03-04"),
    # intervals
    ("March 3-9, 2025", "2025-03-03/2025-03-09", "2025-03-03/2025-03-09"),
    ("3–9 March 2025", "2025-03-03/2025-03-09", "2025-03-03/2025-03-09"),
    ("March 3 to 9", "2025-03-03/2025-03-09", None),
    ("Q1 2025", "2025-01-01/2025-03-31", "2025-01-01/2025-03-31"),
    ("the third quarter of 2024", "2024-07-01/2024-09-30", "2024-07-01/2024-09-30"),
    ("2019-2021", "2019/2021", "2019/2021"),
    ("2019–21", "2019/2021", "2019/2021"),
    ("from 2019 to 2021", "2019/2021", "2019/2021"),
    ("between 2019 and 2021", "2019/2021", "2019/2021"),
    ("between March 3 and 9", "2025-03-03/2025-03-09", None),
    ("2019 and 2021", None, None),  # two years, not the years between
    ("March 3 and 9", None, None),
    ("2021-2019", None, None),
    # years and decades
    ("2019", "2019", "2019"),
    ("in 2019", "2019", "2019"),
    ("since 2019", "2019", "2019"),
    ("by 2030", "2030", "2030"),
    ("the year 2000", "2000", "2000"),
    ("early 2019", "2019", "2019"),
    ("the 1990s", "1990/1999", "1990/1999"),
    ("the early 1990s", "1990/1999", "1990/1999"),
    ("the '90s", None, None),  # which century is not said
    ("the nineties", None, None),
    # not a fixed time
    ("in recent years", None, None),
    ("recently", None, None),
    ("in recent months", None, None),
    ("now", None, None),
    ("soon", None, None),
    ("",  None, None),
    ("   ", None, None),
]


@pytest.mark.parametrize(("quote", "value", "absolute"), CASES, ids=[c[0] or "empty" for c in CASES])
def test_resolves_against_the_publication_date(quote: str, value: str | None, absolute: str | None) -> None:
    assert resolve_date(quote, THURSDAY) == value
    assert resolve_date(quote, None) == absolute


# Words that hold a date-like word but name no date: the function resolves only what it
# is given whole, so surrounding text makes it None, never a date.
TRAPS = [
    "Theresa May",
    "may",  # as given, a month: see test_a_month_name_alone_is_a_month
    "2019 people",
    "March on Washington",
    "Sunday Times",
    "Friday's deadline was missed",
    "the 2019 report",
    "Tuesday and Wednesday",
    "before 2019",
    "after Tuesday",
    "12345",
    "Room 101",
    "the 20th century",
    "spring 2025",
    "Christmas",
    "fiscal 2019",
]


@pytest.mark.parametrize("quote", [t for t in TRAPS if t != "may"])
def test_words_around_a_date_that_change_it_make_it_unresolved(quote: str) -> None:
    assert resolve_date(quote, THURSDAY) is None


def test_a_month_name_alone_is_a_month() -> None:
    # telling the month from the verb or the name is detection's work, not this function's
    assert resolve_date("may", THURSDAY) == "2025-05"
    assert resolve_date("May 2019", None) == "2019-05"


@pytest.mark.parametrize(
    ("published", "quote", "value"),
    [
        (dt.date(2025, 1, 2), "last December", "2024-12"),
        (dt.date(2025, 1, 2), "last month", "2024-12"),
        (dt.date(2025, 1, 2), "next month", "2025-02"),
        (dt.date(2025, 12, 30), "next month", "2026-01"),
        (dt.date(2025, 12, 30), "next week", "2026-01-05/2026-01-11"),
        (dt.date(2026, 1, 1), "this week", "2025-12-29/2026-01-04"),  # the ISO week crosses the year
        (dt.date(2025, 3, 2), "Sunday", "2025-03-02"),
        (dt.date(2025, 3, 2), "last Sunday", "2025-02-23"),
        (dt.date(2025, 3, 2), "Monday", "2025-02-24"),
        (dt.date(2025, 3, 2), "last weekend", "2025-02-22/2025-02-23"),
        (dt.date(2024, 3, 31), "a month ago", "2024-02"),
        (dt.date(2025, 9, 15), "last September", "2024-09"),
        (dt.date(2025, 10, 1), "last September", "2025-09"),
        (dt.date(2025, 9, 15), "September 12", "2025-09-12"),
        (dt.date(2025, 9, 15), "Friday, September 12", "2025-09-12"),
        (dt.date(2025, 9, 15), "Thursday, September 12", None),
    ],
)
def test_other_publication_dates(published: dt.date, quote: str, value: str) -> None:
    assert resolve_date(quote, published) == value
