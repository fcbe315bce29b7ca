"""The Home tab, the /senco command and the "Check a SENCO's deadline" button, with the connector
driven directly (no Rasa server) and the Web API on the local stub. The same against the running
server are in test_slack_server.py."""

import json
import time
import urllib.parse
import uuid
from types import SimpleNamespace

import pytest
from rasa.core.tracker_store import InMemoryTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from channels.slack import blocks, home
from channels.slack.connector import SeenEvents, SencoSlackInput, SharedSeenEvents
from stores.sql import TrackerStoreUnavailable
from tests.coroutines import run_coroutine
from tests.slack.slack_fakes import SECRET, TOKEN, SlackApiStub, event_body, interaction_body
from tests.slack.test_blocks import SHARE, TYPICAL, payload
from tests.slack.test_slack_unit import Received, request, run

FORM = "application/x-www-form-urlencoded"


@pytest.fixture(scope="module")
def stub():
    started = SlackApiStub()
    yield started
    started.stop()


def slack_channel(stub, seen=None):
    return SencoSlackInput(slack_token=TOKEN, slack_signing_secret=SECRET, api_url=stub.url, seen=seen or SeenEvents())


def with_store(req, store):
    """The request as Rasa's server hands it over: the app carries the agent and its store."""
    req.app = SimpleNamespace(ctx=SimpleNamespace(agent=SimpleNamespace(tracker_store=store)))
    return req


def store_with(sender, *payloads):
    store = InMemoryTrackerStore(Domain.empty())
    tracker = DialogueStateTracker(sender, slots=[])
    for sent in payloads:
        tracker.update(UserUttered("hi"))
        tracker.update(BotUttered(text=None, data={"custom": sent}))
    run_coroutine(store.save(tracker))
    return store


def home_opened(user, tab="home", event_id=None):
    event = {"type": "app_home_opened", "user": user, "channel": "D" + user[1:], "tab": tab, "event_ts": f"{time.time():.6f}"}
    return event_body(event, event_id or f"EvHome{uuid.uuid4().hex[:10]}")


def published_for(stub, user):
    return [call for call in stub.calls_of("views.publish") if call["user_id"] == user]


def command(user, text="", name=None, channel_id="C0TEAM", trigger=None, response_url=None, stub=None):
    name = name or uuid.uuid4().hex[:10]
    return urllib.parse.urlencode(
        {
            "token": "legacy",
            "team_id": "T0SENCO",
            "team_domain": "senco",
            "channel_id": channel_id,
            "channel_name": "send-team",
            "user_id": user,
            "user_name": user.lower(),
            "command": "/senco",
            "text": text,
            "api_app_id": "A0SENCO",
            "response_url": response_url or stub.response_url(name),
            "trigger_id": trigger or f"{uuid.uuid4().int % 10**9}.{uuid.uuid4().int % 10**9}",
        }
    ).encode(), name


def start_button(user, container):
    return interaction_body(
        {
            "type": "block_actions",
            "user": {"id": user},
            "team": {"id": "T0SENCO"},
            "container": container,
            "trigger_id": "1.2.3",
            "actions": [
                {
                    "type": "button",
                    "action_id": blocks.START_CHECK_ACTION,
                    "block_id": "b",
                    "value": "start",
                    "action_ts": f"{time.time():.6f}",
                }
            ],
        }
    )


# ---------- the Home tab ----------


def test_opening_the_home_tab_publishes_it_with_the_latest_real_answer(stub):
    user = "UHOMEU01"
    real = payload(TYPICAL, share=SHARE)
    what_if = payload(dict(TYPICAL, npq={"status": "registered"}), hypothetical=True)
    older = payload(dict(TYPICAL, setting="special"))
    store = store_with(user, older, real, what_if)
    answer, received = run(slack_channel(stub), with_store(request(home_opened(user)), store))
    assert answer.status == 200 and received.messages == []
    (view,) = [call["view"] for call in published_for(stub, user)]
    if isinstance(view, str):
        view = json.loads(view)
    assert view["type"] == "home"
    text = json.dumps(view)
    assert home.app_name() in text and home.what_the_app_does()[:60] in text
    assert real["card"]["headline"] in text, "the latest real answer, not the what-if said after it"
    assert older["card"]["headline"] not in text
    assert blocks.START_CHECK_ACTION in text and SHARE["summary_url"] in text


def test_the_home_tab_of_someone_without_an_answer_offers_the_check(stub):
    user = "UHOMEU02"
    run(slack_channel(stub), with_store(request(home_opened(user)), store_with("USOMEONE")))
    (call,) = published_for(stub, user)
    assert blocks.WORDS["no_answer"] in json.dumps(call["view"])


