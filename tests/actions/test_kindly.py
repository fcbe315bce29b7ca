"""A bug under an action (here: the rules core failing) is logged with its traceback and answered
with an apology and an offer to go on; the action changes no fact, so what the user said before
is kept."""

import logging

from rasa_sdk.executor import CollectingDispatcher

import rules_core
from actions.turn import ActionTurn


def broken_rules_core(*args, **kwargs):
    raise KeyError("duty.deadline_months")  # e.g. a parameter file with a missing entry


def test_a_rules_core_failure_is_logged_and_answered_kindly(tracker_factory, monkeypatch, caplog):
    monkeypatch.setattr(rules_core, "determine", broken_rules_core)
    tracker = tracker_factory(
        entities=[{"entity": "setting", "value": "academy_mainstream"}],
        slots={"nation": "england", "requested_fact": "setting"},
        text="It's a primary academy in Leeds",
    )
    dispatcher = CollectingDispatcher()
    with caplog.at_level(logging.ERROR):
        events = ActionTurn().run(dispatcher, tracker, {})
    assert [m.get("response") for m in dispatcher.messages if m.get("response")] == ["utter_something_went_wrong"]
    assert [m["custom"] for m in dispatcher.messages if m.get("custom")] == [{"type": "offer", "offer": "resume"}]
    # No fact and no question changed: "England" and the pending question survive.
    assert [e["name"] for e in events] == ["offer"]
    record = next(r for r in caplog.records if r.levelno == logging.ERROR)
    assert record.exc_info and record.exc_info[0] is KeyError  # the traceback is in the log
    assert "Leeds" not in caplog.text and "test-user" not in caplog.text  # a tag, not the user's words or id


def test_every_kind_of_turn_has_the_safety_net(tracker_factory, monkeypatch):
    monkeypatch.setattr(rules_core, "determine", broken_rules_core)
    for intent in ("why_answer", "faq_npq_duration_workload", "show_answers", "what_if"):
        dispatcher = CollectingDispatcher()
        tracker = tracker_factory(intent=intent, slots={"nation": "england"}, text="why?")
        assert [e["name"] for e in ActionTurn().run(dispatcher, tracker, {})] == ["offer"]
        assert [m.get("response") for m in dispatcher.messages if m.get("response")] == ["utter_something_went_wrong"]


def test_without_a_failure_the_net_changes_nothing(tracker_factory):
    dispatcher = CollectingDispatcher()
    events = ActionTurn().run(
        dispatcher,
        tracker_factory(entities=[{"entity": "nation", "value": "england"}], slots={"requested_fact": "nation"}, text="England"),
        {},
    )
    assert "utter_something_went_wrong" not in [m.get("response") for m in dispatcher.messages]
    assert events


def test_only_changes_drops_slot_sets_that_change_nothing(tracker_factory):
    from rasa_sdk.events import AllSlotsReset, SlotSet

    from actions.kindly import only_changes

    tracker = tracker_factory(slots={"nation": "england", "requested_fact": "setting", "deferred": []})
    events = [
        SlotSet("nation", "england"),
        SlotSet("requested_fact", "role"),
        SlotSet("deferred", []),
        SlotSet("requested_fact", "role"),
        AllSlotsReset(),
        SlotSet("requested_fact", "nation"),
    ]
    assert only_changes(events, tracker) == [
        SlotSet("requested_fact", "role"),
        AllSlotsReset(),
        SlotSet("requested_fact", "nation"),
    ]


def test_a_side_question_mid_check_changes_only_what_changed(tracker_factory):
    tracker = tracker_factory(
        intent="faq_npq_duration_workload",
        text="how long does it take?",
        slots={
            "nation": "england",
            "requested_fact": "setting",
            "asked_times": 1,
            "question_variant": "first",
            "asks": {"setting": 1},
            "offer": None,
        },
    )
    dispatcher = CollectingDispatcher()
    events = ActionTurn().run(dispatcher, tracker, {})
    assert [m.get("response") for m in dispatcher.messages if m.get("response")][-1] == "utter_ask_setting"
    # Only the counts move: the pending question, its form and the facts are as they were.
    assert {e["name"] for e in events if e.get("event") == "slot"} == {"asked_times", "asks"}
