"""Dates and durations in free text, read the way people in English schools write them.

Used by the Rasa pipeline (to attach a date to the fact it belongs to) and by the actions (to clean
a slot value), and from the shell: ``python -m components.dates --today YYYY-MM-DD "TEXT"``
(CONTRACTS.md section 2).  Pure Python: python-dateutil only, never Rasa or spaCy.

"Today" is always an argument.  Where it may be omitted, :func:`default_today` is used: the
``SENCO_TODAY`` environment variable (``YYYY-MM-DD``) when set, else the real date.

What a :class:`DateMatch` means
-------------------------------
``date`` is a :class:`datetime.date`; ``grain`` says how precise the phrase was:

* ``"day"``: a full date ("01/09/2023", "1st September 2023", "yesterday", "3 weeks ago").
* ``"month"``: a month without a day means its FIRST day ("Sept 2023" -> 2023-09-01).
* ``"year"``: a year alone means 1 January ("in 2019" -> 2019-01-01).  Only four-digit years
  1990-2039 count as bare years, so "12 months" or "100 pupils" are never years.

For offsets from today ("two years ago", "18 months ago", "18 months back") the date is the exact
arithmetic result, not truncated, and the grain is the unit of the phrase (years -> "year"; months
or a half -> "month"; weeks or days -> "day"). Terms are counted in school terms: "two terms ago"
in the autumn term is the first day of the spring term before (grain month). "A year last
September" (British) is the September before last September.

``text`` is the exact span read, ``start``/``end`` its offsets (``text == source[start:end]``).
A span covers the date and the words that change its reading ("last September", "April last
year", "two years ago", "the 1st of September 2023") but not a plain preposition before it: in
"since September 2022" or "in January" the span is "September 2022" / "January".

Conventions chosen (UK)
-----------------------
* Numbers are day first: 01/09/2023, 1/9/23, 1.9.2023, 01-09-2023 are 1 September 2023;
  ISO 2023-09-01 and 2023/09/01 are year first.  ``09/2023`` is September 2023 (grain month).
* Two-digit years: 00-69 are 2000-2069, 70-99 are 1970-1999 ("1/9/23", "sep '23").
* A month name followed by a bare two-digit number and no year reads the number as the year:
  "Sept 23" is September 2023 (UK shorthand); "September 23rd" (with a suffix), "September 5" (one
  digit) and "September 23, 2023" (a year follows) read it as the day.
* Numeric months: "09/2023" and "2023-09" are September 2023; "11/25" and "9/23" (the second
  number cannot be a month) are November 2025 and September 2023.
* Academic years: "2023/24", "2023-24", "2023/2024" are 1 September 2023 (grain month).
* Terms and seasons (our readings; a term has no fixed date in law):
  autumn term / autumn / fall -> 1 September; spring term / spring -> 1 January;
  summer term / summer -> 1 June (the month people mean by it; "the start of the summer term"
  is April); Easter -> 1 April; Christmas -> 1 December; all grain month.
  "autumn term 2023" is 1 September 2023, "spring term 2024" 1 January 2024, "summer term 2024"
  1 June 2024, "Easter 2024" 1 April 2024.  With an academic year, "spring term 2023/24" is
  1 January 2024.  "The end of the spring term" is March (summer: July, autumn: December),
  "mid autumn" October.  "October half term 2023" is October 2023, and "after October half
  term 2023" November 2023 (the month after the break; after February half term is still
  February).  A season word without "term", a year or last/this/next is only read as a date
  after a preposition such as "since", "in" or "by" (optionally followed by "the"): "in the
  autumn" is a date, "over the summer" is not.  The same holds for "May": "I may start" is not a
  date, "in May" is.
* Month names are read in full or abbreviated, in any case, with common misspellings
  ("Septmber", "Febuary", "feburary", "janurary", "octobre", ...).  Day numbers may carry a
  suffix ("1st", "22nd") or be ordinal words after "the" ("the first of September").

Relative phrases (against ``today``)
------------------------------------
* "today", "yesterday", "the day before yesterday", "tomorrow".
* "N years/months/terms/weeks/days ago", "a year ago", "a couple of years ago", "a year and a half
  ago", "2 years and 3 months ago"; "in two years' time" and "18 months from now" go forward.
* "last year" / "this year" / "next year" -> 1 January of that year (grain year); "the year before
  last"; "last month" etc. -> first of that month; "this/last/next term" -> the first day of that
  term (autumn Sep-Dec, spring Jan-Mar, summer Apr-Aug); "this/last/next academic (school) year"
  -> 1 September.
* "last September": the most recent September strictly before the current month (in September,
  that is the previous year's), unless that was within the last three months, when it is the one
  a year before: said in November 2026, "this September" is September 2026 and "last September"
  September 2025, as people mean it; "last January" is January 2026.  "this September": the
  current calendar year.  "next September": the first September after the current month.
  "this coming September" is read like "next".
* For a term or season, "this autumn term" is the one running today or, between terms, the next;
  "last summer" is the one a year before that; "next summer" the first one starting after the
  current month.  "Easter" and "Christmas" count as seasons here.
* "April last year" / "in April this year" / "January next year" / "April of last year".
* A month, term, season or day-and-month given without a year ("in January", "since Easter",
  "1st September") is read by tense:

    The nearest tense cue before the expression, in the same sentence and after the previous date,
    decides.  Future cues: will, 'll, shall, going to, gonna, plan(s/ning), intend, hope, expect,
    due, start(s/ing), begin(s), next, by, until, soon, coming, finish(es/ing), complete(s/ing),
    apply(ing), want(s), aim(ing).  Past cues: since, started, began, became, was, were, had, did,
    joined, took, finished, completed, qualified, left, moved, passed, gained, achieved, got, been.
    With no cue, or a past cue: the most recent occurrence not in the future (the current month
    counts).  With a future cue: the first occurrence not in the past (the current month counts;
    for a term, the one running today).

  So on 10 May 2024 "I started in January" is January 2024, "I start in January" January 2025,
  "since September" September 2023.

Impossible dates
----------------
31 February, 31/04/2024, 30th February 2023, a 13th month: never returned as a date.  They still
occupy their span (so "31/02/2024" is not read as the year 2024).  :func:`resolve_date` raises
:class:`ImpossibleDateError` (a ``ValueError`` carrying the span) when the first date expression
is impossible; :func:`find_dates` skips them; :func:`find_invalid_date` returns the span.  Dotted
numbers (1.13.2023) that cannot be a date are not dates at all (versions, scores): they are
ignored rather than reported.  US order ("12/31/2023") is reported as impossible: the bot can ask.

Month arithmetic
----------------
:func:`add_months` is the one place months are added: move the calendar month and keep the day;
when that day does not exist in the target month, use that month's last day.  So 31 March minus
1 month is 28 February (29 in a leap year), and 29 February 2024 minus 1 year is 28 February 2023.
:func:`months_between` counts whole months by the same rule (31 January to 28 February 2023 is 1).

Durations
---------
:func:`parse_duration_months`: "18 months", "eighteen months", "two years", "2 yrs", "a year",
"a year and a half", "one and a half years", "1.5 years", "half a year", "2 years and 3 months",
"6 weeks", "a term" (a school term is read as 4 months), "two terms" (8), "a school year" /
"an academic year" (12), "since Easter" / "since September 2022" / "since 2019" (whole months from
that date to today).  Months are rounded down; weeks and days count 30.4375 days a month.
"never", "no", "none", "a few months" are not durations (None).  Numbers: digits, decimals, "½",
words zero to ninety-nine ("twenty-four"), "a", "an", "a couple (of)", "half".
"""

from __future__ import annotations

import argparse
import calendar
import datetime as _dt
import json
import math
import os
import re
import sys
from dataclasses import dataclass, replace

