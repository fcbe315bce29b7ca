"""Date arithmetic and wording for the rules core: the one place where months are added.

Rule for adding months (stated once, tested on the awkward days): move the calendar month by n and
keep the day of the month; when that day does not exist in the target month, use the last day of
that month. So 31 January + 1 month = 28 (or 29) February, 31 August + 18 months = 28 February,
and the third anniversary of 29 February 2024 is 28 February 2027 (LEGAL.md's convention: the
earlier, safer date).
"""

from __future__ import annotations

import calendar
import datetime as _dt
from functools import lru_cache

MONTH_NAMES = (
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
)


@lru_cache(maxsize=16384)
def add_months(day: _dt.date, months: int) -> _dt.date:
    """``day`` moved by ``months`` calendar months, clamping to the target month's last day."""
    month_index = day.year * 12 + day.month - 1 + months
    year, month0 = divmod(month_index, 12)
    last_day = calendar.monthrange(year, month0 + 1)[1]
    return _dt.date(year, month0 + 1, min(day.day, last_day))


def anniversary(day: _dt.date, years: int) -> _dt.date:
    """The ``years``-th anniversary of ``day``; 29 February falls on 28 February in common years."""
    return add_months(day, 12 * years)


def months_between(earlier: _dt.date, later: _dt.date) -> int:
    """Whole calendar months from ``earlier`` to ``later`` (0 when ``later`` is not after it)."""
    if later <= earlier:
        return 0
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    if add_months(earlier, months) > later:
        months -= 1
    return months


@lru_cache(maxsize=4096)
def parse_iso(text: str) -> _dt.date:
    """A ``YYYY-MM-DD`` date; raises ValueError for any other form or an impossible date."""
    if len(text) != 10 or text[4] != "-" or text[7] != "-":
        raise ValueError("not in the form YYYY-MM-DD")
    return _dt.date.fromisoformat(text)


@lru_cache(maxsize=4096)
def long_date(day: _dt.date) -> str:
    """GOV.UK style: '1 September 2027'."""
    return f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


@lru_cache(maxsize=1024)
def month_year(day: _dt.date) -> str:
    """'September 2027', for estimates that are only good to the month."""
    return f"{MONTH_NAMES[day.month - 1]} {day.year}"


@lru_cache(maxsize=4096)
def describe_gap(earlier: _dt.date, later: _dt.date) -> str:
    """'about 5 months' / 'about 1 year and 2 months' / '12 days', for how late something is."""
    months = months_between(earlier, later)
    if months == 0:
        days = (later - earlier).days
        return f"{days} day{'s' if days != 1 else ''}"
    years, rest = divmod(months, 12)
    parts = []
    if years:
        parts.append(f"{years} year{'s' if years != 1 else ''}")
    if rest:
        parts.append(f"{rest} month{'s' if rest != 1 else ''}")
    return "about " + " and ".join(parts)
