"""action_collect_facts: it keeps valid facts, re-asks kindly, corrects, and hands over to the rules
core, asking exactly missing[0] or answering with the determination payload."""
import datetime as dt

import pytest
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

import rules_core
from actions.conversation import ActionCollectFacts
from actions.facts import to_rules_core, known_facts

TODAY = dt.date(2026, 11, 26)


def run(tracker):
    dispatcher = CollectingDispatcher()
    events = ActionCollectFacts().run(dispatcher, tracker, {})
    return dispatcher.messages, events


def slots_set(events):
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def question_facts(messages):
    return [m["custom"]["fact"] for m in messages if (m.get("custom") or {}).get("type") == "question"]


def test_a_new_user_who_says_england_is_asked_the_setting(tracker_factory):
    messages, events = run(tracker_factory(entities=[{"entity": "nation", "value": "england"}],
                                           slots={"requested_fact": "nation"}))
    assert slots_set(events)["nation"] == "england"
    assert question_facts(messages) == ["setting"]
    assert [m["response"] for m in messages if m.get("response")] == ["utter_ask_setting"]
    assert slots_set(events)["requested_fact"] == "setting"


def test_a_user_in_wales_gets_the_answer_after_one_fact(tracker_factory):
    messages, events = run(tracker_factory(entities=[{"entity": "nation", "value": "wales"}]))
    payloads = [m["custom"] for m in messages if m.get("custom")]
    assert payloads[-1]["type"] == "determination"
    assert payloads[-1]["determination"]["outcome"] == "OUT_OF_SCOPE"
    assert any("Wales" in (m.get("text") or "") for m in messages)
    assert slots_set(events)["requested_fact"] is None


def test_everything_in_one_message_means_no_more_questions(tracker_factory):
    entities = [
        {"entity": "nation", "value": "england"}, {"entity": "setting", "value": "academy_mainstream"},
        {"entity": "role", "value": "senco"}, {"entity": "appointment_date", "value": "2008-03-03"},
        {"entity": "has_qts", "value": True}, {"entity": "qts_via_qtls_only", "value": False},
        {"entity": "induction", "value": "completed"},
    ]
    messages, _ = run(tracker_factory(entities=entities))
    assert question_facts(messages) == []
    determination = [m["custom"] for m in messages if m.get("custom")][-1]["determination"]
    assert determination["outcome"] == "NOT_REQUIRED"


def test_the_determination_payload_is_what_the_rules_core_prints_for_the_same_facts(tracker_factory):
    messages, events = run(tracker_factory(snapshot="academy_senco_asked_nasenco", intent="inform",
                                           entities=[{"entity": "nasenco_status", "value": "none"},
                                                     {"entity": "npq_status", "value": "none"}]))
    payload = [m["custom"] for m in messages if m.get("custom")][-1]
    slots = dict(tracker_factory(snapshot="academy_senco_asked_nasenco").slots)
    slots.update(slots_set(events))
    expected = rules_core.determine(to_rules_core(known_facts(slots)), TODAY)
    assert payload == {"type": "determination", "determination": expected}
    assert expected["status"] == "overdue"


def test_no_to_the_nasenco_question_means_not_started(tracker_factory):
    messages, events = run(tracker_factory(snapshot="academy_senco_asked_nasenco", intent="deny"))
    assert slots_set(events)["nasenco_status"] == "none"
    assert question_facts(messages) == ["npq.status"]


def test_an_impossible_future_appointment_is_refused_and_everything_else_kept(tracker_factory):
    tracker = tracker_factory(slots={"nation": "england", "setting": "academy_mainstream", "role": "senco",
                                     "requested_fact": "appointment_date"},
                              entities=[{"entity": "date", "value": "2027-09-01"}])
    messages, events = run(tracker)
    assert "appointment_date" not in slots_set(events)
    assert [m["response"] for m in messages if m.get("response")][0] == "utter_future_appointment"
    assert question_facts(messages) == ["appointment_date"]


def test_a_completion_before_the_start_is_refused(tracker_factory):
    slots = {"nation": "england", "setting": "academy_mainstream", "role": "senco",
             "appointment_date": "2023-09-01", "prior_senco_months": 0, "has_qts": True,
             "qts_via_qtls_only": False, "induction": "completed", "nasenco_status": "in_progress",
             "nasenco_start_date": "2024-02-01", "requested_fact": "nasenco.completion_date"}
    messages, events = run(tracker_factory(slots=slots, entities=[{"entity": "date", "value": "2023-07-01"}]))
    assert "nasenco_completion_date" not in slots_set(events)
    assert "utter_completion_before_start" in [m.get("response") for m in messages]
    assert question_facts(messages) == ["nasenco.completion_date"]