__all__ = [
    "DateMatch",
    "DurationMatch",
    "ImpossibleDateError",
    "add_months",
    "default_today",
    "find_dates",
    "find_invalid_date",
    "main",
    "as_start_in_post",
    "hedged_months",
    "months_between",
    "parse_duration_months",
    "resolve_date",
]


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class DateMatch:
    """A date read from text: ``date``, ``grain`` ("day"/"month"/"year") and the span read."""

    date: _dt.date
    grain: str
    text: str
    start: int
    end: int
    # Other months (YYYY-MM) the phrase may as well mean: any month of a season ("last spring"),
    # either side of an offset ("18 months ago"), the other year of "last June". The reading is
    # ``date``; these let the caller ask which, when the answer depends on it.
    alternatives: tuple = ()

    def partial(self) -> str:
        """The date as precisely as it was said, in the rules core's form: YYYY-MM-DD, YYYY-MM or
        YYYY (CONTRACTS.md section 1, "Partial dates"), so "Sept 2023" never becomes a made-up day."""
        iso = self.date.isoformat()
        return iso if self.grain == "day" else iso[:7] if self.grain == "month" else iso[:4]

    def as_finish(self) -> "DateMatch":
        """Read as when something finishes: a course "finishing in the summer" ends with the
        school year, in July, not in the June a plain "summer" is read as."""
        if self.grain == "month" and self.date.month == 9 and _names_a_school_year(self.text, self.date.year):
            # "did the NASENCO in 2013-14": finished with that school year, in July 2014
            return replace(self, date=self.date.replace(year=self.date.year + 1, month=7), alternatives=())
        if self.grain == "month" and self.date.month == 6 and _PLAIN_SUMMER.fullmatch(self.text.strip()):
            july = self.date.replace(month=7)
            others = set(self.alternatives) | {self.date.isoformat()[:7]} if self.alternatives else set()
            others.discard(july.isoformat()[:7])
            return replace(self, date=july, alternatives=tuple(sorted(others)))
        return self


_SCHOOL_YEAR_SPAN = re.compile(r"\b(?:19|20)?(\d\d)\s*[-/\u2013]\s*(?:19|20)?(\d\d)\b")


def _names_a_school_year(text: str, first_year: int) -> bool:
    """ "2013-14", "2023/24": two years in a row, the first of them the one read."""
    span = _SCHOOL_YEAR_SPAN.search(text)
    if span is None:
        return False
    return int(span.group(1)) == first_year % 100 and int(span.group(2)) == (first_year + 1) % 100


_PLAIN_SUMMER = re.compile(r"(?:(?:this|last|next|coming)\s+)?summer(?:\s+term)?(?:\s+(?:\d{4}|['\u2019]\d{2}))?", re.I)


@dataclass(frozen=True)
class DurationMatch:
    """A length of time read from text, in whole months (rounded down), and the span read."""

    months: int
    text: str
    start: int
    end: int


class ImpossibleDateError(ValueError):
    """The first date expression in the text names a day that does not exist (31 February)."""

    def __init__(self, text: str, start: int, end: int, reason: str) -> None:
        super().__init__(f"{text!r} is not a real date: {reason}")
        self.text = text
        self.start = start
        self.end = end
        self.reason = reason


# --------------------------------------------------------------------------- arithmetic

# The rules core owns month arithmetic (keep the day of the month, or the month's last day when it
# does not exist): dates read from text and deadlines must move by the same rule.
from rules_core.dates import add_months, months_between  # noqa: E402


def default_today() -> _dt.date:
    """``SENCO_TODAY`` (YYYY-MM-DD) when set, else the real date; ValueError if it is malformed."""
    value = os.environ.get("SENCO_TODAY", "").strip()
    if value:
        return _parse_iso(value)
    return _dt.date.today()


def _parse_iso(value: str) -> _dt.date:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError(f"{value!r} is not a date in the form YYYY-MM-DD")
    try:
        return _dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{value!r} is not a real date") from None


# --------------------------------------------------------------------------- vocabulary

_MONTH_SPELLINGS = {
    1: ("january", "jan", "janurary", "januray", "janaury", "janary", "janruary", "jannuary"),
    2: ("february", "feb", "febuary", "feburary", "febrary", "febraury", "februrary", "febuarary", "febury", "februray"),
    3: ("march", "mar"),
    4: ("april", "apr", "aprl", "apirl", "aprill"),
    5: ("may",),
    6: ("june", "jun"),
    7: ("july", "jul"),
    8: ("august", "aug", "agust", "augst", "auguest"),
    9: (
        "september",
        "sept",
        "sep",
        "septmber",
        "septemeber",
        "setpember",
        "sepember",
        "septembre",
        "septemebr",
        "spetember",
        "septembr",
        "setember",
    ),
    10: ("october", "oct", "octobre", "ocotber", "octber", "octobr", "octomber"),
    11: ("november", "nov", "novmber", "novemeber", "novembre", "novemebr", "noveber"),
    12: ("december", "dec", "decmber", "decemeber", "decembre", "decemebr", "decemer"),
}
_MONTH_OF = {name: num for num, names in _MONTH_SPELLINGS.items() for name in names}


