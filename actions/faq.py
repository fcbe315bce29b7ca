"""Answers the questions people ask around the main one, from data/faq/answers.yml: the version
valid today, its placeholders filled from the rules core's dated parameters, and its sources."""
from __future__ import annotations

import datetime as _dt
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, Text

import yaml
from rasa_sdk import Action

import rules_core
from rules_core.params import SOURCES

from .conversation import ActionCollectFacts, Turn, answers_pending_question
from .kindly import Kindly

ANSWERS_FILE = Path(__file__).resolve().parents[1] / "data" / "faq" / "answers.yml"


@lru_cache(maxsize=1)
def load_answers() -> dict:
    return yaml.safe_load(ANSWERS_FILE.read_text(encoding="utf-8"))


def answer_for(intent: str, today: _dt.date):
    """(text, sources) of the version of ``intent``'s answer valid on ``today``, or None."""
    for version in load_answers().get(intent, []):
        if version["valid_from"] <= today and (version["valid_until"] is None or today <= version["valid_until"]):
            text = " ".join(version["text"].split()).format(**rules_core.npq_calendar(today))
            return text, [SOURCES[source_id] for source_id in version["sources"]]
    return None


class ActionAnswerFaq(Kindly, Action):
    def name(self) -> Text:
        return "action_answer_faq"

    def act(self, dispatcher, tracker, domain: Dict[Text, Any]):
        intent_data = tracker.latest_message.get("intent") or {}
        if intent_data.get("confidence", 1.0) < 0.9 and answers_pending_question(tracker):
            return ActionCollectFacts().act(dispatcher, tracker, domain)
        turn = Turn(tracker, dispatcher)
        intent = intent_data.get("name")
        found = answer_for(intent, turn.today)
        if found is None:
            dispatcher.utter_message(response="utter_default")
        else:
            text, sources = found
            cited = "; ".join(f"{source['short']} ({source['href']})" for source in sources)
            dispatcher.utter_message(text=f"{text}\nSource: {cited}")
            dispatcher.utter_message(json_message={
                "type": "faq", "intent": intent,
                "sources": [{"title": source["short"], "href": source["href"]} for source in sources]})
        return turn.repeat_question()
