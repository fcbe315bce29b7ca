"""The socket.io channel: Rasa's, with each turn run through channels/guard.py like the others,
and our custom payloads sent as {"custom": {...}} (the shape REST gives them).

Two repairs to Rasa 3.6's channel, which the socket.io test (tests/e2e/test_socketio.py) found:
- SocketIOOutput.send_custom_json passes the payload to ``emit`` as keyword arguments, which only
  works for payloads shaped like emit's own arguments: our question payload ({"type": ...}) made
  it raise, and the whole turn failed;
- with session_persistence, its session_request handler calls ``sio.enter_room`` without
  awaiting it, which python-socketio 5.10+ (we have 5.18) made a coroutine: the client never
  joined its session's room, so every reply went to nobody. Ours awaits it.

credentials.yml:

    channels.socketio.SencoSocketIOInput:
      user_message_evt: user_uttered
      bot_message_evt: bot_uttered
      session_persistence: true
"""
import inspect
import uuid
from typing import Any, Awaitable, Callable, Dict, Optional, Text

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.socketio import SocketIOInput, SocketIOOutput
from sanic import Blueprint

from channels.guard import guarded


class SencoSocketIOOutput(SocketIOOutput):
    async def send_custom_json(self, recipient_id: Text, json_message: Dict[Text, Any], **kwargs: Any) -> None:
        await self._send_message(recipient_id, {"custom": json_message})


class SencoSocketIOInput(SocketIOInput):
    @classmethod
    def name(cls) -> Text:
        return "socketio"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        handle = guarded(on_new_message)

        async def with_our_output(message: UserMessage) -> None:
            rasa_output = message.output_channel
            message.output_channel = SencoSocketIOOutput(rasa_output.sio, rasa_output.bot_message_evt)
            await handle(message)

        blueprint = super().blueprint(with_our_output)

        async def session_request(sid: Text, data: Optional[Dict[Text, Any]]) -> None:
            session_id = (data or {}).get("session_id") or uuid.uuid4().hex
            if self.session_persistence:
                joined = self.sio.enter_room(sid, session_id, namespace=self.namespace)
                if inspect.isawaitable(joined):
                    await joined
            await self.sio.emit("session_confirm", session_id, room=sid, namespace=self.namespace)

        self.sio.on("session_request", session_request, namespace=self.namespace)
        return blueprint