def _trie_rx(words) -> str:
    """One regex matching any of ``words``, factored by prefix so that a scan stays fast."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        alts = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return "(?:" + emit(trie) + ")"


_MONTH_RX = _trie_rx(_MONTH_OF) + r"\b(?:\.(?=\s*\d))?"

# Our readings of terms and seasons: (first month, last month of the period).  See docstring.
_SEASONS = {
    "autumn": (9, 12),
    "fall": (9, 12),
    "spring": (1, 3),
    "summer": (4, 8),
    "easter": (4, 4),
    "christmas": (12, 12),
    "xmas": (12, 12),
}
_SEASON_RX = (
    r"(?:(?:autumn|fall|spring|summer)(?:\s+term)?"
    r"|(?:easter|christmas|xmas)(?:\s+(?:holidays?|hols|break))?)\b"
)
# Words after which a weak token ("May", a bare season) is read as a date.
_PREPOSITION_BEFORE = re.compile(
    r"\b(?:in|since|from|until|till|til|by|of|during|before|after|early|late|mid|around|about|"
    r"end|start|beginning|between)[\s-]+(?:the\s+)?$",
    re.I,
)

_UNITS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_NUMBER_WORDS = {word: value for value, word in enumerate(_UNITS)}
_NUMBER_WORDS.update(_TENS)
_NUMBER_WORD_RX = "(?:" + _trie_rx(_TENS) + r"(?:[-\s]" + _trie_rx(_UNITS[1:10]) + r"\b)?|" + _trie_rx(_UNITS) + ")"

_ORDINALS = [
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
    "twentieth",
]
_ORDINAL_OF = {word: i + 1 for i, word in enumerate(_ORDINALS)}
for _i, _word in enumerate(_ORDINALS[:9]):
    _ORDINAL_OF[f"twenty-{_word}"] = _ORDINAL_OF[f"twenty {_word}"] = 21 + _i
_ORDINAL_OF.update({"thirtieth": 30, "thirty-first": 31, "thirty first": 31})
_ORDINAL_RX = _trie_rx(_ORDINAL_OF) + r"\b"

# Nouns after which a number is a count, not a year ("2000 pupils", "23 children").
_COUNT_NOUN = (
    r"(?!\s*(?:%|per\s*cent|percent|pupils?|students?|children|kids|learners|people|"
    r"staff|teachers?|hours?|days?|weeks?|months?|years?|minutes?|pounds?|schools?|"
    r"classes|words|points?|places?)\b)"
)

_DAY_NUM = r"(?P<d>\d{1,2})(?P<sfx>st|nd|rd|th)?"
_YEAR_FULL = r"(?P<y>\d{4})(?!\d)"
_YEAR_APOS = r"['\u2019](?P<yy>\d{2})(?!\d)"
_YEAR_ANY = rf"(?:{_YEAR_FULL}|{_YEAR_APOS}|(?P<y2>\d{{2}})(?![\w/]|[.:]\d){_COUNT_NOUN})"
_REL_YEAR = r"(?P<rel>last|this|next)\s+(?:year|yr)\b"
_ACAD = r"(?P<a1>\d{4})\s*(?:/|-|\u2013)\s*(?P<a2>\d{4}|\d{2})(?!\d)"
_NUM_EDGE = r"(?<![\w/.,:\u00a3$\u20ac-])"  # no digit, letter, separator or currency before
_NUM_TAIL = r"(?![\w/-]|[.,:]\d)"  # nor a digit-continuing character after

_F = re.I


def _rx(pattern: str) -> re.Pattern:
    return re.compile(pattern, _F)


# Date patterns, in priority order (earlier wins a tie of same start and length).
_DATE_PATTERNS: list[tuple[str, re.Pattern]] = [
    (
        "iso",
        _rx(
            rf"{_NUM_EDGE}(?P<y>\d{{4}})(?P<sep>[-/.])(?P<m>\d{{1,2}})(?P=sep)(?P<d>\d{{1,2}})"
            rf"{_NUM_TAIL}"
        ),
    ),
    (
        "num_dmy",
        _rx(
            rf"{_NUM_EDGE}(?P<d>\d{{1,2}})(?P<sep>[/.-])(?P<m>\d{{1,2}})(?P=sep)"
            rf"(?P<y>\d{{4}}|\d{{2}}){_NUM_TAIL}"
        ),
    ),
    ("acad", _rx(rf"{_NUM_EDGE}{_ACAD}{_NUM_TAIL}")),
    # "the 23/24 year", "25/26 cohort": a school year in two-digit years, named as one.
    (
        "acad_short",
        _rx(
            r"(?<![\w/.])(?P<a1>\d{2})\s*/\s*(?P<a2>\d{2})(?![\w/])(?=\s+(?:academic\s+|school\s+)?(?:year|cohort|intake)\b(?!\s*-?\s*olds?\b))"
        ),
    ),
    ("num_my", _rx(rf"{_NUM_EDGE}(?P<m>\d{{1,2}})(?P<sep>[/.-])(?P<y>\d{{4}}){_NUM_TAIL}")),
    # "2026-11", "2026/11": a year and month, as forms and spreadsheets write them.
    ("iso_ym", _rx(rf"{_NUM_EDGE}(?P<y>(?:19|20)\d\d)(?P<sep>[-/])(?P<m>0?[1-9]|1[0-2]){_NUM_TAIL}")),
    # "11/25", "9/23": a month and a two-digit year, when the second number cannot be a month.
    ("num_my2", _rx(rf"{_NUM_EDGE}(?P<m>0?[1-9]|1[0-2])/(?P<y>1[3-9]|[2-4]\d){_NUM_TAIL}")),
    (
        "word_dmy",
        _rx(
            rf"(?:\bthe\s+)?(?:{_NUM_EDGE}{_DAY_NUM}|(?<=the\s)(?P<od>{_ORDINAL_RX}))"
            rf"(?:\s+of)?(?:\s+|\s*-\s*)(?P<mon>{_MONTH_RX})"
            rf"(?:(?:\s*,\s*|\s+|-)(?:of\s+)?{_YEAR_ANY}|\s+(?:of\s+)?{_REL_YEAR})?"
        ),
    ),
    (
        "word_mdy",
        _rx(
            rf"\b(?P<mon>{_MONTH_RX})\s+(?:the\s+)?"
            rf"(?:(?P<d>\d{{1,2}})(?P<sfx>st|nd|rd|th)?(?=\s*,?\s*(?:\d{{4}}|['\u2019]\d{{2}}))"
            rf"|(?P<d1>\d)(?P<sfx1>st|nd|rd|th)?(?!\d)|(?P<d2>\d{{2}})(?P<sfx2>st|nd|rd|th)"
            rf"|(?<=the\s)(?P<od>{_ORDINAL_RX}))\b"
            rf"(?:\s*,?\s*{_YEAR_FULL}|\s*,?\s*{_YEAR_APOS}|\s+(?:of\s+)?{_REL_YEAR})?"
        ),
    ),
    (
        "half_term",
        _rx(
            rf"\b(?P<mon>{_MONTH_RX})\s+half[\s-]?term(?:\s+(?:holidays?\s+)?(?:of\s+)?"
            rf"(?:{_YEAR_ANY}|{_REL_YEAR}))?"
        ),
    ),
    ("word_my", _rx(rf"\b(?P<mon>{_MONTH_RX})(?:\s*,\s*|\s+|-)(?:of\s+)?{_YEAR_ANY}")),
    # "sept24", "jan2025": a month and its year typed without a space
    ("word_my", _rx(rf"\b(?P<mon>{_trie_rx(_MONTH_OF)})(?:(?P<y>(?:19|20)\d\d)|(?P<y2>\d\d))\b")),
    (
        "season_year",
        _rx(
            rf"\b(?P<sea>{_SEASON_RX})\s+(?:of\s+)?"
            rf"(?:{_ACAD}|{_YEAR_FULL}|{_YEAR_APOS}|(?P<y2>\d{{2}})(?![\w/]|[.:]\d){_COUNT_NOUN})(?![\d/])"
        ),
    ),
    # "Easter the year before last", "the September of the year before last".
    (
        "ml_year_before_last",
        _rx(
            rf"\b(?:(?P<mon>{_MONTH_RX})|(?P<sea>{_SEASON_RX}))"
            rf"\s+(?:of\s+)?the\s+year\s+before\s+last\b"
        ),
    ),
    # "this time last year": the month a year ago.
    ("time_last_year", _rx(r"\b(?:this|about\s+this|around\s+this)\s+time\s+last\s+(?:year|yr)\b")),
    # "when covid hit", "the first lockdown": March 2020, the month schools closed.
    (
        "covid",
        _rx(
            r"\b(?:(?:the\s+)?first\s+(?:national\s+)?lockdown|(?:covid(?:-?19)?|coronavirus|the\s+pandemic|lockdown)"
            r"\s+(?:hit|started|began|kicked\s+off|struck|first\s+hit)|(?:the\s+)?(?:start|beginning|outbreak)\s+of"
            r"\s+(?:covid(?:-?19)?|the\s+pandemic|(?:the\s+)?(?:first\s+)?lockdown))\b"
        ),
    ),
    (
        "ml_relyear",
        _rx(
            rf"\b(?:(?P<mon>{_MONTH_RX})|(?P<sea>{_SEASON_RX}))"
            rf"\s+(?:of\s+)?{_REL_YEAR}"
        ),
    ),
    ("year_last", _rx(rf"\ba\s+year\s+(?:ago\s+)?last\s+(?P<mon>{_MONTH_RX})")),
    (
        "rel_ml",
        _rx(
            rf"\b(?P<rel>last|this\s+coming|this|next|coming)\s+"
            rf"(?:(?P<mon>{_MONTH_RX})|(?P<sea>{_SEASON_RX}))"
        ),
    ),
    ("before_last", _rx(r"\bthe\s+year\s+before\s+last\b")),
    # "the spring before last", "the September before last": the one before last spring/September.
    ("ml_before_last", _rx(rf"\bthe\s+(?:(?P<mon>{_MONTH_RX})|(?P<sea>{_SEASON_RX}))\s+before\s+last\b")),
    # "been in post 2 years in January", "3 years this September": the month N years before
    # that anniversary.
    (
        "anniversary",
        _rx(
            rf"\b(?P<n>\d{{1,2}}|{_NUMBER_WORD_RX})\s+(?:years?|yrs?)\s+(?P<when>in|this|next|come)\s+"
            rf"(?P<mon>{_MONTH_RX})"
        ),
    ),
    (
        "rel_unit",
        _rx(
            r"\b(?P<rel>last|this|next)\s+(?P<unit>(?:academic|school)\s+year|year|yr|month|"
            r"term)\b"
        ),
    ),
    ("dayword", _rx(r"\b(?:the\s+day\s+before\s+yesterday|yesterday|today|tomorrow)\b")),
    # "dur_date" is matched with the duration pattern below.
    ("bare_month", _rx(rf"\b(?P<mon>{_MONTH_RX})")),
    ("bare_season", _rx(rf"\b(?P<sea>{_SEASON_RX})")),
    # "the start of 2024", "early 2024", "late 2023", "the middle of 2022": a part of a year.
    (
        "part_year",
        _rx(
            r"\b(?:(?:the\s+)?(?P<part>start|beginning|end|middle)\s+of|(?P<edge>early|late|mid)(?:\s+|-))"
            rf"\s*(?P<y>199\d|20[0-3]\d){_NUM_TAIL}"
        ),
    ),
    # "2012ish": a year, hedged.
    ("bare_year", _rx(rf"{_NUM_EDGE}(?P<y>199\d|20[0-3]\d)(?:-?ish\b|{_NUM_TAIL}{_COUNT_NOUN})")),
    ("apos_year", _rx(rf"(?<!\w){_YEAR_APOS}\b{_COUNT_NOUN}")),
]

# Durations.  One "atom" is a number and a unit; two atoms may be joined ("2 years and 3 months").
_NUM_RX = rf"(?:\d+(?:\.\d+)?|{_NUMBER_WORD_RX}|a\s+couple\s+of|a\s+couple|couple\s+of|an|a)"
# Units as typed on a phone too ("monhts", "yeras").
_UNIT_RX = r"(?:years?|yrs?|yeras?|yaers?|months?|monhts?|mnoths?|montsh|mths?|mnths?|mos|terms?|weeks?|wks?|days?)"
_ADJ_RX = r"(?:(?:full|whole|complete|calendar|school|academic)\s+){0,2}"


def _atom(p: str) -> str:
    return (
        rf"(?P<{p}>(?<![\w.])(?:(?P<{p}num>{_NUM_RX})(?P<{p}half>\s+and\s+a\s+half|\s*\u00bd)?"
        rf"(?:\s+|(?<=\d)){_ADJ_RX}(?P<{p}unit>{_UNIT_RX})\b(?P<{p}half2>\s+and\s+a\s+half\b)?"  # "3yrs" too
        rf"|half\s+an?\s+{_ADJ_RX}(?P<{p}hunit>{_UNIT_RX})\b))"
    )


_DURATION = _rx(
    rf"(?P<inpre>\bin\s+)?"
    rf"(?P<dur>{_atom('a')}(?:(?:\s*,\s*and\s+|\s*,\s*|\s+and\s+|\s+){_atom('b')})?)"
    rf"(?:(?P<ago>\s+(?:ago|back)\b)|(?P<fromnow>\s+from\s+now\b)|(?P<time>['\u2019]?s?\s+time\b))?"
)
_SINCE_BEFORE = re.compile(r"\bsince\s+(?:the\s+(?:start|beginning)\s+of\s+)?$", re.I)
_YEAR_GROUP_AFTER = re.compile(r"\s+\d{1,2}\b", re.I)

_AVG_MONTH_DAYS = 30.4375

# Tense cues (see the module docstring).
_CUE = _rx(
    r"(?:['\u2019]ll\b|\b(?P<fut>will|shall|going\s+to|gonna|plan|plans|planning|intend|intends|"
    r"taking\s+over|take\s+over|takes\s+over|taking\s+up|take\s+up|takes\s+up|taking\s+on|take\s+on|takes\s+on|"
    r"stepping\s+(?:in|up)|steps\s+(?:in|up)|become|becomes|becoming|"
    r"intending|hope|hopes|hoping|expect|expects|expecting|due|(?:start|starts|starting|begin|"
    r"begins)(?!\s+of\b)|next|by|until|till|soon|upcoming|coming|finish|finishes|finishing|finishin|"
    r"complete|completes|completing|apply|applying|want|wants|aim|aiming)\b|\b(?P<past>since|"
    r"started|began|begun|became|was|were|had|did|joined|took|finished|completed|qualified|"
    r"left|moved|passed|gained|achieved|got|been)\b)"
)
_TENSE_FUTURE_AFTER = re.compile(r"\s+(?:will|i'll|we'll|should|is going)\b", re.I)
_SENTENCE_END = re.compile(r"[.!?;](?=\s|$)|\n")


# --------------------------------------------------------------------------- scanning


class _Cand:
    __slots__ = ("kind", "m", "start", "end", "prio", "invalid")

    def __init__(self, kind: str, m: re.Match, start: int, end: int, prio: int, invalid: str | None = None) -> None:
        self.kind, self.m, self.start, self.end, self.prio = kind, m, start, end, prio
        self.invalid = invalid


def _year2(yy: str) -> int:
    n = int(yy)
    return 2000 + n if n < 70 else 1900 + n


def _check_day(day: int, month: int, year: int | None) -> str | None:
    """Why day/month/year is impossible, or None.  Without a year, 29 February is allowed."""
    if not 1 <= month <= 12:
        return f"there is no month {month}"
    last = calendar.monthrange(year if year is not None else 2000, month)[1]
    if day < 1 or day > last:
        name = calendar.month_name[month]
        if month == 2 and day == 29 and year is not None:
            return f"{year} is not a leap year, so February has 28 days"
        return f"{name} has {last} days" if day >= 1 else "there is no day 0"
    return None


def _required(year: int | None) -> int:
    """A year the pattern that matched always carries (its regular expression requires one)."""
    assert year is not None
    return year


def _word_year(m: re.Match) -> int | None:
    gd = m.groupdict()
    if gd.get("y"):
        return int(gd["y"])
    if gd.get("yy"):
        return _year2(gd["yy"])
    if gd.get("y2"):
        return _year2(gd["y2"])
    return None


def _word_day(m: re.Match) -> int:
    gd = m.groupdict()
    for key in ("d", "d1", "d2"):
        if gd.get(key):
            return int(gd[key])
    return _ORDINAL_OF[re.sub(r"\s+", " ", gd["od"].lower())]


def _month_num(token: str) -> int:
    return _MONTH_OF[token.rstrip(".").lower()]


def _season_key(token: str) -> tuple[str, bool]:
    words = token.lower().split()
    return words[0], len(words) > 1 and words[1] == "term"


def _candidates(text: str) -> list[_Cand]:
    cands: list[_Cand] = []
    for prio, (kind, rx) in enumerate(_DATE_PATTERNS):
        for m in rx.finditer(text):
            start, end = m.span()
            invalid = None
            if kind in ("iso", "num_dmy"):
                d, mo, y = int(m["d"]), int(m["m"]), m["y"]
                year = int(y) if len(y) == 4 else _year2(y)
                invalid = _check_day(d, mo, year)
                if invalid and (m["sep"] == "." or (m["sep"] == "-" and len(y) != 4)):
                    continue  # "1.13.10" is a version number, not an impossible date
            elif kind == "num_my":
                mo = int(m["m"])
                if not 1 <= mo <= 12:
                    if m["sep"] != "/":
                        continue
                    invalid = f"there is no month {mo}"
            elif kind == "acad_short":
                if int(m["a2"]) != (int(m["a1"]) + 1) % 100:
                    continue
            elif kind == "acad":
                a1, a2 = int(m["a1"]), m["a2"]
                nxt = int(a2) if len(a2) == 4 else a1 // 100 * 100 + int(a2)
                if nxt != a1 + 1:
                    continue
            elif kind in ("word_dmy", "word_mdy"):
                invalid = _check_day(_word_day(m), _month_num(m["mon"]), _word_year(m))
            elif kind == "season_year" and m["a1"]:
                a1, a2 = int(m["a1"]), m["a2"]
                nxt = int(a2) if len(a2) == 4 else a1 // 100 * 100 + int(a2)
                if nxt != a1 + 1:
                    continue
            elif kind == "bare_month":
                if m["mon"].rstrip(".").lower() == "may" and not _weak_ok(text, start, end):
                    continue
            elif kind == "bare_season":
                word, has_term = _season_key(m["sea"])
                if word in ("autumn", "fall", "spring", "summer") and not has_term and not _weak_ok(text, start, end):
                    continue
            if kind in ("bare_month", "bare_season") and (
                _EVENT_AFTER.match(text, end) or (_THE_BEFORE.search(text, 0, start) and _EVENT_CLAUSE.match(text, end))
            ):
                continue  # "the September after covid", "the September we amalgamated": its year is an event's
            cands.append(_Cand(kind, m, start, end, prio, invalid))
    prio = len(_DATE_PATTERNS)
    for m in _DURATION.finditer(text):
        if m["ago"] or m["fromnow"] or (m["inpre"] and m["time"]):
            start = m.start("dur") if m["ago"] or m["fromnow"] else m.start()
            cands.append(_Cand("dur_date", m, start, m.end(), prio))
    return cands


# A month or season whose year is given by an event rather than a number.
_EVENT_AFTER = re.compile(
    r"\s+(?:(?:just\s+|right\s+)?(?:after|before|following)\s+(?!(?:that|this|then|half|\d))[a-z]|the\s+year\s+(?!\d))",
    re.I,
)


# "the September we amalgamated", "the Easter she left": a month named by what happened in it.
_THE_BEFORE = re.compile(r"\bthe\s+$", re.I)
_EVENT_CLAUSE = re.compile(r"\s+(?:that\s+|when\s+)?(?:we|i|she|he|they|our\s+\w+|the\s+(?:school|old|new)\w*)\s+[a-z]", re.I)


def _weak_ok(text: str, start: int, end: int) -> bool:
    if _PREPOSITION_BEFORE.search(text, max(0, start - 20), start):
        return True
    return not text[:start].strip() and not text[end:].strip(" .!?")


def _select(cands: list[_Cand]) -> list[_Cand]:
    """Non-overlapping candidates, left to right; at one start the longest (then earliest) wins."""
    cands.sort(key=lambda c: (c.start, c.start - c.end, c.prio))
    chosen: list[_Cand] = []
    last_end = -1
    for c in cands:
        if c.start >= last_end:
            chosen.append(c)
            last_end = c.end
    return chosen


def _scan(text: str) -> list[_Cand]:
    return _select(_candidates(text))


# --------------------------------------------------------------------------- resolving


def _tense(text: str, lo: int, start: int, default: str = "past") -> str:
    """'future' or 'past': the nearest tense cue in text[lo:start] after the last sentence end;
    ``default`` when there is none (a question about the future is answered in the future)."""
    window_start = lo
    for b in _SENTENCE_END.finditer(text, lo, start):
        window_start = b.end()
    mode = default
    for cue in _CUE.finditer(text, window_start, start):
        mode = "past" if cue["past"] else "future"
    return mode


def _said_in_past(text: str, lo: int, start: int) -> bool:
    """Whether a past tense cue ("finished", "started") comes before the expression in its
    sentence; unlike ``_tense``, no cue at all is not the past."""
    window_start = lo
    for b in _SENTENCE_END.finditer(text, lo, start):
        window_start = b.end()
    cues = list(_CUE.finditer(text, window_start, start))
    return bool(cues) and bool(cues[-1]["past"])


def _month_in(month: int, today: _dt.date, mode: str) -> int:
    """The year of ``month`` for a reading mode: past / future / last / this / next."""
    y, cur = today.year, today.month
    if mode == "past":
        return y if month <= cur else y - 1
    if mode == "future":
        return y if month >= cur else y + 1
    if mode == "last":
        # Within three months the month just gone is "this September" (said in November), so
        # "last September" is the one a year before; further back it is the most recent one.
        recent = y if month < cur else y - 1
        return recent - 1 if recent == y and cur - month <= 3 else recent
    if mode == "next":
        return y if month > cur else y + 1
    return y  # "this"


def _season_in(first: int, last: int, today: _dt.date, mode: str) -> int:
    """The year a term/season starts in, for a reading mode (see the module docstring)."""
    cur, y = today.month, today.year
    this = y if cur <= last else y + 1  # running now, or the next one to start
    if mode == "this" or mode == "future":
        return this
    if mode == "last":
        return this - 1
    return _month_in(first, today, mode)  # past / next: by the first month


def term_start(today: _dt.date, shift: int) -> _dt.date:
    """First day of the school term ``shift`` terms from the current one (Sep, Jan, Apr)."""
    return _term_start(today, shift)


def _term_start(today: _dt.date, shift: int) -> _dt.date:
    """First day of the school term ``shift`` terms from the current one (Sep, Jan, Apr)."""
    starts = (1, 4, 9)
    idx = 2 if today.month >= 9 else (1 if today.month >= 4 else 0)
    idx += shift
    year = today.year + idx // 3
    return _dt.date(year, starts[idx % 3], 1)


_SINCE_RX = re.compile(r"\bsince\s+(?:the\s+)?$", re.I)
_REL_SHIFT = {"last": -1, "this": 0, "next": 1}
# Schools closed to most pupils on 20 March 2020: "when covid hit" is that month.
COVID_FIRST_LOCKDOWN = _dt.date(2020, 3, 1)


def _duration_parts(m: re.Match) -> tuple[float, float, set[str], bool]:
    """(months, days, unit kinds, whole) for a duration match; whole = no fractions."""
    months = days = 0.0
    kinds: set[str] = set()
    whole = True
    for p in ("a", "b"):
        if m[p] is None:
            continue
        if m[f"{p}hunit"]:
            value, unit = 0.5, m[f"{p}hunit"]
        else:
            value = _num_value(m[f"{p}num"])
            unit = m[f"{p}unit"]
            if m[f"{p}half"] or m[f"{p}half2"]:
                value += 0.5
        if value != int(value):
            whole = False
        kind = _unit_kind(unit)
        kinds.add(kind)
        if kind == "y":
            months += 12 * value
        elif kind == "m":
            months += value
        elif kind == "t":
            months += 4 * value  # a school term is read as 4 months
        elif kind == "w":
            days += 7 * value
        else:
            days += value
    return months, days, kinds, whole


def _unit_kind(unit: str) -> str:
    u = unit.lower()
    if u.startswith("y"):
        return "y"
    if u.startswith("t"):
        return "t"
    if u.startswith("w"):
        return "w"
    if u.startswith("d"):
        return "d"
    return "m"


def _num_value(word: str) -> float:
    w = re.sub(r"\s+", " ", word.lower())
    if w in ("a", "an"):
        return 1.0
    if "couple" in w:
        return 2.0
    if w[0].isdigit():
        return float(w)
    if w in _NUMBER_WORDS:
        return float(_NUMBER_WORDS[w])
    tens, unit = re.split(r"[-\s]", w)
    return float(_NUMBER_WORDS[tens] + _NUMBER_WORDS[unit])


# The month after a holiday season ("after Christmas", "after the summer").
_AFTER_SEASON = {"christmas": 1, "xmas": 1, "summer": 9}
_AFTER_RX = re.compile(r"\b(?:after|following)\s+(?:the\s+)?$", re.I)
# The month after each half-term break: February's falls mid-month, so after it is still February.
_AFTER_HALF_TERM = {2: 2, 5: 6, 10: 11}
# "the end of the spring term", "mid autumn": the month of the term said, instead of its first.
# With no word for where in it, "summer" (or "the summer term") is read as June, as people mean
# it; its start (April) only when they say so. Autumn and spring are read from their first month.
_WITHIN_TERM = {
    "end": {"spring": 3, "summer": 7, "autumn": 12, "fall": 12},
    "mid": {"spring": 2, "summer": 6, "autumn": 10, "fall": 10},
    "start": {"summer": 4},
    "unsaid": {"summer": 6},
}
_WITHIN_TERM_RX = re.compile(
    r"\b(?:(?P<end>end|close|last (?:week|weeks|day|days)|late)|(?P<mid>mid|middle)|"
    r"(?P<start>start|beginning|first (?:week|weeks|day|days)|early))"
    r"(?:\s+of)?[\s-]+(?:the\s+)?$",
    re.I,
)


# The months a season may mean, school term and season of the year together: "spring" is the
# spring term (January to Easter) to people in schools and March to May to others.
_SEASON_MONTHS = {"spring": range(1, 6), "summer": range(4, 9), "autumn": range(9, 13), "fall": range(9, 13)}


# The months a part of a year may mean, the reading first: "the start of 2024" is most often
# January, the spring term's start; "late 2023" the autumn term.
_PART_OF_YEAR = {
    "start": (1, 2),
    "beginning": (1, 2),
    "early": (1, 2, 3, 4),
    "middle": (6, 5, 7),
    "mid": (6, 5, 7),
    "late": (9, 10, 11, 12),
    "end": (12, 11),
}


def _alternatives(c: _Cand, text: str, today: _dt.date, day: _dt.date, grain: str) -> tuple:
    """The other months a month-grain reading may as well mean (see ``DateMatch.alternatives``)."""
    if grain != "month":
        return ()
    groups = c.m.groupdict()
    months: list = []
    sea = groups.get("sea")
    if sea and c.kind != "half_term":
        word = _season_key(sea)[0]
        said_where = _WITHIN_TERM_RX.search(text, max(0, c.start - 20), c.start) or _AFTER_RX.search(
            text, max(0, c.start - 15), c.start
        )
        if word in _SEASON_MONTHS and not said_where:
            months = [_dt.date(day.year, month, 1) for month in _SEASON_MONTHS[word]]
    elif c.kind == "part_year":
        months = [_dt.date(day.year, month, 1) for month in _PART_OF_YEAR[(groups["part"] or groups["edge"]).lower()]]
    elif c.kind == "rel_unit" and not _WITHIN_TERM_RX.search(text, max(0, c.start - 20), c.start):
        # "last academic year", "last term": any month of it (a school year runs September to
        # July, a term as read in _term_start), asked about when the month changes the answer.
        unit = re.sub(r"\s+", " ", groups["unit"].lower())
        if unit in ("academic year", "school year"):
            months = [add_months(day, shift) for shift in range(11)]
        elif unit == "term":
            months = [add_months(day, shift) for shift in range({9: 4, 1: 3, 4: 4}.get(day.month, 1))]
    elif c.kind == "dur_date":
        months = [add_months(day.replace(day=1), shift) for shift in (-1, 1)]
    elif c.kind == "half_term" and day.month in _AFTER_HALF_TERM:
        # "October half term": the month of the break, or the one after it, when people come back.
        months = [_dt.date(day.year, _AFTER_HALF_TERM[day.month], 1)]
    elif c.kind == "bare_month" and (day.year, day.month) == (today.year, today.month):
        # "started in November", said in November: this month, or (as often) the November a year ago.
        months = [_dt.date(day.year - 1, day.month, 1)]
    elif c.kind == "bare_month" and (day.year, day.month) == (today.year - 1, today.month):
        months = [_dt.date(today.year, day.month, 1)]  # "since November", said in November: or this one
    elif c.kind == "rel_ml" and groups.get("mon") and groups["rel"].lower() == "last":
        # "last June", said in November: this June or the one before; people mean both.
        other = day.year - 1 if day.year == today.year else day.year + 1
        if _dt.date(other, day.month, 1) <= today.replace(day=1) and (other, day.month) != (today.year, today.month):
            months = [_dt.date(other, day.month, 1)]
    elif c.kind == "ml_before_last" and groups.get("mon") and _month_in(day.month, today, "last") == day.year:
        # "the September before last", said in November, when "last September" is September 2025.
        months = [_dt.date(day.year - 1, day.month, 1)]
    if day <= today:
        months = [m for m in months if m <= today]  # a time gone by is not one still to come
    return tuple(sorted({m.isoformat()[:7] for m in months} - {day.isoformat()[:7]}))


_NEARLY = re.compile(r"\b(?:nearly|almost|not quite|just under|getting on for|coming up to|close to)\s+$", re.I)
_OVER = re.compile(r"\b(?:just over|over|more than|a bit over|a little over|a bit more than)\s+$", re.I)


def hedged_months(text: str, start: int) -> int:
    """How a word before a length of whole years moves it: "nearly 4 years" is about two months
    less (-2), "just over 3 years" about two months more (+2); 0 with no such word."""
    before = text[max(0, start - 20) : start]
    return -2 if _NEARLY.search(before) else 2 if _OVER.search(before) else 0


_CHRISTMAS = re.compile(r"\b(?:christmas|xmas)\b", re.I)
_JUST_BEFORE = re.compile(r"\bbefore\s+$", re.I)


def as_start_in_post(match: DateMatch, text: str) -> DateMatch:
    """When someone took up (or takes up) a post: "at Christmas" is the start of the spring term,
    in January, since no one starts in a holiday; "just before Christmas" stays December."""
    at_christmas = match.grain == "month" and match.date.month == 12 and _CHRISTMAS.search(match.text)
    if at_christmas and not _JUST_BEFORE.search(text[max(0, match.start - 10) : match.start]):
        return replace(match, date=add_months(match.date, 1), alternatives=())
    return match


_A_YEAR = re.compile(
    r"\b(?:19|20)\d\d(?!\d)|'\d\d\b|\b(?:last|this|next) (?:year|yr)\b"
    r"|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)\w*\s+\d\d\b|\b\d\d$",
    re.I,
)


def says_a_year(text: str) -> bool:
    """Whether the words give a year ("2023", "'23", "sept 22", "last year"), not only a month."""
    return _A_YEAR.search(text) is not None


_TERM_AROUND = re.compile(r"\bthe\s+(?:school\s+)?term\s+(before|after)\b(?!\s+(?:last|next)\b)", re.I)


def term_around(match: DateMatch, text: str) -> DateMatch:
    """ "The term before my maternity leave, which started Jan 2024": the date is the event's, and
    the term before (after) it is the one meant, from its first month. A holiday ends a term:
    "the term before Easter 2025" is the spring term it ends (January 2025)."""
    said = max(_TERM_AROUND.finditer(text, max(0, match.start - 70), match.start), key=lambda m: m.start(), default=None)
    if said is None or _FIND_ANY_YEARISH.search(text, said.end(), match.start):
        return match
    before = said.group(1).lower() == "before"
    if _HOLIDAY.search(match.text):
        if not before:
            return match  # "the term after Easter 2023" is read by the holiday's own rule
        return DateMatch(term_start(add_months(match.date, -1), 0), "month", match.text, match.start, match.end)
    return DateMatch(term_start(match.date, -1 if before else 1), "month", match.text, match.start, match.end)


_BEFORE_THE = re.compile(r"\b(?:just\s+|right\s+|shortly\s+|a\s+bit\s+|a\s+little\s+)?before\s+(?:the\s+)?$", re.I)


def before_the_month(match: DateMatch, text: str) -> DateMatch:
    """ "Started it just before the Sept 2024 cut off": the month before the one named (a holiday's
    month already means the time before it: "just before Christmas" is December)."""
    if (
        match.grain != "month"
        or _HOLIDAY.search(match.text)
        or not _BEFORE_THE.search(text[max(0, match.start - 25) : match.start])
    ):
        return match
    return DateMatch(add_months(match.date, -1), "month", match.text, match.start, match.end)


_HOLIDAY = re.compile(r"\b(?:easter|christmas|xmas|holidays?|half[- ]?term|break|hols)\b", re.I)
_FIND_ANY_YEARISH = re.compile(r"\b(?:19|20)\d\d\b|'\d\d\b")


def _resolve(c: _Cand, text: str, today: _dt.date, prev_end: int, default: str = "past") -> tuple[_dt.date, str]:
    day, grain = _resolve_start(c, text, today, prev_end, default)
    sea = c.m.groupdict().get("sea")
    within = _WITHIN_TERM_RX.search(text, max(0, c.start - 20), c.start) if sea else None
    if sea:
        where = next((name for name in ("end", "mid", "start") if within and within[name]), "unsaid")
        month = _WITHIN_TERM[where].get(_season_key(sea)[0])
        if month and grain == "month" and day.month == _SEASONS[_season_key(sea)[0]][0]:
            day = day.replace(month=month)
    after = _AFTER_RX.search(text, max(0, c.start - 15), c.start) if sea else None
    if sea and after and grain == "month" and _season_key(sea)[0] in _AFTER_SEASON:
        # "after Christmas": the January after it; "after the summer": the September.
        month = _AFTER_SEASON[_season_key(sea)[0]]
        day = _dt.date(day.year + (1 if month < day.month else 0), month, 1)
    return day, grain


def _resolve_start(c: _Cand, text: str, today: _dt.date, prev_end: int, default: str = "past") -> tuple[_dt.date, str]:
    m, kind = c.m, c.kind
    if kind in ("iso", "num_dmy"):
        y = m["y"]
        return _dt.date(int(y) if len(y) == 4 else _year2(y), int(m["m"]), int(m["d"])), "day"
    if kind in ("num_my", "iso_ym"):
        return _dt.date(int(m["y"]), int(m["m"]), 1), "month"
    if kind == "num_my2":
        return _dt.date(2000 + int(m["y"]), int(m["m"]), 1), "month"
    if kind == "acad":
        return _dt.date(int(m["a1"]), 9, 1), "month"
    if kind == "acad_short":
        return _dt.date(2000 + int(m["a1"]), 9, 1), "month"
    if kind in ("word_dmy", "word_mdy"):
        day, month = _word_day(m), _month_num(m["mon"])
        year = _word_year(m)
        if year is None and m["rel"]:
            year = today.year + _REL_SHIFT[m["rel"].lower()]
        if year is None:
            return _day_month_no_year(day, month, today, _tense(text, prev_end, c.start, default)), "day"
        return _dt.date(year, month, day), "day"
    if kind == "word_my":
        return _dt.date(_required(_word_year(m)), _month_num(m["mon"]), 1), "month"
    if kind == "half_term":
        # "after October half term 2023": the month after the break; "October half term": that month.
        month = _month_num(m["mon"])
        year = _word_year(m) or (
            today.year + _REL_SHIFT[m["rel"].lower()]
            if m["rel"]
            else _month_in(month, today, _tense(text, prev_end, c.start, default))
        )
        after = re.search(r"\b(?:after|following|since)\s+(?:the\s+)?$", text[max(0, c.start - 15) : c.start], re.I)
        return _dt.date(year, _AFTER_HALF_TERM.get(month, month) if after else month, 1), "month"
    if kind == "season_year":
        word, _ = _season_key(m["sea"])
        first = _SEASONS[word][0]
        if m["a1"]:
            year = int(m["a1"]) + (1 if first < 9 else 0)
        else:
            year = _required(_word_year(m))
        return _dt.date(year, first, 1), "month"
    if kind == "ml_year_before_last":
        month = _month_num(m["mon"]) if m["mon"] else _SEASONS[_season_key(m["sea"])[0]][0]
        return _dt.date(today.year - 2, month, 1), "month"
    if kind == "time_last_year":
        return add_months(today.replace(day=1), -12), "month"
    if kind == "covid":
        return COVID_FIRST_LOCKDOWN, "month"
    if kind == "ml_relyear":
        month = _month_num(m["mon"]) if m["mon"] else _SEASONS[_season_key(m["sea"])[0]][0]
        return _dt.date(today.year + _REL_SHIFT[m["rel"].lower()], month, 1), "month"
    if kind == "year_last":
        # "a year last September" (British): the September a year before last September.
        month = _month_num(m["mon"])
        return _dt.date(_month_in(month, today, "last") - 1, month, 1), "month"
    if kind == "rel_ml":
        rel = m["rel"].lower()
        mode = "next" if "coming" in rel else rel
        if m["mon"]:
            month = _month_num(m["mon"])
            return _dt.date(_month_in(month, today, mode), month, 1), "month"
        first, last = _SEASONS[_season_key(m["sea"])[0]]
        if mode == "this" and _said_in_past(text, prev_end, c.start) and not _TENSE_FUTURE_AFTER.match(text, c.end):
            # "finished it this summer", said in November: the summer just gone.
            return _dt.date(today.year if first <= today.month else today.year - 1, first, 1), "month"
        return _dt.date(_season_in(first, last, today, mode), first, 1), "month"
    if kind == "ml_before_last":
        if m["mon"]:
            # The one before the most recent: "the September before last", said in November 2026,
            # is September 2025 (and September 2024 as an alternative, see _alternatives).
            month = _month_num(m["mon"])
            return _dt.date(_month_in(month, today, "past") - 1, month, 1), "month"
        first, last = _SEASONS[_season_key(m["sea"])[0]]
        return _dt.date(_season_in(first, last, today, "last") - 1, first, 1), "month"
    if kind == "before_last":
        return _dt.date(today.year - 2, 1, 1), "year"
    if kind == "rel_unit":
        shift = _REL_SHIFT[m["rel"].lower()]
        unit = re.sub(r"\s+", " ", m["unit"].lower()).replace("yr", "year")
        if unit == "year":
            return _dt.date(today.year + shift, 1, 1), "year"
        if unit == "month":
            return add_months(today.replace(day=1), shift), "month"
        if unit == "term":
            return _term_start(today, shift), "month"
        acad = today.year if today.month >= 9 else today.year - 1
        return _dt.date(acad + shift, 9, 1), "month"
    if kind == "anniversary":
        month = _month_num(m["mon"])
        mode = {"in": "future", "come": "future", "next": "next"}.get(m["when"].lower(), "this")
        return _dt.date(_month_in(month, today, mode) - int(_num_value(m["n"])), month, 1), "month"
    if kind == "dayword":
        word = m[0].lower()
        offset = -2 if "before" in word else {"today": 0, "yesterday": -1, "tomorrow": 1}[word]
        return today + _dt.timedelta(days=offset), "day"
    if kind == "dur_date":
        months, days, kinds, whole = _duration_parts(m)
        sign = -1 if m["ago"] else 1
        hedge = hedged_months(text, c.start)
        if hedge and kinds == {"y"} and whole:
            # "nearly 4 years ago": a little less than four years, so a month, not a year.
            return add_months(today, sign * (int(months) + hedge)), "month"
        if kinds == {"t"} and whole and m["b"] is None:
            # "two terms ago": counted in school terms (autumn, spring, summer), not as 8 months.
            return _term_start(today, sign * int(round(months / 4))), "month"
        whole_months = math.floor(round(months, 9))
        days += (months - whole_months) * _AVG_MONTH_DAYS
        result = add_months(today, sign * whole_months) + _dt.timedelta(days=sign * round(days))
        if kinds & {"w", "d"}:
            grain = "day"
        elif kinds == {"y"} and whole and m["b"] is None:
            grain = "year"
        else:
            grain = "month"
        return result, grain
    if kind == "bare_month":
        month = _month_num(m["mon"])
        mode = _tense(text, prev_end, c.start, default)
        if mode == "past" and month == today.month and _SINCE_RX.search(text, max(0, c.start - 10), c.start):
            # "on the NPQ since nov", said in November: since the one a year ago (this one stays an
            # alternative), as a few weeks would be said "this month"
            return _dt.date(today.year - 1, month, 1), "month"
        return _dt.date(_month_in(month, today, mode), month, 1), "month"
    if kind == "bare_season":
        first, last = _SEASONS[_season_key(m["sea"])[0]]
        mode = _tense(text, prev_end, c.start, default)
        return _dt.date(_season_in(first, last, today, mode), first, 1), "month"
    if kind == "part_year":
        return _dt.date(int(m["y"]), _PART_OF_YEAR[(m["part"] or m["edge"]).lower()][0], 1), "month"
    if kind == "bare_year":
        return _dt.date(int(m["y"]), 1, 1), "year"
    if kind == "apos_year":
        return _dt.date(_year2(m["yy"]), 1, 1), "year"
    raise AssertionError(kind)  # pragma: no cover


def _day_month_no_year(day: int, month: int, today: _dt.date, mode: str) -> _dt.date:
    """Most recent day/month not after today (past), or first not before today (future)."""
    step = -1 if mode == "past" else 1
    year = today.year
    for _ in range(9):  # 29 February: at most 8 years to the next leap year
        if day <= calendar.monthrange(year, month)[1]:
            candidate = _dt.date(year, month, day)
            if (step < 0 and candidate <= today) or (step > 0 and candidate >= today):
                return candidate
        year += step
    raise AssertionError("no such day")  # pragma: no cover


def _as_date(today: _dt.date | None) -> _dt.date:
    if today is None:
        return default_today()
    if isinstance(today, _dt.datetime):
        return today.date()
    return today


# --------------------------------------------------------------------------- public API


def find_dates(text: str, today: _dt.date | None = None, tense: str = "past") -> list[DateMatch]:
    """All valid, non-overlapping date expressions in ``text``, left to right.

    Impossible dates are skipped (they keep their span; see :func:`find_invalid_date`).
    ``today`` defaults to :func:`default_today`. ``tense`` is how a month or term with no year and
    no tense cue is read: "past" (the most recent) or "future" (the next), for a reply to a
    question about the future ("when will you become SENCO?" - "January").
    """
    today = _as_date(today)
    out: list[DateMatch] = []
    prev_end = 0
    for c in _scan(text):
        if c.invalid is None:
            day, grain = _resolve(c, text, today, prev_end, tense)
            others = _alternatives(c, text, today, day, grain)
            out.append(DateMatch(day, grain, text[c.start : c.end], c.start, c.end, others))
        prev_end = c.end
    return out


def resolve_date(text: str, today: _dt.date | None = None) -> DateMatch | None:
    """The first date expression in ``text``, or None when there is none.

    Raises :class:`ImpossibleDateError` when that first expression is an impossible date
    ("31/02/2024", "30th February 2023"), so the caller can say so kindly.
    """
    today = _as_date(today)
    for c in _scan(text):
        if c.invalid is not None:
            raise ImpossibleDateError(text[c.start : c.end], c.start, c.end, c.invalid)
        day, grain = _resolve(c, text, today, 0)
        return DateMatch(day, grain, text[c.start : c.end], c.start, c.end)
    return None


def find_invalid_date(text: str) -> str | None:
    """The span of the first impossible day-month(-year) in ``text`` ("31/02/2024"), or None."""
    for c in _scan(text):
        if c.invalid is not None:
            return text[c.start : c.end]
    return None


def parse_duration_months(text: str, today: _dt.date | None = None) -> DurationMatch | None:
    """The first length of time in ``text``, in whole months rounded down, or None.

    "18 months", "a year and a half", "two terms" (a term is 4 months), "an academic year" (12),
    "6 weeks" (30.4375 days a month), "since Easter" / "since September 2022" (whole months from
    that date to ``today``, by :func:`months_between`).  Negatives ("never", "none") are None.
    """
    today = _as_date(today)
    found: list[tuple[int, int, int]] = []  # (start, end, months)
    for m in _DURATION.finditer(text):
        start, end = m.span("dur")
        if m["b"] is None and _unit_kind(m["aunit"] or m["ahunit"]) == "y" and _YEAR_GROUP_AFTER.match(text, end):
            continue  # "a year 7 class": a year group, not a length of time
        if re.match(r"(?:19|20)\d\d\b", text[start:end]):
            continue  # "the 2016 school year": a year's name, not 2,016 years
        if re.search(r"\d\s*[-/\u2013]\s*$", text[max(0, start - 6) : start]):
            continue  # "the 2022-23 school year": the second year of its name, not 23 years
        if m["b"] is not None:
            order = "ytmwd"
            ka = _unit_kind(m["aunit"] or m["ahunit"])
            kb = _unit_kind(m["bunit"] or m["bhunit"])
            if order.index(kb) <= order.index(ka):
                end = m.end("a")
                sub = _DURATION.match(text, start, end)
                if sub is None:  # pragma: no cover
                    continue
                m = sub
        months, days, _, _ = _duration_parts(m)
        found.append((start, end, math.floor(round(months + days / _AVG_MONTH_DAYS, 9))))
    prev_end = 0
    for c in _scan(text):
        since = _SINCE_BEFORE.search(text, max(0, c.start - 30), c.start) if c.invalid is None else None
        if since is not None:
            day, _ = _resolve(c, text, today, prev_end)
            if day <= today:
                found.append((since.start(), c.end, months_between(day, today)))
        prev_end = c.end
    if not found:
        return None
    start, end, months = min(found, key=lambda f: (f[0], -f[1]))
    return DurationMatch(months, text[start:end], start, end)


# --------------------------------------------------------------------------- CLI


def _today_arg(value: str) -> _dt.date:
    try:
        return _parse_iso(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def main(argv: list[str] | None = None) -> int:
    """``python -m components.dates [--today YYYY-MM-DD] TEXT``: one line of JSON, exit 0.

    Prints ``{"date", "grain", "text"}`` for the first date expression; all null when there is
    none.  For an impossible date ("31/02/2024") date and grain are null and text is the span.
    A malformed --today (or SENCO_TODAY) is reported on standard error with exit status 2.
    """
    parser = argparse.ArgumentParser(
        prog="python -m components.dates", description="Print the first date expression in TEXT as JSON (UK conventions)."
    )
    parser.add_argument(
        "--today",
        type=_today_arg,
        metavar="YYYY-MM-DD",
        help="the date relative phrases count from (default: SENCO_TODAY, else the real date)",
    )
    parser.add_argument("text", nargs="+", metavar="TEXT")
    args = parser.parse_args(argv)
    today = args.today
    if today is None:
        try:
            today = default_today()
        except ValueError as exc:
            print(f"python -m components.dates: SENCO_TODAY: {exc}", file=sys.stderr)
            return 2
    text = " ".join(args.text)
    result: dict[str, str | None] = {"date": None, "grain": None, "text": None}
    try:
        found = resolve_date(text, today)
    except ImpossibleDateError as exc:
        result["text"] = exc.text
    else:
        if found is not None:
            result = {"date": found.date.isoformat(), "grain": found.grain, "text": found.text}
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
