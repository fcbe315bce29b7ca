"""The facts of CONTRACTS.md section 1 as Rasa slots: names, kinds, and plain-English labels.

A fact key with a dot (``nasenco.start_date``) is stored in the slot with an underscore
(``nasenco_start_date``). Slots hold the JSON values the rules core takes (dates as YYYY-MM-DD).
"""
from __future__ import annotations

from pathlib import Path

import yaml

from rules_core.dates import long_date, parse_iso

FACT_KEYS = (
    "nation", "setting", "role", "is_head", "has_qts", "qts_via_qtls_only", "induction",
    "appointment_date", "prior_senco_months",
    "nasenco.status", "nasenco.start_date", "nasenco.completion_date",
    "npq.status", "npq.start_date", "npq.completion_date", "npq.previously_funded",
)
DATE_FACTS = frozenset(("appointment_date", "nasenco.start_date", "nasenco.completion_date",
                        "npq.start_date", "npq.completion_date"))
BOOL_FACTS = frozenset(("is_head", "has_qts", "qts_via_qtls_only", "npq.previously_funded"))
COURSES = ("nasenco", "npq")

LABELS = yaml.safe_load(Path(__file__).with_name("labels.yml").read_text(encoding="utf-8"))


def slot_of(fact: str) -> str:
    return fact.replace(".", "_")


def fact_of_slot(slot: str) -> str | None:
    for fact in FACT_KEYS:
        if slot_of(fact) == slot:
            return fact
    return None


def course_of(fact: str | None) -> str | None:
    """'nasenco' for 'nasenco.start_date', else None."""
    if fact and "." in fact:
        return fact.split(".", 1)[0]
    return None


def known_facts(slots: dict) -> dict:
    """Fact key -> value for every fact the user has given (flat, dotted keys)."""
    return {fact: slots[slot_of(fact)] for fact in FACT_KEYS if slots.get(slot_of(fact)) is not None}


def to_rules_core(flat: dict) -> dict:
    """Flat dotted facts -> the nested facts object of the rules core."""
    facts: dict = {}
    for key, value in flat.items():
        course = course_of(key)
        if course:
            facts.setdefault(course, {})[key.split(".", 1)[1]] = value
        else:
            facts[key] = value
    return facts


def describe_value(fact: str, value) -> str:
    if fact in DATE_FACTS:
        return long_date(parse_iso(value))
    if fact in BOOL_FACTS:
        return LABELS["booleans"][bool(value)]
    if fact == "prior_senco_months":
        return LABELS["months"].format(months=value) if value else LABELS["no_months"]
    return LABELS["values"].get(fact, {}).get(value, str(value))


def describe(fact: str, value) -> str:
    """'Became SENCO: 1 September 2023'."""
    return f"{LABELS['facts'][fact]}: {describe_value(fact, value)}"
