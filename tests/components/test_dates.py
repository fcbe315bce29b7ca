"""Tests for components/dates.py: dates and durations in free text, UK conventions.

Every expected date below was worked out by hand from the phrase and the reference date; none is
computed by the code under test.  Unless a case says otherwise, "today" is Friday 10 May 2024.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from components.dates import (
    DateMatch,
    ImpossibleDateError,
    add_months,
    find_dates,
    find_invalid_date,
    months_between,
    parse_duration_months,
    resolve_date,
    says_a_year,
)

ROOT = Path(__file__).resolve().parents[2]
TODAY = dt.date(2024, 5, 10)
D = dt.date
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def _long(day: dt.date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def _cases(rows, today=None):
    """pytest params named as sentences: "'1/9/23' is 1 September 2023 (day)"."""
    params = []
    for row in rows:
        text, expected, grain = row[0], row[1], row[2]
        span = row[3] if len(row) > 3 else text
        name = f"{text!r} is {_long(expected)} ({grain})"
        if today is not None:
            name += f" on {_long(today)}"
        params.append(pytest.param(text, expected, grain, span, id=name))
    return params


def _check(text, expected, grain, span, today=TODAY):
    found = resolve_date(text, today)
    assert found is not None, f"no date read in {text!r}"
    assert (found.date, found.grain, found.text) == (expected, grain, span)
    assert text[found.start : found.end] == found.text


# --------------------------------------------------------------------------- explicit dates

NUMERIC = [
    ("01/09/2023", D(2023, 9, 1), "day"),
    ("1/9/23", D(2023, 9, 1), "day"),
    ("1.9.2023", D(2023, 9, 1), "day"),
    ("01-09-2023", D(2023, 9, 1), "day"),
    ("2023-09-01", D(2023, 9, 1), "day"),
    ("2023/09/01", D(2023, 9, 1), "day"),
    ("12/03/2021", D(2021, 3, 12), "day"),
    ("I started on 5/11/19.", D(2019, 11, 5), "day", "5/11/19"),
    ("1/9/98", D(1998, 9, 1), "day"),
    ("09/2023", D(2023, 9, 1), "month"),
    ("2023/24", D(2023, 9, 1), "month"),
    ("the academic year 2023-24", D(2023, 9, 1), "month", "2023-24"),
    ("2023/2024", D(2023, 9, 1), "month"),
    ("2019-2020", D(2019, 9, 1), "month"),
]


@pytest.mark.parametrize("text, expected, grain, span", _cases(NUMERIC))
def test_numeric_dates_are_read_day_first(text, expected, grain, span):
    _check(text, expected, grain, span)


WORDS = [
    ("1st September 2023", D(2023, 9, 1), "day"),
    ("September 1st 2023", D(2023, 9, 1), "day"),
    ("1 Sept 2023", D(2023, 9, 1), "day"),
    ("the 1st of September 2023", D(2023, 9, 1), "day"),
    ("on the 1st of September 2023", D(2023, 9, 1), "day", "the 1st of September 2023"),
    ("September 1st, 2023", D(2023, 9, 1), "day"),
    ("September 15, 2023", D(2023, 9, 15), "day"),
    ("22nd Feb 2022", D(2022, 2, 22), "day"),
    ("3rd of march 2021", D(2021, 3, 3), "day"),
    ("1-Sep-2023", D(2023, 9, 1), "day"),
    ("01 Sep 23", D(2023, 9, 1), "day"),
    ("the first of September 2021", D(2021, 9, 1), "day"),
    ("the twenty-first of May 2023", D(2023, 5, 21), "day"),
    ("September the 1st 2020", D(2020, 9, 1), "day"),
    ("Sunday 1st October 2023", D(2023, 10, 1), "day", "1st October 2023"),
    ("31 December 2022", D(2022, 12, 31), "day"),
    ("1st September last year", D(2023, 9, 1), "day"),
]


@pytest.mark.parametrize("text, expected, grain, span", _cases(WORDS))
def test_day_month_year_in_words(text, expected, grain, span):
    _check(text, expected, grain, span)


MONTH_ONLY = [
    ("Sept 2023", D(2023, 9, 1), "month"),
    ("Sep 2023", D(2023, 9, 1), "month"),
    ("sep '23", D(2023, 9, 1), "month"),
    ("September '23", D(2023, 9, 1), "month"),
    ("September \u201923", D(2023, 9, 1), "month"),
    ("SEPTEMBER 2023", D(2023, 9, 1), "month"),
    ("Sept. 2023", D(2023, 9, 1), "month"),
    ("September of 2023", D(2023, 9, 1), "month"),
    ("I started Sept 23", D(2023, 9, 1), "month", "Sept 23"),
    ("Jan 2024", D(2024, 1, 1), "month"),
    ("mar 2020", D(2020, 3, 1), "month"),
    ("since May 2021", D(2021, 5, 1), "month", "May 2021"),
    ("February 2024", D(2024, 2, 1), "month"),
]


@pytest.mark.parametrize("text, expected, grain, span", _cases(MONTH_ONLY))
def test_a_month_without_a_day_means_its_first_day(text, expected, grain, span):
    _check(text, expected, grain, span)


MISSPELT = [
    ("Septmber 2022", D(2022, 9, 1), "month"),
    ("Febuary 2020", D(2020, 2, 1), "month"),
    ("feburary 2021", D(2021, 2, 1), "month"),
    ("janurary 2019", D(2019, 1, 1), "month"),
    ("octobre 2018", D(2018, 10, 1), "month"),
    ("Decemeber 2019", D(2019, 12, 1), "month"),
    ("1st Setpember 2020", D(2020, 9, 1), "day"),
]


@pytest.mark.parametrize("text, expected, grain, span", _cases(MISSPELT))
def test_common_misspellings_of_month_names(text, expected, grain, span):
    _check(text, expected, grain, span)


YEARS = [
    ("in 2019", D(2019, 1, 1), "year", "2019"),
    ("2008", D(2008, 1, 1), "year"),
    ("1990", D(1990, 1, 1), "year"),
    ("2039", D(2039, 1, 1), "year"),
    ("since '19", D(2019, 1, 1), "year", "'19"),
    ("I qualified in 2009, I think.", D(2009, 1, 1), "year", "2009"),
]


@pytest.mark.parametrize("text, expected, grain, span", _cases(YEARS))
def test_a_year_alone_means_1_january(text, expected, grain, span):
    _check(text, expected, grain, span)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("12 months", id="'12 months' is a duration, not a year"),
        pytest.param("100", id="'100' is not a year"),
        pytest.param("1989", id="'1989' is below the bare-year range 1990-2039"),
        pytest.param("2040", id="'2040' is above the bare-year range 1990-2039"),
        pytest.param("I have 2000 pupils", id="'2000 pupils' is a count, not a year"),
        pytest.param("it cost \u00a32019", id="'\u00a32019' is money, not a year"),
        pytest.param("3/4 of the staff", id="'3/4' is a fraction, not a date"),
        pytest.param("version 1.2.3", id="'1.2.3' is a version, not a date"),
        pytest.param("1.13.2023", id="a dotted number that cannot be a date is ignored"),
        pytest.param("I may start soon", id="'may' as a verb is not May"),
        pytest.param("over the summer", id="a bare season after 'over the' is not a date"),
        pytest.param("I teach a year 7 class", id="'year 7' is a year group, not a date"),
        pytest.param("no idea, sorry", id="text with no date gives None"),
        pytest.param("", id="empty text gives None"),
    ],
)
def test_text_without_a_date_gives_none(text):
    assert resolve_date(text, TODAY) is None
    assert find_dates(text, TODAY) == []


TERMS = [
    ("autumn term 2023", D(2023, 9, 1), "month"),
    ("autumn 2023", D(2023, 9, 1), "month"),
    ("spring term 2024", D(2024, 1, 1), "month"),
    ("summer term 2024", D(2024, 6, 1), "month"),
    ("the start of the summer term 2024", D(2024, 4, 1), "month", "summer term 2024"),
    ("Easter 2024", D(2024, 4, 1), "month"),
    ("Christmas 2022", D(2022, 12, 1), "month"),
    ("spring term 2023/24", D(2024, 1, 1), "month"),
    ("autumn term 2023/24", D(2023, 9, 1), "month"),
    ("summer '24", D(2024, 6, 1), "month"),
    ("summer term last year", D(2023, 6, 1), "month"),
]


@pytest.mark.parametrize("text, expected, grain, span", _cases(TERMS))
def test_terms_and_seasons_read_as_their_first_month_but_summer_as_june(text, expected, grain, span):
    _check(text, expected, grain, span)


# --------------------------------------------------------------------------- relative phrases

RELATIVE = [
    ("today", D(2024, 5, 10), "day"),
    ("yesterday", D(2024, 5, 9), "day"),
    ("tomorrow", D(2024, 5, 11), "day"),
    ("the day before yesterday", D(2024, 5, 8), "day"),
    ("two years ago", D(2022, 5, 10), "year"),
    ("2 years ago", D(2022, 5, 10), "year"),
    ("18 months ago", D(2022, 11, 10), "month"),
    ("eighteen months ago", D(2022, 11, 10), "month"),
    ("a year ago", D(2023, 5, 10), "year"),
    ("a couple of years ago", D(2022, 5, 10), "year"),
    ("a year and a half ago", D(2022, 11, 10), "month"),
    ("2 years and 3 months ago", D(2022, 2, 10), "month"),
    ("a term ago", D(2024, 1, 1), "month"),
    ("three weeks ago", D(2024, 4, 19), "day"),
    ("10 days ago", D(2024, 4, 30), "day"),
    ("in two years' time", D(2026, 5, 10), "year"),
    ("18 months from now", D(2025, 11, 10), "month"),
    ("last September", D(2023, 9, 1), "month"),
    ("this September", D(2024, 9, 1), "month"),
    ("next September", D(2024, 9, 1), "month"),
    ("this coming September", D(2024, 9, 1), "month"),
    ("last April", D(2023, 4, 1), "month"),  # said in May: April just gone would be "in April"
    ("next April", D(2025, 4, 1), "month"),
    ("last May", D(2023, 5, 1), "month"),
    ("next May", D(2025, 5, 1), "month"),
    ("in April last year", D(2023, 4, 1), "month", "April last year"),
    ("April of last year", D(2023, 4, 1), "month"),
    ("in April this year", D(2024, 4, 1), "month", "April this year"),
    ("January next year", D(2025, 1, 1), "month"),
    ("last year", D(2023, 1, 1), "year"),
    ("this year", D(2024, 1, 1), "year"),
    ("next year", D(2025, 1, 1), "year"),
    ("the year before last", D(2022, 1, 1), "year"),
    ("last month", D(2024, 4, 1), "month"),
    ("next month", D(2024, 6, 1), "month"),
    ("last term", D(2024, 1, 1), "month"),
    ("this term", D(2024, 4, 1), "month"),
    ("next term", D(2024, 9, 1), "month"),
    ("this academic year", D(2023, 9, 1), "month"),
    ("last academic year", D(2022, 9, 1), "month"),
    ("next school year", D(2024, 9, 1), "month"),
    ("since Easter", D(2024, 4, 1), "month", "Easter"),
    ("since September", D(2023, 9, 1), "month", "September"),
    ("since the start of April", D(2024, 4, 1), "month", "April"),
    ("last summer", D(2023, 6, 1), "month"),
    ("next summer", D(2025, 6, 1), "month"),
    ("this autumn", D(2024, 9, 1), "month"),
    ("last Christmas", D(2023, 12, 1), "month"),
]


@pytest.mark.parametrize("text, expected, grain, span", _cases(RELATIVE, TODAY))
def test_relative_phrases_count_from_today(text, expected, grain, span):
    _check(text, expected, grain, span)


TWO_TODAYS = [
    # phrase, first today, its answer, second today, its answer
    # In October the September just gone is "this September"; "last September" is a year before.
    ("last September", D(2024, 10, 15), D(2023, 9, 1), D(2024, 9, 15), D(2023, 9, 1)),
    ("last September", D(2025, 3, 10), D(2024, 9, 1), D(2024, 12, 1), D(2023, 9, 1)),
    ("last September", D(2024, 8, 31), D(2023, 9, 1), D(2024, 9, 1), D(2023, 9, 1)),
    ("next September", D(2024, 8, 31), D(2024, 9, 1), D(2024, 9, 1), D(2025, 9, 1)),
    ("this September", D(2024, 1, 1), D(2024, 9, 1), D(2025, 12, 31), D(2025, 9, 1)),
    ("in January", D(2024, 1, 20), D(2024, 1, 1), D(2023, 12, 1), D(2023, 1, 1)),
    ("two years ago", D(2024, 5, 10), D(2022, 5, 10), D(2020, 1, 1), D(2018, 1, 1)),
    ("last year", D(2024, 5, 10), D(2023, 1, 1), D(2019, 6, 1), D(2018, 1, 1)),
    ("since Easter", D(2024, 3, 31), D(2023, 4, 1), D(2024, 4, 1), D(2024, 4, 1)),
    ("yesterday", D(2024, 3, 1), D(2024, 2, 29), D(2023, 3, 1), D(2023, 2, 28)),
    ("last term", D(2024, 10, 1), D(2024, 4, 1), D(2024, 2, 1), D(2023, 9, 1)),
    ("this academic year", D(2024, 8, 31), D(2023, 9, 1), D(2024, 9, 1), D(2024, 9, 1)),
    ("1st September", D(2024, 9, 1), D(2024, 9, 1), D(2024, 8, 31), D(2023, 9, 1)),
    ("next month", D(2024, 12, 31), D(2025, 1, 1), D(2024, 1, 31), D(2024, 2, 1)),
]


@pytest.mark.parametrize(
    "text, today1, answer1, today2, answer2",
    [
        pytest.param(*row, id=f"{row[0]!r} is {_long(row[2])} on {_long(row[1])} but {_long(row[4])} on {_long(row[3])}")
        for row in TWO_TODAYS
    ],
)
def test_the_same_phrase_depends_on_today(text, today1, answer1, today2, answer2):
    assert resolve_date(text, today1).date == answer1
    assert resolve_date(text, today2).date == answer2


TENSE = [
    ("I started in January", D(2024, 1, 1)),
    ("I will start in January", D(2025, 1, 1)),
    ("I'll start in September", D(2024, 9, 1)),
    ("I\u2019ll start in September", D(2024, 9, 1)),
    ("I'm starting in September", D(2024, 9, 1)),
    ("I started in September", D(2023, 9, 1)),
    ("I became SENCO in September", D(2023, 9, 1)),
    ("We plan to begin in March", D(2025, 3, 1)),
    ("I am going to register in April", D(2025, 4, 1)),
    ("The course starts in February", D(2025, 2, 1)),
    ("I will tell you: I started in January", D(2024, 1, 1)),
    ("I'll start the NPQ in the spring", D(2025, 1, 1)),
    ("I start on 1st June", D(2024, 6, 1)),
    ("I started on 1st June", D(2023, 6, 1)),
    ("I start in May", D(2024, 5, 1)),
    ("I started in May", D(2024, 5, 1)),
]


@pytest.mark.parametrize("text, expected", [pytest.param(t, e, id=f"{t!r} is {_long(e)} on 10 May 2024") for t, e in TENSE])
def test_a_month_without_a_year_is_read_by_the_nearest_tense_cue(text, expected):
    assert resolve_date(text, TODAY).date == expected


def test_each_date_in_a_sentence_takes_the_tense_of_its_own_clause():
    found = find_dates("I started in January and will finish in July", TODAY)
    assert [(m.date, m.text) for m in found] == [(D(2024, 1, 1), "January"), (D(2024, 7, 1), "July")]


def test_a_sentence_end_stops_a_future_cue_reaching_the_next_sentence():
    found = find_dates("I will finish in July. I started in March", TODAY)
    assert [m.date for m in found] == [D(2024, 7, 1), D(2024, 3, 1)]


def test_29_february_without_a_year_is_the_last_one_in_the_past():
    assert resolve_date("29 February", D(2025, 3, 1)).date == D(2024, 2, 29)


def test_29_february_without_a_year_with_a_future_cue_is_the_next_leap_day():
    assert resolve_date("I will start on 29 February", D(2025, 3, 1)).date == D(2028, 2, 29)


# --------------------------------------------------------------------------- month arithmetic


@pytest.mark.parametrize(
    "text, today, expected",
    [
        pytest.param(
            "1 month ago", D(2024, 3, 31), D(2024, 2, 29), id="1 month before 31 March 2024 is 29 February 2024 (leap year)"
        ),
        pytest.param("1 month ago", D(2023, 3, 31), D(2023, 2, 28), id="1 month before 31 March 2023 is 28 February 2023"),
        pytest.param("a year ago", D(2024, 2, 29), D(2023, 2, 28), id="a year before 29 February 2024 is 28 February 2023"),
        pytest.param("4 years ago", D(2024, 2, 29), D(2020, 2, 29), id="4 years before 29 February 2024 is 29 February 2020"),
        pytest.param("3 months ago", D(2024, 5, 31), D(2024, 2, 29), id="3 months before 31 May 2024 is 29 February 2024"),
        pytest.param("6 months ago", D(2023, 8, 31), D(2023, 2, 28), id="6 months before 31 August 2023 is 28 February 2023"),
        pytest.param(
            "1 month ago",
            D(2024, 1, 15),
            D(2023, 12, 15),
            id="1 month before 15 January 2024 crosses the year to 15 December 2023",
        ),
    ],
)
def test_months_ago_clamps_to_the_last_day_of_the_target_month(text, today, expected):
    assert resolve_date(text, today).date == expected


@pytest.mark.parametrize(
    "start, months, expected",
    [
        pytest.param(D(2024, 1, 31), 1, D(2024, 2, 29), id="31 January 2024 + 1 month is 29 February"),
        pytest.param(D(2023, 1, 31), 1, D(2023, 2, 28), id="31 January 2023 + 1 month is 28 February"),
        pytest.param(D(2024, 3, 31), -1, D(2024, 2, 29), id="31 March 2024 - 1 month is 29 February"),
        pytest.param(D(2023, 8, 31), 18, D(2025, 2, 28), id="31 August 2023 + 18 months is 28 February 2025"),
        pytest.param(D(2024, 2, 29), 12, D(2025, 2, 28), id="29 February 2024 + 12 months is 28 February 2025"),
        pytest.param(D(2024, 2, 29), 48, D(2028, 2, 29), id="29 February 2024 + 48 months is 29 February 2028"),
    ],
)
def test_add_months_keeps_the_day_or_uses_the_last_day_of_the_month(start, months, expected):
    assert add_months(start, months) == expected


@pytest.mark.parametrize(
    "earlier, later, expected",
    [
        pytest.param(D(2023, 1, 31), D(2023, 2, 28), 1, id="31 January to 28 February 2023 is 1 month"),
        pytest.param(D(2023, 1, 31), D(2023, 2, 27), 0, id="31 January to 27 February 2023 is 0 months"),
        pytest.param(D(2022, 9, 1), D(2024, 5, 10), 20, id="1 September 2022 to 10 May 2024 is 20"),
        pytest.param(D(2024, 5, 10), D(2024, 5, 1), 0, id="a later start gives 0 months"),
    ],
)
def test_months_between_counts_whole_months(earlier, later, expected):
    assert months_between(earlier, later) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        pytest.param("29/02/2024", D(2024, 2, 29), id="29/02/2024 exists: 2024 is a leap year"),
        pytest.param("29/02/2000", D(2000, 2, 29), id="29/02/2000 exists: 2000 is a leap year"),
        pytest.param("29 February 2024", D(2024, 2, 29), id="29 February 2024 exists"),
    ],
)
def test_leap_days_in_leap_years_are_dates(text, expected):
    assert resolve_date(text, TODAY).date == expected


# --------------------------------------------------------------------------- impossible dates

IMPOSSIBLE = [
    ("31/02/2024", "31/02/2024"),
    ("30th February 2023", "30th February 2023"),
    ("31/04/2024", "31/04/2024"),
    ("13/13/2023", "13/13/2023"),
    ("1/13/2024", "1/13/2024"),
    ("29/02/2023", "29/02/2023"),
    ("29 February 2023", "29 February 2023"),
    ("29/02/1900", "29/02/1900"),
    ("2024-02-30", "2024-02-30"),
    ("2024-13-01", "2024-13-01"),
    ("12/31/2023", "12/31/2023"),
    ("Sept 31, 2023", "Sept 31, 2023"),
    ("00/01/2024", "00/01/2024"),
    ("the 31st of April", "the 31st of April"),
    ("31 February", "31 February"),
    ("13/2023", "13/2023"),
    ("my start date was 31 September 2023 I think", "31 September 2023"),
]


@pytest.mark.parametrize("text, span", [pytest.param(t, s, id=f"{t!r} is an impossible date") for t, s in IMPOSSIBLE])
def test_impossible_dates_are_reported_not_read(text, span):
    assert find_invalid_date(text) == span
    assert find_dates(text, TODAY) == []
    with pytest.raises(ImpossibleDateError) as caught:
        resolve_date(text, TODAY)
    assert caught.value.text == span
    assert text[caught.value.start : caught.value.end] == span
    assert caught.value.reason


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("1/9/2023", id="1/9/2023 is not impossible"),
        pytest.param("29/02/2024", id="29/02/2024 is not impossible"),
        pytest.param("no date here", id="text without a date has no impossible date"),
        pytest.param("1.13.2023", id="a dotted version number is not reported as a date"),
    ],
)
def test_find_invalid_date_is_none_for_real_dates(text):
    assert find_invalid_date(text) is None


def test_the_impossible_date_error_is_a_value_error():
    assert issubclass(ImpossibleDateError, ValueError)


def test_an_impossible_date_does_not_leave_its_year_behind():
    found = find_dates("31/02/2024 or 1/3/2024", TODAY)
    assert [(m.date, m.text) for m in found] == [(D(2024, 3, 1), "1/3/2024")]


def test_resolve_date_returns_a_real_date_that_comes_before_an_impossible_one():
    assert resolve_date("1/3/2024 not 31/02/2024", TODAY).date == D(2024, 3, 1)


# --------------------------------------------------------------------------- several dates


def test_find_dates_returns_every_date_left_to_right_with_spans():
    text = "I was appointed in Sept 2021 and started the NASENCO in Jan 2022."
    found = find_dates(text, TODAY)
    assert found == [
        DateMatch(D(2021, 9, 1), "month", "Sept 2021", 19, 28),
        DateMatch(D(2022, 1, 1), "month", "Jan 2022", 56, 64),
    ]


def test_find_dates_reads_a_range_as_two_dates():
    found = find_dates("sept 2023 until july 2025", TODAY)
    assert [(m.date, m.grain) for m in found] == [(D(2023, 9, 1), "month"), (D(2025, 7, 1), "month")]


def test_find_dates_prefers_the_longest_reading_at_one_place():
    found = find_dates("I became SENCO on 1/9/2019 and will finish the NPQ in July", TODAY)
    assert [(m.date, m.text) for m in found] == [(D(2019, 9, 1), "1/9/2019"), (D(2024, 7, 1), "July")]


def test_resolve_date_accepts_a_datetime_as_today():
    assert resolve_date("yesterday", dt.datetime(2024, 5, 10, 23, 59)).date == D(2024, 5, 9)


def test_resolve_date_uses_senco_today_when_today_is_omitted(monkeypatch):
    monkeypatch.setenv("SENCO_TODAY", "2021-06-30")
    assert resolve_date("last year").date == D(2020, 1, 1)


# --------------------------------------------------------------------------- durations

DURATIONS = [
    ("18 months", 18),
    ("eighteen months", 18),
    ("two years", 24),
    ("2 yrs", 24),
    ("a year", 12),
    ("a year and a half", 18),
    ("one and a half years", 18),
    ("1.5 years", 18),
    ("1\u00bd years", 18),
    ("1.3 years", 15),
    ("6 months", 6),
    ("a term", 4),
    ("two terms", 8),
    ("a school year", 12),
    ("an academic year", 12),
    ("half a year", 6),
    ("2 years and 3 months", 27),
    ("a couple of years", 24),
    ("a couple of months", 2),
    ("twenty-four months", 24),
    ("twelve months", 12),
    ("three and a half years", 42),
    ("6 weeks", 1),
    ("4 weeks", 0),
    ("2.5 months", 2),
    ("0 months", 0),
]


@pytest.mark.parametrize("text, months", [pytest.param(t, n, id=f"{t!r} is {n} months") for t, n in DURATIONS])
def test_durations_in_whole_months_rounded_down(text, months):
    found = parse_duration_months(text, TODAY)
    assert found is not None
    assert (found.months, found.text, found.start, found.end) == (months, text, 0, len(text))


@pytest.mark.parametrize(
    "text, today, months, span",
    [
        pytest.param("since Easter", TODAY, 1, "since Easter", id="'since Easter' on 10 May 2024 is 1 month"),
        pytest.param("since Easter", D(2024, 4, 1), 0, "since Easter", id="'since Easter' on 1 April 2024 is 0 months"),
        pytest.param("since Easter", D(2024, 3, 31), 11, "since Easter", id="'since Easter' on 31 March 2024 is 11 months"),
        pytest.param(
            "since September 2022", TODAY, 20, "since September 2022", id="'since September 2022' on 10 May 2024 is 20 months"
        ),
        pytest.param("since September", TODAY, 8, "since September", id="'since September' on 10 May 2024 is 8 months"),
        pytest.param("since 2019", TODAY, 64, "since 2019", id="'since 2019' on 10 May 2024 is 64 months"),
        pytest.param(
            "since the start of September 2022",
            TODAY,
            20,
            "since the start of September 2022",
            id="'since the start of September 2022' on 10 May 2024 is 20 months",
        ),
        pytest.param(
            "since last September", TODAY, 8, "since last September", id="'since last September' on 10 May 2024 is 8 months"
        ),
        pytest.param(
            "I've been SENCO for about 3 years now", TODAY, 36, "3 years", id="a duration inside a sentence keeps its span"
        ),
        pytest.param("for the last 18 months", TODAY, 18, "18 months", id="'for the last 18 months' is 18 months"),
    ],
)
def test_durations_since_a_date_count_months_to_today(text, today, months, span):
    found = parse_duration_months(text, today)
    assert found is not None
    assert (found.months, found.text) == (months, span)
    assert text[found.start : found.end] == span


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("never", id="'never' is not a duration"),
        pytest.param("no", id="'no' is not a duration"),
        pytest.param("none", id="'none' is not a duration"),
        pytest.param("I haven't been a SENCO before", id="a negative sentence is not a duration"),
        pytest.param("a few months", id="'a few months' has no number and is not read"),
        pytest.param("since next year", id="'since' a future date is not a duration"),
        pytest.param("half term", id="'half term' is a holiday, not half a term"),
        pytest.param("I teach a year 7 class", id="'a year 7 class' is a year group"),
        pytest.param("next year", id="a date alone is not a duration"),
    ],
)
def test_things_that_are_not_durations(text):
    assert parse_duration_months(text, TODAY) is None


# --------------------------------------------------------------------------- CLI


def _cli(*args, env_today=None, drop_env=True):
    env = {k: v for k, v in os.environ.items() if not (drop_env and k == "SENCO_TODAY")}
    env["PYTHONPATH"] = str(ROOT)
    if env_today is not None:
        env["SENCO_TODAY"] = env_today
    return subprocess.run(
        [sys.executable, "-m", "components.dates", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )


@pytest.mark.parametrize(
    "args, expected",
    [
        pytest.param(
            ["--today", "2024-05-10", "I started last September"],
            {"date": "2023-09-01", "grain": "month", "text": "last September"},
            id="the CLI prints the first date as JSON",
        ),
        pytest.param(
            ["--today", "2024-05-10", "01/09/2023"],
            {"date": "2023-09-01", "grain": "day", "text": "01/09/2023"},
            id="the CLI reads 01/09/2023 as 1 September 2023",
        ),
        pytest.param(
            ["--today", "2024-05-10", "in", "2019"],
            {"date": "2019-01-01", "grain": "year", "text": "2019"},
            id="the CLI joins several TEXT arguments with spaces",
        ),
        pytest.param(
            ["--today", "2024-05-10", "nothing to see"],
            {"date": None, "grain": None, "text": None},
            id="the CLI prints nulls when there is no date",
        ),
        pytest.param(
            ["--today", "2024-05-10", "31/02/2024"],
            {"date": None, "grain": None, "text": "31/02/2024"},
            id="the CLI prints a null date and the span for an impossible date",
        ),
    ],
)
def test_cli_prints_one_line_of_json_and_exits_0(args, expected):
    result = _cli(*args)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 1
    parsed = json.loads(lines[0])
    assert parsed == expected
    assert list(parsed) == ["date", "grain", "text"]


@pytest.mark.parametrize(
    "today",
    [
        pytest.param("2024-02-30", id="--today 2024-02-30 is not a real date: exit 2"),
        pytest.param("10/05/2024", id="--today 10/05/2024 is not YYYY-MM-DD: exit 2"),
        pytest.param("20240510", id="--today 20240510 is not YYYY-MM-DD: exit 2"),
        pytest.param("yesterday", id="--today yesterday is not YYYY-MM-DD: exit 2"),
    ],
)
def test_cli_rejects_a_bad_today_with_exit_2(today):
    result = _cli("--today", today, "last year")
    assert result.returncode == 2
    assert result.stdout == ""
    assert "today" in result.stderr.lower()


def test_cli_uses_senco_today_without_the_option():
    result = _cli("last year", env_today="2020-01-15")
    assert result.returncode == 0
    assert json.loads(result.stdout)["date"] == "2019-01-01"


def test_cli_option_wins_over_senco_today():
    result = _cli("--today", "2024-05-10", "last year", env_today="2020-01-15")
    assert json.loads(result.stdout)["date"] == "2023-01-01"


def test_cli_rejects_a_bad_senco_today_with_exit_2():
    result = _cli("last year", env_today="not-a-date")
    assert result.returncode == 2
    assert result.stdout == ""
    assert "SENCO_TODAY" in result.stderr


def test_cli_uses_the_real_date_without_option_or_environment():
    before = dt.date.today().isoformat()
    result = _cli("today")
    after = dt.date.today().isoformat()
    assert result.returncode == 0
    assert json.loads(result.stdout)["date"] in {before, after}


# --------------------------------------------------------------------------- packaging, speed


def test_components_package_init_is_empty():
    assert (ROOT / "components" / "__init__.py").read_text() == ""


def test_importing_dates_loads_neither_rasa_nor_spacy():
    code = "import sys, components.dates; print(sorted({m.split('.')[0] for m in sys.modules} & {'rasa', 'spacy'}))"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_find_dates_on_a_twenty_word_sentence_takes_well_under_a_millisecond():
    text = "I became the SENCO at my school on 1st September 2022 and I will start the NPQ next spring term, I think."
    find_dates(text, TODAY)
    runs = 300
    began = time.perf_counter()
    for _ in range(runs):
        find_dates(text, TODAY)
    average = (time.perf_counter() - began) / runs
    assert average < 0.001, f"{average * 1e6:.0f} microseconds per call"


# Within a term, and half terms (TODAY is 10 May 2024).
WITHIN_TERM = [
    ("at the end of the spring term 2024", D(2024, 3, 1), "month", "spring term 2024"),
    ("end of summer term 2023", D(2023, 7, 1), "month", "summer term 2023"),
    ("mid autumn 2022", D(2022, 10, 1), "month", "autumn 2022"),
    ("spring term 2024", D(2024, 1, 1), "month"),
    ("October half term 2023", D(2023, 10, 1), "month"),
    ("after October half term 2023", D(2023, 11, 1), "month", "October half term 2023"),
    ("after feb half term", D(2024, 2, 1), "month", "feb half term"),
    ("after May half-term 2023", D(2023, 6, 1), "month", "May half-term 2023"),
    ("after october half term last year", D(2023, 11, 1), "month", "october half term last year"),
]


@pytest.mark.parametrize("text, expected, grain, span", _cases(WITHIN_TERM))
def test_the_end_or_middle_of_a_term_and_half_terms(text, expected, grain, span):
    _check(text, expected, grain, span)


# Numeric months (TODAY is 10 May 2024).
NUMERIC_MONTHS = [
    ("2026-11", D(2026, 11, 1), "month"),
    ("2026/11", D(2026, 11, 1), "month"),
    ("11/25", D(2025, 11, 1), "month"),
    ("9/23", D(2023, 9, 1), "month"),
    ("12/2023", D(2023, 12, 1), "month"),
]


@pytest.mark.parametrize("text, expected, grain, span", _cases(NUMERIC_MONTHS))
def test_numeric_months_with_two_or_four_digit_years(text, expected, grain, span):
    _check(text, expected, grain, span)


def test_a_day_and_month_is_not_a_month_and_year():
    assert resolve_date("1/9", TODAY) is None


@pytest.mark.parametrize(
    "text", ["the September after covid", "after Easter the year Truss was PM", "the September after my NQT year"]
)
def test_a_month_whose_year_is_an_events_is_not_guessed(text):
    assert resolve_date(text, TODAY) is None


def test_a_school_years_name_is_not_a_length_of_time():
    assert parse_duration_months("the start of the 2016 school year", dt.date(2026, 11, 26)) is None


# --- Vague dates and the other months they may mean (said 26 November 2026). ----------------------
NOVEMBER_2026 = dt.date(2026, 11, 26)


@pytest.mark.parametrize(
    "text, read, others",
    [
        ("spring 2022", "2022-01", ("2022-02", "2022-03", "2022-04", "2022-05")),
        ("in the autumn", "2026-09", ("2026-10", "2026-11")),  # not a month still to come
        ("18 months ago", "2025-05", ("2025-04", "2025-06")),
        ("last June", "2026-06", ("2025-06",)),
        ("last November", "2025-11", ()),  # this November is not over: last November is a year ago
        ("the start of the summer term 2024", "2024-04", ()),  # where in the term is said
        ("after Easter 2024", "2024-04", ()),
        ("September 2023", "2023-09", ()),
    ],
)
def test_a_vague_date_carries_the_other_months_it_may_mean(text, read, others):
    match = find_dates(text, NOVEMBER_2026)[0]
    assert (match.partial(), match.alternatives) == (read, others)


def test_a_season_with_a_two_digit_year_is_that_year():
    assert [m.partial() for m in find_dates("senco since easter 23", NOVEMBER_2026)] == ["2023-04"]
    assert [m.partial() for m in find_dates("summer 23", NOVEMBER_2026)] == ["2023-06"]
    assert find_dates("summer 23 pupils", NOVEMBER_2026) == []


@pytest.mark.parametrize(
    "text, read, others",
    [
        ("nearly 4 years ago", "2023-01", ("2022-12", "2023-02")),  # a little less than four years
        ("just over 3 years ago", "2023-09", ("2023-08", "2023-10")),
        ("4 years ago", "2022", ()),
        ("oct half term last yr", "2025-10", ("2025-11",)),  # the break, or coming back after it
        ("since November", "2025-11", ("2026-11",)),  # said in November: a year ago, or this one
        ("in September", "2026-09", ()),
    ],
)
def test_hedged_lengths_half_terms_and_this_month(text, read, others):
    match = find_dates(text, NOVEMBER_2026)[0]
    assert (match.partial(), match.alternatives) == (read, others)


@pytest.mark.parametrize(
    "text, month, others",
    [
        ("sometime around the start of 2024", "2024-01", ("2024-02",)),
        ("early 2024", "2024-01", ("2024-02", "2024-03", "2024-04")),
        ("late 2023", "2023-09", ("2023-10", "2023-11", "2023-12")),
        ("the middle of 2022", "2022-06", ("2022-05", "2022-07")),
        ("the end of 2023", "2023-12", ("2023-11",)),
    ],
)
def test_a_part_of_a_year_is_a_month_that_may_be_asked_about(text, month, others):
    (found,) = find_dates(text, TODAY)
    assert (found.partial(), found.grain, found.alternatives) == (month, "month", others)


@pytest.mark.parametrize("text, months", [("3yrs", 36), ("18months", 18), ("did 2yrs as senco", 24)])
def test_a_length_written_without_a_space_is_read(text, months):
    assert parse_duration_months(text, TODAY).months == months


def test_a_hedged_year_is_a_year():
    assert [m.partial() for m in find_dates("2012ish", TODAY)] == ["2012"]


@pytest.mark.parametrize(
    "text, said",
    [
        ("2023", True),
        ("'23", True),
        ("sept 22", True),
        ("last year", True),
        ("this yr", True),
        ("2012ish", True),
        ("September", False),
        ("last spring", False),
        ("the 1st", False),
    ],
)
def test_whether_words_give_a_year(text, said):
    assert says_a_year(text) is said


@pytest.mark.parametrize(
    "text, partial, alternatives",
    [
        ("last academic year", "2025-09", 10),
        ("last term", "2026-04", 3),
        ("the start of last academic year", "2025-09", 0),
    ],
)
def test_a_school_year_or_term_may_mean_any_of_its_months(text, partial, alternatives):
    (match,) = find_dates(text, dt.date(2026, 11, 26))
    assert (match.partial(), len(match.alternatives)) == (partial, alternatives)


@pytest.mark.parametrize(
    "text, partial",
    [("been in post 2 yrs in January", "2025-01"), ("two years next march", "2025-03")],
)
def test_years_at_a_coming_month_count_back_from_that_anniversary(text, partial):
    (match,) = find_dates(text, dt.date(2026, 11, 26))
    assert match.partial() == partial


@pytest.mark.parametrize("text, partial", [("sept24", "2024-09"), ("jan2025", "2025-01")])
def test_a_month_and_year_typed_without_a_space(text, partial):
    (match,) = find_dates(text, dt.date(2026, 11, 26))
    assert match.partial() == partial
