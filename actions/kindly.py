"""What every action of ours does around its own work:

- the safety net: a bug (in the rules core or here) is logged with its traceback and answered
  with an apology and an offer to go on, not turned into a failed turn. The action then changes
  no fact, so the facts the user gave before are all kept and they can simply try again;
- only changes are sent back: a SlotSet that would set a slot to the value it already has is
  dropped. Rasa stores, reads back and replays every event of a session on every message, so
  events that change nothing (the pending question asked again, an unchanged failure count) cost
  time on every later message of the conversation.

Logs name a conversation by ``conversation_tag``, never by its sender id or any text."""

from __future__ import annotations

import hashlib
import logging
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

logger = logging.getLogger(__name__)


def conversation_tag(sender_id: Optional[Text]) -> Text:
    """A short, stable tag for logs: enough to follow one conversation, not to identify anyone."""
    return hashlib.sha256((sender_id or "").encode("utf-8", "replace")).hexdigest()[:10]


class Kindly:
    """Mixin for our actions, which implement ``act`` instead of ``run``. Not an Action itself:
    the SDK registers every Action subclass, and this one has no name."""

    def act(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List:
        raise NotImplementedError

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List:
        try:
            return only_changes(self.act(dispatcher, tracker, domain), tracker)
        except Exception:
            name = getattr(self, "name", lambda: type(self).__name__)()  # the Action's name, from the SDK
            logger.exception("%s failed in conversation %s", name, conversation_tag(tracker.sender_id))
            dispatcher.messages.clear()
            dispatcher.utter_message(response="utter_something_went_wrong")
            # Still a next step (CONTRACTS.md section 3): taking it up asks the pending question again.
            dispatcher.utter_message(json_message={"type": "offer", "offer": "resume"})
            return [SlotSet("offer", "resume")]


def only_changes(events: List[Dict[Text, Any]], tracker: Tracker) -> List[Dict[Text, Any]]:
    """``events`` without the SlotSets that set a slot to the value it has at that point."""
    current = dict(tracker.slots)
    kept = []
    for event in events:
        kind = event.get("event")
        if kind == "slot":
            if event["name"] in current and current[event["name"]] == event.get("value"):
                continue
            current[event["name"]] = event.get("value")
        elif kind in ("reset_slots", "restart", "session_started"):
            current = {}  # after a reset, every value set is a change
        kept.append(event)
    return kept
