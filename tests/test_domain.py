"""domain.yml agrees with the fact registry (rules_core/facts.yaml): one slot and one entity per
fact, every question, why-we-ask and how-to-find-out response, and the first ask's buttons with
the registry's titles and values. A fact added to the registry and not to the domain fails here.
And a made-up fact in a fixture registry shows up in validation, slots and controls with no other
edit."""

import json
import re
from pathlib import Path

import pytest
import yaml

from actions import asking
from actions.slots import STATE_SLOTS, fact_slots
from rules_core.facts import FactsError, normalise
from rules_core.registry import REGISTRY, REGISTRY_FILE, Registry

ROOT = Path(__file__).resolve().parents[1]
DOMAIN = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
ASKED = [fact for fact in REGISTRY if not fact.asked_through]


def test_the_domain_has_one_slot_per_fact_and_the_conversations_state_and_nothing_else():
    assert set(DOMAIN["slots"]) == set(fact_slots()) | set(STATE_SLOTS)


def test_every_fact_can_arrive_as_an_entity_from_a_button():
    names = {e if isinstance(e, str) else next(iter(e)) for e in DOMAIN["entities"]}
    assert set(fact_slots()) <= names


@pytest.mark.parametrize("fact", ASKED, ids=lambda f: f.key)
def test_every_asked_fact_has_its_question_its_again_form_why_and_how_to_find_out(fact):
    needed = [fact.ask_response, f"{fact.ask_response}_again", fact.why_response, fact.help_response]
    if fact.kind == "date":
        needed += [f"{fact.ask_response}_precisely", f"{fact.ask_response}_precisely_month"]
    assert [name for name in needed if name not in DOMAIN["responses"]] == []


def test_a_fact_asked_only_as_a_follow_up_has_its_question_and_why():
    for fact in REGISTRY:
        if fact.asked_through:
            assert fact.asked_through in REGISTRY
            assert {fact.ask_response, fact.why_response} <= set(DOMAIN["responses"])


def test_every_fact_the_conversation_may_assume_says_the_assumption_and_a_value_the_registry_has():
    assumed = [fact for fact in REGISTRY if fact.if_unknown]
    assert assumed, "no fact has a usual answer: the stuck-question fallback is untested"
    for fact in assumed:
        assert fact.assume_response in DOMAIN["responses"], fact.key
        value = fact.if_unknown[0]
        assert value in fact.values if fact.options else isinstance(value, int), fact.key


def test_every_narrowing_question_has_its_response():
    assert set(asking.NARROWING_RESPONSES.values()) <= set(DOMAIN["responses"])


ABOUT_THE_SCHOOL = ("nation", "setting")
# "You said ...", "If you're not sure" and "the person you're asking about" speak to the person
# typing, whoever the question is about.
SPEAKER = re.compile(r"\b(?:you said|if you're not sure|the person you're asking about)\b", re.I)
PERSON_QUESTIONS = sorted(
    name
    for fact in REGISTRY
    if fact.key not in ABOUT_THE_SCHOOL
    for name in DOMAIN["responses"]
    if name == fact.ask_response or name.startswith(fact.ask_response + "_") or name == f"utter_narrow_{fact.slot}"
)


@pytest.mark.parametrize("name", PERSON_QUESTIONS)
def test_every_question_about_the_person_has_a_form_about_a_colleague_that_never_says_you(name):
    about_them = [
        variant
        for variant in DOMAIN["responses"][name]
        if {"type": "slot", "name": "about_someone_else", "value": True} in variant.get("condition", [])
    ]
    assert about_them, f"{name} asks a colleague's question as 'you'"
    said = SPEAKER.sub("", about_them[0]["text"])
    assert not re.search(r"\byou(?:r|'re|'ve)?\b", said, re.I), said


@pytest.mark.parametrize("fact", [f for f in ASKED if f.kind in ("choice", "yes_no")], ids=lambda f: f.key)
def test_the_first_asks_buttons_are_the_registrys_options_in_order(fact):
    buttons = DOMAIN["responses"][fact.ask_response][0]["buttons"]
    # Rasa reads "{{" as a literal brace in a response.
    payloads = [json.loads(b["payload"].replace("{{", "{").replace("}}", "}")[len("/inform") :]) for b in buttons]
    assert [b["title"] for b in buttons] == [option.title for option in fact.options]
    assert payloads == [{fact.slot: option.value} for option in fact.options]


@pytest.fixture
def registry_with_a_new_fact(tmp_path):
    data = yaml.safe_load(REGISTRY_FILE.read_text(encoding="utf-8"))
    data["facts"]["census_coded"] = {
        "kind": "choice",
        "label": "How the census codes you",
        "values": {
            "coded": {"title": "Coded as SENCO", "said": "coded"},
            "not_coded": {"title": "Not coded", "said": "not coded"},
        },
    }
    path = tmp_path / "facts.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return Registry.load(path)


def test_a_made_up_fact_is_checked_by_the_rules_core_with_no_other_edit(registry_with_a_new_fact):
    assert normalise({"census_coded": "coded"}, registry_with_a_new_fact) == {"census_coded": "coded"}
    with pytest.raises(FactsError) as error:
        normalise({"census_coded": "maybe"}, registry_with_a_new_fact)
    assert error.value.errors == [{"field": "census_coded", "message": "must be one of coded, not_coded"}]


def test_a_made_up_fact_has_its_slot_and_its_control_with_no_other_edit(registry_with_a_new_fact):
    assert "census_coded" in fact_slots(registry_with_a_new_fact)
    payload = asking.payload(asking.Question("census_coded", "first"), registry_with_a_new_fact)
    assert payload["kind"] == "choice"
    assert payload["options"] == [{"value": "coded", "label": "Coded as SENCO"}, {"value": "not_coded", "label": "Not coded"}]


def test_the_domain_test_notices_a_fact_the_domain_lacks(registry_with_a_new_fact):
    assert set(fact_slots(registry_with_a_new_fact)) - set(DOMAIN["slots"]) == {"census_coded"}
