"""The socket.io channel (credentials.yml: channels.socketio.SencoSocketIOInput), held as a
socket.io client would: the same conversation as REST, and the same guard around each turn."""
import asyncio
import uuid

import pytest
import socketio

from channels.guard import NOTHING_SAID
from tests.coroutines import run_coroutine

pytestmark = pytest.mark.slow


async def exchange(url, messages, timeout=30):
    """Sends each message on one socket.io session; returns what the bot sent after each, up to
    and including its question (or determination) payload."""
    client = socketio.AsyncClient()
    received = asyncio.Queue()
    client.on("bot_uttered", lambda data: received.put_nowait(data))
    await client.connect(url, socketio_path="/socket.io", transports=["polling"])
    session_id = uuid.uuid4().hex
    await client.emit("session_request", {"session_id": session_id})
    answers = []
    try:
        for message in messages:
            await client.emit("user_uttered", {"message": message, "session_id": session_id})
            sent = [await asyncio.wait_for(received.get(), timeout)]
            while "custom" not in sent[-1] and sent[-1].get("text") != NOTHING_SAID:
                sent.append(await asyncio.wait_for(received.get(), timeout))
            answers.append(sent)
    finally:
        await client.disconnect()
    return answers


def test_a_socketio_user_gets_the_question_payloads_and_a_kind_reply_to_nothing(servers):
    greeting, nothing, after_england = run_coroutine(exchange(f"http://127.0.0.1:{servers.rasa_port}",
                                                                 ["hello", "   ", "England"]))
    assert "NASENCO" in greeting[0]["text"]
    assert greeting[-1]["custom"]["type"] == "question" and greeting[-1]["custom"]["fact"] == "nation"
    assert nothing == [{"text": NOTHING_SAID}]
    assert "kind of school" in after_england[0]["text"].lower()
    assert after_england[-1]["custom"]["fact"] == "setting"
