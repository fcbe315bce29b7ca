"""Checks and normalises the facts dict of CONTRACTS.md section 1, as the registry (facts.yaml)
declares them.

Every key is optional and ``null`` means "not known yet". Anything else that is wrong (an unknown
key, a wrong type, an impossible date, a negative month count, a completion certainly before its
start) is reported, all at once, as a list of ``{"field", "message"}`` in a FactsError.

A date may be partial (CONTRACTS.md section 1, "Partial dates"): ``YYYY-MM`` or ``YYYY`` when the
person knows no more. It is kept as a ``DateRange``: the first and last day it can be, and its
grain; ``YYYY-MM-DD`` is a range of one day.
"""

from __future__ import annotations

import calendar
import datetime as _dt
import re
from dataclasses import dataclass

from .dates import MONTH_NAMES, long_date, parse_iso
from .registry import REGISTRY, Registry

_PARTIAL = re.compile(r"^(\d{4})(?:-(\d{2}))?$")


class FactsError(ValueError):
    """Bad facts; ``errors`` is the list printed by the CLI: ``[{"field", "message"}]``."""

    def __init__(self, errors):
        self.errors = errors
        super().__init__("; ".join(f"{e['field']}: {e['message']}" for e in errors))


@dataclass(frozen=True)
class DateRange:
    """A date known to the day, the month or the year: every day from ``first`` to ``last``."""

    first: _dt.date
    last: _dt.date
    grain: str  # "day", "month" or "year"

    @property
    def exact(self) -> bool:
        return self.grain == "day"

    def text(self) -> str:
        """'1 September 2023', 'September 2023' or '2023'."""
        if self.grain == "day":
            return long_date(self.first)
        if self.grain == "month":
            return f"{MONTH_NAMES[self.first.month - 1]} {self.first.year}"
        return str(self.first.year)

    def when(self) -> str:
        """The date with its preposition: 'on 1 September 2023', 'in September 2023', 'in 2023'."""
        return ("on " if self.grain == "day" else "in ") + self.text()

    def iso(self) -> str:
        """Back to the contract's form: YYYY-MM-DD, YYYY-MM or YYYY."""
        if self.grain == "day":
            return self.first.isoformat()
        if self.grain == "month":
            return self.first.isoformat()[:7]
        return str(self.first.year)

    def clipped(self, first: _dt.date) -> "DateRange":
        """The part of the range on or after ``first`` (it must overlap)."""
        return DateRange(max(self.first, first), self.last, self.grain)


def parse_date(text: str) -> DateRange:
    """``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``; ValueError for any other form or an impossible date."""
    match = _PARTIAL.match(text)
    if match is None:
        day = parse_iso(text)
        return DateRange(day, day, "day")
    year, month = int(match.group(1)), match.group(2)
    if year < 1:
        raise ValueError("there is no year 0")
    if month is None:
        return DateRange(_dt.date(year, 1, 1), _dt.date(year, 12, 31), "year")
    month_number = int(month)
    if not 1 <= month_number <= 12:
        raise ValueError(f"there is no month {month_number}")
    last = calendar.monthrange(year, month_number)[1]
    return DateRange(_dt.date(year, month_number, 1), _dt.date(year, month_number, last), "month")


def _type_name(value) -> str:
    return {bool: "true/false", int: "a whole number", float: "a number", str: "text", list: "a list", dict: "an object"}.get(
        type(value), type(value).__name__
    )


def _check(fact, field: str, value, errors: list):
    """The checked value of one fact, or None after recording what is wrong with it."""
    kind = fact.kind
    if kind == "choice":
        if isinstance(value, str) and value in fact.values:
            return value
        errors.append({"field": field, "message": f"must be one of {', '.join(fact.values)}"})
    elif kind == "yes_no":
        if isinstance(value, bool):
            return value
        errors.append({"field": field, "message": f"must be true or false, not {_type_name(value)}"})
    elif kind == "months":
        if isinstance(value, bool) or not isinstance(value, int):
            errors.append({"field": field, "message": f"must be a whole number of months, not {_type_name(value)}"})
        elif fact.minimum is not None and value < fact.minimum:
            errors.append(
                {"field": field, "message": "cannot be negative" if fact.minimum == 0 else f"must be at least {fact.minimum}"}
            )
        elif fact.maximum is not None and value > fact.maximum:
            errors.append({"field": field, "message": f"is more than {fact.maximum // 12} years; please check it"})
        else:
            return value
    elif kind == "date":
        if not isinstance(value, str):
            errors.append(
                {"field": field, "message": f"must be a date written YYYY-MM-DD (or YYYY-MM, YYYY), not {_type_name(value)}"}
            )
            return None
        try:
            return parse_date(value)
        except ValueError:
            errors.append({"field": field, "message": f"'{value}' is not a real date in the form YYYY-MM-DD, YYYY-MM or YYYY"})
    return None


def _check_course(name: str, value, errors: list, registry: Registry):
    if not isinstance(value, dict):
        errors.append({"field": name, "message": f"must be an object with status and dates, not {_type_name(value)}"})
        return None
    fields = {fact.field: fact for fact in registry.courses[name]}
    course = {}
    for key, item in value.items():
        field = f"{name}.{key}"
        if item is None:
            continue
        fact = fields.get(key)
        if fact is None:
            errors.append({"field": field, "message": f"is not a known fact (expected one of: {', '.join(fields)})"})
            continue
        checked = _check(fact, field, item, errors)
        if checked is not None:
            course[key] = checked
    start, end = course.get("start_date"), course.get("completion_date")
    if start is not None and end is not None and end.last < start.first:
        errors.append(
            {"field": f"{name}.completion_date", "message": f"completion ({end.text()}) is before the start ({start.text()})"}
        )
    return course


def normalise(facts, registry: Registry = REGISTRY) -> dict:
    """Checked facts: dates as ``DateRange``, unknowns (absent or null) left out, courses nested."""
    if not isinstance(facts, dict):
        raise FactsError([{"field": None, "message": f"facts must be a JSON object, not {_type_name(facts)}"}])
    errors: list = []
    clean = {}
    for key, value in facts.items():
        if value is None:
            continue
        if key in registry.courses:
            course = _check_course(key, value, errors, registry)
            if course:
                clean[key] = course
        elif key in registry and registry[key].course is None:
            checked = _check(registry[key], key, value, errors)
            if checked is not None:
                clean[key] = checked
        else:
            errors.append(
                {"field": key, "message": f"is not a known fact (expected one of: {', '.join(sorted(registry.top_level))})"}
            )
    if errors:
        raise FactsError(errors)
    return clean


def flatten(facts: dict) -> dict:
    """Nested facts -> dotted keys (``{"nasenco": {"status": ...}}`` -> ``{"nasenco.status": ...}``)."""
    flat = {}
    for key, value in facts.items():
        if isinstance(value, dict):
            for field, item in value.items():
                flat[f"{key}.{field}"] = item
        else:
            flat[key] = value
    return flat


def nest(flat: dict) -> dict:
    """Dotted keys -> the nested facts object the rules core takes."""
    facts: dict = {}
    for key, value in flat.items():
        if "." in key:
            course, field = key.split(".", 1)
            facts.setdefault(course, {})[field] = value
        else:
            facts[key] = value
    return facts
