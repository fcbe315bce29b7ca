"""The facts as Rasa slots, and the conversation's own state, all derived from the fact registry
(rules_core/facts.yaml): one slot per fact, named by ``Fact.slot``. Slots hold the values the rules
core takes (dates as YYYY-MM-DD, YYYY-MM or YYYY)."""

from __future__ import annotations

from rules_core.facts import nest, parse_date
from rules_core.registry import REGISTRY, Registry

# The conversation's state, beside the facts (see actions/turn.py for what each means).
STATE_SLOTS = (
    "requested_fact",
    "asked_times",
    "question_variant",
    "candidates",
    "deferred",
    "asks",
    "offer",
    "answered",
    "about_someone_else",
    "estimates",
)


def fact_slots(registry: Registry = REGISTRY) -> tuple:
    return tuple(fact.slot for fact in registry)


def known_facts(slots: dict, registry: Registry = REGISTRY) -> dict:
    """Fact key -> value for every fact the user has given (flat, dotted keys)."""
    return {fact.key: slots[fact.slot] for fact in registry if slots.get(fact.slot) is not None}


def for_rules_core(flat: dict) -> dict:
    """Flat dotted facts -> the nested facts object of the rules core."""
    return nest(flat)


def said(key: str, value, registry: Registry = REGISTRY) -> str:
    """How a value is said back: 'academy or free school', 'September 2023', '18 months'."""
    fact = registry[key]
    if fact.kind == "date":
        return parse_date(value).text()
    if fact.kind == "months":
        words = registry.months_words
        return words["some"].format(months=value) if value else words["none"]
    option = fact.option(value)
    return option.said if option else str(value)


def describe(key: str, value, registry: Registry = REGISTRY, facts: dict | None = None) -> str:
    """'Became SENCO: September 2023' (or 'Becoming SENCO' for someone not yet in the role)."""
    fact = registry[key]
    label = fact.label
    if fact.label_future and (facts or {}).get("role") == "aspiring":
        label = fact.label_future
    return f"{label}: {said(key, value, registry)}"
