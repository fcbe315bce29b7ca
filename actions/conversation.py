"""The actions that hold the conversation. They are thin: they turn slots into facts, ask the
rules core for the determination, and either ask the first fact it still needs or give its answer.
Every decision about the law is the rules core's; every sentence is in domain.yml or wording.yaml.
"""
from __future__ import annotations

import logging
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import AllSlotsReset, SlotSet
from rasa_sdk.executor import CollectingDispatcher

import rules_core
from components.dates import default_today

from .facts import (BOOL_FACTS, DATE_FACTS, FACT_KEYS, LABELS, describe, describe_value, known_facts, slot_of,
                    to_rules_core)
from .interpret import read
from .kindly import Kindly
from .validate import validate

logger = logging.getLogger(__name__)

CHOICES = {fact: list(values) for fact, values in LABELS["values"].items()}


def question_payload(fact: str) -> dict:
    """The CONTRACTS.md section 3 question payload, with what a channel needs to draw a control."""
    payload = {"type": "question", "fact": fact}
    if fact in DATE_FACTS:
        payload["kind"] = "date"
    elif fact in BOOL_FACTS:
        payload["kind"] = "yes_no"
        payload["options"] = [{"value": True, "label": "Yes"}, {"value": False, "label": "No"}]
    elif fact == "prior_senco_months":
        payload["kind"] = "months"
    else:
        payload["kind"] = "choice"
        payload["options"] = [{"value": value, "label": describe_value(fact, value)} for value in CHOICES[fact]]
    return payload


class Turn:
    """What one action needs from the tracker: the facts so far, today, and how to answer."""

    def __init__(self, tracker: Tracker, dispatcher: CollectingDispatcher):
        self.tracker = tracker
        self.dispatcher = dispatcher
        self.today = default_today()
        self.facts = known_facts(tracker.current_slot_values())
        self.requested = tracker.get_slot("requested_fact")

    def determine(self, facts: dict | None = None) -> dict:
        return rules_core.determine(to_rules_core(self.facts if facts is None else facts), self.today)

    def ask(self, fact: str) -> List[Dict[Text, Any]]:
        response = f"utter_ask_{slot_of(fact)}"
        if fact == "appointment_date" and self.facts.get("role") == "aspiring":
            response = "utter_ask_appointment_date_aspiring"
        self.dispatcher.utter_message(response=response)
        self.dispatcher.utter_message(json_message=question_payload(fact))
        return [SlotSet("requested_fact", fact)]

    def answer(self, determination: dict, hypothetical: bool = False) -> None:
        self.dispatcher.utter_message(text=rules_core.summary(determination))
        payload = {"type": "determination", "determination": determination}
        if hypothetical:
            payload["hypothetical"] = True
        self.dispatcher.utter_message(json_message=payload)

    def next_move(self, determination: dict | None = None) -> List[Dict[Text, Any]]:
        """Ask the first fact the rules core still needs, or give the answer."""
        determination = determination or self.determine()
        if determination["complete"]:
            self.answer(determination)
            return [SlotSet("requested_fact", None)]
        return self.ask(determination["missing"][0])

    def repeat_question(self) -> List[Dict[Text, Any]]:
        """After a side question: ask again what was pending, if anything."""
        if self.requested and self.requested not in self.facts:
            return self.ask(self.requested)
        if self.facts and not self.determine()["complete"]:
            return self.next_move()
        return []


