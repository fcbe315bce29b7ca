"""Several Rasa instances sharing the PostgreSQL tracker store and the Redis lock store: any
instance can take any message of a conversation, a crashed instance or a PostgreSQL restart loses
nothing, and messages of one conversation are handled one at a time, in the order they came."""

import datetime as dt
import subprocess
import threading
import time
import uuid
from pathlib import Path

import pytest

import rules_core
from tests.production.stack import SLOW_MARKER, SLOW_SECONDS
from tests.support.driving import TYPICAL, TYPICAL_FACTS, asked, converse

pytestmark = pytest.mark.slow
TODAY = dt.date(2026, 11, 26)
ORDER = [
    "nation",
    "setting",
    "role",
    "appointment_date",
    "prior_senco_months",
    "has_qts",
    "qts_via_qtls_only",
    "induction",
    "nasenco.status",
    "npq.status",
]


def new_sender() -> str:
    return f"prod-{uuid.uuid4().hex[:8]}"


def answer_questions(say, sender, how_many):
    """Opens a conversation and answers the first ``how_many`` questions; returns the fact asked next."""
    messages = say(sender, "hi")
    for _ in range(how_many):
        messages = say(sender, TYPICAL[asked(messages)])
    return asked(messages)


def test_a_conversation_alternating_between_instances_keeps_its_state(stack):
    determination, asked_facts, _, sender = converse(stack.alternating(), "hi", TYPICAL)
    assert asked_facts == ORDER  # each fact asked once: every instance saw the answers the other took
    assert determination == rules_core.determine(TYPICAL_FACTS, TODAY)
    stored = stack.stored_events(sender)  # in PostgreSQL, not in either instance's memory
    assert sum(event["event"] == "user" for event in stored) == len(ORDER) + 1


def test_killing_an_instance_mid_conversation_loses_nothing(stack):
    sender = new_sender()
    victim, survivor = stack.instances[1], 0
    next_fact = answer_questions(lambda s, text: stack.say(s, text, instance=1), sender, 4)
    assert next_fact == ORDER[4]
    victim.kill()
    try:
        messages = stack.say(sender, TYPICAL[next_fact], instance=survivor)
        assert asked(messages) == ORDER[5]
        for fact in ORDER[5:]:
            messages = stack.say(sender, TYPICAL[fact], instance=survivor)
        determination = [m["custom"]["determination"] for m in messages if (m.get("custom") or {}).get("type") == "determination"]
        assert determination == [rules_core.determine(TYPICAL_FACTS, TODAY)]
    finally:
        victim.start().wait_ready()
    # the restarted instance picks the conversation up too
    assert "nasenco" in " ".join(m.get("text") or "" for m in stack.say(sender, "what have I told you?", instance=1)).lower()


def postgresql(action: str) -> None:
    version = sorted(path.name for path in Path("/etc/postgresql").iterdir())[-1]
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", "-m", "fast", version, "main", action],
        check=True,
        capture_output=True,
        timeout=120,
    )
    if action != "stop":
        subprocess.run(["pg_isready", "-q", "-h", "127.0.0.1", "-t", "60"], check=True)


def test_a_postgresql_restart_mid_conversation_loses_nothing(stack):
    sender = new_sender()
    next_fact = answer_questions(stack.alternating().say, sender, 3)
    assert next_fact == ORDER[3]

    postgresql("restart")  # every pooled connection of both instances is now dead
    messages = stack.say(sender, TYPICAL[ORDER[3]], instance=0)
    assert asked(messages) == ORDER[4]
    messages = stack.say(sender, TYPICAL[ORDER[4]], instance=1)
    assert asked(messages) == ORDER[5]

    # a message that arrives while PostgreSQL is down waits for it (briefly) instead of failing
    replies = {}
    postgresql("stop")
    try:
        waiting = threading.Thread(target=lambda: replies.update(messages=stack.say(sender, TYPICAL[ORDER[5]], instance=0)))
        waiting.start()
        time.sleep(2)
    finally:
        postgresql("start")
    waiting.join(timeout=60)
    assert asked(replies["messages"]) == ORDER[6]


def test_concurrent_messages_for_one_sender_are_handled_in_order(stack):
    sender = SLOW_MARKER + new_sender()  # each turn takes over SLOW_SECONDS: the messages overlap
    answer_questions(stack.say, sender, 2)
    questions = [
        "what is the NPQ for SENCOs?",
        "how long does the NPQ take?",
        "is the NPQ funded?",
        "what was the NASENCO?",
        "who can be a SENCO?",
        "what happens if I miss the deadline?",
    ]
    replies = {}
    threads = []
    for number, text in enumerate(questions):
        # staggered well below a turn's length, so the order of arrival is known and they overlap
        threads.append(threading.Thread(target=lambda n=number, t=text: replies.update({t: stack.say(sender, t, n % 2)})))
        threads[-1].start()
        time.sleep(SLOW_SECONDS / 5)
    for thread in threads:
        thread.join(timeout=120)

    assert all(replies.get(text) for text in questions)  # every message answered
    events = stack.stored_events(sender)
    said = [event["text"] for event in events if event["event"] == "user"]
    assert said[-len(questions) :] == questions
    # each message was handled to the end (the bot back to listening) before the next was read
    for index, event in enumerate(events):
        if event["event"] == "user" and index > 0:
            previous = [e for e in events[:index] if e["event"] in ("action", "user")][-1]
            assert previous.get("name") == "action_listen", f"message {event['text']!r} read mid-turn"


def test_a_long_conversation_moves_into_a_new_session_and_keeps_every_answer(stack):
    client = stack.alternating()
    _, _, _, sender = converse(client, "hi", TYPICAL)
    for text in ["how long does the NPQ take?", "is it funded?", "what was the NASENCO?", "why?"] * 3:
        client.say(sender, text)
    stored = stack.stored_events(sender)
    assert sum(event["event"] == "session_started" for event in stored) >= 2  # carried into a new session

    messages = client.say(sender, "sorry, I became SENCO in September 2024, not 2023")
    determination = [m["custom"]["determination"] for m in messages if (m.get("custom") or {}).get("type") == "determination"]
    # "September 2024" is kept to the month it names (CONTRACTS.md section 1, partial dates).
    assert determination == [rules_core.determine(dict(TYPICAL_FACTS, appointment_date="2024-09"), TODAY)]