def test_the_home_tab_is_published_without_the_answer_when_the_store_is_down(stub):
    class DownStore:
        async def retrieve_full_tracker(self, sender_id):
            raise TrackerStoreUnavailable("down")

    user = "UHOMEU03"
    run(slack_channel(stub), with_store(request(home_opened(user)), DownStore()))
    (call,) = published_for(stub, user)
    assert blocks.WORDS["no_answer"] in json.dumps(call["view"])


def test_opening_the_messages_tab_publishes_nothing(stub):
    user = "UHOMEU04"
    opened = with_store(request(home_opened(user, tab="messages")), store_with(user))
    answer, received = run(slack_channel(stub), opened)
    assert answer.status == 200 and published_for(stub, user) == [] and received.messages == []


def test_the_store_is_the_one_rasa_keeps_on_its_app():
    store = object()
    app = SimpleNamespace(ctx=SimpleNamespace(agent=SimpleNamespace(tracker_store=store)))
    assert home.conversation_store(app) is store
    assert home.conversation_store(SimpleNamespace(ctx=SimpleNamespace())) is None
    assert home.conversation_store(None) is None


def test_rasa_reads_conversations_for_its_own_api_the_same_way():
    """What home.conversation_store relies on, in Rasa's own code: if this fails after a Rasa
    upgrade, find where the new Rasa keeps its agent and its tracker store."""
    import inspect

    import rasa.core.run
    import rasa.server

    assert "app.ctx.agent = " in inspect.getsource(rasa.core.run.load_agent_on_start)
    assert "request.app.ctx.agent.tracker_store" in inspect.getsource(rasa.server)
    assert callable(getattr(InMemoryTrackerStore, "retrieve_full_tracker", None))


# ---------- "Check a SENCO's deadline" ----------


@pytest.mark.parametrize(
    "container",
    [{"type": "view", "view_id": "V1"}, {"type": "message", "message_ts": "1.2", "channel_id": "C0TEAM", "is_ephemeral": True}],
)
def test_the_start_button_starts_the_check_in_the_persons_direct_messages(stub, container):
    user = f"USTART{uuid.uuid4().hex[:4].upper()}"
    answer, received = run(slack_channel(stub), request(start_button(user, container), FORM))
    assert answer.status == 200
    (message,) = received.messages
    assert (message.text, message.sender_id) == (blocks.START_TEXT, user)
    assert message.output_channel.slack_channel == stub.direct_message_channel(user)
    assert message.output_channel.thread_id is None
    assert {"users": user} in [{"users": call.get("users")} for call in stub.calls_of("conversations.open")]


# ---------- /senco ----------


def test_senco_alone_is_acknowledged_ephemerally_and_starts_the_check_in_a_dm(stub):
    user = "UCMDU001"
    body, name = command(user, stub=stub)
    answer, received = run(slack_channel(stub), request(body, FORM))
    assert answer.status == 200
    acknowledged = json.loads(answer.body)
    assert acknowledged["response_type"] == "ephemeral" and acknowledged["text"]
    (message,) = received.messages
    assert (message.text, message.sender_id) == (blocks.START_TEXT, user)
    assert message.output_channel.slack_channel == stub.direct_message_channel(user)


class Assistant(Received):
    """on_new_message answering as the assistant would: an FAQ answer for "how long", else a question."""

    async def __call__(self, message):
        self.messages.append(message)
        out = message.output_channel
        if "how long" in message.text:
            await out.send_response(message.sender_id, {"text": "It takes 18 months.\n\nSource: DfE (https://www.gov.uk/npq)"})
            await out.send_response(
                message.sender_id,
                {
                    "custom": {
                        "type": "faq",
                        "intent": "faq_npq_length",
                        "sources": [{"title": "DfE", "href": "https://www.gov.uk/npq"}],
                    }
                },
            )
            await out.send_response(
                message.sender_id,
                {"text": "Shall I check?", "buttons": [{"title": "Yes, check for me", "payload": "yes please"}]},
            )
            await out.send_response(message.sender_id, {"custom": {"type": "offer", "offer": "check"}})
        else:
            await out.send_response(message.sender_id, {"text": "Is your school in England?"})
            await out.send_response(message.sender_id, {"custom": {"type": "question", "fact": "nation", "kind": "choice"}})


def test_senco_with_a_question_answers_it_only_to_the_person(stub):
    user = "UCMDU002"
    body, name = command(user, "how long does the NPQ take", stub=stub)
    assistant = Assistant()
    answer, _ = run(slack_channel(stub), request(body, FORM), assistant)
    assert answer.status == 200 and answer.body == b""
    (asked,) = assistant.messages
    assert asked.sender_id.startswith(f"{user}_command_"), "not in the person's own conversation"
    (reply,) = stub.responses(name)
    assert reply["response_type"] == "ephemeral" and reply["text"].startswith("It takes 18 months.")
    assert "<https://www.gov.uk/npq|DfE>" in json.dumps(reply) and "Shall I check" not in json.dumps(reply)
    assert blocks.START_CHECK_ACTION in json.dumps(reply)
    assert stub.direct_message_channel(user) not in {call.get("channel") for call in stub.posts()}