def test_a_correction_replaces_the_date_it_names_and_recomputes(tracker_factory):
    tracker = tracker_factory(snapshot="academy_senco_answered", intent="change_answer", entities=[
        {"entity": "date", "value": "2025-09-01"}, {"entity": "date", "value": "2023-01-01", "role": "not"}])
    messages, events = run(tracker)
    assert slots_set(events)["appointment_date"] == "2025-09-01"
    assert "utter_changed" in [m.get("response") for m in messages]
    determination = [m["custom"] for m in messages if m.get("custom")][-1]["determination"]
    assert determination["deadline"] == "2028-09-01"


def test_change_my_appointment_date_asks_that_question_again(tracker_factory):
    messages, events = run(tracker_factory(snapshot="academy_senco_answered", intent="change_answer",
                                           entities=[{"entity": "fact_name", "value": "appointment_date"}]))
    assert question_facts(messages) == ["appointment_date"]
    assert slots_set(events)["requested_fact"] == "appointment_date"


def test_i_dont_know_gets_help_and_the_same_question(tracker_factory):
    messages, _ = run(tracker_factory(slots={"nation": "england", "setting": "academy_mainstream",
                                             "role": "senco", "requested_fact": "appointment_date"},
                                      intent="dont_know"))
    assert [m.get("response") for m in messages][0] == "utter_dont_know_appointment_date"
    assert question_facts(messages) == ["appointment_date"]


def test_a_second_failed_answer_explains_how_to_write_a_date(tracker_factory):
    tracker = tracker_factory(slots={"nation": "england", "requested_fact": "appointment_date",
                                     "failed_attempts": {"appointment_date": 1}}, intent="inform")
    messages, events = run(tracker)
    responses = [m.get("response") for m in messages]
    assert responses[:2] == ["utter_did_not_understand_answer", "utter_explain_date"]
    assert slots_set(events)["failed_attempts"] == {"appointment_date": 2}


def test_a_course_status_without_a_name_answers_the_course_asked_about(tracker_factory):
    messages, events = run(tracker_factory(snapshot="academy_senco_asked_nasenco", entities=[
        {"entity": "course_status", "value": "completed"}, {"entity": "completion_date", "value": "2015-07-01"}]))
    assert slots_set(events)["nasenco_status"] == "completed"
    assert slots_set(events)["nasenco_completion_date"] == "2015-07-01"
    determination = [m["custom"] for m in messages if m.get("custom")][-1]["determination"]
    assert (determination["outcome"], determination["status"]) == ("ALREADY_QUALIFIED", "met")


@pytest.mark.parametrize("fact, kind", [("appointment_date", "date"), ("has_qts", "yes_no"),
                                        ("setting", "choice"), ("prior_senco_months", "months")])
def test_every_question_carries_its_fact_and_the_control_to_draw(fact, kind):
    from actions.conversation import question_payload
    payload = question_payload(fact)
    assert (payload["type"], payload["fact"], payload["kind"]) == ("question", fact, kind)


@pytest.mark.parametrize("requested, text, slot, value", [
    ("setting", "academy_mainstream", "setting", "academy_mainstream"),
    ("setting", "Academy or free school", "setting", "academy_mainstream"),
    ("nasenco.status", "in_progress", "nasenco_status", "in_progress"),
    ("has_qts", "true", "has_qts", True),
    ("prior_senco_months", "0", "prior_senco_months", 0),
])
def test_an_answer_that_is_one_of_the_offered_options_is_taken_as_it_is(tracker_factory, requested, text, slot, value):
    slots = {"nation": "england", "setting": "academy_mainstream", "role": "senco",
             "appointment_date": "2023-09-01", "requested_fact": requested}
    slots.pop(slot, None)
    _, events = run(tracker_factory(slots=slots, intent="nlu_fallback", text=text))
    assert slots_set(events)[slot] == value


def test_an_answer_read_as_off_topic_is_still_taken_as_the_answer(tracker_factory):
    from actions.conversation import ActionOutOfScope
    dispatcher = CollectingDispatcher()
    tracker = tracker_factory(slots={"requested_fact": "nation"}, intent="out_of_scope", text="Cardiff",
                              entities=[{"entity": "nation", "value": "wales"}])
    events = ActionOutOfScope().run(dispatcher, tracker, {})
    assert slots_set(events)["nation"] == "wales"


def test_real_off_topic_talk_gets_the_polite_refusal_and_the_question_again(tracker_factory):
    from actions.conversation import ActionOutOfScope
    dispatcher = CollectingDispatcher()
    tracker = tracker_factory(slots={"requested_fact": "nation"}, intent="out_of_scope", text="tell me a joke")
    ActionOutOfScope().run(dispatcher, tracker, {})
    assert [m.get("response") for m in dispatcher.messages][:2] == ["utter_out_of_scope", "utter_ask_nation"]
