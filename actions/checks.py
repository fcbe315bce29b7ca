"""What a person could plausibly have got wrong about one answer, said kindly, with nothing kept
of that answer and everything else they said kept. The rules core checks types and the law's own
impossibilities (an NPQ started before it existed) after these; these are about what a person
may have meant. No check infers another fact: the rules core asks for what it needs."""

from __future__ import annotations

import datetime as _dt

from rules_core.facts import DateRange, parse_date
from rules_core.registry import REGISTRY

EARLIEST_SENSIBLE = _dt.date(1970, 1, 1)  # not law: a guard against typos like "1923"


def problem_with(key: str, value, facts: dict, today: _dt.date):
    """(response, values) describing what is wrong with ``value`` for ``key``, or None."""
    fact = REGISTRY[key]
    if fact.kind == "months":
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            return ("utter_did_not_understand_answer", {})
        if fact.maximum is not None and value > fact.maximum:
            return ("utter_months_too_many", {})
        return None
    if fact.kind != "date":
        return None
    try:
        day = parse_date(value) if isinstance(value, str) else None
    except ValueError:
        day = None
    if day is None:
        return ("utter_explain_date", {})
    if day.last < EARLIEST_SENSIBLE:
        return ("utter_date_too_early", {"date_text": day.text()})
    if key == "appointment_date":
        if day.first > today and facts.get("role") == "senco":
            return ("utter_future_appointment", {"date_text": day.text()})
        return None
    course = fact.course
    other = facts.get(f"{course}.{'completion_date' if fact.field == 'start_date' else 'start_date'}")
    other_day = parse_date(other) if isinstance(other, str) else None
    start, end = (day, other_day) if fact.field == "start_date" else (other_day, day)
    if isinstance(start, DateRange) and isinstance(end, DateRange) and end.last < start.first:
        return ("utter_completion_before_start", {"start": start.text(), "completion": end.text()})
    if fact.field == "completion_date" and facts.get(f"{course}.status") == "completed" and day.first > today:
        return ("utter_completed_in_future", {"date_text": day.text()})
    return None
