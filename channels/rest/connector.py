"""The REST channel at /webhooks/rest/webhook: Rasa's RestInput (same URL, same request and
response), strict about what it accepts, because it is public.

credentials.yml:

    channels.rest.connector.SencoRestInput:

A request must be a JSON object sent as application/json in UTF-8, with "sender" (a string of 1 to
128 printable characters: one conversation per sender) and "message" (a string). Anything else
gets a 4xx with {"error": "..."} saying what to fix, instead of Rasa's 500s (invalid UTF-8, a
missing message) or its silent pooling of every sender-less request into one "default"
conversation, which would mix strangers' answers. A body over 256 KB gets 413, and JSON nested more
than 32 levels deep 400, before it is parsed. The message itself goes through
channels/guard.py (tidied, length-limited, a friendly reply if the turn fails). "metadata" is
passed on as Rasa does; "input_channel" and streaming are not offered."""

from __future__ import annotations

import json
import re
from itertools import accumulate
from typing import Any, Awaitable, Callable, Dict, Optional, Text, Tuple

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from channels.guard import guarded

SENDER = re.compile(r"^[\w.:@+=-]{1,128}$", re.ASCII)
# Checked before parsing. Python's JSON parser recurses once per level of nesting, so a body of a
# few thousand "[" raised RecursionError (a 500). A request is two or three levels deep, and a
# message is read only up to 2,000 characters (channels/guard.py).
MAX_BODY_BYTES = 256 * 1024
MAX_DEPTH = 32
ESCAPE = re.compile(rb"\\.", re.DOTALL)
STRING = re.compile(rb'"[^"]*"')
NOT_BRACKETS = bytes(sorted(set(range(256)) - set(b"[]{}")))
LEVEL_STEP = [{ord("["): 1, ord("{"): 1, ord("]"): -1, ord("}"): -1}.get(byte, 0) for byte in range(256)]


class BadRequest(Exception):
    def __init__(self, status: int, message: Text) -> None:
        super().__init__(message)
        self.status = status


def nests_deeper_than(body: bytes, limit: int) -> bool:
    """Whether a JSON text nests arrays and objects more than ``limit`` levels deep; brackets inside
    strings do not count. Linear in the length (escapes go first, then whole strings, then all but
    the brackets); of text that is not JSON it says something the parser rejects anyway."""
    if body.count(b"[") + body.count(b"{") <= limit:
        return False
    brackets = STRING.sub(b"", ESCAPE.sub(b"", body)).translate(None, NOT_BRACKETS)
    return max(accumulate(map(LEVEL_STEP.__getitem__, brackets)), default=0) > limit


def read_request(content_type: Optional[Text], body: bytes) -> Tuple[Text, Text, Optional[Dict[Text, Any]]]:
    """(sender, message, metadata) from a request, or BadRequest saying what is wrong with it."""
    media_type = (content_type or "").split(";")[0].strip().lower()
    if media_type != "application/json":
        raise BadRequest(415, "Send the message as JSON, with the header Content-Type: application/json.")
    if len(body) > MAX_BODY_BYTES:
        raise BadRequest(413, f"The request is too large: send at most {MAX_BODY_BYTES // 1024} KB.")
    if nests_deeper_than(body, MAX_DEPTH):
        raise BadRequest(
            400, f'The request nests JSON more than {MAX_DEPTH} levels deep: send {{"sender": "...", "message": "..."}}.'
        )
    try:
        payload = json.loads(body.decode("utf-8"))
    except UnicodeDecodeError:
        raise BadRequest(400, "The request body is not valid UTF-8.") from None
    except ValueError:
        raise BadRequest(400, "The request body is not valid JSON.") from None
    if not isinstance(payload, dict):
        raise BadRequest(400, 'Send a JSON object: {"sender": "...", "message": "..."}.')
    sender, message, metadata = payload.get("sender"), payload.get("message"), payload.get("metadata")
    if not isinstance(sender, str) or not SENDER.match(sender):
        raise BadRequest(400, '"sender" is required: 1 to 128 letters, digits or . _ - : @ + = (one conversation per sender).')
    if message is None:
        raise BadRequest(400, '"message" is required.')
    if not isinstance(message, str):
        raise BadRequest(400, '"message" must be a string.')
    if metadata is not None and not isinstance(metadata, dict):
        raise BadRequest(400, '"metadata", if given, must be a JSON object.')
    return sender, message, metadata


class SencoRestInput(RestInput):
    @classmethod
    def name(cls) -> Text:
        return "rest"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        handle = guarded(on_new_message)
        webhook = Blueprint("senco_rest_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            try:
                sender, text, metadata = read_request(request.headers.get("content-type"), request.body)
            except BadRequest as error:
                return response.json({"error": str(error)}, status=error.status)
            collector = CollectingOutputChannel()
            await handle(UserMessage(text, collector, sender, input_channel=self.name(), metadata=metadata))
            return response.json(collector.messages)

        return webhook
