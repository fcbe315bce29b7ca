"""The action server down: the user gets a friendly "try again" (never silence or an error), and
the conversation goes on where it was once the action server is back. (A bug inside an action is
tests/actions/test_kindly.py; a failed turn in any channel, tests/channels/test_guard.py.)"""

import uuid

import pytest

from channels.guard import TRY_AGAIN
from tests.support.driving import TYPICAL, asked

pytestmark = pytest.mark.slow


def texts(messages):
    return [m.get("text") for m in messages if m.get("text")]


def test_the_action_server_down_gets_a_friendly_reply_and_the_conversation_resumes(stack):
    sender = f"fault-{uuid.uuid4().hex[:8]}"
    messages = stack.say(sender, "hi")
    messages = stack.say(sender, TYPICAL[asked(messages)])  # nation
    assert asked(messages) == "setting"

    stack.actions.kill()
    try:
        for instance in (0, 1):
            assert texts(stack.say(sender, TYPICAL["setting"], instance)) == [TRY_AGAIN]
    finally:
        stack.actions.start().wait_ready()

    messages = stack.say(sender, TYPICAL["setting"])  # the same answer again, as the reply asked
    assert asked(messages) == "role"  # nation kept, setting taken: nothing asked twice
