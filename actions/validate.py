"""One check per fact, as the user could get it wrong: each returns the value to keep, or a
problem (a response name and its values) and keeps nothing. The rules core checks types; these
checks are about what a person could plausibly mean."""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from rules_core.dates import long_date, parse_iso

EARLIEST_SENSIBLE = _dt.date(1970, 1, 1)  # not law: a guard against typos like "1923"


@dataclass
class Problem:
    response: str
    values: dict


@dataclass
class Checked:
    value: object = None
    problem: Problem | None = None
    also: dict | None = None  # other facts this answer settles (a future start means "registered")


def _date(value):
    try:
        return parse_iso(value) if isinstance(value, str) else None
    except ValueError:
        return None


def validate_date(fact: str, value, facts: dict, today: _dt.date) -> Checked:
    day = _date(value)
    if day is None:
        return Checked(problem=Problem("utter_explain_date", {}))
    if day < EARLIEST_SENSIBLE:
        return Checked(problem=Problem("utter_date_too_early", {"date_text": long_date(day)}))
    return Checked(value=day.isoformat())


def validate_appointment_date(value, facts: dict, today: _dt.date) -> Checked:
    checked = validate_date("appointment_date", value, facts, today)
    if checked.problem:
        return checked
    day = parse_iso(checked.value)
    if day > today and facts.get("role") == "senco":
        return Checked(problem=Problem("utter_future_appointment", {"date_text": long_date(day)}))
    if day > today and facts.get("role") is None:
        return Checked(value=checked.value, also={"role": "aspiring"})
    return checked


def _validate_course_date(course: str, kind: str, value, facts: dict, today: _dt.date) -> Checked:
    checked = validate_date(f"{course}.{kind}", value, facts, today)
    if checked.problem:
        return checked
    day = parse_iso(checked.value)
    other_kind = "completion_date" if kind == "start_date" else "start_date"
    other = _date(facts.get(f"{course}.{other_kind}"))
    start, end = (day, other) if kind == "start_date" else (other, day)
    if start and end and end < start:
        return Checked(problem=Problem("utter_completion_before_start",
                                       {"start": long_date(start), "completion": long_date(end)}))
    status = facts.get(f"{course}.status")
    if kind == "completion_date" and status == "completed" and day > today:
        return Checked(problem=Problem("utter_completed_in_future", {"date_text": long_date(day)}))
    if kind == "start_date" and day > today and course == "npq" and status in (None, "in_progress"):
        return Checked(value=checked.value, also={"npq.status": "registered"})
    return checked


def validate_prior_senco_months(value, facts: dict, today: _dt.date) -> Checked:
    try:
        months = int(value)
    except (TypeError, ValueError):
        return Checked(problem=Problem("utter_did_not_understand_answer", {}))
    if months < 0:
        return Checked(problem=Problem("utter_did_not_understand_answer", {}))
    if months > 600:
        return Checked(problem=Problem("utter_months_too_many", {}))
    return Checked(value=months)


def validate(fact: str, value, facts: dict, today: _dt.date) -> Checked:
    """The check for ``fact``; ``facts`` are the facts known so far, including this message's others."""
    if fact == "appointment_date":
        return validate_appointment_date(value, facts, today)
    if fact == "prior_senco_months":
        return validate_prior_senco_months(value, facts, today)
    if fact.endswith("_date"):
        course, kind = fact.split(".", 1)
        return _validate_course_date(course, kind, value, facts, today)
    return Checked(value=value)
