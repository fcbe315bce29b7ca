"""Checks and normalises the facts dict of CONTRACTS.md section 1.

Every key is optional and ``null`` means "not known yet". Anything else that is wrong (an unknown
key, a wrong type, an impossible date, a negative month count, a completion before its start) is
reported, all at once, as a list of ``{"field", "message"}`` in a FactsError.
"""
from __future__ import annotations

from .dates import parse_iso

NATIONS = ("england", "wales", "scotland", "northern_ireland")
SETTINGS = (
    "maintained_mainstream", "academy_mainstream", "maintained_nursery", "special",
    "independent", "post16", "pvi_nursery", "pru_ap", "other",
)
ROLES = ("senco", "aspiring", "other")
INDUCTION = ("completed", "in_progress", "not_required")
NASENCO_STATUSES = ("none", "in_progress", "completed")
NPQ_STATUSES = ("none", "registered", "in_progress", "completed")

_CHOICES = {
    "nation": NATIONS,
    "setting": SETTINGS,
    "role": ROLES,
    "induction": INDUCTION,
}
_BOOLS = ("is_head", "has_qts", "qts_via_qtls_only")
_COURSES = {
    "nasenco": {"status": NASENCO_STATUSES, "dates": ("start_date", "completion_date"), "bools": ()},
    "npq": {"status": NPQ_STATUSES, "dates": ("start_date", "completion_date"), "bools": ("previously_funded",)},
}
FACT_KEYS = frozenset(
    list(_CHOICES) + list(_BOOLS) + ["appointment_date", "prior_senco_months"] + list(_COURSES)
)


class FactsError(ValueError):
    """Bad facts; ``errors`` is the list printed by the CLI: ``[{"field", "message"}]``."""

    def __init__(self, errors):
        self.errors = errors
        super().__init__("; ".join(f"{e['field']}: {e['message']}" for e in errors))


def _type_name(value) -> str:
    return {bool: "true/false", int: "a whole number", float: "a number", str: "text",
            list: "a list", dict: "an object"}.get(type(value), type(value).__name__)


def _check_date(field, value, errors):
    if not isinstance(value, str):
        errors.append({"field": field, "message": f"must be a date written YYYY-MM-DD, not {_type_name(value)}"})
        return None
    try:
        return parse_iso(value)
    except ValueError:
        errors.append({"field": field, "message": f"'{value}' is not a real date in the form YYYY-MM-DD"})
        return None


def _check_course(name, value, errors, spec):
    if not isinstance(value, dict):
        errors.append({"field": name, "message": f"must be an object with status and dates, not {_type_name(value)}"})
        return None
    course = {}
    for key, item in value.items():
        field = f"{name}.{key}"
        if item is None:
            continue
        if key == "status":
            if item not in spec["status"]:
                errors.append({"field": field, "message": f"must be one of {', '.join(spec['status'])}"})
            else:
                course["status"] = item
        elif key in spec["dates"]:
            parsed = _check_date(field, item, errors)
            if parsed is not None:
                course[key] = parsed
        elif key in spec["bools"]:
            if isinstance(item, bool):
                course[key] = item
            else:
                errors.append({"field": field, "message": f"must be true or false, not {_type_name(item)}"})
        else:
            allowed = ", ".join(("status",) + spec["dates"] + spec["bools"])
            errors.append({"field": field, "message": f"is not a known fact (expected one of: {allowed})"})
    start, end = course.get("start_date"), course.get("completion_date")
    if start is not None and end is not None and end < start:
        errors.append({"field": f"{name}.completion_date",
                       "message": f"completion ({end.isoformat()}) is before the start ({start.isoformat()})"})
    return course


def normalise(facts) -> dict:
    """Checked facts: dates as ``datetime.date``, unknowns (absent or null) left out."""
    if not isinstance(facts, dict):
        raise FactsError([{"field": None, "message": f"facts must be a JSON object, not {_type_name(facts)}"}])
    errors = []
    clean = {}
    for key, value in facts.items():
        if value is None:
            continue
        choices = _CHOICES.get(key)
        if choices is not None:
            if value in choices and isinstance(value, str):
                clean[key] = value
            else:
                errors.append({"field": key, "message": f"must be one of {', '.join(choices)}"})
        elif key in _BOOLS:
            if isinstance(value, bool):
                clean[key] = value
            else:
                errors.append({"field": key, "message": f"must be true or false, not {_type_name(value)}"})
        elif key == "appointment_date":
            parsed = _check_date(key, value, errors)
            if parsed is not None:
                clean[key] = parsed
        elif key == "prior_senco_months":
            if isinstance(value, bool) or not isinstance(value, int):
                errors.append({"field": key, "message": f"must be a whole number of months, not {_type_name(value)}"})
            elif value < 0:
                errors.append({"field": key, "message": "cannot be negative"})
            elif value > 600:
                errors.append({"field": key, "message": "is more than 50 years; please check it"})
            else:
                clean[key] = value
        elif key in _COURSES:
            course = _check_course(key, value, errors, _COURSES[key])
            if course:
                clean[key] = course
        else:
            errors.append({"field": key, "message": f"is not a known fact (expected one of: {', '.join(sorted(FACT_KEYS))})"})
    if errors:
        raise FactsError(errors)
    return clean
