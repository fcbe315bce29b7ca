"""Reads one user message as answers to the facts: the entities the NLU found, plus yes / no /
"I don't know" read against the question that was asked. It decides which fact a bare answer
belongs to; it never decides anything about the law."""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field

from rules_core.dates import add_months

from .facts import BOOL_FACTS, DATE_FACTS, LABELS, course_of, describe_value

# Entities named after a fact (ENTITIES.md); the value is the fact's value.
DIRECT = {
    "nation": "nation", "setting": "setting", "role": "role", "is_head": "is_head", "has_qts": "has_qts",
    "qts_via_qtls_only": "qts_via_qtls_only", "induction": "induction", "appointment_date": "appointment_date",
    "prior_senco_months": "prior_senco_months", "nasenco_status": "nasenco.status",
    "nasenco_start_date": "nasenco.start_date", "nasenco_completion_date": "nasenco.completion_date",
    "npq_status": "npq.status", "npq_start_date": "npq.start_date", "npq_completion_date": "npq.completion_date",
    "npq_previously_funded": "npq.previously_funded",
}
# What "yes" and "no" mean for each question that can be answered that way.
YES = {"is_head": True, "has_qts": True, "qts_via_qtls_only": True, "npq.previously_funded": True,
       "role": "senco", "induction": "completed"}
NO = {"is_head": False, "has_qts": False, "qts_via_qtls_only": False, "npq.previously_funded": False,
      "role": "other", "induction": "in_progress", "prior_senco_months": 0, "nasenco.status": "none",
      "npq.status": "none"}


@dataclass
class Reading:
    updates: dict = field(default_factory=dict)  # fact -> value, in the order found
    change_target: str | None = None  # a fact the user wants to change but gave no value for
    dont_know: bool = False
    corrected_from: str | None = None  # the old date in "September 2024, not 2025"


def _typed(fact: str, value):
    if fact in BOOL_FACTS and isinstance(value, str):
        return value.strip().lower() in ("true", "yes", "1")
    if fact == "prior_senco_months" and isinstance(value, str) and value.strip().isdigit():
        return int(value)
    return value


def option_answer(requested: str | None, text: str):
    """The value when ``text`` is exactly one of the question's options, by value or by label
    ("academy_mainstream", "academy or free school", "true", "0"), as a channel or a test driver
    answering from the question payload would send it; else None."""
    if not requested or not text:
        return None
    said = " ".join(text.strip().lower().split())
    if requested in BOOL_FACTS:
        return {"true": True, "false": False}.get(said)
    if requested == "prior_senco_months":
        return int(said) if said.isdigit() else None
    for value in LABELS["values"].get(requested, {}):
        if said in (value.lower(), describe_value(requested, value).lower()):
            return value
    return None


def read(message: dict, requested: str | None, known: dict, last_fact: str | None, today: _dt.date) -> Reading:
    reading = Reading()
    intent = (message.get("intent") or {}).get("name")
    entities = message.get("entities") or []
    chosen = option_answer(requested, message.get("text") or "")
    if chosen is not None:
        reading.updates[requested] = chosen
        return reading
    asked_course = course_of(requested) or course_of(last_fact)
    plain_dates, durations = [], []
    for entity in entities:
        kind, value = entity.get("entity"), entity.get("value")
        if value is None:
            continue
        if kind in DIRECT:
            fact = DIRECT[kind]
            reading.updates[fact] = _typed(fact, value)
        elif kind == "course_status" and asked_course:
            reading.updates.setdefault(f"{asked_course}.status", value)
        elif kind in ("start_date", "completion_date") and asked_course:
            reading.updates.setdefault(f"{asked_course}.{kind}", value)
        elif kind in ("start_date", "completion_date", "date"):
            if entity.get("role") == "not":
                reading.corrected_from = value
            else:
                plain_dates.append(value)
        elif kind == "duration":
            durations.append(value)
        elif kind == "fact_name":
            reading.change_target = value

    if plain_dates:
        target = _date_target(requested, known, last_fact, reading, intent)
        if target and target not in reading.updates:
            reading.updates[target] = plain_dates[0]
    if durations and "prior_senco_months" not in reading.updates:
        if requested == "prior_senco_months":
            reading.updates["prior_senco_months"] = int(durations[0])
        elif requested == "appointment_date" and "appointment_date" not in reading.updates:
            # "I've been SENCO for two years" answers "when did you become SENCO?"
            reading.updates["appointment_date"] = add_months(today, -int(durations[0])).isoformat()

    if requested and requested not in reading.updates:
        if intent == "affirm" and requested in YES:
            reading.updates[requested] = YES[requested]
        elif intent == "deny" and requested in NO:
            reading.updates[requested] = NO[requested]
        elif intent == "dont_know":
            reading.dont_know = True
    if reading.change_target in reading.updates:
        reading.change_target = None
    return reading


def _date_target(requested, known, last_fact, reading, intent):
    """Which date fact a date with no cue answers: the old value named in a correction, the
    question asked, or the date given last."""
    if reading.corrected_from:
        old = reading.corrected_from
        for fact in DATE_FACTS:
            value = known.get(fact)
            if value and (value == old or value[:4] == old[:4] and old.endswith("-01-01") or value[:7] == old[:7]):
                return fact
    if reading.change_target in DATE_FACTS:
        return reading.change_target
    if requested in DATE_FACTS:
        return requested
    if intent == "change_answer" and last_fact in DATE_FACTS:
        return last_fact
    if requested is None and last_fact in DATE_FACTS:
        return None
    return None
