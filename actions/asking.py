"""Which question to ask next, in which form, and the payload a channel draws it from.

The fact comes from the rules core's ``missing`` list (most decisive first); this module only
chooses the form: the first ask, the ask again after a reply that was not understood (choices
spelled out and numbered, with why it matters and an "I'm not sure" way out), a narrowing question
for a reply that fits several values, the day within a month the person gave when the day
decides the answer, or the law's own words for a borderline count. No question is asked three
times in a row: after two asks the fact is put aside and another is asked, or the person is
offered to carry on when they know.
"""

from __future__ import annotations

from dataclasses import dataclass

from rules_core.facts import parse_date
from rules_core.registry import REGISTRY, Fact, Registry

MAX_ASKS_IN_A_ROW = 2
# A fact asked this often without an answer is not asked again until the person offers it: going
# round the same questions helps nobody.
MAX_ASKS_IN_ALL = 4

# Narrowing questions: the response that asks, and the values it offers (in order).
NARROWING_RESPONSES = {
    "mainstream": "utter_narrow_setting_mainstream",
    "nursery": "utter_narrow_setting_nursery",
    "college": "utter_narrow_setting_college",
    "hospital": "utter_narrow_setting_hospital",
    "trust": "utter_narrow_setting_trust",
    "induction_no": "utter_narrow_induction",
    "npq_which": "utter_narrow_npq_status",
    "how_long": "utter_narrow_prior_senco_months",
}


@dataclass(frozen=True)
class Question:
    fact: str
    variant: str  # first | again | narrow:<group> | precise | which_month | over_limit
    candidates: tuple = ()

    @property
    def group(self) -> str | None:
        return self.variant.split(":", 1)[1] if self.variant.startswith("narrow:") else None


def variant_for(
    fact: Fact, known: dict, candidates: dict | None, requested: str | None, asked_times: int, understood: bool, limit: int
) -> Question:
    """The form of the next ask of ``fact``, given what is known and how the last ask went."""
    if candidates and candidates.get("fact") == fact.key:
        return Question(fact.key, f"narrow:{candidates['group']}", tuple(candidates.get("values") or ()))
    value = known.get(fact.key)
    if fact.kind == "date" and value is not None and not parse_date(value).exact:
        return Question(fact.key, "precise")
    if fact.key == "prior_senco_months" and value == limit:
        return Question(fact.key, "over_limit")
    if fact.key == requested and asked_times >= 1 and not understood:
        return Question(fact.key, "again")
    return Question(fact.key, "first")


def option_payloads(question: Question, registry: Registry = REGISTRY) -> list:
    fact = registry[question.fact]
    if question.variant == "over_limit":
        return [
            {"value": True, "label": "Yes", "payload": '/inform{"prior_senco_over_limit": true}'},
            {"value": False, "label": "No", "payload": '/inform{"prior_senco_over_limit": false}'},
        ]
    options = fact.options
    if question.candidates:
        options = tuple(option for option in fact.options if option.value in question.candidates)
    return [
        {"value": option.value, "label": option.title, "payload": "/inform" + _json({fact.slot: option.value})}
        for option in options
    ]


def _json(value) -> str:
    import json

    return json.dumps(value)


def payload(question: Question, registry: Registry = REGISTRY) -> dict:
    """The CONTRACTS.md section 3 question payload, with what a channel needs to draw a control."""
    fact = registry[question.fact]
    kind = "yes_no" if question.variant == "over_limit" else fact.kind
    body: dict = {"type": "question", "fact": question.fact, "kind": kind, "variant": question.variant}
    if kind in ("choice", "yes_no"):
        body["options"] = [{"value": o["value"], "label": o["label"]} for o in option_payloads(question, registry)]
    return body


def numbered_text(question: Question, registry: Registry = REGISTRY) -> str:
    """The choices spelled out and numbered, for text channels ("1. England")."""
    options = option_payloads(question, registry)
    return "\n".join(f"{index}. {option['label']}" for index, option in enumerate(options, start=1))


def response_for(question: Question, facts: dict, registry: Registry = REGISTRY) -> str:
    """The domain response that asks ``question``."""
    fact = registry[question.fact]
    if question.group:
        return NARROWING_RESPONSES[question.group]
    if question.variant == "precise":
        # Only the year known: ask the month first; the day only if the month is not enough.
        grain = parse_date(facts[fact.key]).grain if facts.get(fact.key) else "month"
        return f"{fact.ask_response}_precisely" + ("_month" if grain == "year" else "")
    if question.variant == "over_limit":
        return "utter_ask_prior_senco_over_limit"
    if question.variant == "which_month":
        return "utter_ask_which_month"
    if question.variant == "again":
        return f"{fact.ask_response}_again"
    if fact.key == "appointment_date" and facts.get("role") == "aspiring":
        return "utter_ask_appointment_date_aspiring"
    return fact.ask_response
