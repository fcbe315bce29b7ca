"""The socket.io channel: Rasa's, with each turn run through channels/guard.py like the others, our
custom payloads only for the clients that ask for them, and browsers only from CORS_ORIGINS.

Payloads on request. The chat widgets training providers already run show text and buttons:
rasa-webchat drops a ``custom`` message, Rasa's <rasa-chatbot-widget> shows an error for each
("Message type not implemented"). So a connection gets our payloads ({"custom": {...}}, the shape
REST gives them) only when its ``session_request`` asks for them by type:

    socket.emit("session_request", {session_id: "...", customData: {payloads: ["question", "determination"]}})

The request is remembered as socket.io rooms of the connection ("payloads/<type>/<session>"), so it
lasts as long as the connection, on the Rasa instance that holds it: the one that handles the
messages sent over it and emits the replies. Clients send ``session_request`` on every (re)connect,
to whichever instance, so the opt-in is stated again each time; nothing is stored with the
conversation, and two tabs in one session each get what they asked for.

Origins. Rasa's server leaves socket.io's own origin check off (``cors_allowed_origins=[]``) and
relies on the CORS headers of ``--cors``, which browsers apply to HTTP polling only, never to
WebSocket: any site could use it over WebSocket. Ours refuses, with 403,
every socket.io request whose Origin header is neither the server's own nor matched by
CORS_ORIGINS (space-separated, exact origins or regular expressions, matched as sanic-cors matches
``--cors``: scripts/run.sh passes the same variable to both). Requests without an Origin (programs,
not browsers) pass, as they do on REST.

Two repairs to Rasa 3.6's channel, which the socket.io test (tests/e2e/test_socketio.py) found:
- SocketIOOutput.send_custom_json passes the payload to ``emit`` as keyword arguments, which only
  works for payloads shaped like emit's own arguments: our question payload ({"type": ...}) made
  it raise, and the whole turn failed;
- with session_persistence, its session_request handler calls ``sio.enter_room`` without
  awaiting it, which python-socketio 5.10+ (we have 5.18) made a coroutine: the client never
  joined its session's room, so every reply went to nobody. Ours awaits it. It takes the place of
  Rasa's through channels/rasa_compat.py, which checks that Rasa still registers one to replace.

credentials.yml:

    channels.socketio.SencoSocketIOInput:
      user_message_evt: user_uttered
      bot_message_evt: bot_uttered
      session_persistence: true
"""

from __future__ import annotations

import inspect
import logging
import os
import uuid
from typing import Any, Awaitable, Callable, Dict, Iterable, List, Optional, Text
from urllib.parse import urlsplit

from rasa.core.channels.channel import OutputChannel, UserMessage
from rasa.core.channels.socketio import SocketIOInput, SocketIOOutput
from sanic import Blueprint, response
from sanic.request import Request
from sanic_cors.core import re_fix, try_match_any

from channels import rasa_compat
from channels.guard import guarded

logger = logging.getLogger(__name__)

PAYLOAD_ROOM_PREFIX = "payloads/"
MAX_PAYLOAD_TYPES = 20  # far more than we send; a bound on the rooms one request can create


def payload_room(payload_type: Any, session: Text) -> Text:
    return f"{PAYLOAD_ROOM_PREFIX}{payload_type}/{session}"


def requested_payload_types(data: Dict[Text, Any]) -> List[Text]:
    """The payload types a session_request asks for: ``customData.payloads``, a list of names."""
    custom = data.get("customData")
    wanted = custom.get("payloads") if isinstance(custom, dict) else None
    if not isinstance(wanted, list):
        return []
    names = [name for name in wanted if isinstance(name, str) and 0 < len(name) <= 64]
    return list(dict.fromkeys(names))[:MAX_PAYLOAD_TYPES]


