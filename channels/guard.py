"""What every channel does around a turn, so that no input and no fault reaches the user as an
error page or silence:

- the message is tidied before NLU: control characters become spaces (a pasted form feed or a
  NUL byte is not words), and a message longer than MAX_MESSAGE_CHARS is answered with a request
  to shorten it rather than read;
- an empty or missing message, and a chat widget's "start" payload such as ``/get_started``, is
  read as a greeting (START): widgets send one when they open, and the greeting then asks the
  first question (or, mid-conversation, the pending one again);
- the turn runs with its output counted. Every intent of ours ends in a bot message, so a turn
  that produced none failed somewhere Rasa only logs: the action server was down (Rasa logs
  "Encountered an exception while running action" and carries on), or the tracker or lock store
  could not be reached. The user then gets TRY_AGAIN, which promises what is true: what they told
  us before is kept (Rasa stored nothing of the failed turn), so they can simply send it again.

Every channel builds its handler with ``guarded`` when Rasa builds the channel, so that is where
the repair to Rasa that every channel's server needs is applied (channels/rasa_compat.py).

Logs name a conversation by a short hash of its sender id, never the id itself or any text."""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass
from typing import Any, Awaitable, Callable, Dict, Optional, Text

from rasa.core.channels.channel import OutputChannel, UserMessage

from actions.kindly import conversation_tag
from channels import rasa_compat
from stores.sql import TrackerStoreUnavailable

logger = logging.getLogger(__name__)

MAX_MESSAGE_CHARS = 2000
TRY_AGAIN = "Sorry, I can't work that out right now. Please try again in a minute: everything you've told me so far is kept."
TOO_LONG = (
    f"That message is too long for me (I read up to {MAX_MESSAGE_CHARS:,} characters). Could you send "
    "the main facts in a sentence or two?"
)
START = "/greet"
# C0 and C1 control characters (tab, newline and carriage return are kept: they separate words),
# the Unicode "format" characters that can hide text (bidirectional overrides), and lone
# surrogates (JSON can carry "\ud800", which no component can encode).
UNPRINTABLE = re.compile("[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
# "/intent" messages are how our buttons answer (/inform{...}); Rasa's own internal intents are not
# for users: /restart, /back and /session_start would reset or rewind the conversation silently.
# Typed, they are read as words instead.
INTERNAL_INTENT = re.compile(r"^/(restart|back|session_start|nlu_fallback)\b")
# What chat widgets send when they open: the initPayload "/get_started" of rasa-webchat's and
# Botfront's documentation, and Telegram's "/start"; with or without entities.
START_PAYLOAD = re.compile(r"^/(get_?started|start)(\{.*\})?$", re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True)
class Tidied:
    text: Text
    refusal: Optional[Text] = None  # a reply instead of reading the message


def tidy(text: Any) -> Tidied:
    if not isinstance(text, str):
        return Tidied(START)
    text = unicodedata.normalize("NFC", UNPRINTABLE.sub(" ", text)).strip()
    if not text or START_PAYLOAD.match(text):
        return Tidied(START)
    text = INTERNAL_INTENT.sub(lambda match: match.group(1).replace("_", " "), text)
    if len(text) > MAX_MESSAGE_CHARS:
        return Tidied("", TOO_LONG)
    return Tidied(text)


class CountingOutput(OutputChannel):
    """Passes every response on to the real output channel and counts them."""

    def __init__(self, inner: OutputChannel) -> None:
        self.inner = inner
        self.sent = 0

    @classmethod
    def name(cls) -> Text:  # type: ignore[override]
        return "counting"

    def __getattr__(self, attribute: Text) -> Any:
        return getattr(self.inner, attribute)

    async def send_response(self, recipient_id: Text, message: Dict[Text, Any]) -> None:
        self.sent += 1
        await self.inner.send_response(recipient_id, message)


Handler = Callable[[UserMessage], Awaitable[Any]]


def guarded(on_new_message: Handler) -> Handler:
    """``on_new_message`` with the tidying, the counting and the friendly failure reply."""
    rasa_compat.repair_action_response_validation()

    async def handle(message: UserMessage) -> None:
        output = message.output_channel
        tidied = tidy(message.text)
        if tidied.refusal:
            await output.send_response(message.sender_id, {"text": tidied.refusal})
            return
        message.text = tidied.text
        counting = CountingOutput(output)
        message.output_channel = counting
        try:
            await on_new_message(message)
        except Exception as error:
            logger.error(
                "conversation %s: the turn failed (%s)",
                conversation_tag(message.sender_id),
                type(error).__name__,
                exc_info=not isinstance(error, TrackerStoreUnavailable),
            )
        else:
            if counting.sent:
                return
            logger.error(
                "conversation %s: the turn produced no reply (action server or store down?)", conversation_tag(message.sender_id)
            )
        await output.send_response(message.sender_id, {"text": TRY_AGAIN})

    return handle