def test_senco_with_words_that_are_not_a_question_goes_on_in_the_direct_messages(stub):
    user = "UCMDU003"
    body, name = command(user, "I'm the SENCO at an academy", stub=stub)
    assistant = Assistant()
    run(slack_channel(stub), request(body, FORM), assistant)
    first, second = assistant.messages
    assert first.sender_id.startswith(f"{user}_command_")
    assert (second.sender_id, second.text) == (user, "I'm the SENCO at an academy")
    assert second.output_channel.slack_channel == stub.direct_message_channel(user)
    (reply,) = stub.responses(name)
    assert reply == dict(blocks.ephemeral(blocks.WORDS["in_direct_messages"]), _at=reply["_at"])


def test_a_response_url_that_is_not_slacks_is_not_posted_to(stub):
    slack = slack_channel(stub)
    assert slack.allowed_response_url("https://hooks.slack.com/commands/T1/2/3")
    assert slack.allowed_response_url(stub.response_url("x"))
    assert not slack.allowed_response_url("https://evil.example.org/commands/T1/2/3")
    assert not slack.allowed_response_url("http://hooks.slack.com/commands/T1/2/3")
    before = len(stub.calls)
    body, _ = command("UCMDU004", "how long does the NPQ take", response_url="https://evil.example.org/x", stub=stub)
    run(slack, request(body, FORM), Assistant())
    assert [call for call in stub.calls[before:] if call["path"].startswith("/commands/")] == []
    production = SencoSlackInput(slack_token=TOKEN, slack_signing_secret=SECRET)
    assert not production.allowed_response_url(stub.response_url("x")), "only Slack's, with Slack's own API"


def test_a_command_without_a_user_is_refused():
    body = urllib.parse.urlencode({"command": "/senco", "text": "hi", "trigger_id": "9.9"}).encode()
    answer, received = run(SencoSlackInput(slack_token=TOKEN, slack_signing_secret=SECRET), request(body, FORM))
    assert answer.status == 400 and received.messages == []


# ---------- once only, across instances ----------


def test_instances_sharing_redis_handle_each_event_command_and_click_once(stub):
    prefix = f"slacktest{uuid.uuid4().hex[:8]}:"
    import redis

    client = redis.Redis(host="127.0.0.1", port=6379, db=1, socket_timeout=2)
    first = slack_channel(stub, SharedSeenEvents(client, prefix))
    second = slack_channel(stub, SharedSeenEvents(client, prefix))
    received = Received()
    dm = event_body(
        {
            "type": "message",
            "channel_type": "im",
            "user": "UTWIN001",
            "channel": "DTWIN001",
            "text": "hi",
            "ts": "1700000000.000100",
        },
        "EvTwin001",
    )
    home_body = home_opened("UTWIN002", event_id="EvTwin002")
    command_body, name = command("UTWIN003", trigger="12345.67890", stub=stub)
    click = start_button("UTWIN004", {"type": "view", "view_id": "V1"})
    answers = []
    for body, kind in ((dm, "application/json"), (home_body, "application/json"), (command_body, FORM), (click, FORM)):
        for instance in (first, second):
            answer, _ = run(instance, with_store(request(body, kind), store_with("UNOBODY")), received)
            answers.append(answer)
    assert all(answer.status == 200 for answer in answers)
    assert [answer.headers.get("X-Slack-No-Retry") for answer in answers] == [None, "1"] * 4
    assert sorted(message.sender_id for message in received.messages) == ["UTWIN001", "UTWIN003", "UTWIN004"]
    assert len(published_for(stub, "UTWIN002")) == 1


def test_every_event_the_manifest_subscribes_to_is_handled(stub):
    """The manifest asks Slack only for events the connector acts on."""
    events = {
        "app_mention": {"type": "app_mention", "user": "UEVT0001", "channel": "C1", "ts": "1.1", "text": "<@UBOT> hi"},
        "message.im": {"type": "message", "channel_type": "im", "user": "UEVT0002", "channel": "D1", "ts": "1.2", "text": "hi"},
        "app_home_opened": {"type": "app_home_opened", "user": "UEVT0003", "tab": "home", "channel": "D2"},
    }
    assert set(home.manifest()["settings"]["event_subscriptions"]["bot_events"]) == set(events)
    received = Received()
    for name, event in events.items():
        run(
            slack_channel(stub),
            with_store(request(event_body(event, f"Ev{name}{uuid.uuid4().hex[:6]}")), store_with("UNOBODY")),
            received,
        )
    assert sorted(message.sender_id for message in received.messages) == ["UEVT0001_C1_1.1", "UEVT0002"]
    assert len(published_for(stub, "UEVT0003")) == 1