class ActionCollectFacts(Kindly, Action):
    """Takes the facts from the latest message, checks them, keeps the good ones, and moves on."""

    def name(self) -> Text:
        return "action_collect_facts"

    def act(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]):
        turn = Turn(tracker, dispatcher)
        last_fact = tracker.get_slot("last_fact")
        reading = read(tracker.latest_message, turn.requested, turn.facts, last_fact, turn.today)
        failures = dict(tracker.get_slot("failed_attempts") or {})
        intent = (tracker.latest_message.get("intent") or {}).get("name")

        if reading.dont_know and turn.requested:
            dispatcher.utter_message(response=f"utter_dont_know_{slot_of(turn.requested)}")
            return turn.ask(turn.requested)
        if not reading.updates:
            if reading.change_target:
                return turn.ask(reading.change_target)
            if intent == "change_answer":
                return ActionShowAnswers.show(turn, "utter_which_to_change")
            if turn.requested:
                failures[turn.requested] = failures.get(turn.requested, 0) + 1
                dispatcher.utter_message(response="utter_did_not_understand_answer")
                if failures[turn.requested] >= 2:
                    help_response = ("utter_explain_date" if turn.requested in DATE_FACTS
                                     else f"utter_dont_know_{slot_of(turn.requested)}")
                    dispatcher.utter_message(response=help_response)
                return turn.ask(turn.requested) + [SlotSet("failed_attempts", failures)]
            if turn.facts and turn.determine()["complete"]:
                dispatcher.utter_message(response="utter_anything_else")
                return []
            return turn.next_move()

        before = dict(turn.facts)
        events, noted, changed, problem_facts = [], [], [], []
        order = {fact: index for index, fact in enumerate(FACT_KEYS)}
        for fact in sorted(reading.updates, key=order.__getitem__):
            checked = validate(fact, reading.updates[fact], turn.facts, turn.today)
            if checked.problem:
                dispatcher.utter_message(response=checked.problem.response, **checked.problem.values)
                problem_facts.append(fact)
                continue
            settled = {fact: checked.value, **(checked.also or {})}
            for key, value in settled.items():
                if before.get(key) is None:
                    noted.append(key)
                elif before[key] != value:
                    changed.append(key)
                turn.facts[key] = value
        try:
            determination = turn.determine()
        except rules_core.FactsError as error:
            # The checks above should make this impossible; keep what was known before the message.
            logger.warning("rules core refused facts: %s", ", ".join(sorted({e["field"] for e in error.errors})))
            turn.facts = before
            dispatcher.utter_message(response="utter_did_not_understand_answer")
            return turn.ask(turn.requested) if turn.requested else []

        for fact in noted + changed:
            events.append(SlotSet(slot_of(fact), turn.facts[fact]))
            failures.pop(fact, None)
        if noted + changed:
            events.append(SlotSet("last_fact", (noted + changed)[-1]))
        events.append(SlotSet("failed_attempts", failures))
        if changed:
            dispatcher.utter_message(response="utter_changed", changed="; ".join(
                f"{describe(fact, turn.facts[fact])} (was {describe_value(fact, before[fact])})" for fact in changed))
        extra = [fact for fact in noted if fact != turn.requested]
        if extra:
            dispatcher.utter_message(response="utter_noted",
                                     noted="; ".join(describe(fact, turn.facts[fact]) for fact in noted))
        if turn.requested in problem_facts and turn.requested not in turn.facts:
            return events + turn.ask(turn.requested)
        return events + turn.next_move(determination)


def answers_pending_question(tracker: Tracker) -> bool:
    """Whether the latest message, whatever intent it was given, answers the question asked
    ("academy_mainstream", "Wales", "September 2023"): then it is an answer, not small talk."""
    requested = tracker.get_slot("requested_fact")
    if not requested:
        return False
    reading = read(tracker.latest_message, requested, known_facts(tracker.current_slot_values()),
                   tracker.get_slot("last_fact"), default_today())
    return requested in reading.updates


class ActionGreet(Kindly, Action):
    def name(self) -> Text:
        return "action_greet"

    def act(self, dispatcher, tracker, domain):
        turn = Turn(tracker, dispatcher)
        dispatcher.utter_message(response="utter_greet")
        return turn.repeat_question() or turn.next_move()


class ActionRepeatQuestion(Kindly, Action):
    """After a side question or small talk, goes back to the question that was pending."""

    def name(self) -> Text:
        return "action_repeat_question"

    def act(self, dispatcher, tracker, domain):
        return Turn(tracker, dispatcher).repeat_question()


class _AnswerOrReply(Kindly):
    """Takes the message as the answer when it answers the pending question; otherwise says
    ``reply`` and asks the pending question again. A mixin, not an Action: the SDK registers every
    Action subclass, and this one has no name."""

    reply = ""

    def act(self, dispatcher, tracker, domain):
        if answers_pending_question(tracker):
            return ActionCollectFacts().act(dispatcher, tracker, domain)
        dispatcher.utter_message(response=self.reply)
        return Turn(tracker, dispatcher).repeat_question()


class ActionDefaultFallback(_AnswerOrReply, Action):
    reply = "utter_default"

    def name(self) -> Text:
        return "action_default_fallback"


class ActionOutOfScope(_AnswerOrReply, Action):
    """Off-topic, unless it answers the question asked (a bare "Cardiff" can look off-topic)."""

    reply = "utter_out_of_scope"

    def name(self) -> Text:
        return "action_out_of_scope"


