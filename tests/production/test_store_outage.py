"""The conversation store unreachable for longer than the store's retries (TrackerStoreUnavailable):
every way in gets a kind answer, never a server error or silence, and nothing is lost. The REST
webhook (as every channel, through channels/guard.py) says "try again"; Rasa's HTTP API answers
503 with its usual error body, a message saying what happened, and Retry-After. A server of its
own, with a store whose database the test takes away (outage_store.py): the same failure as
PostgreSQL down (the PostgreSQL restart itself is test_stores.py), without stopping the database
the other tests share."""

import contextlib
import json
import uuid
from pathlib import Path

import pytest

from channels.guard import TRY_AGAIN
from tests.production.outage_store import OUTAGE_FLAG
from tests.support.driving import TYPICAL, asked
from tests.support.http import http
from tests.support.servers import Servers, running

pytestmark = pytest.mark.slow
TOKEN = "store-outage-token"
ENDPOINTS = """action_endpoint:
  url: ${ACTION_ENDPOINT_URL}
tracker_store:
  type: tests.production.outage_store.OutageTrackerStore
  dialect: sqlite
  db: ${TRACKER_DB}
"""


class OutageServers(Servers):
    """The action server and a Rasa server with the HTTP API, on a store the test can take away."""

    def __init__(self, tmp: Path):
        self.flag = tmp / "database-away"
        endpoints = tmp / "endpoints.yml"
        endpoints.write_text(ENDPOINTS)
        super().__init__(
            tmp,
            endpoints=endpoints,
            extra_rasa_args=("--enable-api", "--auth-token", TOKEN),
            extra_env={OUTAGE_FLAG: str(self.flag), "TRACKER_RETRY_SECONDS": "1"},
        )

    @contextlib.contextmanager
    def database_away(self):
        self.flag.touch()
        try:
            yield
        finally:
            self.flag.unlink()


@pytest.fixture(scope="module")
def servers(tmp_path_factory):
    yield from running(OutageServers, tmp_path_factory, "store-outage")


def new_sender() -> str:
    return f"outage-{uuid.uuid4().hex[:8]}"


def texts(messages):
    return [m.get("text") for m in messages if m.get("text")]


def test_a_user_is_asked_to_try_again_and_the_conversation_resumes_where_it_was(servers):
    sender = new_sender()
    messages = servers.say(sender, "hi")
    messages = servers.say(sender, TYPICAL[asked(messages)])  # nation
    assert asked(messages) == "setting"
    with servers.database_away():
        assert texts(servers.say(sender, TYPICAL["setting"])) == [TRY_AGAIN]
        assert texts(servers.say(new_sender(), "hi")) == [TRY_AGAIN]  # a new conversation too
    messages = servers.say(sender, TYPICAL["setting"])  # the same answer again, as the reply asked
    assert asked(messages) == "role"  # nation kept, setting taken: nothing lost, nothing twice


API = [
    ("POST", "messages", {"text": "hi", "sender": "user"}),
    ("GET", "tracker", None),
    ("POST", "tracker/events", {"event": "slot", "name": "nation", "value": "england"}),
    ("PUT", "tracker/events", [{"event": "action", "name": "action_listen"}]),
    ("GET", "story", None),
    ("POST", "trigger_intent", {"name": "greet"}),
    ("POST", "predict", None),
]


def call(servers, method, path, sender, body):
    return http(
        method,
        f"{servers.rasa_url}/conversations/{sender}/{path}?token={TOKEN}",
        None if body is None else json.dumps(body).encode(),
        {"Content-Type": "application/json"},
    )


@pytest.mark.parametrize("method, path, body", API, ids=[f"{m} {p}" for m, p, _ in API])
def test_the_http_api_answers_503_with_a_kind_message_and_works_again_after(servers, method, path, body):
    sender = new_sender()
    servers.say(sender, "hi")
    with servers.database_away():
        status, headers, raw = call(servers, method, path, sender, body)
    assert status == 503, raw[:300]
    answer = json.loads(raw)
    assert (answer["status"], answer["reason"], answer["code"]) == ("failure", "StoreUnavailable", 503)
    assert "try again" in answer["message"].lower() and "unexpected" not in answer["message"].lower()
    assert int(headers["Retry-After"]) > 0
    status, _, raw = call(servers, method, path, sender, body)
    assert status == 200, raw[:300]
