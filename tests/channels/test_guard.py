"""channels/guard.py: what every channel does around a turn."""

import logging

import pytest
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage

from channels.guard import MAX_MESSAGE_CHARS, START, TOO_LONG, TRY_AGAIN, Tidied, guarded, tidy
from stores.sql import TrackerStoreUnavailable
from tests.coroutines import run_coroutine


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("I'm the SENCO", "I'm the SENCO"),
        ("  I'm the\tSENCO\n", "I'm the\tSENCO"),
        ("\x00I'm\x07 the\x1b SENCO\x7f", "I'm  the  SENCO"),
        ("\u202eI'm the SENCO", "I'm the SENCO"),
        ("hi \ud800 there", "hi   there"),
        ("Cafe\u0301", "Café"),  # one form for the same letters
        ("/restart", "restart"),
        ("/session_start", "session start"),
        ('/inform{"nation": "england"}', '/inform{"nation": "england"}'),  # our buttons' payloads pass
        ("/start again", "/start again"),  # only the whole payload is a widget's start
        ("/get_started_now", "/get_started_now"),
    ],
)
def test_tidy_keeps_the_words_and_drops_what_is_not_text(raw, expected):
    assert tidy(raw).text == expected and tidy(raw).refusal is None


@pytest.mark.parametrize("raw", ["", "   ", "\x00\x01", None, 7])
def test_a_message_without_words_is_read_as_a_greeting(raw):
    # what chat widgets send on opening (rasa-webchat: no "message" at all): the greeting and the
    # first question, not a complaint
    assert tidy(raw) == Tidied(START) and START == "/greet"


@pytest.mark.parametrize("raw", ["/get_started", "/GET_STARTED", "/getstarted", " /start ", '/get_started{"language": "en"}'])
def test_a_widgets_start_payload_is_read_as_a_greeting(raw):
    assert tidy(raw) == Tidied(START)


def test_tidy_refuses_to_read_a_very_long_message():
    assert tidy("a" * MAX_MESSAGE_CHARS).refusal is None
    assert tidy("a" * (MAX_MESSAGE_CHARS + 1)).refusal == TOO_LONG


def run_turn(behaviour, text="England"):
    collector = CollectingOutputChannel()
    seen = []

    async def on_new_message(message):
        seen.append(message.text)
        await behaviour(message)

    run_coroutine(guarded(on_new_message)(UserMessage(text, collector, "someone@example.org")))
    return [m.get("text") for m in collector.messages], seen


async def replies(message):
    await message.output_channel.send_response(message.sender_id, {"text": "Which kind of school is it?"})


async def stays_silent(message):
    pass  # what Rasa does when the action server is down: it logs, and sends nothing


async def crashes(message):
    raise RuntimeError("boom")


async def store_down(message):
    raise TrackerStoreUnavailable("read")


def test_a_turn_that_replies_is_passed_through_untouched():
    assert run_turn(replies) == (["Which kind of school is it?"], ["England"])


@pytest.mark.parametrize("behaviour", [stays_silent, crashes, store_down])
def test_a_turn_that_fails_gets_the_friendly_reply(behaviour, caplog):
    with caplog.at_level(logging.ERROR):
        texts, _ = run_turn(behaviour, text="I'm Jane Doe at St Mary's")
    assert texts == [TRY_AGAIN]
    logged = caplog.text
    assert "conversation" in logged
    assert "Jane" not in logged and "someone@example.org" not in logged  # a tag, never the sender or text


def test_a_refused_message_is_answered_without_reaching_rasa():
    texts, seen = run_turn(replies, text="a" * (MAX_MESSAGE_CHARS + 1))
    assert texts == [TOO_LONG] and seen == []


def test_an_empty_message_reaches_rasa_as_a_greeting():
    texts, seen = run_turn(replies, text="   ")
    assert seen == ["/greet"] and texts == ["Which kind of school is it?"]