class AllowedOrigins:
    """Which browser origins may use the channel: CORS_ORIGINS, as ``--cors`` reads it."""

    def __init__(self, patterns: Iterable[Text]) -> None:
        self.patterns = [re_fix(pattern) for pattern in patterns]
        self.refused: set = set()  # origins already logged

    @classmethod
    def from_environment(cls) -> "AllowedOrigins":
        return cls(os.environ.get("CORS_ORIGINS", "").split())

    def allow(self, origin: Text, host: Optional[Text]) -> bool:
        if urlsplit(origin).netloc == (host or ""):
            return True  # the server's own pages (a proxy serving page and /socket.io together)
        return bool(self.patterns) and try_match_any(origin, self.patterns)

    def note_refused(self, origin: Text) -> None:
        if origin not in self.refused and len(self.refused) < 100:
            self.refused.add(origin)
            logger.warning("socket.io: refused a browser on %s, which is not in CORS_ORIGINS", origin[:200])


class SencoSocketIOOutput(SocketIOOutput):
    def __init__(self, sio: Any, bot_message_evt: Text, namespace: Optional[Text] = None) -> None:
        super().__init__(sio, bot_message_evt)
        self.namespace = namespace

    async def send_custom_json(self, recipient_id: Text, json_message: Dict[Text, Any], **kwargs: Any) -> None:
        # only to the connections in this session that asked for this type of payload
        await self.sio.emit(
            self.bot_message_evt,
            {"custom": json_message},
            room=payload_room(json_message.get("type"), recipient_id),
            namespace=self.namespace,
        )


class SencoSocketIOInput(SocketIOInput):
    @classmethod
    def name(cls) -> Text:
        return "socketio"

    def get_output_channel(self) -> Optional[OutputChannel]:
        if self.sio is None:
            return super().get_output_channel()  # Rasa's warning about multiple instances
        return SencoSocketIOOutput(self.sio, self.bot_message_evt, self.namespace)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        handle = guarded(on_new_message)

        async def with_our_output(message: UserMessage) -> None:
            rasa_output = message.output_channel
            message.output_channel = SencoSocketIOOutput(rasa_output.sio, rasa_output.bot_message_evt, self.namespace)
            await handle(message)

        blueprint = super().blueprint(with_our_output)
        sio = self.sio

        async def session_request(sid: Text, data: Optional[Dict[Text, Any]]) -> None:
            data = data if isinstance(data, dict) else {}
            session_id = data.get("session_id") or uuid.uuid4().hex
            session = session_id if self.session_persistence else sid
            wanted = {payload_room(kind, session) for kind in requested_payload_types(data)}
            if self.session_persistence:
                wanted.add(session_id)
            # one connection, one session and one set of payloads: a repeated request replaces them
            for room in set(sio.rooms(sid, namespace=self.namespace)) - wanted - {sid}:
                await awaited(sio.leave_room(sid, room, namespace=self.namespace))
            for room in wanted:
                await awaited(sio.enter_room(sid, room, namespace=self.namespace))
            await sio.emit("session_confirm", session_id, room=sid, namespace=self.namespace)

        rasa_compat.replace_socketio_session_request(self, session_request)
        self.check_origins(sio.eio, AllowedOrigins.from_environment())
        return blueprint

    @staticmethod
    def check_origins(engineio_server: Any, origins: AllowedOrigins) -> None:
        """Puts the origin check in front of Engine.IO's request handler: Rasa's SocketBlueprint
        routes /socket.io/ to ``handle_request`` when the blueprint is registered, after this."""
        serve = engineio_server.handle_request

        async def handle_request(request: Request, *args: Any, **kwargs: Any) -> Any:
            origin = request.headers.get("origin")
            if origin and not origins.allow(origin, request.headers.get("host")):
                origins.note_refused(origin)
                return response.text("This site's origin is not in the server's CORS_ORIGINS.", status=403)
            return await serve(request, *args, **kwargs)

        engineio_server.handle_request = handle_request


async def awaited(result: Any) -> None:
    """Awaits ``enter_room``/``leave_room`` where python-socketio made them coroutines (5.10+)."""
    if inspect.isawaitable(result):
        await result