class ActionStartAgain(Kindly, Action):
    def name(self) -> Text:
        return "action_start_again"

    def act(self, dispatcher, tracker, domain):
        dispatcher.utter_message(response="utter_start_again")
        turn = Turn(tracker, dispatcher)
        turn.facts = {}
        return [AllSlotsReset()] + turn.next_move()


class ActionShowAnswers(Kindly, Action):
    """"What have I told you?": every answer so far, each with a button to change it."""

    def name(self) -> Text:
        return "action_show_answers"

    @staticmethod
    def show(turn: Turn, response: str) -> List[Dict[Text, Any]]:
        if not turn.facts:
            turn.dispatcher.utter_message(response="utter_nothing_told")
            return turn.next_move()
        lines = [f"- {describe(fact, value)}" for fact, value in turn.facts.items()]
        buttons = [{"title": f"Change: {LABELS['facts'][fact]}",
                    "payload": '/change_answer{"fact_name": "%s"}' % fact} for fact in turn.facts]
        turn.dispatcher.utter_message(response=response)
        turn.dispatcher.utter_message(text="\n".join(lines), buttons=buttons)
        turn.dispatcher.utter_message(json_message={"type": "answers", "facts": turn.facts})
        return []

    def act(self, dispatcher, tracker, domain):
        turn = Turn(tracker, dispatcher)
        events = self.show(turn, "utter_answers_so_far")
        return events + (turn.repeat_question() if turn.facts else [])


class ActionWhyAsk(Kindly, Action):
    """"Why do you ask?": what the pending question decides."""

    def name(self) -> Text:
        return "action_why_ask"

    def act(self, dispatcher, tracker, domain):
        turn = Turn(tracker, dispatcher)
        if turn.requested:
            dispatcher.utter_message(response=f"utter_why_{slot_of(turn.requested)}")
            return turn.ask(turn.requested)
        dispatcher.utter_message(response="utter_why_generic")
        return []


class ActionExplainWhy(Kindly, Action):
    """"Why?": every reason behind the answer, with its source."""

    def name(self) -> Text:
        return "action_explain_why"

    def act(self, dispatcher, tracker, domain):
        turn = Turn(tracker, dispatcher)
        determination = turn.determine()
        lines = [f"- {reason['text']} (Source: {reason['source']}, {reason['href']})"
                 for reason in determination["reasons"]]
        if determination["complete"]:
            dispatcher.utter_message(text="\n".join([rules_core.render.headline(determination)] + lines))
            dispatcher.utter_message(json_message={"type": "reasons", "reasons": determination["reasons"]})
            return []
        if lines:
            dispatcher.utter_message(text="\n".join(lines))
        dispatcher.utter_message(response="utter_why_generic")
        return turn.repeat_question()


class ActionWhatIf(Kindly, Action):
    """"What if I start the NPQ in November 2027?": the answer with those facts changed, without
    touching the real ones."""

    def name(self) -> Text:
        return "action_what_if"

    def act(self, dispatcher, tracker, domain):
        turn = Turn(tracker, dispatcher)
        reading = read(tracker.latest_message, None, turn.facts, tracker.get_slot("last_fact"), turn.today)
        if not reading.updates:
            dispatcher.utter_message(response="utter_what_if_help")
            return []
        supposed = dict(turn.facts)
        order = {fact: index for index, fact in enumerate(FACT_KEYS)}
        for fact in sorted(reading.updates, key=order.__getitem__):
            checked = validate(fact, reading.updates[fact], supposed, turn.today)
            if checked.problem:
                dispatcher.utter_message(response=checked.problem.response, **checked.problem.values)
                return []
            supposed[fact] = checked.value
            supposed.update(checked.also or {})
        # A future appointment in a what-if means "if I became SENCO then".
        if supposed.get("role") == "senco" and supposed.get("appointment_date", "") > turn.today.isoformat():
            supposed["role"] = "aspiring"
        determination = turn.determine(supposed)
        dispatcher.utter_message(response="utter_what_if_intro", changes="; ".join(
            describe(fact, supposed[fact]) for fact in reading.updates if fact in supposed))
        if determination["complete"]:
            turn.answer(determination, hypothetical=True)
        else:
            dispatcher.utter_message(response="utter_what_if_incomplete")
        return []
