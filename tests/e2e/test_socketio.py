"""The socket.io channel (credentials.yml: channels.socketio.SencoSocketIOInput), held as socket.io
clients would: the same conversation as REST, the same guard around each turn, our payloads only
for a connection that asks for them, and browsers only from the allowed origins."""

import asyncio
import uuid

import pytest
import socketio
import websockets

from tests.coroutines import run_coroutine

pytestmark = pytest.mark.slow

GREETING = "Hello! I can tell you whether you need the NASENCO"
NATION_QUESTION = "Is your school in England, Wales, Scotland or Northern Ireland?"
SETTING_QUESTION = "What kind of school or setting is it?"
BOTH = ["question", "determination"]


class Client:
    """One socket.io connection: what the bot sent it, in order."""

    def __init__(self, url):
        self.url = url
        self.sio = socketio.AsyncClient()
        self.received = asyncio.Queue()
        self.seen = []
        self.sio.on("bot_uttered", self.received.put_nowait)

    async def connect(self, session_id, payloads=None, headers=None):
        # polling: the client's WebSocket transport needs a newer aiohttp than Rasa 3.6 allows
        await self.sio.connect(self.url, socketio_path="/socket.io", transports=["polling"], headers=headers or {})
        request = {"session_id": session_id}
        if payloads is not None:
            request["customData"] = {"payloads": payloads}
        confirmed = asyncio.get_running_loop().create_future()
        self.sio.on("session_confirm", lambda sid: confirmed.done() or confirmed.set_result(sid))
        await self.sio.emit("session_request", request)
        assert await asyncio.wait_for(confirmed, 30) == session_id
        self.session_id = session_id

    async def say(self, data):
        await self.sio.emit("user_uttered", dict(data, session_id=self.session_id))

    async def until(self, done, timeout=60):
        """Reads what the bot sends up to and including the first message for which done() holds."""
        start = len(self.seen)
        while True:
            self.seen.append(await asyncio.wait_for(self.received.get(), timeout))
            if done(self.seen[-1]):
                return self.seen[start:]

    async def close(self):
        """Disconnects without waiting for the long poll in flight to run out (about 30 s): the
        server is told at once, and the poll is dropped with the loop."""
        try:
            await asyncio.wait_for(self.sio.disconnect(), 2)
        except asyncio.TimeoutError:
            if self.sio.eio.http is not None:
                await self.sio.eio.http.close()

    def customs(self):
        return [message["custom"] for message in self.seen if "custom" in message]

    def texts(self):
        return [message["text"] for message in self.seen if "text" in message]


def text_is(start):
    return lambda message: message.get("text", "").startswith(start)


def custom_is(kind):
    return lambda message: message.get("custom", {}).get("type") == kind


async def opted_in_and_plain_clients_in_one_session(url):
    session_id = uuid.uuid4().hex
    ours, plain = Client(url), Client(url)
    await ours.connect(session_id, payloads=BOTH)
    await plain.connect(session_id)  # as rasa-webchat asks: no payloads
    try:
        await ours.say({"message": "hi"})
        await ours.until(custom_is("question"))
        await plain.until(text_is(NATION_QUESTION))
        await ours.say({"message": "Wales"})  # one question, then the answer
        await ours.until(custom_is("determination"))
        await ours.say({"message": "what have I told you?"})  # text, and an "answers" payload not asked for
        await ours.until(text_is("Here is what"))
        # A last turn from the plain client: each connection gets its messages in the order they
        # were sent, so anything sent to either before this greeting has arrived by the time it does.
        await plain.say({"message": "hello"})
        for client in (ours, plain):
            await client.until(text_is(GREETING))
    finally:
        for client in (ours, plain):
            await client.close()
    return ours, plain


def test_payloads_go_only_to_the_connection_that_asked_for_them(servers):
    ours, plain = run_coroutine(opted_in_and_plain_clients_in_one_session(f"http://127.0.0.1:{servers.rasa_port}"))
    assert plain.customs() == []
    assert [custom["type"] for custom in ours.customs()] == ["question", "determination"]  # not "answers"
    assert ours.customs()[0]["fact"] == "nation" and ours.customs()[1]["determination"]["outcome"] == "OUT_OF_SCOPE"
    assert ours.texts() == plain.texts()  # the same conversation in words
    # the question's buttons reach every client, as socket.io quick replies
    nation = next(message for message in plain.seen if message.get("text") == NATION_QUESTION)
    assert [reply["title"] for reply in nation["quick_replies"]] == ["England", "Wales", "Scotland", "Northern Ireland"]


async def opening_messages(url, first):
    client = Client(url)
    await client.connect(uuid.uuid4().hex, payloads=BOTH)
    try:
        await client.say(first)
        return await client.until(custom_is("question"))
    finally:
        await client.close()


@pytest.mark.parametrize(
    "first",
    [
        {},  # rasa-webchat without an initPayload: no "message" at all
        {"message": None},
        {"message": ""},
        {"message": "   "},
        {"message": "/get_started"},  # the initPayload of rasa-webchat's documentation
    ],
)
def test_a_widget_opening_the_conversation_gets_the_greeting_and_the_first_question(servers, first):
    sent = run_coroutine(opening_messages(f"http://127.0.0.1:{servers.rasa_port}", first))
    assert sent[0]["text"].startswith(GREETING)
    assert sent[-2]["text"] == NATION_QUESTION
    assert sent[-1]["custom"]["fact"] == "nation"


async def empty_message_mid_conversation(url):
    client = Client(url)
    await client.connect(uuid.uuid4().hex, payloads=BOTH)
    try:
        await client.say({"message": "hello"})
        await client.until(custom_is("question"))
        await client.say({"message": "England"})
        await client.until(custom_is("question"))
        await client.say({"message": "  "})
        return await client.until(custom_is("question"))
    finally:
        await client.close()


def test_an_empty_message_mid_conversation_repeats_the_pending_question(servers):
    sent = run_coroutine(empty_message_mid_conversation(f"http://127.0.0.1:{servers.rasa_port}"))
    assert sent[0]["text"].startswith(GREETING)
    assert sent[-2]["text"] == SETTING_QUESTION and sent[-1]["custom"]["fact"] == "setting"


async def connects_by_polling(url, origin):
    client = Client(url)
    try:
        await client.connect(uuid.uuid4().hex, headers={"Origin": origin})
    except socketio.exceptions.ConnectionError:
        return False
    await client.close()
    return True


async def opens_websocket(url, origin):
    """Opens an Engine.IO WebSocket as a browser would (browsers apply no CORS to WebSockets)."""
    try:
        async with websockets.connect(
            url.replace("http", "ws") + "/socket.io/?EIO=4&transport=websocket", origin=origin, open_timeout=30
        ) as socket:
            return (await asyncio.wait_for(socket.recv(), 30)).startswith("0{")  # Engine.IO's "open"
    except websockets.exceptions.InvalidStatusCode as refused:
        assert refused.status_code == 403
        return False


def test_a_browser_on_a_site_not_in_cors_origins_cannot_connect(servers):
    url = f"http://127.0.0.1:{servers.rasa_port}"
    # the e2e servers run without CORS_ORIGINS: only the server's own origin, and programs (no Origin)
    assert not run_coroutine(connects_by_polling(url, "https://not-a-provider.example"))
    assert not run_coroutine(opens_websocket(url, "https://not-a-provider.example"))
    assert run_coroutine(connects_by_polling(url, url))
    assert run_coroutine(opens_websocket(url, url))
